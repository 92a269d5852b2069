# Knowledge base: the padrón, alerts and the FAD.

faq-que-ve-aliado = With approved access you see, for your jurisdiction only: totals of active, suspended and disaffiliated users; the state of payment authorisations; minors without authorisation; affiliation applications found compliant and non-compliant (with the reason); and one person by DNI. A Local Government can also report alerts and send the FAD. An Other Ally sees the national padrón by category.
    .title = What can I see in the padrón?
    .topic = padron
    .keywords = what can i see, what can i query, padron, queries, information, beneficiaries, users in my district, list, download list, report, how many users, search by dni
    .source = USUARIO ALIADO access guide, section 2 (access types)

faq-fad = The FAD (data update form) lets a Local Government update the data of a user in its district: new address, directions and a contact phone. In this chat: /padron, then "Update data (FAD)". You get a number to follow it.
    .title = What is the FAD?
    .topic = padron
    .keywords = fad, data update form, update data, change of address, new address, moved, new phone, form
    .source = USUARIO ALIADO access guide, section 2 (Local Governments: alerts and FAD)

faq-alertas = A Local Government can report an alert about a user in its district: death, change of address, hospitalisation or another situation. In this chat: /padron, then "Report an alert". The Programme's team reviews it and you get a number to follow it.
    .title = Reporting an alert
    .topic = padron
    .keywords = alert, alerts, report, died, death, passed away, hospitalised, hospitalisation, notify, tell the programme
    .source = USUARIO ALIADO access guide, section 2 (Local Governments: alerts)

faq-actualizacion-padron = The padrón database is produced by the Operations and Transfers Unit and refreshed every 7 business days. Every answer in this chat says what date the data is as of.
    .title = How often is the padrón updated?
    .topic = padron
    .keywords = updated, padron update, old data, out of date, data date, how often, 7 days, seven days, not showing
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, point 7.2.1 (b)

faq-dni-fuera = You can only look up people of your jurisdiction (your district or region). A DNI from elsewhere gets the same answer as a DNI that is not in the padrón: that protects personal data. If the person moved into your district, send the FAD or ask a specialist.
    .title = Looking up a DNI from elsewhere
    .topic = padron
    .keywords = dni not found, not showing, another district, another region, outside my jurisdiction, cannot find, search dni, person from elsewhere
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, Annex 3 (information "of my jurisdiction"); USUARIO ALIADO access guide, section 2

faq-limite-consultas = To protect personal data (Law N° 29733), each person may look up to { $lookups_per_hour } DNIs per hour in this chat. When you reach the limit I tell you in how many minutes you can search again; meanwhile you can use the other queries (active, suspended, disaffiliated users and their lists).
    .title = Limit of DNI lookups
    .topic = padron
    .keywords = limit, lookup limit, how many lookups, how many dnis, per hour, will not let me search, blocked, maximum searches, too many lookups, cannot search any more
    .source = Law N° 29733, Personal Data Protection Law; the assistant's settings ([padron] lookups_per_hour)
