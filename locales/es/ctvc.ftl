# Casos de los Comités de Transparencia y Vigilancia Ciudadana (CTVC, DESIGN §7b).

ctvc-title = Matriz de atención de casos CTVC, oficio { $oficio }
ctvc-sheet-matrix = Matriz CTVC
ctvc-sheet-accesses = Accesos del distrito
ctvc-sheet-history = Historial de etapas
ctvc-sheet-tickets = Tickets del distrito
ctvc-sheet-usage = Uso por mes
ctvc-col-case = Caso N°
ctvc-col-oficio = N° de oficio
ctvc-col-date = Fecha del oficio
ctvc-col-ubigeo = Ubigeo
ctvc-col-district = Distrito
ctvc-col-point = Punto N°
ctvc-col-fact = Hechos (punto crítico)
ctvc-col-answer = Respuesta
ctvc-col-evidence = Evidencia
ctvc-col-actions = Acciones desarrolladas
ctvc-col-improvements = Acciones de mejora
ctvc-col-access = Código de acceso
ctvc-col-stage = Etapa actual
ctvc-col-fiscal-year = Año fiscal
ctvc-col-responsible = Responsable
ctvc-col-responsible-dni = DNI del responsable
ctvc-col-office = Oficina
ctvc-col-created = Solicitado el
ctvc-col-when = Fecha y hora
ctvc-col-from = De
ctvc-col-to = A
ctvc-col-ticket = Ticket
ctvc-col-category = Categoría
ctvc-col-ticket-state = Estado
ctvc-col-opened = Abierto el
ctvc-col-first-response = Primera respuesta
ctvc-col-wait = Tiempo hasta la primera respuesta
ctvc-col-in-term = Dentro del plazo
ctvc-col-rating = Calificación
ctvc-col-month = Mes
ctvc-founded = Fundado
ctvc-unfounded = Infundado
ctvc-unanswered = Sin respuesta aún
ctvc-yes = Sí
ctvc-no = No
ctvc-evidence-none = El sistema no registra solicitudes de acceso para este distrito.
ctvc-evidence = Acceso: { $accesses }. { $tickets ->
    [one] 1 ticket
   *[other] { $tickets } tickets
}{ $answered ->
    [0] , ninguno respondido
    [one] , 1 respondido (primera respuesta en { $minutes } min)
   *[other] , { $answered } respondidos (primera respuesta en { $minutes } min en promedio)
}. { $sessions ->
    [one] 1 ingreso
   *[other] { $sessions } ingresos
} desde { $since }. Detalle en las tablas que siguen.
