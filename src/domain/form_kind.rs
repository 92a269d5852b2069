//! Which fields each form filled in one screen holds ([`FormKind`]): the registration
//! of each access type, and the corrections an observation asks for (the
//! authority's data that must match the JNE, the responsible's data). The chat asks
//! the same fields one by one; a form only gathers them in one screen.

use super::form::{self, FieldSpec, InputKind};
use super::request::{AccessType, Field, RequestData};
use crate::message::FormKind;

/// What an observation "the authority's data does not match the JNE" asks again.
pub const AUTHORITY_FIELDS: [Field; 4] = [
    Field::AuthorityNames,
    Field::AuthoritySurnames,
    Field::AuthorityDni,
    Field::JneCredential,
];

/// What an observation "the responsible's data is missing or wrong" asks again.
pub const RESPONSIBLE_FIELDS: [Field; 6] = [
    Field::RespNames,
    Field::RespSurnames,
    Field::RespDni,
    Field::RespPhone,
    Field::RespEmail,
    Field::RespPosition,
];

/// The access type a registration form is for; `None` for a correction, which
/// keeps the request's own.
pub fn access_type_of(kind: FormKind) -> Option<AccessType> {
    match kind {
        FormKind::RegistrationLocal => Some(AccessType::Local),
        FormKind::RegistrationRegional => Some(AccessType::Regional),
        FormKind::RegistrationOther => Some(AccessType::Other),
        FormKind::CorrectionAuthority
        | FormKind::CorrectionResponsible
        | FormKind::AllyFad
        | FormKind::AllyAlert => None,
    }
}

/// The registration form of an access type.
pub fn registration(access_type: AccessType) -> FormKind {
    match access_type {
        AccessType::Local => FormKind::RegistrationLocal,
        AccessType::Regional => FormKind::RegistrationRegional,
        AccessType::Other => FormKind::RegistrationOther,
    }
}

/// The correction form asking exactly `fields`, if there is one.
pub fn correction(fields: &[Field]) -> Option<FormKind> {
    let same = |set: &[Field]| fields.len() == set.len() && set.iter().all(|f| fields.contains(f));
    if same(&AUTHORITY_FIELDS) {
        Some(FormKind::CorrectionAuthority)
    } else if same(&RESPONSIBLE_FIELDS) {
        Some(FormKind::CorrectionResponsible)
    } else {
        None
    }
}

/// The fields a form asks, in order, as the form's one definition describes them
/// (a registration's access type is the form's own: not asked). An ally's FAD or
/// alert holds no request field (its answers are read by `conversation::ally`).
pub fn fields(kind: FormKind) -> Vec<FieldSpec> {
    match kind {
        FormKind::CorrectionAuthority => AUTHORITY_FIELDS
            .iter()
            .map(|f| form::spec(*f, None))
            .collect(),
        FormKind::CorrectionResponsible => RESPONSIBLE_FIELDS
            .iter()
            .map(|f| form::spec(*f, None))
            .collect(),
        FormKind::AllyFad | FormKind::AllyAlert => vec![],
        registration => access_type_of(registration)
            .map(form::form_of)
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.field != Field::AccessType)
            .collect(),
    }
}

/// The form's data that stops its date pickers at today (`YYYY-MM-DD`, sent with
/// the form): a designation date cannot be later ([`super::values::parse_date`]).
pub const MAX_DATE: &str = "max_date";

/// Whether a form asks a date (and so is sent with [`MAX_DATE`]).
pub fn asks_a_date(kind: FormKind) -> bool {
    fields(kind).iter().any(|s| s.kind == InputKind::Date)
}

/// Whether a field is answered by typing (so a form can show a value in it already),
/// not by picking an option or a date.
pub fn typed(spec: &FieldSpec) -> bool {
    !matches!(
        spec.kind,
        InputKind::Choice(_) | InputKind::Region | InputKind::Date
    )
}

/// The typed fields of a form: what it can be opened with.
pub fn prefillable(kind: FormKind) -> Vec<Field> {
    fields(kind)
        .into_iter()
        .filter(typed)
        .map(|s| s.field)
        .collect()
}

/// A typed field's value as it would be typed (what the form's parsers read back);
/// a district by its ubigeo. `None` when unset or not a typed field.
pub fn typed_value(data: &RequestData, f: Field) -> Option<String> {
    let spec = form::spec(f, None);
    if typed(&spec) {
        (f.def().get)(data)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_correction_form_is_found_only_for_its_exact_fields() {
        assert_eq!(
            correction(&AUTHORITY_FIELDS),
            Some(FormKind::CorrectionAuthority)
        );
        let mut reversed = RESPONSIBLE_FIELDS.to_vec();
        reversed.reverse();
        assert_eq!(correction(&reversed), Some(FormKind::CorrectionResponsible));
        assert_eq!(correction(&[Field::HeadDesignationDoc]), None);
        assert_eq!(correction(&[]), None);
    }

    #[test]
    fn every_registration_form_asks_its_types_fields_but_the_type() {
        for t in AccessType::ALL {
            let kind = registration(t);
            assert_eq!(access_type_of(kind), Some(t));
            let asked: Vec<Field> = fields(kind).into_iter().map(|s| s.field).collect();
            let mut expected = Field::for_type(Some(t));
            expected.retain(|f| *f != Field::AccessType);
            assert_eq!(asked, expected);
        }
    }
}
