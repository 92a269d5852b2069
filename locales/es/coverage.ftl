# Reach (issue 26): coverage of the districts of intervention, invitations to the
# districts without an access.

coverage-title = Cobertura de distritos de intervención
coverage-national = Total nacional
coverage-chart-title = Cobertura por región (%)
coverage-sheet-regions = Por región
coverage-sheet-provinces = Por provincia
coverage-sheet-districts = Distritos
coverage-sheet-idle = Accesos sin uso
coverage-col-area = Ámbito
coverage-col-districts = Distritos de intervención
coverage-col-active = Con acceso activo
coverage-col-process = En trámite
coverage-col-ended = Vencido o terminado
coverage-col-none = Sin acceso
coverage-col-percent = Cobertura (%)
coverage-col-idle-30 = Activos sin uso 30 días
coverage-col-idle-60 = Activos sin uso 60 días
coverage-col-idle-90 = Activos sin uso 90 días
coverage-col-ubigeo = Ubigeo
coverage-col-region = Región
coverage-col-province = Provincia
coverage-col-district = Distrito
coverage-col-beneficiaries = Usuarios en el padrón
coverage-col-status = Estado del acceso
coverage-col-idle-days = Días sin uso
coverage-status-active = Activo
coverage-status-process = En trámite
coverage-status-ended = Vencido o terminado
coverage-status-none = Sin acceso

## Invitations and their funnel.
invite-funnel-title = Invitaciones a distritos sin acceso
invite-funnel-sheet = Invitaciones
invite-col-invited = Distritos invitados
invite-col-started = Solicitud iniciada
invite-col-signed = DDC firmado
invite-col-active = Acceso activo

## The invitation letter to a mayor (one page; the program writes to mayors in Spanish).
invite-title = Invitaciones a USUARIO ALIADO
invite-heading = Programa Nacional de Entrega de la Pensión No Contributiva a Personas con Discapacidad Severa en Situación de Pobreza – CONTIGO
invite-to = Señor(a)
invite-mayor-unknown = Alcalde(sa)
invite-mayor-of = Alcalde(sa) de la
invite-subject = Asunto: acceso de su municipalidad a USUARIO ALIADO
invite-greeting = De nuestra consideración:
invite-why = En el distrito de { $district } hay { $count ->
    [0] personas con discapacidad severa que el Programa CONTIGO atiende
    [one] { $count } persona usuaria del Programa CONTIGO
   *[other] { $count } personas usuarias del Programa CONTIGO
}, y su municipalidad aún no tiene acceso a USUARIO ALIADO. Le invitamos a solicitarlo: es gratuito y se hace desde un celular, sin viajar ni llamar.
invite-gives-intro = Con el acceso, la OMAPED de su municipalidad podrá:
invite-gives-1 = Consultar el padrón de su distrito: usuarios vigentes, suspendidos y desafiliados, y la autorización de cobro de cada uno.
invite-gives-2 = Ver a los menores sin autorización de cobro y las solicitudes de afiliación observadas, para ayudar a las familias a regularizarlas.
invite-gives-3 = Reportar alertas y enviar fichas de actualización de datos (FAD) de sus vecinos usuarios.
invite-steps-title = Cómo solicitarlo, en tres pasos:
invite-step-1 = Escanee el código QR con su celular: se abre el chat del Programa con su distrito ya elegido.
invite-step-2 = Responda las preguntas con sus datos y los del responsable de la OMAPED, y descargue la Declaración de Confidencialidad (DDC).
invite-step-3 = Firme y selle la DDC y envíe su foto o PDF por el mismo chat. El Programa revisa la solicitud y le avisa cada paso por ese chat.
invite-qr-hint = Si el código no abre el chat, escriba al Programa por Telegram o WhatsApp este texto: { $payload }
invite-no-link = Escriba al chat del Programa CONTIGO y envíe este texto para empezar con su distrito ya elegido: { $payload }
invite-closing = Atentamente,
invite-signature = Unidad de Acompañamiento – Programa CONTIGO
invite-whatsapp-text = Hola, quiero solicitar el acceso a USUARIO ALIADO ({ $payload })

## The console's coverage page.
console-home-coverage = Cobertura de distritos e invitaciones
console-coverage-refused = La cobertura la ven la Unidad de Acompañamiento y la supervisión. Si la necesita, pida el rol a la supervisión.
console-coverage-national = { $active } de { $districts } distritos de intervención tienen acceso activo ({ $percent } %).
console-coverage-rest = En trámite: { $process }. Vencidos o terminados: { $ended }. Sin acceso: { $without }.
console-coverage-idle = Accesos activos sin uso: { $d30 } desde hace 30 días o más, { $d60 } desde 60, { $d90 } desde 90.
console-coverage-districts = Distritos de { $region }
console-coverage-pick-region = Elija una región para ver sus distritos.
console-coverage-as-of = Datos del padrón al { $date }.
console-coverage-invite-hint = Para invitar a los alcaldes de los distritos sin acceso, el operador genera las cartas con: contigo-bot invite --region CÓDIGO
console-coverage-no-invitations = Aún no se ha enviado ninguna invitación.

## The chat opened from an invitation letter.
invite-district-chosen = Usted viene de la carta de invitación: su distrito es { $district }. Sigamos con los datos del alcalde y del responsable de la OMAPED.

## /cobertura in a UAC or supervisor's chat.
chat-coverage-refused = La cobertura la ven la Unidad de Acompañamiento y la supervisión. Si la necesita, pida el rol a la supervisión.
chat-coverage-national = Cobertura al { $date }: { $active } de { $districts } distritos de intervención con acceso activo ({ $percent } %). En trámite: { $process }. Sin acceso o vencido: { $without }. Activos sin uso 30 días o más: { $idle }.
    Por región, de menor a mayor cobertura:
chat-coverage-more = El detalle por distrito está en la consola (/consola, Cobertura).
