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
webapp-authority-section = The authority
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
form-resp-phone-landline = That number is a landline. The responsible person will use the assistant from their mobile, so a mobile is needed here: 9 digits starting with 9 (example: 912345678). The office's landline can be given as the authority's «Other phone».
