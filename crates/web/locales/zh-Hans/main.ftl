## Layout
site-name = IOMed
site-title = 国际调解院
skip-to-content = 跳至正文
nav-label = 主导航
nav-home = 首页
nav-members = 成员国
nav-api = API
lang-switch-label = 语言
footer-about = iomed 是运行国际调解院登记册和案件的开源软件。本站展示的是演示数据：其中的人员、公司和争端均为虚构；各国及其在国际调解院的地位为真实信息，以我们的资料来源为限。
footer-ledger = 公开记录：共 { $seq } 条，链头哈希 { $hash }。
footer-ledger-link = 已签名的账本链头

## Home
home-title = 基于同意的国家间、国家与投资者间及企业间调解
home-lead = 国际调解院是总部设在香港的政府间国际组织，其公约于2025年5月30日签署。在各方均同意调解的前提下，它帮助国际争端当事方在自行选择的调解员协助下达成和解。
home-what-heading = 国际调解院做什么
home-what-body = 调解既不是诉讼，也不是仲裁：没有人强加裁决。中立的调解员帮助当事方沟通、理解彼此的利益，并拟定各方都能接受的和解协议。调解中的陈述予以保密，任何一方均可随时退出。
home-kinds-heading = 三类争端
kind-state-state = 国家之间
kind-state-state-desc = 国家之间的法律和事实争端、分歧或关切事项，包括涉及第三国的争端，但须事先取得该第三国的同意。
kind-state-national = 一国与另一国国民之间
kind-state-national-desc = 一国与具有另一国国籍的公司或个人之间的投资和商事争端。
kind-private = 私人当事方之间
kind-private-desc = 营业地位于不同国家的公司或个人之间的国际商事争端。
home-who-heading = 谁可以使用
home-who-body = 缔约国及其国民可提交属于公约范围的争端。非缔约国和国际组织可依照理事会通过的规则使用调解服务。一国可通过声明排除某些类别的争端，例如领土主权。
home-steps-heading = 调解如何进行
step-request = 申请
step-request-desc = 一方向秘书处提交调解申请，附上调解协议或调解提议，并缴纳立案费。
step-consent = 同意
step-consent-desc = 如无事先协议，另一方将被邀请接受或拒绝调解提议。未经其同意，程序不会启动。
step-register = 登记
step-register-desc = 秘书处审查争端是否属于国际调解院的受理范围并予以登记。案件获得编号，适用提交申请之日有效的规则。
step-mediator = 调解员
step-mediator-desc = 当事方从国际调解院的调解员名册中或经协商选定一名或多名调解员；每位调解员须披露可能令人怀疑其独立性的任何情况。
step-sessions = 调解会议
step-sessions-desc = 调解员与当事方共同会面，也分别会面。一方在单独会面中所说的内容，须经其许可方可告知另一方。
step-settlement = 和解
step-settlement-desc = 如当事方达成一致，即签署和解协议；否则调解终止，各方保留其全部权利。
home-registry-heading = 成员国
home-registry-counts = 已有 { $contracting } 个国家同意受公约约束，另有 { $signatories } 个国家已签署公约。
home-registry-link = 查看各国地位

## Members
members-title = 成员国登记册
members-lead = 列出全部联合国会员国和两个观察员国及其在《国际调解院公约》下的地位。日期为相关行为发生之日；每条记录的历史均读取自已签名的公开账本。
members-filter-legend = 筛选列表
filter-status = 地位
filter-group = 联合国区域组
filter-any = 全部
filter-apply = 应用筛选
members-count = 显示 { $count } 个国家。
members-empty = 没有符合筛选条件的国家。
members-caption = 各国及其在《国际调解院公约》下的地位
col-state = 国家
col-code = 代码
col-group = 区域组
col-status = 地位
col-signed = 签署
col-consent = 同意受约束
col-in-force = 对其生效
col-founding = 创始成员
col-declarations = 声明
members-unverified-note = 标注“未核实”：所记录的某项事实来自我们无法核实的来源。
unverified = 未核实
observer-state = 联合国观察员国
date-unknown = 日期不详
yes = 是
no = 否
unknown = 不详
status-non_signatory = 非签署国
status-signatory = 签署国
status-contracting = 缔约国
status-withdrawn = 已退出
group-african = 非洲国家组
group-asia_pacific = 亚太国家组
group-eastern_european = 东欧国家组
group-latin_american_caribbean = 拉丁美洲和加勒比国家组
group-western_european_others = 西欧和其他国家组
group-none = 不属于任何区域组

## One State
member-record-heading = 公约下的记录
field-un-membership = 联合国
un-member = 会员国
un-observer = 非会员观察员国
field-status = 地位
field-signed = 签署
field-consent = 同意受约束
field-in-force = 公约对其生效
field-founding = 创始成员
field-code = ISO 3166-1 代码
in-force-pending = 尚不确定
instrument-ratification = 以批准方式
instrument-acceptance = 以接受方式
instrument-approval = 以核准方式
instrument-accession = 以加入方式
consent-before-eif = 在公约生效之前（确切日期不详）
member-unverified-warning = 本页部分事实来自我们无法核实的来源。在保存机构的记录予以确认之前，这些事实会显示并加以标注。
member-verified = 本页所有事实均来自经核实的来源。
member-no-record = 暂无记录：该国尚未签署公约。
source = 来源：{ $source }
eif-note = 公约于{ $date }生效。
founding-note = 创始成员是指在公约生效后两年内同意受公约约束的国家（2022年联合声明的国家为五年）。
member-declarations-heading = 排除争端类别的声明
member-no-declarations = 暂无声明记录。
decl-number = 编号
decl-subjects = 排除的类别
decl-made = 作出日期
decl-withdrawn = 撤回日期
decl-text = 文本
decl-in-force = 有效
subject-territorial_sovereignty = 领土主权
subject-maritime_delimitation = 海洋划界
subject-maritime_interests = 海洋权益
subject-investment = 投资
subject-trade = 贸易
subject-energy = 能源
subject-water = 水资源
subject-environment = 环境
subject-other = 其他事项
member-history-heading = 历史
member-history-lead = 对本记录的每一次更改都是公开账本中的一条记录，并通过哈希与之前的所有记录相链接。
member-history-empty = 暂无记录。
hist-seq = 序号
hist-recorded = 记录时间
hist-event = 事件
hist-hash = 哈希
event-registry-signed = 记录签署
event-registry-consented_to_be_bound = 记录同意受约束
event-registry-declaration_made = 记录声明
event-registry-declaration_withdrawn = 记录撤回声明
event-registry-denounced = 记录退约
event-registry-entry_into_force_recorded = 记录生效
denounced-note = 已于{ $date }发出退约通知，自{ $on }起生效。
back-to-members = 返回登记册

## Dates
date = { $year }年{ $month }{ $day }日
month-1 = 1月
month-2 = 2月
month-3 = 3月
month-4 = 4月
month-5 = 5月
month-6 = 6月
month-7 = 7月
month-8 = 8月
month-9 = 9月
month-10 = 10月
month-11 = 11月
month-12 = 12月

## Errors
error-not-found-title = 找不到页面
error-not-found-body = 此地址没有内容。页面可能已移动，或链接有误。
error-bad-request-title = 无法理解该请求
error-internal-title = 我们这边出了问题
error-internal-body = 错误已记录。请稍后再试。
error-home-link = 前往首页
error-unknown-state = “{ $code }”不是联合国会员国或观察员国的代码。
error-bad-status = “{ $value }”不是有效的地位。请使用：non_signatory、signatory、contracting、withdrawn。
error-bad-group = “{ $value }”不是联合国区域组。

## API
api-title = JSON API
api-lead = 这些页面上的所有内容也以 JSON 形式提供。API 由 OpenAPI 3.1 文档描述；错误采用 application/problem+json 格式，并带有稳定的“code”。
api-spec-link = OpenAPI 文档
api-method = 方法
api-path = 路径
api-summary = 说明
api-verify-heading = 自行核验记录
api-verify-body = 账本链头使用 Ed25519 签名。被签名的消息依次为：27 字节的“iomed ledger checkpoint v1”加换行符，以 64 位无符号大端整数表示的记录序号，以及 32 字节的 BLAKE3 哈希。任何持有公钥的人都可以核验链头，而无需信任本服务器。

## Accounts
nav-users = 用户
nav-account = 账户
nav-sign-out = 退出
nav-sign-in = 登录
sign-in-title = 登录
field-email = 电子邮件地址
field-password = 密码
sign-in-button = 登录
sign-in-help = 账户由秘书处创建。如无法登录，请联系秘书处。
sign-in-failed = 登录信息不正确。
sign-in-locked = 失败次数过多。请在 { $minutes } 分钟后重试，或请秘书处为您解锁账户。
account-title = 您的账户
account-profile = 个人资料
field-name = 姓名
field-roles = 角色
no-roles = 无角色
account-preferences = 偏好设置
field-language = 语言
field-time-zone = 时区
time-zone-help = IANA 时区名称，例如 Asia/Hong_Kong 或 Africa/Nairobi。
save = 保存
account-password = 密码
field-current-password = 当前密码
field-new-password = 新密码
password-help = 至少 12 个字符。几个互不相关的词语就是好密码。常见密码或已泄露的密码将被拒绝。
account-change-password = 更改密码
account-sessions = 您的登录位置
session-started = 登录时间
session-expires = 到期时间
session-browser = 浏览器
actions = 操作
session-current = 本浏览器
session-end = 在该处退出
sign-out-everywhere = 在所有位置退出
account-tokens = API 令牌
account-tokens-lead = 令牌让程序以您的身份使用 API：在“Authorization: Bearer”之后发送令牌。令牌仅在创建时显示一次。
token-scopes = 权限范围
token-revoked = 已撤销或已过期
token-revoke = 撤销
token-days = 有效期（天）
token-create = 创建令牌
account-token-once = 请立即复制此令牌：它不会再次显示。
account-token-created = 令牌已创建。
account-token-revoked = 令牌已撤销。
account-session-ended = 该会话已退出。
account-saved = 已保存。
account-password-changed = 您的密码已更改。
account-wrong-password = 当前密码不正确。
account-bad-language = 请选择所提供的语言之一。
account-bad-time-zone = “{ $value }”不是有效的时区。请使用 Asia/Hong_Kong 这样的名称。
account-bad-token = 请为令牌命名（最多 80 个字符），并设置 1 至 365 天的有效期。
refusal-email_taken = 已有账户使用此电子邮件地址。
refusal-no_such_user = 该用户不存在。
refusal-no_such_token = 该令牌不存在。
refusal-no_such_session = 该会话不存在。
refusal-password_too_short = 密码至少需要 12 个字符。
refusal-password_too_long = 密码最多 256 个字符。
refusal-password_common = 此密码在常见密码或已泄露密码列表中：请另选一个。
refusal-password_is_email = 密码不得为您的电子邮件地址。
users-title = 用户
users-lead = 各账户、其角色，以及因多次登录失败而被锁定的账户。
user-active = 启用
user-deactivated = 已停用
user-locked = 还将锁定 { $minutes } 分钟
user-unlock = 解锁
user-deactivate = 停用
user-activate = 重新启用
role-secretary_general = 秘书长
role-deputy_secretary_general = 副秘书长
role-registrar = 书记官
role-case_secretary = 案件秘书
role-finance_officer = 财务官员
role-representative = 当事方代表
role-mediator = 调解员
role-council_representative = 理事会代表
role-council_alternate = 理事会副代表
error-forbidden-title = 不允许此操作
error-forbidden-body = 您的账户不允许此操作。如有需要，请联系秘书处。
error-csrf-body = 此表单已过期或并非由本网站发送。请返回、刷新页面后重试。

## Second factor
second-factor-title = 第二重验证
second-factor-lead = 请输入身份验证器应用为 IOMed 显示的 6 位数字代码。
field-otp-code = 代码
second-factor-use-recovery = 改用恢复码
field-recovery-code = 恢复码
second-factor-submit = 继续
second-factor-cancel = 取消并退出
second-factor-failed = 代码不正确或已被使用。请等待下一个代码后重试。
enroll-title = 设置第二重验证
enroll-done = 第二重验证已设置。
enroll-recovery-once = 请将这些恢复码妥善保存。如丢失设备，每个恢复码可使用一次。它们不会再次显示。
enroll-continue = 继续前往您的账户
enroll-enabled = 第二重验证已启用。
enroll-codes-left = 还剩 { $count } 个恢复码。
enroll-scan = 请用身份验证器应用（任何支持 TOTP 的应用）扫描此代码，或输入下方的密钥。
enroll-qr-alt = 供身份验证器应用扫描的二维码。相同的密钥写在下方。
enroll-key = 密钥：
enroll-confirm = 确认
enroll-required = 您的角色要求启用第二重验证。请先完成设置。
enroll-optional = 如果密码被盗，第二重验证可以保护您的账户。
enroll-start = 设置身份验证器应用
account-second-factor = 第二重验证
account-second-factor-link = 管理第二重验证
refusal-code_not_accepted = 代码不正确或已被使用。
refusal-no_pending_second_factor = 当前没有正在设置的第二重验证。

## Invitations and password reset
sign-in-forgot = 忘记密码？
invite-title = 邀请用户
invite-lead = 对方将收到一封电子邮件，内含设置密码的链接。该链接在 72 小时内有效，仅可使用一次。
invite-button = 发送邀请
invite-sent = 邀请已发送。
invite-bad-input = 请填写有效的电子邮件地址和姓名。
reset-title = 重置密码
reset-lead = 请输入您的电子邮件地址。如该地址属于某个账户，我们将发送设置新密码的链接；该链接在一小时内有效，仅可使用一次。
reset-button = 发送链接
reset-sent = 如该地址属于某个账户，链接已发出。请查收电子邮件。
set-password-title = 设置密码
set-password-welcome = 欢迎使用国际调解院系统。请设置密码以完成账户创建。
set-password-reset = 请设置新密码。您在所有位置的登录都将退出。
set-password-button = 设置密码
set-password-done = 密码已设置。现在可以登录了。
link-not-valid-title = 此链接无法使用
link-not-valid = 链接已过期或已被使用。请向秘书处申请新的邀请，或重新申请密码重置链接。
refusal-link_not_valid = 链接已过期或已被使用。
refusal-no_such_mail = 没有等待发送的此类电子邮件。
mail-invite-subject = 国际调解院账户邀请
mail-invite-body = { $name }，您好：

    国际调解院秘书处已为您创建账户。
    请通过以下链接设置密码（72 小时内有效，仅可使用一次）：

    { $link }

    如您并未预期收到此邮件，可忽略。
mail-reset-subject = 重置您的国际调解院账户密码
mail-reset-body = { $name }，您好：

    有人申请重置您的国际调解院账户密码。如需设置新密码，请使用以下链接
    （一小时内有效，仅可使用一次）：

    { $link }

    如非本人操作，请忽略此邮件，您的密码不会改变。

## Organizations
nav-organizations = 机构
orgs-title = 机构
orgs-lead = 国家代表团、政府部门、国际组织、律师事务所和公司，以及可代表各机构行事的人员——附授权文件、授权人及有效期。
orgs-empty = 暂无机构。
orgs-members = 成员
orgs-no-members = 暂无成员。
orgs-document = 授权文件
orgs-granted-by = 授权人
orgs-validity = 有效期
orgs-valid-from = 生效日期
orgs-valid-until = 截止日期（可选）
orgs-not-valid-now = 今日无效
orgs-remove = 移除
orgs-add-member = 添加成员
orgs-new = 新建机构
orgs-kind = 类型
orgs-state = 国家
orgs-state-help = 国家代表团或政府部门必须填写。
orgs-create = 创建机构
org-kind-state_delegation = 国家代表团
org-kind-ministry = 政府部门
org-kind-international_organization = 国际组织
org-kind-law_firm = 律师事务所
org-kind-company = 公司
org-kind-other = 其他
refusal-organization_name = 机构名称为 1 至 200 个字符。
refusal-organization_state_missing = 国家代表团或政府部门须注明所属国家。
refusal-authority_incomplete = 请填写授权文件及授权人。
refusal-authority_dates = 请填写有效的开始日期，截止日期不得早于开始日期。
refusal-no_such_organization = 该机构或成员关系不存在。
