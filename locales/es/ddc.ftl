# Texto del Documento Declaración de Confidencialidad (DDC), anexo 3 de la Directiva
# 06-2020-MIDIS/PNPDS-DE. Es un formato legal del Programa: se genera siempre en español.

ddc-doc-title = DOCUMENTO DECLARACIÓN DE CONFIDENCIALIDAD DEL PROGRAMA CONTIGO
ddc-doc-institution-district = Municipalidad Distrital de { $district }
ddc-doc-institution-province = Municipalidad Provincial de { $province }
ddc-doc-institution-regional = Gobierno Regional de { $region }
ddc-doc-authority-local = alcalde(sa) de la { $institution }, distrito de { $district }, provincia de { $province }, departamento de { $department }
ddc-doc-authority-regional = gobernador(a) del { $institution }
ddc-doc-authority-other = titular de { $institution }
ddc-doc-credential-elected = debidamente acreditado(a) con la Credencial N° { $credential }, emitida por el Jurado Nacional de Elecciones
ddc-doc-credential-other = designado(a) mediante { $credential }
ddc-doc-intro = Yo, { $name }, { $authority }, identificado(a) con Documento Nacional de Identidad N° { $dni }, { $credential }, y en pleno uso de mis facultades como { $access ->
    [other] titular de la entidad
   *[elected] autoridad
}, me obligo y comprometo ante su Entidad, de manera directa o indirecta, a no utilizar en mi conveniencia personal la información de los usuarios del Programa CONTIGO sobre la situación de los procesos que vienen realizando ante el Programa, información que se me proporcionará a través de sus canales digitales.
ddc-doc-commitment = Asimismo, me comprometo a vigilar el uso responsable de la cuenta de usuario y clave de acceso que se me proporcionará para obtener la información de los ciudadanos con discapacidad de mi jurisdicción, quedando sujeto(a) a la responsabilidad administrativa, civil y penal que por los daños y perjuicios pudiera causar su mal uso, en el marco de la Ley N° 29733, Ley de Protección de Datos Personales. Sé que esta declaración de confidencialidad debe ser renovada cada año fiscal y a requerimiento del Programa CONTIGO.
ddc-doc-designation-local = Para lo cual, declaro que se ha creado la Oficina Municipal de Atención a las Personas con Discapacidad (OMAPED), que forma parte de la estructura orgánica de la Municipalidad, y que se ha designado, a partir del { $date }, a la persona cuyos datos figuran en el cuadro siguiente, { $role }, como responsable de la OMAPED de la { $institution } ante el Programa CONTIGO, en concordancia con los requisitos que establece el ROF de nuestra Municipalidad; quien a partir de dicha fecha será responsable de realizar los procedimientos que establece el Programa CONTIGO.
ddc-doc-designation-regional = Para lo cual, declaro que se ha designado, a partir del { $date }, a la persona cuyos datos figuran en el cuadro siguiente, { $role } del { $institution }, como responsable ante el Programa CONTIGO, en concordancia con los requisitos que establece el ROF del Gobierno Regional; quien a partir de dicha fecha será responsable de realizar los procedimientos que establece el Programa CONTIGO.
ddc-doc-designation-other = Para lo cual, declaro que se ha designado, a partir del { $date }, a la persona cuyos datos figuran en el cuadro siguiente, { $role } de { $institution }, como responsable ante el Programa CONTIGO{ $rof }; quien a partir de dicha fecha será responsable de realizar los procedimientos que establece el Programa CONTIGO.
ddc-doc-rof = , en concordancia con el ROF aprobado mediante { $rof }
ddc-doc-header-names = Nombres
ddc-doc-header-surnames = Apellidos
ddc-doc-header-dni = N° DNI
ddc-doc-header-email = Correo electrónico
ddc-doc-header-phone = N° de teléfono/celular
ddc-doc-validity = El presente documento será válido firmado y sellado por { $access ->
    [other] el titular de la entidad
   *[elected] la autoridad
}: con firma digital (certificado digital de RENIEC o DNI electrónico) o, de no contar con ella, con firma manuscrita validada ante notario o, donde no lo haya, ante el Juzgado de Paz. Vigencia: año fiscal { $year }.
ddc-doc-incoming-authority = Importante: este documento cubre el año fiscal { $year } y las nuevas autoridades asumen el cargo el { $date }. Debe firmarlo la autoridad en funciones desde esa fecha; si lo firma la autoridad saliente, el Programa pedirá una nueva DDC firmada por la autoridad entrante.
ddc-doc-return = Devuelva este documento firmado por el chat del asistente del Programa CONTIGO en que lo pidió. Desde otro chat, escanee el código QR o escriba el código { $code } y el código de verificación { $verification }.
# Sin enlace al chat configurado: el QR lleva solo los códigos, y el texto dice lo que sirve.
ddc-doc-return-codes = Devuelva este documento firmado por el chat del asistente del Programa CONTIGO en que lo pidió. Desde otro chat, escriba el código { $code } y el código de verificación { $verification }.
ddc-doc-verification = Código de verificación: { $verification }
ddc-doc-qr-hint = Escanee el QR para enviar la DDC firmada
ddc-doc-codes-hint = Escriba ambos códigos en el chat para enviarla firmada
ddc-doc-conformity = Firmo la presente en señal de conformidad.
# Cargo del responsable y su oficina, cuando el cargo no nombra ya la oficina.
ddc-doc-role-in-office = { $position } de { $office }
# Lugar y fecha sobre la firma, p. ej. "Acoria, 24 de noviembre de 2026".
ddc-doc-place-date = { $place }, { $day } de { $month } de { $year }
# Sin lugar conocido, una línea para escribirlo a mano.
ddc-doc-place-blank = ____________________
ddc-doc-month-1 = enero
ddc-doc-month-2 = febrero
ddc-doc-month-3 = marzo
ddc-doc-month-4 = abril
ddc-doc-month-5 = mayo
ddc-doc-month-6 = junio
ddc-doc-month-7 = julio
ddc-doc-month-8 = agosto
ddc-doc-month-9 = septiembre
ddc-doc-month-10 = octubre
ddc-doc-month-11 = noviembre
ddc-doc-month-12 = diciembre
ddc-doc-sign-name = Nombre y apellido: { $name }
ddc-doc-sign-dni = DNI N° { $dni }
ddc-doc-sign-role = { $role }
ddc-doc-seal = Sello
ddc-doc-footer = Solicitud { $code } · generado el { $date } por el asistente del Programa CONTIGO
ddc-doc-role-local = Alcalde(sa)
ddc-doc-role-regional = Gobernador(a) Regional
ddc-doc-role-other = Titular de la entidad
ddc-doc-incoming-authority-named = Importante: este documento cubre el año fiscal { $year } y las nuevas autoridades asumen el cargo el { $date }. Según la lista del JNE, debe firmarlo { $names }, autoridad en funciones desde esa fecha; si lo firma la autoridad saliente, el Programa pedirá una nueva DDC firmada por la autoridad entrante.
