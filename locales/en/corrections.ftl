# Corrections that leave a trace (services::corrections): the note that closes an
# observation, what UAC reads of the changes since, and the chat's words for them.
fix-closed-fields = Corrected: { $fields }.
fix-closed-ddc = Sent a new signed DDC.
fix-closed-designation = Sent the designation document.
fix-closed-nothing = Sent the request again with no change to its data.
fix-since-heading = Observed: { $reason }. Changes since the observation:
fix-since-none = • No data changed.
fix-since-change = • { $field }: { $old } → { $new }
fix-since-ddc-outdated = ⚠️ The signed DDC on file predates the correction: the new signed DDC is missing.
staff-ddc-outdated-refused = Conformity cannot be given: the signed DDC on file predates a correction of the data it prints. Observe the request so they send the new signed DDC.
console-section-corrections = Corrections
correction-new-ddc-printed = I corrected the data of request { $code }. The DDC carries that data, so the signed DDC we hold is no longer valid: here is the new DDC, with a new verification code. Have the { $authority } sign and seal it and send it to me; once it arrives, your request returns to review.
fix-all-fields = All the data
fix-send-ddc = Send signed DDC
fix-back = Back
fix-observed-prompt = Fix what was observed first, or choose "All the data".
status-observed-reason = Reason for the observation: { $reason }
fix-left = All right, I changed nothing in your request.
