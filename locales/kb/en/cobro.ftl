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
