# Base de conocimiento: el padrón, las alertas y la FAD.

faq-que-ve-aliado = Con el acceso aprobado ve, solo de su jurisdicción: totales de personas usuarias vigentes, suspendidas y desafiliadas; el estado de las autorizaciones de cobro; los menores sin autorización; las solicitudes de afiliación conformes y no conformes (con el motivo); y una persona por su DNI. Un Gobierno Local además reporta alertas y envía la FAD. Otro Aliado ve el padrón nacional por categorías.
    .title = ¿Qué puedo consultar del padrón?
    .topic = padron
    .keywords = que puedo ver, que veo, que informacion puedo ver, que puedo consultar, que puedo consultar con el usuario aliado, ver en el padron, que consultas, padron, informacion, usuarios de mi distrito, lista, listado, descargar lista, reporte, cuantos usuarios, que datos, datos de los usuarios, que datos puedo ver, ver con el acceso
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 2 (tipo de acceso)

faq-fad = La FAD (Ficha de Actualización de Datos) sirve para que un Gobierno Local actualice los datos de una persona usuaria de su distrito: nueva dirección, referencia y teléfono de contacto. En este chat: /padron y luego «Actualizar datos (FAD)». Le damos un número para seguirla.
    .title = ¿Qué es la FAD?
    .topic = padron
    .keywords = fad, ficha de actualizacion, actualizacion de datos, actualizar datos, cambio de direccion, nueva direccion, domicilio, se mudo, cambio de telefono, ficha, vive en otra direccion
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 2 (Gobiernos Locales: alertas y FAD)

faq-alertas = Un Gobierno Local puede reportar una alerta sobre una persona usuaria de su distrito: fallecimiento, cambio de domicilio, hospitalización u otra situación. En este chat: /padron y luego «Reportar alerta». El equipo del Programa la revisa y usted recibe un número para seguirla.
    .title = Reportar una alerta
    .topic = padron
    .keywords = alerta, alertas, reportar, fallecio, fallecimiento, murio, hospitalizado, hospitalizacion, avisar, denunciar un caso, informar un caso, internado, internada, internaron, a quien aviso
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 2 (Gobiernos Locales: alertas)

faq-actualizacion-padron = La base de datos del padrón la genera la Unidad de Operaciones y Transferencias y se actualiza cada 7 días hábiles. Cada respuesta de este chat dice a qué fecha corresponden los datos.
    .title = ¿Cada cuánto se actualiza el padrón?
    .topic = padron
    .keywords = actualiza, actualizacion del padron, datos antiguos, desactualizado, fecha de los datos, cada cuanto, 7 dias, siete dias, informacion vieja, no aparece
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, numeral 7.2.1 literal b

faq-dni-fuera = Solo puede consultar a personas de su jurisdicción (su distrito o su región). Si busca un DNI de otro lugar, la respuesta es la misma que para un DNI que no figura en el padrón: así se protegen los datos personales. Si la persona se mudó a su distrito, envíe la FAD o consulte a un especialista.
    .title = Buscar un DNI de otra jurisdicción
    .topic = padron
    .keywords = no encuentra el dni, no aparece el dni, otro distrito, otra region, fuera de mi jurisdiccion, dni no figura, no sale, buscar dni, persona de otro lugar
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 3 (información «de mi jurisdicción»); Guía de acceso a la aplicación USUARIO ALIADO, sección 2

faq-limite-consultas = Para proteger los datos personales (Ley N° 29733), cada persona puede buscar hasta { $lookups_per_hour } DNI por hora en este chat. Si llega al límite, le digo en cuántos minutos puede volver a buscar; mientras tanto puede usar las demás consultas (vigentes, suspendidos, desafiliados y sus listas).
    .title = Límite de búsquedas por DNI
    .topic = padron
    .keywords = limite, limite de consultas, cuantas consultas, cuantos dni, por hora, no me deja buscar, bloqueado, maximo de busquedas, demasiadas consultas, muchas busquedas, ya no puedo buscar
    .source = Ley N° 29733, Ley de Protección de Datos Personales; configuración del asistente ([padron] lookups_per_hour)
