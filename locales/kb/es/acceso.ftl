# Base de conocimiento: el acceso USUARIO ALIADO, la DDC y los plazos.

faq-usuario-aliado = USUARIO ALIADO (antes «Usuario OMAPED») es la herramienta del Programa CONTIGO para sus aliados: gobiernos locales, gobiernos regionales y otras entidades. Con ella se consulta el estado de los trámites de las personas con discapacidad severa y de las personas usuarias de su jurisdicción: afiliación, autorización de cobro, revocatoria, alertas y actualización de datos. Este chat le ayuda a solicitar ese acceso y a hacer esas consultas.
    .title = ¿Qué es USUARIO ALIADO?
    .topic = aliado
    .keywords = que es usuario aliado, usuario omaped, herramienta, app, aplicativo, que es el aplicativo
    .source = Guía de acceso a la aplicación USUARIO ALIADO, presentación y sección 1

faq-tipos-acceso = Hay tres tipos de acceso:
    • Gobierno Local (municipalidad; firma el alcalde o alcaldesa; por ejemplo la OMAPED): ve el padrón de su distrito.
    • Gobierno Regional (firma el gobernador o gobernadora; por ejemplo la OREDIS): ve el de su región.
    • Otro Aliado (CONADIS u otra entidad pública o privada; firma su titular): ve el padrón nacional por categorías, sin datos de personas.
    .title = Tipos de acceso
    .topic = aliado
    .keywords = tipo de acceso, tipos de acceso, que acceso, que acceso me corresponde, que acceso pedimos, nos toca, gobierno local, gobierno regional, otro aliado, provincial, distrital, omaped, oredis, conadis, ong, entidad, region, regional, que tipo, podemos pedir acceso, podemos pedir
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 2 (tipo de acceso)

faq-requisitos-acceso = Para solicitar el acceso necesita:
    • De la autoridad (alcalde, gobernador o titular): nombres y apellidos, DNI, celular o fijo, correo personal e institucional y, si es alcalde o gobernador, el número de su credencial del JNE. Otro Aliado: además el N° del documento que aprueba el ROF (entidad pública) y el de la designación del titular.
    • De la persona responsable: nombres y apellidos, DNI, teléfono, correo, dependencia (OMAPED, OREDIS u otra), cargo y fecha de designación.
    Luego la DDC firmada y sellada por la autoridad.
    .title = Requisitos para solicitar el acceso
    .topic = aliado
    .keywords = requisitos del acceso, requisitos para el acceso, que necesito, que datos, datos requeridos, documentos, que documentos, papeles, que papeles, que piden, requisitos para solicitar, que necesito para pedir, datos necesito para pedir, necesito para pedir el usuario aliado, antes de solicitar, datos del alcalde, datos de la autoridad, rof, tiene que ser de la omaped
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 3; ficha «Solicitar acceso al Usuario Aliado» (Requisitos); Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 8.2 literal f

faq-jne = Los datos del alcalde, alcaldesa, gobernador o gobernadora se verifican con la consulta de autoridades del Jurado Nacional de Elecciones (JNE). Deben coincidir con los que figuran allí; si no coinciden, el Programa puede observar la solicitud. La DDC cita el número de la credencial del JNE.
    .title = Verificación con el JNE
    .topic = aliado
    .keywords = jne, jurado nacional de elecciones, credencial, credencial del alcalde, numero de credencial, verifican, verificacion, no coincide, nombre del alcalde, otro nombre, datos del alcalde, autoridad electa, alcaldesa, gobernador regional
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 4 (Importante); ficha «Solicitar acceso al Usuario Aliado» (Requisitos)

faq-cambio-responsable = Si su municipio ya tiene acceso y cambió la persona responsable, haga una nueva solicitud para la misma jurisdicción con los datos de la nueva persona: el sistema la reconoce como modificación. Cuando se aprueba, la persona anterior pierde el acceso y se le avisa.
    .title = Cambio de responsable
    .topic = aliado
    .keywords = cambio de responsable, cambiar responsable, nuevo responsable, otra persona, ya no trabaja, renuncio, cambio de encargado, modificacion, modificar responsable, reemplazar, cambiaron al jefe
    .source = Ficha «Solicitar acceso al Usuario Aliado», sección Importante

faq-usuario-contrasena = Con este chat no necesita usuario ni contraseña: la persona responsable entra desde su propio chat, con el celular que registró en la solicitud, y consulta el padrón con /padron. Este chat no envía claves por correo ni las cambia. El usuario y la contraseña de la aplicación web USUARIO ALIADO son del trámite anterior por la página web: si los perdió, escriba /especialista.
    .title = Usuario y contraseña
    .topic = aliado
    .keywords = usuario y contrasena, contrasena, clave, password, olvide mi clave, olvide la contrasena, no recuerdo, llega la clave, a que correo llega, cambiar contrasena, modificar usuario, credenciales, como entro, ingresar
    .source = Guía de acceso a la aplicación USUARIO ALIADO, consideraciones a tener en cuenta; ficha «Solicitar acceso al Usuario Aliado»

faq-por-que-acceso = Con el acceso su entidad puede contribuir a que las personas usuarias cobren su pensión, informarles de su situación en el padrón y hacer seguimiento a sus trámites ante el Programa, trabajando articuladamente en su territorio.
    .title = ¿Para qué sirve el acceso?
    .topic = aliado
    .keywords = para que sirve, por que es importante, beneficio, ventaja, utilidad, para que, importancia, por que solicitar, para que me sirve, sirve tener acceso
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 2

faq-que-es-ddc = La DDC (Documento Declaración de Confidencialidad del Programa CONTIGO) es el compromiso de la autoridad de no usar en su conveniencia la información de las personas usuarias y de vigilar el buen uso de la cuenta, bajo la Ley N° 29733. También declara que existe la OMAPED (u oficina a cargo) y designa a la persona responsable. Vale por el año fiscal. Este chat se la entrega ya llenada con sus datos.
    .title = ¿Qué es la DDC?
    .topic = ddc
    .keywords = ddc, que es la ddc, que significa ddc, para que es la ddc, para que sirve la ddc, compromiso, por que firmar la ddc
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, numeral 5.7 y Anexo 3

faq-ddc-firma = La DDC la firma y sella la autoridad: alcalde o alcaldesa, gobernador o gobernadora regional, o el titular de la entidad. Puede enviarla escaneada en PDF, como PDF con firma digital, o como { $max_photos ->
        [one] 1 foto nítida
       *[other] 1 a { $max_photos } fotos nítidas
    } de sus páginas: aquí se juntan en un solo PDF. Otro Aliado envía también el documento de designación del titular. Si la DDC va en papel, la firma se valida ante notario o Juzgado de Paz (vea «Validación de la firma de la DDC»).
    .title = Quién firma la DDC y cómo se envía
    .topic = ddc
    .keywords = firma, firmar, sello, sellar, sellada, quien firma, firmar la ddc, puede firmar, tiene que firmar, firma el alcalde, gerente, gerente municipal, firma digital, escanear, escaneada, foto, fotos, pdf, firmado, enviar la ddc, mandar la ddc
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 4 (literales c y d); Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 8.2 literal d

faq-ddc-validacion = Si la DDC va en papel, firmada y sellada por el alcalde o alcaldesa, la firma se valida con firma notarial (ante notario público); donde no hay notario, la validación se hace ante el Juzgado de Paz. Luego la escanea o le toma fotos y la envía por este chat. Si la autoridad la firma digitalmente (certificado digital de RENIEC o DNI electrónico), no hace falta esa validación.
    .title = Validación de la firma de la DDC
    .topic = ddc
    .keywords = notario, notarial, firma notarial, legalizar, legalizada, legalizacion, juzgado de paz, juez de paz, juzgado, validar la firma, validacion, certificar la firma, no hay notario, firma digital, dni electronico, reniec
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 8.2 literal d) y Anexo 3 («validada con firma notarial o en el Juzgado de Paz»)

faq-ddc-renovar = La DDC se renueva cada año fiscal (y cuando el Programa lo pida). Desde el { $renewal_from } (día/mes) este chat le recuerda renovarla; la DDC que genere desde esa fecha vale para el año siguiente. Escriba /renovar: usamos los datos de su acceso y usted solo corrige lo que cambió.
    .title = Renovación anual de la DDC
    .topic = ddc
    .keywords = renovar, renovacion, renuevo, vence, vencio, vencimiento, cuando vence, hasta cuando vale, cada ano, anual, ano fiscal, caduca, caducado, nuevo ano, diciembre, actualizar ddc
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 3 (la declaración «debe ser renovada cada año fiscal»)

faq-ley-29733 = La información del padrón contiene datos personales protegidos por la Ley N° 29733, Ley de Protección de Datos Personales. Úsela solo para su labor: su mal uso acarrea responsabilidad administrativa, civil y penal. Por eso cada consulta queda registrada y solo se ve la información de su jurisdicción.
    .title = Protección de datos personales
    .topic = ddc
    .keywords = ley 29733, proteccion de datos, datos personales, confidencial, confidenciales, privacidad, mal uso, compartir datos, puedo compartir, compartir el padron, compartir la lista, pasar la lista, otra area, entregar la lista, registro de consultas, otro programa, para otro fin, usar los datos
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, Anexo 3; Guía de acceso a la aplicación USUARIO ALIADO, presentación

faq-plazo-evaluacion = Su cuenta estaría lista { $review_days ->
        [one] 1 día hábil
       *[other] { $review_days } días hábiles
    } después de que la DDC firmada entra a revisión: la Unidad de Acompañamiento revisa los requisitos ({ $uac_days ->
        [one] 1 día hábil
       *[other] { $uac_days } días hábiles
    }), Asesoría Jurídica evalúa ({ $legal_days ->
        [one] 1 día hábil
       *[other] { $legal_days } días hábiles
    }), la Dirección Ejecutiva autoriza ({ $director_days ->
        [one] 1 día hábil
       *[other] { $director_days } días hábiles
    }) y Tecnologías de la Información crea la cuenta ({ $account_days ->
        [one] 1 día hábil
       *[other] { $account_days } días hábiles
    }). Al recibir su DDC le doy la fecha estimada; escriba /estado para ver la etapa y esa fecha.
    .title = ¿Cuánto demora la evaluación?
    .topic = plazos
    .keywords = cuanto demora, cuanto tarda, cuantos dias, en cuantos dias me dan el usuario, cuando me dan mi usuario aliado, demora en salir, plazo, plazos, tiempo, demora, tarda, cuando me responden, cuando aprueban, aprobacion, aprobar, dias habiles, evaluacion, revision, etapas, quien revisa, cuando me llega, quienes revisan, en que orden, orden de revision
    .source = Guía de acceso a la aplicación USUARIO ALIADO, consideraciones; Directiva N° 06-2020-MIDIS/PNPDS-DE, numerales 7.3.2, 7.4.1 y 7.6.1

faq-observacion = Si a la solicitud le falta algo, la Unidad de Acompañamiento la observa y le dice qué corregir. Tiene { $fix_days ->
        [one] 1 día hábil
       *[other] { $fix_days } días hábiles
    } desde el aviso para subsanar; si no, la solicitud caduca y debe empezar otra. Escriba /corregir para arreglar los datos o enviar una nueva DDC.
    .title = Solicitud observada
    .topic = plazos
    .keywords = observada, observado, observacion, subsanar, subsanacion, corregir, me observaron, falta algo, error en la solicitud, caduco, caducada, que hago, me rechazaron
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, numeral 7.3.2 literal b

faq-no-llega-usuario = Este chat no envía usuario ni contraseña por correo: cuando su acceso queda activo se lo aviso aquí mismo, y la persona responsable consulta el padrón desde este chat, con el celular que registró (/padron). Su cuenta estaría lista { $review_days ->
        [one] 1 día hábil
       *[other] { $review_days } días hábiles
    } después de que la DDC firmada entra a revisión: escriba /estado para ver la etapa y la fecha estimada. Si esa fecha ya pasó, escriba /especialista.
    .title = No me llegó el usuario
    .topic = plazos
    .keywords = no me llega, no llego, no recibo, no recibi, no me han enviado, todavia no, sigo esperando, ya pasaron, demora mucho, no responden, usuario no llega, correo no llega, no me llego el correo, no me dan, nada de mi cuenta
    .source = Guía de acceso a la aplicación USUARIO ALIADO, consideraciones; ficha «Solicitar acceso al Usuario Aliado»
