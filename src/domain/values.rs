//! Validated values typed by users: DNI, phone, email, person names, free text,
//! document numbers and designation dates.
//!
//! Parse, don't validate: each type can only hold a valid, normalized value, so nothing
//! downstream checks again. Every way a value can be wrong is a [`ValueError`] variant
//! with its own Fluent message id (`locales/*/values.ftl`), so the user is told what is
//! wrong and shown a correct example.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// Why a typed value was refused. [`ValueError::key`] gives the Fluent message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("a DNI has exactly 8 digits")]
    DniLength,
    #[error("a DNI contains digits only")]
    DniChars,
    #[error("not a Peruvian mobile or landline number")]
    Phone,
    #[error("not a valid email address")]
    Email,
    #[error("a name cannot contain digits")]
    NameDigits,
    #[error("a name has letters, spaces, apostrophes, hyphens and dots only")]
    NameChars,
    #[error("a name has between 2 and 60 characters")]
    NameLength,
    #[error("that is not a name (\"no sé\", \"ayuda\", a question)")]
    NotAName,
    #[error("the text must have between 2 and 120 characters")]
    TextLength,
    #[error("the text contains non-printable characters")]
    TextChars,
    #[error("a document number has 1 to 60 characters including at least one digit")]
    DocNumber,
    #[error("a JNE credential's number has at least 3 characters")]
    Credential,
    #[error("a date is written as dd/mm/yyyy")]
    DateFormat,
    #[error("that date does not exist")]
    DateImpossible,
    #[error("the date is in the future")]
    DateFuture,
    #[error("the date is before 1990")]
    DateTooOld,
    #[error("a ubigeo code has exactly 6 digits")]
    Ubigeo,
}

impl ValueError {
    /// Fluent message id (`locales/*/values.ftl`) explaining the error to the user.
    pub fn key(&self) -> &'static str {
        match self {
            Self::DniLength => "invalid-dni-length",
            Self::DniChars => "invalid-dni-chars",
            Self::Phone => "invalid-phone",
            Self::Email => "invalid-email",
            Self::NameDigits => "invalid-name-digits",
            Self::NameChars => "invalid-name-chars",
            Self::NameLength => "invalid-name-length",
            Self::NotAName => "invalid-name-not-a-name",
            Self::TextLength => "invalid-text-length",
            Self::TextChars => "invalid-text-chars",
            Self::DocNumber => "invalid-doc-number",
            Self::Credential => "invalid-credential",
            Self::DateFormat => "invalid-date-format",
            Self::DateImpossible => "invalid-date-impossible",
            Self::DateFuture => "invalid-date-future",
            Self::DateTooOld => "invalid-date-too-old",
            Self::Ubigeo => "invalid-ubigeo",
        }
    }
}

/// Implements `as_str`, `Display` and string serde for a `struct T(String)` with a
/// `parse` constructor. Deserializing goes through `parse`, so a stored value that is
/// no longer valid cannot sneak back in.
macro_rules! string_value {
    ($ty:ident) => {
        impl $ty {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::convert::AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use string_value;

/// Keeps only the last four characters, for logs and confirmations (Ley 29733).
pub fn mask_last4(s: &str) -> String {
    let tail: String = s
        .chars()
        .skip(s.chars().count().saturating_sub(4))
        .collect();
    format!("****{tail}")
}

/// NFC plus whitespace collapsed to single spaces, trimmed. NFC so that a name typed
/// on a keyboard that sends decomposed accents compares and stores like any other.
fn tidy(s: &str) -> String {
    let composed: String = s.nfc().collect();
    composed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` without the labels people write before a value ("DNI: ", "cel. ",
/// "Credencial N° "), matched case-insensitively at the start, as often as they
/// follow one another; what remains, trimmed.
fn without_labels<'a>(s: &'a str, labels: &[&str]) -> &'a str {
    let mut rest = s.trim();
    'strip: loop {
        for label in labels {
            let head = rest.get(..label.len());
            if head.is_some_and(|h| h.eq_ignore_ascii_case(label)) {
                rest = rest[label.len()..].trim_start_matches([' ', ':', '.']);
                continue 'strip;
            }
        }
        return rest.trim();
    }
}

/// What is written before a number: "N° 0123", "Nro. 0123".
const NUMBER_LABELS: &[&str] = &[
    "n°", "nº", "n.°", "nro", "número", "numero", "núm", "num", "no.",
];

/// Peruvian national identity document number: exactly 8 digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Dni(String);
string_value!(Dni);

/// Masked, so a `{:?}` in a log or a panic message never prints a whole DNI.
impl std::fmt::Debug for Dni {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Dni({})", self.masked())
    }
}

impl Dni {
    /// Accepts 8 digits, grouped as people copy them from the card or write them
    /// by hand ("4012 3456", "40.123.456"); nothing else: a dash or a letter inside is
    /// more likely a different document than a formatting habit.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        // "DNI: 40123456", "D.N.I. N° 40123456": the label is not part of it.
        let labels = [&["dni", "d.n.i", "d.n.i."][..], NUMBER_LABELS].concat();
        let s: String = without_labels(s, &labels)
            .chars()
            .filter(|c| !matches!(c, ' ' | '.'))
            .collect();
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(ValueError::DniChars);
        }
        if s.len() != 8 {
            return Err(ValueError::DniLength);
        }
        Ok(Self(s))
    }

    /// `****5678`: the only form allowed in logs.
    pub fn masked(&self) -> String {
        mask_last4(&self.0)
    }
}

/// Peruvian phone number, stored as 9 digits: a mobile (`9xxxxxxxx`), a Lima landline
/// (`01` + 7 digits) or a provincial landline (`0` + area code 41..=84 + 6 digits).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);
string_value!(Phone);

/// Masked, so a `{:?}` in a log or a panic message never prints a whole number.
impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl Phone {
    /// Accepts spaces, dashes, dots and parentheses as separators and a leading `+51` or
    /// `51` country code (as WhatsApp shares contacts), then normalizes to digits only.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        // "cel. 987654321", "Telf: 064 234567": the label is not part of it.
        let labels = [
            &[
                "celular",
                "cel",
                "movil",
                "móvil",
                "telefono",
                "teléfono",
                "telf",
                "tlf",
                "tel",
                "fijo",
                "whatsapp",
                "wsp",
            ][..],
            NUMBER_LABELS,
        ]
        .concat();
        let s = without_labels(s, &labels);
        // Separators first, so "(+51) 987..." keeps its country code visible.
        let compact: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let (international, digits) = match compact.strip_prefix('+') {
            Some(rest) => (true, rest.to_owned()),
            None => (false, compact),
        };
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(ValueError::Phone);
        }
        let national = if international {
            let national = digits.strip_prefix("51").ok_or(ValueError::Phone)?;
            // Internationally, landlines drop the trunk 0: +51 1 2345678, +51 64 234567.
            if national.len() == 8 && !national.starts_with('9') {
                format!("0{national}")
            } else {
                national.to_owned()
            }
        } else if digits.len() == 11 && digits.starts_with("519") {
            digits[2..].to_owned()
        } else {
            digits
        };
        if Self::is_valid_national(&national) {
            Ok(Self(national))
        } else {
            Err(ValueError::Phone)
        }
    }

    fn is_valid_national(d: &str) -> bool {
        if d.len() != 9 {
            return false;
        }
        if d.starts_with('9') || d.starts_with("01") {
            return true;
        }
        match d.strip_prefix('0').and_then(|r| r.get(..2)) {
            Some(area) => area.parse::<u8>().is_ok_and(|a| (41..=84).contains(&a)),
            None => false,
        }
    }

    pub fn is_mobile(&self) -> bool {
        self.0.starts_with('9')
    }

    /// The WhatsApp id of a mobile (`51` + 9 digits); landlines have none.
    pub fn wa_id(&self) -> Option<String> {
        self.is_mobile().then(|| format!("51{}", self.0))
    }

    /// `****4321`: the only form allowed in logs.
    pub fn masked(&self) -> String {
        mask_last4(&self.0)
    }
}

/// Email address with a sane syntax, stored lowercased.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);
string_value!(Email);

impl Email {
    /// Deliberately not RFC 5322: one `@`, a non-empty local part, a dotted domain
    /// without empty labels, no whitespace, at most 254 characters. Deliverability is
    /// the reviewer's concern, typos are ours.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let s = s.trim().to_lowercase();
        if s.is_empty() || s.chars().count() > 254 {
            return Err(ValueError::Email);
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ValueError::Email);
        }
        let (local, domain) = s.split_once('@').ok_or(ValueError::Email)?;
        if local.is_empty() || local.chars().count() > 64 || domain.contains('@') {
            return Err(ValueError::Email);
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
            return Err(ValueError::Email);
        }
        Ok(Self(s))
    }
}

/// Whole answers that give no value (as [`super::ubigeo::normalize`] writes them).
const NONE_ANSWERS: &[&str] = &[
    "no",
    "nada",
    "ninguno",
    "ninguna",
    "ningun",
    "nose",
    "ns",
    "na",
    "n a",
    "no aplica",
    "no corresponde",
    "sin dato",
    "sin datos",
    "none",
    "i don t know",
    "don t know",
    "dont know",
    "i dont know",
    "unknown",
    "not applicable",
    "ni idea",
    "no idea",
    "idk",
];

/// What an answer that gives no value opens with, followed by anything ("no tenemos
/// rof", "no se como se llama", "todavia no lo designan").
const NONE_OPENINGS: &[&str] = &[
    "no se",
    "no lo se",
    "no la se",
    "no sabemos",
    "no sabe",
    "no recuerdo",
    "no me acuerdo",
    "desconozco",
    "no tiene",
    "no tengo",
    "no tenemos",
    "no lo tengo",
    "no la tengo",
    "no lo tenemos",
    "no la tenemos",
    "no lo tiene",
    "no la tiene",
    "no hay",
    "no cuenta",
    "no cuento",
    "no contamos",
    "no existe",
    "todavia no",
    "aun no",
    "ya no",
    "ninguno",
    "ninguna",
    "sin rof",
    "sin correo",
    "sin email",
    "sin numero",
    "sin documento",
    "sin resolucion",
    "sin credencial",
    "sin telefono",
    "sin celular",
    "we don t have",
    "we have none",
    "there is none",
    "they don t have",
    "he doesn t have",
    "she doesn t have",
];

/// Whether an answer says there is no value to give: "no tiene", "no tenemos rof",
/// "no hay", "ninguno", "no sé", "-". An answer with a digit or an "@" in it gives a
/// value after all ("no tengo celular, fijo 064 234567"), and is none of these.
pub fn says_none(answer: &str) -> bool {
    let answer = answer.trim();
    if answer.is_empty() || answer.contains(|c: char| c.is_ascii_digit() || c == '@') {
        return false;
    }
    if answer.chars().all(|c| matches!(c, '-' | '–' | '—' | '_')) {
        return true;
    }
    let t = super::ubigeo::normalize(answer);
    NONE_ANSWERS.contains(&t.as_str())
        || NONE_OPENINGS
            .iter()
            .any(|o| t == *o || t.strip_prefix(o).is_some_and(|r| r.starts_with(' ')))
}

/// Given names or surnames: Unicode letters, spaces, apostrophes, hyphens and dots,
/// 2..=60 characters. The user's capitalization is kept, since it is their name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PersonName(String);
string_value!(PersonName);

/// Words that never make part of a person's name but do make up what people type
/// when they do not know it ("no sé", "no se como se llama el alcalde", "ayuda"),
/// as [`super::ubigeo::normalize`] writes them.
const NOT_IN_A_NAME: &[&str] = &[
    "no",
    "se",
    "nose",
    "ns",
    "sabe",
    "sabemos",
    "saber",
    "idea",
    "recuerdo",
    "desconozco",
    "ninguno",
    "ninguna",
    "nada",
    "ayuda",
    "ayudame",
    "help",
    "como",
    "que",
    "q",
    "k",
    "cual",
    "quien",
    "donde",
    "cuando",
    "llama",
    "llaman",
    "apellido",
    "apellidos",
    "nombre",
    "nombres",
    "alcalde",
    "alcaldesa",
    "gobernador",
    "gobernadora",
    "hola",
    "gracias",
    "ok",
    "porque",
    "xq",
    "pq",
    "dont",
    "know",
    "unknown",
    "what",
    "how",
    "who",
];

impl PersonName {
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let s = tidy(s);
        // A question or a "don't know" is not stored as anyone's name.
        let words = super::ubigeo::normalize(&s);
        if s.contains(['?', '¿']) || words.split(' ').any(|w| NOT_IN_A_NAME.contains(&w)) {
            return Err(ValueError::NotAName);
        }
        if s.chars().any(char::is_numeric) {
            return Err(ValueError::NameDigits);
        }
        // ’ is what phone keyboards with smart punctuation send for an apostrophe.
        let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-' | '.');
        if !s.chars().all(allowed) {
            return Err(ValueError::NameChars);
        }
        let len = s.chars().count();
        if !(2..=60).contains(&len) {
            return Err(ValueError::NameLength);
        }
        if !s.chars().any(char::is_alphabetic) {
            return Err(ValueError::NameChars);
        }
        Ok(Self(capitalized_if_all_lower(&s)))
    }
}

/// Particles that stay in lower case inside a name: "Quispe de la Cruz".
const NAME_PARTICLES: &[&str] = &["de", "del", "la", "las", "los", "y", "e"];

/// A name typed all in lower case ("rosa maría") as it is written on the DNI and
/// must be on the DDC ("Rosa María"); any capital typed means the person chose
/// the case, and it is kept.
fn capitalized_if_all_lower(s: &str) -> String {
    if s.chars().any(char::is_uppercase) {
        return s.to_owned();
    }
    s.split(' ')
        .enumerate()
        .map(|(i, word)| {
            if i > 0 && NAME_PARTICLES.contains(&word) {
                return word.to_owned();
            }
            let mut out = String::with_capacity(word.len());
            let mut start = true;
            for c in word.chars() {
                if start && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                start = c == '-';
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Short free text such as an entity name, an office or a position (cargo):
/// 2..=120 printable characters, whitespace collapsed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FreeText(String);
string_value!(FreeText);

impl FreeText {
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let s = tidy(s);
        if s.chars().any(char::is_control) {
            return Err(ValueError::TextChars);
        }
        if !(2..=120).contains(&s.chars().count()) {
            return Err(ValueError::TextLength);
        }
        // "😀😀" or "..." names no office and no entity.
        if !s.chars().any(char::is_alphanumeric) {
            return Err(ValueError::TextChars);
        }
        Ok(Self(s))
    }
}

/// Number of an official document (JNE credential, resolution, ROF approval):
/// 1..=60 printable characters with at least one digit, e.g. `RA 045-2023-MDX`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DocNumber(String);
string_value!(DocNumber);

impl DocNumber {
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let s = tidy(s);
        let len = s.chars().count();
        let valid = (1..=60).contains(&len)
            && s.chars().any(|c| c.is_ascii_digit())
            && !s.chars().any(char::is_control);
        if valid {
            Ok(Self(s))
        } else {
            Err(ValueError::DocNumber)
        }
    }

    /// The number of a JNE credential, as copied from it ("Credencial N° 0123-2026-JNE"):
    /// the DDC writes "la Credencial N° {number}" itself, so the label is dropped. A
    /// number of one or two characters is refused: it is a menu's number typed at this
    /// step ("7"), not a credential.
    pub fn parse_credential(s: &str) -> Result<Self, ValueError> {
        let labels = [&["credencial", "del jne"][..], NUMBER_LABELS].concat();
        let number = Self::parse(without_labels(s, &labels))?;
        if number.0.chars().count() < 3 {
            return Err(ValueError::Credential);
        }
        Ok(number)
    }
}

/// Earliest date accepted; older dates are almost always typos in the year.
const OLDEST_YEAR: i32 = 1990;

/// Spanish month names and their usual abbreviations (as `normalize` writes them).
const MONTHS: [&[&str]; 12] = [
    &["enero", "ene"],
    &["febrero", "feb"],
    &["marzo", "mar"],
    &["abril", "abr"],
    &["mayo", "may"],
    &["junio", "jun"],
    &["julio", "jul"],
    &["agosto", "ago"],
    &["septiembre", "setiembre", "sep", "set"],
    &["octubre", "oct"],
    &["noviembre", "nov"],
    &["diciembre", "dic"],
];

/// Parses a past date such as a designation date, as people in Peru write it:
/// `dd/mm/yyyy`, `d/m/yy`, `d-m-yyyy`, `d.m.yyyy`, `yyyy-mm-dd` or in words,
/// "15 de enero del 2026", or "hoy". A two-digit year is this century's unless that is still
/// to come. `today` is the current date in Lima; later dates are refused, as are
/// dates before 1990.
pub fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, ValueError> {
    let s = s.trim();
    // The «Hoy» choice typed rather than tapped (the terminal, WhatsApp's text).
    if matches!(super::ubigeo::normalize(s).as_str(), "hoy" | "today") {
        return Ok(today);
    }
    let (year, month, day) = match in_numbers(s) {
        Some(ymd) => ymd,
        None => in_words(s).ok_or(ValueError::DateFormat)?,
    };
    let year = match year {
        // "26" is 2026; "99" is 1999 (and then too old or fine).
        (0..100, 2) => {
            let this_century = 2000 + year.0;
            if this_century > today.year() {
                1900 + year.0
            } else {
                this_century
            }
        }
        (y, 4) => y,
        _ => return Err(ValueError::DateFormat),
    };
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(ValueError::DateImpossible)?;
    if year < OLDEST_YEAR {
        return Err(ValueError::DateTooOld);
    }
    if date > today {
        return Err(ValueError::DateFuture);
    }
    Ok(date)
}

/// The year (and how many digits it was written with), month and day of a date in
/// numbers: `d/m/y`, `d-m-y`, `d.m.y` or `yyyy-mm-dd`.
fn in_numbers(s: &str) -> Option<((i32, usize), u32, u32)> {
    let sep = ['/', '-', '.'].into_iter().find(|c| s.contains(*c))?;
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let all_digits =
        |p: &str| !p.is_empty() && p.len() <= 4 && p.chars().all(|ch| ch.is_ascii_digit());
    if !(all_digits(a) && all_digits(b) && all_digits(c)) {
        return None;
    }
    let (year, month, day) = if a.len() == 4 && sep == '-' && b.len() <= 2 && c.len() <= 2 {
        (a, b, c)
    } else if matches!(c.len(), 2 | 4) && a.len() <= 2 && b.len() <= 2 {
        (c, b, a)
    } else {
        return None;
    };
    // Lengths are bounded above, so these parses cannot overflow.
    Some((
        (year.parse().ok()?, year.len()),
        month.parse().ok()?,
        day.parse().ok()?,
    ))
}

/// "15 de enero del 2026", "15 enero 2026", "15 ene 26".
fn in_words(s: &str) -> Option<((i32, usize), u32, u32)> {
    let t = super::ubigeo::normalize(s);
    let words: Vec<&str> = t
        .split(' ')
        .filter(|w| !matches!(*w, "de" | "del" | "el"))
        .collect();
    let [day, month, year] = words.as_slice() else {
        return None;
    };
    let number = |p: &str| p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit());
    let month = MONTHS.iter().position(|names| names.contains(month))?;
    if !number(day) || !number(year) || day.len() > 2 {
        return None;
    }
    Some((
        (year.parse().ok()?, year.len()),
        u32::try_from(month).ok()? + 1,
        day.parse().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as DeError, StrDeserializer};

    #[test]
    fn debug_output_masks_dni_and_phone() {
        let dni = Dni::parse("45675678").unwrap();
        let phone = Phone::parse("987654321").unwrap();
        assert_eq!(format!("{dni:?}"), "Dni(****5678)");
        assert_eq!(format!("{phone:?}"), "Phone(****4321)");
        let both = format!("{:?}", (Some(dni), vec![phone]));
        assert!(!both.contains("4567") && !both.contains("98765"), "{both}");
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
    }

    fn de<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T, DeError> {
        let d: StrDeserializer<'_, DeError> = s.into_deserializer();
        T::deserialize(d)
    }

    #[test]
    fn an_answer_that_gives_none_is_told_from_one_that_gives_a_value() {
        for none in [
            "no tiene",
            "No tenemos ROF",
            "no hay",
            "ninguno",
            "Ninguna",
            "no sé",
            "nose",
            "NO SE",
            "no lo tengo a la mano",
            "todavía no",
            "ya no",
            "sin correo",
            "-",
            "N/A",
            "no aplica",
            "don't know",
        ] {
            assert!(says_none(none), "{none}");
        }
        for value in [
            "no tengo celular, fijo 064 234567",
            "RS 045-2025",
            "Nolasco",
            "Notaría Sin Fronteras",
            "Sindicato de Trabajadores",
            "rosa@example.pe",
            "Noemí",
            "Nada Quispe",
            "",
            "👍",
        ] {
            assert!(!says_none(value), "{value}");
        }
    }

    #[test]
    fn dni_grouped_with_spaces_or_dots_is_read() {
        for raw in ["4012 3456", "40.123.456", "40 123 456", " 40123456"] {
            assert_eq!(
                Dni::parse(raw).map(|d| d.to_string()),
                Ok("40123456".into())
            );
        }
    }

    #[test]
    fn the_label_people_write_before_a_dni_phone_or_credential_is_dropped() {
        for raw in [
            "DNI 40123456",
            "dni: 40.123.456",
            "D.N.I. N° 40123456",
            "DNI Nº 4012 3456",
        ] {
            assert_eq!(
                Dni::parse(raw).map(|d| d.to_string()),
                Ok("40123456".into()),
                "{raw}"
            );
        }
        for raw in [
            "cel. 987 654 321",
            "Celular: 987654321",
            "CEL 987-654-321",
            "wsp 987654321",
        ] {
            assert_eq!(
                Phone::parse(raw).map(|p| p.to_string()),
                Ok("987654321".into()),
                "{raw}"
            );
        }
        assert_eq!(
            Phone::parse("Telf. (064) 234567").unwrap().as_str(),
            "064234567"
        );
        for raw in [
            "Credencial N° 0123-2026-JNE",
            "credencial nro. 0123-2026-JNE",
            "N° 0123-2026-JNE",
            "0123-2026-JNE",
        ] {
            assert_eq!(
                DocNumber::parse_credential(raw).map(|d| d.to_string()),
                Ok("0123-2026-JNE".into()),
                "{raw}"
            );
        }
        // Other documents keep their type: "DS N° 002-2016-MIMP".
        assert_eq!(
            DocNumber::parse("DS N° 002-2016-MIMP").unwrap().as_str(),
            "DS N° 002-2016-MIMP"
        );
        // A label alone, or before something else, is still refused.
        assert_eq!(Dni::parse("DNI"), Err(ValueError::DniLength));
        assert_eq!(Dni::parse("DNI 4012345A"), Err(ValueError::DniChars));
        assert_eq!(Phone::parse("cel. no tiene"), Err(ValueError::Phone));
        assert_eq!(
            DocNumber::parse_credential("Credencial N°"),
            Err(ValueError::DocNumber)
        );
        // A menu's number typed at the credential's step is not a credential.
        assert_eq!(
            DocNumber::parse_credential("7"),
            Err(ValueError::Credential)
        );
        assert_eq!(
            DocNumber::parse_credential(" 12 "),
            Err(ValueError::Credential)
        );
        assert!(DocNumber::parse_credential("N° 123").is_ok());
    }

    #[test]
    fn a_name_typed_in_lower_case_is_written_as_on_the_dni() {
        for (raw, want) in [
            ("rosa maría", "Rosa María"),
            ("quispe de la cruz", "Quispe de la Cruz"),
            ("pérez-soto", "Pérez-Soto"),
            ("del águila", "Del Águila"),
            ("ñahui y huamán", "Ñahui y Huamán"),
        ] {
            assert_eq!(PersonName::parse(raw).unwrap().as_str(), want, "{raw}");
        }
        // A capital typed anywhere: the person chose the case.
        for raw in ["ROSA MARÍA", "María de la cruz", "McDonald"] {
            assert_eq!(PersonName::parse(raw).unwrap().as_str(), raw);
        }
    }

    #[test]
    fn what_people_type_when_they_do_not_know_a_name_is_not_one() {
        for raw in [
            "no sé",
            "no se",
            "nose",
            "no se como se llama el alcalde",
            "ayuda",
            "¿Dónde lo veo?",
            "cual es su nombre",
        ] {
            assert_eq!(PersonName::parse(raw), Err(ValueError::NotAName), "{raw}");
        }
        for raw in [
            "María de la Cruz",
            "Ana Nole",
            "Quispe Mamani",
            "Del Águila",
        ] {
            assert!(PersonName::parse(raw).is_ok(), "{raw}");
        }
    }

    #[test]
    fn dni_with_surrounding_spaces_is_accepted() {
        let dni = Dni::parse("  40123456 ").unwrap();
        assert_eq!(dni.as_str(), "40123456");
        assert_eq!(dni.to_string(), "40123456");
        assert_eq!(dni.masked(), "****3456");
    }

    #[test]
    fn dni_of_wrong_length_or_with_letters_is_refused_with_distinct_errors() {
        assert_eq!(Dni::parse("1234567"), Err(ValueError::DniLength));
        assert_eq!(Dni::parse("123456789"), Err(ValueError::DniLength));
        assert_eq!(Dni::parse(""), Err(ValueError::DniLength));
        assert_eq!(Dni::parse("1234567A"), Err(ValueError::DniChars));
        assert_eq!(Dni::parse("4012345-6"), Err(ValueError::DniChars));
        assert_eq!(Dni::parse("40.123.45"), Err(ValueError::DniLength));
        assert_eq!(
            Dni::parse("1234567A").unwrap_err().key(),
            "invalid-dni-chars"
        );
    }

    #[test]
    fn mobile_numbers_are_normalized_to_nine_digits() {
        for raw in [
            "987654321",
            "987 654 321",
            "987-654-321",
            "+51 987 654 321",
            "+51987654321",
            "51987654321",
            "(+51) 987654321",
        ] {
            let p = Phone::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(p.as_str(), "987654321", "{raw}");
            assert!(p.is_mobile());
        }
        assert_eq!(Phone::parse("987654321").unwrap().masked(), "****4321");
    }

    #[test]
    fn landlines_need_an_area_code() {
        let lima = Phone::parse("(01) 234-5678").unwrap();
        assert_eq!(lima.as_str(), "012345678");
        assert!(!lima.is_mobile());
        assert_eq!(Phone::parse("064 234567").unwrap().as_str(), "064234567");
        assert_eq!(Phone::parse("+51 64 234567").unwrap().as_str(), "064234567");
        assert_eq!(Phone::parse("+51 1 2345678").unwrap().as_str(), "012345678");
        assert_eq!(Phone::parse("084-123456").unwrap().as_str(), "084123456");
        assert_eq!(Phone::parse("041123456").unwrap().as_str(), "041123456");
    }

    #[test]
    fn malformed_phones_are_refused() {
        for raw in [
            "",
            "2345678",      // Lima number without area code
            "87654321",     // 8 digits
            "9876543210",   // 10 digits
            "887654321",    // mobile must start with 9
            "040 123456",   // area code below 41
            "085 123456",   // area code above 84
            "+52987654321", // not Peru
            "98765432a",
            "987/654/321",
        ] {
            assert_eq!(Phone::parse(raw), Err(ValueError::Phone), "{raw}");
        }
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        let e = Email::parse("  Ana.Quispe@MuniEjemplo.gob.pe ").unwrap();
        assert_eq!(e.as_str(), "ana.quispe@muniejemplo.gob.pe");
        for raw in [
            "",
            "ana",
            "ana@",
            "@ejemplo.pe",
            "ana@ejemplo",
            "ana@@ejemplo.pe",
            "ana@ejemplo..pe",
            "ana@.ejemplo.pe",
            "ana quispe@ejemplo.pe",
            "a@b@ejemplo.pe",
        ] {
            assert_eq!(Email::parse(raw), Err(ValueError::Email), "{raw}");
        }
        let long = format!("{}@ejemplo.pe", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(ValueError::Email));
    }

    #[test]
    fn names_keep_accents_and_case_but_collapse_spaces() {
        let n = PersonName::parse("  María   José  Ñahui ").unwrap();
        assert_eq!(n.as_str(), "María José Ñahui");
        assert!(PersonName::parse("D'Angelo").is_ok());
        assert!(PersonName::parse("O’Higgins").is_ok());
        assert!(PersonName::parse("Pérez-Quispe").is_ok());
        assert!(PersonName::parse("Ma. del Carmen").is_ok());
        assert!(PersonName::parse("de la cruz").is_ok());
        // Decomposed accents (NFD) are stored composed.
        assert_eq!(PersonName::parse("Jose\u{301}").unwrap().as_str(), "José");
    }

    #[test]
    fn names_with_digits_symbols_or_bad_length_are_refused() {
        assert_eq!(PersonName::parse("Juan2"), Err(ValueError::NameDigits));
        assert_eq!(PersonName::parse("Ana@"), Err(ValueError::NameChars));
        assert_eq!(PersonName::parse("--"), Err(ValueError::NameChars));
        assert_eq!(PersonName::parse("A"), Err(ValueError::NameLength));
        assert_eq!(PersonName::parse("   "), Err(ValueError::NameLength));
        assert_eq!(
            PersonName::parse(&"a".repeat(61)),
            Err(ValueError::NameLength)
        );
        assert!(PersonName::parse(&"a".repeat(60)).is_ok());
    }

    #[test]
    fn free_text_collapses_whitespace_and_bounds_length() {
        let t = FreeText::parse(" Sub Gerencia de\n Desarrollo  Social ").unwrap();
        assert_eq!(t.as_str(), "Sub Gerencia de Desarrollo Social");
        assert!(FreeText::parse("Jefe (e) de la OMAPED N° 2").is_ok());
        assert_eq!(FreeText::parse("x"), Err(ValueError::TextLength));
        assert_eq!(
            FreeText::parse(&"x".repeat(121)),
            Err(ValueError::TextLength)
        );
        assert_eq!(FreeText::parse("ab\u{7}cd"), Err(ValueError::TextChars));
        assert_eq!(FreeText::parse("😀😀"), Err(ValueError::TextChars));
        assert_eq!(FreeText::parse("..."), Err(ValueError::TextChars));
        assert!(FreeText::parse("OMAPED 🙂").is_ok());
    }

    #[test]
    fn document_numbers_need_a_digit() {
        assert_eq!(
            DocNumber::parse(" Credencial N° 0123-2022-JNE ")
                .unwrap()
                .as_str(),
            "Credencial N° 0123-2022-JNE"
        );
        assert!(DocNumber::parse("RA 045-2023-MDX").is_ok());
        assert!(DocNumber::parse("7").is_ok());
        assert_eq!(DocNumber::parse("sin número"), Err(ValueError::DocNumber));
        assert_eq!(DocNumber::parse(""), Err(ValueError::DocNumber));
        assert_eq!(
            DocNumber::parse(&format!("RA {}", "1".repeat(60))),
            Err(ValueError::DocNumber)
        );
    }

    #[test]
    fn dates_in_the_usual_formats_are_accepted() {
        let d = NaiveDate::from_ymd_opt(2025, 2, 3).unwrap();
        for raw in [
            "03/02/2025",
            "3/2/2025",
            "03-02-2025",
            "2025-02-03",
            " 3/02/2025 ",
            "3/2/25",
            "3-2-2025",
            "3.2.2025",
            "3 de febrero del 2025",
            "3 de febrero de 2025",
            "03 Febrero 2025",
            "3 feb 25",
        ] {
            assert_eq!(parse_date(raw, today()), Ok(d), "{raw}");
        }
        assert_eq!(parse_date("15/03/2026", today()), Ok(today()));
        assert_eq!(parse_date("Hoy", today()), Ok(today()));
    }

    #[test]
    fn bad_dates_are_refused_with_the_reason() {
        let t = today();
        for raw in [
            "",
            "ayer",
            "03/02/225",
            "2025/02",
            "3 de brumario del 2025",
            "de enero del 2025",
            "1/2/3/2025",
            "2025-2-3x",
        ] {
            assert_eq!(parse_date(raw, t), Err(ValueError::DateFormat), "{raw}");
        }
        assert_eq!(parse_date("31/02/2025", t), Err(ValueError::DateImpossible));
        assert_eq!(parse_date("01/13/2025", t), Err(ValueError::DateImpossible));
        assert_eq!(parse_date("16/03/2026", t), Err(ValueError::DateFuture));
        assert_eq!(parse_date("31/12/1989", t), Err(ValueError::DateTooOld));
        assert!(parse_date("01/01/1990", t).is_ok());
    }

    #[test]
    fn values_serialize_as_plain_strings_and_revalidate_on_the_way_in() {
        let dni: Dni = de("40123456").unwrap();
        assert_eq!(dni.as_str(), "40123456");
        assert!(de::<Dni>("4012345").is_err());
        let phone: Phone = de("987654321").unwrap();
        assert!(phone.is_mobile());
        let email: Email = de("a@b.pe").unwrap();
        assert_eq!(email.as_str(), "a@b.pe");
        assert!(de::<PersonName>("R2D2").is_err());
        assert!(de::<FreeText>("OMAPED").is_ok());
        assert!(de::<DocNumber>("RA 1").is_ok());
    }

    #[test]
    fn every_error_has_a_distinct_message_id() {
        let all = [
            ValueError::DniLength,
            ValueError::DniChars,
            ValueError::Phone,
            ValueError::Email,
            ValueError::NameDigits,
            ValueError::NameChars,
            ValueError::NameLength,
            ValueError::NotAName,
            ValueError::TextLength,
            ValueError::TextChars,
            ValueError::DocNumber,
            ValueError::DateFormat,
            ValueError::DateImpossible,
            ValueError::DateFuture,
            ValueError::DateTooOld,
            ValueError::Ubigeo,
        ];
        let mut keys: Vec<_> = all.iter().map(ValueError::key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), all.len());
        for locale in [
            include_str!("../../locales/es/values.ftl"),
            include_str!("../../locales/en/values.ftl"),
        ] {
            for key in &keys {
                assert!(locale.contains(&format!("\n{key} =")), "{key} missing");
            }
        }
    }
}
