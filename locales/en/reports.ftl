# Spreadsheets and reports (issue 14): XLSX downloads, the monthly usage report, CTVC cases.

sheet-title = { $title } · Data as of { $date }
sheet-ley-29733 = Contains personal data protected by Peru's Ley 29733 (Personal Data Protection Law): use it only for your work and do not share it.

ally-download-csv = Download CSV
staff-report-csv = Same list as CSV
staff-accounts-sheet = Accounts created

## The monthly usage report (seed 003): one row per ally access.
usage-title = Allies' usage report, { $month }
usage-sheet-governments = Local and Regional Governments
usage-sheet-others = Other Allies
usage-sheet-regions = Sessions by region
usage-sheet-exits = Exits by menu
usage-chart-title = Sessions by region
usage-others-row = Other allies (national)
usage-col-code = Access code
usage-col-type = Access type
usage-col-entity = Entity
usage-col-ubigeo = Ubigeo
usage-col-region = Region
usage-col-province = Province
usage-col-district = District
usage-col-sessions = Sessions
usage-col-downloads = Downloads
usage-col-vigentes = Uses of the active users button
usage-col-suspendidos = Uses of the suspended button
usage-col-desafiliados = Uses of the disaffiliated button
usage-col-menores = Uses of the minors without authorisation button
usage-col-requests = Requests sent
usage-col-last = Last connection (date and time)
usage-col-average = Average time (h:mm:ss)
usage-col-views = Page views
usage-col-unique = Unique page views
usage-col-bounce = Bounce rate (%)
usage-col-exit = Exit rate (%)
usage-col-page = Menu or query
usage-col-exits = Sessions that ended here
usage-col-exit-share = Share of sessions (%)
usage-notice = Monthly report of the allies' use of the application, { $month }: { $count ->
        [one] 1 access
       *[other] { $count } accesses
    }. Attached as Excel (one sheet per matrix and a chart of sessions by region).

# Names of downloaded files (no extension; letters, digits and hyphens only).
file-name-stages = stages-{ $date }
file-name-tickets = tickets-{ $month }
file-name-usage = usage-{ $month }
file-name-ctvc-matrix = ctvc-matrix-{ $oficio }

## UAC's export of requests (services::requests_export).
export-title = Access requests
export-sheet = Requests
export-col-code = Code
export-col-type = Access type
export-col-kind = Request type
export-col-region = Region
export-col-province = Province
export-col-district = District or entity
export-col-stage = Stage
export-col-filed = Filed on
export-col-ddc = Signed DDC received
export-col-active = Active since
export-col-due = Stage term
export-col-overdue = Term passed
export-col-stays = Stages with a term
export-col-in-term = Done within term
export-col-resp-dni = Responsible's DNI
export-kind-new = New
export-kind-renewal = Renewal
export-kind-modification = Change of responsible
export-yes = Yes
export-no = No
