# Respuestas cuando la declaración (DDC) firmada, o el documento de designación, que envía el usuario no se puede aceptar.
# $doc: "designation" para el documento de designación; cualquier otro valor, la declaración.
# Todas dicen qué estuvo mal y qué sí se acepta. Trato de usted.

upload-too-large = El archivo pesa más de { $limit_mb } MB y no lo puedo recibir. Envíe { $doc ->
        [designation] el documento de designación
       *[ddc] la declaración
    } en PDF más liviano, o de 1 a 5 fotos (JPG o PNG) de sus páginas, por favor.
upload-empty = El archivo llegó vacío. Envíe de nuevo { $doc ->
        [designation] el documento de designación
       *[ddc] la declaración
    } en PDF, o de 1 a 5 fotos (JPG o PNG) de sus páginas, por favor.
upload-unsupported-type = Solo acepto { $doc ->
        [designation] el documento de designación
       *[ddc] la declaración
    } en PDF, o de 1 a 5 fotos (JPG o PNG) de sus páginas. { $doc ->
        [designation] Envíelo
       *[ddc] Envíela
    } de nuevo, por favor.
upload-corrupt-pdf = No pude abrir el PDF; parece dañado o incompleto. Envíelo de nuevo, o mande de 1 a 5 fotos (JPG o PNG) de sus páginas, por favor.
upload-pdf-without-pages = El PDF no tiene ninguna página. Envíe { $doc ->
        [designation] el documento de designación
       *[ddc] la declaración firmada y sellada
    } en PDF, o de 1 a 5 fotos (JPG o PNG) de sus páginas, por favor.
upload-encrypted-pdf = El PDF está protegido con contraseña y no lo puedo abrir. Envíelo sin contraseña, o mande de 1 a 5 fotos (JPG o PNG) de sus páginas, por favor.
upload-corrupt-image = No pude abrir la foto; parece dañada o incompleta. Tómela de nuevo y envíela en JPG o PNG, por favor.
upload-too-many-pixels = La foto es demasiado grande (más de { $max_megapixels } megapíxeles). Envíela en menor resolución, en JPG o PNG, por favor.
upload-too-many-photos = Recibí demasiadas fotos: acepto como máximo { $max }, una por página. Envíe solo las páginas { $doc ->
        [designation] del documento de designación
       *[ddc] de la declaración
    }, por favor.
upload-no-photos = No recibí ninguna foto. Envíe de 1 a 5 fotos (JPG o PNG) de las páginas { $doc ->
        [designation] del documento de designación
       *[ddc] de la declaración
    }, o el PDF, por favor.
upload-assembly-failed = Tuvimos un problema al juntar sus fotos en un PDF. Por favor, inténtelo de nuevo en unos minutos.
upload-already-received = Ya recibí la DDC firmada de su solicitud { $code }, que ahora está { $stage }: no necesita enviarla de nuevo. Para ver cómo avanza, escriba /estado. Si trae la DDC de otra solicitud:
upload-not-received = { $channel ->
    [terminal] No pude abrir ese archivo. Revise que la ruta esté bien escrita y envíelo de nuevo con /file RUTA, por ejemplo: /file ddc-firmada.pdf
   *[other] No pude recibir su archivo: la conexión se cortó. Envíelo de nuevo, por favor.
}
upload-photo-too-small = La foto es muy pequeña para leer { $doc ->
        [designation] el documento
       *[ddc] la declaración
    }. Tómela de nuevo con buena luz, el papel entero y el teléfono quieto, y envíela como foto, no como miniatura, por favor.
upload-photo-too-dark = La foto está muy oscura para leer { $doc ->
        [designation] el documento
       *[ddc] la declaración
    }. Tómela de nuevo con buena luz, el papel entero y el teléfono quieto, por favor.
upload-photo-blurred = La foto salió borrosa y no se podría leer. Tómela de nuevo con buena luz, el papel entero y el teléfono quieto, por favor.
upload-active-content = El PDF trae contenido activo (JavaScript, acciones que abren programas o archivos incrustados) y por seguridad no lo puedo recibir. Imprima y escanee la DDC firmada, o mande fotos de sus páginas, por favor.
upload-inflates-too-much = El PDF está armado de forma anómala (se descomprime a un tamaño desmedido) y no lo puedo recibir. Escanéelo de nuevo o mande fotos de sus páginas, por favor.
upload-unsigned-ddc = Este es el PDF de la DDC tal como se la envié, sin firmar. Imprímala, que el { $authority } la firme y selle (o fírmela digitalmente con su certificado de RENIEC o DNIe) y envíe el escaneo o fotos de la hoja firmada.
upload-other-request = Esta DDC es de la solicitud { $other }, no de la { $code }. Envíe la DDC firmada de la solicitud { $code }, o escriba el código { $other } para enviarla a esa.
upload-outdated-ddc = Esta es la DDC firmada de antes de su corrección: ya no vale, porque la DDC imprime los datos que cambió. Haga firmar y sellar la DDC nueva que le envié (tiene otro código de verificación) y envíemela.
