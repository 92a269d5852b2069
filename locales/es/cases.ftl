# Casos derivados a unidades (issue 25): consultas, pedidos, reclamos, quejas,
# denuncias y sugerencias, y las alertas y FAD de los aliados. Trato de usted.

ticket-state-derived = Derivada a una unidad, por tomar
ticket-state-investigating = En investigación

## Aliado
case-derived-ally =
    { $name } derivó su caso { $code } a la { $unit }, que es la unidad que puede resolverlo. Conserva su conversación y sus archivos.
    Le responderán por aquí a más tardar el { $due }. Para saber cómo va, escriba { $code }.
case-ally-expected = Lo atiende la { $unit }; le responderán a más tardar el { $due }. Para saber cómo va, escriba { $number }.
case-ally-resolved =
    La { -uot } atendió su reporte { $number }: { $outcome }
    Nota: { $note }
case-outcome-updated = Actualizado en el padrón
case-outcome-not-applicable = No corresponde
case-state-received = Recibido, en atención
case-state-resolved = Atendido
case-status = Su caso { $number }: { $state }. Lo tiene la { $unit }.
case-status-due = Fecha prevista de respuesta: { $due }.
case-status-note = Respuesta: { $note }
case-not-found = No encontré un caso { $number } enviado desde su acceso. Revise el número, por favor: está en el mensaje en que lo registramos.

## Personal
case-derived-title = Caso derivado a la { $unit }
case-derive-to = A la { $unit }
case-derived-done = Derivó { $code } a la { $unit }. Le avisamos al aliado y a la unidad.
case-unit-line = Unidad: { $unit } · resolver hasta el { $due }
case-overdue-unit = El caso { $number } de la { $unit } pasó su plazo de resolución ({ $due }). Atiéndalo hoy, por favor.
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
