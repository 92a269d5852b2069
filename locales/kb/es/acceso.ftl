# Base de conocimiento: el acceso USUARIO ALIADO, la DDC y los plazos.

faq-usuario-aliado = USUARIO ALIADO (antes «Usuario OMAPED») es la herramienta del Programa CONTIGO para sus aliados: gobiernos locales, gobiernos regionales y otras entidades. Con ella se consulta el estado de los trámites de las personas con discapacidad severa y de las personas usuarias de su jurisdicción: afiliación, autorización de cobro, revocatoria, alertas y actualización de datos. Este chat le ayuda a solicitar ese acceso y a hacer esas consultas.
    .title = ¿Qué es USUARIO ALIADO?
    .topic = aliado
    .keywords = usuario aliado, que es usuario aliado, aplicacion, usuario omaped, herramienta, app, aliado, aliados, para que sirve el acceso, acceso a la informacion
    .source = Guía de acceso a la aplicación USUARIO ALIADO, presentación y sección 1

faq-tipos-acceso = Hay tres tipos de acceso:
    • Gobierno Local (municipalidad; firma el alcalde o alcaldesa; por ejemplo la OMAPED): ve el padrón de su distrito.
    • Gobierno Regional (firma el gobernador o gobernadora; por ejemplo la OREDIS): ve el de su región.
    • Otro Aliado (CONADIS u otra entidad pública o privada; firma su titular): ve el padrón nacional por categorías, sin datos de personas.
    .title = Tipos de acceso
    .topic = aliado
    .keywords = tipo de acceso, tipos de acceso, gobierno local, gobierno regional, otro aliado, municipalidad, municipio, muni, omaped, oredis, conadis, entidad, region, distrito, que tipo
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 2 (tipo de acceso)

faq-requisitos-acceso = Para solicitar el acceso necesita:
    • De la autoridad (alcalde, gobernador o titular): nombres y apellidos, DNI, celular o fijo, correo personal e institucional y, si es alcalde o gobernador, el número de su credencial del JNE. Otro Aliado: además el N° del documento que aprueba el ROF (entidad pública) y el de la designación del titular.
    • De la persona responsable: nombres y apellidos, DNI, teléfono, correo, dependencia (OMAPED, OREDIS u otra), cargo y fecha de designación.
    Luego la DDC firmada y sellada por la autoridad.
    .title = Requisitos para solicitar el acceso
    .topic = aliado
    .keywords = requisitos del acceso, requisitos para el acceso, que necesito, que datos, datos requeridos, documentos, que piden, requisitos para solicitar, credencial, rof, designacion, responsable, alcalde, gobernador, titular
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 3; ficha «Solicitar acceso al Usuario Aliado» (Requisitos); Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 8.2 literal f

faq-jne = Los datos del alcalde, alcaldesa, gobernador o gobernadora se verifican con la consulta de autoridades del Jurado Nacional de Elecciones (JNE). Deben coincidir con los que figuran allí; si no coinciden, el Programa puede observar la solicitud. La DDC cita el número de la credencial del JNE.
    .title = Verificación con el JNE
    .topic = aliado
    .keywords = jne, jurado nacional de elecciones, credencial, verifican, verificacion, no coincide, datos del alcalde, autoridad electa, alcaldesa, gobernador regional
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 4 (Importante); ficha «Solicitar acceso al Usuario Aliado» (Requisitos)

faq-cambio-responsable = Si su municipio ya tiene acceso y cambió la persona responsable, haga una nueva solicitud para la misma jurisdicción con los datos de la nueva persona: el sistema la reconoce como modificación. Cuando se aprueba, la persona anterior pierde el acceso y se le avisa.
    .title = Cambio de responsable
    .topic = aliado
    .keywords = cambio de responsable, cambiar responsable, nuevo responsable, otra persona, ya no trabaja, renuncio, cambio de encargado, modificacion, modificar responsable, reemplazar, cambiaron al jefe
    .source = Ficha «Solicitar acceso al Usuario Aliado», sección Importante

faq-usuario-contrasena = Aprobada la solicitud, el usuario y la contraseña de USUARIO ALIADO llegan al correo de la persona responsable, con copia a la autoridad. Revise también las carpetas de correo no deseado o spam. No hay opción de modificar el usuario ni la contraseña: guárdelos en un lugar seguro.
    .title = Usuario y contraseña
    .topic = aliado
    .keywords = usuario y contrasena, contrasena, clave, password, olvide mi clave, correo, no me llego, spam, cambiar contrasena, modificar usuario, credenciales
    .source = Guía de acceso a la aplicación USUARIO ALIADO, consideraciones a tener en cuenta; ficha «Solicitar acceso al Usuario Aliado»

faq-por-que-acceso = Con el acceso su entidad puede contribuir a que las personas usuarias cobren su pensión, informarles de su situación en el padrón y hacer seguimiento a sus trámites ante el Programa, trabajando articuladamente en su territorio.
    .title = ¿Para qué sirve el acceso?
    .topic = aliado
    .keywords = para que sirve, por que es importante, beneficio, ventaja, utilidad, para que, importancia, por que solicitar
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 2

faq-que-es-ddc = La DDC (Documento Declaración de Confidencialidad del Programa CONTIGO) es el compromiso de la autoridad de no usar en su conveniencia la información de las personas usuarias y de vigilar el buen uso de la cuenta, bajo la Ley N° 29733. También declara que existe la OMAPED (u oficina a cargo) y designa a la persona responsable. Vale por el año fiscal. Este chat se la entrega ya llenada con sus datos.
    .title = ¿Qué es la DDC?
    .topic = ddc
    .keywords = ddc, que es la ddc, declaracion de confidencialidad, documento de confidencialidad, confidencialidad, declaracion jurada, formato, compromiso, documento declaracion
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, numeral 5.7 y Anexo 3

faq-ddc-firma = La DDC la firma y sella la autoridad: alcalde o alcaldesa, gobernador o gobernadora regional, o el titular de la entidad. Puede enviarla escaneada en PDF, como PDF con firma digital, o como 1 a 5 fotos nítidas de sus páginas: aquí se juntan en un solo PDF. Otro Aliado envía también el documento de designación del titular.
    .title = Quién firma la DDC y cómo se envía
    .topic = ddc
    .keywords = firma, firmar, sello, sellar, sellada, quien firma, firma digital, escanear, escaneada, foto, fotos, pdf, notarial, juez de paz, firmado, enviar la ddc, mandar la ddc
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 4 (literales c y d); Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 8.2 literal d

faq-ddc-renovar = La DDC se renueva cada año fiscal (y cuando el Programa lo pida). Desde el 1 de diciembre este chat le recuerda renovarla; la DDC que genere desde esa fecha vale para el año siguiente. Escriba /renovar: usamos los datos de su acceso y usted solo corrige lo que cambió.
    .title = Renovación anual de la DDC
    .topic = ddc
    .keywords = renovar, renovacion, renuevo, vence, vencio, vencimiento, cada ano, anual, ano fiscal, caduca, caducado, nuevo ano, diciembre, actualizar ddc
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 3 (la declaración «debe ser renovada cada año fiscal»)

faq-ley-29733 = La información del padrón contiene datos personales protegidos por la Ley N° 29733, Ley de Protección de Datos Personales. Úsela solo para su labor: su mal uso acarrea responsabilidad administrativa, civil y penal. Por eso cada consulta queda registrada y solo se ve la información de su jurisdicción.
    .title = Protección de datos personales
    .topic = ddc
    .keywords = ley 29733, proteccion de datos, datos personales, confidencial, privacidad, responsabilidad, mal uso, compartir datos, puedo compartir, registro de consultas
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 3; Guía de acceso a la aplicación USUARIO ALIADO, presentación

faq-plazo-evaluacion = La evaluación toma unos 5 días hábiles desde que envía la DDC firmada: la Unidad de Acompañamiento revisa los requisitos (1 día hábil), Asesoría Jurídica evalúa (2 días hábiles), la Dirección Ejecutiva autoriza y Tecnologías de la Información crea la cuenta (3 días hábiles). Escriba /estado para ver en qué etapa está y la fecha estimada.
    .title = ¿Cuánto demora la evaluación?
    .topic = plazos
    .keywords = cuanto demora, cuanto tarda, cuantos dias, plazo, plazos, tiempo, demora, tarda, cuando me responden, cuando aprueban, dias habiles, evaluacion, revision, etapas, quien revisa, cuando me llega
    .source = Guía de acceso a la aplicación USUARIO ALIADO, consideraciones; Directiva N° 06-2020-MIDIS/PNPDS-DE, numerales 7.3.2, 7.4.1 y 7.6.1

faq-observacion = Si a la solicitud le falta algo, la Unidad de Acompañamiento la observa y le dice qué corregir. Tiene 3 días hábiles desde el aviso para subsanar; si no, la solicitud caduca y debe empezar otra. Escriba /corregir para arreglar los datos o enviar una nueva DDC.
    .title = Solicitud observada
    .topic = plazos
    .keywords = observada, observado, observacion, subsanar, subsanacion, corregir, me observaron, falta algo, error en la solicitud, caduco, caducada, 3 dias
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, numeral 7.3.2 literal b

faq-no-llega-usuario = Si pasaron los 5 días hábiles y no recibe el correo con el usuario y la contraseña, revise las carpetas de correo no deseado o spam. Luego escriba /estado para ver en qué etapa está su solicitud. Si ya figura como activa y no llegó el correo, pida hablar con un especialista aquí mismo.
    .title = No me llegó el usuario
    .topic = plazos
    .keywords = no me llega, no llego, no recibo, no recibi, no me han enviado, todavia no, sigo esperando, ya pasaron, demora mucho, no responden, usuario no llega, correo no llega
    .source = Guía de acceso a la aplicación USUARIO ALIADO, consideraciones; ficha «Solicitar acceso al Usuario Aliado»
