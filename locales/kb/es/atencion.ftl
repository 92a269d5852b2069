# Base de conocimiento: cómo comunicarse con el Programa.

faq-contacto = La forma más rápida es este mismo chat: escriba /especialista y un especialista del Programa le responde aquí, con su caso a la vista. También puede escribir al correo { $contact_email } o llamar a la central del Programa, { $contact_phone }, de lunes a viernes de { $office_open } a { $office_close }.
    .title = ¿Cómo me comunico con el Programa?
    .topic = atencion
    .keywords = contacto, comunicarme, comunicar, telefono, numero, llamar, central, correo del programa, email, whatsapp del programa, donde escribo, no contestan, nadie contesta, sectorista, hablar con alguien
    .source = Informe N° 000308-2022-MIDIS/PNPDS-UAC, Anexo 01 (caso 0050, acciones de mejora); Guía de acceso a la aplicación USUARIO ALIADO, consideraciones

faq-capacitacion = El Programa brinda asistencia técnica a los aliados sobre sus lineamientos y los procesos de afiliación, autorización de cobro y revocatoria. Aquí tiene guías paso a paso (menú «Preguntas frecuentes», «¿Cómo…?») y, para lo que falte, un especialista le atiende por este chat con /especialista.
    .title = Capacitación y asistencia técnica
    .topic = atencion
    .keywords = capacitacion, capacitar, capacitaron, capacitado, nos han capacitado, capacitado en el aplicativo, no nos capacitaron, nunca nos capacitaron, asistencia tecnica, curso, taller, induccion, aprender, manual, guia, instructivo, tutorial, video, dan capacitacion, manual de usuario, video de como usar
    .source = Informe N° 000308-2022-MIDIS/PNPDS-UAC, Anexo 01 (casos 0050 y 0051)

faq-tipos-atencion = Al pedir un especialista elija el tipo de su mensaje: consulta, pedido, reclamo, queja, denuncia o sugerencia. Así se deriva al área que corresponde y se le responde. Le damos un número de ticket y el plazo de la primera respuesta.
    .title = Consultas, reclamos y quejas
    .topic = atencion
    .keywords = reclamo, queja, denuncia, sugerencia, pedido, reclamar, quejarme, libro de reclamaciones, tipo de consulta, ticket, orienta midis, poner un reclamo, presentar un reclamo, reclamo contra, queja contra
    .source = Manual de operaciones, proceso «Orientación y Atención al usuario» (solicitudes de atención)

faq-horario-atencion = Los especialistas responden en horario de oficina: de lunes a viernes, de { $office_open } a { $office_close } (hora de Lima), en días hábiles; la primera respuesta llega dentro de { $first_response_hours ->
        [one] 1 hora
       *[other] { $first_response_hours } horas
    } de oficina. Si escribe de noche o en feriado, el mensaje queda guardado y se le dice cuándo esperar la respuesta. Las preguntas frecuentes de este chat se responden a cualquier hora.
    .title = Horario de atención
    .topic = atencion
    .keywords = horario, hora, atienden, sabado, domingo, feriado, de noche, fin de semana, a que hora, cuando atienden, atencion, oficina
    .source = Manual de operaciones, proceso «Orientación y Atención al usuario» (registro y atención; respuesta)
