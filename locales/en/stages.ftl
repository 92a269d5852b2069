## Request stages (domain::stage::Stage::message_key).
## Used in sentences such as "Your request is { $stage }."

stage-draft = a draft
stage-awaiting-ddc = awaiting the signed declaration (DDC)
stage-uac-review = in requirements review (UAC)
stage-observed = observed
stage-legal-review = in legal evaluation (UAJ)
stage-director-authorization = awaiting authorisation by the Executive Directorate
stage-account-creation = in account creation (UTI)
stage-active = active
stage-rejected = rejected
stage-lapsed = lapsed, the observation was not fixed in time
stage-superseded = superseded by a new responsible person
stage-expired = expired at the end of the fiscal year
stage-suspended = suspended by the Programme
stage-revocation-review = suspended while the Executive Directorate confirms the revocation
stage-revoked = revoked by the Programme

## Staff roles (domain::stage::Role::message_key).

role-uac = Accompaniment Unit (UAC)
role-uaj = Legal Affairs Unit (UAJ)
role-de = Executive Directorate (DE)
role-uti = Information Technology Unit (UTI)
role-especialista = Articulation Specialist
role-supervisor = Supervision
role-dpo = Data Protection Officer
role-uot = Operations and Transfers Unit (UOT)
role-oci = Internal Control Office (OCI)

## Refused stage changes (domain::stage::TransitionError::key).
## $stage: stage name (stage-*); $role: role name (role-*).

transition-error-not-allowed = That action is not allowed while the request is { $stage }. Nothing was changed.
transition-error-wrong-role = Only staff of the { $role } can take this step. Nothing was changed.
transition-error-applicant-only = This step is taken by the person who filed the request. Nothing was changed.
transition-error-system-only = This step is taken automatically by the system when the term ends. Nothing was changed.
transition-error-reason-required = Please give the reason: it will be sent to the applicant. Example: The DDC is not signed by the mayor.
