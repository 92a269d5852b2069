//! Short lessons an ally takes in the chat: a few messages, then one or two
//! questions with two or three answers each.
//!
//! Lessons are Fluent messages, like the knowledge base's entries: built in under
//! `locales/lessons/<lang>/*.ftl`, and an operator's own in `[kb] lessons_dir`
//! (`<dir>/<lang>/*.ftl`), which add lessons or correct built-in ones by id. A
//! lesson is a message `lesson-…` whose value is its first message and whose
//! attributes are:
//! - `.title` (at most 24 characters: a list row's title on WhatsApp);
//! - `.order` (a number; lessons are listed by it, then by id);
//! - `.part-1`, `.part-2`… the messages after the first, in order;
//! - `.question-1`, `.question-1-options` (two or three answers separated by `|`,
//!   each at most 20 characters: a WhatsApp button's title), `.question-1-answer`
//!   (the right one's number) and, optionally, `.question-1-why` (said after the
//!   answer); `.question-2…` the same for a second question.
//!
//! Every file is checked when loaded: a bad lesson is an error naming the file, the
//! lesson and the line, and nothing loads. Lessons never carry personal data.
//!
//! The practice padrón ([`practice_padron`]) is invented here, in code: the practice
//! mode answers from it alone and never from the real padrón.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use fluent_bundle::{FluentBundle, FluentResource};
use fluent_syntax::ast;

use super::kb::{KbError, KbSource, personal_data_in};
use super::padron::{Beneficiary, Category, PaymentStatus, Status};
use super::ubigeo::Ubigeo;
use super::values::Dni;

/// The longest lesson id: it travels inside a button's id.
pub const MAX_ID: usize = 32;
/// A lesson's title is a list row's title on WhatsApp.
pub const MAX_TITLE: usize = 24;
/// An answer is a reply button's title on WhatsApp.
pub const MAX_OPTION: usize = 20;
/// At most three answers: WhatsApp shows three reply buttons.
pub const MAX_OPTIONS: usize = 3;
/// "One or two questions at the end".
pub const MAX_QUESTIONS: usize = 2;

/// One question at a lesson's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub text: String,
    pub options: Vec<String>,
    /// The right option, counted from 0.
    pub answer: usize,
    /// What is said after the answer, right or wrong.
    pub why: Option<String>,
}

/// One lesson, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    pub id: String,
    pub order: u32,
    pub title: String,
    /// Its messages, the first one included, in order.
    pub parts: Vec<String>,
    pub questions: Vec<Question>,
}

/// Every lesson by language.
#[derive(Debug, Default)]
pub struct Lessons {
    langs: HashMap<String, BTreeMap<String, Lesson>>,
}

/// The language every other falls back to.
const DEFAULT_LANG: &str = "es";

impl Lessons {
    /// Loads the sources in order; a lesson of a later source replaces an earlier
    /// one with the same id and language. Any bad lesson fails the whole load.
    pub fn load(sources: &[KbSource]) -> Result<Self, KbError> {
        let mut langs: HashMap<String, BTreeMap<String, Lesson>> = HashMap::new();
        for source in sources {
            let lessons = parse(source)?;
            let lang = langs.entry(source.lang.clone()).or_default();
            for lesson in lessons {
                lang.insert(lesson.id.clone(), lesson);
            }
        }
        Ok(Self { langs })
    }

    /// The lessons of a language (else Spanish's), by their order, then id.
    pub fn list(&self, lang: &str) -> Vec<&Lesson> {
        let mut out: Vec<&Lesson> = self
            .langs
            .get(lang)
            .or_else(|| self.langs.get(DEFAULT_LANG))
            .map(|l| l.values().collect())
            .unwrap_or_default();
        out.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        out
    }

    /// The lesson with this id, in the language or else in Spanish.
    pub fn get(&self, lang: &str, id: &str) -> Option<&Lesson> {
        self.langs
            .get(lang)
            .and_then(|l| l.get(id))
            .or_else(|| self.langs.get(DEFAULT_LANG)?.get(id))
    }
}

/// The lessons shipped in the binary (`i18n::LESSON_FILES`).
pub fn builtin() -> Vec<KbSource> {
    KbSource::embedded(crate::i18n::LESSON_FILES, "lessons")
}

fn valid_id(id: &str) -> bool {
    id.starts_with("lesson-")
        && id.len() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A question's attributes as they are read, before they are checked.
#[derive(Default)]
struct Draft {
    text: Option<String>,
    options: Option<String>,
    answer: Option<String>,
    why: Option<String>,
}

/// Parses and checks one file.
pub fn parse(source: &KbSource) -> Result<Vec<Lesson>, KbError> {
    let resource = source.fluent()?;
    let mut bundle: FluentBundle<&FluentResource> =
        FluentBundle::new(vec![source.lang.parse().unwrap_or_default()]);
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(&resource) {
        return Err(source.error(None, None, format!("{errors:?}")));
    }
    let mut out = vec![];
    for (position, entry) in resource.entries().enumerate() {
        let ast::Entry::Message(message) = entry else {
            continue;
        };
        let id = message.id.name;
        let line = source.line_of(id);
        let fail = |reason: String| source.error(line, Some(id), reason);
        if !valid_id(id) {
            return Err(fail(format!(
                "a lesson id starts with lesson-, has at most {MAX_ID} characters, \
                 lower-case letters, digits and hyphens"
            )));
        }
        if out.iter().any(|l: &Lesson| l.id == id) {
            return Err(fail("this id appears twice in the file".into()));
        }
        let render = |pattern: &ast::Pattern<&str>, what: &str| -> Result<String, KbError> {
            let mut errors = vec![];
            let text = bundle
                .format_pattern(pattern, None, &mut errors)
                .trim()
                .to_owned();
            if !errors.is_empty() {
                return Err(fail(format!(
                    "{what} uses a variable or a reference; a lesson is plain text"
                )));
            }
            if let Some(what) = personal_data_in(&text) {
                return Err(fail(format!(
                    "{what}: lessons never carry personal data (DNIs, phones, e-mails of people)"
                )));
            }
            Ok(text)
        };
        let first = match message.value.as_ref() {
            Some(p) => render(p, "the text")?,
            None => String::new(),
        };
        if first.is_empty() {
            return Err(fail(
                "the first message (the message's value) is empty".into(),
            ));
        }
        let mut title = None;
        let mut order = None;
        let mut parts: BTreeMap<usize, String> = BTreeMap::new();
        let mut questions: BTreeMap<usize, Draft> = BTreeMap::new();
        for attr in &message.attributes {
            let name = attr.id.name;
            let text = render(&attr.value, &format!(".{name}"))?;
            let numbered = |prefix: &str| -> Option<(usize, &str)> {
                let rest = name.strip_prefix(prefix)?;
                let (n, tail) = rest.split_once('-').unwrap_or((rest, ""));
                n.parse().ok().filter(|n| *n >= 1).map(|n| (n, tail))
            };
            match name {
                "title" => title = Some(text),
                "order" => {
                    order = Some(
                        text.parse::<u32>()
                            .map_err(|_| fail(format!(".order {text:?} is not a whole number")))?,
                    )
                }
                _ => match (numbered("part-"), numbered("question-")) {
                    (Some((n, "")), _) => {
                        parts.insert(n, text);
                    }
                    (_, Some((n, tail))) => {
                        let q = questions.entry(n).or_default();
                        match tail {
                            "" => q.text = Some(text),
                            "options" => q.options = Some(text),
                            "answer" => q.answer = Some(text),
                            "why" => q.why = Some(text),
                            _ => return Err(fail(unknown(name))),
                        }
                    }
                    _ => return Err(fail(unknown(name))),
                },
            }
        }
        let title = title
            .filter(|t| !t.is_empty())
            .ok_or_else(|| fail("missing .title".into()))?;
        if title.chars().count() > MAX_TITLE {
            return Err(fail(format!(
                ".title has more than {MAX_TITLE} characters (a WhatsApp list row)"
            )));
        }
        if parts.keys().copied().ne(1..=parts.len()) {
            return Err(fail(
                "a lesson's parts are numbered 1, 2, 3… with no gap".into(),
            ));
        }
        if questions.is_empty() || questions.len() > MAX_QUESTIONS {
            return Err(fail(format!(
                "a lesson ends with 1 to {MAX_QUESTIONS} questions: .question-1, .question-2"
            )));
        }
        if questions.keys().copied().ne(1..=questions.len()) {
            return Err(fail("questions are numbered 1, 2 with no gap".into()));
        }
        let mut checked = vec![];
        for (n, q) in questions {
            checked.push(question(n, q).map_err(fail)?);
        }
        let mut all_parts = vec![first];
        all_parts.extend(parts.into_values());
        out.push(Lesson {
            id: id.to_owned(),
            order: order.unwrap_or(u32::try_from(position).unwrap_or(u32::MAX)),
            title,
            parts: all_parts,
            questions: checked,
        });
    }
    if out.is_empty() {
        return Err(source.error(None, None, "the file has no lessons".into()));
    }
    Ok(out)
}

fn unknown(name: &str) -> String {
    format!(
        "unknown attribute .{name}: use .title, .order, .part-1…, .question-1, \
         .question-1-options, .question-1-answer, .question-1-why"
    )
}

/// Checks one question's attributes.
fn question(n: usize, q: Draft) -> Result<Question, String> {
    let text = q
        .text
        .filter(|t| !t.is_empty())
        .ok_or_else(|| format!("missing .question-{n}"))?;
    let options: Vec<String> = q
        .options
        .ok_or_else(|| format!("missing .question-{n}-options"))?
        .split('|')
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty())
        .collect();
    if !(2..=MAX_OPTIONS).contains(&options.len()) {
        return Err(format!(
            ".question-{n}-options holds 2 or {MAX_OPTIONS} answers separated by |"
        ));
    }
    if let Some(long) = options.iter().find(|o| o.chars().count() > MAX_OPTION) {
        return Err(format!(
            "answer {long:?} of .question-{n}-options has more than {MAX_OPTION} characters \
             (a WhatsApp button)"
        ));
    }
    let answer = q
        .answer
        .and_then(|a| a.parse::<usize>().ok())
        .filter(|a| (1..=options.len()).contains(a))
        .ok_or_else(|| {
            format!(
                ".question-{n}-answer is the number of the right answer, 1 to {}",
                options.len()
            )
        })?;
    Ok(Question {
        text,
        options,
        answer: answer - 1,
        why: q.why.filter(|w| !w.is_empty()),
    })
}

/// One invented person: DNI, names, surnames, age, status, collection, collector.
type Invented = (
    &'static str,
    &'static str,
    &'static str,
    i32,
    Status,
    PaymentStatus,
    Option<&'static str>,
);

/// The practice padrón: invented people, the same every time, for the practice
/// mode. Their DNIs start with 000, which RENIEC never issued, so no real person's
/// number appears even by chance.
pub fn practice_padron(today: NaiveDate) -> Vec<Beneficiary> {
    let place = Ubigeo::parse("090101").ok();
    let people: [Invented; 6] = [
        (
            "00000101",
            "Rosa",
            "Práctica Uno",
            70,
            Status::Vigente,
            PaymentStatus::Autorizado,
            None,
        ),
        (
            "00000102",
            "Juan",
            "Práctica Dos",
            45,
            Status::Vigente,
            PaymentStatus::Autorizado,
            None,
        ),
        (
            "00000103",
            "Lucía",
            "Práctica Tres",
            12,
            Status::Vigente,
            PaymentStatus::Pendiente,
            None,
        ),
        (
            "00000104",
            "Pedro",
            "Práctica Cuatro",
            9,
            Status::Vigente,
            PaymentStatus::Autorizado,
            Some("Ana Práctica Cuatro"),
        ),
        (
            "00000105",
            "Carmen",
            "Práctica Cinco",
            60,
            Status::Suspendido,
            PaymentStatus::Observado,
            None,
        ),
        (
            "00000106",
            "Luis",
            "Práctica Seis",
            80,
            Status::Desafiliado,
            PaymentStatus::NoAutorizado,
            None,
        ),
    ];
    let Some(place) = place else {
        return vec![];
    };
    people
        .into_iter()
        .filter_map(|(dni, names, surnames, age, status, payment, collector)| {
            Some(Beneficiary {
                dni: Dni::parse(dni).ok()?,
                names: names.to_owned(),
                surnames: surnames.to_owned(),
                birth_date: today.with_year_offset(-age)?,
                ubigeo: place.clone(),
                status,
                payment_status: payment,
                collector: collector.map(str::to_owned),
                request_date: None,
                request_state: None,
                request_reason: None,
                category: match status {
                    Status::Suspendido => Category::Suspendido,
                    Status::Desafiliado => Category::Desafiliado,
                    Status::Vigente => Category::Continuador,
                },
                files: super::padron::Files::default(),
            })
        })
        .collect()
}

/// A date some whole years before or after.
trait YearOffset {
    fn with_year_offset(self, years: i32) -> Option<NaiveDate>;
}

impl YearOffset for NaiveDate {
    fn with_year_offset(self, years: i32) -> Option<NaiveDate> {
        use chrono::Datelike;
        self.with_year(self.year() + years)
            .or_else(|| NaiveDate::from_ymd_opt(self.year() + years, self.month(), 28))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> KbSource {
        KbSource {
            lang: "es".into(),
            file: "test.ftl".into(),
            text: text.into(),
        }
    }

    #[test]
    fn the_built_in_lessons_load_in_both_languages() {
        let lessons = Lessons::load(&builtin()).expect("built-in lessons");
        let es: Vec<&str> = lessons.list("es").iter().map(|l| l.id.as_str()).collect();
        let en: Vec<&str> = lessons.list("en").iter().map(|l| l.id.as_str()).collect();
        assert_eq!(es.len(), 5, "{es:?}");
        assert_eq!(es, en, "every lesson in both languages, in the same order");
        for l in lessons.list("es") {
            assert!(l.parts.len() >= 2, "{} is a few messages", l.id);
        }
    }

    #[test]
    fn a_lesson_is_checked_against_the_platform_limits() {
        let ok = "lesson-x = Hola\n    .title = Corta\n    .question-1 = ¿Sí?\n    .question-1-options = Sí | No\n    .question-1-answer = 1\n";
        let l = parse(&source(ok)).expect("valid");
        assert_eq!(l[0].questions[0].answer, 0);
        let long_option = ok.replace("Sí | No", "Una respuesta demasiado larga | No");
        let e = parse(&source(&long_option)).unwrap_err();
        assert!(e.reason.contains("20 characters"), "{e}");
        let four = ok.replace("Sí | No", "a | b | c | d");
        assert!(parse(&source(&four)).is_err());
        let bad_answer = ok.replace("answer = 1", "answer = 3");
        assert!(parse(&source(&bad_answer)).is_err());
        let no_question = "lesson-x = Hola\n    .title = Corta\n";
        assert!(parse(&source(no_question)).is_err());
        let personal = ok.replace("Hola", "Llame al 987654321");
        let e = parse(&source(&personal)).unwrap_err();
        assert_eq!(e.entry.as_deref(), Some("lesson-x"));
        let long_title = ok.replace("Corta", "Un título que no cabe en una fila");
        assert!(parse(&source(&long_title)).is_err());
    }

    #[test]
    fn an_operator_lesson_replaces_a_built_in_one_by_id() {
        let mut sources = builtin();
        let id = Lessons::load(&sources).unwrap().list("es")[0].id.clone();
        sources.push(source(&format!(
            "{id} = Nuevo texto\n    .title = Nueva\n    .question-1 = ¿Sí?\n    .question-1-options = Sí | No\n    .question-1-answer = 2\n"
        )));
        let lessons = Lessons::load(&sources).unwrap();
        assert_eq!(lessons.get("es", &id).unwrap().title, "Nueva");
    }

    #[test]
    fn the_practice_padron_is_invented_and_the_same_every_time() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let a = practice_padron(today);
        assert_eq!(a.len(), 6);
        assert!(a.iter().all(|b| b.dni.as_str().starts_with("000")));
        assert_eq!(a, practice_padron(today));
    }
}
