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
