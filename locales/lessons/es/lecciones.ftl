# Lecciones cortas para los aliados (domain::lessons): unos mensajes y una o dos
# preguntas al final. Respuestas de hasta 20 caracteres (botones de WhatsApp).

lesson-aliado = USUARIO ALIADO es la herramienta del Programa CONTIGO para sus aliados: gobiernos locales, gobiernos regionales y otras entidades.
    .title = Qué le da USUARIO ALIADO
    .order = 1
    .part-1 = Con su acceso usted consulta el padrón de su jurisdicción: personas vigentes, suspendidas y desafiliadas, autorizaciones de cobro y solicitudes de afiliación.
    .part-2 = Un Gobierno Local ve su distrito; un Gobierno Regional, su región; otro aliado ve solo totales nacionales por categoría, sin datos de personas.
    .part-3 = Con esa información puede ubicar a quien necesita ayuda, acompañar el cobro y avisar al Programa cuando algo cambia.
    .question-1 = Un Gobierno Local, ¿de dónde ve el padrón?
    .question-1-options = De su distrito | De todo el país | De su región
    .question-1-answer = 1
    .question-1-why = Cada acceso ve solo su jurisdicción: el distrito, en un Gobierno Local.
    .question-2 = ¿Qué ve otro aliado (por ejemplo una ONG)?
    .question-2-options = Datos de personas | Totales nacionales
    .question-2-answer = 2
    .question-2-why = Otro aliado ve totales por categoría, nunca datos de personas.

lesson-ddc-ley = La DDC (Documento Declaración de Confidencialidad) es el compromiso que firma la autoridad para recibir el acceso.
    .title = La DDC y la Ley 29733
    .order = 2
    .part-1 = Con ella la autoridad se compromete a no usar la información de las personas usuarias en su conveniencia y a vigilar el buen uso de la cuenta, bajo la Ley N° 29733 de Protección de Datos Personales.
    .part-2 = La DDC vale por el año fiscal: se renueva cada año. Si cambia la persona responsable, se pide un acceso nuevo con su DDC.
    .part-3 = El mal uso de los datos acarrea responsabilidad administrativa, civil y penal.
    .question-1 = ¿Cuánto tiempo vale la DDC?
    .question-1-options = Para siempre | Un año fiscal | Un mes
    .question-1-answer = 2
    .question-1-why = La DDC se renueva cada año fiscal.
    .question-2 = Si cambia la persona responsable, ¿qué se hace?
    .question-2-options = Se presta la cuenta | Se pide acceso nuevo
    .question-2-answer = 2
    .question-2-why = La cuenta es personal: la nueva persona responsable pide su propio acceso.

lesson-padron = Así se consulta el padrón en este chat, con su acceso vinculado.
    .title = Consultar el padrón
    .order = 3
    .part-1 = Escriba /padron y elija una consulta: vigentes, suspendidos, desafiliados, autorizaciones de cobro o menores sin autorización. Cada respuesta trae un botón para descargar la lista.
    .part-2 = Para una persona, elija «Buscar por DNI» y escriba los 8 dígitos. Si el DNI no es de su jurisdicción, la respuesta es la misma que si no figura.
    .part-3 = Cada respuesta dice a qué fecha corresponden los datos. Puede practicar con datos de ejemplo en la «Práctica» de las lecciones.
    .question-1 = Busca un DNI de otro distrito. ¿Qué pasa?
    .question-1-options = Le muestra todo | Dice que no figura
    .question-1-answer = 2
    .question-1-why = Solo ve personas de su jurisdicción; así se protegen los datos.

lesson-alertas-fad = Un Gobierno Local ayuda al Programa a tener el padrón al día con alertas y fichas de actualización de datos (FAD).
    .title = Alertas y FAD
    .order = 4
    .part-1 = Una alerta avisa de algo que le pasó a una persona usuaria: fallecimiento, hospitalización, cambio de domicilio u otra situación. En /padron elija «Reportar alerta».
    .part-2 = La FAD actualiza la dirección, una referencia y un teléfono de contacto. En /padron elija «Actualizar datos (FAD)».
    .part-3 = En ambos casos escribe primero el DNI de la persona, que debe ser de su distrito, y recibe un número para seguir su reporte.
    .question-1 = Una persona usuaria se mudó a otra calle. ¿Qué envía?
    .question-1-options = Una alerta | Una FAD
    .question-1-answer = 2
    .question-1-why = La FAD actualiza la dirección y el contacto.
    .question-2 = Una persona usuaria está hospitalizada. ¿Qué envía?
    .question-2-options = Una alerta | Una FAD | Nada
    .question-2-answer = 1
    .question-2-why = La hospitalización se avisa con una alerta.

lesson-proteger-datos = Los datos del padrón son datos personales de personas con discapacidad severa: protegerlos es parte de su labor.
    .title = Proteger los datos
    .order = 5
    .part-1 = Use la información solo para su labor. No comparta listas por redes sociales ni las entregue a otras áreas o personas.
    .part-2 = Guarde las listas descargadas en un lugar seguro y bórrelas cuando ya no las necesite. No preste su cuenta: es personal.
    .part-3 = Cada consulta y cada descarga quedan registradas con su nombre, como pide la Ley N° 29733.
    .question-1 = Un vecino le pide la lista de vigentes. ¿Qué hace?
    .question-1-options = Se la envía | No la comparte
    .question-1-answer = 2
    .question-1-why = La lista es solo para su labor: no se comparte.
