# Reach (issue 26): coverage of the districts of intervention, invitations to the
# districts without an access.

coverage-title = Coverage of the districts of intervention
coverage-national = National total
coverage-chart-title = Coverage by region (%)
coverage-sheet-regions = By region
coverage-sheet-provinces = By province
coverage-sheet-districts = Districts
coverage-sheet-idle = Unused accesses
coverage-col-area = Area
coverage-col-districts = Districts of intervention
coverage-col-active = With an active access
coverage-col-process = In process
coverage-col-ended = Expired or ended
coverage-col-none = No access
coverage-col-percent = Coverage (%)
coverage-col-idle-30 = Active, unused 30 days
coverage-col-idle-60 = Active, unused 60 days
coverage-col-idle-90 = Active, unused 90 days
coverage-col-ubigeo = Ubigeo
coverage-col-region = Region
coverage-col-province = Province
coverage-col-district = District
coverage-col-beneficiaries = People in the padrón
coverage-col-status = Access status
coverage-col-idle-days = Days unused
coverage-status-active = Active
coverage-status-process = In process
coverage-status-ended = Expired or ended
coverage-status-none = No access

## Invitations and their funnel.
invite-funnel-title = Invitations to districts without an access
invite-funnel-sheet = Invitations
invite-col-invited = Districts invited
invite-col-started = Request started
invite-col-signed = DDC signed
invite-col-active = Access active

## The invitation letter to a mayor (printed in Spanish; these are for the English locale's completeness).
invite-title = Invitations to USUARIO ALIADO
invite-heading = National Programme of the Non-Contributory Pension for People with Severe Disability in Poverty – CONTIGO
invite-to = To
invite-mayor-unknown = The mayor
invite-mayor-of = Mayor of the
invite-subject = Subject: your municipality's access to USUARIO ALIADO
invite-greeting = Dear mayor:
invite-why = In the district of { $district } there { $count ->
    [0] are people with severe disability the CONTIGO programme serves
    [one] is { $count } person served by the CONTIGO programme
   *[other] are { $count } people served by the CONTIGO programme
}, and your municipality has no access to USUARIO ALIADO yet. We invite you to request it: it is free and done from a phone, with no travel or calls.
invite-gives-intro = With the access, your municipality's OMAPED can:
invite-gives-1 = Query your district's padrón: active, suspended and disaffiliated users, and each one's collection authorisation.
invite-gives-2 = See minors without an authorised collector and observed affiliation requests, to help families settle them.
invite-gives-3 = Report alerts and send data updates (FAD) about the users who live there.
invite-steps-title = How to request it, in three steps:
invite-step-1 = Scan the QR code with your phone: the programme's chat opens with your district already chosen.
invite-step-2 = Answer the questions with your details and those of the OMAPED's responsible, and download the Confidentiality Declaration (DDC).
invite-step-3 = Sign and seal the DDC and send its photo or PDF in the same chat. The programme reviews the request and tells you each step in that chat.
invite-qr-hint = If the code does not open the chat, write this text to the programme on Telegram or WhatsApp: { $payload }
invite-no-link = Write to the CONTIGO programme's chat and send this text to start with your district already chosen: { $payload }
invite-closing = Sincerely,
invite-signature = Support Unit – CONTIGO programme
invite-whatsapp-text = Hello, I want to request access to USUARIO ALIADO ({ $payload })

## The console's coverage page.
console-home-coverage = District coverage and invitations
console-coverage-refused = Coverage is for the Support Unit (UAC) and supervisors. If you need it, ask a supervisor for the role.
console-coverage-national = { $active } of { $districts } districts of intervention have an active access ({ $percent } %).
console-coverage-rest = In process: { $process }. Expired or ended: { $ended }. No access: { $without }.
console-coverage-idle = Active accesses unused: { $d30 } for 30 days or more, { $d60 } for 60, { $d90 } for 90.
console-coverage-districts = Districts of { $region }
console-coverage-pick-region = Pick a region to see its districts.
console-coverage-as-of = Padrón data as of { $date }.
console-coverage-invite-hint = To invite the mayors of the districts without an access, the operator prints the letters with: contigo-bot invite --region CODE
console-coverage-no-invitations = No invitation has been sent yet.

## The chat opened from an invitation letter.
invite-district-chosen = You come from the invitation letter: your district is { $district }. Let us go on with the mayor's and the OMAPED responsible's details.

## /cobertura in a UAC or supervisor's chat.
chat-coverage-refused = Coverage is for the Support Unit (UAC) and supervisors. If you need it, ask a supervisor for the role.
chat-coverage-national = Coverage as of { $date }: { $active } of { $districts } districts of intervention with an active access ({ $percent } %). In process: { $process }. No access or expired: { $without }. Active, unused 30 days or more: { $idle }.
    By region, least covered first:
chat-coverage-more = The detail by district is in the console (/consola, Coverage).
