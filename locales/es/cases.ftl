# Casos derivados a unidades (issue 25): consultas, pedidos, reclamos, quejas,
# denuncias y sugerencias, y las alertas y FAD de los aliados. Trato de usted.

ticket-state-derived = Derivada a una unidad, por tomar
ticket-state-investigating = En investigación

## Aliado
case-derived-ally =
    { $name } derivó su caso { $code } { $role ->
        [oci] al
       *[other] a la
    } { $unit }, que es la unidad que puede resolverlo. Conserva su conversación y sus archivos.
    Le responderán por aquí a más tardar el { $due }. Para saber cómo va, escriba { $code }.
case-ally-expected = Lo atiende la { $unit }; le responderán a más tardar el { $due }. Para saber cómo va, escriba { $number }.
case-ally-resolved =
    La { -uot } atendió su reporte { $number }: { $outcome }
    Nota: { $note }
case-outcome-updated = Actualizado en el padrón
case-outcome-not-applicable = No corresponde
case-state-received = Recibido, en atención
case-state-resolved = Atendido
case-status = { $role ->
        [oci] Su caso { $number }: { $state }. Lo tiene el { $unit }.
       *[other] Su caso { $number }: { $state }. Lo tiene la { $unit }.
    }
case-status-due = Fecha prevista de respuesta: { $due }.
case-status-note = Respuesta: { $note }
case-not-found = No encontré un caso { $number } enviado desde su acceso. Revise el número, por favor: está en el mensaje en que lo registramos.

## Personal
# $role: la unidad (oci es «el Órgano», las demás «la Unidad»).
case-derived-title = Caso derivado { $role ->
    [oci] al
   *[other] a la
} { $unit }
case-derive-to = { $role ->
    [oci] Al
   *[other] A la
} { $unit }
case-derived-done = Derivó { $code } { $role ->
    [oci] al
   *[other] a la
} { $unit }. Le avisamos al aliado y a la unidad.
case-unit-line = Unidad: { $unit } · resolver hasta el { $due }
# A los miembros de UOT, cuando un aliado envía una alerta o una FAD.
case-ally-new-unit = Nuevo caso de un aliado: { $number }, a resolver hasta el { $due }. Véalo en «Alertas y FAD».
case-overdue-unit = El caso { $number } { $role ->
    [oci] del
   *[other] de la
} { $unit } pasó su plazo de resolución ({ $due }). Atiéndalo hoy, por favor.
case-digest-title = { $count ->
        [one] 1 caso pasó su plazo de resolución:
       *[other] { $count } casos pasaron su plazo de resolución:
    }
case-digest-line =   { $number } · vencía el { $due }
case-ally-uot-only = Las alertas y FAD las resuelve la { -uot }. Usted puede verlas, no cerrarlas.
case-ally-ask-outcome = ¿Cómo quedó? Elija el resultado; luego escriba una nota para el aliado.
case-due-short = resolver hasta el { $due }

## Consola
console-derive-heading = Derivar a otra unidad
console-derive-to = Unidad
console-derive-pick = Elija la unidad a la que deriva el caso.
console-case-resolve-by = Resolver hasta el { $due }
console-col-unit = Unidad
console-filter = Filtrar

## Reporte de consultas
ticket-col-resolved-in-term = Resueltas en plazo
ticket-col-resolution-avg = Resolución: promedio (horas)
ticket-col-resolution-max = Resolución: máximo (horas)
ticket-sheet-derivations = Derivaciones por unidad
ticket-col-unit = Unidad
ticket-col-derived = Derivadas
ticket-col-derived-closed = De ellas cerradas

-uot = Unidad de Operaciones y Transferencias (UOT)

## El caso a la vista: un botón en cada aviso que nombra un caso, el número escrito
## dentro de una consulta abierta, y quién lo atiende dicho por su unidad.
case-see = Ver caso
case-status-in-ticket = Eso no se lo pasé a quien atiende su consulta { $code }: le mostré cómo va el caso. Lo demás que escriba sí le llega.
ticket-taken-ally-unit = { $role ->
        [oci] { $name }, del { $unit }, tomó su consulta { $code } y le responderá por aquí.
       *[other] { $name }, de la { $unit }, tomó su consulta { $code } y le responderá por aquí.
    }
ticket-handed-ally-unit = { $role ->
        [oci] Su consulta { $code } pasó a { $name }, del { $unit }, que seguirá atendiéndole por aquí.
       *[other] Su consulta { $code } pasó a { $name }, de la { $unit }, que seguirá atendiéndole por aquí.
    }
ticket-from-specialist-unit = { $name }, { $unit }: { $text }
ticket-file-from-specialist-unit = Archivo de { $name }, { $unit }, consulta { $code }
ticket-closed-ally-unit =
    { $role ->
        [oci] { $name }, del { $unit }, cerró su consulta { $code }.
       *[other] { $name }, de la { $unit }, cerró su consulta { $code }.
    }
    Respuesta: { $note }

## Una denuncia leída por Supervisión: lo que dice, nunca quién la envió.
case-content-header = { $code } · { $category } · { $state } · recibida el { $opened }
case-content-sender-hidden = Quién la envió, desde dónde y su solicitud solo los conoce el { role-oci }.
case-content-sender = Remitente

## Consola: la cola de alertas y FAD de la UOT
console-nav-cases = Alertas y FAD
console-home-cases = Alertas y FAD de los aliados
console-cases-heading = Alertas y FAD de los aliados
console-cases-intro-uot = Abra cada una, revise el padrón y resuélvala: el aliado recibe el resultado y su nota en el chat desde el que la envió.
console-cases-intro-read = Las resuelve la { -uot }; usted puede verlas, no cerrarlas.
console-cases-open = { $count ->
        [0] Ninguna pendiente
        [one] 1 pendiente
       *[other] { $count } pendientes
    }
console-cases-col-number = Número
console-cases-col-kind = Tipo
console-cases-col-received = Recibida
console-cases-col-term = Plazo
console-cases-kind-alert = Alerta: { $kind }
console-cases-kind-fad = Actualización de datos (FAD)
console-cases-back = Volver a las alertas y FAD
console-cases-case-heading = Caso { $number }
console-cases-access = Acceso
console-cases-dni = DNI del usuario
console-cases-description = Lo que informó el aliado
console-cases-address = Nueva dirección
console-cases-reference = Referencia
console-cases-phone = Teléfono de contacto
console-cases-closed = Resuelto
console-cases-note = Nota para el aliado
console-cases-resolve = Resolver
console-cases-note-label = Nota para el aliado (la recibe en su chat)
console-cases-pick-outcome = Elija el resultado: actualizado en el padrón, o no corresponde.
console-cases-resolved = Resolvió { $number }. Le avisamos al aliado en su chat.
console-cases-not-found = No encontramos esa alerta o FAD. Vuelva a la lista y ábrala desde allí.
console-cases-refused = Las alertas y FAD las resuelve la { -uot } y las revisan UAC y Supervisión; su rol no lo permite. Vuelva a su bandeja.
