## La solicitud en un formulario de WhatsApp (WhatsApp Flows): la invitación en el chat
## y las palabras del formulario. Las etiquetas tienen como máximo 20 caracteres y las
## ayudas 80 (límites de Meta).

form-offer = Puede llenar toda la solicitud en un solo formulario: toque «Llenar formulario», complete los datos y envíelo. Si prefiere, responda aquí en el chat las preguntas que siguen, una por una.
form-offer-jne = Ya pusimos en el formulario el distrito y los datos del { $authority } según la lista del JNE: toque «Llenar formulario», revíselos y complete el resto. Si prefiere, responda aquí en el chat.
form-offer-button = Llenar formulario
form-reply-stale = Ese formulario ya fue enviado o ya no corresponde a esta conversación, así que no cambiamos nada.

form-offer-correction = Puede corregir estos datos en un solo formulario: toque «Llenar formulario». Si prefiere, corríjalos aquí en el chat.
flow-title-correction = Corrección de datos
flow-intro-correction = Corrija los datos observados. Al final revisará todo en el chat antes de enviarlos.
flow-section-authority-any = Datos de la autoridad
flow-title = Solicitud de acceso
flow-intro = Complete los datos de la solicitud de acceso a la información del Programa CONTIGO. Al final revisará todo en el chat antes de enviarla.
flow-section-entity = Entidad
flow-section-authority = Datos del { $authority }
flow-section-responsible = Persona responsable del acceso
flow-next = Continuar
flow-send = Terminar

flow-label-access-type = Tipo de acceso
flow-label-district = Distrito
flow-label-region = Región
flow-label-entity-name = Nombre de la entidad
flow-label-entity-public = Tipo de entidad
flow-label-rof-doc = Documento del ROF
flow-label-head-designation-doc = Designación titular
flow-label-authority-names = Nombres
flow-label-authority-surnames = Apellidos
flow-label-authority-dni = DNI
flow-label-jne-credential = Credencial del JNE
flow-label-authority-phone = Celular
flow-label-authority-phone2 = Otro teléfono
flow-label-authority-personal-email = Correo personal
flow-label-authority-institutional-email = Correo institucional
flow-label-resp-names = Nombres
flow-label-resp-surnames = Apellidos
flow-label-resp-dni = DNI
flow-label-resp-phone = Celular
flow-label-resp-email = Correo
flow-label-resp-office = Oficina
flow-label-resp-position = Cargo
flow-label-resp-designation-date = Fecha de designación

flow-help-district = Distrito y provincia, por ejemplo: Huanta, Huanta
flow-help-rof-doc = Solo si la entidad es pública: el documento que aprueba su ROF
flow-help-head-designation-doc = Resolución o documento que designa al titular
flow-help-authority-dni = 8 dígitos
flow-help-jne-credential = Número de la credencial que entregó el JNE
flow-help-authority-phone = 9 dígitos, por ejemplo: 987654321
flow-help-authority-phone2 = Opcional
flow-help-authority-institutional-email = Opcional
flow-help-resp-dni = 8 dígitos
flow-help-resp-phone = Celular con WhatsApp, 9 dígitos
flow-help-resp-designation-date = Fecha del documento que la designa

## La FAD y la alerta de un Gobierno Local en un formulario de WhatsApp, ofrecidas
## cuando ya se encontró el DNI de la persona.
ally-form-offer = Puede responder todo en un solo formulario: toque «Llenar formulario», complételo y envíelo. Si prefiere, responda aquí en el chat.
flow-title-fad = Actualización de datos
flow-intro-fad = Escriba los datos nuevos de la persona usuaria. Al enviarlos registramos la Ficha de Actualización de Datos.
flow-label-fad-address = Dirección
flow-label-fad-reference = Referencia
flow-label-fad-phone = Teléfono de contacto
flow-title-alert = Alerta
flow-intro-alert = Elija qué pasó y descríbalo brevemente. Al enviarlo registramos la alerta.
flow-label-alert-kind = ¿Qué pasó?
flow-label-alert-description = Descripción
flow-help-alert-description = Con la fecha si la sabe, por ejemplo: Falleció el 10/11/2026
