## Layout
site-name = IOMed
site-title = International Organization for Mediation
skip-to-content = Skip to content
nav-label = Main
nav-home = Home
nav-members = Member States
nav-api = API
lang-switch-label = Language
footer-about = iomed is open-source software for running IOMed's registry and cases. This site shows demonstration data: the people, companies and disputes in it are fictional; the States and their IOMed status are real, as far as our sources go.
footer-ledger = Public record: { $seq } entries, head hash { $hash }.
footer-ledger-link = The signed ledger and its keys

## Home
home-title = Mediation between States, investors and companies, by consent
home-lead = The International Organization for Mediation (IOMed) is an intergovernmental organization seated in Hong Kong. Its Convention was signed on 30 May 2025. It helps the parties to an international dispute reach their own settlement, with mediators they choose, only when all of them agree to mediate.
home-what-heading = What IOMed does
home-what-body = Mediation is not a court and not arbitration: nobody imposes a decision. A neutral mediator helps the parties talk, understand each other's interests and write a settlement they can all accept. What is said in mediation stays confidential, and any party may stop at any time.
home-kinds-heading = Three kinds of dispute
kind-state-state = Between States
kind-state-state-desc = Legal and factual disputes, disagreements or issues of concern between States, including those that involve a third State if that State consents beforehand.
kind-state-national = Between a State and a national of another State
kind-state-national-desc = Investment and commercial disputes between a State and a company or person of another nationality.
kind-private = Between private parties
kind-private-desc = International commercial disputes between companies or persons whose places of business are in different States.
home-who-heading = Who may use it
home-who-body = Contracting States and their nationals may bring disputes within the Convention's scope. Non-Contracting States and international organizations may use it under rules adopted by the Governing Council. A State may exclude categories of dispute, such as territorial sovereignty, by declaration.
home-steps-heading = How a mediation runs
step-request = Request
step-request-desc = A party files a request for mediation with the Secretariat, with the agreement to mediate or an offer to mediate, and pays the lodging fee.
step-consent = Consent
step-consent-desc = Without a prior agreement, the other party is invited to accept or decline the offer to mediate. Nothing happens without its consent.
step-register = Registration
step-register-desc = The Secretariat checks that the dispute is within IOMed's scope and registers it. The case receives its number and the rules in force on the filing date apply.
step-mediator = Mediators
step-mediator-desc = The parties choose one or more mediators, from IOMed's panels or by agreement; each mediator discloses anything that could call their independence into question.
step-sessions = Sessions
step-sessions-desc = The mediator meets the parties jointly and separately. What a party says in a separate session reaches the other side only with its permission.
step-settlement = Settlement
step-settlement-desc = If the parties agree, they sign a settlement agreement. If not, the mediation ends and each party keeps all its rights.
home-registry-heading = Member States
home-registry-counts = { $contracting ->
    [one] One State has
   *[other] { $contracting } States have
} consented to be bound by the Convention, and { $signatories ->
    [one] one more has
   *[other] { $signatories } more have
} signed it.
home-registry-link = See every State's status

## Members
members-title = Member-State registry
members-lead = Every United Nations member State and the two observer States, with its status under the IOMed Convention. Dates are those of the acts; the history of each record is read from the public, signed ledger.
members-filter-legend = Filter the list
filter-status = Status
filter-group = UN regional group
filter-any = Any
filter-apply = Apply filters
members-count = { $count ->
    [one] One State shown.
   *[other] { $count } States shown.
}
members-empty = No State matches these filters.
members-caption = States and their status under the IOMed Convention
col-state = State
col-code = Code
col-group = Regional group
col-status = Status
col-signed = Signed
col-consent = Consent to be bound
col-in-force = In force for it
col-founding = Founding member
col-declarations = Declarations
members-unverified-note = Marked “unverified”: a fact on record comes from a source we could not verify.
unverified = unverified
observer-state = UN observer State
date-unknown = date unknown
yes = Yes
no = No
unknown = Unknown
status-non_signatory = Non-signatory
status-signatory = Signatory
status-contracting = Contracting State
status-withdrawn = Withdrawn
group-african = African States
group-asia_pacific = Asia-Pacific States
group-eastern_european = Eastern European States
group-latin_american_caribbean = Latin American and Caribbean States
group-western_european_others = Western European and other States
group-none = No regional group

## One State
member-record-heading = Record under the Convention
field-un-membership = United Nations
un-member = Member State
un-observer = Non-member observer State
field-status = Status
field-signed = Signed
field-consent = Consent to be bound
field-in-force = Convention in force for it
field-founding = Founding member
field-code = ISO 3166-1 code
in-force-pending = not yet known
instrument-ratification = by ratification
instrument-acceptance = by acceptance
instrument-approval = by approval
instrument-accession = by accession
consent-before-eif = before the Convention entered into force (exact date not known)
member-unverified-warning = Some facts on this page come from sources we could not verify. They are shown, and marked, until the depositary's record confirms them.
member-verified = Every fact on this page comes from a verified source.
member-no-record = Nothing is on record: this State has not signed the Convention.
eif-note = The Convention entered into force on { $date }.
founding-note = Founding members are the States that consent to be bound within two years of entry into force (five years for States of the 2022 Joint Statement).
member-declarations-heading = Declarations excluding categories of dispute
member-no-declarations = No declaration on record.
decl-number = No.
decl-subjects = Categories excluded
decl-made = Made
decl-withdrawn = Withdrawn
decl-text = Text
decl-in-force = in force
subject-territorial_sovereignty = Territorial sovereignty
subject-maritime_delimitation = Maritime delimitation
subject-maritime_interests = Maritime interests
subject-investment = Investment
subject-trade = Trade
subject-energy = Energy
subject-water = Water
subject-environment = Environment
subject-other = Other matters
member-history-heading = History
member-history-lead = Each change to this record is an entry in the public ledger, chained by hash to every entry before it.
member-history-empty = No entry yet.
hist-seq = Entry
hist-recorded = Recorded
hist-event = Event
hist-hash = Hash
event-registry-signed = Signature recorded
event-registry-consented_to_be_bound = Consent to be bound recorded
event-registry-declaration_made = Declaration recorded
event-registry-declaration_withdrawn = Withdrawal of a declaration recorded
event-registry-denounced = Denunciation recorded
event-registry-entry_into_force_recorded = Entry into force recorded
denounced-note = Notice of denunciation given on { $date }; it takes effect on { $on }.
back-to-members = Back to the registry

## Dates
date = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Errors
error-not-found-title = Page not found
error-not-found-body = There is nothing at this address. It may have moved, or the link may be mistyped.
error-bad-request-title = The request could not be understood
error-internal-title = Something went wrong on our side
error-internal-body = The error has been recorded. Please try again in a moment.
error-home-link = Go to the home page
error-unknown-state = “{ $code }” is not the code of a United Nations member or observer State.
error-bad-status = “{ $value }” is not a status. Use one of: non_signatory, signatory, contracting, withdrawn.
error-bad-group = “{ $value }” is not a UN regional group.

## API
api-title = JSON API
api-lead = Everything on these pages is also available as JSON. The API is described by an OpenAPI 3.1 document; errors are application/problem+json with a stable “code”.
api-spec-link = OpenAPI document
api-method = Method
api-path = Path
api-summary = Summary
api-verify-heading = Checking the record yourself
api-verify-body = The ledger head is signed with Ed25519. The signed message is the 27 bytes "iomed ledger checkpoint v1" followed by a line feed, then the entry number as an unsigned 64-bit big-endian integer, then the 32-byte BLAKE3 hash. Anyone holding the public key can check a head without trusting this server.

## Accounts
nav-users = Users
nav-account = Account
nav-sign-out = Sign out
nav-sign-in = Sign in
sign-in-title = Sign in
field-email = E-mail address
field-password = Password
sign-in-button = Sign in
sign-in-help = Accounts are created by the Secretariat. If you cannot sign in, contact the Secretariat.
sign-in-failed = These sign-in details are not right.
sign-in-locked = Too many failed attempts. Try again in { $minutes } minutes, or ask the Secretariat to unlock your account.
account-title = Your account
account-profile = Profile
field-name = Name
field-roles = Roles
no-roles = No role
account-preferences = Preferences
field-language = Language
field-time-zone = Time zone
time-zone-help = An IANA time zone, such as Asia/Hong_Kong or Africa/Nairobi.
save = Save
account-password = Password
field-current-password = Current password
field-new-password = New password
password-help = At least 12 characters. A few unrelated words make a good password. Common and breached passwords are refused.
account-change-password = Change password
account-sessions = Where you are signed in
session-started = Signed in
session-expires = Expires
session-browser = Browser
actions = Actions
session-current = this browser
session-end = Sign out there
sign-out-everywhere = Sign out everywhere
account-tokens = API tokens
account-tokens-lead = A token lets a program use the API as you: send it as "Authorization: Bearer" followed by the token. It is shown once, when created.
token-scopes = Scopes
token-revoked = revoked or expired
token-revoke = Revoke
token-days = Valid for (days)
token-create = Create token
account-token-once = Copy this token now: it will not be shown again.
account-token-created = The token was created.
account-token-revoked = The token was revoked.
account-session-ended = That session was signed out.
account-saved = Saved.
account-password-changed = Your password was changed.
account-wrong-password = The current password is not right.
account-bad-language = Choose one of the languages offered.
account-bad-time-zone = “{ $value }” is not a time zone. Use a name such as Asia/Hong_Kong.
account-bad-token = Give the token a name (up to 80 characters) and a validity of 1 to { $max } days.
refusal-email_taken = An account with this e-mail address already exists.
refusal-no_such_user = There is no such user.
refusal-no_such_token = There is no such token.
refusal-no_such_session = There is no such session.
refusal-password_too_short = A password needs at least 12 characters.
refusal-password_too_long = A password has at most 256 characters.
refusal-password_common = This password is on a list of common or breached passwords: choose another.
refusal-password_is_email = A password must not be your e-mail address.
users-title = Users
users-lead = Accounts, their roles, and accounts locked after repeated failed sign-ins.
user-active = Active
user-deactivated = Deactivated
user-locked = locked for { $minutes } more minutes
user-unlock = Unlock
user-deactivate = Deactivate
user-activate = Reactivate
role-secretary_general = Secretary-General
role-deputy_secretary_general = Deputy Secretary-General
role-registrar = Registrar
role-case_secretary = Case secretary
role-finance_officer = Finance officer
role-representative = Party representative
role-mediator = Mediator
role-council_representative = Governing Council representative
role-council_alternate = Governing Council alternate
error-forbidden-title = Not allowed
error-forbidden-body = Your account does not allow this. If you need it, ask the Secretariat.
error-csrf-body = This form has expired or was not sent by this site. Go back, reload the page and try again.

## Second factor
second-factor-title = Second factor
second-factor-lead = Enter the 6-digit code your authenticator app shows for IOMed.
field-otp-code = Code
second-factor-use-recovery = Use a recovery code instead
field-recovery-code = Recovery code
second-factor-submit = Continue
second-factor-cancel = Cancel and sign out
second-factor-failed = The code is not right, or was already used. Wait for the next code and try again.
enroll-title = Set up the second factor
enroll-done = The second factor is set up.
enroll-recovery-once = Keep these recovery codes somewhere safe. Each works once, if you lose your device. They will not be shown again.
enroll-continue = Continue to your account
enroll-enabled = The second factor is on.
enroll-codes-left = { $count ->
    [one] One recovery code left.
   *[other] { $count } recovery codes left.
}
enroll-scan = Scan this code with an authenticator app (any app that supports TOTP), or type the key below.
enroll-qr-alt = QR code for your authenticator app. The same key is written out below.
enroll-key = Key:
enroll-confirm = Confirm
enroll-required = Your role requires a second factor. Set it up to continue.
enroll-optional = A second factor protects your account if your password is stolen.
enroll-start = Set up an authenticator app
account-second-factor = Second factor
account-second-factor-link = Manage the second factor
refusal-code_not_accepted = The code is not right, or was already used.
refusal-no_pending_second_factor = No second factor is being set up.

## Invitations and password reset
sign-in-forgot = Forgot your password?
invite-title = Invite a user
invite-lead = The person receives an e-mail with a link to set their password. The link works once, for 72 hours.
invite-button = Send the invitation
invite-sent = The invitation was sent.
reset-title = Reset your password
reset-lead = Enter your e-mail address. If it belongs to an account, we send a link to set a new password; it works once, for one hour.
reset-button = Send the link
reset-sent = If this address belongs to an account, a link is on its way. Check your e-mail.
set-password-title = Set your password
set-password-welcome = Welcome to IOMed. Choose a password to finish setting up your account.
set-password-reset = Choose a new password. Every place where you are signed in will be signed out.
set-password-button = Set the password
set-password-done = Your password is set. You can now sign in.
link-not-valid-title = This link cannot be used
link-not-valid = The link has expired or was already used. Ask the Secretariat for a new invitation, or request a new password-reset link.
refusal-link_not_valid = The link has expired or was already used.
refusal-no_such_mail = There is no such e-mail waiting to be sent.
mail-invite-subject = Your invitation to IOMed
mail-invite-body = Dear { $name },

    The Secretariat of the International Organization for Mediation has created an account for you.
    Set your password with this link (valid for 72 hours, usable once):

    { $link }

    If you did not expect this message, you can ignore it.
mail-reset-subject = Reset your IOMed password
mail-reset-body = Dear { $name },

    Someone asked to reset the password of your IOMed account. To choose a new one, use this link
    (valid for one hour, usable once):

    { $link }

    If it was not you, ignore this message: your password stays as it is.

## Organizations
nav-organizations = Organizations
orgs-title = Organizations
orgs-lead = State delegations, ministries, international organizations, firms and companies, and who may act for each — with the document that grants the authority, who granted it, and when it is valid.
orgs-empty = No organization yet.
orgs-members = Members
orgs-no-members = No member yet.
orgs-document = Document granting authority
orgs-granted-by = Granted by
orgs-validity = Valid
orgs-valid-from = Valid from
orgs-valid-until = Valid until (optional)
orgs-not-valid-now = not valid today
orgs-remove = Remove
orgs-add-member = Add a member
orgs-new = New organization
orgs-kind = Kind
orgs-state = State
orgs-state-help = Required for a State delegation or a ministry.
orgs-create = Create the organization
org-kind-state_delegation = State delegation
org-kind-ministry = Ministry
org-kind-international_organization = International organization
org-kind-law_firm = Law firm
org-kind-company = Company
org-kind-other = Other
refusal-organization_name = An organization's name has 1 to 200 characters.
refusal-organization_state_missing = A State delegation or a ministry needs its State.
refusal-authority_incomplete = Give the document that grants the authority and who granted it.
refusal-authority_dates = Give a valid start date, and an end date that is not before it.
refusal-no_such_organization = There is no such organization or membership.

## Scope
scope-outcome-in_scope = IOMed may mediate this dispute.
scope-outcome-out_of_scope = IOMed may not mediate this dispute as described.
scope-outcome-discretionary = IOMed may mediate this dispute under rules of the Governing Council, or after review.
scope-outcome-incomplete = More information is needed to decide.
scope-too_few_parties = A dispute needs at least two parties.
scope-consent_missing = Say how the parties consent to mediation: a prior agreement, or an offer to mediate.
scope-consent_after_filing = An agreement dated { $date } is after the filing date, so it is not a prior agreement.
scope-offer_needs_acceptance = Without a prior agreement, the other side will be invited to accept the offer to mediate.
scope-subjects_missing = Say what the dispute is about.
scope-party_not_a_state = A dispute between States has only States (or international organizations) as parties.
scope-state_in_private_dispute = { $state } is a State: a dispute with a State is not a dispute between private parties.
scope-no_state_party = A dispute between a State and a national of another State needs a State party.
scope-no_national_party = A dispute between a State and a national of another State needs a company or a person as a party.
scope-organization_not_allowed_here = An international organization is not a party in this category of dispute.
scope-contracting_state = { $state } is a Contracting State on the filing date.
scope-non_contracting_state = { $state } is not a Contracting State on the filing date.
scope-in_force_date_unknown = { $state } is reported as bound by the Convention, but the date it is in force for it is not on record.
scope-international_organization = An international organization is a party.
scope-excluded_by_declaration = { $state } excluded disputes on { $subject } by its declaration no. { $number }.
scope-third_state_consent_missing = The dispute involves { $state }, which has not given its prior consent.
scope-third_state_consented = The dispute involves { $state }, which has given its prior consent.
scope-nationality_missing = Give the nationality of every company or person.
scope-national_of_respondent_state = The company or person is a national of { $state }, the State party: it is not a national of another State.
scope-dual_national_review = The company or person also holds the nationality of { $state }, the State party: the Secretariat will review it.
scope-not_evidently_commercial_or_investment = The subjects given are not evidently commercial or investment matters.
scope-place_of_business_missing = Give the place of business of every private party.
scope-not_international = All the parties have their place of business in the same State: the dispute is not international.
scope-not_commercial = { $subject } is not a commercial matter between private parties.
nav-scope = Can IOMed mediate?
scope-title = Can IOMed mediate this dispute?
scope-lead = Describe the dispute: the answer comes from the Convention's scope and the member-State registry as it stood on the filing date, with every reason and its source. Nothing you enter is stored.
scope-result = The answer
scope-not-binding = This is guidance, not a decision: the Secretariat screens every request for mediation.
scope-category = Kind of dispute
scope-category-state_state = Between States
scope-category-state_national = Between a State and a national of another State
scope-category-private_commercial = International commercial, between private parties
scope-filed-on = Filing date
scope-party = Party { $number }
scope-party-kind = Kind of party
scope-kind-state = State
scope-kind-organization = International organization
scope-kind-company = Company
scope-kind-person = Person
scope-party-state = State (for a State party)
scope-nationality = Nationality
scope-second-nationality = Second nationality, if any
scope-place-of-business = Place of business
scope-subjects = What the dispute is about
scope-third-states = Third States involved (disputes between States)
scope-third-state = Third State { $number }
scope-third-consented = has given its prior consent
scope-consent = Consent to mediation
scope-basis-prior_agreement = A prior agreement to mediate
scope-basis-offer = An offer to mediate, to be accepted
scope-basis-none = Not yet
scope-consent-date = Date of the agreement or offer
scope-check = Check
scope-bad-date = “{ $value }” is not a date.

## Requests and cases
nav-cases = Cases
nav-deadlines = Deadlines
error-conflict-title = Not possible now
gap-missing = { $field }: missing.
gap-invalid = { $field }: not valid.
gap-unknown-state = { $field }: not a State we know (type its name or its three-letter code).
gap-no-requesting-party = Name at least one requesting party.
gap-no-responding-party = Name at least one responding party.
request-field-category = Kind of dispute
request-field-summary = Summary of the issues in dispute
request-field-parties = Parties
request-field-side = Side
request-field-kind = Kind of party
request-field-state = State
request-field-name = Name
request-field-nationalities = Nationality
request-field-place-of-business = Place of business
request-field-contact = Contact (address, e-mail or telephone)
request-field-subjects = Subjects
request-field-third-states = Third State
request-field-consent-basis = Basis of consent
request-field-consent-date = Date of the agreement or of the offer
request-field-consent-document = Consent document (clause, treaty article or letter, with its date)
request-field-authority-document = Proof of your authority to represent the party
request-field-internal-authorization = Internal authorization of the company or organization
request-field-other-side-name = Name of the other side's representative
request-field-other-side-email = E-mail of the other side's representative
request-field-signature = Signature (type your full name)
request-title = Request for mediation
request-lead = Your draft is saved each time you press Save; nothing is sent until you file it. When you file, everything missing is listed at once.
request-gaps-lead = The request cannot be filed yet. Your draft is saved. Complete these items:
request-scope-preview = What the scope check says if you file today
request-summary-help = The facts and the issues, in a few paragraphs. This is confidential to the case.
request-authority = Authority
request-documents-help = Describe each document (title, date, signatories), and attach the files themselves below, under Annexes, once the draft is saved.
request-other-side = The other side
request-other-side-help = We invite this person to take part in the case by e-mail. Without a prior agreement, they are asked to accept or decline the offer to mediate before a deadline.
request-signature-help = Typing your name here signs the request; the date of filing is added.
request-save = Save draft
request-file = File the request
request-saved = Draft saved.
request-untitled = Untitled draft
side-requesting = Requesting party
side-responding = Responding party
standing-mediator = Mediator
stage-offer-pending = Offer to mediate awaiting an answer
stage-awaiting-screening = Awaiting screening by the Secretariat
stage-registered = Registered
closure-offer-declined = Closed: the offer to mediate was declined
closure-offer-deemed-rejected = Closed: the offer to mediate was not answered in time (deemed rejected)
closure-refused-registration = Closed: registration refused
closure-withdrawn-before-registration = Closed: withdrawn before registration
closure-withdrawn-by-party = Closed: withdrawn by a party
closure-lapsed-no-appointment = Closed: lapsed, no step to appoint a mediator in time
closure-settled = Closed: settled
closure-ended-by-agreement = Closed: ended by the parties' agreement
closure-mediator-declared-no-likelihood = Closed: the mediator declared no likelihood of agreement
closure-terminated-non-payment = Closed: terminated for non-payment
event-filed = Request filed (scope at filing: { $scope }).
event-offer-accepted = The responding side accepted the offer to mediate.
event-offer-declined = The responding side declined the offer to mediate.
event-offer-deemed-rejected = No answer to the offer in time: deemed rejected.
event-fee-paid = Lodging fee recorded as paid.
event-registered = Registered as { $number } under rules { $rules }.
event-registration-refused = Registration refused, with reasons.
event-withdrawn = Withdrawn.
event-mediators-agreed = The parties agreed on { $number ->
    [one] one mediator
   *[other] { $number } mediators
}.
event-mediators-defaulted = No agreement on the number of mediators in time: one mediator.
event-lapsed = Lapsed: no step to appoint a mediator in time.
deadline-offer-answer = Answer to the offer to mediate
deadline-mediators-number = Agreement on the number of mediators
deadline-appointment-request = Request for an appointment by the Secretary-General possible after
deadline-lapse = Lapse if no appointment step
consequence-offer-answer = then the offer is deemed rejected
consequence-mediators-number = then there is one mediator
consequence-lapse = then the case lapses
deadline-overdue = { $days ->
    [one] 1 day overdue
   *[other] { $days } days overdue
}
deadline-days-left = { $days ->
    [0] last day today
    [one] 1 day left
   *[other] { $days } days left
}
mail-case-step-subject = IOMed: a step in your case
mail-case-step-body = A step was taken in a case you take part in: { $step }

    Sign in to read it: { $link }

    This message carries no case content. If you do not expect it, tell the Secretariat.
mail-case-invite-subject = IOMed: you are named in a request for mediation
mail-case-invite-body = Dear { $name },

    { $requesting } has filed a request for mediation with the International Organization for Mediation (filing reference { $reference }). It names you as the representative of the other side. { $text }

    An account has been created for you. Set your password with this link (valid for 72 hours, usable once):

    { $link }

    Then read the request and answer it on { $cases }. Beyond who filed it and its reference, this message carries nothing of the request.
mail-case-named-subject = IOMed: you are named in a request for mediation
mail-case-named-body = Dear { $name },

    { $requesting } has filed a request for mediation with the International Organization for Mediation (filing reference { $reference }). It names you as the representative of the other side. { $text }

    Sign in to read it and answer it: { $cases }

    Beyond who filed it and its reference, this message carries nothing of the request.
step-done-accept-offer = the offer to mediate was accepted
step-done-decline-offer = the offer to mediate was declined
step-done-deem-rejection = the offer to mediate was deemed rejected
step-done-mark-fee-paid = the lodging fee was recorded as paid
step-done-register = the request was registered
step-done-refuse = registration was refused
step-done-withdraw = the request or case was withdrawn
step-done-agree-mediators = the number of mediators was recorded
step-done-default-mediators = the number of mediators was set to one
step-done-lapse = the case lapsed
do-accept-offer = Accept the offer to mediate
do-decline-offer = Decline the offer to mediate
do-register = Register the request
do-refuse = Refuse registration
do-withdraw = Withdraw
do-mark-fee-paid = Record the lodging fee as paid
do-agree-mediators = Record the agreed number of mediators
case-bad-step = That is not a step one can take here.
case-refusal-no-such-draft = There is no such draft.
case-refusal-no-such-case = There is no such case.
case-refusal-already-filed = This request was already filed.
case-refusal-incomplete = The request is incomplete.
case-refusal-same-representative = The other side's representative cannot be you.
case-refusal-wrong-stage = This step is not possible at this stage of the case.
case-refusal-deadline-passed = The time for this ended on { $date }.
case-refusal-not-yet-due = This may happen only after { $date }.
case-refusal-fee-already-paid = The lodging fee was already recorded as paid.
case-refusal-reasons-required = Give the reasons for the refusal.
case-refusal-mediators-number = The number of mediators is 1, 2 or 3.
case-refusal-mediators-settled = The number of mediators is already settled.
case-refusal-date-out-of-range = A date computed from the rules is out of range.
cases-title = Cases
cases-lead = The requests and cases you take part in. Only those on a case, and the Secretariat, know it exists.
cases-lead-secretariat = Every request and case, newest first. A tag says what a case asks of you.
cases-new-request = New request for mediation
cases-drafts = Your drafts
cases-draft-saved = saved { $date }
cases-list = Requests and cases
cases-empty = No case yet.
case-title-col = Case
case-number = Number
case-stage = Stage
case-filed-on = Filed on
todo-answer-offer = Your answer is needed
todo-screen = To screen
todo-fee = Lodging fee due
case-confidential = Confidential: visible only to the parties, their representatives, the mediators and the Secretariat.
case-deadlines = Deadlines
case-no-deadlines = No time limit is running.
case-ends-at = ends { $when }
case-deadlines-note = Days are counted at the seat in Hong Kong from the day after the event; a deadline on a Saturday, Sunday or holiday moves to the next business day. Times are shown in your time zone ({ $zone }), which you can change on your account page.
case-steps = What you can do
case-council-rule = Governing Council rule relied on
case-refuse-reasons = Reasons for refusing registration
case-mediators-number = Number of mediators
case-request = The request
case-fee = Lodging fee
case-fee-paid = paid
case-fee-due = due
case-parties = Parties
case-people = People on the case
case-scope = Scope check at screening
case-history = Procedural history
case-due = Due
case-deadline = Deadline
case-days = Days
deadlines-title = Deadlines due soon
deadlines-lead = Every time limit of an open case due in the next { $days } days, and every one overdue.
deadlines-empty = Nothing is due in the next 14 days.

## The case file
documents-title = Case file
documents-confidential = Each document is seen only by its audience. Outside it, a document does not exist for the reader: it is not listed, counted or found.
documents-count = { $count ->
    [one] 1 document you may see
   *[other] { $count } documents you may see
}
documents-any = Any
documents-filed-by = Filed by
filer-requesting = The requesting side
filer-responding = The responding side
filer-mediator = A mediator
filer-secretariat = The Secretariat
documents-view = Order
documents-view-date = Newest first
documents-view-type = By type
documents-apply = Show
documents-none = No document matches.
documents-filed = Filed
documents-file = File
documents-file-new = File a document
documents-choose = Choose…
documents-submit = File the document
documents-version-translation = A new version, or a translation
case-file-link = { $count ->
    [0] Case file: no document yet
    [one] Case file: 1 document
   *[other] Case file: { $count } documents
}
document-field-title = Title
document-field-type = Type
document-field-language = Language
document-field-audience = Audience
document-field-party = Party side
document-field-replaces = New version of document number
document-field-translation-of = Translation of document number
document-field-translated-by = Translated by
document-field-translation-authentic = This language version is authentic
document-field-translation-reviewed = The translation was reviewed
document-audience-hint = Choose who will see this document. The choice cannot be changed after filing.
document-file-hint = Any type of file, up to { $limit }. It is encrypted as it arrives.
audience-who = Who will see it: { $people }
audience-who-secretariat = the Secretariat
audience-who-nobody-yet = nobody on the case yet
audience-joint = Joint: everyone on the case
audience-caucus = Caucus: { $side } and the mediators
audience-mediators = Mediators only
audience-secretariat = Secretariat only
audience-side = { $side } only (internal)
translated-by-human = A person
translated-by-machine = A machine
translation-human = Translation of { $document }, by a person
translation-machine = Machine translation of { $document }, not reviewed
translation-machine-reviewed = Machine translation of { $document }, reviewed
translation-authentic = authentic
document-replaces = New version of { $document }
document-replaced-by = Replaced by { $document }
doctype-request = Request
doctype-consent-to-mediate = Consent to mediate
doctype-proof-of-authority = Proof of authority
doctype-statement = Statement
doctype-exhibit = Exhibit
doctype-correspondence = Correspondence
doctype-draft-settlement = Draft settlement
doctype-settlement-agreement = Settlement agreement
doctype-note = Note
doctype-other = Other
document-filed = The document was filed: it is at the top of the list.
document-choose-file-again = Nothing was filed; choose the file again.
document-error-title = The document was not filed
document-error-bad-multipart = The upload could not be read. Send it as multipart/form-data.
document-error-file-missing = Choose a file to file.
document-error-empty = The file is empty. Nothing was filed.
document-error-too-large = The file is larger than { $limit }. Nothing was filed.
document-error-interrupted = The upload was interrupted. Nothing was filed; try again.
document-error-bad-field = A field of the form is too long or not text.
document-error-bad-meta = The meta part is not the JSON object described in the API documentation.
document-error-meta-first = Send the meta part first, then the file part.
document-error-file-last = The file part must be the last part. Nothing was filed.
document-refused-not-found = Nothing here that you may see.
document-refused-case-closed = The case is closed: no more documents can be filed.
document-refused-unknown-replaced = The document this one replaces is not in this case with the same audience.
document-refused-already-replaced = That document has already been replaced by a newer version.
document-refused-unknown-translated = The document this one translates is not in this case with the same audience.
document-corrupt-title = This document failed its integrity check
document-corrupt-body = The stored copy is not the one filed, so it was not served. The failure is recorded; the Secretariat will restore it from a backup.
mail-document-subject = IOMed: a new document in your case
mail-document-body = A document was filed in a case you take part in. Sign in to see it: { $link }
document-shared-from = Passed on from a caucus, with its side's permission
share-ask = Ask permission to share with everyone
share-pending = { $name } asks permission to share this with everyone on the case
share-grant = Grant: share with everyone
share-refuse = Refuse
share-granted = Shared with everyone as { $document }
share-refused = Permission to share was refused
share-asked-done = Permission was asked. The side will answer.
share-granted-done = Permission granted: the document is now in the joint file.
share-refused-done = Permission refused: the document stays in the caucus.
document-refused-not-shareable = Only a caucus document can be shared with its side's permission.
document-refused-already-asked = Permission to share this document was already asked.
document-refused-no-such-share-request = No such request for permission.
document-refused-already-answered = This request for permission was already answered.
mail-share-asked-subject = IOMed: a mediator asks your permission
mail-share-asked-body = A mediator asks your permission to share a caucus document with everyone on the case. Sign in to answer: { $link }
mail-share-granted-subject = IOMed: a new document in your case
mail-share-granted-body = A document was added to the joint file of a case you take part in. Sign in to see it: { $link }
mail-share-refused-subject = IOMed: permission to share refused
mail-share-refused-body = Your request for permission to share a caucus document was refused. Sign in for details: { $link }
annex-on-file = On file: { $document }
annex-missing = Not filed yet
annex-attach = attach it
messages-title = Messages
messages-back = The case
messages-confidential = Each thread is seen only by its audience. A thread outside yours does not exist for you.
messages-threads = Threads
messages-count = { $count ->
    [one] 1 message
   *[other] { $count } messages
}
messages-unread = { $count } unread
messages-none = No message yet.
messages-attachments = Attached:
messages-unread-by-all = Not read yet by anyone else
messages-read-by = Read by { $name }
messages-write = Your message to: { $side }
messages-attach = Attach a file (optional; filed in this thread's audience)
messages-send = Send
message-sent = The message was sent.
message-error-title = The message was not sent
message-error-empty-message = Write a message.
message-error-message-too-long = The message is longer than { $count } characters.
message-error-unknown-attachment = An attachment is not a document of this case with the same audience.
message-error-unknown-audience = Unknown audience: use joint, caucus, mediators, secretariat or side (with party for caucus and side).
message-error-case-closed = The case is closed: no more messages can be sent.
mail-message-subject = IOMed: a new message in your case
mail-message-body = A message was sent in a case you take part in. Sign in to read it: { $link }
documents-search = Search titles and text
documents-found = { $count ->
    [one] 1 document you may see matches
   *[other] { $count } documents you may see match
}
documents-export = Download everything you may see (zip, with a signed manifest of hashes)
case-scope-alert = The registry changed since filing
case-scope-alert-body = Against the registry as it stands today this dispute would be: { $outcome }. Nothing was done by itself: the Secretariat and the parties review it (E14).
deadlines-scope-alerts = Open cases affected by a change in the registry (E14)
nav-register = Register of cases
register-title = Register of cases
register-lead = The basic information of the cases whose every party agreed to its publication. Every other case stays confidential, even the fact that it exists.
register-empty = No case has been published yet.
register-number = Number
register-category = Kind of dispute
register-stage = Stage
publication = Publication of the basic case information
publication-none = Not agreed: the case stays confidential
publication-partial = Agreed by one side; published only when every side agrees
publication-public = Agreed by every side: listed in the public register
do-consent-publication = Agree, for my side, to publish the basic case information
step-done-consent-publication = a side agreed to publication of the basic case information
event-publication-consented = A side agreed to publication of the basic case information
case-refusal-already-consented = Your side has already agreed to publication.
event-mediators-proposed = A side proposed { $number ->
    [one] one mediator
   *[other] { $number } mediators
}.
step-done-propose-mediators = a side proposed the number of mediators; it is agreed when the other side proposes the same
do-propose-mediators = Propose this number of mediators for my side
case-mediators-proposed = Proposed number of mediators
do-request-end = Ask, for my side, to end the mediation
do-record-settlement = Record the settlement
do-declare-no-likelihood = Declare that there is no likelihood of agreement
step-done-request-end = a side asked to end the mediation; it ends when every side asks
step-done-record-settlement = the settlement was recorded: the case is closed
step-done-declare-no-likelihood = the mediator declared that there is no likelihood of agreement: the case is closed
event-end-requested = A side asked to end the mediation.
event-ended-by-agreement = Ended by the parties' agreement.
event-settled = Settled: the settlement agreement is in the joint case file.
event-no-likelihood-declared = The mediator declared that there is no likelihood of agreement.
case-settlement-document = The settlement agreement, from the joint case file
case-refusal-already-requested = Your side has already asked to end the mediation.
case-refusal-settlement-not-filed = No settlement agreement with this number is in the joint case file. File it there first, signed by all parties.
nav-appointments = Appointments
nav-mediators = Mediators
mediators-title = Mediators
mediators-lead = Users with the mediator role, and the profiles the conflict checks read: nationalities, languages, expertise, service for States.
mediators-none = No user has the mediator role yet. Give it on the Users page.
mediators-no-profile = no profile yet
mediators-record = Record a profile
mediators-submit = Record the profile
mediator-field-user = Mediator
mediator-field-name = Name (Latin script)
mediator-field-native-name = Name in own script
mediator-field-nationalities = Nationalities
mediator-nationalities-hint = Three-letter codes, separated by commas: GHA, FRA
mediator-field-languages = Languages
mediator-field-expertise = Expertise (one per line)
mediator-field-state-service = Service for States (one per line)
mediator-service-hint = CODE: role until YYYY-MM-DD, or CODE: role while it lasts. For example: CHN: legal adviser until 2022-06-30
mediator-field-biography = Biography
mediator-profile-recorded = The profile was recorded.
mediator-refusal-not-a-mediator = This user does not have the mediator role.
mediator-refusal-no-profile = This mediator has no profile yet: record it on the Mediators page first.
mediator-refusal-not-found = Nothing here that you may see.
mediator-refusal-bar-without-agreement = The conflict checks found a bar. Record the reference of every party's written agreement to appoint this mediator anyway.
mediator-refusal-not-registered = Mediators are appointed to a registered case only.
mediator-refusal-already-appointed = This mediator is already appointed to the case.
mediator-refusal-already-answered = This appointment was already answered.
mediator-refusal-answer-late = The time to answer this appointment has passed.
mediator-refusal-declaration-incomplete = To accept, confirm your independence, impartiality and availability.
appointments-title = My appointments
appointments-none = You have no appointment.
appointment-status-pending = Awaiting your answer
appointment-status-accepted = Accepted
appointment-status-declined = Declined
appointment-on = appointed on { $date }
appointment-due = answer by { $date }
conflict-check = Conflict check run at appointment:
conflict-none = No finding.
severity-bar = Bar
severity-disclose = To disclose
severity-note = Note
finding-national-of-party-state = The mediator is a national of { $state }, a party.
finding-shares-nationality-with-party = The mediator shares the nationality of a party ({ $state }).
finding-serves-party-state = The mediator serves { $state }, a party.
finding-served-party-state = The mediator served { $state }, a party, in recent years.
finding-served-party-state-long-ago = The mediator served { $state }, a party, long ago.
appointment-agreement = The parties' written agreement: { $reference }
appointment-disclosures = Disclosed by the mediator: { $text }
declaration-title = Declaration of independence, impartiality and availability
declaration-independent = I am independent of the parties and their counsel.
declaration-impartial = I will act impartially.
declaration-available = I am available to conduct this mediation diligently.
declaration-disclosures = Circumstances the parties should know of (a continuing duty for the whole case)
appointment-accept = Accept and sign the declaration
appointment-decline = Decline
appointment-accepted-done = You accepted the appointment; you are now on the case.
appointment-declined-done = You declined the appointment.
appointment-made = The mediator was appointed, after the conflict checks; they have 20 days to accept.
case-mediators = Mediators
appoint-mediator = Appoint a mediator
appoint-agreement = The parties' written agreement, if a check finds a bar
appoint-agreement-hint = The reference of every party's written agreement, e.g. their letters and dates.
appoint-submit = Run the conflict checks
mail-appointment-subject = IOMed: you are appointed as a mediator
mail-appointment-body = You have been appointed as a mediator in a case. Sign in to read the conflict checks and to accept or decline: { $link }
mail-appointment-accepted-subject = IOMed: a mediator accepted the appointment
mail-appointment-accepted-body = A mediator accepted the appointment in a case you take part in, with a declaration. Sign in to read it: { $link }
mail-appointment-declined-subject = IOMed: a mediator declined the appointment
mail-appointment-declined-body = A mediator declined the appointment in a case you take part in. Sign in for details: { $link }

nav-panels = Panels of mediators
panels-title = Panels of mediators
panels-lead = The mediators designated by Contracting States to the panel for disputes between States and to the panel for commercial and investment disputes, with their public profiles.
panels-search = Name or expertise
panels-nationality = Nationality (three-letter code)
panels-none = No mediator matches.
panels-panels = Panels
panels-designated-by = Designated by
panel-inter-state = Disputes between States
panel-commercial-investment = Commercial and investment disputes
designations-title = Designations to the panels
designations-lead = Recorded on a Contracting State's notification: each State designates up to its quota per panel, for a renewable term (rules profile).
designation-state = Designating State
designation-state-hint = Its name or its three-letter code
designation-panel = Panel
designation-on = Date of the designation
designation-term = Term
designation-actions = Change
designation-ended = ended
designation-renew = Renew from today
designation-withdraw = Withdraw
designation-submit = Record the designation
designation-recorded = The designation was recorded.
designation-changed = The designation was changed.
designation-incomplete = Give the mediator, a State, the panel and the date.
mediator-refusal-not-contracting = Only a Contracting State designates mediators.
mediator-refusal-quota-reached = This State has designated as many mediators to this panel as the rules allow.
mediator-refusal-already-designated = This mediator is already designated by this State to this panel.
mediator-refusal-designation-ended = This designation has ended.
ranking-title = Your side's private ranking of candidates
ranking-hint = Number the candidates your side accepts, 1 for the best. Leave the others blank. The other side never sees your ranking: only the candidates both sides ranked are shown.
ranking-submit = Save the ranking
ranking-saved = Your ranking was saved.
ranking-agreed = Candidates both sides ranked, best first: { $names }
ranking-none-agreed = No candidate is on both sides' rankings yet.
mediator-refusal-bad-candidate = A candidate is not a mediator with a profile, or is listed twice.
appointment-status-removed = Removed after a challenge
challenge-by = Challenge by the { $side }
challenge-status-open = open: awaiting the Secretary-General's decision
challenge-status-upheld = upheld: the mediator left the case; a replacement is appointed by the same path
challenge-status-rejected = rejected
challenge-decision = Decision of the Secretary-General: { $text }
challenge-respond = Your response to the challenge
challenge-respond-submit = Send the response
challenge-decision-reasons = Reasons for the decision
challenge-uphold = Uphold the challenge
challenge-reject = Reject the challenge
challenge-reasons = Challenge this mediator: your reasons
challenge-submit = Challenge the mediator
challenge-made = The challenge was made. The other side and the mediator may respond; the Secretary-General decides.
challenge-answered = The response was recorded.
challenge-upheld = The challenge was upheld: the mediator left the case.
challenge-rejected = The challenge was rejected.
mediator-refusal-not-serving = Only a mediator who accepted the appointment can be challenged.
mediator-refusal-reasons-required = Give the reasons.
mediator-refusal-challenge-open = A challenge to this mediator is already open.
mediator-refusal-already-decided = This challenge is already decided.
mail-challenge-subject = IOMed: a mediator was challenged in your case
mail-challenge-body = A party challenged a mediator in a case you take part in. Sign in to read and respond: { $link }
mail-challenge-decided-subject = IOMed: a challenge was decided in your case
mail-challenge-decided-body = The Secretary-General decided a challenge in a case you take part in. Sign in to read the decision: { $link }
nav-neutrality = Neutrality
neutrality-title = Neutrality of the panels and appointments
neutrality-lead = Who is on the panels today and who has been appointed, by UN regional group, legal tradition, gender and nationality, and how appointments are spread among mediators. Aggregates only: no case is shown.
neutrality-csv = Download these numbers (CSV)
neutrality-by-group = By UN regional group
neutrality-by-tradition = By legal tradition
neutrality-by-gender = By gender (self-described)
neutrality-by-nationality = By nationality
neutrality-by-mediator = Appointments per mediator
neutrality-empty = Nothing to count yet.
neutrality-chart-alt = panel members and appointments per category; the same numbers are in the table below
neutrality-members = Panel members
neutrality-appointments = Appointments
neutrality-category-group = Regional group
neutrality-category-tradition = Legal tradition
neutrality-category-gender = Gender
neutrality-category-nationality = Nationality
neutrality-category-mediator = Mediator
neutrality-unknown = Not recorded
neutrality-not-given = Not given
tradition-common-law = Common law
tradition-civil-law = Civil law
tradition-islamic-law = Islamic law
tradition-customary-law = Customary law
tradition-mixed = Mixed
mediator-field-legal-tradition = Legal tradition
mediator-field-gender = Gender (self-described, optional)
search-title = Candidate search
search-score = Score
search-reasons = Why
rank-reason-expertise = Expertise in the subject { $detail } ({ $points })
rank-reason-caseload = { $count ->
    [one] Serves in 1 case now ({ $points })
   *[other] Serves in { $detail } cases now ({ $points })
}
rank-reason-region-balance = { $count ->
    [one] 1 appointment already held by a mediator of the same regional group ({ $points })
   *[other] { $detail } appointments already held by mediators of the same regional group ({ $points })
}
appointment-later-disclosure = Disclosed on { $date }:
disclosure-label = Disclose a new circumstance to the parties (a continuing duty)
disclosure-submit = Disclose
disclosure-made = The disclosure was sent to the parties.
sg-request-hint = No mediator has been appointed in time: either party may ask the Secretary-General to appoint one, after consulting the parties (W6).
sg-request-submit = Ask the Secretary-General to appoint
sg-request-made = The Secretary-General was asked to appoint a mediator.
sg-request-recorded = A party asked the Secretary-General to appoint a mediator on { $date }.
mediator-refusal-too-early = The parties still have time to appoint a mediator themselves.
mediator-refusal-already-requested = The Secretary-General has already been asked.
mail-disclosure-subject = IOMed: a mediator made a disclosure in your case
mail-disclosure-body = A mediator disclosed a new circumstance in a case you take part in. Sign in to read it: { $link }
mail-sg-request-subject = IOMed: the Secretary-General was asked to appoint
mail-sg-request-body = A party asked the Secretary-General to appoint a mediator in a case you take part in. Sign in for details: { $link }
finding-earlier-appointment-same-counsel = The mediator was appointed in another case in recent years in which counsel of a party here also acted.
finding-earlier-appointment-same-counsel-long-ago = The mediator was appointed long ago in another case in which counsel of a party here also acted.
mediator-field-relationships = Declared relationships (one per line)
mediator-relationships-hint = People, firms or organizations the mediator has ties with: checked against the parties, their counsel and co-mediators.
mediator-field-unavailable = Not taking new appointments now
rank-reason-unavailable = Not taking new appointments now ({ $points })
finding-declared-relationship-with-party = The mediator declared a relationship with a party or its counsel.
finding-relationship-with-co-mediator = The mediator declared a relationship with a co-mediator.
neutrality-small-categories = Categories of fewer than three, together
error-unauthorized-title = Sign-in needed
error-not-signed-in-body = Sign in, or present a Bearer token.
error-second-factor-required-body = Set up the second factor on /account/second-factor first.
error-scope-missing-body = This token lacks the write scope.
error-token-required-body = API writes need a Bearer token, not the session cookie.
error-invalid-token-body = The token is unknown, revoked or expired.
error-rate-limited-title = Too many requests
error-rate-limited-body = Try again in { $seconds } seconds.
error-unavailable-title = Not available just now
error-unavailable-body = Nothing can be recorded at the moment. Nothing you sent was recorded; please try again in a few minutes.
error-reference = If you contact the Secretariat about this, quote the reference { $id }.
error-refused = Refused: { $reason }
error-bad-form = The form could not be read. Go back, reload the page and try again.
error-bad-body = The request body does not match the schema: { $detail }
error-bad-query = The query is not one this address takes: { $detail }
sign-out-everywhere-note = Ends every session of yours, on every device, and revokes every API token you made. Programs that use them stop working until you make new ones.
account-token-needs-second-factor = An API token can be made only in a session that was signed in with the second factor. Set up the second factor, sign out and sign in again with it.
error-detail = { $detail }
request-filed = The request was filed. The other side has been told and invited to take part.
gap-too-long = { $field }: longer than { $max } characters.
case-bad-number = Give a number: the number of mediators (1 to 3), or the document number of the settlement agreement.
case-nav-label = This case
case-tab-overview = Overview
case-tab-documents = Case file
case-tab-messages = Messages
case-tab-mediators = Mediators
case-mediators-link = The appointments, conflict checks and challenges
case-appointments = Appointments
case-no-appointment = No mediator has been appointed yet.
case-mediators-after-registration = Mediators are ranked and appointed once the request is registered.
ranking-locked = Both sides have ranked: the rankings are final, and what both accept is shown above.
ranking-final-note = Once both sides have ranked, the rankings are final: nothing is shown to anyone before, and neither side can change its ranking after.
mediator-refusal-ranking-locked = Both sides have ranked: the rankings are final and can no longer be changed.
mediator-refusal-too-long = The text may be at most { $max } characters.
case-refusal-too-long = The text is too long.
ranking-bad-position = “{ $value }” is not a position. Give each candidate you accept a whole number (1 for your first choice) and leave the others blank.
mediator-refusal-agreement-too-long = The reference to the parties’ agreement may be at most { $max } characters.
error-bad-json = The request body is not JSON: { $detail }
error-unsupported-media-type = The request body must be JSON, sent with the header Content-Type: application/json.
error-body-too-large = The request body is too large. Nothing was written.
document-ref = { $audience } no. { $number }
audience-short-joint = Joint
audience-short-caucus = { $side } caucus
audience-short-mediators = Mediators
audience-short-secretariat = Secretariat
audience-short-side = { $side }, internal
case-settlement-none = No settlement agreement is in the joint case file yet: file it there first.
stage-closed = Closed
cases-filter = Filter the list
cases-filter-year = Year filed
cases-search = Title, case number or State
cases-filter-clear = Clear the filters
cases-total = Cases you may see: { $count }
cases-none-match = No case matches these filters.
pager-label = Pages of the list
pager-previous = Previous page
pager-next = Next page
paging-bad-limit = The number of items per page must be a whole number from 1 to { $max }.
paging-bad-cursor = This link to a page of the list is not valid here (it was altered, or made for another list or other filters). The list is shown from its start.
paging-bad-filter = The filter “{ $parameter }” has a value this list does not know. The list is shown without filters.
messages-earlier = Earlier messages
messages-later = Later messages
messages-earlier-label = Earlier messages in this thread
messages-later-label = Later messages in this thread
case-tab-history = History
case-history-all = { $count ->
    [one] The whole history: 1 step
   *[other] The whole history: { $count } steps
}
history-count = { $count ->
    [one] 1 step
   *[other] { $count } steps
}
document-refused-keys-changed = A case key was made or changed while the master key was being rotated; nothing was changed. Try again with the server stopped.

nav-inbox = Inbox
inbox-title = Your notifications
inbox-lead = What happened in your cases, newest first. Those shown here are marked read. They name what happened, never its content.
inbox-choices-link = Choose which are also sent by e-mail
inbox-list = Notifications
inbox-empty = No notification yet. You will find here each document filed, message sent and step taken in your cases.
inbox-new = New
account-notifications = Notifications by e-mail
account-notifications-lead = Every notification reaches your inbox. For each kind, choose whether it is also sent to you by e-mail. An e-mail carries a link, never the case's content.
notice-kind-filing = Documents filed
notice-kind-message = Messages
notice-kind-decision = Steps and decisions in your cases
email-choice-immediately = An e-mail for each, as it happens
email-choice-never = In the inbox only
account-notifications-saved = Your e-mail choices are saved.
account-notifications-invalid = Choose, for each kind, an e-mail for each, one e-mail a day, or the inbox only; nothing was changed.
nav-inbox-unread = { $count ->
    [one] 1 unread
   *[other] { $count } unread
}

notice-document = A new document in the case file
notice-message = A new message
notice-appointment-accepted = A mediator accepted the appointment
notice-appointment-declined = A mediator declined the appointment
notice-challenge = A mediator was challenged
notice-challenge-decided = A challenge was decided
notice-disclosure = A mediator made a disclosure
notice-sg-request = The Secretary-General was asked to appoint
notice-share-asked = A mediator asks your permission to share a document
notice-share-granted = A document was shared with you
notice-share-refused = Permission to share a document was refused

nav-menu = Menu

confirm-title = Check before you confirm
confirm-what = What you are about to do
confirm-told = Who will be told
confirm-told-nobody = Nobody else is on the case yet: nobody will be told.
confirm-told-how = Each is told in their inbox, and by e-mail if they chose it. The notice names the step, never the case's content.
confirm-final = This cannot be undone: the step is recorded for good in the case's history and in the signed ledger.
confirm-do = Confirm: { $act }
confirm-back = Go back without doing it
ledger-title = The public ledger and its signing keys
ledger-lead = Every change IOMed records — a filing, a registration, a decision, a change to the registry of States — is an entry in a hash-chained ledger. Its head is signed with the organization's Ed25519 key. With the public keys below, anyone can check a signed head or a case-file export, including one signed before a key was replaced.
ledger-head-heading = The head of the ledger, signed now
ledger-head-seq = Entries
ledger-head-hash = Head hash (BLAKE3)
ledger-head-signature = Signature (Ed25519)
ledger-head-key = Signed with the key
ledger-head-json = The signed head as JSON
ledger-keys-heading = Signing keys
ledger-keys-lead = A key signs only within its period. When a key is replaced, it signs a last checkpoint that names its successor, and stays listed here: what it signed before then still verifies, and anything it claims to have signed after does not.
ledger-keys-caption = The keys that sign or signed the ledger, oldest first
ledger-col-key = Public key (Ed25519, hex)
ledger-col-from = Signs from
ledger-col-until = Signs until
ledger-col-status = Status
ledger-since-start = The start of the ledger
ledger-until-now = Now (in use)
ledger-key-current = In use
ledger-key-retired = Retired
ledger-keys-json = Download the keys (JSON), to verify without this site
ledger-verify-heading = How to verify
ledger-verify-export = A case-file export is a zip whose manifest lists each file with its BLAKE3 hash and is signed with the key of the day it was made. With the downloaded keys, the iomed program checks the signature, that the key signed within its period and that every file is as exported:
ledger-verify-by-hand = Without our program: the file manifest.sig holds an Ed25519 signature, in hex, over the exact bytes of manifest.json, made by the key in public-key.txt, which must be one of those listed here.
ledger-verify-operator = The operator of a server recomputes the whole chain and checks every signed checkpoint, each with the key of its time:
screening-heading = Screening before registration
screening-intro = Registration needs every item below. Each document must be in the joint case file or the Secretariat's file.
screening-item-lodging-fee = Lodging fee
screening-item-consent = Written consent to mediate
screening-item-authority-requesting = Proof of authority of the requesting side's representative
screening-item-authority-responding = Proof of authority of the responding side's representative
screening-item-scope = Within the Organization's scope
screening-item-council-rule = Governing Council rule relied on (discretionary case)
screening-on-file = On file
screening-missing = Missing
screening-fee-recorded = Recorded as paid
screening-consent-by-offer = The offer to mediate was accepted
screening-scope-met = Yes, by the scope assessment below
screening-rule-named = Named
screening-rule-to-name = To be named in the registration form
screening-refused-lead = This case cannot be registered yet. Missing: { $names }
screening-refused = { $text }
list-separator = { "; " }
case-refusal-screening-incomplete = This case cannot be registered yet: screening finds items missing (see the checklist on the case page).
case-refusal-only-the-requester = Only the requesting side withdraws a request before it is registered; the other side answers the offer to mediate.
event-appointment-step = { $outcome ->
    [in_place] Every mediator the case needs has accepted: the appointment time limits are met.
   *[other] An appointment step: the period for lapse runs again from today.
}
case-refusal-mediators-in-place = Every mediator has accepted: the case no longer lapses for want of an appointment.
appointment-status-awaiting-mediator = Appointed, awaiting the mediator's answer
deadline-open-now = possible now
scope-offer-was-accepted = Without a prior agreement, the other side was invited to accept the offer to mediate, and accepted it.
scope-offer-not-accepted = Without a prior agreement, the other side was invited to accept the offer to mediate, and did not accept it.
money = { $currency } { $amount }
filing-back-to-draft = Back to the draft
filing-next-heading = What happens next
filing-next-filed = The request is filed with the Secretariat today, { $date }, and recorded in the signed ledger.
filing-next-offer = { $name } is invited by e-mail to accept the offer to mediate within { $days } days, by { $date }. Without an answer by then, the offer is deemed rejected.
filing-next-agreement = { $name } is told by e-mail that the request was filed under the parties’ prior agreement to mediate.
filing-next-fee = The lodging fee of { $fee } is due from your side and is not refunded. The Secretariat registers the request only once the fee is recorded as paid.
filing-next-receipt = You get a receipt on the next page and by e-mail.
filing-told-how = They are sent an e-mail, in the four languages, naming who filed, the filing reference and the day to answer by, with a link to sign in (and to set a password if they have no account yet); the rest of the request is read only behind sign-in. The Secretariat sees the request in its list of requests to screen.
filing-final = Filing cannot be undone: the request is recorded for good in the case’s history and the signed ledger, and the draft can no longer be changed. You may withdraw the request later, but the filing stays on record.
mail-receipt-subject = IOMed: your request for mediation was filed (reference { $reference })
mail-receipt-offer = The other side has until { $date } to accept the offer to mediate.
mail-receipt-agreement = No time limit runs until the request is registered.
receipt-title = Receipt of your request
receipt-filed-on = The request was filed on { $date }.
receipt-what = What was filed
receipt-reference = Filing reference
receipt-number = Case number
receipt-request = Request for mediation
receipt-filed = Filed on
receipt-fee = Lodging fee
receipt-fee-paid = recorded as paid
receipt-fee-due = due
receipt-how-to-pay = Pay by bank transfer to the account the Secretariat’s finance officer gives you on request, quoting the filing reference { $reference }. The finance officer records the payment; the request is registered only after that.
receipt-fee-note = IOMed’s fee schedule is not public yet: the amount is the default of the rules profile, taken from ICSID’s schedule (US$1,000 for a request for mediation, not refunded).
receipt-deadlines = The next time limit
receipt-next-pay = Pay the lodging fee, quoting the filing reference.
receipt-next-offer = The other side answers the offer to mediate; you are told in your inbox when it does.
receipt-next-agreement = The Secretariat screens the request (W4) and registers or refuses it; you are told in your inbox.
receipt-next-annexes = File the request’s annexes in the case file: the consent instrument, the proof of authority, the internal authorization. Screening checks them.
receipt-mailed = A copy of this receipt was sent by e-mail to the person who filed the request.
receipt-to-case = Go to the case
receipt-to-file = Add documents to the case file
case-filing-reference = Filing reference { $reference }
case-receipt-link = Receipt of the filing
mail-receipt-body = Dear { $name },

    Your request for mediation was filed with the International Organization for Mediation on { $date }. Its filing reference is { $reference }.

    The lodging fee of { $fee } is due. Pay by bank transfer to the account the Secretariat's finance officer gives you on request, quoting the reference. The request is registered only once the fee is recorded as paid.

    { $text }

    The receipt, with what was filed, is here (sign in to read it): { $link }
share-check-document = Document
share-check-file = File
share-check-filed = Filed by
share-check-asked-by = Permission asked by
share-check-readers = Who will see it
share-check-secretariat = The Secretariat’s staff who administer the case (registrar, Secretary-General)
share-check-final = This cannot be undone: a copy of the same content is filed in the joint file for good, and everyone above can read and download it. The original stays in your caucus.
appoint-act = Appoint this mediator
appoint-choose = Choose a candidate
appoint-choose-first = Choose the candidate to check and appoint.
appoint-check-heading = The conflict checks this appointment would record
appoint-told-how = The mediator is sent an e-mail asking them to accept or decline, and to file their declaration within { $days } days. Everyone on the case sees the appointment and its conflict checks on the case’s mediators page.
appoint-final = This cannot be undone: the appointment and its conflict checks are recorded for good in the case’s history and the signed ledger. If the mediator declines, or a challenge is upheld, another is appointed.
mediator-refusal-mediators-in-place = The case has every mediator it needs: none is appointed unless a challenge is upheld.
challenge-check-mediator = Mediator challenged
challenge-check-by = Challenged by
challenge-check-uphold = The mediator leaves the case at once. The appointment time limits run again from today, and another mediator is appointed.
challenge-check-reject = The mediator stays on the case, and the mediation goes on.
challenge-check-final = This cannot be undone: the decision and its reasons are recorded for good in the case’s history and the signed ledger, and everyone on the case reads them.
challenge-check-no-reasons = Give the reasons for the decision first: go back and write them.
user-deactivate-act = Deactivate this account
user-deactivate-sessions = The person can no longer sign in. Their sessions end now and their API tokens stop working.
user-deactivate-cases = The cases they are on keep them as they were: their filings, messages and steps stay in the record.
user-deactivate-again = You can activate the account again later.
user-deactivate-told = Nobody is told by e-mail. Their sign-in is refused as for a wrong password, so that the page reveals nothing about the account: tell them yourself if they should know.
user-deactivate-final = The deactivation takes effect at once and stays in the signed ledger, even if the account is activated again.
source-note = Secretariat’s source note (not shown to the public): { $source }
evidence-verified = Verified: confirmed by a source we retrieved and checked.
evidence-unverified = Not verified: reported in the press or by participants, not yet confirmed by an official source.
event-mediator-appointed = The Secretariat appointed { $name } as mediator, after the conflict checks.
event-mediator-accepted = { $name } accepted the appointment and signed the declaration.
event-mediator-declined = { $name } declined the appointment.
event-mediator-challenged = { $side } challenged the mediator { $name }.
event-challenge-answered = { $name } answered the challenge.
event-challenge-upheld = The challenge was upheld: { $name } left the case.
event-challenge-rejected = The challenge of { $name } was rejected.
event-mediator-disclosed = { $name } made a further disclosure.
event-sg-appointment-requested = { $side } asked the Secretary-General to appoint the mediators.
party-field-name = Name
document-language-choose = Choose the language
language-en = English
language-fr = French
language-zh-Hans = Chinese (Simplified)
language-zh-Hant = Chinese (Traditional)
language-ar = Arabic
language-es = Spanish
language-ru = Russian
language-pt = Portuguese
language-id = Indonesian
language-ms = Malay
language-sw = Swahili
language-ur = Urdu
mail-invite-offer = The request is an offer to mediate: you have until { $date } to accept or decline it.
mail-invite-agreement = The request relies on an agreement to mediate: no time limit runs for you before the Secretariat registers it.
standing-invited = Responding party, invited (has not consented yet)
messages-invited = Your side has been invited and has not consented to mediate yet. Until it accepts the offer, you read the request and its annexes in the case file; the messages of the case open to you once it accepts.
case-invited = Your side is invited to mediate. Read the request and its annexes in the case file, then accept or decline the offer below. Until you accept, you see nothing else of the case and can file nothing.
officer-heading = Case officer
officer-is = { $name } follows this case for the Secretariat.
officer-none = No officer follows this case yet.
officer-choose = Officer of the case
officer-none-option = No officer
officer-assign = Assign
officer-assigned = The case officer was recorded.
case-refusal-not-an-officer = A case officer must be a case secretary, the registrar, or the Secretary-General or Deputy.
case-refusal-officer-inactive = This account is deactivated: it cannot follow a case.
case-refusal-officer-unchanged = The case already has this officer.
queue-heading = Work queue
queue-waiting = Waiting on
queue-waits-on = Waiting on: { $text }
queue-all = Open cases
queue-mine = Yours
queue-unassigned = Without an officer
queue-deadlines = Time limits due in the coming days, and those overdue
waiting-screening = Screening
waiting-fee = Lodging fee
waiting-consent = The other side’s consent
waiting-appointment = Appointment of mediators
notice-reminder = { $step }: ends in { $days ->
        [one] 1 business day
       *[other] { $days } business days
    }
notice-kind-deadline = Time limits ending soon (7 and 1 business days before)
mail-reminder-subject = IOMed: a time limit ends soon in one of your cases
mail-reminder-body = A time limit ends soon in a case you take part in. { $step } (on { $date }).

    Sign in to see the case: { $link }

    This message carries no case content.
designation-withdraw-act = Withdraw the designation
designation-withdraw-panel = From today the mediator is no longer on this panel for this State: this designation no longer makes them a candidate.
designation-withdraw-cases = Cases in which the mediator already serves are not affected.
designation-withdraw-told = Nobody is sent an e-mail. The withdrawal is recorded in the ledger, and the public panels page no longer lists this designation.
designation-withdraw-final = This cannot be undone: a withdrawn designation cannot be renewed. To bring the mediator back, the State designates them again.
designation-withdraw-ended = This designation has ended already: there is nothing to withdraw.
email-choice-daily = One e-mail a day, at 8:00 your time, with those you have not read
email-choice-daily-note = The daily e-mail is sent at 8:00 in your time zone ({ $zone }); a notification you read in the inbox before then is left out.
mail-digest-subject =
    { $count ->
        [one] IOMed: 1 notification you have not read
       *[other] IOMed: { $count } notifications you have not read
    }
mail-digest-intro = Here is what happened in your cases since your last daily e-mail. Each line links to the page; the case's content is only on the site, after you sign in.
mail-digest-outro = You chose one e-mail a day for these notifications. To change it: { $link }
error-unknown-state-name = “{ $code }” is not the name or code of a United Nations member or observer State.
error-unknown-state-suggest = “{ $code }” is not the name or code of a United Nations member or observer State. Did you mean { $names }?
list-or-separator = {" or "}
state-quoted = “{ $name }”
error-summary-title = There is a problem
mail-officer-subject = IOMed: you are the officer of a case
notice-officer = You are now this case's officer
mail-officer-body = You were made the officer of a case: you follow it for the Secretariat, and its work queue counts it as yours.

    Sign in to read it: { $link }

    This message carries no case content. If you do not expect it, tell the Registrar.
invite-bad-email = Enter an e-mail address, like name@example.org.
invite-bad-name = Enter the person's name (at most 120 characters).
scope-source-request-contents = Request for mediation: its contents (ICSID Mediation Rule 5, the default until IOMed's rules are public)
scope-source-consent = E2: mediation only by the parties' consent, given before or after the dispute arose (IOMed's scope of cases)
scope-source-categories = E1: the three categories of dispute (IOMed's scope of cases)
scope-source-contracting-states = E3, E12: disputes between Contracting States, from the date the Convention is in force for them
scope-source-non-contracting-states = E4, E9, E12: non-Contracting States may be served under rules of the Governing Council
scope-source-international-organizations = E4: international organizations may be served under rules of the Governing Council
scope-source-declarations = E5: categories of dispute a State has excluded by declaration
scope-source-third-states = E6, E7: a dispute involving a third State needs that State's prior consent
scope-source-nationals = E8, E10: a national of another State (dual nationals reviewed)
scope-source-state-national = E8: commercial or investment disputes between a State and a national of another State
scope-source-internationality = E11: what makes a dispute international, by default after the Singapore Convention, Art. 1 (not confirmed for IOMed)
scope-source-commercial = E11: international commercial disputes between private parties
api-op-list_my_appointments = Your own appointments as a mediator, newest first.
api-op-answer_appointment = Accept an appointment with the declaration, or decline it.
api-op-list_cases = The cases you may see, newest first, filtered by stage, category, year or words.
api-op-get_case = One case, with its deadlines and procedural history.
api-op-agreed_candidates = The candidates both sides ranked, best first, once both have.
api-op-list_case_appointments = A case's appointments, with their conflict checks.
api-op-appoint_mediator = Appoint a mediator after the conflict checks (the Secretary-General, the Deputy, the Registrar).
api-op-list_challenges = A case's challenges.
api-op-challenge_mediator = Challenge a serving mediator, respond to a challenge, or decide it.
api-op-list_documents = The documents of a case you may see, oldest first.
api-op-file_document = File a document: its details, then the file, encrypted at rest.
api-op-export_case = Export the case file you may see, signed.
api-op-list_messages = The messages of a case you may see, oldest first; they are marked read.
api-op-send_message = Send a message to one audience of a case.
api-op-assign_officer = Make a member of the Secretariat the case's officer.
api-op-rank_candidates = Rank the candidates for your side, privately.
api-op-take_step = Take a step in a case; one out of turn or too late is refused with its reason.
api-op-due_deadlines = The deadlines of every open case due in 14 days, and those overdue (the Secretariat).
api-op-get_document = One document's details; the view is recorded.
api-op-download_document = Download a document, after its integrity check; the download is recorded.
api-op-ask_to_share = A mediator asks a side for permission to share its caucus document with everyone.
api-op-ledger_head = The ledger's head, signed now.
api-op-ledger_keys = Every key that has signed the ledger, in the order of use.
api-op-me = Who you are, and your roles.
api-op-list_notifications = Your notifications, newest first; they are marked read.
api-op-list_panel_members = The members of the two panels today, with their public profiles.
api-op-public_register = The public register of the cases whose every side agreed to publication.
api-op-create_request = Create a draft request for mediation.
api-op-get_request = One of your draft requests, with what it still lacks.
api-op-update_request = Replace a draft request that is not filed yet.
api-op-file_request = File a draft request; an incomplete one is refused with everything it lacks.
api-op-check_scope = Whether IOMed may mediate a dispute, with every reason; no account needed, nothing stored.
api-op-answer_share_request = Answer a request to share a caucus document; a grant files it for everyone.
api-op-list_states = Every UN member and observer State with its IOMed status.
api-op-get_state = One State, by its ISO 3166-1 alpha-3 code.
api-op-healthz = Alive: the process answers.
api-op-readyz = Ready: the database answers.
doctype-internal-authorization = Internal authorization
annexes-heading = Annexes
annexes-save-first = Save the draft to attach its annexes: the consent instrument, the proof of authority, the internal authorization and any exhibits.
annexes-lead = Attach the documents the request relies on. Until you file, only you can see them. Filing puts them in the joint case file, where the other side reads them with the request.
annexes-none = No annexes are attached yet.
annexes-size = Size
annexes-remove = Remove
annexes-help = Each row takes one or more files of the same type and language (hold Ctrl, or ⌘ on a Mac, to choose several). Each annex is titled by its file name. Up to { $max } more annexes, each up to 2 GiB.
annexes-row = Annexes, row { $number }
annexes-type-choose = Choose the type
annexes-files = Files
annexes-attach = Attach the files
annexes-full = This draft holds { $max } annexes, the most it takes. File any others in the case file once the request is filed.
annexes-error-title = The files were not attached. Nothing of this upload was kept:
annexes-error-no-file = Choose at least one file to attach.
annexes-attached = Annexes attached: { $count }.
annexes-removed = The annex was taken off the draft.
case-refusal-too-many-annexes = A draft holds at most { $max } annexes. File the others in the case file once the request is filed.
case-refusal-no-such-annex = That annex is not on this draft.
filing-annexes = Annexes, put in the joint case file
filing-no-annexes = None. You can file them in the case file afterwards.

annexes-caption =
    { $count ->
        [one] One annex
       *[other] { $count } annexes
    }
api-op-list_annexes = The annexes of one of your drafts, in the order attached.
api-op-attach_annex = Attach an annex to one of your drafts: a meta part, then the file. Only you see it until you file.
api-op-detach_annex = Take an annex off one of your drafts not filed yet; its content is deleted.
api-op-download_annex = Download an annex of one of your drafts, as attached.
annexes-row-error = { $group }: { $detail }
