## Layout
site-name = IOMed
site-title = 國際調解院
skip-to-content = 跳至正文
nav-label = 主導覽
nav-home = 首頁
nav-members = 成員國
nav-api = API
lang-switch-label = 語言
footer-about = iomed 是運行國際調解院登記冊和案件的開源軟件。本網站展示的是示範資料：其中的人員、公司和爭端均屬虛構；各國及其在國際調解院的地位為真實資料，以我們的資料來源為限。
footer-ledger = 公開記錄：共 { $seq } 條，鏈頭雜湊值 { $hash }。
footer-ledger-link = 已簽署的帳本鏈頭

## Home
home-title = 基於同意的國家之間、國家與投資者之間及企業之間調解
home-lead = 國際調解院是總部設於香港的政府間國際組織，其公約於2025年5月30日簽署。在各方均同意調解的前提下，它協助國際爭端當事方在自行選擇的調解員協助下達成和解。
home-what-heading = 國際調解院做甚麼
home-what-body = 調解既不是訴訟，也不是仲裁：沒有人強加裁決。中立的調解員協助當事方溝通、理解彼此的利益，並擬定各方都能接受的和解協議。調解中的陳述予以保密，任何一方均可隨時退出。
home-kinds-heading = 三類爭端
kind-state-state = 國家之間
kind-state-state-desc = 國家之間的法律和事實爭端、分歧或關注事項，包括涉及第三國的爭端，但須事先取得該第三國的同意。
kind-state-national = 一國與另一國國民之間
kind-state-national-desc = 一國與具有另一國國籍的公司或個人之間的投資和商業爭端。
kind-private = 私人當事方之間
kind-private-desc = 營業地位於不同國家的公司或個人之間的國際商業爭端。
home-who-heading = 誰可以使用
home-who-body = 締約國及其國民可提交屬於公約範圍的爭端。非締約國和國際組織可按照理事會通過的規則使用調解服務。一國可透過聲明排除某些類別的爭端，例如領土主權。
home-steps-heading = 調解如何進行
step-request = 申請
step-request-desc = 一方向秘書處提交調解申請，附上調解協議或調解提議，並繳納立案費。
step-consent = 同意
step-consent-desc = 如無事先協議，另一方會獲邀接受或拒絕調解提議。未經其同意，程序不會展開。
step-register = 登記
step-register-desc = 秘書處審查爭端是否屬於國際調解院的受理範圍並予以登記。案件獲編號，並適用提交申請當日有效的規則。
step-mediator = 調解員
step-mediator-desc = 當事方從國際調解院的調解員名冊中或經協商選定一名或多名調解員；每名調解員須披露可能令人懷疑其獨立性的任何情況。
step-sessions = 調解會議
step-sessions-desc = 調解員與當事方共同會面，亦分別會面。一方在單獨會面中所說的內容，須經其許可方可告知另一方。
step-settlement = 和解
step-settlement-desc = 如當事方達成一致，即簽署和解協議；否則調解終止，各方保留其全部權利。
home-registry-heading = 成員國
home-registry-counts = 已有 { $contracting } 個國家同意受公約約束，另有 { $signatories } 個國家已簽署公約。
home-registry-link = 查看各國地位

## Members
members-title = 成員國登記冊
members-lead = 列出全部聯合國會員國和兩個觀察員國及其在《國際調解院公約》下的地位。日期為相關行為發生之日；每項記錄的歷史均讀取自已簽署的公開帳本。
members-filter-legend = 篩選清單
filter-status = 地位
filter-group = 聯合國區域組
filter-any = 全部
filter-apply = 套用篩選
members-count = 顯示 { $count } 個國家。
members-empty = 沒有符合篩選條件的國家。
members-caption = 各國及其在《國際調解院公約》下的地位
col-state = 國家
col-code = 代碼
col-group = 區域組
col-status = 地位
col-signed = 簽署
col-consent = 同意受約束
col-in-force = 對其生效
col-founding = 創始成員
col-declarations = 聲明
members-unverified-note = 標示「未核實」：所記錄的某項事實來自我們無法核實的來源。
unverified = 未核實
observer-state = 聯合國觀察員國
date-unknown = 日期不詳
yes = 是
no = 否
unknown = 不詳
status-non_signatory = 非簽署國
status-signatory = 簽署國
status-contracting = 締約國
status-withdrawn = 已退出
group-african = 非洲國家組
group-asia_pacific = 亞太國家組
group-eastern_european = 東歐國家組
group-latin_american_caribbean = 拉丁美洲和加勒比國家組
group-western_european_others = 西歐和其他國家組
group-none = 不屬於任何區域組

## One State
member-record-heading = 公約下的記錄
field-un-membership = 聯合國
un-member = 會員國
un-observer = 非會員觀察員國
field-status = 地位
field-signed = 簽署
field-consent = 同意受約束
field-in-force = 公約對其生效
field-founding = 創始成員
field-code = ISO 3166-1 代碼
in-force-pending = 尚未確定
instrument-ratification = 以批准方式
instrument-acceptance = 以接受方式
instrument-approval = 以核准方式
instrument-accession = 以加入方式
consent-before-eif = 在公約生效之前（確切日期不詳）
member-unverified-warning = 本頁部分事實來自我們無法核實的來源。在保存機構的記錄予以確認之前，這些事實會顯示並加以標示。
member-verified = 本頁所有事實均來自經核實的來源。
member-no-record = 暫無記錄：該國尚未簽署公約。
source = 來源：{ $source }
eif-note = 公約於{ $date }生效。
founding-note = 創始成員是指在公約生效後兩年內同意受公約約束的國家（2022年聯合聲明的國家為五年）。
member-declarations-heading = 排除爭端類別的聲明
member-no-declarations = 暫無聲明記錄。
decl-number = 編號
decl-subjects = 排除的類別
decl-made = 作出日期
decl-withdrawn = 撤回日期
decl-text = 文本
decl-in-force = 有效
subject-territorial_sovereignty = 領土主權
subject-maritime_delimitation = 海洋劃界
subject-maritime_interests = 海洋權益
subject-investment = 投資
subject-trade = 貿易
subject-energy = 能源
subject-water = 水資源
subject-environment = 環境
subject-other = 其他事項
member-history-heading = 歷史
member-history-lead = 對本記錄的每一次更改都是公開帳本中的一項記錄，並透過雜湊值與之前的所有記錄相連。
member-history-empty = 暫無記錄。
hist-seq = 序號
hist-recorded = 記錄時間
hist-event = 事件
hist-hash = 雜湊值
event-registry-signed = 記錄簽署
event-registry-consented_to_be_bound = 記錄同意受約束
event-registry-declaration_made = 記錄聲明
event-registry-declaration_withdrawn = 記錄撤回聲明
event-registry-denounced = 記錄退約
event-registry-entry_into_force_recorded = 記錄生效
denounced-note = 已於{ $date }發出退約通知，自{ $on }起生效。
back-to-members = 返回登記冊

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
error-not-found-title = 找不到網頁
error-not-found-body = 此地址沒有內容。網頁可能已移動，或連結有誤。
error-bad-request-title = 無法理解該請求
error-internal-title = 我們這邊出了問題
error-internal-body = 錯誤已記錄。請稍後再試。
error-home-link = 前往首頁
error-unknown-state = 「{ $code }」不是聯合國會員國或觀察員國的代碼。
error-bad-status = 「{ $value }」不是有效的地位。請使用：non_signatory、signatory、contracting、withdrawn。
error-bad-group = 「{ $value }」不是聯合國區域組。

## API
api-title = JSON API
api-lead = 這些網頁上的所有內容亦以 JSON 形式提供。API 由 OpenAPI 3.1 文件描述；錯誤採用 application/problem+json 格式，並附有穩定的「code」。
api-spec-link = OpenAPI 文件
api-method = 方法
api-path = 路徑
api-summary = 說明
api-verify-heading = 自行核實記錄
api-verify-body = 帳本鏈頭以 Ed25519 簽署。被簽署的訊息依次為：27 位元組的「iomed ledger checkpoint v1」加換行符，以 64 位元無號大端序整數表示的記錄序號，以及 32 位元組的 BLAKE3 雜湊值。任何持有公鑰的人都可以核實鏈頭，而無需信任本伺服器。

## Accounts
nav-users = 用戶
nav-account = 帳戶
nav-sign-out = 登出
nav-sign-in = 登入
sign-in-title = 登入
field-email = 電郵地址
field-password = 密碼
sign-in-button = 登入
sign-in-help = 帳戶由秘書處建立。如無法登入，請聯絡秘書處。
sign-in-failed = 登入資料不正確。
sign-in-locked = 失敗次數過多。請在 { $minutes } 分鐘後再試，或請秘書處為您解鎖帳戶。
account-title = 您的帳戶
account-profile = 個人資料
field-name = 姓名
field-roles = 角色
no-roles = 沒有角色
account-preferences = 偏好設定
field-language = 語言
field-time-zone = 時區
time-zone-help = IANA 時區名稱，例如 Asia/Hong_Kong 或 Africa/Nairobi。
save = 儲存
account-password = 密碼
field-current-password = 目前密碼
field-new-password = 新密碼
password-help = 最少 12 個字元。幾個互不相關的詞語就是好密碼。常見密碼或已外洩的密碼將被拒絕。
account-change-password = 更改密碼
account-sessions = 您的登入位置
session-started = 登入時間
session-expires = 到期時間
session-browser = 瀏覽器
actions = 操作
session-current = 本瀏覽器
session-end = 在該處登出
sign-out-everywhere = 在所有位置登出
account-tokens = API 權杖
account-tokens-lead = 權杖讓程式以您的身分使用 API：在「Authorization: Bearer」之後傳送權杖。權杖只在建立時顯示一次。
token-scopes = 權限範圍
token-revoked = 已撤銷或已過期
token-revoke = 撤銷
token-days = 有效期（日）
token-create = 建立權杖
account-token-once = 請立即複製此權杖：它不會再次顯示。
account-token-created = 權杖已建立。
account-token-revoked = 權杖已撤銷。
account-session-ended = 該工作階段已登出。
account-saved = 已儲存。
account-password-changed = 您的密碼已更改。
account-wrong-password = 目前密碼不正確。
account-bad-language = 請選擇所提供的語言之一。
account-bad-time-zone = 「{ $value }」不是有效的時區。請使用 Asia/Hong_Kong 這樣的名稱。
account-bad-token = 請為權杖命名（最多 80 個字元），並設定 1 至 365 日的有效期。
refusal-email_taken = 已有帳戶使用此電郵地址。
refusal-no_such_user = 該用戶不存在。
refusal-no_such_token = 該權杖不存在。
refusal-no_such_session = 該工作階段不存在。
refusal-password_too_short = 密碼最少需要 12 個字元。
refusal-password_too_long = 密碼最多 256 個字元。
refusal-password_common = 此密碼在常見密碼或已外洩密碼清單中：請另選一個。
refusal-password_is_email = 密碼不得為您的電郵地址。
users-title = 用戶
users-lead = 各帳戶、其角色，以及因多次登入失敗而被鎖定的帳戶。
user-active = 啟用
user-deactivated = 已停用
user-locked = 尚餘 { $minutes } 分鐘解鎖
user-unlock = 解鎖
user-deactivate = 停用
user-activate = 重新啟用
role-secretary_general = 秘書長
role-deputy_secretary_general = 副秘書長
role-registrar = 書記官
role-case_secretary = 案件秘書
role-finance_officer = 財務主任
role-representative = 當事方代表
role-mediator = 調解員
role-council_representative = 理事會代表
role-council_alternate = 理事會副代表
error-forbidden-title = 不允許此操作
error-forbidden-body = 您的帳戶不允許此操作。如有需要，請聯絡秘書處。
error-csrf-body = 此表格已過期或並非由本網站傳送。請返回、重新載入網頁後再試。

## Second factor
second-factor-title = 第二重驗證
second-factor-lead = 請輸入驗證器應用程式為 IOMed 顯示的 6 位數字代碼。
field-otp-code = 代碼
second-factor-use-recovery = 改用復原碼
field-recovery-code = 復原碼
second-factor-submit = 繼續
second-factor-cancel = 取消並登出
second-factor-failed = 代碼不正確或已被使用。請等待下一個代碼後再試。
enroll-title = 設定第二重驗證
enroll-done = 第二重驗證已設定。
enroll-recovery-once = 請將這些復原碼妥善保存。如遺失裝置，每個復原碼可使用一次。它們不會再次顯示。
enroll-continue = 繼續前往您的帳戶
enroll-enabled = 第二重驗證已啟用。
enroll-codes-left = 尚餘 { $count } 個復原碼。
enroll-scan = 請用驗證器應用程式（任何支援 TOTP 的應用程式）掃描此代碼，或輸入下方的密鑰。
enroll-qr-alt = 供驗證器應用程式掃描的 QR 碼。相同的密鑰寫在下方。
enroll-key = 密鑰：
enroll-confirm = 確認
enroll-required = 您的角色要求啟用第二重驗證。請先完成設定。
enroll-optional = 如果密碼被盜，第二重驗證可以保護您的帳戶。
enroll-start = 設定驗證器應用程式
account-second-factor = 第二重驗證
account-second-factor-link = 管理第二重驗證
refusal-code_not_accepted = 代碼不正確或已被使用。
refusal-no_pending_second_factor = 目前沒有正在設定的第二重驗證。

## Invitations and password reset
sign-in-forgot = 忘記密碼？
invite-title = 邀請用戶
invite-lead = 對方將收到一封電郵，內含設定密碼的連結。該連結在 72 小時內有效，只可使用一次。
invite-button = 發送邀請
invite-sent = 邀請已發送。
invite-bad-input = 請填寫有效的電郵地址和姓名。
reset-title = 重設密碼
reset-lead = 請輸入您的電郵地址。如該地址屬於某個帳戶，我們會發送設定新密碼的連結；該連結在一小時內有效，只可使用一次。
reset-button = 發送連結
reset-sent = 如該地址屬於某個帳戶，連結已發出。請查看電郵。
set-password-title = 設定密碼
set-password-welcome = 歡迎使用國際調解院系統。請設定密碼以完成帳戶設定。
set-password-reset = 請設定新密碼。您在所有位置的登入都會登出。
set-password-button = 設定密碼
set-password-done = 密碼已設定。現在可以登入。
link-not-valid-title = 此連結無法使用
link-not-valid = 連結已過期或已被使用。請向秘書處申請新的邀請，或重新申請密碼重設連結。
refusal-link_not_valid = 連結已過期或已被使用。
refusal-no_such_mail = 沒有等待發送的此類電郵。
mail-invite-subject = 國際調解院帳戶邀請
mail-invite-body = { $name }，您好：

    國際調解院秘書處已為您建立帳戶。
    請透過以下連結設定密碼（72 小時內有效，只可使用一次）：

    { $link }

    如您並未預期收到此電郵，可忽略。
mail-reset-subject = 重設您的國際調解院帳戶密碼
mail-reset-body = { $name }，您好：

    有人申請重設您的國際調解院帳戶密碼。如需設定新密碼，請使用以下連結
    （一小時內有效，只可使用一次）：

    { $link }

    如非本人操作，請忽略此電郵，您的密碼不會改變。

## Organizations
nav-organizations = 機構
orgs-title = 機構
orgs-lead = 國家代表團、政府部門、國際組織、律師事務所和公司，以及可代表各機構行事的人員——附授權文件、授權人及有效期。
orgs-empty = 暫無機構。
orgs-members = 成員
orgs-no-members = 暫無成員。
orgs-document = 授權文件
orgs-granted-by = 授權人
orgs-validity = 有效期
orgs-valid-from = 生效日期
orgs-valid-until = 截止日期（選填）
orgs-not-valid-now = 今日無效
orgs-remove = 移除
orgs-add-member = 新增成員
orgs-new = 新增機構
orgs-kind = 類型
orgs-state = 國家
orgs-state-help = 國家代表團或政府部門必須填寫。
orgs-create = 建立機構
org-kind-state_delegation = 國家代表團
org-kind-ministry = 政府部門
org-kind-international_organization = 國際組織
org-kind-law_firm = 律師事務所
org-kind-company = 公司
org-kind-other = 其他
refusal-organization_name = 機構名稱為 1 至 200 個字元。
refusal-organization_state_missing = 國家代表團或政府部門須註明所屬國家。
refusal-authority_incomplete = 請填寫授權文件及授權人。
refusal-authority_dates = 請填寫有效的開始日期，截止日期不得早於開始日期。
refusal-no_such_organization = 該機構或成員關係不存在。
