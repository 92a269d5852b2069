## El registro de lecturas de datos personales (Ley 29733), leído por la persona
## Oficial de Protección de Datos, Supervisión o el operador (services::audit).

audit-dni-title = Lecturas de los datos de la persona con DNI { $dni }
audit-access-title = Lecturas de datos personales del acceso { $code } · { $month }
audit-sheet = Lecturas
audit-col-at = Fecha y hora
audit-col-entity = Entidad
audit-col-access = Acceso
audit-col-who = Quién
audit-col-channel = Canal
audit-col-action = Acción
audit-col-what = Detalle
audit-col-person = DNI consultado
audit-col-rows = Filas
audit-program = Programa CONTIGO · { $unit }
audit-program-staff = Programa CONTIGO · personal
audit-operator = Programa CONTIGO · operador del sistema
audit-entity-unknown = Acceso { $code }
audit-action-query = Consulta de totales
audit-action-lookup = Consulta por DNI
audit-action-download = Descarga de una lista
audit-action-review = Revisión de una solicitud de acceso
audit-action-report = Reporte
audit-action-audit = Consulta de este registro
audit-no-access = No hay un acceso con el código { $code }.
audit-period = Periodo: del { $from } al { $to }

## La respuesta a la persona titular de los datos: una página en castellano.
audit-letter-title = Registro de accesos a sus datos personales
audit-letter-holder = Persona titular de los datos: DNI { $dni }
audit-letter-issued = Emitido el { $date } por el Programa Nacional de Entrega de la Pensión No Contributiva a Personas con Discapacidad Severa en Situación de Pobreza, CONTIGO, en respuesta a su solicitud de acceso (Ley N° 29733, Ley de Protección de Datos Personales, y su Reglamento, D.S. N° 016-2024-JUS).
audit-letter-count = { $count ->
    [0] En ese periodo ninguna entidad leyó sus datos personales por medio de este sistema.
    [one] En ese periodo sus datos personales fueron leídos 1 vez, como se detalla.
   *[other] En ese periodo sus datos personales fueron leídos { $count } veces, como se detalla.
}
audit-letter-sheet = Quién leyó sus datos y para qué
audit-letter-col-entity = Entidad
audit-letter-col-purpose = Para qué
audit-letter-col-times = Veces
audit-letter-col-first = Primera vez
audit-letter-col-last = Última vez
audit-letter-more = { $count ->
    [one] Y 1 lectura más, de otras entidades o para otros fines; el detalle completo está a su disposición en el Programa.
   *[other] Y { $count } lecturas más, de otras entidades o para otros fines; el detalle completo está a su disposición en el Programa.
}
audit-letter-rights = Puede ejercer sus derechos de acceso, rectificación, cancelación y oposición ante el Programa CONTIGO. Este documento no contiene datos de otras personas.

# What a record's codes say, as the audit shows them.
audit-channel-telegram = Telegram
audit-channel-whatsapp = WhatsApp
audit-channel-terminal = Terminal
audit-channel-console = Consola
audit-channel-cli = Línea de comandos
audit-channel-webapp = Mini App
audit-what-request = Solicitud
audit-what-signed-ddc = DDC firmada
audit-what-designation = Documento de designación
audit-what-accounts-created = Cuentas creadas
audit-what-ticket-overdue-alert = Aviso de consulta vencida
audit-what-ticket-message = Mensaje de una consulta
audit-what-ticket-context = Datos de una consulta
audit-what-ticket-closed = Consulta cerrada
audit-what-ctvc-matrix = Matriz del CTVC
audit-what-ally-reports = Alertas y FAD del aliado
audit-what-alerts = Alertas
audit-what-access = Acceso
audit-what-audit = Auditoría
audit-what-lookup = Búsqueda por DNI
audit-what-query = Consulta del padrón
audit-what-download = Descarga
audit-what-report = Reporte
audit-what-review = Revisión
audit-what-denuncia = Denuncia (remitente reservado a OCI)
