# Atención por un especialista de Articulación (consultas, pedidos, reclamos...).
# Trato de usted, frases cortas, y siempre decir qué hacer después.

## Aliado
menu-specialist = Hablar con especialista
ticket-offer = ¿Prefiere que le atienda una persona? Escriba /especialista y un especialista del Programa le responderá por aquí.
ticket-intro = Le comunico con un especialista de Articulación del Programa CONTIGO.
ticket-ask-category =
    ¿Qué tipo de atención necesita?
    • Consulta: una duda sobre el Programa o su trámite.
    • Pedido: solicitar algo (información, un documento, una visita).
    • Reclamo: algo que no recibió como correspondía.
    • Queja: sobre la atención de un servidor del Programa.
    • Denuncia: un hecho irregular.
    • Sugerencia: una idea para mejorar.
ticket-category-consulta = Consulta
ticket-category-pedido = Pedido
ticket-category-reclamo = Reclamo
ticket-category-queja = Queja
ticket-category-denuncia = Denuncia
ticket-category-sugerencia = Sugerencia
ticket-change-category = Cambiar el tipo
# $unit: quien recibe el caso (Category::receiving_unit): una denuncia, solo OCI.
ticket-ask-question = { $category }: escriba su mensaje en un solo texto, con los detalles que { $unit ->
    [oci] el Órgano de Control Institucional (OCI) necesite; solo OCI la leerá
   *[other] el especialista necesite
}. Después podrá enviar archivos.
ticket-category-unsure = No se preocupe: la registro como consulta, y el especialista la atenderá igual.
ticket-category-taken-as-consulta = Registro su mensaje como consulta, y el especialista lo atenderá igual.
ticket-question-first = Primero escriba su mensaje, por favor; después podrá enviar el archivo.
ticket-question-too-short = Escriba su mensaje con un poco más de detalle, por favor.
ticket-not-opened = Listo, no se registró ninguna consulta.
ticket-already-open = Ya tiene abierta la consulta { $code }. Escriba aquí lo que necesite y le llegará al especialista.
# En medio de la frase, el tipo en minúscula ($kind: el id de la categoría).
ticket-opened = Registré su { $kind ->
    [pedido] pedido
    [reclamo] reclamo
    [queja] queja
    [denuncia] denuncia
    [sugerencia] sugerencia
   *[consulta] consulta
} con el número { $code }.
ticket-timing-open = { $unit ->
    [oci] El Órgano de Control Institucional (OCI)
   *[other] Un especialista
} le responderá por aquí, a más tardar el { $due }.
ticket-timing-closed = Atendemos de lunes a viernes de 8:30 a 17:30 (hora de Lima), salvo feriados. Ahora estamos fuera de ese horario: la oficina abre el { $opens }. Le responderemos a más tardar el { $due }.
ticket-relay-hint = Todo lo que escriba o envíe aquí, también archivos, le llegará { $unit ->
    [oci] solo al Órgano de Control Institucional (OCI)
   *[other] al especialista
}. { $channel ->
    [terminal] Para terminar la consulta escriba /cancelar.
   *[other] Para terminar la consulta escriba /cancelar o toque el botón.
}
ticket-end = Terminar consulta
ticket-added = Lo agregué a su consulta { $code }. El especialista lo verá al tomarla.
ticket-contact-shared = Contacto compartido: { $phone }
ticket-unsupported = No puedo pasar audios, stickers ni ubicaciones al especialista. Escríbalo en un mensaje de texto, por favor.
ticket-in-progress = Está en la consulta { $code }: lo que escriba le llega al especialista. Para volver al asistente, termine la consulta.
ticket-file-too-large = El archivo pesa más de { $limit } MB. Envíe uno más liviano, por favor.
ticket-file-again = { $channel ->
    [terminal] No pude abrir ese archivo. Revise que la ruta esté bien escrita y envíelo de nuevo con /file RUTA.
   *[other] No pude recibir el archivo. Envíelo de nuevo, por favor.
}
ticket-closed-by-you = Cerramos su consulta { $code }. Si necesita algo más, escriba /especialista.
ticket-taken-ally = El especialista { $name } tomó su consulta { $code } y le responderá por aquí.
ticket-from-specialist = { $name } (especialista): { $text }
ticket-file-from-specialist = Archivo de { $name } (especialista), consulta { $code }
ticket-handed-ally = Su consulta { $code } pasó al especialista { $name }, que seguirá atendiéndole por aquí.
ticket-closed-ally =
    El especialista { $name } cerró su consulta { $code }.
    Respuesta: { $note }
ticket-rate-ask = ¿Cómo calificaría la atención? { $channel ->
    [terminal] Escriba un número de 1 (mala) a 5 (muy buena).
   *[other] Toque un número de 1 (mala) a 5 (muy buena), o escríbalo.
}
ticket-rate-option = { $n ->
    [1] 1 (mala)
    [5] 5 (muy buena)
   *[other] { $n }
}
ticket-ask-comment = ¡Gracias por calificar! Si quiere, escriba un comentario sobre la atención; si no, { tap } «Omitir».
ticket-comment-text-only = Escriba su comentario en un mensaje de texto, o { tap } «Omitir».
ticket-thanks = Gracias. Seguimos a su disposición.
ticket-thanks-comment = Gracias por su comentario: nos ayuda a mejorar.
ticket-already-rated = Esa consulta ya fue calificada o no está cerrada. Gracias.
ticket-resume = Sigamos con lo que estaba haciendo.

## Momentos
ticket-when = { $weekday ->
    [1] lunes
    [2] martes
    [3] miércoles
    [4] jueves
    [5] viernes
    [6] sábado
   *[7] domingo
} { $date } a las { $time }

## Especialista
staff-menu-tickets = Consultas de aliados
ticket-new-title = Nueva consulta de un aliado.
ticket-header = { $code } · { $category } · { $state } · por { $channel } · recibida el { $opened }
ticket-ally-line = Aliado: { $who } · { $place }
ticket-request-line = Solicitud { $code }: { $stage }
ticket-no-request = Sin solicitud de acceso registrada desde ese chat.
ticket-no-person = (sin nombre registrado)
ticket-no-jurisdiction = (jurisdicción no registrada)
ticket-due-line = Primera respuesta a más tardar el { $due }.
ticket-specialist-line = A cargo de: { $name }
ticket-file-line = [archivo: { $name }]
ticket-voice-line = [audio: { $name }] Transcripción automática: «{ $text }»
ticket-the-ally = Aliado
ticket-take = Tomar
ticket-view = Ver consulta
ticket-reply = Responder
ticket-from-ally = { $code } · { $who }: { $text }
ticket-file-from-ally = { $code } · archivo de { $who }
ticket-voice-transcript = { $code } · audio de { $who }, transcripción automática (puede tener errores; confirme escuchando el audio): «{ $text }»
ticket-state-open = Sin tomar
ticket-state-taken = Tomada
ticket-state-answered = Respondida
ticket-state-closed = Cerrada
ticket-home-specialist = Tiene { $mine ->
        [one] 1 consulta
       *[other] { $mine } consultas
    } a su cargo; { $waiting ->
        [one] 1 espera
       *[other] { $waiting } esperan
    } que alguien las tome.
ticket-home-supervisor = Consultas: { $open } sin tomar, { $taken ->
        [one] 1 tomada
       *[other] { $taken } tomadas
    } sin respuesta, { $answered ->
        [one] 1 respondida
       *[other] { $answered } respondidas
    }, { $closed ->
        [one] 1 cerrada
       *[other] { $closed } cerradas
    }.
ticket-home-prompt = ¿Qué desea ver? Escriba /consultas para volver aquí.
ticket-menu-mine = Mis consultas
ticket-menu-pending = Por tomar
ticket-menu-report = Reporte del mes
ticket-menu-report-previous = Mes anterior
ticket-mine-title = Sus consultas abiertas ({ $count }):
ticket-mine-empty = No tiene consultas abiertas a su cargo.
ticket-pending-title = Consultas por tomar ({ $count }):
ticket-pending-empty = No hay consultas esperando.
ticket-due-short = responder hasta el { $due }
ticket-pick = { tap-capital } una consulta para verla.
ticket-not-found = No encontré esa consulta.
ticket-already-taken = La consulta { $code } ya la tomó { $name }. Revise las que siguen por tomar.
ticket-already-closed = La consulta { $code } ya está cerrada.
ticket-inside = Está en la consulta { $code }. Lo que escriba o envíe aquí le llega al aliado. Para salir sin cerrarla escriba /salir; para cerrarla, /cerrar; para pasarla a un colega, /derivar.
ticket-close = Cerrar consulta
ticket-hand = Derivar
ticket-leave = Salir
ticket-left = Salió de la consulta; sigue a su cargo. La encuentra en «Mis consultas».
ticket-view-only = Solo lectura: esta consulta no está a su cargo.
ticket-take-to-read = Nadie la ha tomado aún. Tómela para ver quién escribe, su solicitud y sus mensajes.
ticket-not-yours = Esa consulta no está a su cargo o ya se cerró.
ticket-not-allowed = Las consultas de aliados las atienden los especialistas de Articulación y las revisa Supervisión; su rol no lo permite.
ticket-ask-resolution = Escriba la respuesta final de la consulta { $code }: el aliado la recibirá y la consulta se cerrará.
ticket-closed-staff = Cerró la consulta { $code }. El aliado puede calificar la atención.
ticket-closed-by-ally = { $who } terminó la consulta { $code }.
ticket-resolution-line = Respuesta final: { $note }
ticket-rating-line = Calificación: { $rating } de 5. { $comment }
ticket-no-colleague = No hay otro especialista registrado a quien derivarla.
ticket-ask-colleague = ¿A quién le pasa la consulta { $code }?
ticket-handed-to-you = { $from } le derivó la consulta { $code }.
ticket-handed-done = Derivó la consulta { $code } a { $name }.

## Supervisión
ticket-alert = La consulta { $code } no tiene primera respuesta y su plazo venció el { $due }. { $holder }
ticket-alert-untaken = Nadie la ha tomado.
ticket-alert-taken-by = La tomó { $name }.
ticket-nobody = sin tomar
ticket-list-title = { $state } ({ $count }), por tipo:
ticket-list-empty = No hay consultas en estado «{ $state }».
ticket-report-title = Consultas de { $month }: { $count ->
        [one] 1 recibida
       *[other] { $count } recibidas
    }.
ticket-report-line = { $category }: { $received ->
        [one] 1 recibida
       *[other] { $received } recibidas
    }, { $closed ->
        [one] 1 cerrada
       *[other] { $closed } cerradas
    }, { $in_term } de { $answered ->
        [one] 1 respondida
       *[other] { $answered } respondidas
    } en plazo, primera respuesta en { $wait } min en promedio, calificación { $rating } ({ $rated ->
        [one] 1 calificación
       *[other] { $rated } calificaciones
    }).
ticket-report-total = Total
ticket-report-caption = Reporte mensual de consultas

## Voice notes (issue #22): heard by a person, never read.
voice-heard-by-person = Las notas de voz las escucha una persona: se la paso a un especialista del Programa, que le responderá por este chat.
ticket-voice-note = (Nota de voz: escúchela en el archivo de audio que sigue.)
voice-type-answer = Las notas de voz las escucha una persona, pero este paso necesita su respuesta escrita. Escríbala, por favor (si prefiere hablar con un especialista, escriba /especialista).
