## El formulario de registro en una sola pantalla (domain::form): errores por campo,
## la autoridad de la lista del JNE y el formulario de Telegram.

form-required = Este dato es necesario. Complételo, por favor.
form-district-ambiguous = { $count ->
    [one] Hay { $count } distrito con ese nombre.
   *[other] Hay { $count } distritos con ese nombre.
} Elija el suyo de la lista o escriba también la provincia, por favor.
form-region-ambiguous = Varias regiones coinciden con ese nombre. Elija la suya de la lista, por favor.
form-not-in-form = Este dato no corresponde al tipo de acceso elegido.

## La autoridad según la lista del JNE (importada con «import autoridades»).
jne-confirm = Según la lista del JNE, el { $authority } es { $name } (DNI { $dni }). ¿Es la autoridad de su solicitud?
jne-confirm-yes = Sí
jne-confirm-no = No, es otra persona
jne-filled = Autoridad: { $name } ✓

## El celular del responsable, compartido desde Telegram.
form-share-contact = 📱 Compartir mi número
form-share-contact-hint = Si usted es la persona responsable, { tap } «Compartir mi número».
form-share-contact-help = Escriba el número de celular, por favor. Ejemplo: 912345678

## Los datos opcionales se agregan en el resumen.
form-optional-hint = Si desea, agregue { $fields } con «Corregir un dato».

## Un distrito escrito en lugar del tipo de acceso: es un Gobierno Local.
form-access-type-district-hint = Si es una municipalidad, también puede escribir el nombre de su distrito.

## El formulario de Telegram (Mini App) recibido en el chat.
form-received = Recibí el formulario.
form-no-registration = Recibí un formulario, pero ya no hay un registro en curso. Si desea registrar una solicitud, { tap } «Solicitar acceso».

## El botón que abre el formulario completo en Telegram.
form-open = 📝 Llenar formulario
form-open-hint = O { tap } «Llenar formulario» para completar todos los datos en una sola pantalla.

## La página del formulario (Telegram Mini App).
webapp-title = Solicitud de acceso
webapp-intro = Complete los datos y toque «Revisar y continuar». Después podrá revisarlos en el chat antes de enviar.
webapp-optional = (opcional)
webapp-district-hint = Escriba al menos 3 letras y elija su distrito de la lista.
webapp-region-pick = Elija su región
webapp-jne-yes = Sí, es la autoridad de la solicitud
webapp-submit = Revisar y continuar
webapp-sending = Enviando…
webapp-loading = Cargando…
webapp-no-telegram = Abra este formulario desde el chat de Telegram, con el botón «Llenar formulario».
webapp-offline = No pudimos conectarnos. Revise su conexión e inténtelo de nuevo; sus datos siguen aquí.
webapp-fix-errors = Revise los datos marcados en rojo, por favor.
webapp-no-results = No encontré ese distrito. Revise cómo se escribe.
webapp-authority-section = La autoridad
webapp-responsible-section = La persona responsable
webapp-stale = Este formulario venció. Ciérrelo y ábralo de nuevo desde el chat con «Llenar formulario»; sus datos siguen en la página.
webapp-forged = No pudimos comprobar que este formulario venga de Telegram. Ábralo desde el chat con «Llenar formulario».
webapp-not-registering = Su chat no tiene un registro en curso. Vuelva al chat y toque «Solicitar acceso» (o escriba /continuar).
webapp-sent = Listo. Vuelva al chat: allí verá sus datos para revisarlos y enviar la solicitud.
webapp-already-sent = Este formulario ya se envió. Si necesita cambiar algo, vuelva al chat y ábralo de nuevo con su botón.

## Corregir una solicitud observada en el formulario.
form-open-fix = 📝 Corregir en un formulario
webapp-fix-title = Corregir su solicitud
webapp-fix-intro = Corrija los datos observados y toque «Revisar y continuar». Después los revisará en el chat antes de enviar.

## La Ficha de Actualización de Datos (FAD) en el formulario.
webapp-fad-title = Ficha de Actualización de Datos
webapp-fad-intro = Complete los datos nuevos de la persona usuaria y toque «Revisar y continuar».
webapp-fad-address = Nueva dirección
webapp-fad-reference = Referencia para llegar
webapp-fad-phone = Teléfono de contacto
webapp-no-ally-form = Este formulario ya no corresponde a lo que su chat está llenando (quizás era para otra persona), así que no se guardó nada. Vuelva al chat y toque «Llenar formulario» en el último mensaje, o elija «Reportar alerta» o «Actualizar datos (FAD)» y escriba el DNI de la persona.
webapp-fad-sent = Listo. Vuelva al chat: allí verá el número de su FAD.

## La alerta sobre una persona usuaria en el formulario.
webapp-alert-title = Reportar una alerta
webapp-alert-intro = Elija qué pasó, descríbalo y toque «Revisar y continuar».
webapp-alert-kind = ¿Qué pasó?
webapp-alert-description = Descripción
webapp-alert-sent = Listo. Vuelva al chat: allí verá el número de su alerta.

## Un número escrito que elige el botón del formulario (Mini App).
form-page-tap = El formulario se abre solo tocando el botón «{ $button }» del mensaje de arriba. También puede responder aquí la pregunta.
form-page-unavailable = El formulario «{ $button }» no está disponible en este canal. Responda aquí la pregunta, por favor.
form-resp-phone-landline = Ese número es un teléfono fijo. La persona responsable usará el asistente desde su celular, así que aquí necesitamos un celular: 9 dígitos que empiezan con 9 (ejemplo: 912345678). El teléfono fijo de la oficina puede anotarse como «Otro teléfono» de la autoridad.
