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
# The last of a list of choices: «A», «B» o «C».
list-or = { $rest } o { $last }
# One of the fields of form-optional-hint, quoted as this language quotes.
form-optional-field = «{ $field }»

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
webapp-authority-section = { $access ->
    [other] El titular de la entidad
   *[elected] La autoridad
}
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
form-resp-phone-landline = Ese número es un teléfono fijo. La persona responsable usará el asistente desde su celular, así que aquí necesitamos un celular: 9 dígitos que empiezan con 9 (ejemplo: 912345678). El teléfono fijo de la oficina puede agregarse como «Otro teléfono» al revisar sus datos.

## «No tiene», «no sé», «ninguno» donde el formulario necesita el dato
## (domain::fields::FieldDef::if_none): dónde encontrarlo o a quién pedirlo.
## Reciben $access (local, regional, other). En el chat sigue none-later.
none-later = Lo que ya respondió queda guardado. Si necesita tiempo para conseguir el dato, escriba /inicio; cuando lo tenga, escriba /continuar y seguimos desde esta pregunta. Si tiene dudas, escriba /especialista.
none-access-type = Elija el tipo según quién solicita el acceso: «Gobierno Local» si es una municipalidad (distrital o provincial), «Gobierno Regional» si es un gobierno regional, y «Otro Aliado» si es otra entidad, pública o privada (por ejemplo, el CONADIS o una asociación).
none-district = Escriba el nombre del distrito donde está la municipalidad que solicita el acceso, tal como figura en su dirección. Ejemplo: Acoria
none-region = Escriba la región (departamento) del gobierno regional que solicita el acceso. Ejemplo: Huancavelica
none-entity-name = Escriba el nombre de la entidad que solicita el acceso, tal como figura en sus documentos. Ejemplo: Consejo Nacional para la Integración de la Persona con Discapacidad
none-entity-public = Elija «Pública» si es una entidad del Estado (un ministerio, un organismo como el CONADIS, una sociedad de beneficencia) y «Privada» si es una asociación, una ONG o una empresa.
none-rof-doc = Toda entidad pública tiene un ROF (Reglamento de Organización y Funciones) o un documento equivalente aprobado por una norma: un decreto supremo, una ordenanza o una resolución. Necesitamos el número de esa norma: figura en la página de la entidad en gob.pe (sección «Normas y documentos legales») y lo tienen su oficina de planeamiento o su secretaría general. Si la entidad es privada, no necesita ROF: escriba «atrás» y elija «Privada».
none-head-designation-doc = Es el número de la resolución u otro documento con el que se designó al titular de la entidad. Lo tienen la secretaría general o la oficina de recursos humanos de la entidad. Después también nos enviará una copia de ese documento.
none-authority-names = { $access ->
    [other] Pregunte el nombre del titular de la entidad en su mesa de partes o su secretaría general, y escríbalo cuando lo tenga.
   *[elected] Búsquelo en la lista de autoridades electas del JNE (Infogob: infogob.jne.gob.pe) o pregúntelo en la mesa de partes de la entidad, y escríbalo cuando lo tenga.
} Ejemplo: Rosa María
none-authority-surnames = { $access ->
    [other] Pregunte los apellidos del titular de la entidad en su mesa de partes o su secretaría general, y escríbalos cuando los tenga.
   *[elected] Búsquelos en la lista de autoridades electas del JNE (Infogob: infogob.jne.gob.pe) o pregúntelos en la mesa de partes de la entidad, y escríbalos cuando los tenga.
} Ejemplo: Quispe Huamán
none-authority-dni = El DNI { $access ->
    [local] del alcalde o alcaldesa
    [regional] del gobernador o gobernadora regional
   *[other] del titular de la entidad
} es necesario: la DDC lo lleva para identificar a quien la firma. Pídalo en la secretaría general de la entidad y escríbalo cuando lo tenga (8 dígitos).
none-jne-credential = La credencial es el documento que el JNE entregó { $access ->
    [regional] al gobernador o gobernadora regional tras su elección; la tienen la gobernación o la secretaría general del gobierno regional.
   *[other] al alcalde o alcaldesa tras su elección; la tienen el despacho de alcaldía o la secretaría general de la municipalidad.
} Escriba el número tal como figura en ella. Ejemplo: 0123-2026-JNE
none-authority-phone = Si { $access ->
    [local] el alcalde o alcaldesa
    [regional] el gobernador o gobernadora regional
   *[other] el titular de la entidad
} no tiene celular, escriba el teléfono fijo de la entidad con su código de ciudad. Ejemplo: 067 234567
none-authority-personal-email = Necesitamos un correo donde { $access ->
    [local] el alcalde o alcaldesa
    [regional] el gobernador o gobernadora regional
   *[other] el titular de la entidad
} reciba los avisos de la solicitud. Si no tiene correo personal, escriba el correo que use en la entidad.
none-resp-names = Los datos de la persona responsable los tiene ella misma: pídale sus nombres como figuran en su DNI y escríbalos aquí. Ejemplo: Luis Alberto
none-resp-surnames = Los datos de la persona responsable los tiene ella misma: pídale sus apellidos como figuran en su DNI y escríbalos aquí. Ejemplo: Pérez Soto
none-resp-dni = El DNI de la persona responsable es necesario para crear su usuario. Pídaselo y escríbalo aquí (8 dígitos).
none-resp-phone = La persona responsable necesita un celular: con él usará este asistente cuando su acceso esté aprobado. Escriba el número de su celular (9 dígitos que empiezan con 9).
none-resp-email = La persona responsable necesita un correo electrónico: allí recibirá su usuario y los avisos del acceso. Si no tiene uno, puede crearlo gratis (por ejemplo, en Gmail o en Outlook) y escribirlo aquí.
none-resp-office = Escriba la oficina o el área de la entidad donde trabaja la persona responsable, como figura en el documento que la designa. { $access ->
    [local] Si la municipalidad no tiene OMAPED, escriba el área que atiende a las personas con discapacidad. Ejemplo: Subgerencia de Desarrollo Social
    [regional] Si el gobierno regional no tiene OREDIS, escriba el área que atiende a las personas con discapacidad. Ejemplo: Gerencia Regional de Desarrollo Social
   *[other] Ejemplo: Oficina de Atención al Ciudadano
}
none-resp-position = Escriba el cargo de la persona responsable tal como figura en el documento que la designa. Ejemplo: Coordinadora de la OMAPED
none-resp-designation-date = Es la fecha del documento (resolución o memorando) con el que la entidad designó a la persona responsable; escríbala como día/mes/año. Si aún no la designan, la entidad debe designarla primero: retome el registro cuando tenga ese documento.
