# Preguntas frecuentes: respuestas de la base de conocimiento (locales/kb/) y guías
# paso a paso, en el chat, a cualquier hora.

menu-faq = Preguntas frecuentes
faq-intro = Escriba su pregunta con sus propias palabras, por ejemplo: «¿cuánto demora la evaluación?». O elija un tema. { choose-hint }
faq-topic-pension = La pensión
faq-topic-cobro = Cobro y autorización
faq-topic-aliado = Acceso USUARIO ALIADO
faq-topic-ddc = La DDC
faq-topic-padron = Padrón, alertas y FAD
faq-topic-plazos = Plazos y observaciones
faq-topic-atencion = Contacto y atención
faq-guides = ¿Cómo…? Paso a paso
faq-guides-prompt = Guías paso a paso. ¿Cuál desea ver? { choose-hint }
faq-topic-prompt = { $topic }: elija una pregunta o escriba la suya. { choose-hint }
faq-back = Volver a los temas
faq-answer =
    { $title }

    { $body }

    Fuente: { $source }
faq-helped = ¿Le sirvió?
faq-yes = Sí
faq-no = No, un especialista
faq-thanks = ¡Qué bueno! Si tiene otra pregunta, escríbala cuando quiera.
faq-unclear = No estoy seguro de qué necesita. ¿Se refiere a alguna de estas preguntas? Si no es ninguna, escriba su pregunta de otra forma o toque «Ninguna de estas» y se la paso a un especialista.
faq-none-of-these = Ninguna de estas
faq-nothing = No encontré una respuesta para «{ $question }». Puedo pasar su pregunta a un especialista del Programa, que le responderá por este chat.
faq-to-person = Pasar a especialista
faq-main-menu = Menú principal
faq-guide-step =
    Paso { $step } de { $total }

    { $text }
faq-next = Siguiente
faq-guide-done = Terminó la guía «{ $title }». Fuente: { $source }
faq-entry-gone = Esa respuesta ya no está disponible. Escriba su pregunta de nuevo, por favor.
faq-person-browsed = Leí «{ $title }» en las preguntas frecuentes y necesito más ayuda.
faq-to-ticket = Paso su pregunta a un especialista del Programa.
faq-person-already = Esa pregunta ya la pasamos a un especialista, en el ticket { $code }. Si necesita algo más, escriba /especialista.
ticket-report-kb = Preguntas frecuentes: { $answered ->
        [one] 1 pregunta respondida
       *[other] { $answered } preguntas respondidas
    } sin una persona; { $person ->
        [one] 1 pidió
       *[other] { $person } pidieron
    } un especialista después de la respuesta; { $unanswered ->
        [one] 1 pregunta quedó
       *[other] { $unanswered } preguntas quedaron
    } sin respuesta (contigo-bot report kb).
