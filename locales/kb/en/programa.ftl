# Knowledge base: the CONTIGO Programme and its pension.
# Each entry: the answer, and .title, .topic, .keywords and .source (the document and
# section it comes from). No personal data.

faq-que-es-contigo = CONTIGO is the MIDIS national programme that pays a non-contributory pension (no previous contributions needed) to people with severe disability living in poverty, to raise their quality of life. It works in all 25 regions of Peru.
    .title = What is the CONTIGO Programme?
    .topic = pension
    .keywords = what is contigo, contigo programme, contigo program, midis, non contributory pension, what is it for, severe disability, the programme
    .source = Report N° 000308-2022-MIDIS/PNPDS-UAC, point 2.1; Directive N° 06-2020-MIDIS/PNPDS-DE, recitals

faq-requisitos-pension = To receive the pension, a person must meet all three requirements:
    • Hold a disability certificate rating the disability as severe.
    • Receive no income or pension from the public or private sector (including EsSalud cash benefits).
    • Live in poverty according to SISFOH (the household targeting system).
    .title = Requirements for the pension
    .topic = pension
    .keywords = requirements, requirement, pension requirements, requirements for the pension, who can, who is eligible, eligibility, receive the pension, get the pension, beneficiary, disability certificate, conadis card, sisfoh, poverty, essalud, severe, qualify, apply
    .source = Report N° 000308-2022-MIDIS/PNPDS-UAC, point 2.2 (article 8 of D.S. N° 004-2015-MIMP)

faq-monto-pension = The pension is S/ 300 (three hundred soles), paid every two months.
    .title = Pension amount and frequency
    .topic = pension
    .keywords = amount, how much, how much money, 300, three hundred, soles, every two months, bimonthly, how often, frequency, payment, pay, allowance
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, recitals of the resolution approving it

faq-afiliacion = Affiliation is how a person with severe disability in poverty joins the Programme's roll of users. The Operations and Transfers Unit assesses each application: it is found compliant or non-compliant (with the reason). With approved access you can see your jurisdiction's affiliation applications in this chat under "Affiliation requests".
    .title = What is affiliation?
    .topic = pension
    .keywords = affiliation, affiliate, enrol, enrolment, register a person, join the programme, application, compliant, non compliant, file
    .source = Report N° 000308-2022-MIDIS/PNPDS-UAC, point 2.3 (Operations Manual, article 21); USUARIO ALIADO access guide, section 2

faq-estados-usuario = In the padrón a user can be:
    • Active (vigente): receives the pension.
    • Suspended: the pension is on hold for a time.
    • Disaffiliated: no longer a user of the Programme.
    For Other Allies the padrón is also grouped into continuing and reinstated users. For one person's case, ask a specialist.
    .title = Active, suspended and disaffiliated
    .topic = pension
    .keywords = active, vigente, suspended, suspension, disaffiliated, disaffiliation, continuing, reinstated, user status, what does it mean, categories, stopped paying, lost the pension
    .source = USUARIO ALIADO access guide, section 2 (access types); Directive N° 06-2020-MIDIS/PNPDS-DE, point 5.4

faq-servicios-complementarios = Besides the pension, users and their families can reach other State services: the SIS (Seguro Integral de Salud, public health insurance) for their health care; the CEBE (special basic education centres) for students with severe disability or multiple disabilities; and the PRITE (early intervention programmes) for children aged 0 to 5 with a disability or at risk of one. The OMAPED can guide the family to the local health facility or UGEL.
    .title = Complementary services: SIS, CEBE and PRITE
    .topic = pension
    .keywords = complementary services, other services, sis, health insurance, health, cebe, prite, special education, school, study, early intervention, ugel, health post, hospital, besides the pension
    .source = Report N° 000308-2022-MIDIS/PNPDS-UAC, Annex 01 (training on health services and those of the CEBE and PRITE); public information of MINEDU and the SIS
