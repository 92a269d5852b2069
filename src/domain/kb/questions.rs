//! Fifty questions as allies write them (misspelt, without accents, Peruvian
//! wording), each with the entry that answers it: the share the built-in knowledge
//! base answers outright is printed and held above a floor.

use super::{Found, KnowledgeBase, builtin};

/// (question, the entry that answers it).
pub(super) const QUESTIONS: &[(&str, &str)] = &[
    (
        "que requisitos piden para la pension de discapacidad",
        "faq-requisitos-pension",
    ),
    (
        "cuales son los requisitos para que mi vecino cobre el bono contigo",
        "faq-requisitos-pension",
    ),
    (
        "una persona con discapacidad moderada puede recibir la pencion?",
        "faq-requisitos-pension",
    ),
    (
        "necesita certificado conadis para postular?",
        "faq-requisitos-pension",
    ),
    (
        "si tiene pension de essalud igual puede entrar?",
        "faq-requisitos-pension",
    ),
    ("cuanto es el monto que pagan?", "faq-monto-pension"),
    ("cada cuanto tiempo pagan la pension", "faq-monto-pension"),
    ("cuanta plata le dan a los usuarios", "faq-monto-pension"),
    ("es mensual o bimestral el pago?", "faq-monto-pension"),
    ("que es el programa contigo", "faq-que-es-contigo"),
    ("como afilio a una persona al programa", "faq-afiliacion"),
    (
        "que significa solicitud de afiliacion no conforme",
        "faq-afiliacion",
    ),
    (
        "que quiere decir que un usuario esta suspendido",
        "faq-estados-usuario",
    ),
    ("por que sale desafiliado un usuario", "faq-estados-usuario"),
    ("que es la autorizacion de cobro", "faq-autorizacion-cobro"),
    (
        "la mama puede cobrar por su hijo discapacitado?",
        "faq-autorizacion-cobro",
    ),
    ("como hago la rebocatoria de un cobrador", "faq-revocatoria"),
    (
        "quiero cambiar de cobrador a una usuaria, ya no quiere que su sobrino cobre",
        "faq-revocatoria",
    ),
    (
        "que son los menores sin autorizacion",
        "faq-menores-sin-autorizacion",
    ),
    ("que es usuario aliado", "faq-usuario-aliado"),
    ("para que sirve el usuario omaped", "faq-usuario-aliado"),
    ("que tipos de acceso hay", "faq-tipos-acceso"),
    (
        "soy de la oredis que acceso me corresponde",
        "faq-tipos-acceso",
    ),
    (
        "que datos necesito para pedir el acceso",
        "faq-requisitos-acceso",
    ),
    (
        "que documentos piden para solicitar el usuario aliado",
        "faq-requisitos-acceso",
    ),
    ("por que me piden la credencial del jne?", "faq-jne"),
    (
        "los datos del alcalde no coinciden con el jne que hago",
        "faq-jne",
    ),
    (
        "cambiaron al responsable de la omaped, que hacemos?",
        "faq-cambio-responsable",
    ),
    (
        "me olvide la contrasena del usuario aliado",
        "faq-usuario-contrasena",
    ),
    (
        "a que correo llega el usuario y la clave",
        "faq-usuario-contrasena",
    ),
    ("que es la ddc", "faq-que-es-ddc"),
    (
        "para que es la declaracion de confidencialidad",
        "faq-que-es-ddc",
    ),
    (
        "quien firma la declaracion, el alcalde o el gerente?",
        "faq-ddc-firma",
    ),
    (
        "puedo mandar la ddc en foto desde el celular?",
        "faq-ddc-firma",
    ),
    ("la ddc se vence? cada cuanto se renueva", "faq-ddc-renovar"),
    (
        "puedo compartir la lista de beneficiarios con otra area?",
        "faq-ley-29733",
    ),
    (
        "cuanto demora la aprobacion del acceso",
        "faq-plazo-evaluacion",
    ),
    (
        "cuantos dias habiles tarda la revision?",
        "faq-plazo-evaluacion",
    ),
    ("me observaron la solicitud que hago", "faq-observacion"),
    (
        "ya pasaron mas de 5 dias y no me llega el usuario",
        "faq-no-llega-usuario",
    ),
    (
        "que informacion puedo ver en el padron?",
        "faq-que-ve-aliado",
    ),
    ("que es la fad", "faq-fad"),
    ("como reporto que fallecio un usuario", "faq-alertas"),
    (
        "cada cuanto actualizan el padron",
        "faq-actualizacion-padron",
    ),
    (
        "busco un dni y no aparece, es de otro distrito",
        "faq-dni-fuera",
    ),
    (
        "cual es el numero de telefono del programa contigo?",
        "faq-contacto",
    ),
    (
        "a nosotros nunca nos capacitaron en el usuario aliado",
        "faq-capacitacion",
    ),
    ("como presento un reclamo", "faq-tipos-atencion"),
    (
        "como renuevo la ddc para el proximo ano",
        "guide-renovar-ddc",
    ),
    (
        "como hago para consultar el padron desde aqui",
        "guide-vincular-padron",
    ),
];

/// Twenty more, written after the index was tuned on the fifty and never used to
/// tune it: how it does on questions it has not seen.
pub(super) const HELD_OUT: &[(&str, &str)] = &[
    (
        "cuales son las condiciones para ser beneficiario de contigo",
        "faq-requisitos-pension",
    ),
    (
        "de cuanto es la pension que da el midis",
        "faq-monto-pension",
    ),
    (
        "un usuario que estaba suspendido puede volver a cobrar?",
        "faq-estados-usuario",
    ),
    (
        "la abuelita no puede ir a cobrar, quien cobra por ella?",
        "faq-autorizacion-cobro",
    ),
    (
        "como se anula la autorizacion de un cobrador",
        "faq-revocatoria",
    ),
    (
        "somos conadis, que tipo de acceso pedimos",
        "faq-tipos-acceso",
    ),
    (
        "que necesito tener listo antes de solicitar el acceso",
        "faq-requisitos-acceso",
    ),
    (
        "el nuevo jefe de omaped necesita el acceso, el anterior ya se fue",
        "faq-cambio-responsable",
    ),
    (
        "no encuentro el correo con la clave",
        "faq-usuario-contrasena",
    ),
    (
        "tiene que firmar el alcalde o puede firmar el gerente municipal",
        "faq-ddc-firma",
    ),
    (
        "en que fecha vence la declaracion de confidencialidad",
        "faq-ddc-renovar",
    ),
    ("en cuantos dias me dan el usuario", "faq-plazo-evaluacion"),
    ("que pasa si no subsano a tiempo", "faq-observacion"),
    (
        "que es lo que veo como omaped en el padron",
        "faq-que-ve-aliado",
    ),
    (
        "una usuaria se cambio de casa, como actualizo su direccion",
        "guide-enviar-fad",
    ),
    (
        "la senora fallecio la semana pasada, a quien aviso",
        "faq-alertas",
    ),
    (
        "los datos del padron son de hoy?",
        "faq-actualizacion-padron",
    ),
    ("a que correo escribo al programa", "faq-contacto"),
    ("atienden los sabados?", "faq-horario-atencion"),
    ("como envio la declaracion firmada", "guide-enviar-ddc"),
];

/// The share answered outright, measured on the fifty (see the notes of issue 16);
/// the test holds it from falling.
const FLOOR: f64 = 0.76;

/// How a set fares: answered right, offered among the closest, and each miss with
/// the three best-ranked entries.
fn measure(kb: &KnowledgeBase, set: &[(&str, &str)]) -> (usize, usize, Vec<String>) {
    let (mut right, mut offered, mut misses) = (0, 0, vec![]);
    for (question, want) in set {
        assert!(kb.entry("es", want).is_some(), "{want} is no entry");
        let found = kb.find("es", question);
        match &found {
            Found::Answer(got) if got == want => {
                right += 1;
                continue;
            }
            Found::Unclear(ids) if ids.iter().any(|i| i == want) => offered += 1,
            _ => {}
        }
        let ranked: Vec<_> = kb.langs["es"]
            .index
            .ranked_ids(question)
            .into_iter()
            .take(3)
            .collect();
        misses.push(format!(
            "{question:?}: {found:?}, want {want}; ranked {ranked:?}"
        ));
    }
    (right, offered, misses)
}

#[test]
fn fifty_questions_in_allies_own_words_reach_their_entry() {
    let kb = KnowledgeBase::load(&builtin()).expect("built-in entries load");
    assert_eq!(QUESTIONS.len(), 50);
    let (right, offered, misses) = measure(&kb, QUESTIONS);
    let share = right as f64 / QUESTIONS.len() as f64;
    println!(
        "knowledge base: {} entries; {right} of {} questions answered right ({:.0} %), \
         {offered} more offered among the closest",
        kb.len("es"),
        QUESTIONS.len(),
        share * 100.0
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(share >= FLOOR, "{share:.2} < {FLOOR}");
}

#[test]
fn questions_never_used_for_tuning_are_measured_too() {
    let kb = KnowledgeBase::load(&builtin()).expect("built-in entries load");
    let (right, offered, misses) = measure(&kb, HELD_OUT);
    println!(
        "held out: {right} of {} answered right, {offered} more offered among the closest",
        HELD_OUT.len()
    );
    for m in &misses {
        println!("  {m}");
    }
    // A floor well under what was measured: the set is small.
    assert!(right * 2 >= HELD_OUT.len(), "{right} of {}", HELD_OUT.len());
}
