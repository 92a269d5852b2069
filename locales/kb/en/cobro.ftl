# Knowledge base: collecting the pension.

faq-autorizacion-cobro = A payment authorisation lets another person collect the pension on the user's behalf, for example when the user is a minor or cannot collect it in person. The Operations and Transfers Unit handles it, and also its renewal and revocation. With approved access you can see the state of your jurisdiction's authorisations: authorised, pending, observed or not authorised.
    .title = Payment authorisation
    .topic = cobro
    .keywords = payment authorisation, payment authorization, authorise, authorize, authorised, collector, who collects, collect on behalf, mother, father, relative, guardian, representative, collect, pending, observed
    .source = Report N° 000308-2022-MIDIS/PNPDS-UAC, point 2.3 (Operations Manual, article 21); USUARIO ALIADO access guide, section 1

faq-revocatoria = A revocation ends a payment authorisation: the authorised person can no longer collect the pension. It is a process of the Operations and Transfers Unit; its state shows with your jurisdiction's payment authorisations. For a specific case, ask to talk to a specialist, who will look at the file with you.
    .title = Revoking an authorisation
    .topic = cobro
    .keywords = revocation, revoke, cancel the authorisation, change collector, another collector, remove collector, stop someone collecting
    .source = Report N° 000308-2022-MIDIS/PNPDS-UAC, point 2.3 (Operations Manual, article 21) and Annex 01; Directive N° 06-2020-MIDIS/PNPDS-DE, point 5.4

faq-menores-sin-autorizacion = "Minors without authorisation" counts users under 18, not disaffiliated, who have no person authorised to collect or whose authorisation was not granted. They are cases worth helping to get a payment authorisation. With approved access, see them in the padrón queries menu.
    .title = Minors without authorisation
    .topic = cobro
    .keywords = minors, minor, under 18, child, children, son, daughter, no collector, minors without authorisation
    .source = UAC memorandum to UTI on the monthly report ("minors without authorisation" button); USUARIO ALIADO access guide, section 2

faq-quien-cobra = The user collects the pension in person, with their DNI. For a minor, the mother, father or whoever has the child in their care collects it, with the Programme's collection authorisation. For an adult who cannot collect in person (bedridden, for instance), the person the Programme authorises collects it. The Operations and Transfers Unit handles the authorisation; with an approved access you see in this chat the state of your jurisdiction's authorisations and its "minors without authorisation". For a particular case, write /especialista.
    .title = Who collects for a minor or for someone who cannot?
    .topic = cobro
    .keywords = who collects, collect for a minor, minor, child, son, daughter, cannot collect, cannot go, bedridden, ill, collect for someone else, mother collects, father collects, guardian, representative
    .source = USUARIO ALIADO access guide, section 1 (collection authorisation; minors without authorisation); Directive N° 06-2020-MIDIS/PNPDS-DE, recitals

faq-calendario-pago = { $payment_known ->
        [yes] The next payment of the pension is from { $next_payment } to { $next_payment_until }. It is collected at Banco de la Nación (branch, cash machine or agent) with the DNI or the debit card.
       *[no] The next payment date is not published here yet. The pension is paid every two months; write /especialista to confirm it.
    }
    .title = Payment calendar: the next payment
    .topic = cobro
    .keywords = payment calendar, payment schedule, next payment, when do they pay, payment date, pay day, which day, this bimester, when is it deposited, already paid
    .source = The bimester's payment calendar of the Operations and Transfers Unit, kept by the operator in the assistant's settings ([kb] payments)

faq-tarjeta-debito = The pension is deposited in a Banco de la Nación account in the user's name (or that of whoever is authorised to collect). With that account's debit card the money is withdrawn at Banco de la Nación cash machines, agents or branches, without queuing at the counter. The PIN is secret: never share it or write it next to the card. If the card is lost or stolen, or the PIN forgotten, block it and ask for a new one at a Banco de la Nación branch with the DNI.
    .title = The debit card
    .topic = cobro
    .keywords = card, debit card, debit, cash machine, atm, agent, withdraw, take out money, card pin, pin, lost the card, card stolen, block, banco de la nacion, savings account, financial inclusion
    .source = Report N° 000308-2022-MIDIS/PNPDS-UAC, Annex 01 (training on "financial inclusion of users with emphasis on access to and use of the debit card"); the CONTIGO Programme's public information
