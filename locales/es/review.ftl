# Revisión por etapas: avisos al solicitante, chats del personal, recordatorios.

menu-fix-observation = Corregir datos
menu-renew = Renovar acceso
submitted-renewal = Es la renovación de su acceso para el año fiscal { $year }: cuando se apruebe, reemplazará al acceso actual.
correction-sent = ✅ Envié su corrección de la solicitud { $code }. Vuelve a revisión de requisitos (UAC).
renew-none = No encuentro un acceso activo registrado desde este chat para renovar.
fix-observation-none = No tiene desde este chat una solicitud para corregir o retomar.
renew-intro = Renovemos el acceso de la solicitud { $code }. Estos son sus datos actuales: corrija solo lo que cambió y envíe.
fix-observation-intro = Su solicitud { $code } fue observada: { $reason }. Elija el dato que desea corregir. Si lo que falta es la DDC firmada, envíela con «Enviar DDC firmada».

## Avisos al solicitante cuando cambia la etapa
notify-draft = Su solicitud { $code } está en borrador.
notify-awaiting-ddc = Su solicitud { $code } espera la DDC firmada y sellada. Envíela aquí cuando la tenga.
notify-uac-review = Su solicitud { $code } está en revisión de requisitos (UAC), hasta el { $date }.
notify-observed = ⚠️ Su solicitud { $code } fue observada: { $reason }.
    Corríjala hasta el { $date }: { tap } «Corregir datos» o envíe una nueva DDC firmada.
notify-legal-review = ✅ Su solicitud { $code } pasó la revisión de requisitos. Ahora la evalúa Asesoría Jurídica, hasta el { $date }. Fecha estimada de su cuenta: { $expected }.
notify-director-authorization = ✅ Su solicitud { $code } tiene opinión legal favorable. Ahora la Dirección Ejecutiva autoriza la cuenta, hasta el { $date }. Fecha estimada de su cuenta: { $expected }.
notify-account-creation = ✅ Su solicitud { $code } fue autorizada. Tecnologías de la Información crea su cuenta hasta el { $date }.
notify-active = 🎉 ¡Su acceso está activo! Solicitud { $code }, { $jurisdiction }.
    Para consultar el padrón, la persona responsable abre este asistente desde el celular que registró ({ $phone }) y elige «Consultar beneficiarios». En Telegram, comparte ese número cuando se lo pida; en WhatsApp basta con escribir desde ese número.{ $invited ->
        [yes] {" "}Ya le envié una invitación por WhatsApp a ese número.
       *[no] {""}
    }
notify-rejected = Su solicitud { $code } fue rechazada: { $reason }. Puede retomarla con sus datos: { tap } «{ $next }» y corrija lo que indica el motivo.
notify-lapsed = Venció el plazo para corregir la solicitud { $code }, así que quedó sin efecto. Para empezar de nuevo con sus datos, { tap } «{ $next }».
notify-superseded = El acceso de { $jurisdiction } pasó a un nuevo responsable (solicitud { $reason }). Su acceso con la solicitud { $code } terminó. Gracias por su trabajo.
notify-expired = El acceso de la solicitud { $code } venció al cerrar el año fiscal { $year }. Para seguir consultando, { tap } «Renovar acceso»: usamos sus datos y solo cambia lo necesario.
notify-suspended = ⏸️ El acceso de la solicitud { $code } ({ $jurisdiction }) está suspendido: { $reason }. Si tiene dudas, { tap } «Hablar con especialista».
notify-revocation-review = ⏸️ El acceso de la solicitud { $code } ({ $jurisdiction }) está suspendido mientras la Dirección Ejecutiva confirma su revocación: { $reason }.
notify-revoked = ⛔ El acceso de la solicitud { $code } ({ $jurisdiction }) fue revocado: { $reason }. Para volver a tener acceso, { tap } «Solicitar acceso».
remind-observation = Recordatorio: la observación de su solicitud { $code } vence el { $date }. Corríjala antes para que no quede sin efecto.
remind-renewal = Recordatorio: la DDC de { $jurisdiction } debe renovarse para el año fiscal { $year }. { tap-capital } «Renovar acceso»: usamos sus datos y solo cambia lo necesario.

## Chats del personal
staff-home = Hola, { $name }. Sus roles: { $roles }. ¿Qué desea revisar?
staff-home-again = ¿Qué desea revisar?
staff-home-console = Hola, { $name }. Sus roles: { $roles }. Su trabajo está en la consola web: escriba /consola y le envío un enlace para abrirla en la computadora. Para ver los comandos, escriba /ayuda.
staff-help =
    Como personal del Programa puede ver su bandeja, abrir cada solicitud, ver la DDC firmada y la verificación con el JNE, y darle conformidad, observarla o rechazarla según su rol.
    Comandos:
    • /start: su menú
    • /bandeja: las solicitudes que esperan a su rol
    • /cuentas: las cuentas creadas (UTI y UAC)
    • /consultas: las consultas de los aliados (especialistas y supervisores)
    • /cerrar: cerrar la consulta que atiende
    • /derivar: pasar la consulta que atiende a otro especialista
    • /consola: un enlace a la consola web, para trabajar en la computadora
    • /cancelar: dejar lo que está haciendo
    • /ayuda: esta ayuda
staff-menu-queue = Bandeja
staff-menu-accounts = Cuentas creadas
staff-open = Abrir
staff-new-item = Nueva solicitud en su bandeja: { $code } · { $jurisdiction } · { $stage } · vence { $date }.
staff-queue-empty = Su bandeja está vacía. ¡Buen trabajo!
staff-queue-title = Bandeja ({ $count }), primero lo que vence antes:
staff-queue-prompt = { tap-capital } una solicitud para abrirla.
staff-due = vence { $date }
staff-overdue = ⚠️ VENCIDA el { $date }
staff-stage-line = Etapa: { $stage } · { $due }
staff-last-note = Última nota: { $note }
staff-ddc-caption = DDC firmada de { $code } ({ $pages ->
        [one] 1 página
       *[other] { $pages } páginas
    }).
staff-designation-caption = Documento de designación del titular de { $code } ({ $pages ->
        [one] 1 página
       *[other] { $pages } páginas
    }).
staff-no-ddc = Aún no hay DDC firmada.
staff-action-prompt = ¿Qué decide?
staff-view-only = Su rol no actúa en esta etapa; solo puede verla.
staff-action-conforme = Conforme
staff-action-observe = Observar
staff-action-reject = Rechazar
staff-action-favourable = Favorable
staff-action-unfavourable = Desfavorable
staff-action-authorise = Autorizar
staff-action-created = Cuenta creada
staff-action-suspend = Suspender acceso
staff-action-restore = Restablecer acceso
staff-action-revoke = Revocar acceso
staff-action-confirm-revocation = Confirmar revocación
staff-action-decline-revocation = No revocar (queda suspendido)
staff-back-to-queue = Volver a la bandeja
staff-back = Volver
staff-ask-observation = ¿Qué debe corregir el solicitante? Elija un motivo o escríbalo.
staff-ask-rejection = Escriba el motivo del rechazo. El solicitante lo leerá.
staff-ask-suspension = Escriba el motivo (por ejemplo: uso indebido de los datos del padrón). La entidad y su responsable lo leerán.
staff-ask-unfavourable = Escriba la nota de la opinión desfavorable.
staff-ask-favourable = Escriba una nota para la opinión favorable, o { tap } «Sin nota».
staff-no-note = Sin nota
staff-note-too-short = Escriba el motivo con un poco más de detalle, por favor.
obs-reason-unsigned = La DDC no tiene firma o sello
obs-reason-illegible = La DDC está ilegible o incompleta
obs-reason-jne = Los datos de la autoridad no coinciden con el JNE
obs-reason-responsible = Faltan o están mal los datos del responsable
obs-reason-designation = Falta el documento de designación
obs-reason-with-note = { $reason }. Detalle: { $note }
susp-reason-misuse = Uso indebido de los datos personales del padrón
susp-reason-new-ddc = No presentó la nueva DDC firmada en el plazo
susp-reason-authority = Cambió la autoridad o el titular de la entidad y falta su DDC firmada
susp-reason-entity = A pedido de la entidad
staff-done = Listo: { $code } ahora está { $stage }. Se avisó al solicitante.
staff-already-moved = Otra persona ya movió esa solicitud: ahora está { $stage }. No se cambió nada.
staff-not-found = No encontré esa solicitud.
staff-report-prompt = ¿De qué periodo quiere la lista de cuentas creadas?
staff-report-week = Últimos 7 días
staff-report-month = Este mes
staff-report-previous = Mes anterior
staff-report-empty = No se crearon cuentas entre el { $from } y el { $until }.
staff-report-title = Cuentas creadas entre el { $from } y el { $until }: { $count }
staff-report-caption = Lista de cuentas creadas para enviar a UAC.
staff-reminder = { $count ->
    [one] Tiene 1 solicitud que vence hoy o está vencida en su bandeja. { tap-capital } «Bandeja» para verla.
   *[other] Tiene { $count } solicitudes que vencen hoy o están vencidas en su bandeja. { tap-capital } «Bandeja» para verlas.
}
digest-title = { $count ->
    [one] Resumen diario: 1 solicitud vencida.
   *[other] Resumen diario: { $count } solicitudes vencidas.
}
digest-open = Abrir { $code }
digest-late = { $days ->
    [one] 1 día hábil de atraso
   *[other] { $days } días hábiles de atraso
}
digest-padron-stale = El padrón cargado tiene datos al { $date }: { $days ->
        [one] 1 día hábil
       *[other] { $days } días hábiles
    }, y la directiva pide actualizarlo cada 7. UOT debe importar el padrón nuevo con «contigo-bot import padron»; mientras tanto, los aliados ven que sus datos están atrasados.

## Verificación con el JNE
jne-matches = JNE: ✅ el DNI coincide ({ $names }).
jne-mismatch = JNE: ⚠️ el DNI NO coincide. El JNE registra a { $names }. Considere observar la solicitud.
jne-not-listed = JNE: ⚠️ no figura una autoridad para esta jurisdicción en la lista del JNE.
jne-not-imported = JNE: la lista del JNE aún no se importó (contigo-bot import autoridades).
jne-not-applicable = JNE: no aplica (el titular de la entidad no es autoridad electa).

## Alertas y FAD de los aliados
staff-menu-reports = Alertas y FAD
staff-reports-empty = No hay alertas ni fichas de actualización pendientes.
staff-reports-title = Alertas y FAD pendientes ({ $count }), primero las más antiguas:
staff-reports-prompt = { tap-capital } una para cerrarla con una nota.
staff-report-fad = FAD: dirección { $address }; referencia { $reference }; teléfono { $phone }
staff-report-close-note = Escriba la nota de cierre: qué se hizo. El aliado la leerá.
staff-report-closed = Listo: { $number } quedó cerrada y se avisó al aliado.
staff-report-already-closed = { $number } ya estaba cerrada.
staff-access-refused = Eso no corresponde a sus roles, así que no puedo mostrarle esos datos. Revise su bandeja con /bandeja.
ddc-proof-qr-matched = Código QR: corresponde a esta solicitud.
ddc-proof-qr-absent = Código QR: no se encontró en la copia (una fotocopia puede perderlo); revise los códigos impresos.
ddc-proof-verification = Código de verificación que debe llevar impreso: { $verification }
ddc-proof-signature-valid = Firma digital: { $signer }, válida (coincide con el documento).
ddc-proof-signature-invalid = Firma digital: { $signer }, NO válida (el documento cambió después de firmarse o la firma no corresponde).
ddc-proof-signature-none = Firma digital: no tiene (firma manuscrita).
ddc-proof-chain = Cadena del certificado: { $root } (raíz de confianza).
ddc-proof-chain-unknown = Cadena del certificado: no reconocida (no llega a una raíz de confianza configurada; revise quién firmó).
ddc-proof-signer-unknown = firmante sin nombre
ddc-proof-from-photos = Llegó como fotos, unidas en un PDF.
ddc-proof-from-pdf = Llegó como PDF.
notify-ddc-arrived-elsewhere = La DDC firmada de su solicitud { $code } llegó el { $on } desde otro chat, con los códigos impresos en ella. Su solicitud está ahora en { $stage }{ $date ->
        [none] .
       *[other] , hasta el { $date }.
    }
staff-action-ask-new-ddc = Pedir nueva DDC
staff-action-accept-new-ddc = Aceptar nueva DDC
staff-ask-new-ddc = Escriba por qué pide una nueva DDC firmada (por ejemplo: cambio de la persona responsable). La entidad y su responsable lo leerán, con el plazo.
staff-reason-typed = Escribir otro motivo
staff-type-reason = Escriba el motivo en un mensaje.
staff-new-ddc-already-asked = Ya se pidió una nueva DDC para este acceso y aún no se aceptó. No se cambió nada.
staff-new-ddc-none-to-accept = Aún no llegó la nueva DDC firmada de este acceso, así que no hay nada que aceptar. No se cambió nada.
staff-new-ddc-received = Llegó la nueva DDC firmada de { $code } · { $jurisdiction } ({ $stage }). Revísela y acéptela.
staff-new-ddc-line = Nueva DDC pedida el { $asked } (motivo: { $reason }); plazo: { $date }. { $received ->
    [no] Aún no llega.
   *[other] Llegó el { $received }.
}
history-new-ddc-asked = Nueva DDC pedida: { $reason }. Plazo: { $date }
history-new-ddc-received = Nueva DDC firmada recibida
history-new-ddc-accepted = Nueva DDC firmada aceptada
