## The registration form on one screen (domain::form): per-field errors, the
## authority from the JNE list and the Telegram form.

form-required = This is needed. Please fill it in.
form-district-ambiguous = { $count ->
    [one] There is { $count } district with that name.
   *[other] There are { $count } districts with that name.
} Please pick yours from the list or add the province.
form-region-ambiguous = Several regions match that name. Please pick yours from the list.
form-not-in-form = This does not belong to the chosen access type.

## The authority on the JNE list (imported with "import autoridades").
jne-confirm = According to the JNE list, { $authority } is { $name } (ID { $dni }). Is this the authority of your request?
jne-confirm-yes = Yes
jne-confirm-no = No, someone else
jne-filled = Authority: { $name } ✓

## The responsible's mobile, shared from Telegram.
form-share-contact = 📱 Share my number
form-share-contact-hint = If you are the person responsible, { tap } "Share my number".
form-share-contact-help = Please type the mobile number. Example: 912345678

## Optional data is added at the summary.
form-optional-hint = If you wish, add { $fields } with "Fix a field".
# The last of a list of choices: "A", "B" or "C".
list-or = { $rest } or { $last }
# One of the fields of form-optional-hint, quoted as this language quotes.
form-optional-field = "{ $field }"

## A district typed instead of the access type: it is a Gobierno Local.
form-access-type-district-hint = For a municipality, you can also type the name of your district.

## The Telegram form (Mini App) received in the chat.
form-received = I received the form.
form-no-registration = I received a form, but there is no registration in progress. To register a request, { tap } "Request access".

## The button that opens the whole form in Telegram.
form-open = 📝 Fill in the form
form-open-hint = Or { tap } "Fill in the form" to enter all the data on one screen.

## The form page (Telegram Mini App).
webapp-title = Access request
webapp-intro = Fill in the data and tap "Check and continue". You can then review it in the chat before sending.
webapp-optional = (optional)
webapp-district-hint = Type at least 3 letters and pick your district from the list.
webapp-region-pick = Pick your region
webapp-jne-yes = Yes, this is the authority of the request
webapp-submit = Check and continue
webapp-sending = Sending…
webapp-loading = Loading…
webapp-no-telegram = Open this form from the Telegram chat, with the "Fill in the form" button.
webapp-offline = We could not connect. Check your connection and try again; your data is still here.
webapp-fix-errors = Please check the fields marked in red.
webapp-no-results = I could not find that district. Check the spelling.
webapp-authority-section = { $access ->
    [other] The head of the entity
   *[elected] The authority
}
webapp-responsible-section = The person responsible
webapp-stale = This form has expired. Close it and open it again from the chat with "Fill in the form"; your data is still on the page.
webapp-forged = We could not check that this form comes from Telegram. Open it from the chat with "Fill in the form".
webapp-not-registering = Your chat has no registration in progress. Go back to the chat and tap "Request access" (or type /continuar).
webapp-sent = Done. Go back to the chat: you will see your data there to check it and send the request.
webapp-already-sent = This form was already sent. If you need to change something, go back to the chat and open it again with its button.

## Correcting an observed request in the form.
form-open-fix = 📝 Fix in a form
webapp-fix-title = Fix your request
webapp-fix-intro = Fix the observed data and tap "Check and continue". You will review it in the chat before sending.

## The data update form (FAD) in the form page.
webapp-fad-title = Data update form (FAD)
webapp-fad-intro = Fill in the person's new data and tap "Check and continue".
webapp-fad-address = New address
webapp-fad-reference = How to get there
webapp-fad-phone = Contact phone
webapp-no-ally-form = This form no longer matches what your chat is filling in (it may have been for another person), so nothing was saved. Go back to the chat and tap "Fill in the form" on the last message, or pick "Report an alert" or "Update data (FAD)" and type the person's DNI.
webapp-fad-sent = Done. Go back to the chat: you will see your FAD's number there.

## An alert about a user in the form page.
webapp-alert-title = Report an alert
webapp-alert-intro = Pick what happened, describe it and tap "Check and continue".
webapp-alert-kind = What happened?
webapp-alert-description = Description
webapp-alert-sent = Done. Go back to the chat: you will see your alert's number there.

## A typed number that picks the form's button (Mini App).
form-page-tap = The form opens only by tapping the «{ $button }» button on the message above. You can also answer the question here.
form-page-unavailable = The form «{ $button }» is not available on this channel. Please answer the question here.
form-resp-phone-landline = That number is a landline. The responsible person will use the assistant from their mobile, so a mobile is needed here: 9 digits starting with 9 (example: 912345678). The office's landline can be added as «Other phone» when you review your data.

## "None", "I don't know" where the form needs the value
## (domain::fields::FieldDef::if_none): where to find it or whom to ask.
## They take $access (local, regional, other). In the chat, none-later follows.
none-later = What you already answered is kept. If you need time to get it, type /start; once you have it, type /continuar and we go on from this question. If in doubt, type /especialista.
none-access-type = Choose by who is asking for the access: "Local Government" for a municipality (district or provincial), "Regional Government" for a regional government, and "Other Ally" for any other entity, public or private (for example CONADIS or an association).
none-district = Type the name of the district where the requesting municipality is, as its address says. Example: Acoria
none-region = Type the region (department) of the requesting regional government. Example: Huancavelica
none-entity-name = Type the name of the entity asking for the access, as its documents write it. Example: Consejo Nacional para la Integración de la Persona con Discapacidad
none-entity-public = Choose "Public" for a State entity (a ministry, a body such as CONADIS, a charity board) and "Private" for an association, an NGO or a company.
none-rof-doc = Every public entity has a ROF (Reglamento de Organización y Funciones) or an equivalent document approved by a legal norm: a supreme decree, an ordinance or a resolution. We need that norm's number: it is on the entity's page at gob.pe ("Normas y documentos legales"), and its planning office or general secretariat has it. If the entity is private it needs no ROF: type "back" and choose "Private".
none-head-designation-doc = It is the number of the resolution or other document that appointed the head of the entity. The entity's general secretariat or human resources office has it. You will also send us a copy of that document later.
none-authority-names = { $access ->
    [other] Ask the entity's front desk or general secretariat for the head's given names, and type them when you have them.
   *[elected] Look them up in the JNE's list of elected authorities (Infogob: infogob.jne.gob.pe) or ask the entity's front desk, and type them when you have them.
} Example: Rosa María
none-authority-surnames = { $access ->
    [other] Ask the entity's front desk or general secretariat for the head's surnames, and type them when you have them.
   *[elected] Look them up in the JNE's list of elected authorities (Infogob: infogob.jne.gob.pe) or ask the entity's front desk, and type them when you have them.
} Example: Quispe Huamán
none-authority-dni = The DNI of { $access ->
    [local] the mayor
    [regional] the regional governor
   *[other] the head of the entity
} is needed: the DDC carries it to identify who signs. Ask the entity's general secretariat for it and type it when you have it (8 digits).
none-jne-credential = The credential is the document the JNE gave { $access ->
    [regional] the regional governor after their election; the governor's office or the regional government's general secretariat has it.
   *[other] the mayor after their election; the mayor's office or the municipality's general secretariat has it.
} Type the number as it is written on it. Example: 0123-2026-JNE
none-authority-phone = If { $access ->
    [local] the mayor
    [regional] the regional governor
   *[other] the head of the entity
} has no mobile, type the entity's landline with its area code. Example: 067 234567
none-authority-personal-email = We need an email where { $access ->
    [local] the mayor
    [regional] the regional governor
   *[other] the head of the entity
} gets the request's notices. With no personal email, type the one they use at the entity.
none-resp-names = The responsible person has their own details: ask them for their given names as on their DNI and type them here. Example: Luis Alberto
none-resp-surnames = The responsible person has their own details: ask them for their surnames as on their DNI and type them here. Example: Pérez Soto
none-resp-dni = The responsible person's DNI is needed to create their user. Ask them and type it here (8 digits).
none-resp-phone = The responsible person needs a mobile: they will use this assistant with it once their access is approved. Type their mobile number (9 digits starting with 9).
none-resp-email = The responsible person needs an email address: their user and the access's notices go there. If they have none, they can create one for free (for example at Gmail or Outlook) and type it here.
none-resp-office = Type the office or area of the entity where the responsible person works, as the document appointing them says. { $access ->
    [local] If the municipality has no OMAPED, type the area that serves persons with disabilities. Example: Subgerencia de Desarrollo Social
    [regional] If the regional government has no OREDIS, type the area that serves persons with disabilities. Example: Gerencia Regional de Desarrollo Social
   *[other] Example: Oficina de Atención al Ciudadano
}
none-resp-position = Type the responsible person's position as the document appointing them says. Example: OMAPED Coordinator
none-resp-designation-date = It is the date of the document (resolution or memo) by which the entity appointed the responsible person; type it as day/month/year. If they are not appointed yet, the entity must appoint them first: take up the registration again once you have that document.
