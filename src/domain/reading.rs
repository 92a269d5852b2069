//! One reading of what a person types, before anything is done with it: a request
//! code (with the verification code printed on its DDC, or alone), a DNI (or one
//! with a digit missing), a question, a wish the menu knows, a greeting, thanks, or
//! nothing we know. The router decides with the chat's state what each one does
//! there (a question at a form step is answered and the step asked
//! again; a menu word inside a question is a question).
//!
//! Chat Spanish is read as it is written: "q es la ddc", "xq no me llega", "dnd
//! veo", "k hago" ([`expand`]). Pure: no I/O, no state.

use super::request::{UploadLink, VerificationCode, parse_request_code, request_code};
use super::ticket::CaseNumber;
use super::ubigeo::normalize;
use super::values::Dni;

/// What a text is, read on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A request code and its verification code (as the DDC prints them, or the
    /// QR's `/start` payload): the upload step of that request.
    Upload(UploadLink),
    /// A request code alone (`CTG-2026-000123`), as the store writes it.
    RequestCode(String),
    /// A case's number (`AT-2026-000012`, `ALE-000001`, `FAD-000001`): where it is.
    CaseNumber(CaseNumber),
    /// 8 digits, grouped or not: a person's DNI.
    Dni(Dni),
    /// 7 digits: a DNI with a digit missing.
    ShortDni,
    /// Something asked: answered from the knowledge base, never taken as an order.
    Question,
    /// Something the menu does, said in words ("quiero renovar").
    Wish(Wish),
    Greeting,
    Thanks,
    /// Nothing of the above: at a step, its answer; with no step open, not known.
    Other,
}

/// What the menu offers, as people ask for it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wish {
    Specialist,
    Renew,
    FixObservation,
    Status,
    Ddc,
    Upload,
    Register,
    Help,
}

/// Chat abbreviations and their words (after [`normalize`]).
pub(crate) const ABBREVIATIONS: &[(&str, &str)] = &[
    ("q", "que"),
    ("k", "que"),
    ("ke", "que"),
    ("qe", "que"),
    ("xq", "porque"),
    ("xk", "porque"),
    ("pq", "porque"),
    ("pk", "porque"),
    ("porq", "porque"),
    ("porqe", "porque"),
    ("dnd", "donde"),
    ("dnde", "donde"),
    ("tb", "tambien"),
    ("tmb", "tambien"),
    ("tbn", "tambien"),
    ("x", "por"),
    ("ud", "usted"),
    ("uds", "ustedes"),
    ("cdo", "cuando"),
    ("cuand", "cuando"),
    ("xfa", "por favor"),
    ("xfavor", "por favor"),
    ("porfa", "por favor"),
    ("pa", "para"),
    ("d", "de"),
    ("msj", "mensaje"),
    ("info", "informacion"),
    ("pork", "porque"),
    ("pal", "para el"),
    ("cel", "celular"),
    ("tlf", "telefono"),
    ("telf", "telefono"),
    ("nro", "numero"),
    ("num", "numero"),
    ("muni", "municipalidad"),
    ("wsp", "whatsapp"),
    ("wasap", "whatsapp"),
    ("bn", "bien"),
    ("kien", "quien"),
    ("kiero", "quiero"),
    ("komo", "como"),
    ("ahi", "ahi"),
];

/// The text normalized (no accents, lower case, punctuation as spaces) with chat
/// abbreviations written out: "Q es la DDC?" → "que es la ddc".
pub fn expand(text: &str) -> String {
    normalize(text)
        .split(' ')
        .map(|w| {
            ABBREVIATIONS
                .iter()
                .find(|(short, _)| *short == w)
                .map_or(w, |(_, long)| long)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words a question starts with.
const ASKING: &[&str] = &[
    "que",
    "como",
    "cuanto",
    "cuanta",
    "cuantos",
    "cuantas",
    "cuando",
    "donde",
    "quien",
    "quienes",
    "cual",
    "cuales",
    "por que",
    "porque",
    "para que",
    "puedo",
    "se puede",
    "hay",
    "es",
    "son",
    "debo",
    "tengo que",
    "necesito",
    "existe",
    "cada cuanto",
    "en que",
    "a que",
    "de que",
    "con que",
    "hasta cuando",
    "desde cuando",
    // Said before the question: "una consulta, …", "quisiera saber …".
    "una consulta",
    "una pregunta",
    "una duda",
    "consulta",
    "pregunta",
    "tengo una consulta",
    "tengo una pregunta",
    "tengo una duda",
    "quiero saber",
    "quisiera saber",
    "queria saber",
    "deseo saber",
    "necesito saber",
    "quiero consultar",
    "quisiera consultar",
    "queria consultar",
    "quiero preguntar",
    "quisiera preguntar",
    "queria preguntar",
    "me puede decir",
    "me pueden decir",
    "me podria decir",
    "me podrian decir",
    "me puede explicar",
    "me pueden explicar",
    "me explica",
    "me explican",
    "me informa",
    "me informan",
    "i want to know",
    "i would like to know",
    "tell me",
    "what",
    "how",
    "when",
    "where",
    "who",
    "which",
    "why",
    "can",
    "do",
    "does",
    "is",
    "are",
    "should",
];

/// Phrases that make a question wherever they stand ("me observaron la solicitud,
/// q hago").
const ASKING_INSIDE: &[&str] = &[
    "que hago",
    "que hacer",
    "que debo",
    "que tengo que",
    "como hago",
    "como se",
    "como puedo",
    "como debo",
    "cada cuanto",
    "cuanto demora",
    "cuanto tiempo",
    "cuantos dias",
    "por que",
    "porque no",
    "que pasa",
    "que paso",
    "que significa",
    "que es",
    "que son",
    "para que sirve",
    "para que es",
    "se puede",
    "no me llega",
    "no me llego",
    "no llega",
    "no llego",
    "donde",
    "cuando",
    "what should",
    "how do",
    "how long",
];

/// Words that ask about something wherever they stand, even beside a word of the
/// menu: "registrar solicitud requisitos", "ddc vencida", "quisiera informacion
/// sobre la renovacion" want to know, not to start the registration, the download
/// or the renewal.
const ABOUT: &[&str] = &[
    "requisito",
    "requisitos",
    "plazo",
    "plazos",
    "demora",
    "tarda",
    "significa",
    "vence",
    "vencio",
    "vencida",
    "vencido",
    "caduca",
    "caduco",
    "cuesta",
    "costo",
    "precio",
    "gratis",
    "gratuito",
    "obligatorio",
    "informacion sobre",
    "informacion de",
    "informacion del",
    "informes sobre",
    "duda sobre",
    "dudas sobre",
    "consulta sobre",
    "pregunta sobre",
];

/// Words that ask wherever they stand ("gracias, y cuanto pagan", "la ddc quien la
/// firma"): no menu wish and no answer to a form's step has them.
const ASKING_ANYWHERE: &[&str] = &[
    "cuanto", "cuanta", "cuantos", "cuantas", "quien", "quienes", "how much", "how many",
];

/// Question words a short question ends with ("enviar fad como", "renovar ddc cuando").
const ASKING_LAST: &[&str] = &[
    "que", "como", "cuando", "donde", "cual", "cuales", "porque", "why", "how", "when",
];

/// Whether a text asks something rather than answers or orders.
pub fn is_question(text: &str) -> bool {
    text.contains(['?', '¿']) || asks(courtesy_stripped(&expand(text)))
}

/// Whether an expanded text, its courtesies taken off, is worded as a question.
fn asks(t: &str) -> bool {
    starts_with_any(t, ASKING)
        || contains_phrase(t, ASKING_INSIDE)
        || contains_phrase(t, ABOUT)
        || contains_phrase(t, ASKING_ANYWHERE)
        || t.rsplit(' ')
            .next()
            .is_some_and(|last| ASKING_LAST.contains(&last))
}

/// Words people open a message with before saying anything ("hola buenas tardes,
/// una consulta: …"), taken off so what follows is read as if it came first.
const COURTESIES: &[&str] = &[
    "hola",
    "ola",
    "holi",
    "buenos dias",
    "buenas tardes",
    "buenas noches",
    "buen dia",
    "buenas",
    "saludos",
    "saludos cordiales",
    "estimado",
    "estimada",
    "estimados",
    "senor",
    "senora",
    "senorita",
    "sr",
    "sra",
    "srta",
    "amigo",
    "amiga",
    "disculpe",
    "disculpa",
    "disculpen",
    "perdon",
    "buenas buenas",
    "good morning",
    "good afternoon",
    "hello",
    "hi",
    "excuse me",
];

/// What announces a question before it is asked ("una consulta: …").
const ANNOUNCING: &[&str] = &[
    "una consulta",
    "una pregunta",
    "una duda",
    "una consultita",
    "tengo una consulta",
    "tengo una pregunta",
    "tengo una duda",
    "consulta",
    "pregunta",
    "a question",
];

/// The text as the knowledge base should read it: written out, without the
/// courtesies and the "una consulta" it opens with ("hola buenas, una consulta, q
/// es la ddc" → "que es la ddc").
pub fn what_is_asked(text: &str) -> String {
    let expanded = expand(text);
    let mut rest = courtesy_stripped(&expanded);
    if let Some(a) = ANNOUNCING
        .iter()
        .filter(|a| rest.strip_prefix(**a).is_some_and(|r| r.starts_with(' ')))
        .max_by_key(|a| a.len())
    {
        rest = courtesy_stripped(&rest[a.len()..]);
    }
    rest.to_owned()
}

/// The text without the courtesies it opens with.
fn courtesy_stripped(t: &str) -> &str {
    let mut rest = t.trim();
    loop {
        // The longest courtesy first: "buenas tardes" before "buenas".
        let Some(len) = COURTESIES
            .iter()
            .filter(|c| rest == **c || rest.strip_prefix(**c).is_some_and(|r| r.starts_with(' ')))
            .map(|c| c.len())
            .max()
        else {
            return rest;
        };
        rest = rest[len..].trim_start();
    }
}

/// Whether a text is plainly a question: asked with a question mark or opening with
/// a question word. Where an answer is awaited this is what counts: "no se como se
/// llama el alcalde" there is an answer that is no name, not a question to look up.
pub fn asks_plainly(text: &str) -> bool {
    text.contains(['?', '¿']) || starts_with_any(&expand(text), ASKING)
}

/// Whether a text asks who someone is or what they are called ("cómo se llama",
/// "¿quién es el alcalde?", "cuál es su nombre"). Where a name is asked, the person
/// does not have it: they are told where to find that name, not answered from the
/// knowledge base (whose nearest entry is about something else).
pub fn asks_for_a_name(text: &str) -> bool {
    const NAMING: &[&str] = &[
        "llama",
        "llaman",
        "nombre",
        "nombres",
        "apellido",
        "apellidos",
        "quien",
        "quienes",
        "name",
        "names",
        "surname",
        "surnames",
        "who",
    ];
    expand(text).split(' ').any(|w| NAMING.contains(&w))
}

/// "Menú", "inicio", "volver al menú" typed alone, without the command's slash: the
/// menu, from any step (an answer to a question is never one of these words).
pub fn asks_for_menu(text: &str) -> bool {
    const MENU: &[&str] = &[
        "menu",
        "menu principal",
        "el menu",
        "inicio",
        "al menu",
        "ir al menu",
        "volver al menu",
        "regresar al menu",
        "ir al inicio",
        "volver al inicio",
        "main menu",
        "back to menu",
        "back to the menu",
    ];
    MENU.contains(&courtesy_stripped(&normalize(text)))
}

/// "Atrás", "volver", "anterior": the previous question, said instead of answering.
pub fn goes_back(text: &str) -> bool {
    const BACK: &[&str] = &[
        "atras",
        "volver",
        "volver atras",
        "ir atras",
        "regresar",
        "anterior",
        "pregunta anterior",
        "paso anterior",
        "retroceder",
        "back",
        "go back",
        "previous",
    ];
    BACK.contains(&normalize(text).as_str())
}

/// "¿Qué es la FAD?": asks what something is, never to start doing it.
pub fn asks_what_it_is(text: &str) -> bool {
    let t = expand(text);
    starts_with_any(
        &t,
        &[
            "que es",
            "que son",
            "que significa",
            "que quiere decir",
            "para que sirve",
            "what is",
            "what are",
            "what does",
        ],
    )
}

/// "¿Cómo va mi solicitud?": the question allies ask most, a wish for the status
/// even in the middle of another step.
/// "¿Qué significa el estado de mi solicitud?" asks what a word means: a question.
pub fn asks_for_status(text: &str) -> bool {
    let t = expand(text);
    contains_phrase(
        &t,
        &[
            "como va mi solicitud",
            "estado de mi solicitud",
            "como va mi tramite",
            "how is my request",
        ],
    ) && !contains_phrase(&t, ABOUT)
        && !contains_phrase(
            &t,
            &["que significa", "que quiere decir", "porque", "what does"],
        )
}

fn starts_with_any(t: &str, words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| t == *w || t.strip_prefix(w).is_some_and(|r| r.starts_with(' ')))
}

/// A phrase found whole, word for word ("donde" is not in "dondequiera").
fn contains_phrase(t: &str, phrases: &[&str]) -> bool {
    // As `" {t} "` containing `" {p} "`, without building either (a turn reads many):
    // a phrase is tried where the text or one of its words starts (after a space),
    // with no searcher built per phrase.
    let t = t.as_bytes();
    let starts = || {
        std::iter::once(0).chain(
            t.iter()
                .enumerate()
                .filter(|(_, b)| **b == b' ')
                .map(|(i, _)| i + 1),
        )
    };
    phrases.iter().any(|p| {
        let p = p.as_bytes();
        starts().any(|at| t[at..].starts_with(p) && t.get(at + p.len()).is_none_or(|b| *b == b' '))
    })
}

/// Reads a text on its own; the caller decides what it does at the chat's step.
pub fn read(text: &str) -> Reading {
    let text = text.trim();
    if let Some(reading) = codes(text) {
        return reading;
    }
    if let Some(number) = CaseNumber::find(text) {
        return Reading::CaseNumber(number);
    }
    // Commands ("/renovar") are the router's.
    if text.is_empty() || text.starts_with('/') {
        return Reading::Other;
    }
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return match Dni::parse(text) {
            Ok(dni) => Reading::Dni(dni),
            Err(_) if digits.len() == 7 => Reading::ShortDni,
            Err(_) => Reading::Other,
        };
    }
    let expanded = expand(text);
    let has = |words: &[&str]| words.iter().any(|w| expanded.contains(w));
    // What is said after "hola, buenas tardes": read as if it came first.
    let t = courtesy_stripped(&expanded);
    if asks_for_status(text) {
        return Reading::Wish(Wish::Status);
    }
    if wants_a_person(t) {
        return Reading::Wish(Wish::Specialist);
    }
    // "¿Qué puedes hacer?" asks what the bot does; "q haces si la usuaria fallecio"
    // asks about the program.
    if starts_with_any(
        t,
        &["que puedes", "que haces", "que sabes hacer", "what can you"],
    ) && t.split(' ').count() <= 5
    {
        return Reading::Wish(Wish::Help);
    }
    if text.contains(['?', '¿']) || asks(t) {
        return Reading::Question;
    }
    let words: Vec<&str> = t.split(' ').filter(|w| !w.is_empty()).collect();
    // A wish is short ("renovar ddc") or said as one ("quiero renovar"); a longer
    // sentence that names the menu's words tells a situation ("el nuevo jefe de
    // omaped necesita el acceso"), which the knowledge base reads.
    if !words.is_empty()
        && ((words.len() <= WISH_WORDS && only_menu_words(t)) || starts_with_any(t, WISHING))
        && let Some(wish) = wish(t)
    {
        return Reading::Wish(wish);
    }
    let all: Vec<&str> = expanded.split(' ').filter(|w| !w.is_empty()).collect();
    if all.len() <= 6 && has(&["gracias", "thank", "agradezco"]) {
        return Reading::Thanks;
    }
    // Only courtesies, or a greeting with one word ("hola menu", "hola chiclayo"); a
    // greeting before two words that say something ("hola, tarjeta de debito") is
    // what those words ask.
    let meaningful = super::kb::words(t).len();
    if words.is_empty()
        || (all.len() <= 6
            && ((words.len() < all.len() && meaningful <= 1) || has(&["menu", "inicio"])))
    {
        return Reading::Greeting;
    }
    Reading::Other
}

/// Asking for a person is a wish even when asked ("¿puedo hablar con alguien?"):
/// talking with someone of the program, or a person asked for in a text that asks
/// nothing else. "q pasa con una persona q no tiene dni" asks about that person, and
/// "puedo hablar con el alcalde" about the alcalde.
fn wants_a_person(t: &str) -> bool {
    let talk = contains_phrase(
        t,
        &[
            "hablar con",
            "hablar a",
            "comunicarme con",
            "comunicar con",
            "contactar con",
            "conversar con",
            "talk to",
            "speak to",
            "speak with",
        ],
    );
    let someone = [
        "especialista",
        "persona",
        "alguien",
        "humano",
        "asesor",
        "sectorista",
        "operador",
        "ustedes",
        "usted",
        "programa",
        "contigo",
        "specialist",
        "someone",
        "person",
        "human",
    ]
    .iter()
    .any(|w| contains_phrase(t, &[w]));
    let asked_for = contains_phrase(
        t,
        &[
            "con una persona",
            "con un especialista",
            "con alguien",
            "con un humano",
            "con un asesor",
        ],
    );
    // "la usuaria puede cobrar con alguien de su familia" tells a situation.
    let short = t.split(' ').count() <= WISH_WORDS + 1 || starts_with_any(t, WISHING);
    (talk && someone) || (asked_for && short && !asks(t))
}

/// The longest text read as a menu wish without a wishing opener ("enviar la ddc
/// firmada").
const WISH_WORDS: usize = 4;

/// The words a short menu wish is made of ("renovar ddc", "enviar la ddc firmada",
/// "estado de mi solicitud"), stems as typed. A short text with another word that
/// carries meaning ("ddc con sello", "formato de la fad", "estado del usuario
/// suspendido") asks about that, not for the menu.
const MENU_WORDS: &[&str] = &[
    "renov",
    "renew",
    "ddc",
    "declaracion",
    "confidencialidad",
    "formato",
    "descarg",
    "download",
    "envi",
    "send",
    "subir",
    "upload",
    "firmad",
    "adjunt",
    "foto",
    "archivo",
    "pdf",
    "documento",
    "solicit",
    "request",
    "acceso",
    "registr",
    "register",
    "inscrib",
    "cuenta",
    "usuario",
    "aliado",
    "estado",
    "status",
    "seguimiento",
    "como",
    "va",
    "tramite",
    "especialista",
    "specialist",
    "humano",
    "persona",
    "asesor",
    "ayuda",
    "help",
    "subsan",
    "corregir",
    "correccion",
    "observ",
    "nuev",
    "otra",
    "otro",
    "municip",
    "omaped",
    "distrit",
    "provinc",
    "alcalde",
    "mi",
    "nuestra",
    "nuestro",
];

/// Whether every word of a short text that carries meaning is one of the menu's.
fn only_menu_words(t: &str) -> bool {
    super::kb::words(t)
        .iter()
        .all(|w| MENU_WORDS.iter().any(|m| w.starts_with(m)))
}

/// Words that open a wish, however long it goes on ("quiero registrar una solicitud
/// para mi municipalidad").
const WISHING: &[&str] = &[
    "quiero",
    "quisiera",
    "queremos",
    "quisieramos",
    "deseo",
    "deseamos",
    "me gustaria",
    "nos gustaria",
    "voy a",
    "vamos a",
    "ayudame a",
    "ayudeme a",
    "por favor",
    "i want",
    "i would like",
    "i d like",
    "please",
];

/// Whether a text that is none of the readings above says enough to be looked up
/// in the knowledge base (a situation told in a sentence: "el usuario no aparece en
/// el padrón desde marzo"), rather than a word or two nobody understood.
/// A wish the menu did not recognise ("quiero invitar al programa a una feria") is a
/// situation too, and so are two words or more that carry meaning ("tel del
/// programa contigo"): when nothing fits, a person is offered rather than "no le
/// entendí".
pub fn tells_something(text: &str) -> bool {
    let t = expand(text);
    courtesy_stripped(&t)
        .split(' ')
        .filter(|w| !w.is_empty())
        .count()
        > WISH_WORDS
        || super::kb::words(text).len() >= 2
}

/// A menu wish named in words (not asked): "quiero renovar", "enviar la ddc firmada".
fn wish(t: &str) -> Option<Wish> {
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    Some(
        // "el telefono del programa" asks for the contact lines (an entry).
        if has(&["especialista", "humano", "una persona", "asesor"]) {
            Wish::Specialist
        } else if has(&["renov"]) {
            Wish::Renew
        } else if has(&["subsan", "corregir", "observad"]) {
            Wish::FixObservation
        } else if has(&["estado", "como va", "seguimiento", "mi solicitud", "status"]) {
            Wish::Status
        } else if has(&["descarg", "ddc", "declaracion", "formato"])
            && !has(&["envi", "subir", "firmad"])
        {
            Wish::Ddc
        } else if has(&["envi", "subir", "firmad", "adjunt"]) {
            Wish::Upload
        } else if has(&["solicit", "acceso", "registr", "inscrib", "cuenta"]) {
            Wish::Register
        } else if has(&["ayuda", "help"]) {
            Wish::Help
        } else {
            return None;
        },
    )
}

/// A request code somewhere in the text, and the verification code after it if
/// there is one: the QR's `/start` payload, "CTG-2026-000123 ABCD-EFGH", or both
/// copied from the DDC with their labels ("Código: CTG-2026-000123 Código de
/// verificación: ABCD-EFGH").
fn codes(text: &str) -> Option<Reading> {
    if let Some(link) = UploadLink::parse(text) {
        return Some(Reading::Upload(link));
    }
    let upper = text.to_ascii_uppercase();
    let at = upper.find("CTG")?;
    let rest = &upper[at + 3..];
    let mut tokens = rest
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty());
    let (year, number) = (tokens.next()?, tokens.next()?);
    let (year, number) = parse_request_code(&format!("CTG-{year}-{number}"))?;
    // What follows, past the DDC's labels: the verification code, typed whole
    // ("ABCDEFGH") or as printed ("ABCD-EFGH").
    let after: Vec<&str> = tokens.collect();
    let whole = after.last().map(|t| (*t).to_owned());
    let grouped = match after.as_slice() {
        [.., a, b] => Some(format!("{a}{b}")),
        _ => None,
    };
    if let Some(verification) = [grouped, whole]
        .into_iter()
        .flatten()
        .find_map(|c| VerificationCode::parse(&c))
    {
        return Some(Reading::Upload(UploadLink {
            year,
            number,
            verification,
        }));
    }
    Some(Reading::RequestCode(request_code(year, number)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asking_who_someone_is_asks_for_a_name() {
        for text in [
            "cómo se llama",
            "¿Cómo se llama el alcalde?",
            "quien es el titular",
            "cual es su nombre",
            "k apellidos tiene",
        ] {
            assert!(asks_for_a_name(text), "{text}");
        }
        for text in [
            "¿Qué es la DDC?",
            "cómo envío la DDC firmada",
            "dnd veo mi código",
        ] {
            assert!(!asks_for_a_name(text), "{text}");
        }
    }

    #[test]
    fn the_menu_and_the_previous_question_are_asked_for_in_words() {
        for menu in [
            "menú",
            "Menu",
            "/menu",
            "volver al menú",
            "hola, menú",
            "inicio",
        ] {
            assert!(asks_for_menu(menu), "{menu}");
        }
        for not_menu in ["menudo", "el menú no sale", "Inicio de actividades"] {
            assert!(!asks_for_menu(not_menu), "{not_menu}");
        }
        for back in ["atrás", "Atras", "volver", "anterior", "back"] {
            assert!(goes_back(back), "{back}");
        }
        for not_back in ["volver al menú", "Atrasado", "volveré mañana"] {
            assert!(!goes_back(not_back), "{not_back}");
        }
    }

    #[test]
    fn a_phrase_is_found_only_between_spaces_or_the_ends() {
        let padded = |t: &str, p: &str| format!(" {t} ").contains(&format!(" {p} "));
        let texts = [
            "",
            "a a a",
            "xa a a",
            "aa a",
            "que puedes hacer",
            "¿qué? puedes",
            "puedes",
        ];
        let phrases = ["a a", "a", "puedes", "que puedes", "puedes hacer", "es"];
        for t in texts {
            for p in phrases {
                assert_eq!(contains_phrase(t, &[p]), padded(t, p), "{t:?} / {p:?}");
            }
        }
    }

    #[test]
    fn chat_spanish_is_written_out() {
        assert_eq!(expand("Q es la DDC?"), "que es la ddc");
        assert_eq!(
            expand("xq no me llega, dnd veo? tb x ud"),
            "porque no me llega donde veo tambien por usted"
        );
        assert_eq!(expand("k hago pq porq"), "que hago porque porque");
    }

    #[test]
    fn a_menu_word_inside_a_question_is_a_question() {
        for text in [
            "me observaron la solicitud q hago",
            "q es la ddc",
            "cada cuanto se renueva la ddc",
            "que requisitos necesita una persona para afiliarse al programa",
            "el alcalde tiene q firmar con notario?",
            "no me llego el correo con mi usuario",
            // A word of the menu beside one that asks about it.
            "registrar solicitud requisitos",
            "ddc vencida",
            "quisiera informacion sobre la renovacion de la ddc",
            "renovar ddc plazo",
        ] {
            assert_eq!(read(text), Reading::Question, "{text}");
        }
        assert!(asks_what_it_is("q es la ddc"));
        assert!(asks_plainly("k hago si no tengo credencial"));
        assert!(!asks_plainly("no se como se llama el alcalde"));
    }

    #[test]
    fn a_short_text_with_a_menu_word_and_another_topic_asks_about_the_topic() {
        for text in [
            "ddc con sello",
            "formato de la fad",
            "descargar padron en excel",
            "estado del usuario suspendido",
            "registrar alerta de fallecido",
            "ayuda con la tarjeta",
            "quiero el telefono del programa",
        ] {
            assert!(!matches!(read(text), Reading::Wish(_)), "{text}");
        }
        for text in [
            "ddc para q sirve",
            "enviar fad como",
            "gracias, y cuanto pagan",
            "ok gracias y la ddc quien la firma",
            "estado de mi solicitud observada q significa",
        ] {
            assert_eq!(read(text), Reading::Question, "{text}");
        }
        assert!(!asks_for_status(
            "estado de mi solicitud observada q significa"
        ));
        // A greeting before two words that say something is no greeting alone.
        assert_ne!(read("hola tarjeta de debito"), Reading::Greeting);
        assert_ne!(
            read("buenas tardes, monto de la pension"),
            Reading::Greeting
        );
        // The menu's own words, short, are still its wishes.
        assert_eq!(read("renovar ddc"), Reading::Wish(Wish::Renew));
        assert_eq!(read("estado de mi solicitud"), Reading::Wish(Wish::Status));
        assert_eq!(read("subir la ddc firmada"), Reading::Wish(Wish::Upload));
        assert_eq!(
            read("hablar con un especialista"),
            Reading::Wish(Wish::Specialist)
        );
    }

    #[test]
    fn a_person_asked_for_is_a_wish_and_a_person_asked_about_a_question() {
        for text in [
            "¿puedo hablar con alguien?",
            "quiero hablar con un especialista",
            "me puede comunicar con una persona",
            "con un asesor por favor",
        ] {
            assert_eq!(read(text), Reading::Wish(Wish::Specialist), "{text}");
        }
        for text in [
            "q pasa con una persona q no tiene dni",
            "puedo hablar con el alcalde para q firme la ddc",
            "q haces si la usuaria fallecio",
            "la usuaria puede cobrar con alguien de su familia",
        ] {
            assert!(!matches!(read(text), Reading::Wish(_)), "{text}");
        }
        assert_eq!(read("que puedes hacer"), Reading::Wish(Wish::Help));
    }

    #[test]
    fn wishes_in_words_are_wishes() {
        assert_eq!(read("quiero renovar"), Reading::Wish(Wish::Renew));
        assert_eq!(read("enviar la ddc firmada"), Reading::Wish(Wish::Upload));
        assert_eq!(read("descargar ddc"), Reading::Wish(Wish::Ddc));
        assert_eq!(read("como va mi solicitud?"), Reading::Wish(Wish::Status));
        assert_eq!(
            read("¿puedo hablar con un especialista?"),
            Reading::Wish(Wish::Specialist)
        );
        assert_eq!(read("Hola"), Reading::Greeting);
        assert_eq!(read("muchas gracias!"), Reading::Thanks);
        assert_eq!(read("Chiclayo"), Reading::Other);
        assert_eq!(read("/renovar"), Reading::Other);
    }

    #[test]
    fn a_sentence_that_tells_a_situation_is_no_menu_wish() {
        for text in [
            "el nuevo jefe de omaped necesita el acceso, el anterior ya se fue",
            "somos de la region q acceso pedimos",
            "ya paso una semana y nada de mi cuenta",
        ] {
            assert!(!matches!(read(text), Reading::Wish(_)), "{text}");
            assert!(tells_something(text), "{text}");
        }
        // Asked with "en qué", "desde cuándo": questions.
        assert_eq!(
            read("en que fecha vence la declaracion de confidencialidad"),
            Reading::Question
        );
        assert_eq!(read("la ddc q es"), Reading::Question);
        // Short, or said as a wish however long: still the menu's.
        assert_eq!(read("registrar solicitud"), Reading::Wish(Wish::Register));
        assert_eq!(
            read("quiero registrar una solicitud para mi municipalidad distrital"),
            Reading::Wish(Wish::Register)
        );
        assert!(tells_something(
            "quiero invitar al programa a una feria en mi distrito"
        ));
        assert!(!tells_something("hola buenas tardes quiero renovar"));
        assert!(!tells_something("Chiclayo"));
        assert!(!tells_something("zzz"));
        assert!(tells_something("tel del programa contigo"));
        // A greeting that goes on to tell something is not only a greeting.
        assert_eq!(read("hola buenas tardes"), Reading::Greeting);
        assert_ne!(
            read("hola buenas tardes el usuario no aparece en el padron desde marzo"),
            Reading::Greeting
        );
    }

    #[test]
    fn courtesies_first_are_read_past() {
        assert_eq!(
            read("hola buenas tardes, quiero renovar la ddc de mi municipio"),
            Reading::Wish(Wish::Renew)
        );
        assert_eq!(
            read("Buenos días señorita, renovar ddc"),
            Reading::Wish(Wish::Renew)
        );
        for text in [
            "buenas tardes una consulta cuanto pagan este mes",
            "quisiera saber como renuevo la ddc",
            "hola, me pueden decir donde mando la ficha",
            "tengo una duda con el padron de mi distrito",
        ] {
            assert_eq!(read(text), Reading::Question, "{text}");
            assert!(is_question(text), "{text}");
        }
        assert_eq!(
            what_is_asked("Hola buenas tardes, una consulta: q es la DDC?"),
            "que es la ddc"
        );
        assert_eq!(what_is_asked("consulta"), "consulta");
        assert_eq!(read("hola buenos dias"), Reading::Greeting);
        assert_eq!(read("hola chiclayo"), Reading::Greeting);
        assert_eq!(read("hola, gracias"), Reading::Thanks);
        // "hi" is a courtesy only as a word.
        assert_eq!(read("Chiclayo"), Reading::Other);
    }

    #[test]
    fn codes_are_read_wherever_they_are_typed() {
        assert_eq!(
            read("CTG-2026-000001"),
            Reading::RequestCode("CTG-2026-000001".into())
        );
        assert_eq!(
            read("mi codigo es ctg 2026 1"),
            Reading::RequestCode("CTG-2026-000001".into())
        );
        let Reading::Upload(link) = read("CTG-2026-000001 ABCD-EFGH") else {
            panic!("not a link");
        };
        assert_eq!(link.code(), "CTG-2026-000001");
        let Reading::Upload(link) =
            read("Código: CTG-2026-000001\nCódigo de verificación: ABCD-EFGH")
        else {
            panic!("not a link");
        };
        assert_eq!(link.code(), "CTG-2026-000001");
        assert_eq!(link.verification.as_str(), "ABCDEFGH");
    }

    #[test]
    fn dnis_are_read_as_people_write_them() {
        for text in ["40123456", "4012 3456", "40.123.456"] {
            assert!(matches!(read(text), Reading::Dni(_)), "{text}");
        }
        assert_eq!(read("4012345"), Reading::ShortDni);
        assert_eq!(read("987654321"), Reading::Other);
    }
}
