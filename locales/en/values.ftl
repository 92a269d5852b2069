## Messages for mistyped data (domain::values::ValueError::key).
## Each says what is wrong and gives a correct example.

invalid-dni-length = A DNI has 8 digits. Example: 45678912. Please type it again.
invalid-dni-chars = A DNI has digits only, no letters or dashes. Example: 45678912. Please type it again.
invalid-phone = We do not recognise that phone number. Please type a 9-digit mobile (example: 987654321) or a landline with its area code (example: 01 2345678 or 064 234567).
invalid-email = That email address does not look valid. Example: name@municipalidad.gob.pe. Please type it again.
invalid-name-digits = A name cannot contain digits. Example: María Elena. Please type it again.
invalid-name-chars = A name may only contain letters, spaces, apostrophes, hyphens and dots. Example: Quispe-Mamani. Please type it again.
invalid-name-length = A name must have between 2 and 60 characters. Example: Rosa Luz. Please type it again.
invalid-text-length = The text must have between 2 and 120 characters. Example: Municipal Office for Persons with Disabilities. Please type it again.
invalid-text-chars = The text has characters we cannot store. Please use letters, digits and common punctuation only. Example: Sub Gerencia de Desarrollo Social.
invalid-doc-number = A document number must include at least one digit and have up to 60 characters. Example: RA 045-2023-MDX. Please type it again.
invalid-credential = That does not look like a JNE credential number. Type it as it appears on the credential, for example: 0123-2026-JNE.
invalid-date-format = We could not read the date. Please write it as day/month/year. Example: 15/03/2024.
invalid-date-impossible = That date does not exist. Please check the day and month. Example: 28/02/2024.
invalid-date-future = The designation date cannot be later than today. Example: 15/03/2024. Please type it again.
invalid-date-too-old = The date cannot be before 1990. Please check the year. Example: 15/03/2024.
invalid-ubigeo = A ubigeo code has 6 digits. Example: 150101. Please type it again.
# The field's advice follows (none-authority-names, none-resp-names…): where to
# find that name.
invalid-name-not-a-name = That does not look like a name, so it was not saved.
