## Layout
site-name = IOMed
site-title = Organisation internationale pour la médiation
skip-to-content = Aller au contenu
nav-label = Principal
nav-home = Accueil
nav-members = États membres
nav-api = API
lang-switch-label = Langue
footer-about = iomed est un logiciel libre qui fait fonctionner le registre et les affaires de l’IOMed. Ce site présente des données de démonstration : les personnes, sociétés et différends y sont fictifs ; les États et leur statut à l’égard de l’IOMed sont réels, dans la mesure de nos sources.
footer-ledger = Registre public : { $seq } inscriptions, empreinte de tête { $hash }.
footer-ledger-link = Le registre signé et ses clés

## Home
home-title = La médiation entre États, investisseurs et entreprises, par consentement
home-lead = L’Organisation internationale pour la médiation (IOMed) est une organisation intergouvernementale dont le siège est à Hong Kong. Sa Convention a été signée le 30 mai 2025. Elle aide les parties à un différend international à trouver leur propre règlement, avec les médiateurs qu’elles choisissent, et seulement si toutes acceptent la médiation.
home-what-heading = Ce que fait l’IOMed
home-what-body = La médiation n’est ni un tribunal ni un arbitrage : personne n’impose de décision. Un médiateur neutre aide les parties à dialoguer, à comprendre leurs intérêts respectifs et à rédiger un accord que toutes peuvent accepter. Ce qui se dit en médiation reste confidentiel, et chaque partie peut y mettre fin à tout moment.
home-kinds-heading = Trois types de différends
kind-state-state = Entre États
kind-state-state-desc = Différends juridiques ou factuels, désaccords ou questions préoccupantes entre États, y compris ceux qui concernent un État tiers si celui-ci y consent au préalable.
kind-state-national = Entre un État et un ressortissant d’un autre État
kind-state-national-desc = Différends d’investissement et commerciaux entre un État et une société ou une personne d’une autre nationalité.
kind-private = Entre parties privées
kind-private-desc = Différends commerciaux internationaux entre sociétés ou personnes dont les établissements se trouvent dans des États différents.
home-who-heading = Qui peut y recourir
home-who-body = Les États contractants et leurs ressortissants peuvent soumettre les différends qui relèvent de la Convention. Les États non contractants et les organisations internationales peuvent y recourir selon les règles adoptées par le Conseil d’administration. Un État peut exclure par déclaration certaines catégories de différends, comme la souveraineté territoriale.
home-steps-heading = Le déroulement d’une médiation
step-request = Requête
step-request-desc = Une partie dépose une requête en médiation auprès du Secrétariat, avec l’accord de médiation ou une offre de médiation, et acquitte le droit de dépôt.
step-consent = Consentement
step-consent-desc = En l’absence d’accord préalable, l’autre partie est invitée à accepter ou à refuser l’offre de médiation. Rien ne se fait sans son consentement.
step-register = Enregistrement
step-register-desc = Le Secrétariat vérifie que le différend relève de la compétence de l’IOMed et l’enregistre. L’affaire reçoit son numéro et le règlement en vigueur à la date du dépôt s’applique.
step-mediator = Médiateurs
step-mediator-desc = Les parties choisissent un ou plusieurs médiateurs, sur les listes de l’IOMed ou d’un commun accord ; chacun déclare tout ce qui pourrait mettre en doute son indépendance.
step-sessions = Séances
step-sessions-desc = Le médiateur rencontre les parties ensemble et séparément. Ce qu’une partie dit en séance séparée ne parvient à l’autre qu’avec sa permission.
step-settlement = Accord
step-settlement-desc = Si les parties s’entendent, elles signent un accord de règlement. Sinon, la médiation prend fin et chaque partie conserve tous ses droits.
home-registry-heading = États membres
home-registry-counts = { $contracting ->
    [one] { $contracting } État a
   *[other] { $contracting } États ont
} consenti à être liés par la Convention, et { $signatories ->
    [one] { $signatories } autre l’a signée.
   *[other] { $signatories } autres l’ont signée.
}
home-registry-link = Voir le statut de chaque État

## Members
members-title = Registre des États membres
members-lead = Chaque État membre de l’Organisation des Nations Unies et les deux États observateurs, avec leur statut au regard de la Convention IOMed. Les dates sont celles des actes ; l’historique de chaque fiche est lu dans le registre public signé.
members-filter-legend = Filtrer la liste
filter-status = Statut
filter-group = Groupe régional de l’ONU
filter-any = Tous
filter-apply = Appliquer les filtres
members-count = { $count ->
    [one] { $count } État affiché.
   *[other] { $count } États affichés.
}
members-empty = Aucun État ne correspond à ces filtres.
members-caption = Les États et leur statut au regard de la Convention IOMed
col-state = État
col-code = Code
col-group = Groupe régional
col-status = Statut
col-signed = Signature
col-consent = Consentement à être lié
col-in-force = En vigueur pour lui
col-founding = Membre fondateur
col-declarations = Déclarations
members-unverified-note = Mention « non vérifié » : un fait inscrit provient d’une source que nous n’avons pas pu vérifier.
unverified = non vérifié
observer-state = État observateur auprès de l’ONU
date-unknown = date inconnue
yes = Oui
no = Non
unknown = Inconnu
status-non_signatory = Non signataire
status-signatory = Signataire
status-contracting = État contractant
status-withdrawn = Retiré
group-african = Groupe des États d’Afrique
group-asia_pacific = Groupe des États d’Asie et du Pacifique
group-eastern_european = Groupe des États d’Europe orientale
group-latin_american_caribbean = Groupe des États d’Amérique latine et des Caraïbes
group-western_european_others = Groupe des États d’Europe occidentale et autres États
group-none = Aucun groupe régional

## One State
member-record-heading = Situation au regard de la Convention
field-un-membership = Nations Unies
un-member = État membre
un-observer = État non membre observateur
field-status = Statut
field-signed = Signature
field-consent = Consentement à être lié
field-in-force = Convention en vigueur pour lui
field-founding = Membre fondateur
field-code = Code ISO 3166-1
in-force-pending = pas encore connu
instrument-ratification = par ratification
instrument-acceptance = par acceptation
instrument-approval = par approbation
instrument-accession = par adhésion
consent-before-eif = avant l’entrée en vigueur de la Convention (date exacte inconnue)
member-unverified-warning = Certains faits de cette page proviennent de sources que nous n’avons pas pu vérifier. Ils sont affichés, et signalés, jusqu’à ce que le registre du dépositaire les confirme.
member-verified = Tous les faits de cette page proviennent de sources vérifiées.
member-no-record = Aucune inscription : cet État n’a pas signé la Convention.
eif-note = La Convention est entrée en vigueur le { $date }.
founding-note = Sont membres fondateurs les États qui consentent à être liés dans les deux ans suivant l’entrée en vigueur (cinq ans pour les États de la Déclaration conjointe de 2022).
member-declarations-heading = Déclarations excluant des catégories de différends
member-no-declarations = Aucune déclaration inscrite.
decl-number = N°
decl-subjects = Catégories exclues
decl-made = Faite le
decl-withdrawn = Retirée le
decl-text = Texte
decl-in-force = en vigueur
subject-territorial_sovereignty = Souveraineté territoriale
subject-maritime_delimitation = Délimitation maritime
subject-maritime_interests = Intérêts maritimes
subject-investment = Investissement
subject-trade = Commerce
subject-energy = Énergie
subject-water = Eau
subject-environment = Environnement
subject-other = Autres questions
member-history-heading = Historique
member-history-lead = Chaque modification de cette fiche est une inscription du registre public, chaînée par empreinte à toutes les inscriptions précédentes.
member-history-empty = Aucune inscription pour l’instant.
hist-seq = Inscription
hist-recorded = Inscrite le
hist-event = Événement
hist-hash = Empreinte
event-registry-signed = Signature inscrite
event-registry-consented_to_be_bound = Consentement à être lié inscrit
event-registry-declaration_made = Déclaration inscrite
event-registry-declaration_withdrawn = Retrait d’une déclaration inscrit
event-registry-denounced = Dénonciation inscrite
event-registry-entry_into_force_recorded = Entrée en vigueur inscrite
denounced-note = Dénonciation notifiée le { $date } ; elle prend effet le { $on }.
back-to-members = Retour au registre

## Dates
date = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Errors
error-not-found-title = Page introuvable
error-not-found-body = Il n’y a rien à cette adresse. La page a peut-être été déplacée, ou le lien est mal saisi.
error-bad-request-title = La requête n’a pas pu être comprise
error-internal-title = Une erreur s’est produite de notre côté
error-internal-body = L’erreur a été enregistrée. Veuillez réessayer dans un instant.
error-home-link = Aller à l’accueil
error-unknown-state = « { $code } » n’est pas le code d’un État membre ou observateur de l’Organisation des Nations Unies.
error-bad-status = « { $value } » n’est pas un statut. Utilisez : non_signatory, signatory, contracting, withdrawn.
error-bad-group = « { $value } » n’est pas un groupe régional de l’ONU.

## API
api-title = API JSON
api-lead = Tout ce que montrent ces pages est aussi disponible en JSON. L’API est décrite par un document OpenAPI 3.1 ; les erreurs sont au format application/problem+json avec un « code » stable.
api-spec-link = Document OpenAPI
api-method = Méthode
api-path = Chemin
api-summary = Résumé
api-verify-heading = Vérifier le registre vous-même
api-verify-body = La tête du registre est signée en Ed25519. Le message signé est formé des 27 octets « iomed ledger checkpoint v1 » suivis d’un saut de ligne, puis du numéro d’inscription en entier non signé de 64 bits gros-boutiste, puis de l’empreinte BLAKE3 de 32 octets. Quiconque détient la clé publique peut vérifier une tête sans faire confiance à ce serveur.

## Accounts
nav-users = Utilisateurs
nav-account = Compte
nav-sign-out = Se déconnecter
nav-sign-in = Se connecter
sign-in-title = Connexion
field-email = Adresse électronique
field-password = Mot de passe
sign-in-button = Se connecter
sign-in-help = Les comptes sont créés par le Secrétariat. Si vous ne pouvez pas vous connecter, contactez le Secrétariat.
sign-in-failed = Ces informations de connexion sont incorrectes.
sign-in-locked = Trop de tentatives infructueuses. Réessayez dans { $minutes } minutes, ou demandez au Secrétariat de débloquer votre compte.
account-title = Votre compte
account-profile = Profil
field-name = Nom
field-roles = Rôles
no-roles = Aucun rôle
account-preferences = Préférences
field-language = Langue
field-time-zone = Fuseau horaire
time-zone-help = Un fuseau horaire IANA, par exemple Asia/Hong_Kong ou Africa/Nairobi.
save = Enregistrer
account-password = Mot de passe
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
password-help = Au moins 12 caractères. Quelques mots sans rapport entre eux font un bon mot de passe. Les mots de passe courants ou divulgués sont refusés.
account-change-password = Changer le mot de passe
account-sessions = Où vous êtes connecté
session-started = Connexion
session-expires = Expiration
session-browser = Navigateur
actions = Actions
session-current = ce navigateur
session-end = Y mettre fin
sign-out-everywhere = Se déconnecter partout
account-tokens = Jetons d’API
account-tokens-lead = Un jeton permet à un programme d’utiliser l’API en votre nom : envoyez-le après « Authorization: Bearer ». Il n’est affiché qu’une fois, à sa création.
token-scopes = Portées
token-revoked = révoqué ou expiré
token-revoke = Révoquer
token-days = Validité (jours)
token-create = Créer un jeton
account-token-once = Copiez ce jeton maintenant : il ne sera plus affiché.
account-token-created = Le jeton a été créé.
account-token-revoked = Le jeton a été révoqué.
account-session-ended = Cette session a été fermée.
account-saved = Enregistré.
account-password-changed = Votre mot de passe a été changé.
account-wrong-password = Le mot de passe actuel est incorrect.
account-bad-language = Choisissez l’une des langues proposées.
account-bad-time-zone = « { $value } » n’est pas un fuseau horaire. Utilisez un nom comme Asia/Hong_Kong.
account-bad-token = Donnez au jeton un nom (80 caractères au plus) et une validité de 1 à { $max } jours.
refusal-email_taken = Un compte existe déjà avec cette adresse électronique.
refusal-no_such_user = Cet utilisateur n’existe pas.
refusal-no_such_token = Ce jeton n’existe pas.
refusal-no_such_session = Cette session n’existe pas.
refusal-password_too_short = Un mot de passe doit compter au moins 12 caractères.
refusal-password_too_long = Un mot de passe compte au plus 256 caractères.
refusal-password_common = Ce mot de passe figure sur une liste de mots de passe courants ou divulgués : choisissez-en un autre.
refusal-password_is_email = Le mot de passe ne doit pas être votre adresse électronique.
users-title = Utilisateurs
users-lead = Les comptes, leurs rôles, et les comptes bloqués après des échecs de connexion répétés.
user-active = Actif
user-deactivated = Désactivé
user-locked = bloqué encore { $minutes } minutes
user-unlock = Débloquer
user-deactivate = Désactiver
user-activate = Réactiver
role-secretary_general = Secrétaire général
role-deputy_secretary_general = Secrétaire général adjoint
role-registrar = Greffier
role-case_secretary = Secrétaire d’affaire
role-finance_officer = Responsable financier
role-representative = Représentant d’une partie
role-mediator = Médiateur
role-council_representative = Représentant au Conseil d’administration
role-council_alternate = Suppléant au Conseil d’administration
error-forbidden-title = Action non autorisée
error-forbidden-body = Votre compte ne permet pas cette action. Si vous en avez besoin, adressez-vous au Secrétariat.
error-csrf-body = Ce formulaire a expiré ou n’a pas été envoyé par ce site. Revenez en arrière, rechargez la page et réessayez.

## Second factor
second-factor-title = Second facteur
second-factor-lead = Saisissez le code à 6 chiffres que votre application d’authentification affiche pour IOMed.
field-otp-code = Code
second-factor-use-recovery = Utiliser plutôt un code de secours
field-recovery-code = Code de secours
second-factor-submit = Continuer
second-factor-cancel = Annuler et se déconnecter
second-factor-failed = Le code est incorrect ou a déjà été utilisé. Attendez le code suivant et réessayez.
enroll-title = Configurer le second facteur
enroll-done = Le second facteur est configuré.
enroll-recovery-once = Conservez ces codes de secours en lieu sûr. Chacun sert une fois, si vous perdez votre appareil. Ils ne seront plus affichés.
enroll-continue = Continuer vers votre compte
enroll-enabled = Le second facteur est activé.
enroll-codes-left = { $count ->
    [one] { $count } code de secours restant.
   *[other] { $count } codes de secours restants.
}
enroll-scan = Scannez ce code avec une application d’authentification (toute application compatible TOTP), ou saisissez la clé ci-dessous.
enroll-qr-alt = Code QR pour votre application d’authentification. La même clé est écrite ci-dessous.
enroll-key = Clé :
enroll-confirm = Confirmer
enroll-required = Votre rôle exige un second facteur. Configurez-le pour continuer.
enroll-optional = Un second facteur protège votre compte si votre mot de passe est volé.
enroll-start = Configurer une application d’authentification
account-second-factor = Second facteur
account-second-factor-link = Gérer le second facteur
refusal-code_not_accepted = Le code est incorrect ou a déjà été utilisé.
refusal-no_pending_second_factor = Aucun second facteur n’est en cours de configuration.

## Invitations and password reset
sign-in-forgot = Mot de passe oublié ?
invite-title = Inviter un utilisateur
invite-lead = La personne reçoit un courriel avec un lien pour définir son mot de passe. Le lien sert une fois, pendant 72 heures.
invite-button = Envoyer l’invitation
invite-sent = L’invitation a été envoyée.
reset-title = Réinitialiser votre mot de passe
reset-lead = Saisissez votre adresse électronique. Si elle correspond à un compte, nous envoyons un lien pour choisir un nouveau mot de passe ; il sert une fois, pendant une heure.
reset-button = Envoyer le lien
reset-sent = Si cette adresse correspond à un compte, un lien vous a été envoyé. Consultez votre messagerie.
set-password-title = Définir votre mot de passe
set-password-welcome = Bienvenue à l’IOMed. Choisissez un mot de passe pour terminer la création de votre compte.
set-password-reset = Choisissez un nouveau mot de passe. Toutes vos sessions ouvertes seront fermées.
set-password-button = Définir le mot de passe
set-password-done = Votre mot de passe est défini. Vous pouvez maintenant vous connecter.
link-not-valid-title = Ce lien ne peut pas être utilisé
link-not-valid = Le lien a expiré ou a déjà été utilisé. Demandez une nouvelle invitation au Secrétariat, ou un nouveau lien de réinitialisation.
refusal-link_not_valid = Le lien a expiré ou a déjà été utilisé.
refusal-no_such_mail = Aucun courriel de ce type n’attend d’être envoyé.
mail-invite-subject = Votre invitation à l’IOMed
mail-invite-body = Bonjour { $name },

    Le Secrétariat de l’Organisation internationale pour la médiation a créé un compte à votre nom.
    Définissez votre mot de passe avec ce lien (valable 72 heures, utilisable une fois) :

    { $link }

    Si vous n’attendiez pas ce message, vous pouvez l’ignorer.
mail-reset-subject = Réinitialisation de votre mot de passe IOMed
mail-reset-body = Bonjour { $name },

    Une réinitialisation du mot de passe de votre compte IOMed a été demandée. Pour en choisir un
    nouveau, utilisez ce lien (valable une heure, utilisable une fois) :

    { $link }

    Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.

## Organizations
nav-organizations = Organisations
orgs-title = Organisations
orgs-lead = Délégations d’États, ministères, organisations internationales, cabinets et sociétés, et qui peut agir pour chacun — avec le document qui confère le pouvoir, qui l’a conféré et sa période de validité.
orgs-empty = Aucune organisation pour l’instant.
orgs-members = Membres
orgs-no-members = Aucun membre pour l’instant.
orgs-document = Document conférant le pouvoir
orgs-granted-by = Conféré par
orgs-validity = Validité
orgs-valid-from = Valable à partir du
orgs-valid-until = Valable jusqu’au (facultatif)
orgs-not-valid-now = non valable aujourd’hui
orgs-remove = Retirer
orgs-add-member = Ajouter un membre
orgs-new = Nouvelle organisation
orgs-kind = Type
orgs-state = État
orgs-state-help = Obligatoire pour une délégation d’État ou un ministère.
orgs-create = Créer l’organisation
org-kind-state_delegation = Délégation d’État
org-kind-ministry = Ministère
org-kind-international_organization = Organisation internationale
org-kind-law_firm = Cabinet d’avocats
org-kind-company = Société
org-kind-other = Autre
refusal-organization_name = Le nom d’une organisation compte de 1 à 200 caractères.
refusal-organization_state_missing = Une délégation d’État ou un ministère doit indiquer son État.
refusal-authority_incomplete = Indiquez le document qui confère le pouvoir et qui l’a conféré.
refusal-authority_dates = Indiquez une date de début valide, et une date de fin qui ne la précède pas.
refusal-no_such_organization = Cette organisation ou cette appartenance n’existe pas.

## Scope
scope-outcome-in_scope = L’IOMed peut assurer la médiation de ce différend.
scope-outcome-out_of_scope = L’IOMed ne peut pas assurer la médiation de ce différend tel qu’il est décrit.
scope-outcome-discretionary = L’IOMed peut assurer la médiation de ce différend selon les règles du Conseil d’administration, ou après examen.
scope-outcome-incomplete = Des informations supplémentaires sont nécessaires pour se prononcer.
scope-too_few_parties = Un différend suppose au moins deux parties.
scope-consent_missing = Indiquez comment les parties consentent à la médiation : un accord préalable, ou une offre de médiation.
scope-consent_after_filing = Un accord daté du { $date } est postérieur au dépôt : ce n’est pas un accord préalable.
scope-offer_needs_acceptance = Faute d’accord préalable, l’autre partie sera invitée à accepter l’offre de médiation.
scope-subjects_missing = Indiquez l’objet du différend.
scope-party_not_a_state = Un différend entre États n’a pour parties que des États (ou des organisations internationales).
scope-state_in_private_dispute = { $state } est un État : un différend avec un État n’est pas un différend entre parties privées.
scope-no_state_party = Un différend entre un État et le ressortissant d’un autre État suppose un État partie.
scope-no_national_party = Un différend entre un État et le ressortissant d’un autre État suppose une société ou une personne partie.
scope-organization_not_allowed_here = Une organisation internationale n’est pas partie dans cette catégorie de différends.
scope-contracting_state = { $state } est un État contractant à la date du dépôt.
scope-non_contracting_state = { $state } n’est pas un État contractant à la date du dépôt.
scope-in_force_date_unknown = { $state } est signalé comme lié par la Convention, mais la date d’entrée en vigueur à son égard n’est pas inscrite.
scope-international_organization = Une organisation internationale est partie.
scope-excluded_by_declaration = { $state } a exclu les différends relatifs à : { $subject }, par sa déclaration n° { $number }.
scope-third_state_consent_missing = Le différend concerne { $state }, qui n’a pas donné son consentement préalable.
scope-third_state_consented = Le différend concerne { $state }, qui a donné son consentement préalable.
scope-nationality_missing = Indiquez la nationalité de chaque société ou personne.
scope-national_of_respondent_state = La société ou la personne a la nationalité de { $state }, l’État partie : ce n’est pas le ressortissant d’un autre État.
scope-dual_national_review = La société ou la personne a aussi la nationalité de { $state }, l’État partie : le Secrétariat examinera ce point.
scope-not_evidently_commercial_or_investment = Les objets indiqués ne relèvent pas manifestement du commerce ou de l’investissement.
scope-place_of_business_missing = Indiquez l’établissement de chaque partie privée.
scope-not_international = Toutes les parties ont leur établissement dans le même État : le différend n’est pas international.
scope-not_commercial = { $subject } : ce n’est pas une matière commerciale entre parties privées.
nav-scope = L’IOMed peut-elle intervenir ?
scope-title = L’IOMed peut-elle assurer la médiation de ce différend ?
scope-lead = Décrivez le différend : la réponse découle du champ de compétence de la Convention et du registre des États membres tel qu’il était à la date du dépôt, avec chaque motif et sa source. Rien de ce que vous saisissez n’est conservé.
scope-result = La réponse
scope-not-binding = Il s’agit d’une indication, non d’une décision : le Secrétariat examine chaque requête en médiation.
scope-category = Type de différend
scope-category-state_state = Entre États
scope-category-state_national = Entre un État et le ressortissant d’un autre État
scope-category-private_commercial = Commercial international, entre parties privées
scope-filed-on = Date du dépôt
scope-party = Partie { $number }
scope-party-kind = Type de partie
scope-kind-state = État
scope-kind-organization = Organisation internationale
scope-kind-company = Société
scope-kind-person = Personne
scope-party-state = État (pour un État partie)
scope-nationality = Nationalité
scope-second-nationality = Seconde nationalité, le cas échéant
scope-place-of-business = Établissement
scope-subjects = Objet du différend
scope-third-states = États tiers concernés (différends entre États)
scope-third-state = État tiers { $number }
scope-third-consented = a donné son consentement préalable
scope-consent = Consentement à la médiation
scope-basis-prior_agreement = Un accord préalable de médiation
scope-basis-offer = Une offre de médiation, à accepter
scope-basis-none = Pas encore
scope-consent-date = Date de l’accord ou de l’offre
scope-check = Vérifier
scope-bad-date = « { $value } » n’est pas une date.

## Requêtes et affaires
nav-cases = Affaires
nav-deadlines = Échéances
error-conflict-title = Impossible pour l’instant
gap-missing = { $field } : manquant.
gap-invalid = { $field } : non valable.
gap-unknown-state = { $field } : État inconnu (saisissez son nom ou son code à trois lettres).
gap-no-requesting-party = Indiquez au moins une partie requérante.
gap-no-responding-party = Indiquez au moins une partie défenderesse.
request-field-category = Nature du différend
request-field-summary = Exposé des questions en litige
request-field-parties = Parties
request-field-side = Côté
request-field-kind = Nature de la partie
request-field-state = État
request-field-name = Nom
request-field-nationalities = Nationalité
request-field-place-of-business = Établissement
request-field-contact = Coordonnées (adresse, courriel ou téléphone)
request-field-subjects = Objets
request-field-third-states = État tiers
request-field-consent-basis = Fondement du consentement
request-field-consent-date = Date de l’accord ou de l’offre
request-field-consent-document = Instrument de consentement (clause, article de traité ou lettre, avec sa date)
request-field-authority-document = Preuve de votre pouvoir de représenter la partie
request-field-internal-authorization = Autorisation interne de la société ou de l’organisation
request-field-other-side-name = Nom du représentant de l’autre partie
request-field-other-side-email = Courriel du représentant de l’autre partie
request-field-signature = Signature (saisissez votre nom complet)
request-title = Requête de médiation
request-lead = Votre brouillon est enregistré chaque fois que vous cliquez sur Enregistrer ; rien n’est envoyé avant le dépôt. Au dépôt, tout ce qui manque est indiqué en une fois.
request-gaps-lead = La requête ne peut pas encore être déposée. Votre brouillon est enregistré. Complétez ces éléments :
request-scope-preview = Ce que dit l’examen de compétence si vous déposez aujourd’hui
request-summary-help = Les faits et les questions, en quelques paragraphes. Ce texte est confidentiel.
request-authority = Pouvoirs
request-documents-help = Décrivez chaque document (titre, date, signataires) et joignez les fichiers eux-mêmes ci-dessous, sous Annexes, une fois le brouillon enregistré.
request-other-side = L’autre partie
request-other-side-help = Nous invitons cette personne par courriel à prendre part à l’affaire. Sans accord préalable, elle est priée d’accepter ou de refuser l’offre de médiation avant une échéance.
request-signature-help = Saisir votre nom ici vaut signature ; la date de dépôt est ajoutée.
request-save = Enregistrer le brouillon
request-file = Déposer la requête
request-saved = Brouillon enregistré.
request-untitled = Brouillon sans titre
side-requesting = Partie requérante
side-responding = Partie défenderesse
standing-mediator = Médiateur
stage-offer-pending = Offre de médiation en attente de réponse
stage-awaiting-screening = En attente d’examen par le Secrétariat
stage-registered = Enregistrée
closure-offer-declined = Close : l’offre de médiation a été refusée
closure-offer-deemed-rejected = Close : l’offre de médiation est restée sans réponse (réputée refusée)
closure-refused-registration = Close : enregistrement refusé
closure-withdrawn-before-registration = Close : retirée avant l’enregistrement
closure-withdrawn-by-party = Close : retirée par une partie
closure-lapsed-no-appointment = Close : caduque, aucune démarche de nomination à temps
closure-settled = Close : accord de règlement
closure-ended-by-agreement = Close : terminée d’un commun accord
closure-mediator-declared-no-likelihood = Close : le médiateur a constaté l’absence de perspective d’accord
closure-terminated-non-payment = Close : terminée pour défaut de paiement
event-filed = Requête déposée (compétence au dépôt : { $scope }).
event-offer-accepted = La partie défenderesse a accepté l’offre de médiation.
event-offer-declined = La partie défenderesse a refusé l’offre de médiation.
event-offer-deemed-rejected = Pas de réponse à l’offre dans le délai : réputée refusée.
event-fee-paid = Droit de dépôt enregistré comme payé.
event-registered = Enregistrée sous le numéro { $number }, règlement { $rules }.
event-registration-refused = Enregistrement refusé, motifs à l’appui.
event-withdrawn = Retirée.
event-mediators-agreed = Les parties sont convenues { $number ->
    [one] d’un médiateur
   *[other] de { $number } médiateurs
}.
event-mediators-defaulted = Pas d’accord sur le nombre de médiateurs dans le délai : un médiateur.
event-lapsed = Caduque : aucune démarche de nomination dans le délai.
deadline-offer-answer = Réponse à l’offre de médiation
deadline-mediators-number = Accord sur le nombre de médiateurs
deadline-appointment-request = Demande de nomination par le Secrétaire général possible après
deadline-lapse = Caducité faute de démarche de nomination
consequence-offer-answer = ensuite l’offre est réputée refusée
consequence-mediators-number = ensuite il y a un médiateur
consequence-lapse = ensuite l’affaire devient caduque
deadline-overdue = { $days ->
    [one] dépassée d’un jour
   *[other] dépassée de { $days } jours
}
deadline-days-left = { $days ->
    [0] dernier jour aujourd’hui
    [one] 1 jour restant
   *[other] { $days } jours restants
}
mail-case-step-subject = IOMed : une étape dans votre affaire
mail-case-step-body = Une étape a eu lieu dans une affaire à laquelle vous prenez part : { $step }

    Connectez-vous pour la lire : { $link }

    Ce message ne contient rien de l’affaire. Si vous ne l’attendiez pas, prévenez le Secrétariat.
mail-case-invite-subject = IOMed : vous êtes désigné dans une requête de médiation
mail-case-invite-body = Bonjour { $name },

    { $requesting } a déposé une requête de médiation auprès de l’Organisation internationale pour la médiation (référence de dépôt { $reference }). Elle vous désigne comme représentant de l’autre partie. { $text }

    Un compte a été créé pour vous. Choisissez votre mot de passe avec ce lien (valable 72 heures, une seule fois) :

    { $link }

    Lisez ensuite la requête et répondez-y sur { $cases }. Hormis son auteur et sa référence, ce message ne contient rien de la requête.
mail-case-named-subject = IOMed : vous êtes désigné dans une requête de médiation
mail-case-named-body = Bonjour { $name },

    { $requesting } a déposé une requête de médiation auprès de l’Organisation internationale pour la médiation (référence de dépôt { $reference }). Elle vous désigne comme représentant de l’autre partie. { $text }

    Connectez-vous pour la lire et y répondre : { $cases }

    Hormis son auteur et sa référence, ce message ne contient rien de la requête.
step-done-accept-offer = l’offre de médiation a été acceptée
step-done-decline-offer = l’offre de médiation a été refusée
step-done-deem-rejection = l’offre de médiation est réputée refusée
step-done-mark-fee-paid = le droit de dépôt a été enregistré comme payé
step-done-register = la requête a été enregistrée
step-done-refuse = l’enregistrement a été refusé
step-done-withdraw = la requête ou l’affaire a été retirée
step-done-agree-mediators = le nombre de médiateurs a été enregistré
step-done-default-mediators = le nombre de médiateurs a été fixé à un
step-done-lapse = l’affaire est devenue caduque
do-accept-offer = Accepter l’offre de médiation
do-decline-offer = Refuser l’offre de médiation
do-register = Enregistrer la requête
do-refuse = Refuser l’enregistrement
do-withdraw = Retirer
do-mark-fee-paid = Enregistrer le paiement du droit de dépôt
do-agree-mediators = Enregistrer le nombre de médiateurs convenu
case-bad-step = Cette étape n’est pas possible ici.
case-refusal-no-such-draft = Ce brouillon n’existe pas.
case-refusal-no-such-case = Cette affaire n’existe pas.
case-refusal-already-filed = Cette requête a déjà été déposée.
case-refusal-incomplete = La requête est incomplète.
case-refusal-same-representative = Le représentant de l’autre partie ne peut pas être vous-même.
case-refusal-wrong-stage = Cette étape n’est pas possible à ce stade de l’affaire.
case-refusal-deadline-passed = Le délai a expiré le { $date }.
case-refusal-not-yet-due = Ceci n’est possible qu’après le { $date }.
case-refusal-fee-already-paid = Le droit de dépôt est déjà enregistré comme payé.
case-refusal-reasons-required = Indiquez les motifs du refus.
case-refusal-mediators-number = Le nombre de médiateurs est 1, 2 ou 3.
case-refusal-mediators-settled = Le nombre de médiateurs est déjà fixé.
case-refusal-date-out-of-range = Une date calculée selon le règlement est hors limites.
cases-title = Affaires
cases-lead = Les requêtes et affaires auxquelles vous prenez part. Seuls les intéressés et le Secrétariat savent qu’une affaire existe.
cases-lead-secretariat = Toutes les requêtes et affaires, des plus récentes aux plus anciennes. Une étiquette indique ce qu’une affaire attend de vous.
cases-new-request = Nouvelle requête de médiation
cases-drafts = Vos brouillons
cases-draft-saved = enregistré le { $date }
cases-list = Requêtes et affaires
cases-empty = Aucune affaire pour l’instant.
case-title-col = Affaire
case-number = Numéro
case-stage = Étape
case-filed-on = Déposée le
todo-answer-offer = Votre réponse est attendue
todo-screen = À examiner
todo-fee = Droit de dépôt dû
case-confidential = Confidentiel : visible seulement des parties, de leurs représentants, des médiateurs et du Secrétariat.
case-deadlines = Échéances
case-no-deadlines = Aucun délai ne court.
case-ends-at = prend fin { $when }
case-deadlines-note = Les jours sont comptés au siège, à Hong Kong, à partir du lendemain de l’événement ; une échéance tombant un samedi, un dimanche ou un jour férié est reportée au jour ouvrable suivant. Les heures sont affichées dans votre fuseau horaire ({ $zone }), modifiable sur la page de votre compte.
case-steps = Ce que vous pouvez faire
case-council-rule = Règle du Conseil d’administration invoquée
case-refuse-reasons = Motifs du refus d’enregistrement
case-mediators-number = Nombre de médiateurs
case-request = La requête
case-fee = Droit de dépôt
case-fee-paid = payé
case-fee-due = dû
case-parties = Parties
case-people = Personnes dans l’affaire
case-scope = Examen de compétence
case-history = Historique de la procédure
case-due = Échéance
case-deadline = Délai
case-days = Jours
deadlines-title = Échéances proches
deadlines-lead = Tous les délais des affaires en cours qui expirent dans les { $days } prochains jours, et tous ceux dépassés.
deadlines-empty = Rien n’est dû dans les 14 prochains jours.

## The case file
documents-title = Dossier de l’affaire
documents-confidential = Chaque document n’est vu que par son audience. Hors de celle-ci, il n’existe pas pour le lecteur : il n’est ni listé, ni compté, ni trouvé.
documents-count = { $count ->
    [one] 1 document visible pour vous
   *[other] { $count } documents visibles pour vous
}
documents-any = Tous
documents-filed-by = Déposé par
filer-requesting = La partie requérante
filer-responding = La partie défenderesse
filer-mediator = Un médiateur
filer-secretariat = Le Secrétariat
documents-view = Ordre
documents-view-date = Les plus récents d’abord
documents-view-type = Par type
documents-apply = Afficher
documents-none = Aucun document ne correspond.
documents-filed = Déposé
documents-file = Fichier
documents-file-new = Déposer un document
documents-choose = Choisir…
documents-submit = Déposer le document
documents-version-translation = Une nouvelle version, ou une traduction
case-file-link = { $count ->
    [0] Dossier : aucun document pour l’instant
    [one] Dossier : 1 document
   *[other] Dossier : { $count } documents
}
document-field-title = Titre
document-field-type = Type
document-field-language = Langue
document-field-audience = Audience
document-field-party = Partie
document-field-replaces = Nouvelle version du document numéro
document-field-translation-of = Traduction du document numéro
document-field-translated-by = Traduit par
document-field-translation-authentic = Cette version linguistique fait foi
document-field-translation-reviewed = La traduction a été relue
document-audience-hint = Choisissez qui verra ce document. Ce choix ne peut plus être changé après le dépôt.
document-file-hint = Tout type de fichier, jusqu’à { $limit }. Il est chiffré dès son arrivée.
audience-who = Qui le verra : { $people }
audience-who-secretariat = le Secrétariat
audience-who-nobody-yet = personne dans l’affaire pour l’instant
audience-joint = Commun : toutes les personnes de l’affaire
audience-caucus = Aparté : { $side } et les médiateurs
audience-mediators = Médiateurs seulement
audience-secretariat = Secrétariat seulement
audience-side = { $side } seulement (interne)
translated-by-human = Une personne
translated-by-machine = Une machine
translation-human = Traduction de { $document }, par une personne
translation-machine = Traduction automatique de { $document }, non relue
translation-machine-reviewed = Traduction automatique de { $document }, relue
translation-authentic = fait foi
document-replaces = Nouvelle version de { $document }
document-replaced-by = Remplacé par { $document }
doctype-request = Requête
doctype-consent-to-mediate = Consentement à la médiation
doctype-proof-of-authority = Preuve du pouvoir de représentation
doctype-statement = Mémoire
doctype-exhibit = Pièce
doctype-correspondence = Correspondance
doctype-draft-settlement = Projet d’accord
doctype-settlement-agreement = Accord de règlement
doctype-note = Note
doctype-other = Autre
document-filed = Le document a été déposé : il figure en tête de la liste.
document-choose-file-again = Rien n’a été déposé ; choisissez de nouveau le fichier.
document-error-title = Le document n’a pas été déposé
document-error-bad-multipart = L’envoi n’a pas pu être lu. Envoyez-le en multipart/form-data.
document-error-file-missing = Choisissez un fichier à déposer.
document-error-empty = Le fichier est vide. Rien n’a été déposé.
document-error-too-large = Le fichier dépasse { $limit }. Rien n’a été déposé.
document-error-interrupted = L’envoi a été interrompu. Rien n’a été déposé ; réessayez.
document-error-bad-field = Un champ du formulaire est trop long ou n’est pas du texte.
document-error-bad-meta = La partie meta n’est pas l’objet JSON décrit dans la documentation de l’API.
document-error-meta-first = Envoyez d’abord la partie meta, puis la partie file.
document-error-file-last = La partie file doit être la dernière. Rien n’a été déposé.
document-refused-not-found = Rien ici que vous puissiez voir.
document-refused-case-closed = L’affaire est close : aucun document ne peut plus être déposé.
document-refused-unknown-replaced = Le document que celui-ci remplace n’est pas dans cette affaire avec la même audience.
document-refused-already-replaced = Ce document a déjà été remplacé par une version plus récente.
document-refused-unknown-translated = Le document que celui-ci traduit n’est pas dans cette affaire avec la même audience.
document-corrupt-title = Ce document n’a pas passé son contrôle d’intégrité
document-corrupt-body = La copie conservée n’est pas celle déposée ; elle n’a donc pas été servie. L’incident est consigné ; le Secrétariat la restaurera depuis une sauvegarde.
mail-document-subject = IOMed : un nouveau document dans votre affaire
mail-document-body = Un document a été déposé dans une affaire à laquelle vous prenez part. Connectez-vous pour le voir : { $link }
document-shared-from = Transmis depuis un aparté, avec la permission de la partie
share-ask = Demander la permission de le communiquer à tous
share-pending = { $name } demande la permission de le communiquer à toutes les personnes de l’affaire
share-grant = Accorder : communiquer à tous
share-refuse = Refuser
share-granted = Communiqué à tous comme { $document }
share-refused = La permission de communiquer a été refusée
share-asked-done = La permission a été demandée. La partie répondra.
share-granted-done = Permission accordée : le document figure désormais au dossier commun.
share-refused-done = Permission refusée : le document reste dans l’aparté.
document-refused-not-shareable = Seul un document d’aparté peut être communiqué avec la permission de la partie.
document-refused-already-asked = La permission de communiquer ce document a déjà été demandée.
document-refused-no-such-share-request = Aucune demande de permission de ce type.
document-refused-already-answered = Il a déjà été répondu à cette demande de permission.
mail-share-asked-subject = IOMed : un médiateur demande votre permission
mail-share-asked-body = Un médiateur demande votre permission de communiquer un document d’aparté à toutes les personnes de l’affaire. Connectez-vous pour répondre : { $link }
mail-share-granted-subject = IOMed : un nouveau document dans votre affaire
mail-share-granted-body = Un document a été ajouté au dossier commun d’une affaire à laquelle vous prenez part. Connectez-vous pour le voir : { $link }
mail-share-refused-subject = IOMed : permission de communiquer refusée
mail-share-refused-body = Votre demande de permission de communiquer un document d’aparté a été refusée. Connectez-vous pour les détails : { $link }
annex-on-file = Au dossier : { $document }
annex-missing = Pas encore déposé
annex-attach = le joindre
messages-title = Messages
messages-back = L’affaire
messages-confidential = Chaque fil n’est vu que par son audience. Un fil hors de la vôtre n’existe pas pour vous.
messages-threads = Fils
messages-count = { $count ->
    [one] 1 message
   *[other] { $count } messages
}
messages-unread = { $count } non lus
messages-none = Aucun message pour l’instant.
messages-attachments = Pièces jointes :
messages-unread-by-all = Pas encore lu par quelqu’un d’autre
messages-read-by = Lu par { $name }
messages-write = Votre message à : { $side }
messages-attach = Joindre un fichier (facultatif ; déposé dans l’audience de ce fil)
messages-send = Envoyer
message-sent = Le message a été envoyé.
message-error-title = Le message n’a pas été envoyé
message-error-empty-message = Écrivez un message.
message-error-message-too-long = Le message dépasse { $count } caractères.
message-error-unknown-attachment = Une pièce jointe n’est pas un document de cette affaire avec la même audience.
message-error-unknown-audience = Audience inconnue : joint, caucus, mediators, secretariat ou side (avec party pour caucus et side).
message-error-case-closed = L’affaire est close : aucun message ne peut plus être envoyé.
mail-message-subject = IOMed : un nouveau message dans votre affaire
mail-message-body = Un message a été envoyé dans une affaire à laquelle vous prenez part. Connectez-vous pour le lire : { $link }
documents-search = Rechercher dans les titres et le texte
documents-found = { $count ->
    [one] 1 document visible pour vous correspond
   *[other] { $count } documents visibles pour vous correspondent
}
documents-export = Télécharger tout ce que vous pouvez voir (zip, avec un manifeste signé des empreintes)
case-scope-alert = Le registre a changé depuis le dépôt
case-scope-alert-body = Au regard du registre tel qu’il est aujourd’hui, ce différend serait : { $outcome }. Rien n’a été fait automatiquement : le Secrétariat et les parties l’examinent (E14).
deadlines-scope-alerts = Affaires ouvertes touchées par un changement du registre (E14)
nav-register = Registre des affaires
register-title = Registre des affaires
register-lead = Les informations de base des affaires dont toutes les parties ont accepté la publication. Toute autre affaire reste confidentielle, jusqu’à son existence même.
register-empty = Aucune affaire n’a encore été publiée.
register-number = Numéro
register-category = Type de différend
register-stage = Étape
publication = Publication des informations de base de l’affaire
publication-none = Non acceptée : l’affaire reste confidentielle
publication-partial = Acceptée par une partie ; publiée seulement quand toutes l’acceptent
publication-public = Acceptée par toutes les parties : inscrite au registre public
do-consent-publication = Accepter, pour ma partie, la publication des informations de base
step-done-consent-publication = une partie a accepté la publication des informations de base de l’affaire
event-publication-consented = Une partie a accepté la publication des informations de base de l’affaire
case-refusal-already-consented = Votre partie a déjà accepté la publication.
event-mediators-proposed = Une partie a proposé { $number ->
    [one] un médiateur
   *[other] { $number } médiateurs
}.
step-done-propose-mediators = une partie a proposé le nombre de médiateurs ; il est convenu quand l’autre partie propose le même
do-propose-mediators = Proposer ce nombre de médiateurs pour ma partie
case-mediators-proposed = Nombre de médiateurs proposé
do-request-end = Demander, pour ma partie, de mettre fin à la médiation
do-record-settlement = Enregistrer l’accord de règlement
do-declare-no-likelihood = Déclarer qu’il n’y a pas de perspective d’accord
step-done-request-end = une partie a demandé de mettre fin à la médiation ; elle prend fin quand toutes le demandent
step-done-record-settlement = l’accord de règlement a été enregistré : l’affaire est close
step-done-declare-no-likelihood = le médiateur a déclaré qu’il n’y a pas de perspective d’accord : l’affaire est close
event-end-requested = Une partie a demandé de mettre fin à la médiation.
event-ended-by-agreement = Fin par accord des parties.
event-settled = Réglée : l’accord de règlement figure au dossier commun.
event-no-likelihood-declared = Le médiateur a déclaré qu’il n’y a pas de perspective d’accord.
case-settlement-document = L’accord de règlement, au dossier commun
case-refusal-already-requested = Votre partie a déjà demandé de mettre fin à la médiation.
case-refusal-settlement-not-filed = Aucun accord de règlement portant ce numéro ne figure au dossier commun. Déposez-le d’abord, signé par toutes les parties.
nav-appointments = Désignations
nav-mediators = Médiateurs
mediators-title = Médiateurs
mediators-lead = Les utilisateurs ayant le rôle de médiateur, et les profils que lisent les contrôles de conflits : nationalités, langues, compétences, services pour des États.
mediators-none = Aucun utilisateur n’a encore le rôle de médiateur. Attribuez-le sur la page Utilisateurs.
mediators-no-profile = pas encore de profil
mediators-record = Enregistrer un profil
mediators-submit = Enregistrer le profil
mediator-field-user = Médiateur
mediator-field-name = Nom (écriture latine)
mediator-field-native-name = Nom dans sa propre écriture
mediator-field-nationalities = Nationalités
mediator-nationalities-hint = Codes à trois lettres, séparés par des virgules : GHA, FRA
mediator-field-languages = Langues
mediator-field-expertise = Compétences (une par ligne)
mediator-field-state-service = Services pour des États (un par ligne)
mediator-service-hint = CODE: fonction until AAAA-MM-JJ, ou CODE: fonction tant qu’elle dure. Par exemple : CHN: conseiller juridique until 2022-06-30
mediator-field-biography = Biographie
mediator-profile-recorded = Le profil a été enregistré.
mediator-refusal-not-a-mediator = Cet utilisateur n’a pas le rôle de médiateur.
mediator-refusal-no-profile = Ce médiateur n’a pas encore de profil : enregistrez-le d’abord sur la page Médiateurs.
mediator-refusal-not-found = Rien ici que vous puissiez voir.
mediator-refusal-bar-without-agreement = Les contrôles de conflits ont relevé un empêchement. Indiquez la référence de l’accord écrit de chaque partie pour désigner malgré tout ce médiateur.
mediator-refusal-not-registered = Les médiateurs ne sont désignés que dans une affaire enregistrée.
mediator-refusal-already-appointed = Ce médiateur est déjà désigné dans l’affaire.
mediator-refusal-already-answered = Il a déjà été répondu à cette désignation.
mediator-refusal-answer-late = Le délai pour répondre à cette désignation est passé.
mediator-refusal-declaration-incomplete = Pour accepter, confirmez votre indépendance, votre impartialité et votre disponibilité.
appointments-title = Mes désignations
appointments-none = Vous n’avez aucune désignation.
appointment-status-pending = En attente de votre réponse
appointment-status-accepted = Acceptée
appointment-status-declined = Déclinée
appointment-on = désigné le { $date }
appointment-due = réponse avant le { $date }
conflict-check = Contrôle de conflits effectué à la désignation :
conflict-none = Aucun constat.
severity-bar = Empêchement
severity-disclose = À déclarer
severity-note = Remarque
finding-national-of-party-state = Le médiateur est ressortissant de { $state }, partie.
finding-shares-nationality-with-party = Le médiateur a la nationalité d’une partie ({ $state }).
finding-serves-party-state = Le médiateur est au service de { $state }, partie.
finding-served-party-state = Le médiateur a servi { $state }, partie, ces dernières années.
finding-served-party-state-long-ago = Le médiateur a servi { $state }, partie, il y a longtemps.
appointment-agreement = Accord écrit des parties : { $reference }
appointment-disclosures = Déclaré par le médiateur : { $text }
declaration-title = Déclaration d’indépendance, d’impartialité et de disponibilité
declaration-independent = Je suis indépendant des parties et de leurs conseils.
declaration-impartial = J’agirai avec impartialité.
declaration-available = Je suis disponible pour conduire cette médiation avec diligence.
declaration-disclosures = Circonstances que les parties devraient connaître (une obligation qui vaut pour toute l’affaire)
appointment-accept = Accepter et signer la déclaration
appointment-decline = Décliner
appointment-accepted-done = Vous avez accepté la désignation ; vous êtes désormais dans l’affaire.
appointment-declined-done = Vous avez décliné la désignation.
appointment-made = Le médiateur a été désigné, après les contrôles de conflits ; il a 20 jours pour accepter.
case-mediators = Médiateurs
appoint-mediator = Désigner un médiateur
appoint-agreement = Accord écrit des parties, si un contrôle relève un empêchement
appoint-agreement-hint = La référence de l’accord écrit de chaque partie, par exemple leurs lettres et leurs dates.
appoint-submit = Effectuer les contrôles de conflit
mail-appointment-subject = IOMed : vous êtes désigné comme médiateur
mail-appointment-body = Vous avez été désigné comme médiateur dans une affaire. Connectez-vous pour lire les contrôles de conflits et accepter ou décliner : { $link }
mail-appointment-accepted-subject = IOMed : un médiateur a accepté sa désignation
mail-appointment-accepted-body = Un médiateur a accepté sa désignation, avec une déclaration, dans une affaire à laquelle vous prenez part. Connectez-vous pour la lire : { $link }
mail-appointment-declined-subject = IOMed : un médiateur a décliné sa désignation
mail-appointment-declined-body = Un médiateur a décliné sa désignation dans une affaire à laquelle vous prenez part. Connectez-vous pour les détails : { $link }

nav-panels = Listes de médiateurs
panels-title = Listes de médiateurs
panels-lead = Les médiateurs désignés par les États contractants sur la liste des différends entre États et sur la liste des différends commerciaux et d’investissement, avec leurs profils publics.
panels-search = Nom ou compétence
panels-nationality = Nationalité (code à trois lettres)
panels-none = Aucun médiateur ne correspond.
panels-panels = Listes
panels-designated-by = Désigné par
panel-inter-state = Différends entre États
panel-commercial-investment = Différends commerciaux et d’investissement
designations-title = Désignations sur les listes
designations-lead = Enregistrées sur notification d’un État contractant : chaque État désigne jusqu’à son quota par liste, pour un mandat renouvelable (profil de règles).
designation-state = État qui désigne
designation-state-hint = Son nom ou son code à trois lettres
designation-panel = Liste
designation-on = Date de la désignation
designation-term = Mandat
designation-actions = Modifier
designation-ended = terminée
designation-renew = Renouveler à compter d’aujourd’hui
designation-withdraw = Retirer
designation-submit = Enregistrer la désignation
designation-recorded = La désignation a été enregistrée.
designation-changed = La désignation a été modifiée.
designation-incomplete = Indiquez le médiateur, un État, la liste et la date.
mediator-refusal-not-contracting = Seul un État contractant désigne des médiateurs.
mediator-refusal-quota-reached = Cet État a désigné sur cette liste autant de médiateurs que les règles le permettent.
mediator-refusal-already-designated = Ce médiateur est déjà désigné par cet État sur cette liste.
mediator-refusal-designation-ended = Cette désignation a pris fin.
ranking-title = Classement confidentiel des candidats par votre partie
ranking-hint = Numérotez les candidats que votre partie accepte, 1 pour le meilleur. Laissez les autres vides. L’autre partie ne voit jamais votre classement : seuls les candidats classés par les deux parties sont montrés.
ranking-submit = Enregistrer le classement
ranking-saved = Votre classement a été enregistré.
ranking-agreed = Candidats classés par les deux parties, du meilleur au moins bon : { $names }
ranking-none-agreed = Aucun candidat ne figure encore dans les classements des deux parties.
mediator-refusal-bad-candidate = Un candidat n’est pas un médiateur avec un profil, ou figure deux fois.
appointment-status-removed = Écarté après une récusation
challenge-by = Récusation par la { $side }
challenge-status-open = ouverte : en attente de la décision du Secrétaire général
challenge-status-upheld = admise : le médiateur a quitté l’affaire ; un remplaçant est désigné selon la même procédure
challenge-status-rejected = rejetée
challenge-decision = Décision du Secrétaire général : { $text }
challenge-respond = Votre réponse à la récusation
challenge-respond-submit = Envoyer la réponse
challenge-decision-reasons = Motifs de la décision
challenge-uphold = Admettre la récusation
challenge-reject = Rejeter la récusation
challenge-reasons = Récuser ce médiateur : vos motifs
challenge-submit = Récuser le médiateur
challenge-made = La récusation a été présentée. L’autre partie et le médiateur peuvent répondre ; le Secrétaire général décide.
challenge-answered = La réponse a été enregistrée.
challenge-upheld = La récusation a été admise : le médiateur a quitté l’affaire.
challenge-rejected = La récusation a été rejetée.
mediator-refusal-not-serving = Seul un médiateur qui a accepté sa désignation peut être récusé.
mediator-refusal-reasons-required = Indiquez les motifs.
mediator-refusal-challenge-open = Une récusation de ce médiateur est déjà ouverte.
mediator-refusal-already-decided = Il a déjà été statué sur cette récusation.
mail-challenge-subject = IOMed : un médiateur a été récusé dans votre affaire
mail-challenge-body = Une partie a récusé un médiateur dans une affaire à laquelle vous prenez part. Connectez-vous pour lire et répondre : { $link }
mail-challenge-decided-subject = IOMed : il a été statué sur une récusation dans votre affaire
mail-challenge-decided-body = Le Secrétaire général a statué sur une récusation dans une affaire à laquelle vous prenez part. Connectez-vous pour lire la décision : { $link }
nav-neutrality = Neutralité
neutrality-title = Neutralité des listes et des désignations
neutrality-lead = Qui figure aujourd’hui sur les listes et qui a été désigné, par groupe régional de l’ONU, tradition juridique, genre et nationalité, et comment les désignations se répartissent entre médiateurs. Des agrégats seulement : aucune affaire n’est montrée.
neutrality-csv = Télécharger ces chiffres (CSV)
neutrality-by-group = Par groupe régional de l’ONU
neutrality-by-tradition = Par tradition juridique
neutrality-by-gender = Par genre (déclaré)
neutrality-by-nationality = Par nationalité
neutrality-by-mediator = Désignations par médiateur
neutrality-empty = Rien à compter pour l’instant.
neutrality-chart-alt = membres des listes et désignations par catégorie ; les mêmes chiffres figurent dans le tableau ci-dessous
neutrality-members = Membres des listes
neutrality-appointments = Désignations
neutrality-category-group = Groupe régional
neutrality-category-tradition = Tradition juridique
neutrality-category-gender = Genre
neutrality-category-nationality = Nationalité
neutrality-category-mediator = Médiateur
neutrality-unknown = Non renseigné
neutrality-not-given = Non indiqué
tradition-common-law = Common law
tradition-civil-law = Droit civil
tradition-islamic-law = Droit musulman
tradition-customary-law = Droit coutumier
tradition-mixed = Mixte
mediator-field-legal-tradition = Tradition juridique
mediator-field-gender = Genre (déclaré, facultatif)
search-title = Recherche de candidats
search-score = Note
search-reasons = Pourquoi
rank-reason-expertise = Compétence dans la matière { $detail } ({ $points })
rank-reason-caseload = { $count ->
    [one] Siège actuellement dans 1 affaire ({ $points })
   *[other] Siège actuellement dans { $detail } affaires ({ $points })
}
rank-reason-region-balance = { $count ->
    [one] 1 désignation déjà attribuée à un médiateur du même groupe régional ({ $points })
   *[other] { $detail } désignations déjà attribuées à des médiateurs du même groupe régional ({ $points })
}
appointment-later-disclosure = Déclaré le { $date } :
disclosure-label = Déclarer une nouvelle circonstance aux parties (une obligation continue)
disclosure-submit = Déclarer
disclosure-made = La déclaration a été transmise aux parties.
sg-request-hint = Aucun médiateur n’a été désigné dans le délai : chaque partie peut demander au Secrétaire général d’en désigner un, après consultation des parties (W6).
sg-request-submit = Demander au Secrétaire général de désigner
sg-request-made = Le Secrétaire général a été prié de désigner un médiateur.
sg-request-recorded = Une partie a demandé au Secrétaire général de désigner un médiateur le { $date }.
mediator-refusal-too-early = Les parties ont encore le temps de désigner elles-mêmes un médiateur.
mediator-refusal-already-requested = Le Secrétaire général a déjà été saisi.
mail-disclosure-subject = IOMed : un médiateur a fait une déclaration dans votre affaire
mail-disclosure-body = Un médiateur a déclaré une nouvelle circonstance dans une affaire à laquelle vous prenez part. Connectez-vous pour la lire : { $link }
mail-sg-request-subject = IOMed : le Secrétaire général a été prié de désigner
mail-sg-request-body = Une partie a demandé au Secrétaire général de désigner un médiateur dans une affaire à laquelle vous prenez part. Connectez-vous pour les détails : { $link }
finding-earlier-appointment-same-counsel = Le médiateur a été désigné ces dernières années dans une autre affaire où le conseil d’une partie à celle-ci intervenait aussi.
finding-earlier-appointment-same-counsel-long-ago = Le médiateur a été désigné il y a longtemps dans une autre affaire où le conseil d’une partie à celle-ci intervenait aussi.
mediator-field-relationships = Relations déclarées (une par ligne)
mediator-relationships-hint = Personnes, cabinets ou organisations avec lesquels le médiateur a des liens : comparés aux parties, à leurs conseils et aux co-médiateurs.
mediator-field-unavailable = N’accepte pas de nouvelles désignations pour l’instant
rank-reason-unavailable = N’accepte pas de nouvelles désignations pour l’instant ({ $points })
finding-declared-relationship-with-party = Le médiateur a déclaré une relation avec une partie ou son conseil.
finding-relationship-with-co-mediator = Le médiateur a déclaré une relation avec un co-médiateur.
neutrality-small-categories = Catégories de moins de trois, regroupées
error-unauthorized-title = Connexion nécessaire
error-not-signed-in-body = Connectez-vous, ou présentez un jeton Bearer.
error-second-factor-required-body = Configurez d’abord le second facteur sur /account/second-factor.
error-scope-missing-body = Ce jeton n’a pas la portée « write ».
error-token-required-body = Les écritures par l’API exigent un jeton Bearer, pas le cookie de session.
error-invalid-token-body = Le jeton est inconnu, révoqué ou expiré.
error-rate-limited-title = Trop de requêtes
error-rate-limited-body = Réessayez dans { $seconds } secondes.
error-unavailable-title = Indisponible pour le moment
error-unavailable-body = Rien ne peut être enregistré pour le moment. Rien de ce que vous avez envoyé n’a été enregistré ; réessayez dans quelques minutes.
error-reference = Si vous contactez le Secrétariat à ce sujet, citez la référence { $id }.
error-refused = Refusé : { $reason }
error-bad-form = Le formulaire n’a pas pu être lu. Revenez en arrière, rechargez la page et réessayez.
error-bad-body = Le corps de la requête ne correspond pas au schéma : { $detail }
error-bad-query = Cette adresse n’accepte pas cette requête : { $detail }
sign-out-everywhere-note = Met fin à toutes vos sessions, sur tous vos appareils, et révoque tous les jetons d’API que vous avez créés. Les programmes qui les utilisent cessent de fonctionner jusqu’à ce que vous en créiez de nouveaux.
account-token-needs-second-factor = Un jeton d’API ne peut être créé que dans une session ouverte avec le second facteur. Configurez le second facteur, déconnectez-vous et reconnectez-vous avec lui.
error-detail = { $detail }
request-filed = La demande a été déposée. L’autre partie en a été informée et invitée à participer.
gap-too-long = { $field } : plus de { $max } caractères.
case-bad-number = Indiquez un nombre : le nombre de médiateurs (1 à 3), ou le numéro du document de l’accord de règlement.
case-nav-label = Cette affaire
case-tab-overview = Vue d’ensemble
case-tab-documents = Dossier
case-tab-messages = Messages
case-tab-mediators = Médiateurs
case-mediators-link = Les nominations, les vérifications de conflits et les récusations
case-appointments = Nominations
case-no-appointment = Aucun médiateur n’a encore été nommé.
case-mediators-after-registration = Les médiateurs sont classés et nommés une fois la demande enregistrée.
ranking-locked = Les deux parties ont établi leur classement : les classements sont définitifs, et les candidats acceptés par les deux figurent ci-dessus.
ranking-final-note = Une fois que les deux parties ont établi leur classement, celui-ci est définitif : rien n’est montré à quiconque avant, et aucune partie ne peut plus le modifier ensuite.
mediator-refusal-ranking-locked = Les deux parties ont établi leur classement : les classements sont définitifs et ne peuvent plus être modifiés.
mediator-refusal-too-long = Le texte ne peut dépasser { $max } caractères.
case-refusal-too-long = Le texte est trop long.
ranking-bad-position = « { $value } » n’est pas un rang. Donnez à chaque candidat que vous acceptez un nombre entier (1 pour votre premier choix) et laissez les autres vides.
mediator-refusal-agreement-too-long = La référence à l’accord des parties ne peut dépasser { $max } caractères.
error-bad-json = Le corps de la requête n’est pas du JSON : { $detail }
error-unsupported-media-type = Le corps de la requête doit être du JSON, envoyé avec l’en-tête Content-Type: application/json.
error-body-too-large = Le corps de la requête est trop volumineux. Rien n’a été enregistré.
document-ref = { $audience } n° { $number }
audience-short-joint = Commun
audience-short-caucus = Aparté ({ $side })
audience-short-mediators = Médiateurs
audience-short-secretariat = Secrétariat
audience-short-side = { $side }, interne
case-settlement-none = Aucun accord de règlement ne figure encore au dossier commun : déposez-le d’abord.
stage-closed = Clôturée
cases-filter = Filtrer la liste
cases-filter-year = Année du dépôt
cases-search = Titre, numéro de l’affaire ou État
cases-filter-clear = Effacer les filtres
cases-total = Affaires que vous pouvez voir : { $count }
cases-none-match = Aucune affaire ne correspond à ces filtres.
pager-label = Pages de la liste
pager-previous = Page précédente
pager-next = Page suivante
paging-bad-limit = Le nombre d’éléments par page doit être un nombre entier de 1 à { $max }.
paging-bad-cursor = Ce lien vers une page de la liste n’est pas valable ici (il a été modifié, ou fait pour une autre liste ou d’autres filtres). La liste est affichée depuis le début.
paging-bad-filter = Le filtre « { $parameter } » a une valeur que cette liste ne connaît pas. La liste est affichée sans filtre.
messages-earlier = Messages précédents
messages-later = Messages suivants
messages-earlier-label = Messages précédents de ce fil
messages-later-label = Messages suivants de ce fil
case-tab-history = Historique
case-history-all = { $count ->
    [one] Tout l’historique : 1 étape
   *[other] Tout l’historique : { $count } étapes
}
history-count = { $count ->
    [one] 1 étape
   *[other] { $count } étapes
}
document-refused-keys-changed = Une clé d’affaire a été créée ou modifiée pendant le changement de la clé maîtresse ; rien n’a été modifié. Réessayez, le serveur arrêté.

nav-inbox = Notifications
inbox-title = Vos notifications
inbox-lead = Ce qui s'est passé dans vos affaires, du plus récent au plus ancien. Celles affichées ici sont marquées comme lues. Elles disent ce qui s'est passé, jamais son contenu.
inbox-choices-link = Choisir celles qui sont aussi envoyées par courriel
inbox-list = Notifications
inbox-empty = Aucune notification pour l'instant. Vous trouverez ici chaque document déposé, message envoyé et étape franchie dans vos affaires.
inbox-new = Nouveau
account-notifications = Notifications par courriel
account-notifications-lead = Chaque notification arrive dans vos notifications. Pour chaque type, choisissez si elle vous est aussi envoyée par courriel. Un courriel porte un lien, jamais le contenu de l'affaire.
notice-kind-filing = Documents déposés
notice-kind-message = Messages
notice-kind-decision = Étapes et décisions dans vos affaires
email-choice-immediately = Un courriel pour chacune, dès qu'elle arrive
email-choice-never = Dans les notifications seulement
account-notifications-saved = Vos choix de courriel sont enregistrés.
account-notifications-invalid = Choisissez, pour chaque type, un courriel pour chacune, un courriel par jour ou les notifications seulement ; rien n'a été modifié.
nav-inbox-unread = { $count ->
    [one] 1 non lue
   *[other] { $count } non lues
}

notice-document = Un nouveau document au dossier
notice-message = Un nouveau message
notice-appointment-accepted = Un médiateur a accepté sa désignation
notice-appointment-declined = Un médiateur a décliné sa désignation
notice-challenge = Un médiateur a été récusé
notice-challenge-decided = Une récusation a été tranchée
notice-disclosure = Un médiateur a fait une déclaration
notice-sg-request = Le Secrétaire général a été prié de désigner
notice-share-asked = Un médiateur demande votre autorisation de communiquer un document
notice-share-granted = Un document vous a été communiqué
notice-share-refused = L'autorisation de communiquer un document a été refusée

nav-menu = Menu

confirm-title = Vérifiez avant de confirmer
confirm-what = Ce que vous allez faire
confirm-told = Qui sera informé
confirm-told-nobody = Personne d'autre ne participe encore à l'affaire : personne ne sera informé.
confirm-told-how = Chacun est informé dans ses notifications, et par courriel s'il l'a choisi. L'avis nomme l'étape, jamais le contenu de l'affaire.
confirm-final = Cette étape est définitive : elle est inscrite dans l'historique de l'affaire et dans le registre signé.
confirm-do = Confirmer : { $act }
confirm-back = Revenir sans rien faire
ledger-title = Le registre public et ses clés de signature
ledger-lead = Chaque changement enregistré par l'IOMed — un dépôt, un enregistrement, une décision, une modification du registre des États — est une inscription d'un registre chaîné par empreintes. Sa tête est signée avec la clé Ed25519 de l'organisation. Avec les clés publiques ci-dessous, chacun peut vérifier une tête signée ou un export de dossier, y compris s'il a été signé avant le remplacement d'une clé.
ledger-head-heading = La tête du registre, signée maintenant
ledger-head-seq = Inscriptions
ledger-head-hash = Empreinte de tête (BLAKE3)
ledger-head-signature = Signature (Ed25519)
ledger-head-key = Signée avec la clé
ledger-head-json = La tête signée en JSON
ledger-keys-heading = Clés de signature
ledger-keys-lead = Une clé ne signe que pendant sa période. Quand une clé est remplacée, elle signe un dernier point de contrôle qui nomme celle qui lui succède, et reste listée ici : ce qu'elle a signé avant reste vérifiable, et rien de ce qu'elle prétendrait avoir signé après ne l'est.
ledger-keys-caption = Les clés qui signent ou ont signé le registre, de la plus ancienne à la plus récente
ledger-col-key = Clé publique (Ed25519, hexadécimal)
ledger-col-from = Signe depuis
ledger-col-until = Signe jusqu'au
ledger-col-status = Statut
ledger-since-start = Le début du registre
ledger-until-now = Aujourd'hui (en usage)
ledger-key-current = En usage
ledger-key-retired = Retirée
ledger-keys-json = Télécharger les clés (JSON), pour vérifier sans ce site
ledger-verify-heading = Comment vérifier
ledger-verify-export = Un export de dossier est un zip dont le manifeste liste chaque fichier avec son empreinte BLAKE3 et est signé avec la clé du jour où il a été fait. Avec les clés téléchargées, le programme iomed vérifie la signature, que la clé a signé pendant sa période et que chaque fichier est tel qu'il a été exporté :
ledger-verify-by-hand = Sans notre programme : le fichier manifest.sig contient une signature Ed25519, en hexadécimal, des octets exacts de manifest.json, faite par la clé de public-key.txt, qui doit être l'une de celles listées ici.
ledger-verify-operator = L'exploitant d'un serveur recalcule toute la chaîne et vérifie chaque point de contrôle signé, chacun avec la clé de son époque :
screening-heading = Examen préalable à l’enregistrement
screening-intro = L’enregistrement exige chacun des éléments ci-dessous. Chaque document doit figurer au dossier commun ou au dossier du Secrétariat.
screening-item-lodging-fee = Droit de dépôt
screening-item-consent = Consentement écrit à la médiation
screening-item-authority-requesting = Pouvoir du représentant de la partie requérante
screening-item-authority-responding = Pouvoir du représentant de la partie défenderesse
screening-item-scope = Dans le champ de compétence de l’Organisation
screening-item-council-rule = Règle du Conseil d’administration invoquée (affaire discrétionnaire)
screening-on-file = Au dossier
screening-missing = Manquant
screening-fee-recorded = Enregistré comme payé
screening-consent-by-offer = L’offre de médiation a été acceptée
screening-scope-met = Oui, selon l’appréciation du champ ci-dessous
screening-rule-named = Indiquée
screening-rule-to-name = À indiquer dans le formulaire d’enregistrement
screening-refused-lead = Cette affaire ne peut pas encore être enregistrée. Il manque : { $names }
screening-refused = { $text }
list-separator = { "; " }
case-refusal-screening-incomplete = Cette affaire ne peut pas encore être enregistrée : l’examen préalable relève des éléments manquants (voir la liste sur la page de l’affaire).
case-refusal-only-the-requester = Seule la partie requérante retire une requête avant son enregistrement ; l’autre partie répond à l’offre de médiation.
event-appointment-step = { $outcome ->
    [in_place] Tous les médiateurs nécessaires ont accepté : les délais de nomination sont respectés.
   *[other] Une étape de nomination : le délai de caducité court à nouveau à compter de ce jour.
}
case-refusal-mediators-in-place = Tous les médiateurs ont accepté : l’affaire ne peut plus devenir caduque faute de nomination.
appointment-status-awaiting-mediator = Nommé, en attente de la réponse du médiateur
deadline-open-now = possible désormais
scope-offer-was-accepted = Faute d’accord préalable, l’autre partie a été invitée à accepter l’offre de médiation, et l’a acceptée.
scope-offer-not-accepted = Faute d’accord préalable, l’autre partie a été invitée à accepter l’offre de médiation, et ne l’a pas acceptée.
money = { $amount } { $currency }
filing-back-to-draft = Retour au projet
filing-next-heading = Ce qui se passe ensuite
filing-next-filed = La demande est déposée aujourd’hui, le { $date }, auprès du Secrétariat et inscrite au registre signé.
filing-next-offer = { $name } est invité par courriel à accepter l’offre de médiation dans un délai de { $days } jours, au plus tard le { $date }. Sans réponse à cette date, l’offre est réputée rejetée.
filing-next-agreement = { $name } est informé par courriel que la demande a été déposée en vertu de l’accord préalable des parties de recourir à la médiation.
filing-next-fee = Le droit de dépôt de { $fee } est dû par votre partie et n’est pas remboursé. Le Secrétariat n’enregistre la demande qu’une fois le paiement constaté.
filing-next-receipt = Vous recevez un accusé de réception à la page suivante et par courriel.
filing-told-how = Un courriel lui est envoyé, dans les quatre langues, qui nomme l’auteur, la référence de dépôt et le jour avant lequel répondre, avec un lien pour se connecter (et pour choisir un mot de passe s’il n’a pas encore de compte) ; le reste de la demande ne se lit qu’après connexion. Le Secrétariat voit la demande dans sa liste des demandes à examiner.
filing-final = Le dépôt est irréversible : la demande est inscrite définitivement dans l’historique de l’affaire et au registre signé, et le projet ne peut plus être modifié. Vous pourrez retirer la demande plus tard, mais le dépôt restera au dossier.
mail-receipt-subject = IOMed : votre demande de médiation a été déposée (référence { $reference })
mail-receipt-offer = L’autre partie a jusqu’au { $date } pour accepter l’offre de médiation.
mail-receipt-agreement = Aucun délai ne court avant l’enregistrement de la demande.
receipt-title = Accusé de réception de la demande
receipt-filed-on = La demande a été déposée le { $date }.
receipt-what = Ce qui a été déposé
receipt-reference = Référence du dépôt
receipt-number = Numéro de l’affaire
receipt-request = Demande de médiation
receipt-filed = Déposée le
receipt-fee = Droit de dépôt
receipt-fee-paid = paiement constaté
receipt-fee-due = dû
receipt-how-to-pay = Payez par virement sur le compte que le responsable financier du Secrétariat vous communique sur demande, en indiquant la référence { $reference }. Le responsable financier constate le paiement ; la demande n’est enregistrée qu’ensuite.
receipt-fee-note = Le barème d’IOMed n’est pas encore public : le montant est celui, par défaut, du profil de règles, repris du barème du CIRDI (1 000 USD pour une demande de médiation, non remboursés).
receipt-deadlines = Le prochain délai
receipt-next-pay = Payez le droit de dépôt en indiquant la référence du dépôt.
receipt-next-offer = L’autre partie répond à l’offre de médiation ; vous en êtes informé dans votre boîte de réception.
receipt-next-agreement = Le Secrétariat examine la demande (W4) et l’enregistre ou la refuse ; vous en êtes informé dans votre boîte de réception.
receipt-next-annexes = Versez les annexes de la demande au dossier : l’instrument de consentement, la preuve du pouvoir, l’autorisation interne. L’examen les vérifie.
receipt-mailed = Une copie de cet accusé de réception a été envoyée par courriel à la personne qui a déposé la demande.
receipt-to-case = Aller à l’affaire
receipt-to-file = Ajouter des pièces au dossier
case-filing-reference = Référence du dépôt { $reference }
case-receipt-link = Accusé de réception du dépôt
mail-receipt-body = Bonjour { $name },

    Votre demande de médiation a été déposée auprès de l'Organisation internationale pour la médiation le { $date }. Sa référence de dépôt est { $reference }.

    Le droit de dépôt de { $fee } est dû. Payez par virement sur le compte que le responsable financier du Secrétariat vous communique sur demande, en indiquant la référence. La demande n'est enregistrée qu'une fois le paiement constaté.

    { $text }

    L'accusé de réception, avec ce qui a été déposé, se trouve ici (connectez-vous pour le lire) : { $link }
share-check-document = Pièce
share-check-file = Fichier
share-check-filed = Déposée par
share-check-asked-by = Autorisation demandée par
share-check-readers = Qui pourra la lire
share-check-secretariat = Le personnel du Secrétariat qui administre l’affaire (greffier, Secrétaire général)
share-check-final = C’est irréversible : une copie du même contenu est versée définitivement au dossier commun, et toutes les personnes ci-dessus peuvent la lire et la télécharger. L’original reste dans votre caucus.
appoint-act = Désigner ce médiateur
appoint-choose = Choisissez un candidat
appoint-choose-first = Choisissez le candidat à contrôler et à désigner.
appoint-check-heading = Les contrôles de conflit que cette désignation enregistrerait
appoint-told-how = Le médiateur reçoit un courriel lui demandant d’accepter ou de refuser, et de déposer sa déclaration dans un délai de { $days } jours. Toutes les personnes de l’affaire voient la désignation et ses contrôles de conflit sur la page des médiateurs.
appoint-final = C’est irréversible : la désignation et ses contrôles de conflit sont inscrits définitivement dans l’historique de l’affaire et au registre signé. Si le médiateur refuse, ou si une récusation est admise, un autre est désigné.
mediator-refusal-mediators-in-place = L’affaire a tous les médiateurs qu’il lui faut : aucun n’est désigné sauf si une récusation est admise.
challenge-check-mediator = Médiateur récusé
challenge-check-by = Récusation présentée par
challenge-check-uphold = Le médiateur quitte l’affaire immédiatement. Les délais de désignation courent à nouveau à compter d’aujourd’hui, et un autre médiateur est désigné.
challenge-check-reject = Le médiateur reste saisi de l’affaire, et la médiation se poursuit.
challenge-check-final = C’est irréversible : la décision et ses motifs sont inscrits définitivement dans l’historique de l’affaire et au registre signé, et toutes les personnes de l’affaire les lisent.
challenge-check-no-reasons = Indiquez d’abord les motifs de la décision : revenez en arrière pour les rédiger.
user-deactivate-act = Désactiver ce compte
user-deactivate-sessions = La personne ne peut plus se connecter. Ses sessions prennent fin immédiatement et ses jetons d’API cessent de fonctionner.
user-deactivate-cases = Les affaires auxquelles la personne participe restent inchangées : ses dépôts, messages et étapes restent au dossier.
user-deactivate-again = Vous pourrez réactiver le compte plus tard.
user-deactivate-told = Personne n’est informé par courriel. Sa connexion est refusée comme pour un mot de passe erroné, afin que la page ne révèle rien du compte : prévenez-la vous-même si elle doit le savoir.
user-deactivate-final = La désactivation prend effet immédiatement et reste inscrite au registre signé, même si le compte est réactivé.
source-note = Note de source du Secrétariat (non publique) : { $source }
evidence-verified = Vérifié : confirmé par une source consultée et contrôlée.
evidence-unverified = Non vérifié : rapporté par la presse ou par des participants, pas encore confirmé par une source officielle.
event-mediator-appointed = Le Secrétariat a désigné { $name } comme médiateur, après les contrôles de conflit.
event-mediator-accepted = { $name } a accepté la désignation et signé la déclaration.
event-mediator-declined = { $name } a refusé la désignation.
event-mediator-challenged = { $side } a récusé le médiateur { $name }.
event-challenge-answered = { $name } a répondu à la récusation.
event-challenge-upheld = La récusation a été admise : { $name } a quitté l’affaire.
event-challenge-rejected = La récusation de { $name } a été rejetée.
event-mediator-disclosed = { $name } a fait une nouvelle déclaration d’intérêts.
event-sg-appointment-requested = { $side } a demandé au Secrétaire général de désigner les médiateurs.
party-field-name = Nom ou dénomination
document-language-choose = Choisissez la langue
language-en = anglais
language-fr = français
language-zh-Hans = chinois (simplifié)
language-zh-Hant = chinois (traditionnel)
language-ar = arabe
language-es = espagnol
language-ru = russe
language-pt = portugais
language-id = indonésien
language-ms = malais
language-sw = swahili
language-ur = ourdou
mail-invite-offer = La requête est une offre de médiation : vous avez jusqu’au { $date } pour l’accepter ou la refuser.
mail-invite-agreement = La requête se fonde sur une convention de médiation : aucun délai ne court pour vous avant que le Secrétariat l’enregistre.
standing-invited = Partie défenderesse, invitée (n’a pas encore consenti)
messages-invited = Votre partie a été invitée et n’a pas encore consenti à la médiation. Tant qu’elle n’a pas accepté l’offre, vous lisez la requête et ses annexes dans le dossier ; les messages de l’affaire vous sont ouverts dès qu’elle l’accepte.
case-invited = Votre partie est invitée à la médiation. Lisez la requête et ses annexes dans le dossier, puis acceptez ou refusez l’offre ci-dessous. Tant que vous ne l’avez pas acceptée, vous ne voyez rien d’autre de l’affaire et ne pouvez rien déposer.
officer-heading = Chargé de l’affaire
officer-is = { $name } suit cette affaire pour le Secrétariat.
officer-none = Aucun chargé ne suit encore cette affaire.
officer-choose = Chargé de l’affaire
officer-none-option = Aucun chargé
officer-assign = Attribuer
officer-assigned = Le chargé de l’affaire a été enregistré.
case-refusal-not-an-officer = Le chargé d’une affaire doit être secrétaire d’affaire, le greffier, ou le Secrétaire général ou son adjoint.
case-refusal-officer-inactive = Ce compte est désactivé : il ne peut pas suivre une affaire.
case-refusal-officer-unchanged = L’affaire a déjà ce chargé.
queue-heading = File de travail
queue-waiting = En attente de
queue-waits-on = En attente de : { $text }
queue-all = Affaires ouvertes
queue-mine = Les vôtres
queue-unassigned = Sans chargé
queue-deadlines = Délais qui échoient dans les prochains jours, et délais dépassés
waiting-screening = Examen
waiting-fee = Droit de dépôt
waiting-consent = Le consentement de l’autre partie
waiting-appointment = Nomination des médiateurs
notice-reminder = { $step } : échéance dans { $days ->
        [one] 1 jour ouvrable
       *[other] { $days } jours ouvrables
    }
notice-kind-deadline = Délais qui échoient bientôt (7 jours ouvrables et 1 jour avant)
mail-reminder-subject = IOMed : un délai échoit bientôt dans l’une de vos affaires
mail-reminder-body = Un délai échoit bientôt dans une affaire à laquelle vous prenez part. { $step } (le { $date }).

    Connectez-vous pour voir l’affaire : { $link }

    Ce message ne contient rien de l’affaire.
designation-withdraw-act = Retirer la désignation
designation-withdraw-panel = Dès aujourd’hui, le médiateur ne figure plus sur cette liste pour cet État : cette désignation ne fait plus de lui un candidat.
designation-withdraw-cases = Les affaires où le médiateur siège déjà ne sont pas touchées.
designation-withdraw-told = Personne ne reçoit de courriel. Le retrait est inscrit au registre signé, et la page publique des listes ne mentionne plus cette désignation.
designation-withdraw-final = Ce retrait est définitif : une désignation retirée ne peut pas être renouvelée. Pour réintégrer le médiateur, l’État le désigne de nouveau.
designation-withdraw-ended = Cette désignation a déjà pris fin : il n’y a rien à retirer.
email-choice-daily = Un courriel par jour, à 8 h à votre heure, avec celles que vous n'avez pas lues
email-choice-daily-note = Le courriel quotidien part à 8 h dans votre fuseau horaire ({ $zone }) ; une notification lue entre-temps dans vos notifications n'y figure pas.
mail-digest-subject =
    { $count ->
        [one] IOMed : 1 notification non lue
       *[other] IOMed : { $count } notifications non lues
    }
mail-digest-intro = Voici ce qui s'est passé dans vos affaires depuis votre dernier courriel quotidien. Chaque ligne renvoie à la page ; le contenu de l'affaire n'est que sur le site, une fois connecté.
mail-digest-outro = Vous avez choisi un courriel par jour pour ces notifications. Pour changer ce choix : { $link }
error-unknown-state-name = « { $code } » n’est ni le nom ni le code d’un État membre ou observateur de l’Organisation des Nations Unies.
error-unknown-state-suggest = « { $code } » n’est ni le nom ni le code d’un État membre ou observateur de l’Organisation des Nations Unies. Vouliez-vous dire { $names } ?
list-or-separator = {" ou "}
state-quoted = « { $name } »
error-summary-title = Il y a un problème
mail-officer-subject = IOMed : vous êtes le chargé d’une affaire
notice-officer = Vous êtes désormais le chargé de cette affaire
mail-officer-body = Vous avez été désigné chargé d’une affaire : vous la suivez pour le Secrétariat, et la file de travail la compte comme la vôtre.

    Connectez-vous pour la lire : { $link }

    Ce message ne contient rien de l’affaire. Si vous ne l’attendiez pas, prévenez le Greffier.
invite-bad-email = Indiquez une adresse électronique, comme nom@exemple.org.
invite-bad-name = Indiquez le nom de la personne (120 caractères au plus).
scope-source-request-contents = Demande de médiation : son contenu (Règle 5 du Règlement de médiation du CIRDI, par défaut tant que les règles de l’IOMed ne sont pas publiques)
scope-source-consent = E2 : médiation seulement avec le consentement des parties, donné avant ou après la naissance du différend (compétence de l’IOMed)
scope-source-categories = E1 : les trois catégories de différends (compétence de l’IOMed)
scope-source-contracting-states = E3, E12 : différends entre États contractants, à compter de la date à laquelle la Convention est en vigueur à leur égard
scope-source-non-contracting-states = E4, E9, E12 : les États non contractants peuvent être servis selon des règles du Conseil d’administration
scope-source-international-organizations = E4 : les organisations internationales peuvent être servies selon des règles du Conseil d’administration
scope-source-declarations = E5 : catégories de différends qu’un État a exclues par déclaration
scope-source-third-states = E6, E7 : un différend qui concerne un État tiers exige le consentement préalable de cet État
scope-source-nationals = E8, E10 : un ressortissant d’un autre État (double nationalité examinée)
scope-source-state-national = E8 : différends commerciaux ou d’investissement entre un État et un ressortissant d’un autre État
scope-source-internationality = E11 : ce qui rend un différend international, par défaut d’après l’article 1 de la Convention de Singapour (non confirmé pour l’IOMed)
scope-source-commercial = E11 : différends commerciaux internationaux entre parties privées
api-op-list_my_appointments = Vos propres nominations de médiateur, les plus récentes d’abord.
api-op-answer_appointment = Accepter une nomination avec la déclaration, ou la refuser.
api-op-list_cases = Les affaires que vous pouvez voir, les plus récentes d’abord, filtrées par étape, catégorie, année ou mots.
api-op-get_case = Une affaire, avec ses délais et son historique de procédure.
api-op-agreed_candidates = Les candidats que les deux parties ont classés, le mieux placé d’abord, une fois les deux classements faits.
api-op-list_case_appointments = Les nominations d’une affaire, avec leurs vérifications de conflits.
api-op-appoint_mediator = Nommer un médiateur après les vérifications de conflits (le Secrétaire général, l’adjoint, le Greffier).
api-op-list_challenges = Les récusations d’une affaire.
api-op-challenge_mediator = Récuser un médiateur en fonction, répondre à une récusation ou la trancher.
api-op-list_documents = Les documents d’une affaire que vous pouvez voir, les plus anciens d’abord.
api-op-file_document = Déposer un document : ses informations, puis le fichier, chiffré au repos.
api-op-export_case = Exporter le dossier que vous pouvez voir, signé.
api-op-list_messages = Les messages d’une affaire que vous pouvez voir, les plus anciens d’abord ; ils sont marqués comme lus.
api-op-send_message = Envoyer un message à l’un des publics d’une affaire.
api-op-assign_officer = Désigner un membre du Secrétariat comme chargé de l’affaire.
api-op-rank_candidates = Classer les candidats pour votre partie, en privé.
api-op-take_step = Accomplir une étape dans une affaire ; une étape hors de son tour ou trop tardive est refusée avec son motif.
api-op-due_deadlines = Les délais de toutes les affaires ouvertes qui échoient dans 14 jours, et ceux dépassés (le Secrétariat).
api-op-get_document = Les informations d’un document ; la consultation est enregistrée.
api-op-download_document = Télécharger un document, après la vérification de son intégrité ; le téléchargement est enregistré.
api-op-ask_to_share = Un médiateur demande à une partie la permission de communiquer à tous son document d’aparté.
api-op-ledger_head = La tête du registre, signée maintenant.
api-op-ledger_keys = Toutes les clés qui ont signé le registre, dans l’ordre de leur emploi.
api-op-me = Qui vous êtes, et vos rôles.
api-op-list_notifications = Vos notifications, les plus récentes d’abord ; elles sont marquées comme lues.
api-op-list_panel_members = Les membres des deux listes aujourd’hui, avec leurs profils publics.
api-op-public_register = Le registre public des affaires dont toutes les parties ont accepté la publication.
api-op-create_request = Créer un projet de demande de médiation.
api-op-get_request = Un de vos projets de demande, avec ce qui lui manque encore.
api-op-update_request = Remplacer un projet de demande qui n’est pas encore déposé.
api-op-file_request = Déposer un projet de demande ; un projet incomplet est refusé avec tout ce qui lui manque.
api-op-check_scope = Si l’IOMed peut assurer la médiation d’un différend, avec chaque motif ; sans compte, rien n’est conservé.
api-op-answer_share_request = Répondre à une demande de partage d’un document d’aparté ; l’accord le dépose pour tous.
api-op-list_states = Chaque État membre ou observateur de l’ONU, avec son statut à l’égard de l’IOMed.
api-op-get_state = Un État, par son code ISO 3166-1 alpha-3.
api-op-healthz = En vie : le processus répond.
api-op-readyz = Prêt : la base de données répond.
doctype-internal-authorization = Autorisation interne
annexes-heading = Annexes
annexes-save-first = Enregistrez le brouillon pour y joindre ses annexes : l’instrument de consentement, la preuve du pouvoir de représentation, l’autorisation interne et les pièces.
annexes-lead = Joignez les documents sur lesquels repose la requête. Jusqu’au dépôt, vous seul pouvez les voir. Le dépôt les verse au dossier commun, où l’autre partie les lit avec la requête.
annexes-none = Aucune annexe n’est encore jointe.
annexes-size = Taille
annexes-remove = Retirer
annexes-help = Chaque ligne reçoit un ou plusieurs fichiers de même type et de même langue (maintenez Ctrl, ou ⌘ sur Mac, pour en choisir plusieurs). Chaque annexe prend pour titre le nom de son fichier. Jusqu’à { $max } annexes de plus, de 2 Gio chacune au plus.
annexes-row = Annexes, ligne { $number }
annexes-type-choose = Choisissez le type
annexes-files = Fichiers
annexes-attach = Joindre les fichiers
annexes-full = Ce brouillon contient { $max } annexes, le maximum. Déposez les autres au dossier de l’affaire une fois la requête déposée.
annexes-error-title = Les fichiers n’ont pas été joints. Rien de cet envoi n’a été conservé :
annexes-error-no-file = Choisissez au moins un fichier à joindre.
annexes-attached = Annexes jointes : { $count }.
annexes-removed = L’annexe a été retirée du brouillon.
case-refusal-too-many-annexes = Un brouillon contient au plus { $max } annexes. Déposez les autres au dossier de l’affaire une fois la requête déposée.
case-refusal-no-such-annex = Cette annexe ne figure pas dans ce brouillon.
filing-annexes = Annexes, versées au dossier commun
filing-no-annexes = Aucune. Vous pourrez les déposer au dossier de l’affaire ensuite.

annexes-caption =
    { $count ->
        [one] Une annexe
       *[other] { $count } annexes
    }
api-op-list_annexes = Les annexes de l’un de vos brouillons, dans l’ordre où elles ont été jointes.
api-op-attach_annex = Joindre une annexe à l’un de vos brouillons : une partie meta, puis le fichier. Vous seul la voyez jusqu’au dépôt.
api-op-detach_annex = Retirer une annexe de l’un de vos brouillons non encore déposés ; son contenu est supprimé.
api-op-download_annex = Télécharger une annexe de l’un de vos brouillons, telle que jointe.
annexes-row-error = { $group } : { $detail }
