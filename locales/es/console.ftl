## The staff console (browser) and the chat's /consola command.

console-link = Su enlace a la consola web, válido { $minutes ->
        [one] 1 minuto
       *[other] { $minutes } minutos
    } y una sola vez:
    { $link }
    Ábralo en la computadora o tableta donde trabaja. Si vence, escriba /consola otra vez.
console-link-limit = Ya pidió { $max ->
        [one] 1 enlace
       *[other] { $max } enlaces
    } a la consola en la última hora. Use el último que recibió, o espere un poco y escriba /consola otra vez.
console-not-configured = La consola web aún no está configurada en este servidor. Puede seguir revisando aquí con /bandeja.

console-title = Consola CONTIGO
console-skip = Ir al contenido
console-logout = Cerrar sesión
console-back-to-desk = Volver a la bandeja
console-error-heading = Algo falló
console-error = Algo falló de nuestro lado y no se cambió nada. Intente de nuevo en un momento.

console-login-heading = Entrar a la consola
console-login-intro = Este enlace es de un solo uso: al entrar, se abre su sesión en este navegador.
console-login-button = Entrar
console-login-noscript = Para entrar, active JavaScript en este navegador: el código del enlace lo lee la página, nunca viaja en la dirección.
console-link-spent-heading = Enlace vencido
console-link-spent = Este enlace ya no sirve: se usó o pasaron más de 10 minutos. Escriba /consola en su chat con el bot para recibir uno nuevo.
console-need-login-heading = Inicie sesión
console-need-login = Su sesión terminó o aún no ha entrado. Escriba /consola en su chat con el bot para recibir un enlace.
console-logged-out-heading = Sesión cerrada
console-logged-out = Cerró su sesión. Para volver, escriba /consola en su chat con el bot.
console-csrf-heading = Formulario vencido
console-csrf = Este formulario venció y no se cambió nada. Vuelva a la bandeja, abra la solicitud e inténtelo de nuevo.

console-desk-heading = Bandeja de revisión
console-desk-caption = Solicitudes de sus etapas, la de plazo más antiguo primero
console-desk-count = { $count ->
    [one] 1 solicitud
   *[other] { $count } solicitudes
}
console-desk-empty = No hay solicitudes con esos filtros.
console-no-stages = Sus roles no revisan solicitudes, así que su bandeja está vacía.
console-filters = Filtros
console-filter-stage = Etapa
console-filter-type = Tipo de acceso
console-filter-region = Región
console-filter-code = Código de solicitud
console-filter-all = Todas
console-filter-apply = Filtrar
console-filter-clear = Quitar filtros
console-code-invalid = «{ $code }» no es un código de solicitud. Escríbalo así: CTG-2026-000123.
console-col-code = Código
console-col-type = Tipo
console-col-jurisdiction = Jurisdicción
console-col-stage = Etapa
console-col-due = Plazo
console-overdue = Vencida
console-due-none = sin plazo
console-due = vence el { $date }

console-request-heading = Solicitud { $code }
console-stage-now = Etapa: { $stage }
console-section-data = Datos de la solicitud
console-section-jne = Verificación con el JNE
console-section-documents = Documentos firmados
console-section-actions = Acciones
console-section-history = Historial
console-ddc-frame = DDC firmada de { $code }
console-designation-frame = Documento de designación de { $code }
console-open-document = { $pages ->
    [one] Abrir en otra pestaña (1 página)
   *[other] Abrir en otra pestaña ({ $pages } páginas)
}
console-reason-listed = Motivo de la lista
console-reason-none = (elija un motivo)
console-reason-typed = U otro motivo, escrito por usted
console-suspend-until = Hasta (opcional; sin fecha, se restablece a mano cuando se cumpla la condición)
console-note-required = Nota (obligatoria, el solicitante la leerá)
console-note-optional = Nota (opcional)
console-note-missing = Falta el motivo: elija uno de la lista o escriba al menos 3 caracteres. No se cambió nada.
console-stale-form = Ese formulario ya no corresponde a la solicitud. Revise la solicitud e inténtelo de nuevo.
console-view-only = Puede ver esta solicitud, pero su etapa actual no la mueve ninguno de sus roles.
console-hist-when = Fecha
console-hist-who = Quién
console-hist-from = De
console-hist-to = A
console-hist-note = Nota
console-actor-applicant = Solicitante
console-actor-system = Sistema (plazos)
console-not-found-heading = No encontrada
console-not-found = No encontré esa solicitud. Vuelva a la bandeja y elíjala de la lista.
console-refused-heading = Sin acceso
console-accounts-heading = Cuentas creadas
console-accounts-periods = Periodo
console-accounts-download = Descargar la lista:
console-accounts-refused = La lista de cuentas creadas es para UTI, UAC y supervisión.
console-refused = Esa solicitud no está en una etapa que trabajen sus roles, así que no puedo mostrarle sus datos. Vuelva a su bandeja.

console-nav = Secciones
console-supervision-heading = Supervisión
console-supervision-caption = Solicitudes por etapa, vencidas y tiempo en cada etapa
console-supervision-refused = La vista de supervisión es solo para quienes tienen el rol de supervisión. Vuelva a su bandeja.
console-sup-waiting = En espera
console-sup-overdue = Vencidas
console-sup-term = Plazo
console-sup-median = Mediana
console-sup-p90 = Percentil 90
console-sup-stays = Pasos medidos
console-days = { $count ->
    [one] 1 día hábil
   *[other] { $count } días hábiles
}
console-chart-title = Tiempo en cada etapa frente a su plazo (días hábiles)
console-chart-caption = Barra oscura: mediana; barra clara: percentil 90; línea roja: plazo de la etapa. Solo cuenta las solicitudes que ya salieron de la etapa.
console-chart-median = Mediana
console-chart-p90 = Percentil 90
console-chart-term = Plazo
console-chart-no-data = sin datos aún

## Tickets inbox
console-nav-tickets = Consultas
console-tickets-heading = Consultas de aliados
console-tickets-refused = Las consultas de aliados las atienden los especialistas y las revisa Supervisión; su rol no lo permite. Vuelva a su bandeja.
console-tickets-mine = { $count ->
    [0] A su cargo
    [one] A su cargo (1)
   *[other] A su cargo ({ $count })
}
console-tickets-waiting = { $count ->
    [0] Por tomar
    [one] Por tomar (1)
   *[other] Por tomar ({ $count })
}
console-tickets-others = { $count ->
    [0] En atención por otros especialistas
    [one] En atención por otros especialistas (1)
   *[other] En atención por otros especialistas ({ $count })
}
console-tickets-others-empty = Ningún otro especialista tiene consultas abiertas.
console-col-ticket = Consulta
console-col-category = Tipo
console-col-ally = Aliado
console-col-state = Estado
console-col-first-answer = Primera respuesta
console-col-holder = A cargo
console-ally-hidden = (se ve al tomarla)
console-back-to-tickets = Volver a las consultas
console-ticket-heading = Consulta { $code }
console-ticket-due = primera respuesta hasta el { $due }
console-ticket-context = Aliado y contexto
console-ticket-conversation = Conversación
console-ticket-file = Archivo: { $name }
console-ticket-transcript = Transcripción automática (puede tener errores; escuche el audio):
console-refresh = Actualizar la conversación
console-reply-label = Su respuesta (le llega al aliado en su chat)
console-reply-sent = Respuesta enviada al chat del aliado.
console-reply-file = Archivo para el aliado (opcional, hasta { $limit } MB)
console-reply-empty = Escriba su respuesta antes de enviarla. No se envió nada.
console-text-too-long = El texto pasa de { $max ->
    [one] 1 carácter
   *[other] { $max } caracteres
}. Acórtelo o envíelo en dos partes; no se envió nada.
console-close-note = Respuesta final (el aliado la leerá; al menos 3 caracteres)
console-hand-to = Derivar a
console-hand-choose = (elija un especialista)
console-derive-choose = (elija una unidad)
console-hand-pick = Elija de la lista a quién derivar la consulta. No se cambió nada.
console-ticket-taken = Tomó la consulta { $code }. El aliado ya sabe que usted le responderá.

## Supervision: tickets, usage, downloads
console-month = Mes
console-month-show = Ver mes
console-month-invalid-heading = Mes no válido
console-month-invalid-download = «{ $month }» no es un mes pasado ni el actual, y no se descargó nada. Escríbalo así: 2026-11.
console-month-invalid = «{ $month }» no es un mes pasado ni el actual. Escríbalo así: 2026-11. Le muestro el mes actual.
console-stages-heading = Solicitudes por etapa
console-stages-short = solicitudes por etapa
console-downloads = Descargas
console-download = Descargar { $what } ({ $format })
console-download-unknown = No hay un reporte con ese nombre. Use los enlaces de la vista de supervisión.
console-sup-tickets-heading = Consultas recibidas en { $month }
console-sup-tickets-short = consultas del mes
console-sup-received = Recibidas
console-sup-answered = Respondidas
console-sup-in-term = En plazo
console-sup-first-avg = Primera respuesta, promedio
console-sup-first-max = Primera respuesta, máxima
console-sup-closed = Cerradas
console-sup-rating = Calificación
console-minutes = { $count ->
    [one] 1 minuto
   *[other] { $count } minutos
}
console-rating = { $rating } de 5 ({ $count ->
    [one] 1 calificación
   *[other] { $count } calificaciones
})
console-sup-usage-heading = Uso de los aliados en { $month }
console-sup-usage-short = reporte de uso del mes
console-sup-usage-summary = { $accesses ->
    [0] Ningún acceso activo en el mes.
    [one] 1 acceso activo, { $sessions ->
        [one] 1 ingreso
       *[other] { $sessions } ingresos
    } en total; los más usados primero.
   *[other] { $accesses } accesos activos, { $sessions ->
        [one] 1 ingreso
       *[other] { $sessions } ingresos
    } en total; los más usados primero.
}
console-sup-sessions = Ingresos
console-sup-downloads = Descargas
console-sup-views = Vistas
console-sup-last = Última conexión
stages-sheet = Etapas
stages-col-stage = Etapa
stages-col-waiting = En espera
stages-col-overdue = Vencidas
stages-col-term = Plazo (días hábiles)
stages-col-median = Mediana (días hábiles)
stages-col-p90 = Percentil 90 (días hábiles)
stages-col-stays = Pasos medidos

## CTVC cases
console-nav-ctvc = Casos CTVC
console-ctvc-heading = Casos de los Comités de Transparencia (CTVC)
console-ctvc-intro = Registre cada caso de un oficio con sus puntos críticos, responda cada punto y descargue la matriz para la respuesta.
console-ctvc-refused = Los casos CTVC los atiende UAC y los revisa Supervisión; su rol no lo permite. Vuelva a su bandeja.
console-ctvc-cases = { $count ->
    [0] Casos registrados
    [one] Casos registrados (1)
   *[other] Casos registrados ({ $count })
}
console-ctvc-none = Aún no hay casos registrados.
console-ctvc-progress = Puntos respondidos
console-ctvc-answered-of = { $count ->
    [one] { $answered } de 1 punto respondido
   *[other] { $answered } de { $count } puntos respondidos
}
console-ctvc-matrix = Matriz de atención
console-ctvc-format = Formato
console-ctvc-download = Descargar la matriz
console-ctvc-new = Registrar un caso
console-ctvc-ubigeo = Ubigeo del distrito (6 dígitos)
console-ctvc-points = Puntos críticos (hechos), uno por línea
console-ctvc-register = Registrar caso
console-ctvc-case-invalid = Escriba el número de caso (por ejemplo, 1 o 2026-01). No se registró nada.
console-ctvc-oficio-invalid = Escriba el número de oficio, con sus dígitos (por ejemplo, 045-2026-CTVC). No se registró nada.
console-ctvc-date-invalid = Escriba la fecha del oficio (no puede ser futura). No se registró nada.
console-ctvc-ubigeo-invalid = El ubigeo debe ser el de un distrito del INEI, con 6 dígitos (por ejemplo, 090101). No se registró nada.
console-ctvc-points-invalid = Escriba al menos un punto crítico, uno por línea y de hasta 1000 caracteres cada uno. No se registró nada.
console-ctvc-exists = El caso { $case } ya está registrado. Ábralo en la lista para responder sus puntos.
console-ctvc-registered = Registró el caso { $case } con { $count ->
    [one] 1 punto crítico
   *[other] { $count } puntos críticos
}. Responda cada uno abajo.
console-ctvc-not-found = No encontré ese caso. Vuelva a la lista de casos CTVC.
console-back-to-ctvc = Volver a los casos CTVC
console-ctvc-case-heading = Caso { $case }
console-ctvc-point = Punto { $point }
console-ctvc-save-answer = Guardar respuesta del punto { $point }
console-ctvc-answer-invalid = Para responder el punto { $point }, elija fundado o infundado y escriba las acciones desarrolladas y las de mejora. No se guardó nada.
console-ctvc-answered = Guardó la respuesta del punto { $point }.
console-ctvc-no-point = Ese caso no tiene punto { $point }: sus puntos van del 1 al { $count }.
console-ctvc-no-oficio = No hay casos registrados con ese oficio. Elíjalo de la lista.
console-ctvc-format-invalid = Elija el formato de la matriz: XLSX, PDF o CSV.

## Language before login
console-language = Idioma
console-language-name = Español

## Auditoría de lecturas de datos personales (/console/audit).
console-audit-heading = Auditoría de datos personales
console-audit-intro = Quién leyó los datos de una persona (por su DNI), o qué leyó un acceso en un mes. Cada consulta de esta página queda registrada (Ley 29733).
console-audit-refused = Esta página es de la persona Oficial de Protección de Datos y de Supervisión.
console-audit-dni = DNI de la persona
console-audit-from = Desde
console-audit-to = Hasta
console-audit-code = Código del acceso
console-audit-month = Mes
console-audit-search = Consultar
console-audit-count = { $count ->
    [one] 1 lectura.
   *[other] { $count } lecturas.
}
console-audit-letter = Respuesta a la persona titular (PDF)
console-export-requests = Descargar las solicitudes
console-export-unknown = No existe ese archivo: use requests.xlsx o requests.csv.
console-export-refused = La exportación de solicitudes es de la UAC y de Supervisión.
console-authority-changes = { $count ->
    [one] 1 acceso con otra autoridad según el JNE
   *[other] { $count } accesos con otra autoridad según el JNE
}
console-authority-change = la lista del JNE nombra a { $names }; la DDC firmada por la nueva autoridad vence el { $due }
## Error pages, Post/Redirect/Get and the home by role (issue 21)
console-back-to-console = Ir a la consola
console-page-not-found = Esa dirección no existe en la consola. Vuelva a su inicio y elija desde allí.
console-method-heading = Dirección solo para formularios
console-method = Esa dirección solo recibe formularios enviados desde la consola, no se abre directamente. Vuelva a su inicio.
console-form-spent = Ese formulario ya se había enviado: no se cambió nada esta vez. Aquí está el resultado.
console-home-heading = Inicio
console-home-caption = Sus roles trabajan en estas secciones:
console-home-desk = Bandeja de revisión: solicitudes de sus etapas
console-home-tickets = Tickets: consultas de los aliados
console-home-ctvc = Casos CTVC: comités de transparencia
console-home-supervisor = Supervisión: conteos, vencidas y tiempos
console-form-stale = Esa página estuvo abierta más de un día: no se cambió nada. Aquí está de nuevo; repita lo que iba a hacer.
## Uploads over the limit (issue 21)
console-too-large-heading = Archivo muy pesado
console-form-unread = No recibimos el formulario completo: no se cambió nada. Vuelva a enviarlo, por favor.
