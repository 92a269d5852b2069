# E-mail copies of a request's milestones, to its responsible and its authority
# (the mayor, the governor or the head of the entity: $authority, as in main.ftl)
# (notify/email.rs). Each copy: a subject (…-subject) and a short body.
email-signature =
    Programa CONTIGO: este es un mensaje automático, por favor no lo responda. Para cualquier consulta escriba al asistente del programa en Telegram o WhatsApp.
email-registered-subject = Solicitud { $code }: DDC para firmar
email-registered =
    Se registró la solicitud { $code } de acceso al aplicativo USUARIO ALIADO para { $jurisdiction }.

    Adjuntamos la Declaración de Confidencialidad (DDC). Siguiente paso: el { $authority } la firma y sella, y la persona responsable la envía por el asistente (PDF o fotos).
email-observed-subject = Solicitud { $code } observada
email-observed =
    La solicitud { $code } ({ $jurisdiction }) fue observada: { $reason }.

    Siguiente paso: corríjala por el asistente hasta el { $date }; si no, quedará sin efecto.
email-rejected-subject = Solicitud { $code } rechazada
email-rejected =
    La solicitud { $code } ({ $jurisdiction }) fue rechazada: { $reason }.

    Si reúne los requisitos, puede registrar una nueva solicitud por el asistente.
email-approved-subject = Acceso aprobado: solicitud { $code }
email-approved =
    La solicitud { $code } fue aprobada: el acceso de { $jurisdiction } está activo para el año fiscal { $year }.

    La persona responsable ya puede consultar la información de su jurisdicción desde el asistente.
email-superseded-subject = Acceso reemplazado: solicitud { $code }
email-superseded =
    El acceso de { $jurisdiction } de la solicitud { $code } terminó: pasó a un nuevo responsable (solicitud { $reason }).
email-access-suspended-subject = Acceso suspendido: solicitud { $code }
email-access-suspended =
    El Programa suspendió el acceso de { $jurisdiction } (solicitud { $code }). Motivo: { $reason }.

    Mientras dure la suspensión no se puede consultar el padrón. Si tiene dudas, escriba al asistente y elija «Hablar con especialista».
email-access-revocation-review-subject = Revocación en trámite: solicitud { $code }
email-access-revocation-review =
    El Programa dispuso revocar el acceso de { $jurisdiction } (solicitud { $code }). Motivo: { $reason }.

    La Dirección Ejecutiva debe confirmarlo; mientras tanto no se puede consultar el padrón.
email-access-revoked-subject = Acceso revocado: solicitud { $code }
email-access-revoked =
    El acceso de { $jurisdiction } (solicitud { $code }) fue revocado por el Programa. Motivo: { $reason }.

    Para volver a tener acceso, la entidad debe registrar una nueva solicitud por el asistente.
email-access-restored-subject = Acceso restablecido: solicitud { $code }
email-access-restored =
    El Programa restableció el acceso de { $jurisdiction } (solicitud { $code }). La persona responsable ya puede consultar el padrón otra vez.
email-expiring-subject = El acceso de { $jurisdiction } vence este año fiscal
email-expiring =
    El acceso de { $jurisdiction } (solicitud { $code }) vence al cerrar el año fiscal { $year }.

    Siguiente paso: registre la renovación por el asistente con «Renovar acceso»; se reutilizan sus datos.
# To the applicant's chat, once per address, when an SMTP server refused it for good.
email-address-refused = ⚠️ No pudimos entregar la copia por correo de su solicitud { $code } a { $address }: el servidor de correo la rechazó. Ya no enviaremos copias a esa dirección. Si está mal escrita, corrija sus datos con «Corregir datos» cuando su solicitud esté observada, o escriba /especialista.
email-authority-changed-subject = Nueva autoridad en { $jurisdiction }: se necesita una nueva DDC (solicitud { $code })
email-authority-changed =
    La lista de autoridades del JNE registra a { $reason } como autoridad de { $jurisdiction }. Para mantener el acceso de la solicitud { $code }, la nueva autoridad debe firmar una nueva Declaración de Confidencialidad (DDC) hasta el { $date }. Puede pedirla y devolverla firmada desde el asistente.
email-new-ddc-asked-subject = Se pide una nueva DDC firmada: solicitud { $code }
email-new-ddc-asked =
    La Unidad de Acompañamiento del Programa pide una nueva Declaración de Confidencialidad (DDC) firmada para el acceso de { $jurisdiction } (solicitud { $code }). Motivo: { $reason }.

    Adjuntamos la DDC nueva, con otro código de verificación. Hágala firmar y sellar por el { $authority } y envíela firmada por el asistente antes del { $date }. Si no llega a tiempo, el acceso se suspenderá hasta que la UAC la reciba.
email-new-ddc-accepted-subject = Nueva DDC aceptada: solicitud { $code }
email-new-ddc-accepted =
    La Unidad de Acompañamiento aceptó la nueva DDC firmada del acceso de { $jurisdiction } (solicitud { $code }). El acceso sigue activo y no falta nada más.
email-invitation-subject = Invitación: acceso USUARIO ALIADO para { $district }
email-invitation =
    Su municipalidad aún no tiene acceso al aplicativo USUARIO ALIADO del Programa CONTIGO, con el que la OMAPED consulta el padrón de las personas usuarias de { $district }.

    Adjuntamos la carta de invitación. Siguiente paso: escanee el código QR de la carta con su celular y siga las preguntas del chat del Programa.
