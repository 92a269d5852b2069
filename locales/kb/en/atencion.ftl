# Knowledge base: how to reach the Programme.

faq-contacto = The quickest way is this chat: write /especialista and a specialist of the Programme answers you here, with your case at hand. You can also write to { $contact_email } or call the Programme's switchboard, { $contact_phone }, Monday to Friday from { $office_open } to { $office_close }.
    .title = How do I contact the Programme?
    .topic = atencion
    .keywords = contact, reach, phone, number, call, switchboard, programme email, email, whatsapp, where do i write, nobody answers, talk to someone
    .source = Report N° 000308-2022-MIDIS/PNPDS-UAC, Annex 01 (case 0050, improvement actions); USUARIO ALIADO access guide, considerations

faq-capacitacion = The Programme gives allies technical assistance on its guidelines and on affiliation, payment authorisation and revocation. Here you have step-by-step guides ("Frequent questions" menu, "How to…?") and, for anything else, a specialist answers you in this chat with /especialista.
    .title = Training and technical assistance
    .topic = atencion
    .keywords = training, trained, technical assistance, never trained, course, workshop, induction, learn, manual, guide, instructions, tutorial, video
    .source = Report N° 000308-2022-MIDIS/PNPDS-UAC, Annex 01 (cases 0050 and 0051)

faq-tipos-atencion = When you ask for a specialist, pick the kind of message: question, request, claim, complaint, report of wrongdoing or suggestion. It then goes to the right team and is answered. You get a ticket number and the term of the first answer.
    .title = Questions, claims and complaints
    .topic = atencion
    .keywords = claim, complaint, report wrongdoing, suggestion, request, complain, complaints book, kind of question, ticket, orienta midis
    .source = Operations manual, process "User guidance and attention" (requests for attention)

faq-horario-atencion = Specialists answer during office hours: Monday to Friday, from { $office_open } to { $office_close } (Lima time), on business days; the first answer comes within { $first_response_hours ->
        [one] 1 office hour
       *[other] { $first_response_hours } office hours
    }. If you write at night or on a holiday, your message is kept and you are told when to expect the answer. The frequent questions in this chat are answered at any hour.
    .title = Office hours
    .topic = atencion
    .keywords = hours, office hours, open, saturday, sunday, holiday, at night, weekend, what time, when do you answer
    .source = Operations manual, process "User guidance and attention" (registration and attention; answer)
