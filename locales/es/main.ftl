# Conversación principal. Trato de usted, frases cortas, y siempre decir qué hacer después.

## Menú y ayuda
welcome = ¡Hola! Soy el asistente del Programa CONTIGO para aliados: OMAPED, OREDIS y otras entidades. Le ayudo a solicitar el acceso a la información del Programa y a seguir su trámite.
# How to pick an option: tap it on a phone, type its number in the terminal. The engine
# gives every message it writes the chat's $channel; prompts use these, never "toque" alone.
tap = { $channel ->
    [terminal] escriba el número de
   *[other] toque
}
tap-capital = { $channel ->
    [terminal] Escriba el número de
   *[other] Toque
}
choose-hint = { $channel ->
    [terminal] Escriba el número de una opción.
   *[other] Toque una opción o escriba su número.
}
menu-prompt = ¿Qué desea hacer? { choose-hint }
menu-register = Solicitar acceso
menu-upload = Enviar DDC firmada
menu-status = Ver mi solicitud
menu-ddc = Descargar DDC
menu-help = Ayuda
back-to-menu = Volver al menú
help =
    Puedo ayudarle a:
    • Solicitar acceso para su municipalidad, gobierno regional u otra entidad.
    • Descargar la Declaración de Confidencialidad (DDC) ya llenada con sus datos.
    • Recibir la DDC firmada y sellada: en PDF o de 1 a 5 fotos de sus páginas.
    • Decirle en qué etapa está su solicitud y la fecha estimada.
    Comandos:
    • /start: el menú
    • /solicitar: registrar una solicitud de acceso
    • /ddc: descargar la DDC de su solicitud
    • /enviar: enviar la DDC firmada{ $channel ->
        [terminal] {" "}(en la terminal, con /file RUTA del archivo)
       *[other] {""}
    }
    • /estado: en qué etapa está su solicitud
    • /corregir: corregir una solicitud observada
    • /renovar: renovar el acceso para el siguiente año fiscal
    • /padron: consultas del padrón (con un acceso aprobado)
    • /preguntas: preguntas frecuentes
    • /especialista: hablar con una persona del Programa
    • /cancelar: dejar lo que está haciendo
    • /continuar: seguir lo que dejó a medias
    • /ayuda: esta ayuda
    Si deja la conversación a medias, al volver seguimos donde se quedó.
not-understood = Disculpe, no le entendí.
thanks-reply = ¡Con gusto! Si necesita algo más, escríbame o elija una opción.
stale-choice = Esa opción ya no está vigente.
unsupported-input = Por ahora solo entiendo mensajes de texto, botones, archivos PDF y fotos.
cancelled = Listo, lo dejamos ahí. No se envió nada.
nothing-to-cancel = No hay nada en curso que cancelar.
pick-an-option = Por favor, elija una de las opciones. { choose-hint }
flood-wait = Recibí muchos mensajes suyos seguidos y todavía le estoy respondiendo. Por favor, espere a que le lleguen mis respuestas y luego escríbame de nuevo.
technical-problem = Lo siento, tuvimos un problema técnico con su último mensaje. Por favor, envíelo de nuevo en unos minutos.
terminal-hint = Escriba su mensaje y pulse Enter. Para elegir una opción escriba su número. /file RUTA envía un archivo. Ctrl+D para salir.

## Registro
register-intro = Vamos a registrar su solicitud de acceso. Le haré unas preguntas, una a la vez. Puede escribir /cancelar en cualquier momento.
step = { $total ->
    [0] Paso { $step }
   *[other] Paso { $step } de { $total }
}
fixing-header = Corrección
access-type-local = Gobierno Local
access-type-regional = Gobierno Regional
access-type-other = Otro Aliado
authority-local = alcalde o alcaldesa
authority-regional = gobernador o gobernadora regional
authority-other = titular de la entidad
entity-public = Pública
entity-private = Privada
date-today = Hoy
skip = Omitir
value-empty = (sin dato)
file-during-registration = Primero terminemos el registro; la DDC firmada me la enviará después.
back-previous = Volvamos a la pregunta anterior. Su respuesta fue: «{ $value }». Escriba la respuesta correcta, o la misma si estaba bien.
back-first = Esta es la primera pregunta; no hay una anterior.

ask-access-type = ¿Qué tipo de acceso solicita?
ask-district = ¿De qué distrito es la municipalidad? Escriba el nombre del distrito, con o sin tildes. Ejemplo: Acoria
ask-region = ¿De qué región es el gobierno regional? Ejemplo: Huancavelica
ask-entity-name = ¿Cuál es el nombre de la entidad? Ejemplo: Consejo Nacional para la Integración de la Persona con Discapacidad
ask-entity-public = ¿La entidad es pública o privada?
ask-rof-doc = ¿Cuál es el número del documento que aprueba el ROF de la entidad? Ejemplo: DS N° 002-2016-MIMP
ask-head-designation-doc = ¿Cuál es el número del documento que designa al titular de la entidad? Ejemplo: RM N° 045-2026-MIMP
ask-authority-names = ¿Cuáles son los nombres del { $authority }? Ejemplo: Rosa María
ask-authority-surnames = ¿Cuáles son los apellidos del { $authority }? Ejemplo: Quispe Huamán
ask-authority-dni = ¿Cuál es el DNI del { $authority }? Son 8 dígitos. Ejemplo: 45678912
ask-jne-credential = ¿Cuál es el número de la credencial del JNE que acredita al { $authority } en el cargo? Ejemplo: 0123-2026-JNE
ask-authority-phone = ¿Cuál es el celular del { $authority }? Si no tiene, un teléfono fijo con código de ciudad. Ejemplo: 987654321 o 067 234567
ask-authority-phone2 = ¿Tiene otro número (fijo o celular)? Escríbalo, o { tap } «Omitir».
ask-authority-personal-email = ¿Cuál es el correo electrónico personal del { $authority }? Ejemplo: rosa.quispe@gmail.com
ask-authority-institutional-email = ¿Cuál es el correo institucional? Escríbalo, o { tap } «Omitir» si no tiene. Ejemplo: { $access ->
    [local] alcaldia@muniacoria.gob.pe
    [regional] gobernacion@regionhuancavelica.gob.pe
   *[other] mesadepartes@conadisperu.gob.pe
}
ask-resp-names = Ahora, los datos de la persona responsable del acceso. ¿Cuáles son sus nombres?
ask-resp-surnames = ¿Cuáles son los apellidos de la persona responsable?
ask-resp-dni = ¿Cuál es el DNI de la persona responsable? Son 8 dígitos.
ask-resp-phone = ¿Cuál es el celular de la persona responsable? Ejemplo: 912345678
ask-resp-email = ¿Cuál es el correo electrónico de la persona responsable?
ask-resp-office = ¿A qué oficina pertenece? { $access ->
    [local] { tap-capital } la opción o escriba el nombre. Ejemplo: OMAPED, Subgerencia de Desarrollo Social
    [regional] { tap-capital } la opción o escriba el nombre. Ejemplo: OREDIS, Gerencia Regional de Desarrollo Social
   *[other] Escriba el nombre. Ejemplo: Oficina de Atención al Ciudadano
}
ask-resp-position = ¿Qué cargo tiene la persona responsable? Ejemplo: { $access ->
    [local] Jefa de la OMAPED
    [regional] Jefa de la OREDIS
   *[other] Coordinadora de Atención al Ciudadano
}
ask-resp-designation-date = ¿Desde qué fecha fue designada? Escriba día/mes/año. Ejemplo: 02/01/2026

field-access-type = Tipo de acceso
field-district = Distrito
field-region = Región
field-entity-name = Entidad
field-entity-public = Pública o privada
field-rof-doc = Documento que aprueba el ROF
field-head-designation-doc = Documento de designación del titular
field-authority-names = { $access ->
    [other] Nombres del titular
   *[elected] Nombres de la autoridad
}
field-authority-surnames = { $access ->
    [other] Apellidos del titular
   *[elected] Apellidos de la autoridad
}
field-authority-dni = { $access ->
    [other] DNI del titular
   *[elected] DNI de la autoridad
}
field-jne-credential = Credencial del JNE
field-authority-phone = { $access ->
    [other] Teléfono del titular
   *[elected] Teléfono de la autoridad
}
field-authority-phone2 = Otro teléfono
field-authority-personal-email = Correo personal
field-authority-institutional-email = Correo institucional
field-resp-names = Nombres del responsable
field-resp-surnames = Apellidos del responsable
field-resp-dni = DNI del responsable
field-resp-phone = Celular del responsable
field-resp-email = Correo del responsable
field-resp-office = Oficina
field-resp-position = Cargo
field-resp-designation-date = Fecha de designación

district-set = Distrito: { $district } ✓
district-not-found = No encontré el distrito «{ $query }». Revise cómo se escribe y envíelo de nuevo, por favor.
district-pick = { $count ->
    [one] Hay 1 distrito con ese nombre. ¿Es el suyo?
   *[other] Hay { $count } distritos con ese nombre. ¿Cuál es el suyo?
}
district-narrow = { $count ->
    [one] Encontré 1 distrito parecido.
   *[other] Encontré { $count } distritos parecidos.
} Escriba la provincia o la región para ubicar el suyo. Ejemplo: Huancavelica
region-set = Región: { $region } ✓
region-not-found = No encontré la región «{ $query }». Escriba el nombre de su región, por favor. Ejemplo: Ayacucho
region-pick = ¿Cuál de estas regiones es la suya?

summary-title = Revise sus datos antes de enviar:
summary-prompt = ¿Están correctos? Si algo está mal, { tap } «Corregir un dato».
summary-send = Enviar solicitud
summary-fix = Corregir un dato
summary-cancel = Cancelar
summary-cancel-confirm = ¿Seguro que desea cancelar? { $count ->
        [one] Se borrará { $count } respuesta que ya dio
       *[other] Se borrarán las { $count } respuestas que ya dio
    } y tendría que empezar de nuevo.
summary-cancel-yes = Sí, cancelar
summary-cancel-no = Volver al resumen
fix-prompt = ¿Qué dato desea corregir?
submitted = ✅ Su solicitud fue registrada con el código { $code }. Guárdelo: con él puede consultar su trámite.
submitted-modification = Su jurisdicción ya tiene un acceso activo: esta solicitud se tramitará como cambio de responsable. Cuando se apruebe, el acceso anterior quedará sin efecto.
ddc-caption = Declaración de Confidencialidad (DDC) de la solicitud { $code }.
ddc-next-steps = Siguiente paso: imprima la DDC, hágala firmar y sellar por el { $authority } y envíemela aquí en PDF o en fotos. { tap-capital } «Enviar DDC firmada» cuando la tenga.

## Buscar una solicitud, enviar la DDC firmada, estado
find-request = Escriba el código de su solicitud (ejemplo: CTG-2026-000123) o el DNI de quien firma la DDC (la autoridad o el titular de la entidad).
find-request-ddc = Escriba el código de su solicitud. Ejemplo: CTG-2026-000123
find-request-ddc-needs-code = Para enviarle la DDC necesito el código de la solicitud. Lo recibió al registrarla.
find-request-invalid = No reconozco eso como un código de solicitud ni como un DNI.
find-request-no-code = Si no tiene el código a la mano: está en el mensaje de este chat que dice «Su solicitud fue registrada con el código…», y también impreso en la DDC. Si no lo encuentra, escriba el DNI de quien firma la DDC (la autoridad o el titular de la entidad). Si aún no ha registrado su solicitud, vuelva al menú y elija «Solicitar acceso».
find-request-none = No encontré ninguna solicitud con «{ $query }». Revíselo, por favor.
file-held = Guardé su archivo. Ahora dígame a qué solicitud corresponde.
upload-prompt = Envíe la DDC firmada y sellada de la solicitud { $code }: un PDF, o { $max ->
        [one] 1 foto de su página
       *[other] de 1 a { $max } fotos de sus páginas, en orden
    }. Que se lea todo el texto, la firma y el sello.{ upload-how }
upload-prompt-generic = Envíe la DDC firmada en PDF, o fotos de sus páginas.{ upload-how }
# How a file is sent where there is no attach button (the terminal).
upload-how = { $channel ->
    [terminal] {" "}En la terminal escriba /file RUTA, la ruta del archivo en su computadora; por ejemplo: /file ddc-firmada.pdf
   *[other] {""}
}
photo-received = Recibí la foto { $count } (máximo { $max }). Envíe la siguiente página, o { tap } «Listo» si ya están todas.
photos-done = Listo, armar PDF
photos-reset = Empezar de nuevo
photos-cleared = Borré las fotos recibidas. Empecemos de nuevo.
photos-expired = Las fotos que envió hace más de { $days ->
    [one] { $days } día
   *[other] { $days } días
} ya no están guardadas, para cuidar sus datos. Por favor, envíelas de nuevo y toque «Listo».
photos-replaced-by-pdf = Recibí un PDF: uso el PDF y descarto las fotos anteriores.
upload-waiting-file = Estoy esperando la DDC firmada: un archivo PDF o fotos.
upload-later = Está bien. Cuando tenga { $doc ->
    [designation] el documento de designación del titular, escriba /enviar y envíelo aquí en PDF o en fotos.
   *[ddc] la DDC firmada y sellada, escriba /enviar (o elija «Enviar DDC firmada» en el menú) y envíela aquí en PDF o en fotos. Si no tiene la DDC impresa, descárguela otra vez con «Descargar DDC».
}
upload-not-expected = La solicitud { $code } está { $stage }: ahora no necesita enviar la DDC.
upload-accepted = ✅ Recibí la DDC firmada de la solicitud { $code } ({ $pages ->
        [one] 1 página
       *[other] { $pages } páginas
    }). Gracias.

status-header = Solicitud { $code } · { $type } · { $jurisdiction }
    Etapa: { $stage }.
status-next-draft = Siguiente: complete el registro.
status-next-awaiting-ddc = Siguiente: imprima la DDC, hágala firmar y sellar por el { $authority } y envíemela aquí.
status-next-uac-review = Siguiente: la Unidad de Acompañamiento revisa los requisitos.
status-next-observed = Siguiente: corrija lo observado y envíelo aquí.
status-next-legal-review = Siguiente: Asesoría Jurídica emite su opinión.
status-next-director-authorization = Siguiente: la Dirección Ejecutiva autoriza la creación de la cuenta.
status-next-account-creation = Siguiente: Tecnologías de la Información crea su cuenta.
status-next-active = Su acceso está activo hasta el 31/12/{ $year }.
status-next-rejected = La solicitud fue rechazada. Puede retomarla con sus datos con «{ $next }», corrigiendo lo que indica el motivo.
status-next-lapsed = Venció el plazo para corregir. Puede retomarla con sus datos con «{ $next }».
status-next-superseded = Un nuevo responsable tomó el acceso.
status-next-expired = El acceso venció con el año fiscal. Puede renovarlo con «Renovar acceso»: usamos sus datos.
status-next-suspended = Su acceso está suspendido: por ahora no puede consultar el padrón. Si tiene dudas, { tap } «Hablar con especialista».
status-next-revocation-review = Su acceso está suspendido mientras la Dirección Ejecutiva confirma su revocación. Si tiene dudas, { tap } «Hablar con especialista».
status-next-revoked = El acceso fue revocado. Para volver a tener acceso, { tap } «{ $next }».
status-due = Plazo de esta etapa: { $date }.
status-due-late = Esta etapa debía terminar el { $date }; le avisaremos apenas avance.
status-expected = Fecha estimada de su cuenta: { $date } (días hábiles).
status-none-yet = Aún no tiene solicitudes registradas desde este chat. Cuando termine el registro le daré su código.
status-modification = Es un cambio de responsable.
upload-designation-prompt = Ahora envíe el documento que designa al titular de la entidad (solicitud { $code }): un PDF, o { $max ->
        [one] 1 foto de su página.
       *[other] de 1 a { $max } fotos de sus páginas.
    }
designation-accepted = ✅ Recibí el documento de designación de la solicitud { $code } ({ $pages ->
        [one] 1 página
       *[other] { $pages } páginas
    }). Gracias.

## Un trámite dejado a medias para hacer otra cosa: se guarda y se retoma con /continuar.
paused = Guardé { $what } para después. Cuando quiera retomarlo, escriba /continuar o { tap } «Continuar lo pendiente».
paused-registration = su registro de solicitud ({ $where })
paused-registration-review = la revisión de su registro de solicitud
paused-upload = el envío de su DDC firmada
paused-ddc = la descarga de su DDC
paused-status = la consulta de su solicitud
paused-uploading = el envío de la DDC firmada de la solicitud { $code }
paused-query = su consulta
menu-continue = Continuar lo pendiente
nothing-to-continue = No tiene nada pendiente que continuar.
cancelled-paused = Listo, descarté lo que tenía pendiente. No se envió nada.
## Who may see or send what (one access policy)
access-refused = No puedo mostrarle ni hacer eso desde este chat. Si la solicitud es suya, escríbame desde el chat en que la registró, o use el código de verificación impreso en la DDC.
find-request-verification = Para enviar la DDC desde este chat, escriba el código de verificación impreso en la DDC, junto al código de la solicitud (ejemplo: ABCD-EFGH). También puede escanear el código QR de la DDC.
find-request-verification-or-dni = Para proteger los datos, escriba el código de verificación impreso en la DDC (ejemplo: ABCD-EFGH). Con el DNI de quien firma la DDC solo le diré la etapa.
find-request-dni-not-enough = Con un DNI no puedo mostrar ni recibir documentos de otra persona. Escriba el código de la solicitud (ejemplo: CTG-2026-000123) y luego el código de verificación impreso en la DDC.
verification-mismatch = Ese código no coincide con el de la DDC. Revíselo en la parte superior de la DDC y escríbalo de nuevo.
verification-too-many = Se escribieron demasiados códigos equivocados desde este chat. Por seguridad, inténtelo de nuevo en { $minutes ->
        [one] 1 minuto
       *[other] { $minutes } minutos
    }, o escríbame desde el chat en que registró la solicitud.
status-stage-only = Solicitud { $code } · Etapa: { $stage }
status-stage-only-more = Para ver el detalle, escriba el código de verificación impreso en la DDC.
find-request-ddc-verification = Para enviarle la DDC a este chat, escriba el código de verificación impreso en ella (ejemplo: ABCD-EFGH). Si no la tiene, pídala desde el chat en que registró la solicitud.

## What the web server answers to an address or a form it cannot read (any page).
http-refused-heading = No pudimos leer ese pedido
http-refused = La dirección o los datos enviados no son válidos. Vuelva a la página anterior e inténtelo de nuevo desde sus enlaces y botones.
http-refused-back = Ir al inicio de la consola
