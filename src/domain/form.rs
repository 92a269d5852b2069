//! The registration form's one definition: for each access type its fields in order,
//! what kind of input each takes, how long it may be, whether it can be left empty and
//! the Fluent ids of its label and question; and the one way a raw answer becomes
//! part of the request's data. The chat (one question at a time), the Telegram Mini
//! App and the WhatsApp Flow all apply answers through [`apply_answer`] and
//! [`apply_all`], so a DNI, a phone or a district is read the same way everywhere.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::request::{AccessType, Field, RequestData};
use super::ubigeo::{Catalog, District, Ubigeo, normalize};
use super::values::{FreeText, ValueError, says_none};
use crate::i18n::Arg;

pub use super::fields::{
    ACCESS_TYPES, ENTITY_KINDS, FREE_TEXT_MAX, InputKind, Opt, PHONE_MAX, Section,
};

/// One field of the form as every surface shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    pub field: Field,
    pub kind: InputKind,
    /// The longest answer the parser accepts (characters), for `maxlength`.
    pub max_len: usize,
    /// Optional fields may be left empty (the chat offers «Omitir»).
    pub optional: bool,
    /// Fluent id of the short label (`field-resp-dni`); takes `$authority`.
    pub label: &'static str,
    /// Fluent id of the chat's question (`ask-resp-dni`); takes `$authority`, `$access`.
    pub question: &'static str,
    /// The value the access type suggests (OMAPED, OREDIS): filled in beforehand
    /// by [`set_access_type`], offered as a button when the field is asked.
    pub suggestion: Option<&'static str>,
}

/// The Fluent id naming the request's authority (mayor, governor, head): the
/// `$authority` argument of labels and questions.
pub fn authority_key(access_type: Option<AccessType>) -> &'static str {
    access_type.unwrap_or(AccessType::Local).authority_key()
}

/// How one field is asked, for the request's access type.
pub fn spec(field: Field, access_type: Option<AccessType>) -> FieldSpec {
    let def = field.def();
    FieldSpec {
        field,
        kind: def.kind,
        max_len: def.max_len,
        optional: def.optional,
        label: def.label,
        question: def.question,
        suggestion: access_type.and_then(def.suggestion),
    }
}

/// The form for this data: its fields in order, as [`RequestData::fields`] lists
/// them (the access type first; the ROF only for a public entity).
pub fn form(data: &RequestData) -> Vec<FieldSpec> {
    data.fields()
        .into_iter()
        .map(|f| spec(f, data.access_type))
        .collect()
}

/// The whole form of an access type, as a page shows it before anything is
/// answered (the ROF is included: a private entity leaves it empty).
pub fn form_of(access_type: AccessType) -> Vec<FieldSpec> {
    Field::for_type(Some(access_type))
        .into_iter()
        .map(|f| spec(f, Some(access_type)))
        .collect()
}

/// Why an answer was not taken: a Fluent id and its arguments, so each surface says
/// it in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub enum FormError {
    /// The value's parser refused it.
    Value(ValueError),
    /// Not one of the options.
    NotAnOption,
    /// Left empty, and the field is needed.
    Required,
    /// No district by that name.
    DistrictNotFound {
        query: String,
    },
    /// Several districts by that name: the candidates, at most [`MAX_PICKS`] of them
    /// (an empty list when there are more, to be narrowed down).
    DistrictAmbiguous {
        count: usize,
        candidates: Vec<Ubigeo>,
    },
    RegionNotFound {
        query: String,
    },
    /// Several regions match: their codes.
    RegionAmbiguous {
        candidates: Vec<String>,
    },
    /// The field is not part of this access type's form.
    NotInForm,
    /// A landline where a mobile is needed: the responsible's chat is bound by their
    /// mobile, so a landline would approve an access nobody can use.
    LandlineNotMobile,
    /// "No tiene", "no sé", "ninguno" where the form needs a value: what to do
    /// without it, in the words of the request's access type.
    NoneGiven {
        field: Field,
        access_type: Option<AccessType>,
    },
    /// What people type when they do not know a name ("no sé cómo se llama",
    /// "ayuda", a question) where a name is asked: not stored, and where to find
    /// this name (the JNE's list only for an elected authority; the responsible
    /// person's own data from them).
    NotAName {
        field: Field,
        access_type: Option<AccessType>,
    },
}

/// How many candidates a surface lists before asking to narrow down.
pub const MAX_PICKS: usize = 8;

impl From<ValueError> for FormError {
    fn from(e: ValueError) -> Self {
        FormError::Value(e)
    }
}

impl FormError {
    /// The Fluent id of the message that explains it.
    pub fn key(&self) -> &'static str {
        match self {
            FormError::Value(e) => e.key(),
            FormError::NotAnOption => "pick-an-option",
            FormError::Required => "form-required",
            FormError::DistrictNotFound { .. } => "district-not-found",
            FormError::DistrictAmbiguous { .. } => "form-district-ambiguous",
            FormError::RegionNotFound { .. } => "region-not-found",
            FormError::RegionAmbiguous { .. } => "form-region-ambiguous",
            FormError::NotInForm => "form-not-in-form",
            FormError::LandlineNotMobile => "form-resp-phone-landline",
            FormError::NoneGiven { field, .. } => field.def().if_none.unwrap_or("form-required"),
            FormError::NotAName { .. } => ValueError::NotAName.key(),
        }
    }

    /// The message's arguments.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        match self {
            FormError::DistrictNotFound { query } | FormError::RegionNotFound { query } => {
                vec![("query", Arg::from(echo(query)))]
            }
            FormError::DistrictAmbiguous { count, .. } => vec![("count", Arg::from(*count))],
            FormError::RegionAmbiguous { candidates } => {
                vec![("count", Arg::from(candidates.len()))]
            }
            FormError::NoneGiven { access_type, .. } | FormError::NotAName { access_type, .. } => {
                vec![(
                    "access",
                    Arg::from(access_type.map_or("other", AccessType::as_str)),
                )]
            }
            _ => vec![],
        }
    }

    /// The message in a language: `ta` translates an id with arguments.
    pub fn message(&self, ta: crate::i18n::Translate<'_>) -> String {
        let said = ta(self.key(), &self.args());
        match self {
            // Not a name, then the field's own advice on where to get it.
            FormError::NotAName { field, .. } => match field.def().if_none {
                Some(advice) => format!("{said} {}", ta(advice, &self.args())),
                None => said,
            },
            _ => said,
        }
    }

    /// Whether the answer said the value is not at hand ("no tiene", "no sé cómo se
    /// llama"): the chat then says how to pause and come back.
    pub fn value_not_at_hand(&self) -> bool {
        matches!(
            self,
            FormError::NoneGiven { .. } | FormError::NotAName { .. }
        )
    }
}

/// What the user typed, repeated back in a reply: short, on one line, so a pasted
/// page never turns an answer into a wall of text.
pub fn echo(text: &str) -> String {
    const MAX_ECHO: usize = 40;
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= MAX_ECHO {
        return line;
    }
    let mut short: String = line.chars().take(MAX_ECHO - 1).collect();
    short.push('…');
    short
}

/// One field's error, for a whole submitted form.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: Field,
    pub error: FormError,
}

/// Sets the access type. A different type asks different jurisdiction questions, so
/// those answers are cleared. A municipality's responsible usually belongs to the
/// OMAPED and a region's to the OREDIS: that office is filled in, to be corrected at
/// the review step when it is another (one answer less on a small screen).
pub fn set_access_type(data: &mut RequestData, t: AccessType) {
    if data.access_type != Some(t) {
        data.ubigeo = None;
        data.region_code = None;
        data.entity_name = None;
        data.entity_public = None;
        data.rof_doc = None;
        data.head_designation_doc = None;
        data.jne_credential = None;
        data.resp_office = None;
    }
    data.access_type = Some(t);
    if data.resp_office.is_none()
        && let Some(office) = spec(Field::RespOffice, Some(t)).suggestion
    {
        data.resp_office = FreeText::parse(office).ok();
    }
}

/// Public or private; a private entity has no ROF to name.
pub fn set_entity_public(data: &mut RequestData, public: bool) {
    data.entity_public = Some(public);
    if !public {
        data.rof_doc = None;
    }
}

/// Empties one field, so the chat asks it again.
pub fn clear(data: &mut RequestData, f: Field) {
    (f.def().clear)(data);
}

/// Skips an optional field, so it is not asked again.
pub fn skip(data: &mut RequestData, f: Field) -> Result<(), FormError> {
    if !f.optional() {
        return Err(FormError::Required);
    }
    if !data.skipped.contains(&f) {
        data.skipped.push(f);
    }
    clear(data, f);
    Ok(())
}

/// An access type as typed or submitted: its value (`local`) or words of its name
/// ("municipalidad", "regional", "otra entidad").
pub fn parse_access_type(text: &str) -> Option<AccessType> {
    if let Some(t) = AccessType::parse(text.trim()) {
        return Some(t);
    }
    let n = normalize(text);
    if n.contains("local") || n.contains("municip") {
        Some(AccessType::Local)
    } else if n.contains("region") {
        Some(AccessType::Regional)
    } else if n.contains("otro") || n.contains("other") || n.contains("entidad") {
        Some(AccessType::Other)
    } else {
        None
    }
}

/// The place a municipality's name names, as typed at the access type's question:
/// "Municipalidad Distrital de Acoria" names "acoria" (normalized). `None` when the
/// text is not a municipality's name followed by a place.
pub fn municipality_place(text: &str) -> Option<String> {
    let n = normalize(text);
    let mut words = n.split(' ').skip_while(|w| !w.starts_with("municipalidad"));
    words.next()?;
    let rest: Vec<&str> = words
        .skip_while(|w| matches!(*w, "distrital" | "provincial" | "del" | "de" | "distrito"))
        .collect();
    (!rest.is_empty()).then(|| rest.join(" "))
}

/// The access type a wish to register names in its sentence ("quiero solicitar acceso
/// para el gobierno regional"), if it names one plainly. Narrower than
/// [`parse_access_type`], which reads an answer to the question: in a sentence "otro"
/// may mean "another request", so only "otro aliado" names that type.
pub fn access_type_named_in(sentence: &str) -> Option<AccessType> {
    let n = normalize(sentence);
    let words: Vec<&str> = n.split(' ').collect();
    if n.contains("otro aliado") {
        Some(AccessType::Other)
    } else if words.contains(&"regional") {
        Some(AccessType::Regional)
    } else if n.contains("gobierno local") || words.iter().any(|w| w.starts_with("municipal")) {
        Some(AccessType::Local)
    } else {
        None
    }
}

/// Public or private, as typed ("pública", "privada") or submitted.
pub fn parse_entity_public(text: &str) -> Option<bool> {
    let n = normalize(text);
    if n.starts_with("publ") {
        Some(true)
    } else if n.starts_with("priv") {
        Some(false)
    } else {
        None
    }
}

/// The districts an answer names: its ubigeo, or the catalog's search by name. With
/// candidates already offered (`picks`), the answer may be the province or region
/// that narrows them down.
pub fn find_districts<'c>(catalog: &'c Catalog, text: &str, picks: &[String]) -> Vec<&'c District> {
    let text = text.trim();
    if text.len() == 6
        && text.chars().all(|c| c.is_ascii_digit())
        && let Some(d) = Ubigeo::parse(text).ok().and_then(|u| catalog.district(&u))
    {
        return vec![d];
    }
    let mut found: Vec<&District> = vec![];
    if !picks.is_empty() {
        let q = normalize(text);
        found = picks
            .iter()
            .filter_map(|p| Ubigeo::parse(p).ok().and_then(|u| catalog.district(&u)))
            .filter(|d| {
                !q.is_empty()
                    && (normalize(&d.province).contains(&q)
                        || normalize(&d.department).contains(&q))
            })
            .collect();
    }
    if found.is_empty() {
        found = catalog.search_districts(text);
    }
    found
}

/// The regions an answer names, as (code, name): its 2-digit code or a search by name.
pub fn find_regions(catalog: &Catalog, text: &str) -> Vec<(String, String)> {
    let text = text.trim();
    if text.len() == 2
        && let Some(name) = catalog.region_name(text)
    {
        return vec![(text.to_owned(), name)];
    }
    catalog
        .search_departments(text)
        .into_iter()
        .filter_map(|name| catalog.department_code(name).map(|c| (c, name.to_owned())))
        .collect()
}

/// The one district an answer names; or why it names none or several (the
/// candidates, when few enough to pick from).
pub fn one_district(text: &str) -> Result<Ubigeo, FormError> {
    let found = find_districts(Catalog::embedded(), text, &[]);
    match found.as_slice() {
        [] => Err(FormError::DistrictNotFound {
            query: text.to_owned(),
        }),
        [d] => Ok(d.code.clone()),
        many => Err(FormError::DistrictAmbiguous {
            count: many.len(),
            candidates: if many.len() <= MAX_PICKS {
                many.iter().map(|d| d.code.clone()).collect()
            } else {
                vec![]
            },
        }),
    }
}

/// The one region (its code) an answer names; or why it names none or several.
pub fn one_region(text: &str) -> Result<String, FormError> {
    let found = find_regions(Catalog::embedded(), text);
    match found.as_slice() {
        [] => Err(FormError::RegionNotFound {
            query: text.to_owned(),
        }),
        [(code, _)] => Ok(code.clone()),
        many => Err(FormError::RegionAmbiguous {
            candidates: many
                .iter()
                .take(MAX_PICKS)
                .map(|(c, _)| c.clone())
                .collect(),
        }),
    }
}

/// Applies one raw answer to one field with the field's parser: the one way a typed
/// or submitted value enters the request. `today` is Lima's date (designation dates
/// cannot be later). An answer that fails leaves `data` as it was.
///
/// A district or region must name exactly one; otherwise the error lists the
/// candidates. An empty answer goes to the parser like any other (the chat says what
/// a DNI looks like); [`apply_all`] reads an empty field as skipped or missing. An
/// answer that gives none ("no tiene", "no sé": [`says_none`]) leaves an optional
/// field empty and, where a value is needed, is [`FormError::NoneGiven`].
pub fn apply_answer(
    data: &mut RequestData,
    field: Field,
    raw: &str,
    today: NaiveDate,
) -> Result<(), FormError> {
    if says_none(raw) {
        return if field.optional() {
            skip(data, field)
        } else {
            Err(FormError::NoneGiven {
                field,
                access_type: data.access_type,
            })
        };
    }
    let access_type = data.access_type;
    (field.def().set)(data, raw.trim(), today).map_err(|e| match e {
        FormError::Value(ValueError::NotAName) => FormError::NotAName { field, access_type },
        e => e,
    })?;
    // Answered after all: no longer skipped.
    data.skipped.retain(|f| *f != field);
    Ok(())
}

/// A whole submitted form applied to `data`: `answers` maps [`Field::as_str`] names
/// to raw values. The access type and public/private go first (they decide which
/// fields the form has); then every field of the form present in `answers`, in
/// order. A field the form does not have is an error; a field absent from `answers`
/// keeps its value (so a correction submits only what it asks). Every field of the
/// form still unset afterwards whose name was submitted is [`FormError::Required`].
pub fn apply_all(
    mut data: RequestData,
    answers: &BTreeMap<String, String>,
    today: NaiveDate,
) -> (RequestData, Vec<FieldError>) {
    let mut errors = vec![];
    let apply = |data: &mut RequestData, f: Field, errors: &mut Vec<FieldError>| {
        let Some(raw) = answers.get(f.as_str()) else {
            return;
        };
        let result = match raw.trim() {
            "" if f.optional() => skip(data, f),
            // Reported below, with every other field left unset.
            "" => Ok(()),
            raw => apply_answer(data, f, raw, today),
        };
        if let Err(error) = result {
            errors.push(FieldError { field: f, error });
        }
    };
    apply(&mut data, Field::AccessType, &mut errors);
    if data.fields().contains(&Field::EntityPublic) {
        apply(&mut data, Field::EntityPublic, &mut errors);
    }
    let fields = data.fields();
    for f in &fields {
        if !matches!(f, Field::AccessType | Field::EntityPublic) {
            apply(&mut data, *f, &mut errors);
        }
    }
    for name in answers.keys() {
        match Field::parse(name) {
            Some(f) if fields.contains(&f) => {}
            // Left empty (the ROF of an entity that turned out private): nothing to say.
            Some(_) if answers[name].trim().is_empty() => {}
            Some(f) => errors.push(FieldError {
                field: f,
                error: FormError::NotInForm,
            }),
            None => {}
        }
    }
    for f in &fields {
        let failed = errors.iter().any(|e| e.field == *f);
        if !failed && !data.is_set(*f) && answers.contains_key(f.as_str()) {
            errors.push(FieldError {
                field: *f,
                error: FormError::Required,
            });
        }
    }
    errors.sort_by_key(|e| {
        fields
            .iter()
            .position(|f| *f == e.field)
            .unwrap_or(usize::MAX)
    });
    (data, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wish_to_register_names_its_access_type_only_plainly() {
        let named = |s| access_type_named_in(s);
        assert_eq!(
            named("quiero solicitar acceso para el gobierno regional"),
            Some(AccessType::Regional)
        );
        assert_eq!(
            named("registrar a la municipalidad de acoria"),
            Some(AccessType::Local)
        );
        assert_eq!(
            named("solicitar acceso como otro aliado"),
            Some(AccessType::Other)
        );
        // "otro" alone is another request, not the access type.
        assert_eq!(named("quiero solicitar otro acceso"), None);
        assert_eq!(named("quiero solicitar acceso"), None);
    }

    #[test]
    fn a_municipalitys_name_names_its_place() {
        let place = |s| municipality_place(s);
        assert_eq!(place("Municipalidad de Acoria").as_deref(), Some("acoria"));
        assert_eq!(
            place("MUNICIPALIDAD DISTRITAL DE MARISCAL CÁCERES").as_deref(),
            Some("mariscal caceres")
        );
        assert_eq!(
            place("Municipalidad Provincial de Huancavelica").as_deref(),
            Some("huancavelica")
        );
        assert_eq!(place("municipalidad"), None);
        assert_eq!(place("Gobierno Local"), None);
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
    }

    fn local_answers() -> BTreeMap<String, String> {
        [
            ("access_type", "local"),
            ("district", "090102"),
            ("authority_names", "Rosa Elena"),
            ("authority_surnames", "Quispe Huamán"),
            ("authority_dni", "40123456"),
            ("jne_credential", "0123-2026-JNE"),
            ("authority_phone", "987 654 321"),
            ("authority_phone2", ""),
            ("authority_personal_email", "rosa@example.pe"),
            ("authority_institutional_email", ""),
            ("resp_names", "Luis"),
            ("resp_surnames", "Soto Ramos"),
            ("resp_dni", "41234567"),
            ("resp_phone", "912345678"),
            ("resp_email", "luis@example.pe"),
            ("resp_office", "OMAPED"),
            ("resp_position", "Jefe de la OMAPED"),
            ("resp_designation_date", "2026-01-02"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    #[test]
    fn a_whole_local_form_fills_the_request() {
        let (data, errors) = apply_all(RequestData::default(), &local_answers(), today());
        assert_eq!(errors, vec![]);
        assert_eq!(data.next_missing(), None);
        assert_eq!(data.resp_phone.as_ref().unwrap().as_str(), "912345678");
        assert!(data.skipped.contains(&Field::AuthorityPhone2));
    }

    #[test]
    fn the_responsibles_mobile_refuses_a_landline_the_authoritys_phone_takes_it() {
        let mut answers = local_answers();
        answers.insert("resp_phone".into(), "064 234567".into());
        answers.insert("authority_phone".into(), "064 234567".into());
        let (data, errors) = apply_all(RequestData::default(), &answers, today());
        let got: Vec<(Field, &str)> = errors.iter().map(|e| (e.field, e.error.key())).collect();
        assert_eq!(got, vec![(Field::RespPhone, "form-resp-phone-landline")]);
        assert!(data.resp_phone.is_none());
        assert_eq!(
            data.authority_phone.as_ref().map(|p| p.as_str()),
            Some("064234567")
        );
    }

    #[test]
    fn each_bad_field_gets_its_own_error_and_the_rest_is_kept() {
        let mut answers = local_answers();
        answers.insert("authority_dni".into(), "4012345".into());
        answers.insert("resp_email".into(), "luis@".into());
        answers.insert("resp_names".into(), "".into());
        answers.insert("entity_name".into(), "Something".into());
        let (data, errors) = apply_all(RequestData::default(), &answers, today());
        let got: Vec<(Field, &str)> = errors.iter().map(|e| (e.field, e.error.key())).collect();
        assert_eq!(
            got,
            vec![
                (Field::AuthorityDni, "invalid-dni-length"),
                (Field::RespNames, "form-required"),
                (Field::RespEmail, "invalid-email"),
                (Field::EntityName, "form-not-in-form"),
            ]
        );
        assert!(data.authority_dni.is_none() && data.resp_dni.is_some());
    }

    #[test]
    fn a_district_must_name_one() {
        let mut data = RequestData::default();
        set_access_type(&mut data, AccessType::Local);
        assert_eq!(
            apply_answer(&mut data, Field::District, "Acoria", today()),
            Ok(())
        );
        assert_eq!(data.ubigeo.as_ref().unwrap().as_str(), "090103");
        let err = apply_answer(&mut data, Field::District, "zzzz", today()).unwrap_err();
        assert_eq!(err.key(), "district-not-found");
        let err = apply_answer(&mut data, Field::District, "San", today()).unwrap_err();
        assert!(matches!(err, FormError::DistrictAmbiguous { count, .. } if count > 1));
        // A failed answer leaves the district as it was.
        assert_eq!(data.ubigeo.as_ref().unwrap().as_str(), "090103");
        assert_eq!(
            apply_answer(&mut data, Field::Region, "09", today()),
            Ok(())
        );
        assert_eq!(data.region_code.as_deref(), Some("09"));
    }

    #[test]
    fn typed_options_and_a_change_of_access_type() {
        let mut data = RequestData::default();
        apply_answer(&mut data, Field::AccessType, "Municipalidad", today()).unwrap();
        assert_eq!(data.access_type, Some(AccessType::Local));
        apply_answer(&mut data, Field::District, "090102", today()).unwrap();
        apply_answer(&mut data, Field::AccessType, "other", today()).unwrap();
        assert_eq!(data.ubigeo, None);
        assert_eq!(
            apply_answer(&mut data, Field::AccessType, "no sé", today()),
            Err(FormError::NoneGiven {
                field: Field::AccessType,
                access_type: Some(AccessType::Other)
            })
        );
        assert_eq!(
            apply_answer(&mut data, Field::AccessType, "ninguno", today()),
            Err(FormError::NoneGiven {
                field: Field::AccessType,
                access_type: Some(AccessType::Other)
            })
        );
        apply_answer(&mut data, Field::EntityPublic, "privada", today()).unwrap();
        assert!(!data.fields().contains(&Field::RofDoc));
        assert_eq!(
            apply_answer(&mut data, Field::AuthorityDni, " ", today()),
            Err(FormError::Value(ValueError::DniLength))
        );
    }

    #[test]
    fn every_field_has_a_spec_with_fluent_ids() {
        for f in Field::for_type(Some(AccessType::Other)).into_iter().chain([
            Field::District,
            Field::Region,
            Field::JneCredential,
        ]) {
            let s = spec(f, Some(AccessType::Local));
            assert_eq!(s.label, format!("field-{}", f.as_str().replace('_', "-")));
            assert_eq!(s.question, format!("ask-{}", f.as_str().replace('_', "-")));
            assert!(s.max_len >= 7);
        }
        let local = form_of(AccessType::Local);
        assert_eq!(local[1].kind, InputKind::District);
        let office = local.iter().find(|s| s.field == Field::RespOffice).unwrap();
        assert_eq!(office.suggestion, Some("OMAPED"));
    }
}
