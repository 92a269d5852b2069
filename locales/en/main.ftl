# Main conversation (English).

## Menu and help
welcome = Hello! I am Programa CONTIGO's assistant for allies: OMAPED, OREDIS and other entities. I help you request access to the Program's information and follow your request.
# How to pick an option: tap it on a phone, type its number in the terminal. The engine
# gives every message it writes the chat's $channel; prompts use these, never "tap" alone.
tap = { $channel ->
    [terminal] type the number of
   *[other] tap
}
tap-capital = { $channel ->
    [terminal] Type the number of
   *[other] Tap
}
choose-hint = { $channel ->
    [terminal] Type the number of an option.
   *[other] Tap an option or type its number.
}
menu-prompt = What would you like to do? { choose-hint }
menu-register = Request access
menu-upload = Send signed DDC
menu-status = My request
menu-ddc = Download DDC
menu-help = Help
back-to-menu = Back to menu
help =
    I can help you:
    • Request access for your municipality, regional government or other entity.
    • Download the Confidentiality Declaration (DDC) prefilled with your data.
    • Receive the signed and sealed DDC: as a PDF or 1 to 5 photos of its pages.
    • Tell you the stage of your request and the expected date.
    Commands:
    • /start: the menu
    • /register: register an access request
    • /ddc: download your request's DDC
    • /upload: send the signed DDC{ $channel ->
        [terminal] {" "}(in the terminal, with /file PATH of the file)
       *[other] {""}
    }
    • /status: the stage of your request
    • /fix: fix an observed request
    • /renew: renew the access for the next fiscal year
    • /padron: queries of the padrón (with an approved access)
    • /faq: frequent questions
    • /specialist: talk to a person of the Program
    • /cancel: leave what you are doing
    • /continue: go on with what you left halfway
    • /help: this help
    If you leave halfway, we continue where you left off when you come back.
not-understood = Sorry, I did not understand.
thanks-reply = You are welcome! If you need anything else, write to me or pick an option.
stale-choice = That option is no longer valid.
unsupported-input = For now I only understand text messages, buttons, PDF files and photos.
cancelled = Done, we left it there. Nothing was sent.
nothing-to-cancel = There is nothing in progress to cancel.
pick-an-option = Please choose one of the options. { choose-hint }
flood-wait = I received many messages from you in a row and I am still answering. Please wait for my replies to arrive, then write to me again.
technical-problem = Sorry, we had a technical problem with your last message. Please send it again in a few minutes.
terminal-hint = Type your message and press Enter. Type a number to choose an option. /file PATH sends a file. Ctrl+D to quit.

## Registration
register-intro = Let's register your access request. I will ask a few questions, one at a time. You can type /cancel at any moment.
step = { $total ->
    [0] Step { $step }
   *[other] Step { $step } of { $total }
}
fixing-header = Correction
access-type-local = Local Government
access-type-regional = Regional Government
access-type-other = Other Ally
authority-local = the mayor
authority-regional = the regional governor
authority-other = the head of the entity
entity-public = Public
entity-private = Private
date-today = Today
skip = Skip
value-empty = (none)
file-during-registration = Let's finish the registration first; you will send me the signed DDC afterwards.
back-previous = Back to the previous question. Your answer was: "{ $value }". Type the right answer, or the same one if it was right.
back-first = This is the first question; there is none before it.

ask-access-type = What type of access are you requesting?
ask-district = Which district is the municipality in? Type the district name, with or without accents. Example: Acoria
ask-region = Which region is the regional government of? Example: Huancavelica
ask-entity-name = What is the entity's name? Example: Consejo Nacional para la Integración de la Persona con Discapacidad
ask-entity-public = Is the entity public or private?
ask-rof-doc = What is the number of the document approving the entity's ROF? Example: DS N° 002-2016-MIMP
ask-head-designation-doc = What is the number of the document designating the head of the entity? Example: RM N° 045-2026-MIMP
ask-authority-names = What are the given names of { $authority }? Example: Rosa María
ask-authority-surnames = What are the surnames of { $authority }? Example: Quispe Huamán
ask-authority-dni = What is the DNI of { $authority }? 8 digits. Example: 45678912
ask-jne-credential = What is the number of the JNE credential that accredits { $authority } in office? Example: 0123-2026-JNE
ask-authority-phone = What is the mobile number of { $authority }? If none, a landline with its area code. Example: 987654321 or 067 234567
ask-authority-phone2 = Is there another number (landline or mobile)? Type it, or { tap } "Skip".
ask-authority-personal-email = What is the personal email of { $authority }? Example: rosa.quispe@gmail.com
ask-authority-institutional-email = What is the institutional email? Type it, or { tap } "Skip" if there is none. Example: { $access ->
    [local] alcaldia@muniacoria.gob.pe
    [regional] gobernacion@regionhuancavelica.gob.pe
   *[other] mesadepartes@conadisperu.gob.pe
}
ask-resp-names = Now, the details of the person responsible for the access. What are their given names?
ask-resp-surnames = What are the responsible person's surnames?
ask-resp-dni = What is the responsible person's DNI? 8 digits.
ask-resp-phone = What is the responsible person's mobile number? Example: 912345678
ask-resp-email = What is the responsible person's email?
ask-resp-office = Which office do they belong to? { $access ->
    [local] { tap-capital } the option or type its name. Example: OMAPED, Subgerencia de Desarrollo Social
    [regional] { tap-capital } the option or type its name. Example: OREDIS, Gerencia Regional de Desarrollo Social
   *[other] Type its name. Example: Oficina de Atención al Ciudadano
}
ask-resp-position = What is the responsible person's position? Example: { $access ->
    [local] Head of OMAPED
    [regional] Head of OREDIS
   *[other] Citizen Services Coordinator
}
ask-resp-designation-date = Since which date were they designated? Type day/month/year. Example: 02/01/2026

field-access-type = Access type
field-district = District
field-region = Region
field-entity-name = Entity
field-entity-public = Public or private
field-rof-doc = Document approving the ROF
field-head-designation-doc = Head's designation document
field-authority-names = { $access ->
    [other] Head's names
   *[elected] Authority's names
}
field-authority-surnames = { $access ->
    [other] Head's surnames
   *[elected] Authority's surnames
}
field-authority-dni = { $access ->
    [other] Head's DNI
   *[elected] Authority's DNI
}
field-jne-credential = JNE credential
field-authority-phone = { $access ->
    [other] Head's phone
   *[elected] Authority's phone
}
field-authority-phone2 = Other phone
field-authority-personal-email = Personal email
field-authority-institutional-email = Institutional email
field-resp-names = Responsible's names
field-resp-surnames = Responsible's surnames
field-resp-dni = Responsible's DNI
field-resp-phone = Responsible's mobile
field-resp-email = Responsible's email
field-resp-office = Office
field-resp-position = Position
field-resp-designation-date = Designation date

district-set = District: { $district } ✓
district-not-found = I could not find the district "{ $query }". Please check the spelling and send it again.
district-pick = { $count ->
    [one] There is 1 district with that name. Is it yours?
   *[other] There are { $count } districts with that name. Which one is yours?
}
district-narrow = { $count ->
    [one] I found 1 similar district.
   *[other] I found { $count } similar districts.
} Type the province or region to find yours. Example: Huancavelica
region-set = Region: { $region } ✓
region-not-found = I could not find the region "{ $query }". Please type your region's name. Example: Ayacucho
region-pick = Which of these regions is yours?

summary-title = Check your data before sending:
summary-prompt = Is everything right? If something is wrong, { tap } "Fix a field".
summary-send = Send request
summary-fix = Fix a field
summary-cancel = Cancel
summary-cancel-confirm = Are you sure you want to cancel? { $count ->
        [one] The { $count } answer you gave
       *[other] The { $count } answers you gave
    } will be deleted and you would have to start again.
summary-cancel-yes = Yes, cancel
summary-cancel-no = Back to the summary
fix-prompt = Which field do you want to fix?
submitted = ✅ Your request was registered with code { $code }. Keep it: you can follow your request with it.
submitted-modification = Your jurisdiction already has an active access: this request will be handled as a change of responsible. When approved, the previous access will end.
ddc-caption = Confidentiality Declaration (DDC) of request { $code }.
ddc-next-steps = Next step: print the DDC, have { $authority } sign and seal it, and send it to me here as a PDF or photos. { tap-capital } "Send signed DDC" when you have it.

## Find a request, send the signed DDC, status
find-request = Type your request code (example: CTG-2026-000123) or the DNI of whoever signs the DDC (the authority or the head of the entity).
find-request-ddc = Type your request code. Example: CTG-2026-000123
find-request-ddc-needs-code = To send you the DDC I need the request code. You received it when you registered.
find-request-invalid = I do not recognise that as a request code or a DNI.
find-request-no-code = If you do not have the code at hand: it is in the message of this chat that says "Your request was registered with code…", and printed on the DDC. If you cannot find it, type the DNI of whoever signs the DDC (the authority or the head of the entity). If you have not registered your request yet, go back to the menu and choose "Request access".
find-request-none = I found no request with "{ $query }". Please check it.
file-held = I kept your file. Now tell me which request it belongs to.
upload-prompt = Send the signed and sealed DDC of request { $code }: a PDF, or { $max ->
        [one] 1 photo of its page
       *[other] 1 to { $max } photos of its pages, in order
    }. All the text, the signature and the seal must be readable.{ upload-how }
upload-prompt-generic = Send the signed DDC as a PDF, or photos of its pages.{ upload-how }
# How a file is sent where there is no attach button (the terminal).
upload-how = { $channel ->
    [terminal] {" "}In the terminal type /file PATH, the path of the file on your computer; for example: /file signed-ddc.pdf
   *[other] {""}
}
photo-received = I received photo { $count } (at most { $max }). Send the next page, or { tap } "Done" when you have sent them all.
photos-done = Done, build PDF
photos-reset = Start over
photos-cleared = I deleted the photos received. Let's start over.
photos-expired = The photos you sent more than { $days ->
    [one] { $days } day
   *[other] { $days } days
} ago are no longer kept, to protect your data. Please send them again and tap «Done».
photos-replaced-by-pdf = I received a PDF: I use the PDF and discard the earlier photos.
upload-waiting-file = I am waiting for the signed DDC: a PDF file or photos.
upload-later = All right. Once you have { $doc ->
    [designation] the head's designation document, type /enviar and send it here as a PDF or photos.
   *[ddc] the signed and sealed DDC, type /enviar (or choose "Send signed DDC" in the menu) and send it here as a PDF or photos. If you do not have the DDC printed, download it again with "Download DDC".
}
upload-not-expected = Request { $code } is { $stage }: you do not need to send the DDC now.
upload-accepted = ✅ I received the signed DDC of request { $code } ({ $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }). Thank you.

status-header = Request { $code } · { $type } · { $jurisdiction }
    Stage: { $stage }.
status-next-draft = Next: complete the registration.
status-next-awaiting-ddc = Next: print the DDC, have { $authority } sign and seal it, and send it to me here.
status-next-uac-review = Next: the Support Unit (UAC) reviews the requirements.
status-next-observed = Next: fix what was observed and send it here.
status-next-legal-review = Next: Legal Advice (UAJ) gives its opinion.
status-next-director-authorization = Next: the Executive Directorate authorises the account.
status-next-account-creation = Next: IT (UTI) creates your account.
status-next-active = Your access is active until 31/12/{ $year }.
status-next-rejected = The request was rejected. You can take it up again with its data with "{ $next }", fixing what the reason says.
status-next-lapsed = The time to fix it ran out. You can take it up again with its data with "{ $next }".
status-next-superseded = A new responsible person took over the access.
status-next-expired = The access expired with the fiscal year. You can renew it with "Renew access": we reuse your data.
status-next-suspended = Your access is suspended: for now you cannot look up the padrón. If you have questions, { tap } "Talk to a specialist".
status-next-revocation-review = Your access is suspended while the Executive Directorate confirms its revocation. If you have questions, { tap } "Talk to a specialist".
status-next-revoked = The access was revoked. To have access again, { tap } "{ $next }".
status-due = Deadline of this stage: { $date }.
status-due-late = This stage was due on { $date }; we will tell you as soon as it moves.
status-expected = Expected account date: { $date } (business days).
status-none-yet = You have no requests registered from this chat yet. When you finish registering I will give you its code.
status-modification = This is a change of responsible.
upload-designation-prompt = Now send the document designating the head of the entity (request { $code }): a PDF, or { $max ->
        [one] 1 photo of its page.
       *[other] 1 to { $max } photos of its pages.
    }
designation-accepted = ✅ I received the designation document of request { $code } ({ $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }). Thank you.

## A flow left half-way to do something else: kept, and taken up with /continuar.
paused = I kept { $what } for later. To take it up again, write /continuar or { tap } «Continue pending».
paused-registration = your access request ({ $where })
paused-registration-review = the review of your access request
paused-upload = sending your signed DDC
paused-ddc = downloading your DDC
paused-status = looking up your request
paused-uploading = sending the signed DDC of request { $code }
paused-query = your query
menu-continue = Continue pending
nothing-to-continue = You have nothing pending to continue.
cancelled-paused = Done, I discarded what you had pending. Nothing was sent.
## Who may see or send what (one access policy)
access-refused = I cannot show or do that from this chat. If the request is yours, write to me from the chat you registered it in, or use the verification code printed on the DDC.
find-request-verification = To send the DDC from this chat, type the verification code printed on the DDC, next to the request code (example: ABCD-EFGH). You can also scan the DDC's QR code.
find-request-verification-or-dni = To protect the data, type the verification code printed on the DDC (example: ABCD-EFGH). With the DNI of whoever signs the DDC I will only tell you the stage.
find-request-dni-not-enough = With a DNI I cannot show or receive another person's documents. Type the request code (example: CTG-2026-000123) and then the verification code printed on the DDC.
verification-mismatch = That code does not match the DDC's. Check it at the top of the DDC and type it again.
verification-too-many = Too many wrong codes were typed from this chat. For safety, try again in { $minutes ->
        [one] 1 minute
       *[other] { $minutes } minutes
    }, or write to me from the chat you registered the request in.
status-stage-only = Request { $code } · Stage: { $stage }
status-stage-only-more = To see the details, type the verification code printed on the DDC.
find-request-ddc-verification = To send the DDC to this chat, type the verification code printed on it (example: ABCD-EFGH). If you do not have it, ask for it from the chat you registered the request in.

## What the web server answers to an address or a form it cannot read (any page).
http-refused-heading = We could not read that request
http-refused = The address or the data sent are not valid. Go back to the previous page and try again from its links and buttons.
http-refused-back = Go to the console's start
