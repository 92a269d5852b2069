//! An access request as the ally fills it in: what each access type needs.

use serde::{Deserialize, Serialize};

use super::ubigeo::Ubigeo;
use super::values::{Dni, DocNumber, Email, FreeText, PersonName, Phone};
use crate::message::code_from_string;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessType {
    /// Municipality; authority: the mayor; office: OMAPED.
    Local,
    /// Regional government; authority: the governor; office: OREDIS.
    Regional,
    /// CONADIS or another public or private entity; authority: its head.
    Other,
}

impl AccessType {
    pub const ALL: [AccessType; 3] = [AccessType::Local, AccessType::Regional, AccessType::Other];

    /// Its stable name (stored, submitted by forms); `const` so the form's options
    /// are built from [`AccessType::ALL`] (`domain::fields::ACCESS_TYPES`).
    pub const fn as_str(self) -> &'static str {
        match self {
            AccessType::Local => "local",
            AccessType::Regional => "regional",
            AccessType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Fluent id of the access type's name.
    pub const fn message_key(self) -> &'static str {
        match self {
            AccessType::Local => "access-type-local",
            AccessType::Regional => "access-type-regional",
            AccessType::Other => "access-type-other",
        }
    }

    /// Fluent id of what its authority is called (`$authority` of labels and
    /// questions: the mayor, the governor, the entity's head).
    pub fn authority_key(self) -> &'static str {
        match self {
            AccessType::Local => "authority-local",
            AccessType::Regional => "authority-regional",
            AccessType::Other => "authority-other",
        }
    }

    /// Whether its authority is elected (a mayor, a governor: on the JNE's lists, a
    /// government in the usage report's first matrix); an Otro Aliado's head is
    /// designated.
    pub fn elected(self) -> bool {
        match self {
            AccessType::Local | AccessType::Regional => true,
            AccessType::Other => false,
        }
    }

    /// Whether the request also needs the document designating the head of the
    /// entity (its head is not elected, so no JNE credential).
    pub fn needs_designation_doc(self) -> bool {
        !self.elected()
    }

    /// The office a responsible of this access type usually belongs to (a
    /// municipality's OMAPED, a region's OREDIS), suggested in the form.
    pub fn usual_office(self) -> Option<&'static str> {
        match self {
            AccessType::Local => Some("OMAPED"),
            AccessType::Regional => Some("OREDIS"),
            AccessType::Other => None,
        }
    }
}

/// The registration data, filled field by field; complete when `missing()` is empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestData {
    pub access_type: Option<AccessType>,
    /// Gobierno Local: the district.
    pub ubigeo: Option<Ubigeo>,
    /// Gobierno Regional: the department (region) code, two digits.
    pub region_code: Option<String>,
    /// Otro Aliado.
    pub entity_name: Option<FreeText>,
    pub entity_public: Option<bool>,
    pub rof_doc: Option<DocNumber>,
    pub head_designation_doc: Option<DocNumber>,
    // The authority: mayor, governor or head of entity.
    pub authority_names: Option<PersonName>,
    pub authority_surnames: Option<PersonName>,
    pub authority_dni: Option<Dni>,
    pub jne_credential: Option<DocNumber>,
    pub authority_phone: Option<Phone>,
    /// A second number (landline or mobile), optional.
    pub authority_phone2: Option<Phone>,
    pub authority_personal_email: Option<Email>,
    pub authority_institutional_email: Option<Email>,
    // The responsible person.
    pub resp_names: Option<PersonName>,
    pub resp_surnames: Option<PersonName>,
    pub resp_dni: Option<Dni>,
    pub resp_phone: Option<Phone>,
    pub resp_email: Option<Email>,
    pub resp_office: Option<FreeText>,
    pub resp_position: Option<FreeText>,
    pub resp_designation_date: Option<chrono::NaiveDate>,
    /// Optional fields the user chose to skip, so they are not asked again.
    #[serde(default)]
    pub skipped: Vec<Field>,
    /// The authority was taken from the JNE list (the applicant said «Sí»): its DNI
    /// is shown masked to the applicant until the request is filed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub authority_from_jne: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One question of the registration form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    AccessType,
    District,
    Region,
    EntityName,
    EntityPublic,
    RofDoc,
    HeadDesignationDoc,
    AuthorityNames,
    AuthoritySurnames,
    AuthorityDni,
    JneCredential,
    AuthorityPhone,
    AuthorityPhone2,
    AuthorityPersonalEmail,
    AuthorityInstitutionalEmail,
    RespNames,
    RespSurnames,
    RespDni,
    RespPhone,
    RespEmail,
    RespOffice,
    RespPosition,
    RespDesignationDate,
}

impl Field {
    /// The fields an access type asks, in order (the table's); only the access type
    /// before it is known.
    pub fn for_type(t: Option<AccessType>) -> Vec<Field> {
        super::fields::FIELDS
            .iter()
            .filter(|d| match t {
                Some(t) => d.asked_of(t),
                None => d.field == Field::AccessType,
            })
            .map(|d| d.field)
            .collect()
    }

    /// The field's stable name (`resp_dni`): form inputs, stored drafts, choice ids.
    pub fn as_str(self) -> &'static str {
        self.def().id
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::all().find(|f| f.as_str() == s)
    }

    /// Optional fields offer a "skip" choice.
    pub fn optional(self) -> bool {
        self.def().optional
    }
}

impl RequestData {
    pub fn fields(&self) -> Vec<Field> {
        let mut fields = Field::for_type(self.access_type);
        // The ROF document is asked of public entities only.
        if self.entity_public == Some(false) {
            fields.retain(|f| *f != Field::RofDoc);
        }
        fields
    }

    /// Answered, or skipped when optional.
    pub fn is_set(&self, f: Field) -> bool {
        (f.def().get)(self).is_some() || (f.optional() && self.skipped.contains(&f))
    }

    /// The next question to ask, if any. Optional fields are not asked one by one:
    /// the review step shows them, to be added there (a request on a small screen
    /// needs as few answers as possible).
    pub fn next_missing(&self) -> Option<Field> {
        self.fields()
            .into_iter()
            .find(|f| !f.optional() && !self.is_set(*f))
    }

    /// The key that identifies the jurisdiction: the ubigeo, the region code, or the
    /// normalised entity name. Used to spot a change of responsible.
    pub fn jurisdiction_key(&self) -> Option<String> {
        match self.access_type? {
            AccessType::Local => self.ubigeo.as_ref().map(|u| u.as_str().to_owned()),
            AccessType::Regional => self.region_code.clone(),
            AccessType::Other => self
                .entity_name
                .as_ref()
                .map(|n| format!("entity:{}", super::ubigeo::normalize(n.as_str()))),
        }
    }
}

code_from_string!(AccessType, "access type");

/// What a request is to the access of its jurisdiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// A first access for the jurisdiction (or a fresh start after one ended).
    New,
    /// A new responsible for a jurisdiction with an active access: it replaces it.
    Modification,
    /// The yearly renewal of an access, for the next fiscal year.
    Renewal,
}

impl RequestKind {
    pub const ALL: [RequestKind; 3] = [
        RequestKind::New,
        RequestKind::Modification,
        RequestKind::Renewal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::New => "new",
            RequestKind::Modification => "modification",
            RequestKind::Renewal => "renewal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

code_from_string!(RequestKind, "request kind");

/// The authority a DDC names: who must sign it. A DDC signed before the authority
/// was corrected names someone else and cannot back the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityOnDdc {
    pub names: String,
    pub surnames: String,
    pub dni: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

impl AuthorityOnDdc {
    /// "Rosa María Quispe Huamán": how a reviewer reads who signed.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.names, self.surnames)
    }
}

impl RequestData {
    /// The authority this data puts on a DDC.
    pub fn authority_on_ddc(&self) -> AuthorityOnDdc {
        let text = |v: Option<String>| v.unwrap_or_default();
        AuthorityOnDdc {
            names: text(self.authority_names.as_ref().map(|v| v.to_string())),
            surnames: text(self.authority_surnames.as_ref().map(|v| v.to_string())),
            dni: text(self.authority_dni.as_ref().map(|v| v.to_string())),
            credential: self.jne_credential.as_ref().map(|v| v.to_string()),
        }
    }
}

/// Request codes read well on the phone and in a scan: CTG-2026-000123.
pub fn request_code(year: i32, id: i64) -> String {
    format!("CTG-{year}-{id:06}")
}

/// Accepts "ctg-2026-123", "CTG 2026 000123", "2026-000123": what people type.
pub fn parse_request_code(s: &str) -> Option<(i32, i64)> {
    let digits: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let upper = s.trim().to_ascii_uppercase();
    let looks_like_code = upper.starts_with("CTG") || digits.len() == 2;
    match digits.as_slice() {
        [year, number] if looks_like_code && year.len() == 4 && number.len() <= 9 => {
            Some((year.parse().ok()?, number.parse().ok()?))
        }
        _ => None,
    }
}

/// How a request's jurisdiction reads to people: "Acoria (Huancavelica,
/// Huancavelica)", the region's name, or the entity's name. `key` is the stored
/// jurisdiction key ([`RequestData::jurisdiction_key`]), the fallback when the data
/// lacks the field. The one label every layer uses, so a reviewer, a specialist and
/// the applicant read the same words.
pub fn jurisdiction_label(access_type: AccessType, data: &RequestData, key: &str) -> String {
    let catalog = super::ubigeo::Catalog::embedded();
    match access_type {
        AccessType::Local => data
            .ubigeo
            .as_ref()
            .and_then(|u| catalog.district(u))
            .map(|d| d.label()),
        AccessType::Regional => catalog.region_name(data.region_code.as_deref().unwrap_or(key)),
        AccessType::Other => data.entity_name.as_ref().map(|e| e.to_string()),
    }
    .unwrap_or_else(|| key.to_owned())
}

/// The DDC's verification code: printed on the paper, it proves that
/// whoever returns the signed DDC from another chat holds the document. Random, so
/// it cannot be derived from the sequential request code; 8 characters from an
/// alphabet without look-alikes (no 0/O, 1/I/L), shown as `ABCD-EFGH`.
#[derive(Clone, PartialEq, Eq)]
pub struct VerificationCode(String);

impl VerificationCode {
    pub const LEN: usize = 8;
    /// 31 symbols: 31^8 ≈ 8.5 × 10^11 codes, with a limit on wrong attempts per chat.
    pub const ALPHABET: &'static [u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// A code from random bytes (the caller brings the randomness, so the domain
    /// stays pure). Bytes that would bias the draw are skipped; `None` if `random`
    /// ran out first (give it 32 bytes or more and that practically never happens).
    pub fn from_random(random: &[u8]) -> Option<Self> {
        let n = Self::ALPHABET.len();
        // Largest multiple of n below 256: bytes above it would favour early symbols.
        let limit = 256 - 256 % n;
        let code: String = random
            .iter()
            .filter(|b| usize::from(**b) < limit)
            .take(Self::LEN)
            .map(|b| char::from(Self::ALPHABET[usize::from(*b) % n]))
            .collect();
        (code.len() == Self::LEN).then_some(Self(code))
    }

    /// What people type or a scanner reads: any case, with spaces or dashes. A
    /// character outside the alphabet (a `0` or an `O`) is refused, not guessed.
    pub fn parse(s: &str) -> Option<Self> {
        let code: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let valid = code.len() == Self::LEN && code.bytes().all(|b| Self::ALPHABET.contains(&b));
        valid.then_some(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `ABCD-EFGH`: two groups read well aloud and type well on a phone.
    pub fn grouped(&self) -> String {
        let (a, b) = self.0.split_at(Self::LEN / 2);
        format!("{a}-{b}")
    }

    /// Compares in constant time, so the time taken says nothing about how many
    /// leading characters were right.
    pub fn matches(&self, typed: &VerificationCode) -> bool {
        use subtle::ConstantTimeEq;
        self.0.as_bytes().ct_eq(typed.0.as_bytes()).into()
    }
}

/// How a stored code is read back; one that does not parse is not echoed in the
/// error (it is a secret, and errors are logged).
impl TryFrom<String> for VerificationCode {
    type Error = crate::message::UnknownCode;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        VerificationCode::parse(&code).ok_or(crate::message::UnknownCode {
            kind: "verification code",
            code: "****".to_owned(),
        })
    }
}

/// Never printed whole: it is a secret of whoever holds the paper.
impl std::fmt::Debug for VerificationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VerificationCode(****)")
    }
}

/// A request code with its verification code, as the DDC's QR code carries it: the
/// Telegram `/start` payload `CTG-2026-000123-ABCDEFGH`, or the text a WhatsApp link
/// pre-fills, `CTG-2026-000123 ABCD-EFGH` (also what someone types from the paper).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadLink {
    pub year: i32,
    pub number: i64,
    pub verification: VerificationCode,
}

impl UploadLink {
    /// The Telegram start payload: at most 64 characters of `[A-Za-z0-9_-]`.
    pub fn payload(code: &str, verification: &VerificationCode) -> String {
        format!("{code}-{}", verification.as_str())
    }

    /// Reads `/start <payload>`, the payload alone, or a typed code and verification
    /// code; `None` for anything else (a bare request code is not a link).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = match text.strip_prefix("/start") {
            Some(rest) => rest.trim_start_matches(|c: char| c != ' ').trim(),
            None => text,
        };
        let upper = text.to_ascii_uppercase();
        let rest = upper.strip_prefix("CTG")?;
        let parts: Vec<&str> = rest
            .split([' ', '-', '_', '.'])
            .filter(|p| !p.is_empty())
            .collect();
        let [year, number, verification @ ..] = parts.as_slice() else {
            return None;
        };
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if year.len() != 4 || !digits(year) || number.len() > 9 || !digits(number) {
            return None;
        }
        Some(UploadLink {
            year: year.parse().ok()?,
            number: number.parse().ok()?,
            verification: VerificationCode::parse(&verification.concat())?,
        })
    }

    /// The request code it names, as the store writes it.
    pub fn code(&self) -> String {
        request_code(self.year, self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_codes_are_drawn_without_bias_or_look_alikes() {
        let random: Vec<u8> = (0..=255).collect();
        let code = VerificationCode::from_random(&random).unwrap();
        assert_eq!(code.as_str(), "23456789");
        // 248..=255 would favour the first symbols: skipped.
        assert_eq!(VerificationCode::from_random(&[250; 40]), None);
        let code = VerificationCode::from_random(&[30, 31, 61, 0, 1, 2, 3, 4]).unwrap();
        assert_eq!(code.as_str(), "Z2Z23456");
        assert_eq!(code.grouped(), "Z2Z2-3456");
        assert!(
            !VerificationCode::ALPHABET
                .iter()
                .any(|c| b"01OIL".contains(c))
        );
        assert_eq!(format!("{code:?}"), "VerificationCode(****)");
    }

    #[test]
    fn verification_codes_parse_as_people_type_them() {
        let code = VerificationCode::parse("abcd-efgh").unwrap();
        assert_eq!(code.as_str(), "ABCDEFGH");
        assert!(code.matches(&VerificationCode::parse("ABCD EFGH").unwrap()));
        assert!(!code.matches(&VerificationCode::parse("ABCD-EFGJ").unwrap()));
        assert_eq!(VerificationCode::parse("ABCD-EFG0"), None);
        assert_eq!(VerificationCode::parse("ABCD-EFG"), None);
        assert_eq!(VerificationCode::parse("45678912"), None);
    }

    #[test]
    fn upload_links_read_the_qr_payload_and_what_people_type() {
        let v = VerificationCode::parse("ABCD-EFGH").unwrap();
        let payload = UploadLink::payload("CTG-2026-000123", &v);
        assert_eq!(payload, "CTG-2026-000123-ABCDEFGH");
        assert!(payload.len() <= 64);
        assert!(
            payload
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
        );
        let want = Some(UploadLink {
            year: 2026,
            number: 123,
            verification: v,
        });
        assert_eq!(UploadLink::parse(&format!("/start {payload}")), want);
        assert_eq!(
            UploadLink::parse("/start@contigo_bot CTG-2026-000123-ABCDEFGH"),
            want
        );
        assert_eq!(UploadLink::parse("CTG-2026-000123 ABCD-EFGH"), want);
        assert_eq!(UploadLink::parse("ctg 2026 123 abcd efgh"), want);
        assert_eq!(UploadLink::parse("CTG-2026-000123"), None);
        assert_eq!(UploadLink::parse("/start"), None);
        assert_eq!(UploadLink::parse("45678912"), None);
        assert_eq!(UploadLink::parse("CTG-2026-000123 45678912"), None);
    }

    #[test]
    fn one_jurisdiction_label_for_every_access_type() {
        use crate::domain::ubigeo::Ubigeo;
        let local = RequestData {
            ubigeo: Some(Ubigeo::parse("090102").unwrap()),
            ..Default::default()
        };
        assert!(
            jurisdiction_label(AccessType::Local, &local, "090102").starts_with("Acobambilla (")
        );
        let regional = RequestData::default();
        assert_eq!(
            jurisdiction_label(AccessType::Regional, &regional, "09"),
            "Huancavelica"
        );
        assert_eq!(
            jurisdiction_label(AccessType::Other, &regional, "entity:x"),
            "entity:x"
        );
    }

    #[test]
    fn codes_round_trip_as_people_type_them() {
        assert_eq!(request_code(2026, 123), "CTG-2026-000123");
        assert_eq!(parse_request_code("CTG-2026-000123"), Some((2026, 123)));
        assert_eq!(parse_request_code("ctg 2026 123"), Some((2026, 123)));
        assert_eq!(parse_request_code("45678912"), None);
        assert_eq!(parse_request_code("hola"), None);
    }

    #[test]
    fn every_field_of_the_fix_list_can_be_tapped() {
        use crate::message::ChoiceId;
        for t in AccessType::ALL {
            for f in Field::for_type(Some(t)) {
                let id = ChoiceId::FixField(f.as_str().to_owned());
                assert_eq!(ChoiceId::decode(&id.encode()), Some(id), "{f:?}");
            }
        }
    }

    #[test]
    fn each_access_type_asks_its_own_fields() {
        let local = Field::for_type(Some(AccessType::Local));
        assert!(local.contains(&Field::District) && local.contains(&Field::JneCredential));
        let other = Field::for_type(Some(AccessType::Other));
        assert!(other.contains(&Field::RofDoc) && !other.contains(&Field::JneCredential));
        let mut private = RequestData {
            access_type: Some(AccessType::Other),
            entity_public: Some(false),
            ..Default::default()
        };
        assert!(!private.fields().contains(&Field::RofDoc));
        private.entity_public = Some(true);
        assert!(private.fields().contains(&Field::RofDoc));
        for f in Field::for_type(Some(AccessType::Other)) {
            assert_eq!(Field::parse(f.as_str()), Some(f));
        }
    }
}
