//! The beneficiary list (padrón) as the program exports it, and the jurisdiction an
//! approved ally may see.
//!
//! Every status is a closed set with a stable lowercase code (as in the CSV export and
//! the database) and a Fluent id for its name; an unknown code is an import error.

use chrono::{Datelike, NaiveDate};

use super::request::AccessType;
use super::ubigeo::Ubigeo;
use super::values::{Dni, FreeText, Phone, ValueError};
use std::collections::BTreeMap;

/// Declares a closed set of codes: `ALL`, `as_str`, `parse` and `message_key`.
macro_rules! codes {
    ($(#[$doc:meta])* $ty:ident, $prefix:literal, { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $ty { $($variant),+ }

        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $code),+ }
            }

            /// Accepts the code in any case, with spaces or hyphens for underscores.
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim().to_lowercase().replace([' ', '-'], "_");
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// Fluent id of the name users see (`locales/*/padron.ftl`).
            pub fn message_key(self) -> String {
                format!("{}-{}", $prefix, self.as_str().replace('_', "-"))
            }
        }
    };
}

codes!(
    /// Whether the beneficiary receives the pension.
    Status, "padron-status", {
        Vigente => "vigente",
        Suspendido => "suspendido",
        Desafiliado => "desafiliado",
    }
);

codes!(
    /// The state of the authorisation for someone else to collect the pension
    /// (autorización de cobro), with its renewal and revocation (seed 000 §7.2).
    PaymentStatus, "padron-payment", {
        Autorizado => "autorizado",
        Renovado => "renovado",
        Pendiente => "pendiente",
        Observado => "observado",
        NoAutorizado => "no_autorizado",
        Revocado => "revocado",
    }
);

impl PaymentStatus {
    /// Someone may collect for the beneficiary: granted, or renewed.
    pub fn granted(self) -> bool {
        matches!(self, PaymentStatus::Autorizado | PaymentStatus::Renovado)
    }
}

codes!(
    /// The bimester's payment: deposited (abonado), collected (cobrado), or
    /// deposited and not collected in time (no cobrado).
    Collection, "padron-collection", {
        Abonado => "abonado",
        Cobrado => "cobrado",
        NoCobrado => "no_cobrado",
    }
);

codes!(
    /// The outcome of the affiliation request (solicitud de afiliación).
    RequestState, "padron-request", {
        Conforme => "conforme",
        NoConforme => "no_conforme",
    }
);

codes!(
    /// The padrón category, the only view an Otro Aliado has (national totals).
    Category, "padron-category", {
        Continuador => "continuador",
        Reincorporado => "reincorporado",
        Desafiliado => "desafiliado",
        Suspendido => "suspendido",
    }
);

/// One row of the padrón.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beneficiary {
    pub dni: Dni,
    pub names: String,
    pub surnames: String,
    pub birth_date: NaiveDate,
    pub ubigeo: Ubigeo,
    pub status: Status,
    pub payment_status: PaymentStatus,
    /// The authorised collector's name, when there is one.
    pub collector: Option<String>,
    pub request_date: Option<NaiveDate>,
    pub request_state: Option<RequestState>,
    pub request_reason: Option<String>,
    pub category: Category,
    /// The directive's files (empty in an old-format export).
    pub files: Files,
}

/// The dated files of a beneficiary an export may carry (seed 000 §7.2): the
/// payment authorisation's last move, the disaffiliation, the bimester's payment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    /// When the authorisation took its state (granted, renewed, revoked, ...).
    pub auth_date: Option<NaiveDate>,
    pub auth_reason: Option<String>,
    pub disaffiliation_date: Option<NaiveDate>,
    pub disaffiliation_reason: Option<String>,
    pub collection: Option<Collection>,
    /// The date of the payment's state (deposit, collection, or the lapse).
    pub collection_date: Option<NaiveDate>,
}

/// What a line of a beneficiary's history records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HistoryKind {
    /// The payment authorisation: granted, renewed, revoked, ...
    Authorisation,
    Disaffiliation,
    /// A bimester's payment.
    Payment,
}

impl HistoryKind {
    pub const ALL: [HistoryKind; 3] = [
        HistoryKind::Authorisation,
        HistoryKind::Disaffiliation,
        HistoryKind::Payment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HistoryKind::Authorisation => "autorizacion",
            HistoryKind::Disaffiliation => "desafiliacion",
            HistoryKind::Payment => "pago",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One dated event of a beneficiary's files, as kept across imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEvent {
    pub kind: HistoryKind,
    pub date: NaiveDate,
    /// The state's code: a [`PaymentStatus`], `desafiliado`, or a [`Collection`].
    pub state: String,
    pub reason: Option<String>,
}

impl Beneficiary {
    /// The dated events this row carries, for the history.
    pub fn events(&self) -> Vec<HistoryEvent> {
        let f = &self.files;
        let mut out = vec![];
        if let Some(date) = f.auth_date {
            out.push(HistoryEvent {
                kind: HistoryKind::Authorisation,
                date,
                state: self.payment_status.as_str().to_owned(),
                reason: f.auth_reason.clone(),
            });
        }
        if let Some(date) = f.disaffiliation_date {
            out.push(HistoryEvent {
                kind: HistoryKind::Disaffiliation,
                date,
                state: Status::Desafiliado.as_str().to_owned(),
                reason: f.disaffiliation_reason.clone(),
            });
        }
        if let (Some(c), Some(date)) = (f.collection, f.collection_date) {
            out.push(HistoryEvent {
                kind: HistoryKind::Payment,
                date,
                state: c.as_str().to_owned(),
                reason: None,
            });
        }
        out
    }

    pub fn age(&self, today: NaiveDate) -> u32 {
        age(self.birth_date, today)
    }
}

/// Whole years from `birth` to `today` (0 for a date in the future).
pub fn age(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Those born after this date are minors on `today`.
pub fn minor_cutoff(today: NaiveDate) -> NaiveDate {
    // 29 Feb minus 18 years does not exist: 28 Feb keeps someone born on 1 Mar a minor.
    today
        .with_year(today.year() - 18)
        .or_else(|| NaiveDate::from_ymd_opt(today.year() - 18, 2, 28))
        .unwrap_or(today)
}

/// What part of the padrón an approved ally sees. Built only from an active access,
/// and taken by every padrón query in the store, so no query can step outside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Gobierno Local: one district.
    District(Ubigeo),
    /// Gobierno Regional: one department (2-digit code).
    Region(String),
    /// Otro Aliado: the national padrón categories, as totals only (no one's data).
    National,
}

impl Scope {
    /// The scope of an access of this type over this jurisdiction (as stored in
    /// `access_requests.jurisdiction`). None when the jurisdiction is malformed.
    pub fn for_access(access_type: AccessType, jurisdiction: &str) -> Option<Scope> {
        match access_type {
            AccessType::Local => Ubigeo::parse(jurisdiction).ok().map(Scope::District),
            AccessType::Regional => {
                let ok =
                    jurisdiction.len() == 2 && jurisdiction.bytes().all(|b| b.is_ascii_digit());
                ok.then(|| Scope::Region(jurisdiction.to_owned()))
            }
            AccessType::Other => Some(Scope::National),
        }
    }

    /// Whether rows about individual people may be read in this scope.
    pub fn sees_people(&self) -> bool {
        !matches!(self, Scope::National)
    }

    pub fn contains(&self, ubigeo: &Ubigeo) -> bool {
        match self {
            Scope::District(u) => u == ubigeo,
            Scope::Region(r) => ubigeo.department_code() == r,
            Scope::National => true,
        }
    }
}

/// Words (normalised: lowercase, no accents) with which an ally asks who did not
/// collect: a question with them is a padrón query, not one for the knowledge base.
pub const NOT_COLLECTED_WORDS: [&str; 3] = ["no cobraron", "nocobraron", "no han cobrado"];

/// The directive's term: UOT updates the padrón every 7 business days (seed 000
/// §7.2.1 b).
pub const FRESH_BUSINESS_DAYS: i64 = 7;

/// How old a padrón dated `data_date` is on `today`, in business days, and whether
/// that is past the directive's term.
pub fn staleness(
    calendar: &super::calendar::BusinessCalendar,
    data_date: NaiveDate,
    today: NaiveDate,
) -> (i64, bool) {
    let age = calendar.business_days_between(data_date, today).max(0);
    (age, age > FRESH_BUSINESS_DAYS)
}

/// Longest alert description kept.
pub const MAX_DESCRIPTION: usize = 500;

/// What kind of input a field of an ally's form takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllyInput {
    /// Short free text (`FreeText`).
    Text,
    /// A Peruvian phone (`Phone`).
    Phone,
    /// One of [`AlertKind::ALL`].
    AlertKind,
    /// Free text with lines, up to [`MAX_DESCRIPTION`].
    Description,
}

/// One field of an ally's FAD or alert form, as the chat, the Mini App and the
/// Flows name, label and bound it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllyField {
    /// Its name in every form and in the chat's stored answers (`fad_address`).
    pub id: &'static str,
    pub input: AllyInput,
    /// The longest answer taken (characters).
    pub max_len: usize,
    /// Fluent id of the Mini App's label.
    pub label: &'static str,
    /// Fluent id of the Flow's label (20 characters at most).
    pub short_label: &'static str,
    /// Fluent id of a hint under the input, when it has one.
    pub help: Option<&'static str>,
}

/// The FAD (Ficha de Actualización de Datos) a bound Gobierno Local files for a
/// person of its padrón: the new address, a reference to get there, a phone.
#[derive(Debug, Clone, Copy)]
pub struct FadForm {
    pub address: AllyField,
    pub reference: AllyField,
    pub phone: AllyField,
}

impl AllyField {
    /// The field of the FAD or the alert form with this id.
    pub fn by_id(id: &str) -> Option<AllyField> {
        FAD.fields()
            .into_iter()
            .chain(ALERT.fields())
            .find(|f| f.id == id)
    }
}

impl FadForm {
    /// Its fields in the order every form shows them.
    pub fn fields(&self) -> [AllyField; 3] {
        [self.address, self.reference, self.phone]
    }
}

/// An alert a bound Gobierno Local reports about a person: what happened and a
/// description.
#[derive(Debug, Clone, Copy)]
pub struct AlertForm {
    pub kind: AllyField,
    pub description: AllyField,
}

impl AlertForm {
    /// Its fields in the order every form shows them.
    pub fn fields(&self) -> [AllyField; 2] {
        [self.kind, self.description]
    }
}

pub const FAD: FadForm = FadForm {
    address: AllyField {
        id: "fad_address",
        input: AllyInput::Text,
        max_len: super::fields::FREE_TEXT_MAX,
        label: "webapp-fad-address",
        short_label: "flow-label-fad-address",
        help: None,
    },
    reference: AllyField {
        id: "fad_reference",
        input: AllyInput::Text,
        max_len: super::fields::FREE_TEXT_MAX,
        label: "webapp-fad-reference",
        short_label: "flow-label-fad-reference",
        help: None,
    },
    phone: AllyField {
        id: "fad_phone",
        input: AllyInput::Phone,
        max_len: super::fields::PHONE_MAX,
        label: "webapp-fad-phone",
        short_label: "flow-label-fad-phone",
        help: None,
    },
};

pub const ALERT: AlertForm = AlertForm {
    kind: AllyField {
        id: "alert_kind",
        input: AllyInput::AlertKind,
        max_len: 20,
        label: "webapp-alert-kind",
        short_label: "flow-label-alert-kind",
        help: None,
    },
    description: AllyField {
        id: "alert_description",
        input: AllyInput::Description,
        max_len: MAX_DESCRIPTION,
        label: "webapp-alert-description",
        short_label: "flow-label-alert-description",
        help: Some("flow-help-alert-description"),
    },
};

/// An alert's description: 2 to [`MAX_DESCRIPTION`] characters, lines allowed.
pub fn is_description(text: &str) -> bool {
    (2..=MAX_DESCRIPTION).contains(&text.chars().count())
        && !text.chars().any(|c| c.is_control() && c != '\n')
}

/// An alert's answers from its form: the kind among the listed ones and the
/// description as the chat takes it; each failing field with the Fluent id of its
/// message (which takes `$max`).
pub fn parse_alert_form(
    answers: &BTreeMap<String, String>,
) -> Result<(AlertKind, String), Vec<(&'static str, &'static str)>> {
    match check_alert_form(answers) {
        (Ok(kind), Ok(description)) => Ok((kind, description)),
        (kind, description) => Err([
            (ALERT.kind.id, kind.err()),
            (ALERT.description.id, description.err()),
        ]
        .into_iter()
        .filter_map(|(name, e)| e.map(|e| (name, e)))
        .collect()),
    }
}

/// Each of an alert form's answers as the chat reads it, or the Fluent id of its
/// error (which takes `$max`).
pub fn check_alert_form(
    answers: &BTreeMap<String, String>,
) -> (
    Result<AlertKind, &'static str>,
    Result<String, &'static str>,
) {
    let raw = |name: &str| answers.get(name).map_or("", |v| v.trim());
    let kind = AlertKind::parse(raw(ALERT.kind.id)).ok_or("pick-an-option");
    let description = raw(ALERT.description.id).to_owned();
    let description = if is_description(&description) {
        Ok(description)
    } else {
        Err("ally-description-length")
    };
    (kind, description)
}

/// The FAD's answers from its form, read with the chat's parsers (the address and
/// reference as free text, the phone as a phone); each failing field with its error.
#[allow(clippy::type_complexity)]
pub fn parse_fad_form(
    answers: &BTreeMap<String, String>,
) -> Result<(FreeText, FreeText, Phone), Vec<(&'static str, ValueError)>> {
    let raw = |name: &str| answers.get(name).map_or("", String::as_str);
    let address = FreeText::parse(raw(FAD.address.id));
    let reference = FreeText::parse(raw(FAD.reference.id));
    let phone = Phone::parse(raw(FAD.phone.id));
    match (address, reference, phone) {
        (Ok(a), Ok(r), Ok(p)) => Ok((a, r, p)),
        (a, r, p) => Err([
            (FAD.address.id, a.err()),
            (FAD.reference.id, r.err()),
            (FAD.phone.id, p.err()),
        ]
        .into_iter()
        .filter_map(|(name, e)| e.map(|e| (name, e)))
        .collect()),
    }
}

/// A FAD form's answers that pass the chat's parsers, as the chat keeps them (by
/// field name), and the errors of those that do not.
pub fn check_fad_form(
    answers: &BTreeMap<String, String>,
) -> (BTreeMap<String, String>, Vec<(&'static str, ValueError)>) {
    let raw = |name: &str| answers.get(name).map_or("", String::as_str);
    let checked = [
        (
            FAD.address.id,
            FreeText::parse(raw(FAD.address.id)).map(|v| v.to_string()),
        ),
        (
            FAD.reference.id,
            FreeText::parse(raw(FAD.reference.id)).map(|v| v.to_string()),
        ),
        (
            FAD.phone.id,
            Phone::parse(raw(FAD.phone.id)).map(|v| v.to_string()),
        ),
    ];
    let mut good = BTreeMap::new();
    let mut errors = vec![];
    for (name, value) in checked {
        match value {
            Ok(v) => {
                good.insert(name.to_owned(), v);
            }
            Err(e) => errors.push((name, e)),
        }
    }
    (good, errors)
}

/// The kinds of alert a Gobierno Local reports about a beneficiary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Fallecimiento,
    CambioDomicilio,
    Hospitalizacion,
    Otro,
}

impl AlertKind {
    pub const ALL: [AlertKind; 4] = [
        AlertKind::Fallecimiento,
        AlertKind::CambioDomicilio,
        AlertKind::Hospitalizacion,
        AlertKind::Otro,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::Fallecimiento => "fallecimiento",
            AlertKind::CambioDomicilio => "cambio_domicilio",
            AlertKind::Hospitalizacion => "hospitalizacion",
            AlertKind::Otro => "otro",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn message_key(self) -> String {
        format!("alert-kind-{}", self.as_str().replace('_', "-"))
    }
}

/// A row the importer refuses, for the operator (English, with the line number).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn codes_parse_as_operators_write_them() {
        assert_eq!(Status::parse(" Vigente "), Some(Status::Vigente));
        assert_eq!(
            PaymentStatus::parse("no autorizado"),
            Some(PaymentStatus::NoAutorizado)
        );
        assert_eq!(
            RequestState::parse("NO-CONFORME"),
            Some(RequestState::NoConforme)
        );
        assert_eq!(Category::parse("activo"), None);
        assert_eq!(
            PaymentStatus::NoAutorizado.message_key(),
            "padron-payment-no-autorizado"
        );
    }

    #[test]
    fn a_padron_is_stale_after_seven_business_days() {
        let cal = super::super::calendar::BusinessCalendar::default();
        // Friday 13 Nov 2026: the next Monday is 1 business day later.
        let data = d("2026-11-13");
        assert_eq!(staleness(&cal, data, d("2026-11-16")), (1, false));
        assert_eq!(staleness(&cal, data, d("2026-11-24")), (7, false));
        assert_eq!(staleness(&cal, data, d("2026-11-25")), (8, true));
        // A padrón dated after today (a clock behind) is not old.
        assert_eq!(staleness(&cal, data, d("2026-11-01")), (0, false));
        assert!(PaymentStatus::Renovado.granted() && !PaymentStatus::Revocado.granted());
    }

    #[test]
    fn minors_are_under_eighteen_on_the_day() {
        let today = d("2026-11-14");
        assert_eq!(minor_cutoff(today), d("2008-11-14"));
        assert_eq!(age(d("2008-11-14"), today), 18);
        assert_eq!(age(d("2008-11-15"), today), 17);
        assert_eq!(minor_cutoff(d("2028-02-29")), d("2010-02-28"));
    }

    #[test]
    fn scopes_follow_the_access_type() {
        let acoria = Ubigeo::parse("090102").expect("ubigeo");
        let local = Scope::for_access(AccessType::Local, "090102").expect("scope");
        assert!(local.contains(&acoria) && local.sees_people());
        assert!(!local.contains(&Ubigeo::parse("090103").expect("ubigeo")));
        let region = Scope::for_access(AccessType::Regional, "09").expect("scope");
        assert!(region.contains(&acoria));
        assert_eq!(Scope::for_access(AccessType::Regional, "9"), None);
        let other = Scope::for_access(AccessType::Other, "entity:conadis").expect("scope");
        assert!(!other.sees_people());
    }
}
