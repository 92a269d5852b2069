## Etapas de la solicitud (domain::stage::Stage::message_key).
## Se usan en frases como "Su solicitud está { $stage }."

stage-draft = borrador
stage-awaiting-ddc = esperando la declaración firmada (DDC)
stage-uac-review = en revisión de requisitos (UAC)
stage-observed = observada
stage-legal-review = en evaluación legal (UAJ)
stage-director-authorization = en autorización de la Dirección Ejecutiva
stage-account-creation = en creación de cuenta (UTI)
stage-active = activa
stage-rejected = rechazada
stage-lapsed = vencida por falta de subsanación
stage-superseded = reemplazada por un nuevo responsable
stage-expired = expirada al cierre del año fiscal
stage-suspended = suspendido por el Programa
stage-revocation-review = suspendido mientras la Dirección Ejecutiva confirma la revocación
stage-revoked = revocado por el Programa

## Roles del personal (domain::stage::Role::message_key).

role-uac = Unidad de Acompañamiento (UAC)
role-uaj = Unidad de Asesoría Jurídica (UAJ)
role-de = Dirección Ejecutiva (DE)
role-uti = Unidad de Tecnologías de la Información (UTI)
role-especialista = Especialista de Articulación
role-supervisor = Supervisión
role-dpo = Oficial de Protección de Datos Personales
role-uot = Unidad de Operaciones y Transferencias (UOT)
role-oci = Órgano de Control Institucional (OCI)

## Cambios de etapa rechazados (domain::stage::TransitionError::key).
## $stage: nombre de la etapa (stage-*); $role: nombre del rol (role-*).

transition-error-not-allowed = Esa acción no está permitida mientras la solicitud está { $stage }. No se hizo ningún cambio.
transition-error-wrong-role = Solo el personal de la { $role } puede hacer este paso. No se hizo ningún cambio.
transition-error-applicant-only = Este paso lo realiza la persona que presentó la solicitud. No se hizo ningún cambio.
transition-error-system-only = Este paso lo realiza el sistema automáticamente al vencer el plazo. No se hizo ningún cambio.
transition-error-reason-required = Indique el motivo, por favor: se le enviará al solicitante. Ejemplo: La DDC no tiene la firma del alcalde.
