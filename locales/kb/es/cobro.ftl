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

faq-quien-cobra = Cobra la propia persona usuaria, con su DNI. Si es menor de edad, cobra su madre, su padre o quien la tiene a su cargo, con autorización de cobro del Programa. Si es mayor de edad y no puede cobrar por sí misma (por ejemplo, está postrada), cobra la persona que el Programa autorice. La autorización la tramita la Unidad de Operaciones y Transferencias; con su acceso aprobado ve en este chat el estado de las autorizaciones y los «menores sin autorización» de su jurisdicción. Para un caso concreto, escriba /especialista.
    .title = ¿Quién cobra por un menor o por quien no puede?
    .topic = cobro
    .keywords = quien cobra, quien cobra por el, quien cobra por ella, cobra por un menor, menor de edad, nino, hijo, no puede cobrar, no puede ir, postrado, postrada, enfermo, cobrar por otro, la mama cobra, el papa cobra, tutor, apoderado, representante
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 1 (autorización de cobro; menores sin autorización); Directiva N° 06-2020-MIDIS/PNPDS-DE, considerandos

faq-calendario-pago = { $payment_known ->
        [yes] El próximo pago de la pensión es desde el { $next_payment }, hasta el { $next_payment_until }. Se cobra en el Banco de la Nación (agencia, cajero o agente) con el DNI o la tarjeta de débito.
       *[no] Aún no tengo publicada la fecha del próximo pago. La pensión se paga cada dos meses; escriba /especialista para confirmarla.
    }
    .title = Calendario de pagos: el próximo pago
    .topic = cobro
    .keywords = calendario de pagos, cronograma de pagos, proximo pago, cuando pagan, cuando es el pago, cuando cobran, fecha de pago, dia de pago, que dia pagan, que dia cobran, este bimestre, este mes, cuando depositan, ya pagaron, fecha de cobro
    .source = Calendario de pagos del bimestre de la Unidad de Operaciones y Transferencias, que el operador mantiene en la configuración del asistente ([kb] payments)

faq-tarjeta-debito = La pensión se deposita en una cuenta del Banco de la Nación a nombre de la persona usuaria (o de quien tiene autorización de cobro). Con la tarjeta de débito de esa cuenta se retira el dinero en cajeros, agentes o agencias del Banco de la Nación, sin hacer cola en ventanilla. La clave (PIN) es secreta: no se comparte ni se anota junto a la tarjeta. Si la tarjeta se pierde, se la roban o se olvida la clave, hay que bloquearla y pedir otra en una agencia del Banco de la Nación con el DNI.
    .title = La tarjeta de débito
    .topic = cobro
    .keywords = tarjeta, tarjeta de debito, debito, cajero, cajero automatico, agente, retirar, sacar plata, sacar dinero, clave de la tarjeta, pin, perdio la tarjeta, robaron la tarjeta, bloquear, banco de la nacion, cuenta de ahorros, inclusion financiera
    .source = Informe N° 000308-2022-MIDIS/PNPDS-UAC, Anexo 01 (capacitación «inclusión financiera de las usuarias/os con énfasis en el acceso y uso de tarjeta de débito»); información pública del Programa CONTIGO
