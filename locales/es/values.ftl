## Mensajes para datos mal escritos (domain::values::ValueError::key).
## Cada uno dice qué está mal y da un ejemplo correcto.

invalid-dni-length = El DNI debe tener 8 dígitos. Ejemplo: 45678912. Escríbalo de nuevo, por favor.
invalid-dni-chars = El DNI solo lleva números, sin letras ni guiones. Ejemplo: 45678912. Escríbalo de nuevo, por favor.
invalid-phone = No reconocemos ese número de teléfono. Escriba un celular de 9 dígitos (ejemplo: 987654321) o un fijo con su código de ciudad (ejemplo: 01 2345678 o 064 234567), por favor.
invalid-email = Ese correo electrónico no parece válido. Ejemplo: nombre@municipalidad.gob.pe. Escríbalo de nuevo, por favor.
invalid-name-digits = El nombre no puede llevar números. Ejemplo: María Elena. Escríbalo de nuevo, por favor.
invalid-name-chars = El nombre solo puede llevar letras, espacios, apóstrofo, guion y punto. Ejemplo: Quispe-Mamani. Escríbalo de nuevo, por favor.
invalid-name-length = El nombre debe tener entre 2 y 60 caracteres. Ejemplo: Rosa Luz. Escríbalo de nuevo, por favor.
invalid-text-length = El texto debe tener entre 2 y 120 caracteres. Ejemplo: Oficina Municipal de Atención a la Persona con Discapacidad. Escríbalo de nuevo, por favor.
invalid-text-chars = El texto tiene caracteres que no podemos guardar. Escríbalo solo con letras, números y signos comunes, por favor. Ejemplo: Sub Gerencia de Desarrollo Social.
invalid-doc-number = El número de documento debe incluir al menos un número y tener hasta 60 caracteres. Ejemplo: RA 045-2023-MDX. Escríbalo de nuevo, por favor.
invalid-credential = Ese no parece el número de una credencial del JNE. Escríbalo como figura en la credencial, por ejemplo: 0123-2026-JNE.
invalid-date-format = No entendimos la fecha. Escríbala como día/mes/año. Ejemplo: 15/03/2024, por favor.
invalid-date-impossible = Esa fecha no existe en el calendario. Revise el día y el mes. Ejemplo: 28/02/2024, por favor.
invalid-date-future = La fecha de designación no puede ser posterior a hoy. Ejemplo: 15/03/2024. Escríbala de nuevo, por favor.
invalid-date-too-old = La fecha no puede ser anterior a 1990. Revise el año. Ejemplo: 15/03/2024, por favor.
invalid-ubigeo = El código de ubigeo tiene 6 dígitos. Ejemplo: 150101. Escríbalo de nuevo, por favor.
# Le sigue el consejo del campo (none-authority-names, none-resp-names…): dónde
# encontrar ese nombre.
invalid-name-not-a-name = Eso no parece un nombre, así que no lo guardé.
