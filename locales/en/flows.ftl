## The request as a WhatsApp form (WhatsApp Flows): the invitation in the chat and the
## form's words. Labels are at most 20 characters and help lines 80 (Meta's limits).

form-offer = You can fill in the whole request in one form: tap «Fill in form», complete the details and send it. If you prefer, answer the questions that follow here in the chat, one by one.
form-offer-jne = The form now has the district and the { $authority }'s details from the JNE list: tap «Fill in form», check them and complete the rest. If you prefer, answer here in the chat.
form-offer-button = Fill in form
form-reply-stale = That form was already sent or no longer belongs to this conversation, so nothing was changed.

form-offer-correction = You can correct these details in one form: tap «Fill in form». If you prefer, correct them here in the chat.
flow-title-correction = Correcting details
flow-intro-correction = Correct the observed details. At the end you will review everything in the chat before sending them.
flow-section-authority-any = The authority
flow-title = Access request
flow-intro = Fill in the details of the request for access to the Programa CONTIGO information. At the end you will review everything in the chat before sending it.
flow-section-entity = Entity
flow-section-authority = The { $authority }
flow-section-responsible = Person responsible for the access
flow-next = Continue
flow-send = Finish

flow-label-access-type = Access type
flow-label-district = District
flow-label-region = Region
flow-label-entity-name = Entity name
flow-label-entity-public = Kind of entity
flow-label-rof-doc = ROF document
flow-label-head-designation-doc = Head's designation
flow-label-authority-names = Given names
flow-label-authority-surnames = Surnames
flow-label-authority-dni = DNI
flow-label-jne-credential = JNE credential
flow-label-authority-phone = Mobile
flow-label-authority-phone2 = Other phone
flow-label-authority-personal-email = Personal e-mail
flow-label-authority-institutional-email = Institutional e-mail
flow-label-resp-names = Given names
flow-label-resp-surnames = Surnames
flow-label-resp-dni = DNI
flow-label-resp-phone = Mobile
flow-label-resp-email = E-mail
flow-label-resp-office = Office
flow-label-resp-position = Position
flow-label-resp-designation-date = Designation date

flow-help-district = District and province, for example: Huanta, Huanta
flow-help-rof-doc = Only for a public entity: the document approving its ROF
flow-help-head-designation-doc = Resolution or document designating the head
flow-help-authority-dni = 8 digits
flow-help-jne-credential = Number of the credential issued by the JNE
flow-help-authority-phone = 9 digits, for example: 987654321
flow-help-authority-phone2 = Optional
flow-help-authority-institutional-email = Optional
flow-help-resp-dni = 8 digits
flow-help-resp-phone = Mobile with WhatsApp, 9 digits
flow-help-resp-designation-date = Date of the document designating them

## A Gobierno Local's FAD and alert as a WhatsApp form, offered once the person's DNI
## was found.
ally-form-offer = You can answer everything in one form: tap «Fill in form», complete it and send it. If you prefer, answer here in the chat.
flow-title-fad = Data update
flow-intro-fad = Write the person's new details. When you send them we file the Data Update Form (FAD).
flow-label-fad-address = Address
flow-label-fad-reference = Reference
flow-label-fad-phone = Contact phone
flow-title-alert = Alert
flow-intro-alert = Choose what happened and describe it briefly. When you send it we file the alert.
flow-label-alert-kind = What happened?
flow-label-alert-description = Description
flow-help-alert-description = With the date if you know it, e.g.: Died on 10/11/2026
