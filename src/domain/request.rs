//! An access request as the ally fills it in (DESIGN §2): what each access type needs.

use serde::{Deserialize, Serialize};

use super::ubigeo::Ubigeo;
use super::values::{Dni, DocNumber, Email, FreeText, PersonName, Phone};

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

    pub fn as_str(self) -> &'static str {
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
    pub fn message_key(self) -> &'static str {
        match self {
            AccessType::Local => "access-type-local",
            AccessType::Regional => "access-type-regional",
            AccessType::Other => "access-type-other",
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
    /// The fields an access type asks, in order.
    pub fn for_type(t: Option<AccessType>) -> Vec<Field> {
        use Field::*;
        let mut fields = vec![AccessType];
        match t {
            None => return fields,
            Some(self::AccessType::Local) => fields.extend([District]),
            Some(self::AccessType::Regional) => fields.extend([Region]),
            Some(self::AccessType::Other) => {
                fields.extend([EntityName, EntityPublic, RofDoc, HeadDesignationDoc])
            }
        }
        fields.extend([AuthorityNames, AuthoritySurnames, AuthorityDni]);
        if t != Some(self::AccessType::Other) {
            fields.push(JneCredential);
        }
        fields.extend([
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
        ]);
        fields
    }

    pub fn as_str(self) -> &'static str {
        use Field::*;
        match self {
            AccessType => "access_type",
            District => "district",
            Region => "region",
            EntityName => "entity_name",
            EntityPublic => "entity_public",
            RofDoc => "rof_doc",
            HeadDesignationDoc => "head_designation_doc",
            AuthorityNames => "authority_names",
            AuthoritySurnames => "authority_surnames",
            AuthorityDni => "authority_dni",
            JneCredential => "jne_credential",
            AuthorityPhone => "authority_phone",
            AuthorityPhone2 => "authority_phone2",
            AuthorityPersonalEmail => "authority_personal_email",
            AuthorityInstitutionalEmail => "authority_institutional_email",
            RespNames => "resp_names",
            RespSurnames => "resp_surnames",
            RespDni => "resp_dni",
            RespPhone => "resp_phone",
            RespEmail => "resp_email",
            RespOffice => "resp_office",
            RespPosition => "resp_position",
            RespDesignationDate => "resp_designation_date",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::for_type(Some(self::AccessType::Other))
            .into_iter()
            .chain([Field::District, Field::Region, Field::JneCredential])
            .find(|f| f.as_str() == s)
    }

    /// Optional fields offer a "skip" choice.
    pub fn optional(self) -> bool {
        matches!(
            self,
            Field::AuthorityPhone2 | Field::AuthorityInstitutionalEmail
        )
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

    pub fn is_set(&self, f: Field) -> bool {
        use Field::*;
        match f {
            AccessType => self.access_type.is_some(),
            District => self.ubigeo.is_some(),
            Region => self.region_code.is_some(),
            EntityName => self.entity_name.is_some(),
            EntityPublic => self.entity_public.is_some(),
            RofDoc => self.rof_doc.is_some(),
            HeadDesignationDoc => self.head_designation_doc.is_some(),
            AuthorityNames => self.authority_names.is_some(),
            AuthoritySurnames => self.authority_surnames.is_some(),
            AuthorityDni => self.authority_dni.is_some(),
            JneCredential => self.jne_credential.is_some(),
            AuthorityPhone => self.authority_phone.is_some(),
            AuthorityPhone2 => self.authority_phone2.is_some() || self.skipped.contains(&f),
            AuthorityPersonalEmail => self.authority_personal_email.is_some(),
            AuthorityInstitutionalEmail => {
                self.authority_institutional_email.is_some() || self.skipped.contains(&f)
            }
            RespNames => self.resp_names.is_some(),
            RespSurnames => self.resp_surnames.is_some(),
            RespDni => self.resp_dni.is_some(),
            RespPhone => self.resp_phone.is_some(),
            RespEmail => self.resp_email.is_some(),
            RespOffice => self.resp_office.is_some(),
            RespPosition => self.resp_position.is_some(),
            RespDesignationDate => self.resp_designation_date.is_some(),
        }
    }

    /// The next question to ask, if any.
    pub fn next_missing(&self) -> Option<Field> {
        self.fields().into_iter().find(|f| !self.is_set(*f))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_as_people_type_them() {
        assert_eq!(request_code(2026, 123), "CTG-2026-000123");
        assert_eq!(parse_request_code("CTG-2026-000123"), Some((2026, 123)));
        assert_eq!(parse_request_code("ctg 2026 123"), Some((2026, 123)));
        assert_eq!(parse_request_code("45678912"), None);
        assert_eq!(parse_request_code("hola"), None);
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
