//! The table of the registration form's fields: one row per [`Field`] saying
//! everything every surface needs to know about it (its stable id, the kind of input,
//! the longest answer, whether it may be left empty, the section it belongs to, the
//! access types that ask it, its Fluent keys, and how its value is read from, written
//! to and cleared on the request's data). The chat, the review summary, the Mini App
//! and the WhatsApp Flows read this table instead of matching on fields themselves:
//! a new field is one row here and its texts in `locales/`.

use std::fmt::Display;

use chrono::NaiveDate;

use super::form::{self, FormError};
use super::request::{AccessType, Field, RequestData};
use super::values::{Dni, DocNumber, Email, FreeText, PersonName, Phone, ValueError, parse_date};

/// One option of a choice: the value submitted and the Fluent id of its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opt {
    pub value: &'static str,
    pub label: &'static str,
}

/// What kind of input a field takes, so each surface can show the right control
/// (a numeric keypad for a DNI, a date picker, a dropdown, a district search).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One of fixed options ([`Opt::value`] is what is submitted).
    Choice(&'static [Opt]),
    /// Short free text ([`FreeText`]).
    Text,
    /// Given names or surnames ([`PersonName`]).
    Name,
    /// A document number with at least one digit ([`DocNumber`]).
    DocNumber,
    /// 8 digits ([`Dni`]).
    Dni,
    /// A Peruvian mobile or landline ([`Phone`]).
    Phone,
    Email,
    /// A past date: `dd/mm/yyyy` or `yyyy-mm-dd` ([`parse_date`]).
    Date,
    /// A district of the INEI catalog: its 6-digit ubigeo, or a name that names one.
    District,
    /// A region (department): its 2-digit code, or its name.
    Region,
}

impl InputKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            InputKind::Choice(_) => "choice",
            InputKind::Text => "text",
            InputKind::Name => "name",
            InputKind::DocNumber => "doc_number",
            InputKind::Dni => "dni",
            InputKind::Phone => "phone",
            InputKind::Email => "email",
            InputKind::Date => "date",
            InputKind::District => "district",
            InputKind::Region => "region",
        }
    }
}

/// The access type's options, in the order the chat shows them: each access type's
/// name and label as it says them ([`AccessType::ALL`]), not a second list.
pub const ACCESS_TYPES: [Opt; AccessType::ALL.len()] = {
    let mut options = [Opt {
        value: "",
        label: "",
    }; AccessType::ALL.len()];
    let mut i = 0;
    while i < options.len() {
        let t = AccessType::ALL[i];
        options[i] = Opt {
            value: t.as_str(),
            label: t.message_key(),
        };
        i += 1;
    }
    options
};

/// Public or private entity.
pub const ENTITY_KINDS: [Opt; 2] = [
    Opt {
        value: "public",
        label: "entity-public",
    },
    Opt {
        value: "private",
        label: "entity-private",
    },
];

/// Longest free text (`FreeText`: an entity's name, an address, a reference).
pub const FREE_TEXT_MAX: usize = 120;
/// Longest phone as typed: "+51 (064) 234-567" and the like, separators accepted.
pub const PHONE_MAX: usize = 20;
const NAME_MAX: usize = 60;
const DOC_MAX: usize = 60;
const EMAIL_MAX: usize = 254;

/// The part of the request a field belongs to: forms group fields by it (a Flow
/// starts a new screen with each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The access type, the jurisdiction and the entity.
    Entity,
    /// The mayor, governor or head who signs the DDC.
    Authority,
    /// The person who will use the access.
    Responsible,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Entity, Section::Authority, Section::Responsible];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Entity => "entity",
            Section::Authority => "authority",
            Section::Responsible => "responsible",
        }
    }
}

/// One row of the table: a field as every surface shows, reads and writes it.
#[derive(Debug)]
pub struct FieldDef {
    pub field: Field,
    /// The stable name: form inputs, stored drafts, choice ids (`resp_dni`).
    pub id: &'static str,
    pub kind: InputKind,
    /// The longest answer the parser accepts (characters), for `maxlength`.
    pub max_len: usize,
    /// Optional fields may be left empty (the chat offers «Omitir»).
    pub optional: bool,
    pub section: Section,
    /// The access types whose form asks it, the form's order being the table's.
    pub types: &'static [AccessType],
    /// Fluent id of the short label (`field-resp-dni`); takes `$authority` and `$access`
    /// (an Otro Aliado's head is no elected authority).
    pub label: &'static str,
    /// Fluent id of the chat's question (`ask-resp-dni`); takes `$authority`, `$access`.
    pub question: &'static str,
    /// Fluent id of the label where space is short (a Flow's 20 characters).
    pub short_label: &'static str,
    /// Fluent id of a hint under the input, when it has one.
    pub help: Option<&'static str>,
    /// Fluent id of what to do when a needed answer is not at hand ("no tiene", "no
    /// sé": where to find it, whom to ask); takes `$access`. `None` for an optional
    /// field: such an answer leaves it empty.
    pub if_none: Option<&'static str>,
    /// What a browser may fill it with (`autocomplete`).
    pub autocomplete: &'static str,
    /// The value the access type suggests (OMAPED, OREDIS).
    pub suggestion: fn(AccessType) -> Option<&'static str>,
    /// The value as a form submits it (`local`, `090102`, `public`, `2026-01-02`,
    /// a DNI as typed); `None` when unset.
    pub get: fn(&RequestData) -> Option<String>,
    /// Reads a trimmed answer with the field's parser and sets it (`today`: Lima's
    /// date, for dates); an answer that fails leaves the data as it was.
    pub set: fn(&mut RequestData, &str, NaiveDate) -> Result<(), FormError>,
    /// Empties it, so it is asked again.
    pub clear: fn(&mut RequestData),
}

impl FieldDef {
    /// Whether the form of this access type asks it.
    pub fn asked_of(&self, t: AccessType) -> bool {
        self.types.contains(&t)
    }
}

fn shown<T: Display>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(ToString::to_string)
}

fn put<T>(slot: &mut Option<T>, v: Result<T, ValueError>) -> Result<(), FormError> {
    *slot = Some(v?);
    Ok(())
}

fn no_suggestion(_: AccessType) -> Option<&'static str> {
    None
}

use AccessType::{Local, Other, Regional};
const ALL: &[AccessType] = &AccessType::ALL;

/// Every field, in the order of the widest form (the jurisdiction right after the
/// access type, as the chat asks it). `FIELDS[f as usize].field == f`.
pub static FIELDS: [FieldDef; 23] = [
    FieldDef {
        field: Field::AccessType,
        id: "access_type",
        kind: InputKind::Choice(&ACCESS_TYPES),
        max_len: 8,
        optional: false,
        section: Section::Entity,
        types: ALL,
        label: "field-access-type",
        question: "ask-access-type",
        short_label: "flow-label-access-type",
        help: None,
        if_none: Some("none-access-type"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| d.access_type.map(|t| t.as_str().to_owned()),
        set: |d, s, _| {
            let t = form::parse_access_type(s).ok_or(FormError::NotAnOption)?;
            form::set_access_type(d, t);
            Ok(())
        },
        clear: |d| d.access_type = None,
    },
    FieldDef {
        field: Field::District,
        id: "district",
        kind: InputKind::District,
        max_len: 80,
        optional: false,
        section: Section::Entity,
        types: &[Local],
        label: "field-district",
        question: "ask-district",
        short_label: "flow-label-district",
        help: Some("flow-help-district"),
        if_none: Some("none-district"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| d.ubigeo.as_ref().map(|u| u.as_str().to_owned()),
        set: |d, s, _| {
            d.ubigeo = Some(form::one_district(s)?);
            Ok(())
        },
        clear: |d| d.ubigeo = None,
    },
    FieldDef {
        field: Field::Region,
        id: "region",
        kind: InputKind::Region,
        max_len: 40,
        optional: false,
        section: Section::Entity,
        types: &[Regional],
        label: "field-region",
        question: "ask-region",
        short_label: "flow-label-region",
        help: None,
        if_none: Some("none-region"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| d.region_code.clone(),
        set: |d, s, _| {
            d.region_code = Some(form::one_region(s)?);
            Ok(())
        },
        clear: |d| d.region_code = None,
    },
    FieldDef {
        field: Field::EntityName,
        id: "entity_name",
        kind: InputKind::Text,
        max_len: FREE_TEXT_MAX,
        optional: false,
        section: Section::Entity,
        types: &[Other],
        label: "field-entity-name",
        question: "ask-entity-name",
        short_label: "flow-label-entity-name",
        help: None,
        if_none: Some("none-entity-name"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| shown(&d.entity_name),
        set: |d, s, _| put(&mut d.entity_name, FreeText::parse(s)),
        clear: |d| d.entity_name = None,
    },
    FieldDef {
        field: Field::EntityPublic,
        id: "entity_public",
        kind: InputKind::Choice(&ENTITY_KINDS),
        max_len: 7,
        optional: false,
        section: Section::Entity,
        types: &[Other],
        label: "field-entity-public",
        question: "ask-entity-public",
        short_label: "flow-label-entity-public",
        help: None,
        if_none: Some("none-entity-public"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| {
            d.entity_public
                .map(|p| if p { "public" } else { "private" }.to_owned())
        },
        set: |d, s, _| {
            let public = form::parse_entity_public(s).ok_or(FormError::NotAnOption)?;
            form::set_entity_public(d, public);
            Ok(())
        },
        clear: |d| d.entity_public = None,
    },
    FieldDef {
        field: Field::RofDoc,
        id: "rof_doc",
        kind: InputKind::DocNumber,
        max_len: DOC_MAX,
        optional: false,
        section: Section::Entity,
        types: &[Other],
        label: "field-rof-doc",
        question: "ask-rof-doc",
        short_label: "flow-label-rof-doc",
        help: Some("flow-help-rof-doc"),
        if_none: Some("none-rof-doc"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| shown(&d.rof_doc),
        set: |d, s, _| put(&mut d.rof_doc, DocNumber::parse(s)),
        clear: |d| d.rof_doc = None,
    },
    FieldDef {
        field: Field::HeadDesignationDoc,
        id: "head_designation_doc",
        kind: InputKind::DocNumber,
        max_len: DOC_MAX,
        optional: false,
        section: Section::Entity,
        types: &[Other],
        label: "field-head-designation-doc",
        question: "ask-head-designation-doc",
        short_label: "flow-label-head-designation-doc",
        help: Some("flow-help-head-designation-doc"),
        if_none: Some("none-head-designation-doc"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| shown(&d.head_designation_doc),
        set: |d, s, _| put(&mut d.head_designation_doc, DocNumber::parse(s)),
        clear: |d| d.head_designation_doc = None,
    },
    FieldDef {
        field: Field::AuthorityNames,
        id: "authority_names",
        kind: InputKind::Name,
        max_len: NAME_MAX,
        optional: false,
        section: Section::Authority,
        types: ALL,
        label: "field-authority-names",
        question: "ask-authority-names",
        short_label: "flow-label-authority-names",
        help: None,
        if_none: Some("none-authority-names"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| shown(&d.authority_names),
        set: |d, s, _| put(&mut d.authority_names, PersonName::parse(s)),
        clear: |d| d.authority_names = None,
    },
    FieldDef {
        field: Field::AuthoritySurnames,
        id: "authority_surnames",
        kind: InputKind::Name,
        max_len: NAME_MAX,
        optional: false,
        section: Section::Authority,
        types: ALL,
        label: "field-authority-surnames",
        question: "ask-authority-surnames",
        short_label: "flow-label-authority-surnames",
        help: None,
        if_none: Some("none-authority-surnames"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| shown(&d.authority_surnames),
        set: |d, s, _| put(&mut d.authority_surnames, PersonName::parse(s)),
        clear: |d| d.authority_surnames = None,
    },
    FieldDef {
        field: Field::AuthorityDni,
        id: "authority_dni",
        kind: InputKind::Dni,
        max_len: 8,
        optional: false,
        section: Section::Authority,
        types: ALL,
        label: "field-authority-dni",
        question: "ask-authority-dni",
        short_label: "flow-label-authority-dni",
        help: Some("flow-help-authority-dni"),
        if_none: Some("none-authority-dni"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| shown(&d.authority_dni),
        set: |d, s, _| put(&mut d.authority_dni, Dni::parse(s)),
        clear: |d| d.authority_dni = None,
    },
    FieldDef {
        field: Field::JneCredential,
        id: "jne_credential",
        kind: InputKind::DocNumber,
        max_len: DOC_MAX,
        optional: false,
        section: Section::Authority,
        // Elected authorities only: the JNE credits mayors and governors.
        types: &[Local, Regional],
        label: "field-jne-credential",
        question: "ask-jne-credential",
        short_label: "flow-label-jne-credential",
        help: Some("flow-help-jne-credential"),
        if_none: Some("none-jne-credential"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| shown(&d.jne_credential),
        set: |d, s, _| put(&mut d.jne_credential, DocNumber::parse_credential(s)),
        clear: |d| d.jne_credential = None,
    },
    FieldDef {
        field: Field::AuthorityPhone,
        id: "authority_phone",
        kind: InputKind::Phone,
        max_len: PHONE_MAX,
        optional: false,
        section: Section::Authority,
        types: ALL,
        label: "field-authority-phone",
        question: "ask-authority-phone",
        short_label: "flow-label-authority-phone",
        help: Some("flow-help-authority-phone"),
        if_none: Some("none-authority-phone"),
        autocomplete: "tel-national",
        suggestion: no_suggestion,
        get: |d| shown(&d.authority_phone),
        set: |d, s, _| put(&mut d.authority_phone, Phone::parse(s)),
        clear: |d| d.authority_phone = None,
    },
    FieldDef {
        field: Field::AuthorityPhone2,
        id: "authority_phone2",
        kind: InputKind::Phone,
        max_len: PHONE_MAX,
        optional: true,
        section: Section::Authority,
        types: ALL,
        label: "field-authority-phone2",
        question: "ask-authority-phone2",
        short_label: "flow-label-authority-phone2",
        help: Some("flow-help-authority-phone2"),
        if_none: None,
        autocomplete: "tel-national",
        suggestion: no_suggestion,
        get: |d| shown(&d.authority_phone2),
        set: |d, s, _| put(&mut d.authority_phone2, Phone::parse(s)),
        clear: |d| d.authority_phone2 = None,
    },
    FieldDef {
        field: Field::AuthorityPersonalEmail,
        id: "authority_personal_email",
        kind: InputKind::Email,
        max_len: EMAIL_MAX,
        optional: false,
        section: Section::Authority,
        types: ALL,
        label: "field-authority-personal-email",
        question: "ask-authority-personal-email",
        short_label: "flow-label-authority-personal-email",
        help: None,
        if_none: Some("none-authority-personal-email"),
        autocomplete: "email",
        suggestion: no_suggestion,
        get: |d| shown(&d.authority_personal_email),
        set: |d, s, _| put(&mut d.authority_personal_email, Email::parse(s)),
        clear: |d| d.authority_personal_email = None,
    },
    FieldDef {
        field: Field::AuthorityInstitutionalEmail,
        id: "authority_institutional_email",
        kind: InputKind::Email,
        max_len: EMAIL_MAX,
        optional: true,
        section: Section::Authority,
        types: ALL,
        label: "field-authority-institutional-email",
        question: "ask-authority-institutional-email",
        short_label: "flow-label-authority-institutional-email",
        help: Some("flow-help-authority-institutional-email"),
        if_none: None,
        autocomplete: "email",
        suggestion: no_suggestion,
        get: |d| shown(&d.authority_institutional_email),
        set: |d, s, _| put(&mut d.authority_institutional_email, Email::parse(s)),
        clear: |d| d.authority_institutional_email = None,
    },
    FieldDef {
        field: Field::RespNames,
        id: "resp_names",
        kind: InputKind::Name,
        max_len: NAME_MAX,
        optional: false,
        section: Section::Responsible,
        types: ALL,
        label: "field-resp-names",
        question: "ask-resp-names",
        short_label: "flow-label-resp-names",
        help: None,
        if_none: Some("none-resp-names"),
        autocomplete: "given-name",
        suggestion: no_suggestion,
        get: |d| shown(&d.resp_names),
        set: |d, s, _| put(&mut d.resp_names, PersonName::parse(s)),
        clear: |d| d.resp_names = None,
    },
    FieldDef {
        field: Field::RespSurnames,
        id: "resp_surnames",
        kind: InputKind::Name,
        max_len: NAME_MAX,
        optional: false,
        section: Section::Responsible,
        types: ALL,
        label: "field-resp-surnames",
        question: "ask-resp-surnames",
        short_label: "flow-label-resp-surnames",
        help: None,
        if_none: Some("none-resp-surnames"),
        autocomplete: "family-name",
        suggestion: no_suggestion,
        get: |d| shown(&d.resp_surnames),
        set: |d, s, _| put(&mut d.resp_surnames, PersonName::parse(s)),
        clear: |d| d.resp_surnames = None,
    },
    FieldDef {
        field: Field::RespDni,
        id: "resp_dni",
        kind: InputKind::Dni,
        max_len: 8,
        optional: false,
        section: Section::Responsible,
        types: ALL,
        label: "field-resp-dni",
        question: "ask-resp-dni",
        short_label: "flow-label-resp-dni",
        help: Some("flow-help-resp-dni"),
        if_none: Some("none-resp-dni"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| shown(&d.resp_dni),
        set: |d, s, _| put(&mut d.resp_dni, Dni::parse(s)),
        clear: |d| d.resp_dni = None,
    },
    FieldDef {
        field: Field::RespPhone,
        id: "resp_phone",
        kind: InputKind::Phone,
        max_len: PHONE_MAX,
        optional: false,
        section: Section::Responsible,
        types: ALL,
        label: "field-resp-phone",
        question: "ask-resp-phone",
        short_label: "flow-label-resp-phone",
        help: Some("flow-help-resp-phone"),
        if_none: Some("none-resp-phone"),
        autocomplete: "tel-national",
        suggestion: no_suggestion,
        get: |d| shown(&d.resp_phone),
        // The responsible's chat is bound by their mobile: a landline would approve
        // an access nobody can use.
        set: |d, s, _| {
            let phone = Phone::parse(s)?;
            if !phone.is_mobile() {
                return Err(FormError::LandlineNotMobile);
            }
            d.resp_phone = Some(phone);
            Ok(())
        },
        clear: |d| d.resp_phone = None,
    },
    FieldDef {
        field: Field::RespEmail,
        id: "resp_email",
        kind: InputKind::Email,
        max_len: EMAIL_MAX,
        optional: false,
        section: Section::Responsible,
        types: ALL,
        label: "field-resp-email",
        question: "ask-resp-email",
        short_label: "flow-label-resp-email",
        help: None,
        if_none: Some("none-resp-email"),
        autocomplete: "email",
        suggestion: no_suggestion,
        get: |d| shown(&d.resp_email),
        set: |d, s, _| put(&mut d.resp_email, Email::parse(s)),
        clear: |d| d.resp_email = None,
    },
    FieldDef {
        field: Field::RespOffice,
        id: "resp_office",
        kind: InputKind::Text,
        max_len: FREE_TEXT_MAX,
        optional: false,
        section: Section::Responsible,
        types: ALL,
        label: "field-resp-office",
        question: "ask-resp-office",
        short_label: "flow-label-resp-office",
        help: None,
        if_none: Some("none-resp-office"),
        autocomplete: "off",
        suggestion: AccessType::usual_office,
        get: |d| shown(&d.resp_office),
        set: |d, s, _| put(&mut d.resp_office, FreeText::parse(s)),
        clear: |d| d.resp_office = None,
    },
    FieldDef {
        field: Field::RespPosition,
        id: "resp_position",
        kind: InputKind::Text,
        max_len: FREE_TEXT_MAX,
        optional: false,
        section: Section::Responsible,
        types: ALL,
        label: "field-resp-position",
        question: "ask-resp-position",
        short_label: "flow-label-resp-position",
        help: None,
        if_none: Some("none-resp-position"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| shown(&d.resp_position),
        set: |d, s, _| put(&mut d.resp_position, FreeText::parse(s)),
        clear: |d| d.resp_position = None,
    },
    FieldDef {
        field: Field::RespDesignationDate,
        id: "resp_designation_date",
        kind: InputKind::Date,
        max_len: 10,
        optional: false,
        section: Section::Responsible,
        types: ALL,
        label: "field-resp-designation-date",
        question: "ask-resp-designation-date",
        short_label: "flow-label-resp-designation-date",
        help: Some("flow-help-resp-designation-date"),
        if_none: Some("none-resp-designation-date"),
        autocomplete: "off",
        suggestion: no_suggestion,
        get: |d| d.resp_designation_date.map(|date| date.to_string()),
        set: |d, s, today| {
            d.resp_designation_date = Some(parse_date(s, today)?);
            Ok(())
        },
        clear: |d| d.resp_designation_date = None,
    },
];

impl Field {
    /// The field's row of the table.
    pub fn def(self) -> &'static FieldDef {
        &FIELDS[self as usize]
    }

    /// Every field, in the table's order.
    pub fn all() -> impl Iterator<Item = Field> {
        FIELDS.iter().map(|d| d.field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_is_its_fields_and_the_ids_are_the_stored_names() {
        for (i, def) in FIELDS.iter().enumerate() {
            assert_eq!(def.field as usize, i, "{} out of place", def.id);
            let stored = serde_json::to_value(def.field).unwrap();
            assert_eq!(stored, serde_json::json!(def.id));
            let dashed = def.id.replace('_', "-");
            assert_eq!(def.label, format!("field-{dashed}"));
            assert_eq!(def.question, format!("ask-{dashed}"));
            assert_eq!(def.short_label, format!("flow-label-{dashed}"));
            if let Some(help) = def.help {
                assert_eq!(help, format!("flow-help-{dashed}"));
            }
            // A needed field says what to do without it; an optional one is left empty.
            match def.if_none {
                Some(key) => assert_eq!(key, format!("none-{dashed}")),
                None => assert!(def.optional, "{} needs its advice", def.id),
            }
            assert!(def.max_len >= 7, "{}", def.id);
        }
    }

    #[test]
    fn a_value_read_back_is_set_again_to_the_same() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let answers = [
            ("access_type", "other"),
            ("entity_name", "Asociación Manos Unidas"),
            ("entity_public", "public"),
            ("rof_doc", "ROF 012-2024"),
            ("head_designation_doc", "RS 045-2025"),
            ("authority_names", "Rosa Elena"),
            ("authority_surnames", "Quispe Huamán"),
            ("authority_dni", "40123456"),
            ("authority_phone", "987654321"),
            ("authority_phone2", "064234567"),
            ("authority_personal_email", "rosa@example.pe"),
            ("authority_institutional_email", "mesa@example.gob.pe"),
            ("resp_names", "Luis"),
            ("resp_surnames", "Soto Ramos"),
            ("resp_dni", "41234567"),
            ("resp_phone", "912345678"),
            ("resp_email", "luis@example.pe"),
            ("resp_office", "Bienestar"),
            ("resp_position", "Coordinador"),
            ("resp_designation_date", "2026-01-02"),
        ];
        let mut data = RequestData::default();
        for (id, raw) in answers {
            let def = Field::parse(id).unwrap().def();
            (def.set)(&mut data, raw, today).unwrap();
            assert_eq!((def.get)(&data).as_deref(), Some(raw), "{id}");
            let again = (def.get)(&data).unwrap();
            (def.set)(&mut data, &again, today).unwrap();
            assert_eq!((def.get)(&data), Some(again));
        }
        assert_eq!(data.next_missing(), None);
        for def in &FIELDS {
            (def.clear)(&mut data);
            assert_eq!((def.get)(&data), None, "{}", def.id);
        }
    }
}
