//! Why UAC observed a request, as a code: the prepared reasons a reviewer picks (or
//! none, for a reason typed freely), the fields each concerns, and what the applicant
//! must send back. Stored beside the note in the history (`stage_transitions.
//! reason_code`), so nothing downstream compares the note's Spanish text.

use serde::{Deserialize, Serialize};

use super::form_kind::{AUTHORITY_FIELDS, RESPONSIBLE_FIELDS};
use super::request::{AccessType, Field};

/// A prepared observation reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObservationReason {
    /// The DDC has no signature or seal.
    Unsigned,
    /// The DDC is illegible or incomplete.
    Illegible,
    /// The authority's data does not match the JNE list.
    Jne,
    /// The responsible's data is missing or wrong.
    Responsible,
    /// The document designating the head of an Otro Aliado entity is missing.
    Designation,
}

impl ObservationReason {
    /// In the order reviewers see them (chat buttons, console list).
    pub const ALL: [ObservationReason; 5] = [
        ObservationReason::Unsigned,
        ObservationReason::Illegible,
        ObservationReason::Jne,
        ObservationReason::Responsible,
        ObservationReason::Designation,
    ];

    /// Stable name, as stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            ObservationReason::Unsigned => "unsigned",
            ObservationReason::Illegible => "illegible",
            ObservationReason::Jne => "jne",
            ObservationReason::Responsible => "responsible",
            ObservationReason::Designation => "designation",
        }
    }

    pub fn parse(code: &str) -> Option<ObservationReason> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Fluent id of the reason's words (`locales/*/review.ftl`).
    pub fn message_key(self) -> &'static str {
        match self {
            ObservationReason::Unsigned => "obs-reason-unsigned",
            ObservationReason::Illegible => "obs-reason-illegible",
            ObservationReason::Jne => "obs-reason-jne",
            ObservationReason::Responsible => "obs-reason-responsible",
            ObservationReason::Designation => "obs-reason-designation",
        }
    }

    /// The request's fields the reason concerns, of those `access_type` asks. Empty
    /// when the data was right and the paper was not: a DDC signed again (or the
    /// designation document) answers it.
    pub fn fields(self, access_type: Option<AccessType>) -> Vec<Field> {
        let concerned: &[Field] = match self {
            ObservationReason::Jne => &AUTHORITY_FIELDS,
            ObservationReason::Responsible => &RESPONSIBLE_FIELDS,
            ObservationReason::Designation => &[Field::HeadDesignationDoc],
            ObservationReason::Unsigned | ObservationReason::Illegible => &[],
        };
        let asked = Field::for_type(access_type);
        concerned
            .iter()
            .copied()
            .filter(|f| asked.contains(f))
            .collect()
    }

    /// Whether a reviewer may give it for a request of `access_type`: the JNE's list
    /// names elected authorities only, and only an Otro Aliado sends a designation
    /// document.
    pub fn applies_to(self, access_type: AccessType) -> bool {
        match self {
            ObservationReason::Jne => access_type.elected(),
            ObservationReason::Designation => access_type.needs_designation_doc(),
            _ => true,
        }
    }

    /// Whether what is missing is the signed DDC itself.
    pub fn wants_signed_ddc(self) -> bool {
        matches!(
            self,
            ObservationReason::Unsigned | ObservationReason::Illegible
        )
    }

    /// Whether what is missing is the designation document (Otro Aliado).
    pub fn wants_designation(self) -> bool {
        self == ObservationReason::Designation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_name_their_words() {
        for r in ObservationReason::ALL {
            assert_eq!(ObservationReason::parse(r.code()), Some(r));
            assert!(r.message_key().starts_with("obs-reason-"));
        }
        assert_eq!(ObservationReason::parse("Faltan datos"), None);
    }

    #[test]
    fn each_reason_names_the_fields_it_concerns() {
        use AccessType::*;
        let responsible = ObservationReason::Responsible.fields(Some(Local));
        assert!(responsible.contains(&Field::RespEmail));
        assert!(!responsible.contains(&Field::AuthorityDni));
        assert!(
            ObservationReason::Jne
                .fields(Some(Local))
                .contains(&Field::JneCredential)
        );
        // Otro Aliado has no JNE credential: it is not offered.
        assert!(
            !ObservationReason::Jne
                .fields(Some(Other))
                .contains(&Field::JneCredential)
        );
        assert_eq!(
            ObservationReason::Designation.fields(Some(Other)),
            [Field::HeadDesignationDoc]
        );
        assert!(ObservationReason::Unsigned.fields(Some(Local)).is_empty());
        assert!(ObservationReason::Unsigned.wants_signed_ddc());
        assert!(!ObservationReason::Responsible.wants_signed_ddc());
    }

    #[test]
    fn the_jne_is_offered_for_an_elected_authority_and_the_designation_for_an_entity() {
        use AccessType::*;
        let offered = |ty| {
            ObservationReason::ALL
                .into_iter()
                .filter(|r| r.applies_to(ty))
                .collect::<Vec<_>>()
        };
        for ty in [Local, Regional] {
            assert!(offered(ty).contains(&ObservationReason::Jne));
            assert!(!offered(ty).contains(&ObservationReason::Designation));
        }
        assert!(!offered(Other).contains(&ObservationReason::Jne));
        assert!(offered(Other).contains(&ObservationReason::Designation));
        assert!(offered(Other).contains(&ObservationReason::Responsible));
    }

    #[test]
    fn every_reason_has_words_in_both_locales() {
        for locale in [
            include_str!("../../locales/es/review.ftl"),
            include_str!("../../locales/en/review.ftl"),
        ] {
            for r in ObservationReason::ALL {
                let key = r.message_key();
                assert!(locale.contains(&format!("\n{key} =")), "{key} missing");
            }
        }
    }
}
