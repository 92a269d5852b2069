# Lecciones en el chat y su práctica (issue 26); la lista «por capacitar» de UAC.

ally-menu-lessons = Lecciones y más
lessons-intro = 📚 Lecciones cortas para usar bien su acceso: unos mensajes y una o dos preguntas al final.
lessons-done-line = ✓ { $title }: { $right } de { $questions } correctas
lessons-pick = Elija una lección o practique con datos de ejemplo. { choose-hint }
lessons-more = Más lecciones
lessons-practice = Práctica (ejemplo)
lessons-back-menu = Menú principal
lessons-title = 📖 { $title }
lessons-next = Continuar
lessons-leave = Salir de la lección
lessons-question = ❓ { $question }
lessons-right = ✅ ¡Correcto!
lessons-wrong = La respuesta correcta es «{ $answer }».
lessons-finished = Terminó la lección «{ $title }»: { $right } de { $questions } correctas. Queda registrada en su avance.
lessons-use-buttons = Para seguir, { tap } uno de los botones de la lección.
paused-lesson = su lección

practice-banner = 🧪 PRÁCTICA: datos de ejemplo, no son personas reales.
practice-intro = Aquí puede probar las consultas del padrón sin tocar datos reales. Elija una consulta o busque un DNI de ejemplo (00000101 al 00000106).
practice-place = el distrito de práctica
practice-ask-dni = Escriba un DNI de ejemplo, del 00000101 al 00000106.
practice-dni-none = No hay una persona de ejemplo con DNI { $dni }. En la práctica solo hay DNI de ejemplo: del 00000101 al 00000106.
practice-back = Volver a la práctica
practice-leave = Salir de la práctica

train-none = No hay accesos por capacitar: todos los accesos activos se usaron en el último mes y su personal tomó alguna lección.
train-header = Accesos por capacitar: { $count } (activos sin uso en { $days ->
        [one] 1 día
       *[other] { $days } días
    } o sin ninguna lección tomada).
train-line = • { $code }, { $place }: { $why } (lecciones: { $lessons }{ $idle ->
        [-1] , nunca usado
        [one] , 1 día sin uso
       *[other] , { $idle } días sin uso
    })
train-more = … y { $more } más. La lista completa está en la consola (/consola, Cobertura).
train-why-unused = sin uso
train-why-no-lesson = sin lecciones
train-why-both = sin uso y sin lecciones

lessons-sheet = Lecciones
lessons-col-lesson = Lección
lessons-col-started = Inicio
lessons-col-completed = Término
lessons-col-score = Puntaje

usage-page-lessons = Lecciones
usage-page-lesson = Una lección
usage-page-practice = Práctica

console-train-title = Accesos por capacitar
console-train-hint = Accesos activos sin uso en { $days ->
        [one] 1 día
       *[other] { $days } días
    } o cuyo personal no tomó ninguna lección en el chat (/lecciones). Ofrézcales una capacitación.
console-train-col-place = Jurisdicción
console-train-col-why = Motivo
console-train-col-lessons = Lecciones tomadas
console-train-never = Nunca usado
