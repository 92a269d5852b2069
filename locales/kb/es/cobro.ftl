# Base de conocimiento: el cobro de la pensión.

faq-autorizacion-cobro = La autorización de cobro permite que otra persona cobre la pensión en nombre de la persona usuaria, por ejemplo cuando es menor de edad o no puede cobrar por sí misma. La tramita la Unidad de Operaciones y Transferencias, que también ve su renovación y su revocatoria. Con su acceso aprobado puede ver el estado de las autorizaciones de su jurisdicción: autorizado, pendiente, observado o no autorizado.
    .title = Autorización de cobro
    .topic = cobro
    .keywords = autorizacion de cobro, autorizacion, autorizar, autorizado, cobrador, mama, papa, madre, familiar, cobrar por su hijo, cobrar por el, cobrar por ella, quien cobra, cobrar por otro, cobrar en su nombre, apoderado, tutor, representante, cobro, cobrar, renovacion de autorizacion, pendiente, observado
    .source = Informe N° 000308-2022-MIDIS/PNPDS-UAC, numeral 2.3 (Manual de Operaciones, artículo 21); Guía de acceso a la aplicación USUARIO ALIADO, sección 1

faq-revocatoria = La revocatoria deja sin efecto una autorización de cobro: la persona autorizada ya no puede cobrar la pensión. Es un proceso de la Unidad de Operaciones y Transferencias; su estado aparece con las autorizaciones de cobro de su jurisdicción. Para un caso concreto, pida hablar con un especialista: verá el expediente con usted.
    .title = Revocatoria de la autorización
    .topic = cobro
    .keywords = revocatoria, revocar, revocacion, quitar la autorizacion, anular autorizacion, cambiar de cobrador, cambiar cobrador, ya no quiero que cobre, dejar sin efecto, otra persona cobra
    .source = Informe N° 000308-2022-MIDIS/PNPDS-UAC, numeral 2.3 (Manual de Operaciones, artículo 21) y Anexo 01; Directiva N° 06-2020-MIDIS/PNPDS-DE, numeral 5.4

faq-menores-sin-autorizacion = «Menores sin autorización» cuenta a las personas usuarias menores de 18 años, no desafiliadas, que no tienen una persona autorizada a cobrar o cuya autorización no fue otorgada. Son casos a los que conviene ayudar a tramitar la autorización de cobro. Si su acceso está aprobado, véalos en el menú de consultas del padrón.
    .title = Menores sin autorización
    .topic = cobro
    .keywords = menores, menor de edad, menores sin autorizacion, nino, nina, ninos, hijo, hija, sin cobrador, no tiene quien cobre, menor sin autorizacion
    .source = Memorando de UAC a UTI sobre el reporte mensual (botón «menores sin autorización»); Guía de acceso a la aplicación USUARIO ALIADO, sección 2
