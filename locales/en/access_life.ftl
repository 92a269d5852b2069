# An access's life after approval: when it ends, how the responsible's chat binds,
# and Otro Aliado's designation document.

## The access ended: every bound chat is told at that moment
access-ended-superseded = Access { $code } of { $jurisdiction } passed to a new responsible, so from now on this chat can no longer query the padrón. If you think this is a mistake, { tap } "Talk to a specialist".
access-ended-expired = Access { $code } of { $jurisdiction } expired when fiscal year { $year } closed, so this chat can no longer query the padrón. To query again, the DDC for the new year must be signed: { tap } "Renew access" (we reuse your data). If in doubt, { tap } "Talk to a specialist".
access-ended-revoked = Access { $code } of { $jurisdiction } is no longer active, so this chat can no longer query the padrón. If you think this is a mistake, { tap } "Talk to a specialist".
access-ended-unknown = The access bound to this chat is no longer active, so it can no longer query the padrón. If you think this is a mistake, { tap } "Talk to a specialist".

## One expected account date, fixed when the signed DDC enters review
status-expected-after-upload = Your account would be ready { $days ->
        [one] 1 business day
       *[other] { $days } business days
    } after you send the signed DDC.
status-expected-late = Your account was expected by { $date }: your request is running late and I will tell you as soon as it moves.

## WhatsApp invitation to the responsible of a newly active access
access-invitation = Hello. Access { $code } of { $jurisdiction } to Programa CONTIGO is active and you are its responsible person. To query your jurisdiction's padrón from this chat, { tap } "Look up beneficiaries".

## Designation document of the head of the entity (Otro Aliado)
designation-send = Send designation
designation-not-expected = Request { $code } is { $stage }: the designation document cannot be sent now.
status-designation-missing = The document designating the head of the entity is missing: { tap } "Send designation".
staff-no-designation = ⚠️ The designation document of the head of the entity is missing: it was not sent yet.
designation-waiting-file = I am waiting for the designation document: a PDF file or photos of its pages.

## The JNE list names another authority for the jurisdiction (issue 24).
authority-changed = The JNE list of authorities names { $names } as the new authority of { $jurisdiction }. To keep the access (request { $code }), the new authority must sign a new Confidentiality Declaration (DDC) by { $date }. If in doubt, write to a specialist.
staff-authority-changed = Authority change on the JNE list: { $code } · { $jurisdiction } ({ $stage }). The list names { $names }; the new DDC is due on { $date }.

## The Programme suspended, revoked or restored the access: told at once to the chat
## that requested it and to every bound chat. $dated: "yes" when the suspension ends on a date ($until).
access-status-suspended = ⏸️ The Programme suspended access { $code } for { $jurisdiction }. Reason: { $reason }. Meanwhile this chat cannot query the register. { $dated ->
    [no] It will be restored once the stated condition is met; the Programme will let you know.
   *[other] It will be restored on { $until }.
} If you have questions, { tap } "Talk to a specialist".
access-status-revocation-review = ⏸️ The Programme decided to revoke access { $code } for { $jurisdiction }. Reason: { $reason }. The Executive Directorate must confirm it; meanwhile this chat cannot query the register. If you have questions, { tap } "Talk to a specialist".
access-status-revoked = ⛔ Access { $code } for { $jurisdiction } was revoked by the Programme. Reason: { $reason }. This chat can no longer query the register. To have access again, the entity must file a new request: { tap } "Request access".
access-status-restored = ✅ The Programme restored access { $code } for { $jurisdiction }. This chat can query the register again: { tap } "Look up beneficiaries".

## UAC asks an active access for a new signed DDC (Annex 3: "at the Programme's request")
access-new-ddc-asked = 📝 The Programme's UAC asks for a new signed DDC for access { $code } for { $jurisdiction }. Reason: { $reason }. Here is the new DDC, with a new verification code: have { $authority } sign and seal it and send the signed DDC before { $date }: { tap } "Send signed DDC". If it does not arrive in time, the access will be suspended until UAC receives it.
access-new-ddc-accepted = ✅ UAC accepted the new signed DDC of access { $code } for { $jurisdiction }. Nothing else is due: this chat keeps querying the register.
status-new-ddc-due = UAC asked for a new signed DDC (reason: { $reason }). Send the signed DDC before { $date }.
status-new-ddc-late = UAC asked for a new signed DDC (reason: { $reason }) and the term ended on { $date }. Send the signed DDC: once UAC accepts it, the access will be restored.
status-new-ddc-received = We received the new signed DDC; UAC is reviewing it.
