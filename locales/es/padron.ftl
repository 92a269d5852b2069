# Aliados aprobados: vincular el chat, consultas del padrón, descargas, alertas y FAD.
# Trato de usted, frases cortas, y siempre decir qué hacer después.

menu-ally = Consultar beneficiarios

## Vincular el chat
binding-share-contact = Para consultar el padrón, confirme que usted es la persona responsable registrada en el acceso aprobado. Toque el botón «Compartir mi número» que aparece abajo. Si no lo ve, escriba /cancelar y vuelva a intentarlo.
binding-share-button = Compartir mi número
binding-contact-help = Necesito que comparta su propio número con el botón «Compartir mi número» de abajo (no escriba el número). Para dejarlo, escriba /cancelar.
binding-not-own = Ese contacto no es el suyo. Por seguridad solo acepto su propio número, compartido con el botón «Compartir mi número».
binding-no-access = El número { $phone } no figura como responsable de ningún acceso aprobado. Si su acceso ya fue aprobado, revise que sea el número que registró en la solicitud. Si su solicitud aún está en trámite, toque «Ver mi solicitud».
binding-no-access-unknown = No pude reconocer su número como un número peruano. Escriba /ayuda si necesita orientación.
binding-pick-access = Su número es responsable de más de un acceso aprobado. ¿Con cuál desea trabajar en este chat?
binding-done = ¡Listo! Este chat quedó vinculado al acceso { $code } ({ $type }: { $jurisdiction }). Desde ahora puede consultar el padrón de su jurisdicción. Toda consulta queda registrada, según la Ley 29733.
binding-terminal = En la terminal no se puede verificar un número de teléfono. Para probar las consultas, ejecute «contigo-bot demo-data»: vincula este usuario a un acceso de prueba.

## Menú de consultas
ally-menu-prompt = Consultas del padrón de { $jurisdiction }. ¿Qué desea ver? { choose-hint }
ally-national = todo el país
ally-menu-vigentes = Vigentes
ally-menu-suspendidos = Suspendidos
ally-menu-desafiliados = Desafiliados
ally-menu-cobro = Autorizaciones de cobro
ally-menu-menores = Menores sin autorización
ally-menu-solicitudes = Afiliaciones solicitadas
ally-menu-dni = Buscar por DNI
ally-menu-alert = Reportar alerta
ally-menu-fad = Actualizar datos (FAD)
ally-menu-categorias = Padrón por categoría
ally-menu-categorias-download = Descargar resumen
ally-menu-other = Otras gestiones
ally-back = Menú de consultas
ally-download = Descargar Excel
ally-lookup-another = Buscar otro DNI
ally-not-for-your-access = Esa consulta no está disponible para su tipo de acceso. Elija una de las opciones del menú, por favor.
ally-national-no-people = Su acceso (Otro Aliado) permite ver el padrón nacional por categorías, sin datos de personas. Elija una opción del menú, por favor.

## Respuestas
padron-empty = Todavía no hay datos del padrón cargados. Intente de nuevo más tarde, por favor.
padron-as-of = Datos al { $date }.
padron-as-of-late = Datos al { $date }: tienen { $days ->
        [one] 1 día hábil
       *[other] { $days } días hábiles
    } y el Programa los actualiza cada 7, así que algunos estados o pagos pueden haber cambiado.
padron-collection-header = Pago del bimestre en { $jurisdiction }:
padron-collection-none = El padrón cargado no trae el pago del bimestre.
padron-not-collected = Personas usuarias que no cobraron su pensión este bimestre en { $jurisdiction }: { $count }. Descargue la lista para ubicarlas y orientarlas.
padron-see-not-collected = Ver quiénes no cobraron
padron-list-nocobraron = no cobraron este bimestre
padron-person-history = Historial:
padron-history-autorizacion = { $date } · autorización de cobro: { $state }
padron-history-desafiliacion = { $date } · desafiliación
padron-history-pago = { $date } · pago del bimestre: { $state }
padron-history-reason = (motivo: { $reason })
padron-person-no-history = Sin historial de autorización ni de pagos en los padrones cargados.
padron-total-vigente = Usuarios vigentes en { $jurisdiction }: { $count }.
padron-total-suspendido = Usuarios suspendidos en { $jurisdiction }: { $count }.
padron-total-desafiliado = Usuarios desafiliados en { $jurisdiction }: { $count }.
padron-payments-header = Autorizaciones de cobro en { $jurisdiction }:
padron-minors = Menores de edad sin cobrador autorizado en { $jurisdiction }: { $count }. Ayúdelos a tramitar la autorización de cobro.
padron-requests = Solicitudes de afiliación en { $jurisdiction }: { $conformes ->
        [one] 1 conforme
       *[other] { $conformes } conformes
    } y { $noconformes ->
        [one] 1 no conforme
       *[other] { $noconformes } no conformes
    }. Motivos de las no conformes:
padron-no-reason = sin motivo registrado
padron-categories-header = Padrón de { $jurisdiction } por categoría:
padron-list-empty = Esa lista está vacía en su jurisdicción.
padron-list-vigentes = vigentes
padron-list-suspendidos = suspendidos
padron-list-desafiliados = desafiliados
padron-list-cobro = autorizaciones de cobro
padron-list-menores = menores sin autorización
padron-list-solicitudes = solicitudes de afiliación
padron-list-categorias = resumen por región y categoría
padron-download-caption = Lista de { $list }: { $count ->
        [one] 1 registro
       *[other] { $count } registros
    }. Datos al { $date }. Contiene datos personales protegidos por la Ley 29733: úsela solo para su labor y no la comparta.
padron-lookup-limit = Llegó al límite de { $limit ->
        [one] 1 búsqueda
       *[other] { $limit } búsquedas
    } por DNI en una hora. Podrá buscar de nuevo en { $minutes ->
        [one] 1 minuto
       *[other] unos { $minutes } minutos
    }. Mientras tanto puede usar las demás consultas.
padron-lookup-none = No encontré a una persona usuaria con DNI { $dni } en el padrón de su jurisdicción. Revise el número y escríbalo de nuevo, o { tap } «Menú de consultas».
padron-person = { $name } (DNI { $dni }), { $age ->
        [one] 1 año
       *[other] { $age } años
    }.
padron-person-status = Estado: { $status }.
padron-person-payment = Autorización de cobro: { $payment }. Cobrador: { $collector }.
padron-no-collector = ninguno
padron-person-request = Solicitud de afiliación: { $state }, del { $date }. Motivo: { $reason }.
padron-person-no-request = Sin solicitud de afiliación registrada.
padron-person-minor-warning = Es menor de edad y no tiene cobrador autorizado: ayúdele a tramitar la autorización de cobro.

padron-status-vigente = vigente
padron-status-suspendido = suspendido
padron-status-desafiliado = desafiliado
padron-payment-autorizado = autorizado
padron-payment-pendiente = pendiente
padron-payment-observado = observado
padron-payment-no-autorizado = no autorizado
padron-payment-renovado = renovado
padron-payment-revocado = revocado
padron-collection-abonado = abonado, aún sin cobrar
padron-collection-cobrado = cobrado
padron-collection-no-cobrado = no cobrado
padron-request-conforme = conforme
padron-request-no-conforme = no conforme
padron-category-continuador = Continuadores
padron-category-reincorporado = Reincorporados
padron-category-desafiliado = Desafiliados
padron-category-suspendido = Suspendidos

## Alertas y Ficha de Actualización de Datos
ally-alert-intro = Vamos a reportar una alerta sobre una persona usuaria de su distrito.
ally-fad-intro = Vamos a llenar la Ficha de Actualización de Datos (FAD) de una persona usuaria de su distrito.
ally-ask-dni = Escriba el DNI de la persona usuaria (8 dígitos). Ejemplo: 45678912
ally-report-about = Persona usuaria: { $name }.
ally-ask-alert-kind = ¿Qué desea reportar?
alert-kind-fallecimiento = Fallecimiento
alert-kind-cambio-domicilio = Cambio de domicilio
alert-kind-hospitalizacion = Hospitalización
alert-kind-otro = Otro
ally-ask-alert-description = Describa brevemente lo ocurrido, con la fecha si la sabe. Ejemplo: Falleció el 10/11/2026, según informó su hija.
ally-description-length = La descripción debe tener entre 2 y { $max } caracteres. Escríbala de nuevo, por favor.
ally-alert-done = Recibimos su alerta con el número { $number }. El equipo del Programa la revisará. Guarde el número por si necesita consultarla.
ally-ask-fad-address = ¿Cuál es la nueva dirección? Ejemplo: Jr. Los Olivos 123, Barrio Centro
ally-ask-fad-reference = ¿Alguna referencia para llegar? Ejemplo: Frente a la posta de salud
ally-ask-fad-phone = ¿Cuál es el teléfono de contacto de la persona usuaria o su familia? Ejemplo: 987654321
ally-fad-done = Recibimos la Ficha de Actualización de Datos con el número { $number }. El equipo del Programa la registrará. Guarde el número por si necesita consultarla.
