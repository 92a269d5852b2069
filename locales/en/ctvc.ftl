# Cases from the Transparency and Citizen Oversight Committees (CTVC, DESIGN §7b).

ctvc-title = CTVC case matrix, oficio { $oficio }
ctvc-sheet-matrix = CTVC matrix
ctvc-sheet-accesses = District accesses
ctvc-sheet-history = Stage history
ctvc-sheet-tickets = District tickets
ctvc-sheet-usage = Usage by month
ctvc-col-case = Case no.
ctvc-col-oficio = Oficio no.
ctvc-col-date = Oficio date
ctvc-col-ubigeo = Ubigeo
ctvc-col-district = District
ctvc-col-point = Point no.
ctvc-col-fact = Facts (critical point)
ctvc-col-answer = Answer
ctvc-col-evidence = Evidence
ctvc-col-actions = Actions taken
ctvc-col-improvements = Improvement actions
ctvc-col-access = Access code
ctvc-col-stage = Current stage
ctvc-col-fiscal-year = Fiscal year
ctvc-col-responsible = Responsible
ctvc-col-responsible-dni = Responsible's DNI
ctvc-col-office = Office
ctvc-col-created = Requested on
ctvc-col-when = Date and time
ctvc-col-from = From
ctvc-col-to = To
ctvc-col-ticket = Ticket
ctvc-col-category = Category
ctvc-col-ticket-state = State
ctvc-col-opened = Opened on
ctvc-col-first-response = First response
ctvc-col-wait = Time to first response
ctvc-col-in-term = Within the term
ctvc-col-rating = Rating
ctvc-col-month = Month
ctvc-founded = Founded
ctvc-unfounded = Unfounded
ctvc-unanswered = Not answered yet
ctvc-yes = Yes
ctvc-no = No
ctvc-evidence-none = The system holds no access request for this district.
ctvc-evidence = Access: { $accesses }. { $tickets ->
    [one] 1 ticket
   *[other] { $tickets } tickets
}{ $answered ->
    [0] , none answered
    [one] , 1 answered (first response in { $minutes } min)
   *[other] , { $answered } answered (first response in { $minutes } min on average)
}. { $sessions ->
    [one] 1 session
   *[other] { $sessions } sessions
} since { $since }. Details in the tables that follow.
