# E-mail copies of a request's milestones, to its responsible and its authority
# (notify/email.rs). Each copy: a subject (…-subject) and a short body.
email-signature =
    Programa CONTIGO: this is an automatic message, please do not reply. For any question write to the program's assistant on Telegram or WhatsApp.
email-registered-subject = Request { $code }: DDC to sign
email-registered =
    Request { $code } for access to the USUARIO ALIADO application for { $jurisdiction } was registered.

    The confidentiality declaration (DDC) is attached. Next step: { $authority } signs and seals it, and the responsible person sends it through the assistant (PDF or photos).
email-observed-subject = Request { $code } observed
email-observed =
    Request { $code } ({ $jurisdiction }) was observed: { $reason }.

    Next step: correct it through the assistant by { $date }; otherwise it lapses.
email-rejected-subject = Request { $code } rejected
email-rejected =
    Request { $code } ({ $jurisdiction }) was rejected: { $reason }.

    If you meet the requirements, you may register a new request through the assistant.
email-approved-subject = Access approved: request { $code }
email-approved =
    Request { $code } was approved: the access for { $jurisdiction } is active for fiscal year { $year }.

    The responsible person can now look up their jurisdiction's information through the assistant.
email-superseded-subject = Access replaced: request { $code }
email-superseded =
    The access for { $jurisdiction } of request { $code } ended: it passed to a new responsible person (request { $reason }).
email-access-suspended-subject = Access suspended: request { $code }
email-access-suspended =
    The Programme suspended the access for { $jurisdiction } (request { $code }). Reason: { $reason }.

    While it lasts the register cannot be queried. If you have questions, write to the assistant and choose "Talk to a specialist".
email-access-revocation-review-subject = Revocation under way: request { $code }
email-access-revocation-review =
    The Programme decided to revoke the access for { $jurisdiction } (request { $code }). Reason: { $reason }.

    The Executive Directorate must confirm it; meanwhile the register cannot be queried.
email-access-revoked-subject = Access revoked: request { $code }
email-access-revoked =
    The access for { $jurisdiction } (request { $code }) was revoked by the Programme. Reason: { $reason }.

    To have access again, the entity must file a new request through the assistant.
email-access-restored-subject = Access restored: request { $code }
email-access-restored =
    The Programme restored the access for { $jurisdiction } (request { $code }). The responsible person can query the register again.
email-expiring-subject = The access for { $jurisdiction } ends this fiscal year
email-expiring =
    The access for { $jurisdiction } (request { $code }) ends with the close of fiscal year { $year }.

    Next step: register the renewal through the assistant with "Renew access"; your data is reused.
# To the applicant's chat, once per address, when an SMTP server refused it for good.
email-address-refused = ⚠️ We could not deliver the e-mail copy of your request { $code } to { $address }: the mail server refused it. We will not send copies to that address any more. If it is misspelt, correct your data with "Fix data" when your request is observed, or write /especialista.
email-authority-changed-subject = New authority in { $jurisdiction }: a new DDC is needed (request { $code })
email-authority-changed =
    The JNE list of authorities names { $reason } as the authority of { $jurisdiction }. To keep the access of request { $code }, the new authority must sign a new Confidentiality Declaration (DDC) by { $date }. It can be requested and returned signed through the assistant.
email-new-ddc-asked-subject = A new signed DDC is requested: request { $code }
email-new-ddc-asked =
    The Programme's Support Unit (UAC) asks for a new signed Confidentiality Declaration (DDC) for the access of { $jurisdiction } (request { $code }). Reason: { $reason }.

    The new DDC is attached, with a new verification code. Have { $authority } sign and seal it and send it signed through the assistant before { $date }. If it does not arrive in time, the access will be suspended until UAC receives it.
email-new-ddc-accepted-subject = New DDC accepted: request { $code }
email-new-ddc-accepted =
    The Support Unit accepted the new signed DDC of the access of { $jurisdiction } (request { $code }). The access stays active and nothing else is due.
email-invitation-subject = Invitation: USUARIO ALIADO access for { $district }
email-invitation =
    Your municipality does not have access yet to the CONTIGO Programme's USUARIO ALIADO application, with which the OMAPED queries the padrón of the users in { $district }.

    The invitation letter is attached. Next step: scan the letter's QR code with your phone and follow the questions of the Programme's chat.
