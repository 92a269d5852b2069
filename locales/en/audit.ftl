## The record of reads of personal data (Ley 29733), read by the Data Protection
## Officer, supervisors or the operator (services::audit).

audit-dni-title = Reads of the data of the person with DNI { $dni }
audit-access-title = Reads of personal data by access { $code } · { $month }
audit-sheet = Reads
audit-col-at = Date and time
audit-col-entity = Entity
audit-col-access = Access
audit-col-who = Who
audit-col-channel = Channel
audit-col-action = Action
audit-col-what = Detail
audit-col-person = DNI looked up
audit-col-rows = Rows
audit-program = Programa CONTIGO · { $unit }
audit-program-staff = Programa CONTIGO · staff
audit-operator = Programa CONTIGO · system operator
audit-entity-unknown = Access { $code }
audit-action-query = Totals query
audit-action-lookup = DNI lookup
audit-action-download = List download
audit-action-review = Access request review
audit-action-report = Report
audit-action-audit = Read of this record
audit-no-access = There is no access with code { $code }.
audit-period = Period: from { $from } to { $to }

## The answer to the data subject: one page.
audit-letter-title = Record of reads of your personal data
audit-letter-holder = Data subject: DNI { $dni }
audit-letter-issued = Issued on { $date } by Programa CONTIGO in answer to your access request (Ley N° 29733, Personal Data Protection Law, and its regulation, D.S. N° 016-2024-JUS).
audit-letter-count = { $count ->
    [0] In that period no entity read your personal data through this system.
    [one] In that period your personal data was read 1 time, as detailed.
   *[other] In that period your personal data was read { $count } times, as detailed.
}
audit-letter-sheet = Who read your data and what for
audit-letter-col-entity = Entity
audit-letter-col-purpose = What for
audit-letter-col-times = Times
audit-letter-col-first = First time
audit-letter-col-last = Last time
audit-letter-more = { $count ->
    [one] And 1 more read, by other entities or for other purposes; the full detail is available from the Program.
   *[other] And { $count } more reads, by other entities or for other purposes; the full detail is available from the Program.
}
audit-letter-rights = You may exercise your rights of access, rectification, cancellation and objection before Programa CONTIGO. This document holds no other person's data.

# What a record's codes say, as the audit shows them.
audit-channel-telegram = Telegram
audit-channel-whatsapp = WhatsApp
audit-channel-terminal = Terminal
audit-channel-console = Console
audit-channel-cli = Command line
audit-channel-webapp = Mini App
audit-what-request = Request
audit-what-signed-ddc = Signed DDC
audit-what-designation = Designation document
audit-what-accounts-created = Accounts created
audit-what-ticket-overdue-alert = Overdue consultation alert
audit-what-ticket-message = A consultation's message
audit-what-ticket-context = A consultation's details
audit-what-ticket-closed = Consultation closed
audit-what-ctvc-matrix = CTVC matrix
audit-what-ally-reports = The ally's alerts and FADs
audit-what-alerts = Alerts
audit-what-access = Access
audit-what-audit = Audit
audit-what-lookup = Lookup by DNI
audit-what-query = Padrón query
audit-what-download = Download
audit-what-report = Report
audit-what-review = Review
audit-what-denuncia = Whistleblowing report (sender known to OCI only)
