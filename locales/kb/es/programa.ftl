# Base de conocimiento: el Programa CONTIGO y su pensión.
# Cada entrada: el texto de la respuesta y sus atributos .title, .topic, .keywords y
# .source (documento y sección de donde sale). Sin datos personales.

faq-que-es-contigo = CONTIGO es el Programa Nacional del MIDIS que entrega una pensión no contributiva (no hace falta haber aportado) a personas con discapacidad severa en situación de pobreza, para elevar su calidad de vida. Interviene en las 25 regiones del país.
    .title = ¿Qué es el Programa CONTIGO?
    .topic = pension
    .keywords = que es contigo, programa contigo, midis, pension no contributiva, para que sirve, de que trata, el programa
    .source = Informe N° 000308-2022-MIDIS/PNPDS-UAC, numeral 2.1; Directiva N° 06-2020-MIDIS/PNPDS-DE, considerandos

faq-requisitos-pension = Para recibir la pensión, la persona debe cumplir los tres requisitos:
    • Tener el certificado de discapacidad con calificación de severa.
    • No recibir ingresos ni pensión del sector público o privado (incluidas las prestaciones económicas de EsSalud).
    • Estar en situación de pobreza según el SISFOH (Sistema de Focalización de Hogares).
    .title = Requisitos para recibir la pensión
    .topic = pension
    .keywords = requisitos, requisito, que piden, requisitos de la pension, requisitos para la pension, quien puede, quienes pueden, acceder a la pension, recibir la pension, cobrar la pension, beneficiario, certificado de discapacidad, certificado conadis, carnet conadis, sisfoh, pobreza, essalud, otra pension, severa, calificar, postular, inscribir a una persona, condiciones, entrar al programa, ingresar al programa, requisitos para afiliarse, que necesita una persona, como entra, entra al programa, como ingresa
    .source = Informe N° 000308-2022-MIDIS/PNPDS-UAC, numeral 2.2 (artículo 8 del D.S. N° 004-2015-MIMP)

faq-monto-pension = La pensión es de S/ 300 (trescientos soles) y se entrega cada dos meses (bimestral).
    .title = Monto y frecuencia de la pensión
    .topic = pension
    .keywords = monto, cuanto pagan, cuanto es la pension, cuanto les dan, cuanta plata, cuanto dinero, 300, trescientos, soles, bimestral, mensual, cada cuanto pagan, cada dos meses, frecuencia, pension de 300
    .source = Directiva N° 06-2020-MIDIS/PNPDS-DE, considerandos de la resolución que la aprueba
    
faq-afiliacion = La afiliación es el trámite por el que una persona con discapacidad severa en pobreza ingresa al padrón de usuarios del Programa. La Unidad de Operaciones y Transferencias evalúa cada solicitud: queda conforme o no conforme (con el motivo). Si su acceso está aprobado, puede ver en este chat las solicitudes de afiliación de su jurisdicción con «Afiliaciones solicitadas».
    .title = ¿Qué es la afiliación?
    .topic = pension
    .keywords = afiliacion, afiliar, afiliarse, afiliado, solicitud de afiliacion, inscripcion, inscribir, como se afilia, conforme, no conforme, expediente
    .source = Informe N° 000308-2022-MIDIS/PNPDS-UAC, numeral 2.3 (Manual de Operaciones, artículo 21); Guía de acceso a la aplicación USUARIO ALIADO, sección 2

faq-estados-usuario = En el padrón, una persona usuaria puede estar:
    • Vigente: recibe la pensión.
    • Suspendida: la pensión está detenida por un tiempo.
    • Desafiliada: ya no es usuaria del Programa.
    Para Otros Aliados el padrón también se agrupa en continuadores y reincorporados. Para saber el caso de una persona, pregunte a un especialista.
    .title = Vigentes, suspendidos y desafiliados
    .topic = pension
    .keywords = vigente, vigentes, suspendido, suspendida, suspendidos, desafiliado, desafiliada, desafiliacion, continuador, continuadores, reincorporado, reincorporados, estado del usuario, que significa, padron por categoria, la suspendieron, le quitaron la pension, ya no cobra
    .source = Guía de acceso a la aplicación USUARIO ALIADO, sección 2 (tipo de acceso); Directiva N° 06-2020-MIDIS/PNPDS-DE, numeral 5.4

faq-servicios-complementarios = Además de la pensión, las personas usuarias y sus familias pueden acceder a otros servicios del Estado: el SIS (Seguro Integral de Salud), para su atención de salud; los CEBE (Centros de Educación Básica Especial), para estudiantes con discapacidad severa o multidiscapacidad; y los PRITE (Programas de Intervención Temprana), para niñas y niños de 0 a 5 años con discapacidad o en riesgo de tenerla. La OMAPED puede orientar a la familia hacia el establecimiento de salud o la UGEL de su zona.
    .title = Servicios complementarios: SIS, CEBE y PRITE
    .topic = pension
    .keywords = servicios complementarios, otros servicios, sis, seguro integral de salud, seguro de salud, salud, cebe, prite, educacion especial, colegio, escuela, estudiar, intervencion temprana, ugel, posta, hospital, ademas de la pension
    .source = Informe N° 000308-2022-MIDIS/PNPDS-UAC, Anexo 01 (capacitaciones sobre los servicios de salud y los que brindan los CEBE y PRITE); información pública del MINEDU y del SIS
