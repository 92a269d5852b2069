# Base de conocimiento: guías paso a paso («¿Cómo…?») para hacer cada trámite en
# este chat. Cada paso es un mensaje; el usuario avanza con «Siguiente».

guide-solicitar-acceso = Le explico cómo solicitar el acceso a USUARIO ALIADO desde este chat, en 4 pasos.
    .title = ¿Cómo solicito el acceso?
    .topic = aliado
    .keywords = como solicito, solicitar acceso, pedir acceso, como pido, registrarme, inscribirme, nueva solicitud, como me registro, sacar usuario, obtener usuario, crear cuenta, tramitar acceso
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 4 (pasos 1 a 4), adaptada a este chat
    .step-1 = Tenga a la mano los datos de la autoridad (alcalde, gobernador o titular) y de la persona responsable. Escriba /solicitar o elija «Solicitar acceso» en el menú.
    .step-2 = Elija el tipo de acceso y responda cada pregunta; le digo en qué paso va. Si se interrumpe, al volver seguimos donde se quedó. Al final revise el resumen y toque «Enviar».
    .step-3 = Le envío la DDC ya llenada, en PDF. Imprímala y pida a la autoridad que la firme y la selle.
    .step-4 = Envíe aquí la DDC firmada (PDF o fotos). Desde ese momento corre la evaluación; con /estado ve en qué etapa va.

guide-enviar-ddc = Así se envía la DDC firmada y sellada.
    .title = ¿Cómo envío la DDC firmada?
    .topic = ddc
    .keywords = como envio, enviar ddc, subir ddc, mandar ddc, cargar ddc, adjuntar, enviar documento, subir documento, ddc firmada, enviar foto, mandar foto, enviar pdf
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 4 (literal d); Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 8.2 literal d
    .step-1 = Desde el chat con el que hizo la solicitud, elija «Enviar DDC firmada» en el menú (o escriba /enviar).
    .step-2 = Envíe el PDF escaneado, o { $max_photos ->
        [one] 1 foto
       *[other] de 1 a { $max_photos } fotos
    } de las páginas: de día, de frente, sin sombras y que se lea. Si una foto sale borrosa u oscura se la pido de nuevo. Con fotos, toque «Listo» al terminar.
    .step-3 = Si la envía desde otro chat, escriba el código de la solicitud y el código de verificación impresos en la DDC, o escanee su código QR.
    .step-4 = Le confirmo la recepción y la fecha estimada. Otro Aliado: envíe también el documento de designación del titular cuando se lo pida.

guide-vincular-padron = Le explico cómo vincular este chat a su acceso aprobado y consultar el padrón.
    .title = ¿Cómo consulto el padrón?
    .topic = padron
    .keywords = como consulto, consultar padron, vincular, vincular chat, ver beneficiarios, ver usuarios, entrar al padron, acceder al padron, buscar beneficiario, como veo los usuarios, usuarios de mi distrito, como uso, como ingreso, ingresar
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 2; funcionamiento de este chat (consultas del padrón)
    .step-1 = Su acceso debe estar aprobado (activo). Escriba /padron o elija «Consultar beneficiarios» en el menú.
    .step-2 = Confirme que es la persona responsable: en Telegram toque «Compartir mi número»; en WhatsApp basta su número. Debe ser el celular que registró en la solicitud.
    .step-3 = Elija la consulta: vigentes, suspendidos, desafiliados, autorizaciones de cobro, menores sin autorización o afiliaciones. Cada lista se puede descargar.
    .step-4 = Para una persona, elija «Buscar por DNI» y escriba los 8 dígitos. Solo verá personas de su jurisdicción, y cada consulta queda registrada (Ley N° 29733).

guide-enviar-fad = Así se envía la Ficha de Actualización de Datos (FAD) de una persona usuaria de su distrito.
    .title = ¿Cómo envío una FAD?
    .topic = padron
    .keywords = como envio fad, enviar fad, llenar fad, hacer fad, mandar fad, registrar fad, actualizar direccion, como actualizo, ficha de actualizacion de datos
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 2 (Gobiernos Locales: FAD); funcionamiento de este chat
    .step-1 = Con el chat vinculado a su acceso de Gobierno Local, escriba /padron y elija «Actualizar datos (FAD)».
    .step-2 = Escriba el DNI de la persona usuaria (8 dígitos). Debe ser de su distrito.
    .step-3 = Escriba la nueva dirección, una referencia para llegar y un teléfono de contacto de la persona o su familia.
    .step-4 = Le doy el número de la FAD. El equipo del Programa la registra; guarde el número por si necesita consultarla.

guide-renovar-ddc = Así se renueva la DDC para el nuevo año fiscal.
    .title = ¿Cómo renuevo la DDC?
    .topic = ddc
    .keywords = como renuevo, renovar ddc, renovar acceso, renovacion anual, nuevo ano fiscal, vence mi acceso, ddc vencida, ddc del proximo ano
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 3 (renovación cada año fiscal); funcionamiento de este chat
    .step-1 = Escriba /renovar (o «Renovar» cuando se lo recuerde desde el { $renewal_from }, día/mes).
    .step-2 = Revise los datos de su acceso y corrija solo lo que cambió: por ejemplo, una nueva autoridad o un nuevo teléfono.
    .step-3 = Descargue la nueva DDC y pida a la autoridad que la firme y la selle.
    .step-4 = Envíela aquí firmada (PDF o fotos). Sigue la misma evaluación que una solicitud nueva.

guide-cambiar-responsable = Así se cambia a la persona responsable del acceso de su entidad.
    .title = ¿Cómo cambio al responsable?
    .topic = aliado
    .keywords = como cambio, cambiar al responsable, nuevo responsable, cambiar encargado, cambiar de persona, cambio de jefe, como modifico
    .source = Ficha «Solicitar acceso al Usuario Aliado», sección Importante
    .step-1 = La nueva persona responsable escribe /solicitar desde su propio chat y elige el mismo tipo de acceso y la misma jurisdicción.
    .step-2 = Completa los datos de la autoridad y los suyos. Se reconoce como cambio de responsable.
    .step-3 = La autoridad firma y sella la nueva DDC y la nueva persona la envía aquí.
    .step-4 = Cuando se aprueba, la persona anterior pierde el acceso y se le avisa; la nueva vincula su chat con /padron.

guide-subsanar = Así se subsana una solicitud observada.
    .title = ¿Cómo subsano una observación?
    .topic = plazos
    .keywords = como subsano, como corrijo, subsanar observacion, corregir solicitud, arreglar, me observaron, levantar observacion
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, numeral 7.3.2 literal b
    .step-1 = Lea el motivo de la observación en el aviso que le llegó, o escriba /estado para verlo otra vez.
    .step-2 = Escriba /corregir: elija el dato que debe cambiar y escríbalo de nuevo, o envíe una nueva DDC firmada.
    .step-3 = Hágalo dentro de { $fix_days ->
        [one] 1 día hábil
       *[other] los { $fix_days } días hábiles
    } del aviso; si no, la solicitud caduca. Al corregirla vuelve a revisión y le avisamos del resultado.

guide-seguir-solicitud = Así sabe en qué etapa está su solicitud.
    .title = ¿Cómo sigo mi solicitud?
    .topic = plazos
    .keywords = como sigo, seguimiento, en que etapa, ver mi solicitud, estado de la solicitud, codigo de solicitud, consultar solicitud, donde esta mi tramite
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, numerales 7.3 a 7.6 (etapas); funcionamiento de este chat
    .step-1 = Escriba /estado o elija «Ver mi solicitud». Desde el chat con que la hizo, la encuentro sola.
    .step-2 = Desde otro chat, escriba el código de la solicitud (CTG-…) y el DNI de la autoridad: verá la etapa.
    .step-3 = Le digo la etapa, quién la revisa y la fecha estimada. Cada cambio de etapa se lo aviso aquí, sin que tenga que preguntar.
