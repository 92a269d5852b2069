## The staff console (browser) and the chat's /consola command.

console-link = Your link to the web console, valid for { $minutes ->
        [one] 1 minute
       *[other] { $minutes } minutes
    } and for one use:
    { $link }
    Open it on the computer or tablet where you work. If it expires, type /consola again.
console-link-limit = You already asked for { $max ->
        [one] 1 console link
       *[other] { $max } console links
    } in the last hour. Use the last one you received, or wait a while and type /consola again.
console-not-configured = The web console is not set up on this server yet. You can keep reviewing here with /bandeja.

console-title = CONTIGO console
console-skip = Skip to content
console-logout = Log out
console-back-to-desk = Back to the desk
console-error-heading = Something failed
console-error = Something failed on our side and nothing was changed. Please try again in a moment.

console-login-heading = Log in to the console
console-login-intro = This link works once: logging in opens your session in this browser.
console-login-button = Log in
console-login-noscript = To log in, turn on JavaScript in this browser: the page reads the link's code, which never travels in the address.
console-link-spent-heading = Link expired
console-link-spent = This link no longer works: it was used or more than 10 minutes went by. Type /consola in your chat with the bot to get a new one.
console-need-login-heading = Please log in
console-need-login = Your session ended or you have not logged in. Type /consola in your chat with the bot to get a link.
console-logged-out-heading = Logged out
console-logged-out = You logged out. To come back, type /consola in your chat with the bot.
console-csrf-heading = Form expired
console-csrf = This form expired and nothing was changed. Go back to the desk, open the request and try again.

console-desk-heading = Review desk
console-desk-caption = Requests of your stages, oldest deadline first
console-desk-count = { $count ->
    [one] 1 request
   *[other] { $count } requests
}
console-desk-empty = No requests match these filters.
console-no-stages = Your roles do not review requests, so your desk is empty.
console-filters = Filters
console-filter-stage = Stage
console-filter-type = Access type
console-filter-region = Region
console-filter-code = Request code
console-filter-all = All
console-filter-apply = Filter
console-filter-clear = Clear filters
console-code-invalid = "{ $code }" is not a request code. Type it like this: CTG-2026-000123.
console-col-code = Code
console-col-type = Type
console-col-jurisdiction = Jurisdiction
console-col-stage = Stage
console-col-due = Due
console-overdue = Overdue
console-due-none = no term
console-due = due { $date }

console-request-heading = Request { $code }
console-stage-now = Stage: { $stage }
console-section-data = Request data
console-section-jne = Check against the JNE list
console-section-documents = Signed documents
console-section-actions = Actions
console-section-history = History
console-ddc-frame = Signed DDC of { $code }
console-designation-frame = Designation document of { $code }
console-open-document = { $pages ->
    [one] Open in another tab (1 page)
   *[other] Open in another tab ({ $pages } pages)
}
console-reason-listed = Reason from the list
console-reason-none = (choose a reason)
console-reason-typed = Or another reason, in your words
console-suspend-until = Until (optional; without a date, restore it by hand once the condition is met)
console-note-required = Note (required, the applicant will read it)
console-note-optional = Note (optional)
console-note-missing = The reason is missing: choose one from the list or type at least 3 characters. Nothing was changed.
console-stale-form = That form no longer matches the request. Check the request and try again.
console-view-only = You may see this request, but none of your roles moves it at its current stage.
console-hist-when = Date
console-hist-who = Who
console-hist-from = From
console-hist-to = To
console-hist-note = Note
console-actor-applicant = Applicant
console-actor-system = System (deadlines)
console-not-found-heading = Not found
console-not-found = I could not find that request. Go back to the desk and pick it from the list.
console-accounts-heading = Accounts created
console-accounts-periods = Period
console-accounts-download = Download the list:
console-accounts-refused = The list of accounts created is for UTI, UAC and supervisors.
console-refused-heading = No access
console-refused = That request is not at a stage your roles work, so I cannot show you its data. Go back to your desk.

console-nav = Sections
console-supervision-heading = Supervision
console-supervision-caption = Requests by stage, overdue, and time in each stage
console-supervision-refused = The supervision view is only for staff with the supervisor role. Go back to your desk.
console-sup-waiting = Waiting
console-sup-overdue = Overdue
console-sup-term = Term
console-sup-median = Median
console-sup-p90 = 90th percentile
console-sup-stays = Stays measured
console-days = { $count ->
    [one] 1 business day
   *[other] { $count } business days
}
console-chart-title = Time in each stage against its term (business days)
console-chart-caption = Dark bar: median; light bar: 90th percentile; red line: the stage's term. Only requests that already left the stage count.
console-chart-median = Median
console-chart-p90 = 90th percentile
console-chart-term = Term
console-chart-no-data = no data yet

## Tickets inbox
console-nav-tickets = Tickets
console-tickets-heading = Allies' tickets
console-tickets-refused = Allies' tickets are answered by specialists and reviewed by Supervision; your role does not allow it. Go back to your desk.
console-tickets-mine = { $count ->
    [0] Yours
    [one] Yours (1)
   *[other] Yours ({ $count })
}
console-tickets-waiting = { $count ->
    [0] Waiting to be taken
    [one] Waiting to be taken (1)
   *[other] Waiting to be taken ({ $count })
}
console-tickets-others = { $count ->
    [0] Being answered by other specialists
    [one] Being answered by other specialists (1)
   *[other] Being answered by other specialists ({ $count })
}
console-tickets-others-empty = No other specialist has open tickets.
console-col-ticket = Ticket
console-col-category = Type
console-col-ally = Ally
console-col-state = State
console-col-first-answer = First answer
console-col-holder = Assigned to
console-ally-hidden = (shown once taken)
console-back-to-tickets = Back to the tickets
console-ticket-heading = Ticket { $code }
console-ticket-due = first answer due by { $due }
console-ticket-context = Ally and context
console-ticket-conversation = Conversation
console-ticket-file = File: { $name }
console-ticket-transcript = Automatic transcript (it may have mistakes; listen to the audio):
console-refresh = Refresh the conversation
console-reply-label = Your answer (it reaches the ally in their chat)
console-reply-sent = Answer sent to the ally's chat.
console-reply-file = File for the ally (optional, up to { $limit } MB)
console-reply-empty = Write your answer before sending it. Nothing was sent.
console-text-too-long = The text is longer than { $max ->
    [one] 1 character
   *[other] { $max } characters
}. Shorten it or send it in two parts; nothing was sent.
console-close-note = Final answer (the ally will read it; at least 3 characters)
console-hand-to = Hand over to
console-hand-choose = (choose a specialist)
console-derive-choose = (choose a unit)
console-hand-pick = Choose from the list who to hand the ticket to. Nothing was changed.
console-ticket-taken = You took ticket { $code }. The ally now knows you will answer.

## Supervision: tickets, usage, downloads
console-month = Month
console-month-show = Show month
console-month-invalid-heading = Not a valid month
console-month-invalid-download = «{ $month }» is neither a past month nor the current one, and nothing was downloaded. Write it like this: 2026-11.
console-month-invalid = "{ $month }" is not a past or current month. Write it like this: 2026-11. Showing the current month.
console-stages-heading = Requests by stage
console-stages-short = requests by stage
console-downloads = Downloads
console-download = Download { $what } ({ $format })
console-download-unknown = There is no report with that name. Use the links on the supervision view.
console-sup-tickets-heading = Tickets received in { $month }
console-sup-tickets-short = the month's tickets
console-sup-received = Received
console-sup-answered = Answered
console-sup-in-term = In term
console-sup-first-avg = First answer, average
console-sup-first-max = First answer, longest
console-sup-closed = Closed
console-sup-rating = Rating
console-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}
console-rating = { $rating } of 5 ({ $count ->
    [one] 1 rating
   *[other] { $count } ratings
})
console-sup-usage-heading = Allies' usage in { $month }
console-sup-usage-short = the month's usage report
console-sup-usage-summary = { $accesses ->
    [0] No active access in the month.
    [one] 1 active access, { $sessions ->
        [one] 1 session
       *[other] { $sessions } sessions
    } in all; most used first.
   *[other] { $accesses } active accesses, { $sessions ->
        [one] 1 session
       *[other] { $sessions } sessions
    } in all; most used first.
}
console-sup-sessions = Sessions
console-sup-downloads = Downloads
console-sup-views = Views
console-sup-last = Last connection
stages-sheet = Stages
stages-col-stage = Stage
stages-col-waiting = Waiting
stages-col-overdue = Overdue
stages-col-term = Term (business days)
stages-col-median = Median (business days)
stages-col-p90 = 90th percentile (business days)
stages-col-stays = Stays measured

## CTVC cases
console-nav-ctvc = CTVC cases
console-ctvc-heading = Transparency Committees' cases (CTVC)
console-ctvc-intro = Register each case of an oficio with its critical points, answer each point and download the matrix for the reply.
console-ctvc-refused = CTVC cases are handled by UAC and reviewed by Supervision; your role does not allow it. Go back to your desk.
console-ctvc-cases = { $count ->
    [0] Registered cases
    [one] Registered cases (1)
   *[other] Registered cases ({ $count })
}
console-ctvc-none = No case is registered yet.
console-ctvc-progress = Points answered
console-ctvc-answered-of = { $count ->
    [one] { $answered } of 1 point answered
   *[other] { $answered } of { $count } points answered
}
console-ctvc-matrix = Answer matrix
console-ctvc-format = Format
console-ctvc-download = Download the matrix
console-ctvc-new = Register a case
console-ctvc-ubigeo = District ubigeo (6 digits)
console-ctvc-points = Critical points (facts), one per line
console-ctvc-register = Register case
console-ctvc-case-invalid = Write the case number (for example, 1 or 2026-01). Nothing was registered.
console-ctvc-oficio-invalid = Write the oficio number, with its digits (for example, 045-2026-CTVC). Nothing was registered.
console-ctvc-date-invalid = Write the oficio's date (it cannot be in the future). Nothing was registered.
console-ctvc-ubigeo-invalid = The ubigeo must be an INEI district's, 6 digits (for example, 090101). Nothing was registered.
console-ctvc-points-invalid = Write at least one critical point, one per line and up to 1000 characters each. Nothing was registered.
console-ctvc-exists = Case { $case } is already registered. Open it from the list to answer its points.
console-ctvc-registered = You registered case { $case } with { $count ->
    [one] 1 critical point
   *[other] { $count } critical points
}. Answer each one below.
console-ctvc-not-found = I could not find that case. Go back to the list of CTVC cases.
console-back-to-ctvc = Back to the CTVC cases
console-ctvc-case-heading = Case { $case }
console-ctvc-point = Point { $point }
console-ctvc-save-answer = Save the answer to point { $point }
console-ctvc-answer-invalid = To answer point { $point }, choose founded or unfounded and write the actions taken and the improvements. Nothing was saved.
console-ctvc-answered = You saved the answer to point { $point }.
console-ctvc-no-point = That case has no point { $point }: its points go from 1 to { $count }.
console-ctvc-no-oficio = No case is registered with that oficio. Pick it from the list.
console-ctvc-format-invalid = Choose the matrix's format: XLSX, PDF or CSV.

## Language before login
console-language = Language
console-language-name = English

## Audit of reads of personal data (/console/audit).
console-audit-heading = Personal data audit
console-audit-intro = Who read a person's data (by their DNI), or what an access read in a month. Every search on this page is recorded (Ley 29733).
console-audit-refused = This page is for the Data Protection Officer and supervisors.
console-audit-dni = Person's DNI
console-audit-from = From
console-audit-to = To
console-audit-code = Access code
console-audit-month = Month
console-audit-search = Search
console-audit-count = { $count ->
    [one] 1 read.
   *[other] { $count } reads.
}
console-audit-letter = Answer to the data subject (PDF)
console-export-requests = Download the requests
console-export-unknown = No such file: use requests.xlsx or requests.csv.
console-export-refused = The requests export is for UAC and supervisors.
console-authority-changes = { $count ->
    [one] 1 access with another authority on the JNE list
   *[other] { $count } accesses with another authority on the JNE list
}
console-authority-change = the JNE list names { $names }; the DDC signed by the new authority is due on { $due }
## Error pages, Post/Redirect/Get and the home by role (issue 21)
console-back-to-console = Go to the console
console-page-not-found = That address does not exist in the console. Go back to your home and choose from there.
console-method-heading = An address for forms only
console-method = That address only takes forms sent from the console; it does not open directly. Go back to your home.
console-form-spent = That form had already been sent: nothing changed this time. Here is the result.
console-home-heading = Home
console-home-caption = Your roles work in these sections:
console-home-desk = Review desk: the requests of your stages
console-home-tickets = Tickets: the allies' questions
console-home-ctvc = CTVC cases: transparency committees
console-home-supervisor = Supervision: counts, overdue items and times
console-form-stale = That page was open for more than a day: nothing changed. Here it is again; please repeat what you were doing.
## Uploads over the limit (issue 21)
console-too-large-heading = File too large
console-form-unread = We did not receive the whole form: nothing changed. Please send it again.
