//! Corrections of a request's data and the one next step a request offers: what
//! changed between two versions of the data (masked where personal, as it is kept in
//! the history), which fields the DDC prints (a change there calls for a new DDC to
//! sign), and what the applicant is offered to do next at each stage, the same in the
//! notices, `/estado` and the menu.

use chrono::NaiveDate;

use super::request::{Field, RequestData};
use super::stage::Stage;
use super::ubigeo::Catalog;
use super::values::mask_last4;
use crate::message::MenuItem;

/// One field's correction, as kept in the request's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: Field,
    /// The value before, masked where personal; empty when unset.
    pub old: String,
    /// The value after, masked where personal; empty when unset.
    pub new: String,
}

/// The fields the DDC prints: a change to any of them makes the paper on file say
/// something else than the request, so a new DDC must be signed. The authority's
/// phones and e-mails and whether the entity is public are not on the paper.
pub fn printed_on_ddc(f: Field) -> bool {
    !matches!(
        f,
        Field::EntityPublic
            | Field::AuthorityPhone
            | Field::AuthorityPhone2
            | Field::AuthorityPersonalEmail
            | Field::AuthorityInstitutionalEmail
    )
}

/// Whether a field holds a DNI, a phone or an e-mail: kept masked in the history.
fn personal(f: Field) -> bool {
    matches!(
        f,
        Field::AuthorityDni
            | Field::RespDni
            | Field::AuthorityPhone
            | Field::AuthorityPhone2
            | Field::RespPhone
            | Field::AuthorityPersonalEmail
            | Field::AuthorityInstitutionalEmail
            | Field::RespEmail
    )
}

/// `r***@muni.gob.pe`: the first letter and the domain, enough to tell two addresses
/// apart without keeping the person's.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => mask_last4(email),
    }
}

fn mask(f: Field, value: String) -> String {
    if value.is_empty() || !personal(f) {
        return value;
    }
    if value.contains('@') {
        mask_email(&value)
    } else {
        mask_last4(&value)
    }
}

/// A field's value in words that need no translation: a district or region by its
/// name, a date as every message writes it, codes for the two choices.
fn shown(data: &RequestData, f: Field) -> String {
    let catalog = Catalog::embedded();
    let date = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    let value = match f {
        Field::AccessType => data.access_type.map(|t| t.as_str().to_owned()),
        Field::District => data
            .ubigeo
            .as_ref()
            .and_then(|u| catalog.district(u))
            .map(|d| d.label()),
        Field::Region => data
            .region_code
            .as_ref()
            .and_then(|c| catalog.region_name(c)),
        Field::EntityPublic => data
            .entity_public
            .map(|p| if p { "public" } else { "private" }.to_owned()),
        Field::RespDesignationDate => data.resp_designation_date.map(date),
        typed => super::form_kind::typed_value(data, typed),
    };
    value.unwrap_or_default()
}

/// What changed from `old` to `new`, field by field in the form's order.
pub fn changes(old: &RequestData, new: &RequestData) -> Vec<Change> {
    let mut fields = Field::for_type(new.access_type);
    for f in Field::for_type(old.access_type) {
        if !fields.contains(&f) {
            fields.push(f);
        }
    }
    fields
        .into_iter()
        .filter_map(|field| {
            let (before, after) = (shown(old, field), shown(new, field));
            (before != after).then(|| Change {
                field,
                old: mask(field, before),
                new: mask(field, after),
            })
        })
        .collect()
}

/// What a request offers its applicant to do next, decided here once for the
/// notices, `/estado` and the menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// File a request (none, or the last was superseded).
    Register,
    /// Return the signed DDC.
    Upload,
    /// Correct what UAC observed.
    Fix,
    /// Start again from a rejected or lapsed request's data.
    Restart,
    /// Renew an access that ended with the fiscal year.
    Renew,
    /// Wait for the review: ask where it is.
    Status,
    /// The access is active: query the padrón.
    Queries,
}

impl NextStep {
    /// The step of a request at `stage`; `renewing`: a renewal of it is on its way.
    pub fn of(stage: Stage, renewing: bool) -> NextStep {
        match stage {
            // A revoked jurisdiction may file a new request (linked to this one).
            Stage::Draft | Stage::Superseded | Stage::Revoked => NextStep::Register,
            Stage::AwaitingDdc => NextStep::Upload,
            Stage::Observed => NextStep::Fix,
            Stage::Rejected | Stage::Lapsed => NextStep::Restart,
            Stage::Expired if renewing => NextStep::Status,
            Stage::Expired => NextStep::Renew,
            Stage::Active => NextStep::Queries,
            Stage::UacReview
            | Stage::LegalReview
            | Stage::DirectorAuthorization
            | Stage::AccountCreation
            // Suspended (or awaiting DE on a revocation): the status says why and
            // what lifts it.
            | Stage::Suspended
            | Stage::RevocationReview => NextStep::Status,
        }
    }

    /// The menu entry that takes it.
    pub fn menu_item(self) -> MenuItem {
        match self {
            NextStep::Register => MenuItem::Register,
            NextStep::Upload => MenuItem::Upload,
            NextStep::Fix | NextStep::Restart => MenuItem::FixObservation,
            NextStep::Renew => MenuItem::Renew,
            NextStep::Status => MenuItem::Status,
            NextStep::Queries => MenuItem::Ally,
        }
    }

    /// Fluent id of its button's words, the same wherever it is offered.
    pub fn label_key(self) -> &'static str {
        match self {
            NextStep::Register => "menu-register",
            NextStep::Upload => "menu-upload",
            NextStep::Fix => "menu-fix-observation",
            NextStep::Restart => "menu-restart",
            NextStep::Renew => "menu-renew",
            NextStep::Status => "menu-status",
            NextStep::Queries => "menu-ally",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::request::AccessType;
    use crate::domain::values::{Email, PersonName};

    fn data() -> RequestData {
        RequestData {
            access_type: Some(AccessType::Local),
            resp_names: PersonName::parse("Rosa").ok(),
            resp_email: Email::parse("rosa.quispe@muni.gob.pe").ok(),
            ..RequestData::default()
        }
    }

    #[test]
    fn a_changed_email_is_kept_masked_and_a_name_as_typed() {
        let old = data();
        let mut new = data();
        new.resp_email = Email::parse("rquispe@gmail.com").ok();
        new.resp_names = PersonName::parse("Rosa María").ok();
        let found = changes(&old, &new);
        assert_eq!(
            found,
            [
                Change {
                    field: Field::RespNames,
                    old: "Rosa".into(),
                    new: "Rosa María".into(),
                },
                Change {
                    field: Field::RespEmail,
                    old: "r***@muni.gob.pe".into(),
                    new: "r***@gmail.com".into(),
                },
            ]
        );
        assert!(changes(&old, &old).is_empty());
    }

    #[test]
    fn the_authoritys_contacts_are_not_printed_on_the_ddc() {
        assert!(printed_on_ddc(Field::RespEmail));
        assert!(printed_on_ddc(Field::AuthorityDni));
        assert!(printed_on_ddc(Field::District));
        assert!(!printed_on_ddc(Field::AuthorityPhone));
        assert!(!printed_on_ddc(Field::AuthorityInstitutionalEmail));
    }

    #[test]
    fn rejected_and_lapsed_requests_offer_to_start_again() {
        for stage in [Stage::Rejected, Stage::Lapsed] {
            let step = NextStep::of(stage, false);
            assert_eq!(step, NextStep::Restart);
            assert_eq!(step.menu_item(), MenuItem::FixObservation);
            assert_eq!(step.label_key(), "menu-restart");
        }
        assert_eq!(NextStep::of(Stage::Observed, false), NextStep::Fix);
        assert_eq!(NextStep::of(Stage::Expired, true), NextStep::Status);
        assert_eq!(NextStep::of(Stage::Expired, false), NextStep::Renew);
    }
}
