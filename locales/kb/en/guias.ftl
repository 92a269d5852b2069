# Knowledge base: step-by-step guides ("How to…?") for each procedure in this chat.
# Each step is one message; the user moves on with "Next".

guide-solicitar-acceso = Here is how to request USUARIO ALIADO access from this chat, in 4 steps.
    .title = How do I request access?
    .topic = aliado
    .keywords = how do i request, request access, ask for access, register, sign up, new request, get a user, create an account
    .source = USUARIO ALIADO access guide, section 4 (steps 1 to 4), adapted to this chat
    .step-1 = Have the data of the authority (mayor, governor or head) and of the responsible person at hand. Write /solicitar or pick "Request access" in the menu.
    .step-2 = Pick the access type and answer each question; I tell you which step you are on. If you stop, we carry on where you left off. At the end check the summary and tap "Send".
    .step-3 = I send you the DDC already filled in, as a PDF. Print it and ask the authority to sign and seal it.
    .step-4 = Send the signed DDC here (PDF or photos). The review starts then; /estado shows its stage.

guide-enviar-ddc = This is how to send the signed and sealed DDC.
    .title = How do I send the signed DDC?
    .topic = ddc
    .keywords = how do i send, send ddc, upload ddc, attach, send document, upload document, signed ddc, send photo, send pdf
    .source = USUARIO ALIADO access guide, section 4 (d); Directive N° 06-2020-MIDIS/PNPDS-DE, Annex 8.2 (d)
    .step-1 = From the chat you made the request with, pick "Send signed DDC" in the menu (or write /enviar).
    .step-2 = Send the scanned PDF, or { $max_photos ->
        [one] 1 photo
       *[other] 1 to { $max_photos } photos
    } of the pages: in daylight, straight on, without shadows and readable. If a photo is blurred or dark I ask for it again. With photos, tap "Done" at the end.
    .step-3 = If you send it from another chat, write the request code and the verification code printed on the DDC, or scan its QR code.
    .step-4 = I confirm receipt and the expected date. Other Ally: also send the document designating the head when asked.

guide-vincular-padron = Here is how to bind this chat to your approved access and query the padrón.
    .title = How do I query the padrón?
    .topic = padron
    .keywords = how do i query, query padron, bind, bind chat, see beneficiaries, see users, open the padron, search beneficiary, how do i use, log in
    .source = USUARIO ALIADO access guide, section 2; how this chat works (padrón queries)
    .step-1 = Your access must be approved (active). Write /padron or pick "Query beneficiaries" in the menu.
    .step-2 = Confirm you are the responsible person: on Telegram tap "Share my number"; on WhatsApp your number is enough. It must be the mobile registered in the request.
    .step-3 = Pick a query: active, suspended, disaffiliated, payment authorisations, minors without authorisation or affiliations. Each list can be downloaded.
    .step-4 = For one person, pick "Search by DNI" and write the 8 digits. You only see people of your jurisdiction, and every query is recorded (Law N° 29733).

guide-enviar-fad = This is how to send the data update form (FAD) of a user of your district.
    .title = How do I send a FAD?
    .topic = padron
    .keywords = how do i send fad, send fad, fill fad, make fad, update address, how do i update, data update form
    .source = USUARIO ALIADO access guide, section 2 (Local Governments: FAD); how this chat works
    .step-1 = With the chat bound to your Local Government access, write /padron and pick "Update data (FAD)".
    .step-2 = Write the user's DNI (8 digits). It must be of your district.
    .step-3 = Write the new address, directions to get there and a contact phone of the person or their family.
    .step-4 = I give you the FAD's number. The Programme's team records it; keep the number in case you need to ask about it.

guide-renovar-ddc = This is how to renew the DDC for the new fiscal year.
    .title = How do I renew the DDC?
    .topic = ddc
    .keywords = how do i renew, renew ddc, renew access, yearly renewal, new fiscal year, my access expires, expired ddc, next year ddc
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, Annex 3 (renewal every fiscal year); how this chat works
    .step-1 = Write /renovar (or tap "Renew" when reminded from { $renewal_from }, day/month).
    .step-2 = Check your access's data and correct only what changed: for example a new authority or a new phone.
    .step-3 = Download the new DDC and ask the authority to sign and seal it.
    .step-4 = Send it here signed (PDF or photos). It follows the same review as a new request.

guide-cambiar-responsable = This is how to change the person responsible for your entity's access.
    .title = How do I change the responsible person?
    .topic = aliado
    .keywords = how do i change, change the responsible, new responsible, change person in charge, change of head, how do i modify
    .source = "Request access to Usuario Aliado" page, important section
    .step-1 = The new responsible person writes /solicitar from their own chat and picks the same access type and jurisdiction.
    .step-2 = They fill in the authority's data and their own. It is recognised as a change of responsible.
    .step-3 = The authority signs and seals the new DDC and the new person sends it here.
    .step-4 = Once approved, the previous person loses access and is told; the new one binds their chat with /padron.

guide-subsanar = This is how to fix an observed request.
    .title = How do I fix an observation?
    .topic = plazos
    .keywords = how do i fix, how do i correct, fix observation, correct request, repair, they observed, clear the observation
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, point 7.3.2 (b)
    .step-1 = Read the reason for the observation in the notice you received, or write /estado to see it again.
    .step-2 = Write /corregir: pick the data to change and write it again, or send a new signed DDC.
    .step-3 = Do it within { $fix_days ->
        [one] 1 business day
       *[other] { $fix_days } business days
    } of the notice; otherwise the request lapses. Once corrected it goes back to review and we tell you the result.

guide-seguir-solicitud = This is how to know which stage your request is at.
    .title = How do I follow my request?
    .topic = plazos
    .keywords = how do i follow, follow up, which stage, see my request, request status, request code, check request, where is my request
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, points 7.3 to 7.6 (stages); how this chat works
    .step-1 = Write /estado or pick "See my request". From the chat you made it with, I find it myself.
    .step-2 = From another chat, write the request code (CTG-…) and the authority's DNI: you will see the stage.
    .step-3 = I tell you the stage, who reviews it and the expected date. I tell you here of every change of stage without you having to ask.
