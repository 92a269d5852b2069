# Knowledge base: USUARIO ALIADO access, the DDC and the terms.

faq-usuario-aliado = USUARIO ALIADO (formerly "Usuario OMAPED") is the CONTIGO Programme's tool for its allies: local governments, regional governments and other entities. It shows the state of the procedures of people with severe disability and of the users in your jurisdiction: affiliation, payment authorisation, revocation, alerts and data updates. This chat helps you request that access and make those queries.
    .title = What is USUARIO ALIADO?
    .topic = aliado
    .keywords = usuario aliado, what is usuario aliado, application, usuario omaped, tool, app, ally, allies, what is the access for, access to information
    .source = USUARIO ALIADO access guide, presentation and section 1

faq-tipos-acceso = There are three access types:
    • Local Government (municipality; signed by the mayor; e.g. the OMAPED): sees its district's padrón.
    • Regional Government (signed by the regional governor; e.g. the OREDIS): sees its region's.
    • Other Ally (CONADIS or another public or private entity; signed by its head): sees the national padrón by category, with no personal data.
    .title = Access types
    .topic = aliado
    .keywords = access type, access types, local government, regional government, other ally, municipality, omaped, oredis, conadis, entity, region, district, which type
    .source = USUARIO ALIADO access guide, section 2 (access types)

faq-requisitos-acceso = To request access you need:
    • From the authority (mayor, governor or head of the entity): names and surnames, DNI, mobile or landline, personal and institutional e-mail and, for a mayor or governor, the number of their JNE credential. Other Ally: also the number of the document approving the ROF (public entities) and of the head's designation.
    • From the responsible person: names and surnames, DNI, phone, e-mail, office (OMAPED, OREDIS or other), position and date of designation.
    Then the DDC signed and sealed by the authority.
    .title = Requirements to request access
    .topic = aliado
    .keywords = access requirements, what do i need, what data, required data, documents, what do they ask, requirements to request, credential, rof, designation, responsible, mayor, governor, head
    .source = USUARIO ALIADO access guide, section 3; "Request access to Usuario Aliado" page (requirements); Directive N° 06-2020-MIDIS/PNPDS-DE, Annex 8.2 (f)

faq-jne = The data of the mayor or regional governor is checked against the National Elections Jury (JNE) list of authorities. It must match what is there; if it does not, the Programme may observe the request. The DDC quotes the number of the JNE credential.
    .title = Check against the JNE
    .topic = aliado
    .keywords = jne, national elections jury, credential, checked, verification, does not match, mayor data, elected authority, regional governor
    .source = USUARIO ALIADO access guide, section 4 (important); "Request access to Usuario Aliado" page (requirements)

faq-cambio-responsable = If your municipality already has access and the responsible person changed, make a new request for the same jurisdiction with the new person's data: the system recognises it as a change. When it is approved, the previous person loses access and is told so.
    .title = Change of responsible person
    .topic = aliado
    .keywords = change of responsible, change responsible, new responsible, another person, left the job, resigned, change the person in charge, modification, replace
    .source = "Request access to Usuario Aliado" page, important section

faq-usuario-contrasena = With this chat you need no user name or password: the responsible person comes in from their own chat, with the mobile registered in the request, and queries the padrón with /padron. This chat neither sends passwords by e-mail nor changes them. The user name and password of the USUARIO ALIADO web application belong to the former web procedure: if you lost them, write /especialista.
    .title = User name and password
    .topic = aliado
    .keywords = user and password, password, forgot my password, e-mail, did not arrive, spam, change password, change user, credentials, login
    .source = USUARIO ALIADO access guide, considerations; "Request access to Usuario Aliado" page

faq-por-que-acceso = With access your entity can help users collect their pension, tell them about their situation in the padrón and follow up their procedures with the Programme, working together in your territory.
    .title = What is the access for?
    .topic = aliado
    .keywords = what is it for, why is it important, benefit, advantage, usefulness, why request
    .source = USUARIO ALIADO access guide, section 2

faq-que-es-ddc = The DDC (the CONTIGO Programme's confidentiality declaration) is the authority's commitment not to use the users' information for personal convenience and to watch over the proper use of the account, under Law N° 29733. It also declares that the OMAPED (or office in charge) exists and designates the responsible person. It is valid for the fiscal year. This chat gives it to you already filled in with your data.
    .title = What is the DDC?
    .topic = ddc
    .keywords = ddc, what is the ddc, confidentiality declaration, confidentiality document, confidentiality, sworn statement, form, commitment
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, point 5.7 and Annex 3

faq-ddc-firma = The DDC is signed and sealed by the authority: the mayor, the regional governor or the head of the entity. You can send it scanned as a PDF, as a digitally signed PDF, or as { $max_photos ->
        [one] 1 sharp photo
       *[other] 1 to { $max_photos } sharp photos
    } of its pages, which are joined into one PDF here. An Other Ally also sends the document designating its head. A DDC on paper has its signature validated before a notary or a Justice of the Peace (see "Validating the DDC's signature").
    .title = Who signs the DDC and how to send it
    .topic = ddc
    .keywords = sign, signature, seal, sealed, who signs, digital signature, scan, scanned, photo, photos, pdf, signed, send the ddc
    .source = USUARIO ALIADO access guide, section 4 (c and d); Directive N° 06-2020-MIDIS/PNPDS-DE, Annex 8.2 (d)

faq-ddc-validacion = A DDC on paper, signed and sealed by the mayor, has the signature validated by a notary public; where there is no notary, the validation is done before the Justice of the Peace (Juzgado de Paz). Then scan it or take photos and send it through this chat. If the authority signs it digitally (RENIEC digital certificate or electronic DNI), that validation is not needed.
    .title = Validating the DDC's signature
    .topic = ddc
    .keywords = notary, notarised, notarized, legalise, legalize, justice of the peace, juzgado de paz, validate the signature, validation, certify the signature, no notary, digital signature, electronic dni, reniec
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, Annex 8.2 (d) and Annex 3 ("validated with a notarial signature or at the Juzgado de Paz")

faq-ddc-renovar = The DDC is renewed every fiscal year (and when the Programme asks). From { $renewal_from } (day/month) this chat reminds you; a DDC generated from that date covers the coming year. Write /renovar: we use your access's data and you only correct what changed.
    .title = Yearly renewal of the DDC
    .topic = ddc
    .keywords = renew, renewal, expires, expired, expiry, every year, yearly, fiscal year, new year, december, update ddc
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, Annex 3 (the declaration "must be renewed every fiscal year")

faq-ley-29733 = The padrón holds personal data protected by Law N° 29733, the Personal Data Protection Law. Use it only for your work: misuse carries administrative, civil and criminal liability. That is why every query is recorded and you only see your jurisdiction's information.
    .title = Personal data protection
    .topic = ddc
    .keywords = law 29733, data protection, personal data, confidential, privacy, liability, misuse, share data, can i share, record of queries
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, Annex 3; USUARIO ALIADO access guide, presentation

faq-plazo-evaluacion = Your account would be ready { $review_days ->
        [one] 1 business day
       *[other] { $review_days } business days
    } after the signed DDC enters review: the Accompaniment Unit checks the requirements ({ $uac_days ->
        [one] 1 business day
       *[other] { $uac_days } business days
    }), Legal Affairs assesses it ({ $legal_days ->
        [one] 1 business day
       *[other] { $legal_days } business days
    }), the Executive Direction authorises it ({ $director_days ->
        [one] 1 business day
       *[other] { $director_days } business days
    }) and Information Technology creates the account ({ $account_days ->
        [one] 1 business day
       *[other] { $account_days } business days
    }). When your DDC arrives I give you the expected date; write /estado to see the stage and that date.
    .title = How long does the review take?
    .topic = plazos
    .keywords = how long, how many days, term, terms, time, delay, when will they answer, when approved, business days, review, stages, who reviews, when will i get
    .source = USUARIO ALIADO access guide, considerations; Directive N° 06-2020-MIDIS/PNPDS-DE, points 7.3.2, 7.4.1 and 7.6.1

faq-observacion = If something is missing, the Accompaniment Unit observes the request and tells you what to correct. You have { $fix_days ->
        [one] 1 business day
       *[other] { $fix_days } business days
    } from the notice to fix it; otherwise the request lapses and you must start another. Write /corregir to fix the data or send a new DDC.
    .title = Observed request
    .topic = plazos
    .keywords = observed, observation, fix, correct, they observed, something missing, error in the request, lapsed, 3 days
    .source = Directive N° 06-2020-MIDIS/PNPDS-DE, point 7.3.2 (b)

faq-no-llega-usuario = This chat sends no user name or password by e-mail: when your access becomes active I tell you right here, and the responsible person queries the padrón from this chat, with the mobile registered (/padron). Your account would be ready { $review_days ->
        [one] 1 business day
       *[other] { $review_days } business days
    } after the signed DDC enters review: write /estado to see the stage and the expected date. If that date has passed, write /especialista.
    .title = My user name did not arrive
    .topic = plazos
    .keywords = did not arrive, not received, have not received, still waiting, days passed, taking too long, no answer, user not arrived, e-mail not arrived
    .source = USUARIO ALIADO access guide, considerations; "Request access to Usuario Aliado" page
