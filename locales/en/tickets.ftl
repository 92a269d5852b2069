# Escalation to an Articulation specialist (queries, requests, complaints...).

## Ally
menu-specialist = Talk to a specialist
ticket-offer = Would you rather talk to a person? Type /especialista and a specialist of the Program will answer you here.
ticket-intro = I will put you in touch with an Articulation specialist of Programa CONTIGO.
ticket-ask-category =
    What do you need?
    • Query: a question about the Program or your request.
    • Request: asking for something (information, a document, a visit).
    • Claim: something you did not receive as you should have.
    • Complaint: about how a member of staff treated you.
    • Report: an irregular act.
    • Suggestion: an idea to improve.
ticket-category-consulta = Query
ticket-category-pedido = Request
ticket-category-reclamo = Claim
ticket-category-queja = Complaint
ticket-category-denuncia = Report
ticket-category-sugerencia = Suggestion
ticket-change-category = Change the type
# $unit: who receives the case (Category::receiving_unit): a report, OCI only.
ticket-ask-question = { $category }: write your message in one text, with the details { $unit ->
    [oci] the Internal Control Office (OCI) needs; only OCI will read it
   *[other] the specialist needs
}. You can send files afterwards.
ticket-category-unsure = No worries: I am filing it as a query; the specialist will deal with it all the same.
ticket-category-taken-as-consulta = I am filing your message as a query; the specialist will deal with it all the same.
ticket-question-first = Please write your message first; then you can send the file.
ticket-question-too-short = Please write your message with a little more detail.
ticket-not-opened = Done, no ticket was registered.
ticket-already-open = You already have ticket { $code } open. Write here what you need and the specialist will get it.
# Mid-sentence, the type in lower case ($kind: the category's id).
ticket-opened = I registered your { $kind ->
    [pedido] request
    [reclamo] claim
    [queja] complaint
    [denuncia] report
    [sugerencia] suggestion
   *[consulta] query
} with number { $code }.
ticket-timing-open = { $unit ->
    [oci] The Internal Control Office (OCI)
   *[other] A specialist
} will answer you here by { $due } at the latest.
ticket-timing-closed = We attend Monday to Friday, 8:30 to 17:30 (Lima time), except holidays. We are outside those hours now: the office opens on { $opens }. We will answer you by { $due } at the latest.
ticket-relay-hint = Everything you write or send here, files too, will reach { $unit ->
    [oci] only the Internal Control Office (OCI)
   *[other] the specialist
}. { $channel ->
    [terminal] To end the ticket type /cancelar.
   *[other] To end the ticket type /cancelar or tap the button.
}
ticket-end = End ticket
ticket-added = I added it to your ticket { $code }. The specialist will see it when they take it.
ticket-contact-shared = Shared contact: { $phone }
ticket-unsupported = I cannot pass audio, stickers or locations to the specialist. Please write it in a text message.
ticket-in-progress = You are in ticket { $code }: what you write reaches the specialist. To go back to the assistant, end the ticket.
ticket-file-too-large = The file is larger than { $limit } MB. Please send a lighter one.
ticket-file-again = { $channel ->
    [terminal] I could not open that file. Check that the path is spelt right and send it again with /file PATH.
   *[other] I could not receive the file. Please send it again.
}
ticket-closed-by-you = We closed your ticket { $code }. If you need anything else, type /especialista.
ticket-taken-ally = Specialist { $name } took your ticket { $code } and will answer you here.
ticket-from-specialist = { $name } (specialist): { $text }
ticket-file-from-specialist = File from { $name } (specialist), ticket { $code }
ticket-handed-ally = Your ticket { $code } was passed to specialist { $name }, who will keep helping you here.
ticket-closed-ally =
    Specialist { $name } closed your ticket { $code }.
    Answer: { $note }
ticket-rate-ask = How would you rate the service? { $channel ->
    [terminal] Type a number from 1 (bad) to 5 (very good).
   *[other] Tap a number from 1 (bad) to 5 (very good), or type it.
}
ticket-rate-option = { $n ->
    [1] 1 (bad)
    [5] 5 (very good)
   *[other] { $n }
}
ticket-ask-comment = Thank you for rating! If you like, write a comment about the service; if not, { tap } "Skip".
ticket-comment-text-only = Write your comment as a text message, or { tap } "Skip".
ticket-thanks = Thank you. We remain at your service.
ticket-thanks-comment = Thank you for your comment: it helps us improve.
ticket-already-rated = That ticket was already rated or is not closed. Thank you.
ticket-resume = Let us go on with what you were doing.

## Moments
ticket-when = { $weekday ->
    [1] Monday
    [2] Tuesday
    [3] Wednesday
    [4] Thursday
    [5] Friday
    [6] Saturday
   *[7] Sunday
} { $date } at { $time }

## Specialist
staff-menu-tickets = Allies' tickets
ticket-new-title = New ticket from an ally.
ticket-header = { $code } · { $category } · { $state } · via { $channel } · received { $opened }
ticket-ally-line = Ally: { $who } · { $place }
ticket-request-line = Request { $code }: { $stage }
ticket-no-request = No access request registered from that chat.
ticket-no-person = (no name registered)
ticket-no-jurisdiction = (jurisdiction not registered)
ticket-due-line = First answer due by { $due }.
ticket-specialist-line = Handled by: { $name }
ticket-file-line = [file: { $name }]
ticket-voice-line = [audio: { $name }] Automatic transcript: «{ $text }»
ticket-the-ally = Ally
ticket-take = Take
ticket-view = View ticket
ticket-reply = Reply
ticket-from-ally = { $code } · { $who }: { $text }
ticket-file-from-ally = { $code } · file from { $who }
ticket-voice-transcript = { $code } · voice note from { $who }, automatic transcript (it may have mistakes; check by listening to the audio): «{ $text }»
ticket-state-open = Not taken
ticket-state-taken = Taken
ticket-state-answered = Answered
ticket-state-closed = Closed
ticket-home-specialist = You handle { $mine ->
        [one] 1 ticket
       *[other] { $mine } tickets
    }; { $waiting ->
        [one] 1 is
       *[other] { $waiting } are
    } waiting for someone to take them.
ticket-home-supervisor = Tickets: { $open } not taken, { $taken } taken without answer, { $answered } answered, { $closed } closed.
ticket-home-prompt = What would you like to see? Type /consultas to come back here.
ticket-menu-mine = My tickets
ticket-menu-pending = To take
ticket-menu-report = This month's report
ticket-menu-report-previous = Previous month
ticket-mine-title = Your open tickets ({ $count }):
ticket-mine-empty = You have no open tickets.
ticket-pending-title = Tickets to take ({ $count }):
ticket-pending-empty = No tickets are waiting.
ticket-due-short = answer by { $due }
ticket-pick = { tap-capital } a ticket to see it.
ticket-not-found = I could not find that ticket.
ticket-already-taken = Ticket { $code } was already taken by { $name }. Check the ones still waiting.
ticket-already-closed = Ticket { $code } is already closed.
ticket-inside = You are in ticket { $code }. What you write or send here reaches the ally. To leave without closing it type /salir; to close it, /cerrar; to pass it to a colleague, /derivar.
ticket-close = Close ticket
ticket-hand = Hand over
ticket-leave = Leave
ticket-left = You left the ticket; it is still yours. You will find it in "My tickets".
ticket-view-only = Read only: this ticket is not yours.
ticket-take-to-read = Nobody has taken it yet. Take it to see who wrote, their request and their messages.
ticket-not-yours = That ticket is not yours or is already closed.
ticket-not-allowed = Allies' tickets are handled by Articulation specialists and reviewed by Supervision; your role does not allow it.
ticket-ask-resolution = Write the final answer of ticket { $code }: the ally will receive it and the ticket will close.
ticket-closed-staff = You closed ticket { $code }. The ally can rate the service.
ticket-closed-by-ally = { $who } ended ticket { $code }.
ticket-resolution-line = Final answer: { $note }
ticket-rating-line = Rating: { $rating } out of 5. { $comment }
ticket-no-colleague = There is no other specialist registered to hand it to.
ticket-ask-colleague = Who should take ticket { $code }?
ticket-handed-to-you = { $from } handed ticket { $code } to you.
ticket-handed-done = You handed ticket { $code } to { $name }.

## Supervision
ticket-alert = Ticket { $code } has no first answer and its term ended { $due }. { $holder }
ticket-alert-untaken = Nobody has taken it.
ticket-alert-taken-by = { $name } took it.
ticket-nobody = not taken
ticket-list-title = { $state } ({ $count }), by type:
ticket-list-empty = There are no tickets in state "{ $state }".
ticket-report-title = Tickets of { $month }: { $count } received.
ticket-report-line = { $category }: { $received } received, { $closed } closed, { $in_term } of { $answered } answered in term, first answer in { $wait } min on average, rating { $rating } ({ $rated ->
        [one] 1 rating
       *[other] { $rated } ratings
    }).
ticket-report-total = Total
ticket-report-caption = Monthly tickets report

## Voice notes (issue #22): heard by a person, never read.
voice-heard-by-person = Voice notes are heard by a person: I am passing yours to a specialist of the Programme, who will answer in this chat.
ticket-voice-note = (Voice note: listen to it in the audio file that follows.)
voice-type-answer = Voice notes are heard by a person, but this step needs your answer in writing. Please type it (to talk to a specialist instead, write /especialista).
