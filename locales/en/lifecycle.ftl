# A request's whole life: renewal, renewal window, starting again, authority corrected.

menu-restart = Resume request
status-renewal = This renews access { $previous } for fiscal year { $year }.
status-restart = It takes up request { $previous } with its data.
status-renewal-filed = Your renewal { $renewal } (fiscal year { $year }) is { $stage }. Once approved, your access continues with it; no need to register another.
renew-already-filed = You already filed renewal { $code }; no need for another. This is where it stands:
fix-unsigned-intro = Your request { $code } is waiting for the signed DDC. Choose the item to fix; I will send you the new DDC to sign.
restart-intro = Let's take up request { $code } ({ $stage }) again. Reason: { $reason }. I use your previous data: check the summary, fix what the reason asks and send. You will get a new DDC to sign.
restart-intro-fields = Let's take up request { $code } ({ $stage }) again. Reason: { $reason }. I use your previous data and only ask again for: { $fields }.
correction-new-ddc = I corrected the data of request { $code }. The DDC carries that data, so here is the new DDC: the previous one is no longer valid.
correction-new-ddc-authority = I corrected the data of { $authority } in request { $code }. The signed DDC we hold names someone else, so the { $authority } must sign this new DDC; the previous one is no longer valid. Once it arrives, your request returns to review.
notify-expired-renewing = The access of request { $code } ended with fiscal year { $year }. Your renewal { $renewal } for { $next_year } is { $stage }: you need not register anything else. We will tell you as soon as it is approved and you can keep querying.
remind-renewal-ddc = Reminder: your renewal { $code } for fiscal year { $fiscal_year } is waiting for the signed and sealed DDC. { tap-capital } "Send signed DDC" when you have it.
staff-ddc-other-authority = ⚠️ The signed DDC on file names { $signed } (DNI { $signed_dni }), but the request's { $access ->
    [other] head of the entity
   *[elected] authority
} is now { $current } (DNI { $current_dni }). It cannot pass with that DDC: observe "Missing the DDC signed by the current { $access ->
    [other] head
   *[elected] authority
}".
staff-ddc-other-authority-refused = Conformity cannot be given: the signed DDC on file names { $signed }, not the person the request now names to sign it. Observe the request so they send the new signed DDC.
binding-ended-renewing = Access { $code } ended with the fiscal year, so for now this chat cannot query the padrón. Your renewal { $renewal } is { $stage } and you need not register anything else: once approved, this chat can query again by itself.
staff-ddc-expected = The current DDC names { $name } (DNI { $dni }) and carries verification code { $code }: compare them with the signed paper.
renew-not-yet = Your access { $code } is valid until 31/12/{ $year }, so there is nothing to renew yet. Renewal opens on { $opens }: I will remind you that day, and we will reuse your data.
