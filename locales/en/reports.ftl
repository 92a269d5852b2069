# Spreadsheets and reports (issue 14): XLSX downloads, the monthly usage report, CTVC cases.

sheet-title = { $title } · Data as of { $date }
sheet-ley-29733 = Contains personal data protected by Peru's Ley 29733 (Personal Data Protection Law): use it only for your work and do not share it.

ally-download-csv = Download CSV
staff-report-csv = Same list as CSV
staff-accounts-sheet = Accounts created
accounts-col-date = Date
accounts-col-code = Access code
accounts-col-type = Access type
accounts-col-jurisdiction = Jurisdiction
accounts-col-responsible = Responsible
accounts-col-dni = Responsible's DNI
accounts-col-email = E-mail
accounts-col-phone = Mobile

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

## The monthly tickets report (reports::tickets_document): a sheet by category, a sheet of the knowledge base.
ticket-sheet-categories = Tickets by category
ticket-col-category = Category
ticket-col-received = Received
ticket-col-closed = Closed
ticket-col-answered = Answered
ticket-col-in-term = Answered in term
ticket-col-wait-avg = First answer: average (minutes)
ticket-col-wait-max = First answer: longest (minutes)
ticket-col-rated = Rated
ticket-col-rating = Average rating
kb-sheet = Frequent questions
kb-col-measure = Measure
kb-col-count = Count
kb-questions-asked = Questions typed
kb-answered = Answered by an entry
kb-answered-without-person = Answered without a person
kb-answered-then-person = Answered but still asked for a person
kb-said-it-helped = Said it helped
kb-closest-offered-none-picked = Closest offered and none picked
kb-no-answer = No answer
kb-unanswered-to-person = No answer and passed to a person
kb-entries-opened-from-menu = Entries opened from the menu
# `report kb`: the questions without answer and the specialists' answers.
kb-col-kind = Kind
kb-col-date = Date
kb-col-channel = Channel
kb-col-question = Question
kb-col-entry = Entry
kb-col-ticket = Ticket
kb-col-specialist-answer = Specialist's answer
kb-col-resolution = Resolution
kb-kind-specialist = Answered by a specialist ({ $category })

## The pages of the usage report's exits (what the bot showed last).
usage-page-menu = Main menu
usage-page-descarga = A list downloaded
usage-page-otro = Other answers
usage-page-vigentes = Current users
usage-page-suspendidos = Suspended
usage-page-desafiliados = Disaffiliated
usage-page-menores = Minors without authorization
usage-page-cobro = Payment status
usage-page-solicitudes = Requests
usage-page-categorias = Categories
usage-page-dni = Look-up by DNI
usage-page-alert = Alert
usage-page-fad = Data update (FAD)
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
