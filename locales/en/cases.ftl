# Cases routed to units (issue 25): questions, requests, claims, complaints,
# reports of wrongdoing and suggestions, and allies' alerts and FADs.

ticket-state-derived = Derived to a unit, to be taken
ticket-state-investigating = Under investigation

## Ally
case-derived-ally =
    { $name } passed your case { $code } to the { $unit }, the unit that can resolve it. Your conversation and files go with it.
    You will get an answer here by { $due }. To see how it is going, type { $code }.
case-ally-expected = The { $unit } handles it; you will get an answer by { $due }. To see how it is going, type { $number }.
case-ally-resolved =
    The { -uot } attended your report { $number }: { $outcome }
    Note: { $note }
case-outcome-updated = Updated in the padrón
case-outcome-not-applicable = Not applicable
case-state-received = Received, being attended
case-state-resolved = Attended
case-status = Your case { $number }: { $state }. The { $unit } has it.
case-status-due = Expected answer by: { $due }.
case-status-note = Answer: { $note }
case-not-found = I found no case { $number } sent from your access. Please check the number: it is in the message where we registered it.

## Staff
case-derived-title = Case derived to the { $unit }
case-derive-to = To the { $unit }
case-derived-done = You derived { $code } to the { $unit }. The ally and the unit were told.
case-unit-line = Unit: { $unit } · resolve by { $due }
# To UOT's members, when an ally sends an alert or a FAD.
case-ally-new-unit = A new case from an ally: { $number }, to resolve by { $due }. See it in "Alerts and FAD".
case-overdue-unit = Case { $number } of the { $unit } is past its resolution term ({ $due }). Please attend to it today.
case-digest-title = { $count ->
        [one] 1 case is past its resolution term:
       *[other] { $count } cases are past their resolution term:
    }
case-digest-line =   { $number } · was due { $due }
case-ally-uot-only = Alerts and FADs are resolved by the { -uot }. You can see them, not close them.
case-ally-ask-outcome = How did it turn out? Choose the outcome; then write a note for the ally.
case-due-short = resolve by { $due }

## Console
console-derive-heading = Derive to another unit
console-derive-to = Unit
console-derive-pick = Choose the unit to derive the case to.
console-case-resolve-by = Resolve by { $due }
console-col-unit = Unit
console-filter = Filter

## Tickets report
ticket-col-resolved-in-term = Resolved in term
ticket-col-resolution-avg = Resolution: average (hours)
ticket-col-resolution-max = Resolution: longest (hours)
ticket-sheet-derivations = Derivations by unit
ticket-col-unit = Unit
ticket-col-derived = Derived
ticket-col-derived-closed = Of them closed

-uot = Operations and Transfers Unit (UOT)

## The case in view: a button on every notice that names a case, the number typed
## inside an open ticket, and who attends it named by their unit.
case-see = See case
case-status-in-ticket = I did not pass that on to whoever handles your ticket { $code }: I showed you how the case is going. Anything else you write does reach them.
ticket-taken-ally-unit = { $name }, of the { $unit }, took your ticket { $code } and will answer you here.
ticket-handed-ally-unit = Your ticket { $code } was passed to { $name }, of the { $unit }, who will keep helping you here.
ticket-from-specialist-unit = { $name }, { $unit }: { $text }
ticket-file-from-specialist-unit = File from { $name }, { $unit }, ticket { $code }
ticket-closed-ally-unit =
    { $name }, of the { $unit }, closed your ticket { $code }.
    Answer: { $note }

## A denuncia read by Supervision: what it says, never who sent it.
case-content-header = { $code } · { $category } · { $state } · received { $opened }
case-content-sender-hidden = Who sent it, from where and their request are known to the { role-oci } alone.
case-content-sender = Sender

## Console: UOT's queue of alerts and FADs
console-nav-cases = Alerts and FADs
console-home-cases = Allies' alerts and FADs
console-cases-heading = Allies' alerts and FADs
console-cases-intro-uot = Open each one, check the padrón and resolve it: the ally gets the outcome and your note in the chat they sent it from.
console-cases-intro-read = The { -uot } resolves them; you can see them, not close them.
console-cases-open = { $count ->
        [0] None pending
        [one] 1 pending
       *[other] { $count } pending
    }
console-cases-col-number = Number
console-cases-col-kind = Kind
console-cases-col-received = Received
console-cases-col-term = Term
console-cases-kind-alert = Alert: { $kind }
console-cases-kind-fad = Data update (FAD)
console-cases-back = Back to the alerts and FADs
console-cases-case-heading = Case { $number }
console-cases-access = Access
console-cases-dni = Beneficiary's DNI
console-cases-description = What the ally reported
console-cases-address = New address
console-cases-reference = Reference
console-cases-phone = Contact phone
console-cases-closed = Resolved
console-cases-note = Note for the ally
console-cases-resolve = Resolve
console-cases-note-label = Note for the ally (they get it in their chat)
console-cases-pick-outcome = Choose the outcome: updated in the padrón, or not applicable.
console-cases-resolved = You resolved { $number }. The ally was told in their chat.
console-cases-not-found = We found no such alert or FAD. Go back to the list and open it from there.
console-cases-refused = Alerts and FADs are resolved by the { -uot } and reviewed by UAC and Supervision; your role does not allow it. Go back to your inbox.
