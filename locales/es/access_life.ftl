# La vida de un acceso después de la aprobación: cuando termina, cómo vincular el
# chat de la persona responsable, y el documento de designación de Otro Aliado.
# Trato de usted, frases cortas, y siempre decir qué hacer después.

## El acceso terminó: se avisa en el momento a cada chat vinculado
access-ended-superseded = El acceso { $code } de { $jurisdiction } pasó a un nuevo responsable, así que desde ahora este chat ya no puede consultar el padrón. Si cree que es un error, { tap } «Hablar con especialista».
access-ended-expired = El acceso { $code } de { $jurisdiction } venció al cerrar el año fiscal { $year }, así que este chat ya no puede consultar el padrón. Para volver a consultar hace falta la DDC firmada del nuevo año: { tap } «Renovar acceso» (usamos sus datos). Si tiene dudas, { tap } «Hablar con especialista».
access-ended-revoked = El acceso { $code } de { $jurisdiction } ya no está activo, así que este chat ya no puede consultar el padrón. Si cree que es un error, { tap } «Hablar con especialista».
access-ended-unknown = El acceso vinculado a este chat ya no está activo, así que ya no puede consultar el padrón. Si cree que es un error, { tap } «Hablar con especialista».

## Una sola fecha estimada de la cuenta, fijada cuando la DDC firmada entra a revisión
status-expected-after-upload = Su cuenta estaría lista { $days ->
        [one] 1 día hábil
       *[other] { $days } días hábiles
    } después de que envíe la DDC firmada.
status-expected-late = La fecha estimada de su cuenta era el { $date }: su trámite va con retraso y le avisaré apenas avance.

## Invitación por WhatsApp a la persona responsable de un acceso recién activado
access-invitation = Hola. El acceso { $code } de { $jurisdiction } al Programa CONTIGO está activo y usted figura como la persona responsable. Para consultar el padrón de su jurisdicción desde este chat, { tap } «Consultar beneficiarios».

## Documento de designación del titular de la entidad (Otro Aliado)
designation-send = Enviar designación
designation-not-expected = La solicitud { $code } está { $stage }: ahora no se puede enviar el documento de designación.
status-designation-missing = Falta el documento que designa al titular de la entidad: { tap } «Enviar designación».
staff-no-designation = ⚠️ Falta el documento de designación del titular de la entidad: aún no fue enviado.
designation-waiting-file = Estoy esperando el documento de designación: un archivo PDF o fotos de sus páginas.

## La lista del JNE nombra otra autoridad para la jurisdicción (issue 24).
authority-changed = La lista de autoridades del JNE registra a { $names } como nueva autoridad de { $jurisdiction }. Para mantener el acceso (solicitud { $code }), la nueva autoridad debe firmar una nueva Declaración de Confidencialidad (DDC) hasta el { $date }. Si tiene dudas, escriba a un especialista.
staff-authority-changed = Cambio de autoridad según el JNE: { $code } · { $jurisdiction } ({ $stage }). La lista nombra a { $names }; la nueva DDC vence el { $date }.

## El Programa suspendió, revocó o restableció el acceso: se avisa en el momento al
## chat que lo pidió y a cada chat vinculado. $dated: «yes» si la suspensión tiene fecha de fin ($until).
access-status-suspended = ⏸️ El Programa suspendió el acceso { $code } de { $jurisdiction }. Motivo: { $reason }. Mientras dure, este chat no puede consultar el padrón. { $dated ->
    [no] Se restablecerá cuando se cumpla lo indicado; el Programa le avisará.
   *[other] Se restablecerá el { $until }.
} Si tiene dudas, { tap } «Hablar con especialista».
access-status-revocation-review = ⏸️ El Programa dispuso revocar el acceso { $code } de { $jurisdiction }. Motivo: { $reason }. La Dirección Ejecutiva debe confirmarlo; mientras tanto este chat no puede consultar el padrón. Si tiene dudas, { tap } «Hablar con especialista».
access-status-revoked = ⛔ El acceso { $code } de { $jurisdiction } fue revocado por el Programa. Motivo: { $reason }. Este chat ya no puede consultar el padrón. Para volver a tener acceso, la entidad debe registrar una nueva solicitud: { tap } «Solicitar acceso».
access-status-restored = ✅ El Programa restableció el acceso { $code } de { $jurisdiction }. Este chat ya puede consultar el padrón otra vez: { tap } «Consultar beneficiarios».

## La UAC pide una nueva DDC firmada a un acceso activo (Anexo 3: «a solicitud del Programa»)
access-new-ddc-asked = 📝 La UAC del Programa pide una nueva DDC firmada para el acceso { $code } de { $jurisdiction }. Motivo: { $reason }. Aquí tiene la DDC nueva, con otro código de verificación: hágala firmar y sellar por el { $authority } y envíe la DDC firmada antes del { $date }: { tap } «Enviar DDC firmada». Si no llega a tiempo, el acceso se suspenderá hasta que la UAC la reciba.
access-new-ddc-accepted = ✅ La UAC aceptó la nueva DDC firmada del acceso { $code } de { $jurisdiction }. No falta nada: este chat sigue consultando el padrón.
status-new-ddc-due = La UAC pidió una nueva DDC firmada (motivo: { $reason }). Envíe la DDC firmada antes del { $date }.
status-new-ddc-late = La UAC pidió una nueva DDC firmada (motivo: { $reason }) y el plazo venció el { $date }. Envíe la DDC firmada: cuando la UAC la acepte, el acceso se restablecerá.
status-new-ddc-received = Recibimos la nueva DDC firmada; la UAC la está revisando.
