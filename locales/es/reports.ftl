# Spreadsheets and reports (issue 14): XLSX downloads, the monthly usage report, CTVC cases.

sheet-title = { $title } · Datos al { $date }
sheet-ley-29733 = Contiene datos personales protegidos por la Ley 29733, Ley de Protección de Datos Personales: úselos solo para su labor y no los comparta.

ally-download-csv = Descargar CSV
staff-report-csv = Misma lista en CSV
staff-accounts-sheet = Cuentas creadas
accounts-col-date = Fecha
accounts-col-code = Código de acceso
accounts-col-type = Tipo de acceso
accounts-col-jurisdiction = Jurisdicción
accounts-col-responsible = Responsable
accounts-col-dni = DNI del responsable
accounts-col-email = Correo
accounts-col-phone = Celular

## The monthly usage report (seed 003): one row per ally access.
usage-title = Reporte de uso de aliados, { $month }
usage-sheet-governments = Gobiernos Locales y Regionales
usage-sheet-others = Otros Aliados
usage-sheet-regions = Ingresos por región
usage-sheet-exits = Salidas por menú
usage-chart-title = Ingresos por región
usage-others-row = Otros aliados (nacional)
usage-col-code = Código de acceso
usage-col-type = Tipo de acceso
usage-col-entity = Entidad
usage-col-ubigeo = Ubigeo
usage-col-region = Región
usage-col-province = Provincia
usage-col-district = Distrito
usage-col-sessions = Número de ingresos
usage-col-downloads = Número de descargas realizadas
usage-col-vigentes = Usos del botón total de usuarios vigentes
usage-col-suspendidos = Usos del botón total de suspendidos
usage-col-desafiliados = Usos del botón total de desafiliados
usage-col-menores = Usos del botón menores sin autorización
usage-col-requests = Total de solicitudes remitidas
usage-col-last = Fecha y hora de última conexión
usage-col-average = Promedio de tiempo (h:mm:ss)
usage-col-views = Vistas de página
usage-col-unique = Vistas de página únicas
usage-col-bounce = Porcentaje de rebote
usage-col-exit = Porcentaje de salidas
usage-col-page = Menú o consulta
usage-col-exits = Sesiones que terminaron aquí
usage-col-exit-share = Porcentaje de las sesiones
usage-notice = Reporte mensual de uso de la aplicación por los aliados, { $month }: { $count ->
        [one] 1 acceso
       *[other] { $count } accesos
    }. Va adjunto en Excel (una hoja por matriz y un gráfico de ingresos por región).

# Nombres de los archivos descargados (sin extensión; solo letras, números y guiones).
file-name-stages = etapas-{ $date }
file-name-tickets = consultas-{ $month }
file-name-usage = uso-{ $month }
file-name-ctvc-matrix = matriz-ctvc-{ $oficio }

## The monthly tickets report (reports::tickets_document): a sheet by category, a sheet of the knowledge base.
ticket-sheet-categories = Consultas por categoría
ticket-col-category = Categoría
ticket-col-received = Recibidas
ticket-col-closed = Cerradas
ticket-col-answered = Respondidas
ticket-col-in-term = Respondidas en plazo
ticket-col-wait-avg = Primera respuesta: promedio (minutos)
ticket-col-wait-max = Primera respuesta: máximo (minutos)
ticket-col-rated = Calificadas
ticket-col-rating = Calificación promedio
kb-sheet = Preguntas frecuentes
kb-col-measure = Medida
kb-col-count = Cantidad
kb-questions-asked = Preguntas escritas
kb-answered = Respondidas por una entrada
kb-answered-without-person = Respondidas sin una persona
kb-answered-then-person = Respondidas que igual pidieron una persona
kb-said-it-helped = Dijeron que les sirvió
kb-closest-offered-none-picked = Se ofrecieron las más parecidas y no eligió ninguna
kb-no-answer = Sin respuesta
kb-unanswered-to-person = Sin respuesta y pasadas a una persona
kb-entries-opened-from-menu = Entradas abiertas desde el menú
# `report kb`: the questions without answer and the specialists' answers.
kb-col-kind = Tipo
kb-col-date = Fecha
kb-col-channel = Canal
kb-col-question = Pregunta
kb-col-entry = Entrada
kb-col-ticket = Consulta
kb-col-specialist-answer = Respuesta del especialista
kb-col-resolution = Resolución
kb-kind-specialist = Respondida por un especialista ({ $category })

## The pages of the usage report's "Salidas por menú" (what the bot showed last).
usage-page-menu = Menú principal
usage-page-descarga = Descarga de una lista
usage-page-otro = Otras respuestas
usage-page-vigentes = Usuarios vigentes
usage-page-suspendidos = Suspendidos
usage-page-desafiliados = Desafiliados
usage-page-menores = Menores sin autorización
usage-page-cobro = Estado de cobro
usage-page-solicitudes = Solicitudes
usage-page-categorias = Categorías
usage-page-dni = Consulta por DNI
usage-page-alert = Alerta
usage-page-fad = Actualización de datos (FAD)
## La exportación de solicitudes de UAC (services::requests_export).
export-title = Solicitudes de acceso
export-sheet = Solicitudes
export-col-code = Código
export-col-type = Tipo de acceso
export-col-kind = Tipo de solicitud
export-col-region = Región
export-col-province = Provincia
export-col-district = Distrito o entidad
export-col-stage = Etapa
export-col-filed = Fecha de registro
export-col-ddc = DDC firmada recibida
export-col-active = Acceso activo desde
export-col-due = Plazo de la etapa
export-col-overdue = Plazo vencido
export-col-stays = Etapas con plazo
export-col-in-term = Atendidas en plazo
export-col-resp-dni = DNI del responsable
export-kind-new = Nueva
export-kind-renewal = Renovación
export-kind-modification = Cambio de responsable
export-yes = Sí
export-no = No
