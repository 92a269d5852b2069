//! The knowledge base: the program's procedures as short answers and step-by-step
//! guides, written from the seed documents, each saying where it comes from.
//!
//! Entries are Fluent messages (`locales/<lang>/kb/*.ftl` built in; an operator's
//! files in `[kb] dir` add entries or correct built-in ones by id). An answer is a
//! message `faq-…` whose value is the answer; a guide is `guide-…` whose value is
//! its introduction and whose `.step-1`, `.step-2`… are its steps. Both carry
//! `.title`, `.topic`, `.keywords` (comma-separated words and phrases people use)
//! and `.source` (document and section). Every file is checked when loaded: a bad
//! entry is an error naming the file, the entry and the line, and nothing loads.
//!
//! Figures the bot itself keeps (the review terms, the days to fix an observation,
//! the lookup limit, office hours, the next payment date, the contact lines) are
//! never written in an entry's prose: an entry names them as Fluent variables
//! (`{ $review_days }`, see [`Figures`]) and they are filled in from the settings
//! each time the entry is shown, so an answer always agrees with the bot.
//!
//! Answers never carry personal data: a text with what looks like a DNI, a mobile
//! number or a personal e-mail address is refused on load.

#[cfg(test)]
mod questions;
mod search;

use std::collections::{BTreeMap, HashMap};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use fluent_syntax::ast;

use search::Index;
pub use search::{CALIBRATION, Calibration, Covered, Found, Ranking, decide, decide_with, words};

/// The longest entry id: it travels inside a button's id (64 bytes in all).
pub const MAX_ID: usize = 32;

/// Institutional mailboxes an answer may quote (seed 001 guide); any other e-mail
/// address in an entry is refused as possibly personal.
const INSTITUTIONAL_MAILBOXES: &[&str] =
    &["sectoristas@contigo.gob.pe", "consultas@contigo.gob.pe"];

/// One Fluent file of entries.
#[derive(Debug, Clone)]
pub struct KbSource {
    pub lang: String,
    /// Where it came from, for error messages ("built-in es/pension.ftl", a path).
    pub file: String,
    pub text: String,
}

impl KbSource {
    /// The files shipped in the binary (`i18n::KB_FILES`, `i18n::LESSON_FILES`), as
    /// `(lang, file, text)` under `locales/{folder}/`.
    pub fn embedded(files: &[(&str, &str, &str)], folder: &str) -> Vec<KbSource> {
        files
            .iter()
            .map(|(lang, file, text)| KbSource {
                lang: (*lang).to_owned(),
                file: format!("locales/{folder}/{lang}/{file}"),
                text: (*text).to_owned(),
            })
            .collect()
    }

    /// The file read as Fluent, or where and why it is not.
    pub fn fluent(&self) -> Result<FluentResource, KbError> {
        FluentResource::try_new(self.text.clone()).map_err(|(_, errors)| {
            let first = errors.first();
            self.error(
                first.map(|e| {
                    self.text[..e.pos.start.min(self.text.len())]
                        .matches('\n')
                        .count()
                        + 1
                }),
                None,
                format!(
                    "not valid Fluent: {}",
                    first.map(|e| e.kind.to_string()).unwrap_or_default()
                ),
            )
        })
    }

    /// A failure of this file, at a line and an entry when known.
    pub fn error(&self, line: Option<usize>, entry: Option<&str>, reason: String) -> KbError {
        KbError {
            file: self.file.clone(),
            line,
            entry: entry.map(str::to_owned),
            reason,
        }
    }

    /// The line message (or `-term`) `id` starts on.
    pub fn line_of(&self, id: &str) -> Option<usize> {
        self.text
            .lines()
            .position(|l| {
                l.strip_prefix(id)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map(|i| i + 1)
    }
}

/// A file or entry that cannot be loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}{}: {reason}",
    line.map(|l| format!(":{l}")).unwrap_or_default(),
    entry.as_ref().map(|e| format!(" (entry {e})")).unwrap_or_default())]
pub struct KbError {
    pub file: String,
    pub line: Option<usize>,
    pub entry: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Answer,
    Guide,
}

/// The themes the FAQ menu lists; each entry belongs to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    Pension,
    Cobro,
    Aliado,
    Ddc,
    Padron,
    Plazos,
    Atencion,
}

impl Topic {
    pub const ALL: [Topic; 7] = [
        Topic::Pension,
        Topic::Cobro,
        Topic::Aliado,
        Topic::Ddc,
        Topic::Padron,
        Topic::Plazos,
        Topic::Atencion,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Pension => "pension",
            Topic::Cobro => "cobro",
            Topic::Aliado => "aliado",
            Topic::Ddc => "ddc",
            Topic::Padron => "padron",
            Topic::Plazos => "plazos",
            Topic::Atencion => "atencion",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s.trim())
    }

    /// The Fluent key of its label in the FAQ menu.
    pub fn message_key(self) -> String {
        format!("faq-topic-{}", self.as_str())
    }
}

/// One answer or guide, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    pub topic: Topic,
    pub title: String,
    /// The answer; for a guide, its introduction.
    pub body: String,
    pub keywords: Vec<String>,
    pub source: String,
    /// A guide's steps, in order (empty for an answer).
    pub steps: Vec<String>,
}

/// Every entry by language, with the index that finds them.
#[derive(Debug, Default)]
pub struct KnowledgeBase {
    langs: HashMap<String, Lang>,
}

struct Lang {
    /// By id, so an operator's file replaces a built-in entry of the same id.
    entries: BTreeMap<String, Entry>,
    index: Index,
    /// Every file of the language, later ones overriding, to fill in the figures.
    bundle: fluent_bundle::concurrent::FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lang")
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl Lang {
    fn new(lang: &str) -> Self {
        let id = lang.parse().unwrap_or_default();
        let mut bundle = fluent_bundle::concurrent::FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        Self {
            entries: BTreeMap::new(),
            index: Index::default(),
            bundle,
        }
    }
}

/// The figures an entry may name, as Fluent variables, filled in from the settings
/// when it is shown (`conversation::faq` builds them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    /// Business days of each review stage (`[terms]`), and their sum: the days from
    /// the signed DDC to the account that the status promises.
    pub uac_days: u32,
    pub legal_days: u32,
    pub director_days: u32,
    pub account_days: u32,
    pub review_days: u32,
    /// Business days to fix an observation.
    pub fix_days: u32,
    /// DNI lookups an ally may make per hour.
    pub lookups_per_hour: u32,
    /// Photos a signed DDC may be sent as.
    pub max_photos: u32,
    /// Office hours within which a specialist first answers a ticket.
    pub first_response_hours: u32,
    pub office_open: String,
    pub office_close: String,
    /// From when a DDC covers the coming fiscal year ("01/12").
    pub renewal_from: String,
    /// The next payment's first day from the operator's calendar ("14/12/2026"),
    /// and until when (empty when the calendar has no date ahead).
    pub next_payment: String,
    pub next_payment_until: String,
    /// The program's contact lines.
    pub contact_phone: String,
    pub contact_email: String,
}

impl Default for Figures {
    /// The defaults of the settings, used to check entries when they are loaded.
    fn default() -> Self {
        Self {
            uac_days: 1,
            legal_days: 2,
            director_days: 1,
            account_days: 3,
            review_days: 7,
            fix_days: 3,
            lookups_per_hour: 30,
            max_photos: 5,
            first_response_hours: 4,
            office_open: "08:30".into(),
            office_close: "17:30".into(),
            renewal_from: "01/12".into(),
            next_payment: "14/12/2026".into(),
            next_payment_until: "31/12/2026".into(),
            contact_phone: "(01) 644-9006".into(),
            contact_email: "sectoristas@contigo.gob.pe".into(),
        }
    }
}

impl Figures {
    /// The variables an entry may use.
    pub const NAMES: &[&str] = &[
        "uac_days",
        "legal_days",
        "director_days",
        "account_days",
        "review_days",
        "fix_days",
        "lookups_per_hour",
        "max_photos",
        "first_response_hours",
        "office_open",
        "office_close",
        "renewal_from",
        "next_payment",
        "next_payment_until",
        "payment_known",
        "contact_phone",
        "contact_email",
    ];

    fn args(&self) -> FluentArgs<'static> {
        let mut a = FluentArgs::new();
        let num = |n: u32| FluentValue::from(f64::from(n));
        a.set("uac_days", num(self.uac_days));
        a.set("legal_days", num(self.legal_days));
        a.set("director_days", num(self.director_days));
        a.set("account_days", num(self.account_days));
        a.set("review_days", num(self.review_days));
        a.set("fix_days", num(self.fix_days));
        a.set("lookups_per_hour", num(self.lookups_per_hour));
        a.set("max_photos", num(self.max_photos));
        a.set("first_response_hours", num(self.first_response_hours));
        a.set("office_open", FluentValue::from(self.office_open.clone()));
        a.set("office_close", FluentValue::from(self.office_close.clone()));
        a.set("renewal_from", FluentValue::from(self.renewal_from.clone()));
        a.set("next_payment", FluentValue::from(self.next_payment.clone()));
        a.set(
            "next_payment_until",
            FluentValue::from(self.next_payment_until.clone()),
        );
        let known = if self.next_payment.is_empty() {
            "no"
        } else {
            "yes"
        };
        a.set("payment_known", FluentValue::from(known));
        a.set(
            "contact_phone",
            FluentValue::from(self.contact_phone.clone()),
        );
        a.set(
            "contact_email",
            FluentValue::from(self.contact_email.clone()),
        );
        a
    }
}

/// The language every other falls back to.
const DEFAULT_LANG: &str = "es";

impl KnowledgeBase {
    /// Loads the sources in order; an entry of a later source replaces an earlier
    /// one with the same id and language. Any bad entry fails the whole load.
    pub fn load(sources: &[KbSource]) -> Result<Self, KbError> {
        let mut langs: HashMap<String, Lang> = HashMap::new();
        for source in sources {
            let entries = parse(source)?;
            let lang = langs
                .entry(source.lang.clone())
                .or_insert_with(|| Lang::new(&source.lang));
            for entry in entries {
                lang.entries.insert(entry.id.clone(), entry);
            }
            // `parse` checked it is valid Fluent.
            if let Ok(resource) = FluentResource::try_new(source.text.clone()) {
                lang.bundle.add_resource_overriding(resource);
            }
        }
        for (code, lang) in langs.iter_mut() {
            lang.index = Index::build(code, lang.entries.values());
        }
        Ok(Self { langs })
    }

    fn lang(&self, lang: &str) -> Option<&Lang> {
        self.langs
            .get(lang)
            .or_else(|| self.langs.get(DEFAULT_LANG))
    }

    /// How many entries a language has.
    pub fn len(&self, lang: &str) -> usize {
        self.langs.get(lang).map_or(0, |l| l.entries.len())
    }

    pub fn is_empty(&self) -> bool {
        self.langs.values().all(|l| l.entries.is_empty())
    }

    /// The entry with this id, in the language or else in Spanish.
    pub fn entry(&self, lang: &str, id: &str) -> Option<&Entry> {
        self.langs
            .get(lang)
            .and_then(|l| l.entries.get(id))
            .or_else(|| self.langs.get(DEFAULT_LANG)?.entries.get(id))
    }

    /// The ids of a language's entries.
    pub fn ids(&self, lang: &str) -> Vec<&str> {
        self.langs
            .get(lang)
            .map(|l| l.entries.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The entries of a theme (answers first, then guides), for the FAQ menu.
    pub fn by_topic(&self, lang: &str, topic: Topic) -> Vec<&Entry> {
        let mut out: Vec<&Entry> = self
            .lang(lang)
            .map(|l| l.entries.values().filter(|e| e.topic == topic).collect())
            .unwrap_or_default();
        out.sort_by_key(|e| e.kind);
        out
    }

    /// Every guide, for the FAQ menu's "¿Cómo…?".
    pub fn guides(&self, lang: &str) -> Vec<&Entry> {
        self.lang(lang)
            .map(|l| {
                l.entries
                    .values()
                    .filter(|e| e.kind == Kind::Guide)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What a question in the user's own words is about.
    pub fn find(&self, lang: &str, question: &str) -> Found {
        match self.lang(lang) {
            Some(l) => l.index.find(question),
            None => Found::Nothing,
        }
    }

    /// The entries ranked for a question and the confidence, before the decision
    /// ([`decide`]); for the benchmark and the calibration.
    pub fn ranking(&self, lang: &str, question: &str) -> Ranking {
        match self.lang(lang) {
            Some(l) => l.index.rank(question),
            None => Ranking {
                ranked: vec![],
                covered: Default::default(),
                words: 0,
            },
        }
    }

    /// The entry with this id as it is shown: its figures filled in.
    pub fn shown(&self, lang: &str, id: &str, figures: &Figures) -> Option<Entry> {
        let (code, entry) = [lang, DEFAULT_LANG]
            .into_iter()
            .find_map(|l| Some((l, self.langs.get(l)?.entries.get(id)?)))?;
        let Some(bundle) = self.langs.get(code).map(|l| &l.bundle) else {
            return Some(entry.clone());
        };
        let Some(message) = bundle.get_message(id) else {
            return Some(entry.clone());
        };
        let args = figures.args();
        let format = |pattern: Option<&ast::Pattern<&str>>, fallback: &str| -> String {
            let mut errors = vec![];
            match pattern {
                Some(p) => bundle
                    .format_pattern(p, Some(&args), &mut errors)
                    .trim()
                    .to_owned(),
                None => fallback.to_owned(),
            }
        };
        let mut shown = entry.clone();
        shown.body = format(message.value(), &entry.body);
        shown.title = format(
            message.get_attribute("title").map(|a| a.value()),
            &entry.title,
        );
        shown.steps = entry
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let name = format!("step-{}", i + 1);
                format(message.get_attribute(&name).map(|a| a.value()), step)
            })
            .collect();
        Some(shown)
    }
}

/// An evaluation set (`benches/kb/*.tsv`): each line a question, a tab, and the
/// entries that answer it (several separated by `|`), or "none" when only a person
/// can (then the list is empty); `#` starts a comment. Shared by the retrieval's
/// tests and the whole-engine benchmark.
pub fn evaluation_set(text: &str) -> Vec<(&str, Vec<&str>)> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(q, want)| {
            let want = match want.trim() {
                "none" => vec![],
                w => w.split('|').collect(),
            };
            (q, want)
        })
        .collect()
}

/// The entries shipped in the binary (`i18n::KB_FILES`).
pub fn builtin() -> Vec<KbSource> {
    KbSource::embedded(crate::i18n::KB_FILES, "kb")
}

fn valid_id(id: &str) -> bool {
    (id.starts_with("faq-") || id.starts_with("guide-"))
        && id.len() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses and checks one file.
pub fn parse(source: &KbSource) -> Result<Vec<Entry>, KbError> {
    let resource = source.fluent()?;
    let lang_id = source.lang.parse().unwrap_or_default();
    let mut bundle: FluentBundle<&FluentResource> = FluentBundle::new(vec![lang_id]);
    bundle.set_use_isolating(false);
    let mut seen = std::collections::HashSet::new();
    let mut entries = vec![];
    for entry in resource.entries() {
        let message = match entry {
            ast::Entry::Message(m) => m,
            ast::Entry::Term(t) => {
                return Err(source.error(
                    source.line_of(&format!("-{}", t.id.name)),
                    Some(t.id.name),
                    "terms (-name) are not used in the knowledge base".into(),
                ));
            }
            _ => continue,
        };
        let id = message.id.name;
        let line = source.line_of(id);
        let fail = |reason: String| source.error(line, Some(id), reason);
        if !valid_id(id) {
            return Err(fail(format!(
                "an entry id starts with faq- (an answer) or guide- (a guide), has at most \
                 {MAX_ID} characters, lower-case letters, digits and hyphens"
            )));
        }
        if !seen.insert(id) {
            return Err(fail("this id appears twice in the file".into()));
        }
        entries.push((message, line));
    }
    if let Err(errors) = bundle.add_resource(&resource) {
        return Err(source.error(None, None, format!("{errors:?}")));
    }
    let mut out = vec![];
    for (message, line) in entries {
        let id = message.id.name;
        let fail = |reason: String| source.error(line, Some(id), reason);
        let Some(msg) = bundle.get_message(id) else {
            continue;
        };
        let sample = Figures::default().args();
        let render = |pattern: &ast::Pattern<&str>, what: &str| -> Result<String, KbError> {
            let mut errors = vec![];
            let text = bundle
                .format_pattern(pattern, Some(&sample), &mut errors)
                .trim()
                .to_owned();
            if !errors.is_empty() {
                return Err(fail(format!(
                    "{what} uses an unknown variable or a reference; write plain text and, \
                     for the bot's own figures, only these variables: {}",
                    Figures::NAMES.join(", ")
                )));
            }
            Ok(text)
        };
        let body = match msg.value() {
            Some(p) => render(p, "the text")?,
            None => String::new(),
        };
        if body.is_empty() {
            return Err(fail("the answer (the message's value) is empty".into()));
        }
        let mut title = None;
        let mut topic = None;
        let mut keywords = None;
        let mut source_ref = None;
        let mut steps: BTreeMap<usize, String> = BTreeMap::new();
        for attr in &message.attributes {
            let name = attr.id.name;
            let text = render(&attr.value, &format!(".{name}"))?;
            match name {
                "title" => title = Some(text),
                "topic" => {
                    topic = Some(Topic::parse(&text).ok_or_else(|| {
                        fail(format!(
                            ".topic {text:?} is not one of: {}",
                            Topic::ALL.map(Topic::as_str).join(", ")
                        ))
                    })?)
                }
                "keywords" => keywords = Some(text),
                "source" => source_ref = Some(text),
                other => match other.strip_prefix("step-").and_then(|n| n.parse().ok()) {
                    Some(n) if n >= 1 => {
                        steps.insert(n, text);
                    }
                    _ => {
                        return Err(fail(format!(
                            "unknown attribute .{other}: use .title, .topic, .keywords, \
                             .source and, in a guide, .step-1, .step-2…"
                        )));
                    }
                },
            }
        }
        let required = |v: Option<String>, what: &str| {
            v.filter(|t| !t.is_empty())
                .ok_or_else(|| fail(format!("missing {what}")))
        };
        let title = required(title, ".title")?;
        let topic = topic.ok_or_else(|| fail("missing .topic".into()))?;
        let keywords = required(keywords, ".keywords")?;
        let source_ref = required(
            source_ref,
            ".source (the document and section it comes from)",
        )?;
        let kind = if id.starts_with("guide-") {
            Kind::Guide
        } else {
            Kind::Answer
        };
        match kind {
            Kind::Guide if steps.is_empty() => {
                return Err(fail("a guide needs its steps: .step-1, .step-2…".into()));
            }
            Kind::Guide if steps.keys().copied().ne(1..=steps.len()) => {
                return Err(fail(
                    "a guide's steps are numbered 1, 2, 3… with no gap".into(),
                ));
            }
            Kind::Answer if !steps.is_empty() => {
                return Err(fail(
                    "only guides (guide-…) have steps; an answer is one text".into(),
                ));
            }
            _ => {}
        }
        let steps: Vec<String> = steps.into_values().collect();
        for text in [&body, &title, &source_ref].into_iter().chain(steps.iter()) {
            if let Some(what) = personal_data_in(text) {
                return Err(fail(format!(
                    "{what}: answers never carry personal data (names, DNIs, phones, \
                     e-mails of people)"
                )));
            }
        }
        let keywords: Vec<String> = keywords
            .split(',')
            .map(crate::domain::normalize)
            .filter(|k| !k.is_empty())
            .collect();
        out.push(Entry {
            id: id.to_owned(),
            kind,
            topic,
            title,
            body,
            keywords,
            source: source_ref,
            steps,
        });
    }
    if out.is_empty() {
        return Err(source.error(None, None, "the file has no entries".into()));
    }
    Ok(out)
}

/// Groups of digits, joining those split by one space, dot or hyphen ("987 654 321").
fn digit_groups(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut groups = vec![];
    let mut current = String::new();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            current.push(*c);
        } else if matches!(c, ' ' | '-' | '.')
            && !current.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && current.len() >= 3
        {
            // A separator inside a phone number: keep going.
        } else if !current.is_empty() {
            groups.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

fn emails(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>'))
        .map(|w| w.trim_end_matches(['.', ':']))
        .filter(|w| {
            w.split_once('@')
                .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'))
        })
}

/// What in a text looks like someone's personal data, if anything.
pub(crate) fn personal_data_in(text: &str) -> Option<String> {
    for group in digit_groups(text) {
        if group.len() == 8 {
            return Some(format!("{} looks like a DNI", mask(&group)));
        }
        if group.len() == 9 && group.starts_with('9') {
            return Some(format!("{} looks like a mobile number", mask(&group)));
        }
    }
    emails(text)
        .find(|e| !INSTITUTIONAL_MAILBOXES.contains(&e.to_lowercase().as_str()))
        .map(|e| format!("{} looks like a personal e-mail address", mask(e)))
}

fn mask(s: &str) -> String {
    let keep: String = s
        .chars()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("****{keep}")
}

/// A question as supervisors may read it in reports: DNIs, phone numbers and
/// e-mail addresses masked.
pub fn redact(text: &str) -> String {
    let mut out = text.to_owned();
    for e in emails(text).map(str::to_owned).collect::<Vec<_>>() {
        out = out.replace(&e, "[correo]");
    }
    let mut result = String::with_capacity(out.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, result: &mut String| {
        if digits.len() >= 7 {
            result.push_str(&format!("****{}", &digits[digits.len() - 2..]));
        } else {
            result.push_str(digits);
        }
        digits.clear();
    };
    for c in out.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut result);
            result.push(c);
        }
    }
    flush(&mut digits, &mut result);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> KbSource {
        KbSource {
            lang: "es".into(),
            file: "es/prueba.ftl".into(),
            text: text.into(),
        }
    }

    const GOOD: &str = "\
faq-monto = La pensión es de S/ 300 cada dos meses.
    .title = Monto de la pensión
    .topic = pension
    .keywords = monto, cuánto pagan, bimestral
    .source = Directiva 06-2020, considerandos
guide-ddc = Así se renueva la DDC.
    .title = ¿Cómo renovar la DDC?
    .topic = ddc
    .keywords = renovar ddc
    .source = Directiva 06-2020, anexo 3
    .step-1 = Escriba /renovar.
    .step-2 = Envíe la DDC firmada.
";

    #[test]
    fn a_good_file_gives_answers_and_guides_with_their_source() {
        let entries = parse(&src(GOOD)).expect("parses");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].kind, Kind::Answer);
        assert_eq!(
            entries[0].keywords,
            vec!["monto", "cuanto pagan", "bimestral"]
        );
        assert_eq!(entries[1].steps.len(), 2);
        assert_eq!(entries[1].source, "Directiva 06-2020, anexo 3");
    }

    #[test]
    fn a_bad_entry_is_named_with_its_file_and_line() {
        let text = GOOD.replace("    .source = Directiva 06-2020, considerandos\n", "");
        let e = parse(&src(&text)).expect_err("no source");
        assert_eq!(e.entry.as_deref(), Some("faq-monto"));
        assert_eq!(e.line, Some(1));
        assert!(
            e.to_string()
                .starts_with("es/prueba.ftl:1 (entry faq-monto): missing .source"),
            "{e}"
        );

        let text = GOOD.replace(".step-2", ".step-3");
        let e = parse(&src(&text)).expect_err("gap");
        assert_eq!((e.entry.as_deref(), e.line), (Some("guide-ddc"), Some(6)));

        let text = GOOD.replace(".topic = pension", ".topic = otros");
        assert!(parse(&src(&text)).is_err());
        let text = GOOD.replace(".title", ".titel");
        assert!(
            parse(&src(&text))
                .expect_err("typo")
                .reason
                .contains(".titel")
        );
        let e = parse(&src("faq-x = { $nombre }\n")).expect_err("variable");
        assert_eq!(e.entry.as_deref(), Some("faq-x"));
        let e = parse(&src("faq-x = hola\n  .title = \n!!!\n")).expect_err("syntax");
        assert!(e.line.is_some(), "{e}");
        let e = parse(&src("Faq_X = hola\n")).expect_err("id");
        assert!(e.reason.contains("faq-"), "{e}");
    }

    #[test]
    fn entries_with_personal_data_are_refused() {
        for bad in [
            "Llame al 987 654 321.",
            "El DNI 41234567 es de la responsable.",
            "Escriba a juana.perez@gmail.com.",
        ] {
            let text = GOOD.replace("La pensión es de S/ 300 cada dos meses.", bad);
            let e = parse(&src(&text)).expect_err(bad);
            assert!(e.reason.contains("personal data"), "{e}");
            assert!(!e.to_string().contains("41234567"), "{e}");
        }
        let text = GOOD.replace(
            "La pensión es de S/ 300 cada dos meses.",
            "Escriba a sectoristas@contigo.gob.pe o llame al (01) 644-9006, Ley 29733.",
        );
        parse(&src(&text)).expect("institutional contacts and law numbers are fine");
    }

    #[test]
    fn a_later_file_corrects_an_entry_by_id() {
        let fix = "faq-monto = Ahora dice otra cosa.\n    .title = Monto\n    .topic = pension\n    .keywords = monto\n    .source = Operador\n";
        let kb = KnowledgeBase::load(&[src(GOOD), src(fix)]).expect("loads");
        assert_eq!(kb.len("es"), 2);
        assert_eq!(
            kb.entry("es", "faq-monto").map(|e| e.body.as_str()),
            Some("Ahora dice otra cosa.")
        );
        // English falls back to Spanish when it lacks the entry.
        assert!(kb.entry("en", "guide-ddc").is_some());
    }

    #[test]
    fn the_built_in_entries_load_in_both_languages_and_fit_the_menus() {
        let kb = KnowledgeBase::load(&builtin()).expect("built-in entries load");
        assert_eq!(
            kb.ids("es"),
            kb.ids("en"),
            "English has every Spanish entry"
        );
        assert_eq!(kb.len("es"), 45);
        for topic in Topic::ALL {
            // A WhatsApp list holds 10 rows: the entries and "Volver".
            let n = kb.by_topic("es", topic).len();
            assert!((1..=9).contains(&n), "{topic:?} has {n} entries");
        }
        assert!(kb.guides("es").len() >= 3);
        assert_eq!(
            kb.find("en", "how much is the pension and how often is it paid?"),
            Found::Answer("faq-monto-pension".into())
        );
    }

    /// A number written before "días hábiles", an hour of the office or a contact
    /// line in an entry's own text would be a second copy of a setting: the entries
    /// name them as variables. The padrón's refresh every 7 business days is the
    /// operations unit's cycle, not a setting of this bot.
    #[test]
    fn entries_write_no_figure_the_settings_hold() {
        let units = [
            "día hábil",
            "días hábiles",
            "business day",
            "DNI por hora",
            "per hour",
        ];
        for source in builtin() {
            let mut current = "";
            for line in source.text.lines() {
                if let Some((id, _)) = line.split_once(" = ")
                    && !id.starts_with(' ')
                {
                    current = id;
                }
                // "[one] 1 día hábil" is the plural form chosen when the figure is 1.
                if current == "faq-actualizacion-padron" || line.trim_start().starts_with("[one]") {
                    continue;
                }
                for unit in units {
                    for (at, _) in line.match_indices(unit) {
                        let before = line[..at].trim_end();
                        assert!(
                            !before.ends_with(|c: char| c.is_ascii_digit()),
                            "{} {current}: a figure written in prose before {unit:?}: {line}",
                            source.file
                        );
                    }
                }
                for figure in ["08:30", "17:30", "644-9006", "sectoristas@"] {
                    assert!(
                        !line.contains(figure),
                        "{} {current}: {figure} is a setting: {line}",
                        source.file
                    );
                }
            }
        }
    }

    #[test]
    fn an_entry_shows_the_figures_it_is_given() {
        let kb = KnowledgeBase::load(&builtin()).expect("built-in entries load");
        for lang in ["es", "en"] {
            let default = kb
                .shown(lang, "faq-plazo-evaluacion", &Figures::default())
                .expect("entry");
            let figures = Figures {
                uac_days: 2,
                legal_days: 4,
                director_days: 3,
                account_days: 5,
                review_days: 14,
                ..Figures::default()
            };
            let changed = kb
                .shown(lang, "faq-plazo-evaluacion", &figures)
                .expect("entry");
            assert!(default.body.contains(" 7 "), "{}", default.body);
            assert!(changed.body.contains(" 14 "), "{}", changed.body);
            assert!(!changed.body.contains(" 7 "), "{}", changed.body);
            let no_payment = Figures {
                next_payment: String::new(),
                ..Figures::default()
            };
            let with = kb.shown(lang, "faq-calendario-pago", &Figures::default());
            let without = kb.shown(lang, "faq-calendario-pago", &no_payment);
            assert!(with.expect("entry").body.contains("14/12/2026"));
            assert!(!without.expect("entry").body.contains("14/12/2026"));
        }
    }

    #[test]
    fn reports_mask_what_people_typed() {
        assert_eq!(
            redact("mi dni es 41234567 y mi cel 987654321, correo a@b.pe"),
            "mi dni es ****67 y mi cel ****21, correo [correo]"
        );
        assert_eq!(redact("S/ 300 en 2026"), "S/ 300 en 2026");
    }
}
