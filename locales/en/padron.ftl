# Approved allies: binding the chat, padrón queries, downloads, alerts and FAD.

menu-ally = Look up beneficiaries

## Binding the chat
binding-share-contact = To query the padrón, confirm you are the responsible person registered in the approved access. Tap the "Share my number" button below. If you do not see it, type /cancelar and try again.
binding-share-button = Share my number
binding-contact-help = Please share your own number with the "Share my number" button below (do not type it). To stop, type /cancelar.
binding-not-own = That contact is not yours. For security I only accept your own number, shared with the "Share my number" button.
binding-no-access = The number { $phone } is not the responsible of any approved access. If your access was approved, check it is the number you registered in the request. If your request is still in review, tap "My request".
binding-no-access-unknown = I could not recognise your number as a Peruvian number. Type /ayuda if you need guidance.
binding-pick-access = Your number is the responsible of more than one approved access. Which one do you want to use in this chat?
binding-done = Done! This chat is now bound to access { $code } ({ $type }: { $jurisdiction }). You can now query the padrón of your jurisdiction. Every query is recorded, as Ley 29733 requires.
binding-terminal = The terminal cannot verify a phone number. To try the queries, run "contigo-bot demo-data": it binds this user to a test access.

## Queries menu
ally-menu-prompt = Padrón queries for { $jurisdiction }. What would you like to see? { choose-hint }
ally-national = the whole country
ally-menu-vigentes = Active
ally-menu-suspendidos = Suspended
ally-menu-desafiliados = Disaffiliated
ally-menu-cobro = Payment authorisations
ally-menu-menores = Minors, no collector
ally-menu-solicitudes = Affiliation requests
ally-menu-dni = Look up a DNI
ally-menu-alert = Report an alert
ally-menu-fad = Update data (FAD)
ally-menu-categorias = Padrón by category
ally-menu-categorias-download = Download summary
ally-menu-other = Other services
ally-back = Queries menu
ally-download = Download Excel
ally-lookup-another = Look up another DNI
ally-not-for-your-access = That query is not available for your access type. Please choose an option from the menu.
ally-national-no-people = Your access (Other Ally) shows the national padrón by category, with no personal data. Please choose an option from the menu.

## Answers
padron-empty = No padrón data has been loaded yet. Please try again later.
padron-as-of = Data as of { $date }.
padron-as-of-late = Data as of { $date }: { $days ->
        [one] 1 business day
       *[other] { $days } business days
    } old, and the Programme updates it every 7, so some states or payments may have changed.
padron-collection-header = The bimester's payment in { $jurisdiction }:
padron-collection-none = The padrón loaded does not carry the bimester's payment.
padron-not-collected = Beneficiaries who did not collect their pension this bimester in { $jurisdiction }: { $count }. Download the list to find and guide them.
padron-see-not-collected = See who did not collect
padron-list-nocobraron = did not collect this bimester
padron-person-history = History:
padron-history-autorizacion = { $date } · payment authorisation: { $state }
padron-history-desafiliacion = { $date } · disaffiliation
padron-history-pago = { $date } · bimester's payment: { $state }
padron-history-reason = (reason: { $reason })
padron-person-no-history = No authorisation or payment history in the padrones loaded.
padron-total-vigente = Active beneficiaries in { $jurisdiction }: { $count }.
padron-total-suspendido = Suspended beneficiaries in { $jurisdiction }: { $count }.
padron-total-desafiliado = Disaffiliated beneficiaries in { $jurisdiction }: { $count }.
padron-payments-header = Payment authorisations in { $jurisdiction }:
padron-minors = Minors without an authorised collector in { $jurisdiction }: { $count }. Help them request the payment authorisation.
padron-requests = Affiliation requests in { $jurisdiction }: { $conformes } approved and { $noconformes } not approved. Reasons for the ones not approved:
padron-no-reason = no reason recorded
padron-categories-header = Padrón of { $jurisdiction } by category:
padron-list-empty = That list is empty in your jurisdiction.
padron-list-vigentes = active beneficiaries
padron-list-suspendidos = suspended beneficiaries
padron-list-desafiliados = disaffiliated beneficiaries
padron-list-cobro = payment authorisations
padron-list-menores = minors without authorisation
padron-list-solicitudes = affiliation requests
padron-list-categorias = summary by region and category
padron-download-caption = List of { $list }: { $count ->
        [one] 1 row
       *[other] { $count } rows
    }. Data as of { $date }. It contains personal data protected by Ley 29733: use it only for your work and do not share it.
padron-lookup-limit = You reached the limit of { $limit ->
        [one] 1 DNI lookup
       *[other] { $limit } DNI lookups
    } per hour. You can look up again in { $minutes ->
        [one] 1 minute
       *[other] about { $minutes } minutes
    }. Meanwhile the other queries still work.
padron-lookup-none = I found no beneficiary with DNI { $dni } in the padrón of your jurisdiction. Check the number and type it again, or { tap } "Queries menu".
padron-person = { $name } (DNI { $dni }), { $age ->
        [one] 1 year old
       *[other] { $age } years old
    }.
padron-person-status = Status: { $status }.
padron-person-payment = Payment authorisation: { $payment }. Collector: { $collector }.
padron-no-collector = none
padron-person-request = Affiliation request: { $state }, of { $date }. Reason: { $reason }.
padron-person-no-request = No affiliation request on record.
padron-person-minor-warning = A minor with no authorised collector: help them request the payment authorisation.

padron-status-vigente = active
padron-status-suspendido = suspended
padron-status-desafiliado = disaffiliated
padron-payment-autorizado = authorised
padron-payment-pendiente = pending
padron-payment-observado = observed
padron-payment-no-autorizado = not authorised
padron-payment-renovado = renewed
padron-payment-revocado = revoked
padron-collection-abonado = deposited, not yet collected
padron-collection-cobrado = collected
padron-collection-no-cobrado = not collected
padron-request-conforme = approved
padron-request-no-conforme = not approved
padron-category-continuador = Continuing
padron-category-reincorporado = Reinstated
padron-category-desafiliado = Disaffiliated
padron-category-suspendido = Suspended

## Alerts and data update form (FAD)
ally-alert-intro = Let us report an alert about a beneficiary of your district.
ally-fad-intro = Let us fill in the data update form (FAD) of a beneficiary of your district.
ally-ask-dni = Type the beneficiary's DNI (8 digits). Example: 45678912
ally-report-about = Beneficiary: { $name }.
ally-ask-alert-kind = What do you want to report?
alert-kind-fallecimiento = Death
alert-kind-cambio-domicilio = Change of address
alert-kind-hospitalizacion = Hospitalisation
alert-kind-otro = Other
ally-ask-alert-description = Briefly describe what happened, with the date if you know it. Example: Died on 10/11/2026, as her daughter reported.
ally-description-length = The description must have between 2 and { $max } characters. Please type it again.
ally-alert-done = We received your alert with number { $number }. The Programme's team will review it. Keep the number in case you need to ask about it.
ally-ask-fad-address = What is the new address? Example: Jr. Los Olivos 123, Barrio Centro
ally-ask-fad-reference = Any reference to find it? Example: In front of the health post
ally-ask-fad-phone = What is the contact phone of the beneficiary or their family? Example: 987654321
ally-fad-done = We received the data update form with number { $number }. The Programme's team will record it. Keep the number in case you need to ask about it.
