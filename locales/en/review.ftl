# Stage review: applicant notices, staff chats, reminders.

menu-fix-observation = Fix data
menu-renew = Renew access
submitted-renewal = This renews your access for fiscal year { $year }: when approved, it will replace the current access.
correction-sent = ✅ I sent your correction of request { $code }. It goes back to requirements review (UAC).
renew-none = I find no active access registered from this chat to renew.
fix-observation-none = You have no request to fix or take up again from this chat.
renew-intro = Let's renew the access of request { $code }. Here is your current data: fix only what changed and send.
fix-observation-intro = Your request { $code } was observed: { $reason }. Choose the field to fix. If the signed DDC is what is missing, send it with "Send signed DDC".

## Notices to the applicant when the stage changes
notify-draft = Your request { $code } is a draft.
notify-awaiting-ddc = Your request { $code } awaits the signed and sealed DDC. Send it here when you have it.
notify-uac-review = Your request { $code } is in requirements review (UAC), until { $date }.
notify-observed = ⚠️ Your request { $code } was observed: { $reason }.
    Fix it by { $date }: { tap } "Fix data" or send a new signed DDC.
notify-legal-review = ✅ Your request { $code } passed the requirements review. Legal Advice now evaluates it, until { $date }. Expected account date: { $expected }.
notify-director-authorization = ✅ Your request { $code } has a favourable legal opinion. The Executive Directorate now authorises the account, until { $date }. Expected account date: { $expected }.
notify-account-creation = ✅ Your request { $code } was authorised. IT creates your account by { $date }.
notify-active = 🎉 Your access is active! Request { $code }, { $jurisdiction }.
    To query the padrón, the responsible person opens this assistant from the mobile they registered ({ $phone }) and chooses "Look up beneficiaries". On Telegram, they share that number when asked; on WhatsApp, writing from that number is enough.{ $invited ->
        [yes] {" "}I already sent an invitation on WhatsApp to that number.
       *[no] {""}
    }
notify-rejected = Your request { $code } was rejected: { $reason }. You can take it up again with its data: { tap } "{ $next }" and fix what the reason says.
notify-lapsed = The time to fix request { $code } ran out, so it was closed. To start again with your data, { tap } "{ $next }".
notify-superseded = The access of { $jurisdiction } passed to a new responsible person (request { $reason }). Your access with request { $code } ended. Thank you for your work.
notify-expired = The access of request { $code } expired when fiscal year { $year } closed. To keep querying, { tap } "Renew access": we reuse your data and only change what is needed.
notify-suspended = ⏸️ The access of request { $code } ({ $jurisdiction }) is suspended: { $reason }. If you have questions, { tap } "Talk to a specialist".
notify-revocation-review = ⏸️ The access of request { $code } ({ $jurisdiction }) is suspended while the Executive Directorate confirms its revocation: { $reason }.
notify-revoked = ⛔ The access of request { $code } ({ $jurisdiction }) was revoked: { $reason }. To have access again, { tap } "Request access".
remind-observation = Reminder: the observation of your request { $code } is due on { $date }. Fix it before then so it is not closed.
remind-renewal = Reminder: the DDC of { $jurisdiction } must be renewed for fiscal year { $year }. { tap-capital } "Renew access": we reuse your data and only change what is needed.

## Staff chats
staff-home = Hello, { $name }. Your roles: { $roles }. What would you like to review?
staff-home-again = What would you like to review?
staff-home-console = Hello, { $name }. Your roles: { $roles }. Your work is in the web console: type /consola and I will send you a link to open it on a computer. To see the commands, type /ayuda.
staff-help =
    As Program staff you can see your queue, open each request, see the signed DDC and the JNE check, and approve, observe or reject it according to your role.
    Commands:
    • /start: your menu
    • /bandeja: the requests waiting for your role
    • /cuentas: the accounts created (UTI and UAC)
    • /consultas: the allies' tickets (specialists and supervisors)
    • /cerrar: close the ticket you are handling
    • /derivar: hand the ticket you are handling to another specialist
    • /consola: a link to the web console, to work on a computer
    • /cancelar: leave what you are doing
    • /ayuda: this help
staff-menu-queue = Queue
staff-menu-accounts = Accounts created
staff-open = Open
staff-new-item = New request in your queue: { $code } · { $jurisdiction } · { $stage } · due { $date }.
staff-queue-empty = Your queue is empty. Good job!
staff-queue-title = Queue ({ $count }), earliest deadline first:
staff-queue-prompt = { tap-capital } a request to open it.
staff-due = due { $date }
staff-overdue = ⚠️ OVERDUE since { $date }
staff-stage-line = Stage: { $stage } · { $due }
staff-last-note = Last note: { $note }
staff-ddc-caption = Signed DDC of { $code } ({ $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }).
staff-designation-caption = Designation document of the head, { $code } ({ $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }).
staff-no-ddc = There is no signed DDC yet.
staff-action-prompt = What do you decide?
staff-view-only = Your role does not act at this stage; you can only view it.
staff-action-conforme = Approve
staff-action-observe = Observe
staff-action-reject = Reject
staff-action-favourable = Favourable
staff-action-unfavourable = Unfavourable
staff-action-authorise = Authorise
staff-action-created = Account created
staff-action-suspend = Suspend access
staff-action-restore = Restore access
staff-action-revoke = Revoke access
staff-action-confirm-revocation = Confirm revocation
staff-action-decline-revocation = Do not revoke (stays suspended)
staff-back-to-queue = Back to queue
staff-back = Back
staff-ask-observation = What must the applicant fix? Choose a reason or type it.
staff-ask-rejection = Type the reason for rejecting. The applicant will read it.
staff-ask-suspension = Type the reason (for example: misuse of the register's personal data). The entity and its responsible person will read it.
staff-ask-unfavourable = Type the note of the unfavourable opinion.
staff-ask-favourable = Type a note for the favourable opinion, or { tap } "No note".
staff-no-note = No note
staff-note-too-short = Please type the reason with a little more detail.
obs-reason-unsigned = The DDC has no signature or seal
obs-reason-illegible = The DDC is illegible or incomplete
obs-reason-jne = The authority's data does not match the JNE
obs-reason-responsible = The responsible person's data is missing or wrong
obs-reason-designation = The designation document is missing
obs-reason-with-note = { $reason }. Details: { $note }
susp-reason-misuse = Misuse of the register's personal data
susp-reason-new-ddc = The new signed DDC did not arrive within its term
susp-reason-authority = The authority or the head of the entity changed and their signed DDC is missing
susp-reason-entity = At the entity's request
staff-done = Done: { $code } is now { $stage }. The applicant was told.
staff-already-moved = Someone else already moved that request: it is now { $stage }. Nothing was changed.
staff-not-found = I could not find that request.
staff-report-prompt = For which period do you want the list of accounts created?
staff-report-week = Last 7 days
staff-report-month = This month
staff-report-previous = Previous month
staff-report-empty = No accounts were created between { $from } and { $until }.
staff-report-title = Accounts created between { $from } and { $until }: { $count }
staff-report-caption = List of accounts created, to send to UAC.
staff-reminder = { $count ->
    [one] You have 1 request due today or overdue in your queue. { tap-capital } «Queue» to see it.
   *[other] You have { $count } requests due today or overdue in your queue. { tap-capital } «Queue» to see them.
}
digest-title = { $count ->
    [one] Daily summary: 1 overdue request.
   *[other] Daily summary: { $count } overdue requests.
}
digest-open = Open { $code }
digest-late = { $days ->
    [one] 1 business day late
   *[other] { $days } business days late
}
digest-padron-stale = The padrón loaded has data as of { $date }: { $days ->
        [one] 1 business day
       *[other] { $days } business days
    } old, and the directive asks for an update every 7. UOT must import the new padrón with "contigo-bot import padron"; meanwhile allies see their data is out of date.

## JNE check
jne-matches = JNE: ✅ the DNI matches ({ $names }).
jne-mismatch = JNE: ⚠️ the DNI does NOT match. The JNE lists { $names }. Consider observing the request.
jne-not-listed = JNE: ⚠️ no authority for this jurisdiction is in the JNE list.
jne-not-imported = JNE: the JNE list has not been imported yet (contigo-bot import autoridades).
jne-not-applicable = JNE: not applicable (the head of the entity is not an elected authority).

## Alertas y FAD de los aliados
staff-menu-reports = Alerts and FAD
staff-reports-empty = There are no pending alerts or data updates.
staff-reports-title = Pending alerts and FAD ({ $count }), oldest first:
staff-reports-prompt = { tap-capital } one to close it with a note.
staff-report-fad = FAD: address { $address }; reference { $reference }; phone { $phone }
staff-report-close-note = Type the closing note: what was done. The ally will read it.
staff-report-closed = Done: { $number } is closed and the ally was told.
staff-report-already-closed = { $number } was already closed.
staff-access-refused = That is not for your roles, so I cannot show you that data. Check your queue with /bandeja.
ddc-proof-qr-matched = QR code: matches this request.
ddc-proof-qr-absent = QR code: not found on the copy (a photocopy may lose it); check the printed codes.
ddc-proof-verification = Verification code it must carry printed: { $verification }
ddc-proof-signature-valid = Digital signature: { $signer }, valid (matches the document).
ddc-proof-signature-invalid = Digital signature: { $signer }, NOT valid (the document changed after signing or the signature does not match).
ddc-proof-signature-none = Digital signature: none (handwritten signature).
ddc-proof-chain = Certificate chain: { $root } (trusted root).
ddc-proof-chain-unknown = Certificate chain: not recognised (it reaches no configured trusted root; check who signed).
ddc-proof-signer-unknown = unnamed signer
ddc-proof-from-photos = Arrived as photos, put together into one PDF.
ddc-proof-from-pdf = Arrived as a PDF.
notify-ddc-arrived-elsewhere = The signed DDC of your request { $code } arrived on { $on } from another chat, with the codes printed on it. Your request is now in { $stage }{ $date ->
        [none] .
       *[other] , until { $date }.
    }
staff-action-ask-new-ddc = Ask for a new DDC
staff-action-accept-new-ddc = Accept new DDC
staff-ask-new-ddc = Type why you ask for a new signed DDC (for example: a change of responsible person). The entity and its responsible person will read it, with the term.
staff-reason-typed = Type another reason
staff-type-reason = Type the reason in a message.
staff-new-ddc-already-asked = A new DDC was already asked for this access and is not accepted yet. Nothing was changed.
staff-new-ddc-none-to-accept = The new signed DDC of this access has not arrived yet, so there is nothing to accept. Nothing was changed.
staff-new-ddc-received = The new signed DDC of { $code } · { $jurisdiction } ({ $stage }) arrived. Review it and accept it.
staff-new-ddc-line = New DDC asked on { $asked } (reason: { $reason }); term: { $date }. { $received ->
    [no] Not received yet.
   *[other] Received on { $received }.
}
history-new-ddc-asked = New DDC asked: { $reason }. Term: { $date }
history-new-ddc-received = New signed DDC received
history-new-ddc-accepted = New signed DDC accepted
