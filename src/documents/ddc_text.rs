//! Fills the DDC's text (from `locales/es/ddc.ftl`) with a request's data.

use chrono::{Datelike, NaiveDate};

use super::ddc::{DdcLayout, DdcStamp};
use crate::config::LinkSettings;
use crate::domain::request::{AccessType, UploadLink, VerificationCode};
use crate::domain::ubigeo::{Catalog, District, normalize};
use crate::i18n::{Arg, Locales};
use crate::store::requests::RequestRow;

/// The DDC is the program's Spanish legal form, whatever language the chat uses.
const LANG: &str = "es";

/// The deep link of the DDC's QR code: the chat the request came from when that
/// channel has a link configured, else the other channel's.
pub fn upload_link(
    links: &LinkSettings,
    channel: &str,
    code: &str,
    verification: &VerificationCode,
) -> Option<String> {
    let telegram = (!links.telegram_bot_username.is_empty()).then(|| {
        format!(
            "https://t.me/{}?start={}",
            links.telegram_bot_username.trim_start_matches('@'),
            UploadLink::payload(code, verification)
        )
    });
    let whatsapp = (!links.whatsapp_number.is_empty()).then(|| {
        format!(
            "https://wa.me/{}?text={}%20{}",
            links.whatsapp_number.trim_start_matches('+'),
            code,
            verification.grouped()
        )
    });
    match channel {
        "whatsapp" => whatsapp.or(telegram),
        _ => telegram.or(whatsapp),
    }
}

/// What the QR code carries when no chat link is configured or derived: the two codes,
/// as a phone's camera shows them and as the chat reads them when typed; it also lets
/// the upload check read which request a scan belongs to.
pub fn codes_payload(code: &str, verification: &VerificationCode) -> String {
    format!("{code} {}", verification.grouped())
}

/// The DDC of a request, ready to render: its text and its header. The QR code is
/// always printed (a link to the chat when one is known, else the codes); the text
/// asks to scan it only when it is a link, and otherwise says what works: typing
/// the request code and the verification code.
pub fn ddc(
    loc: &Locales,
    row: &RequestRow,
    today: NaiveDate,
    links: &LinkSettings,
    verification: &VerificationCode,
    incoming: Option<&str>,
) -> (DdcLayout, DdcStamp) {
    let link = upload_link(links, row.channel.as_str(), &row.code, verification);
    let mut layout = layout_naming(loc, row, today, incoming);
    if link.is_none() {
        let return_line = loc.t_args(
            LANG,
            "ddc-doc-return-codes",
            &[
                ("code", row.code.clone().into()),
                ("verification", verification.grouped().into()),
            ],
        );
        if let Some(line) = layout
            .closing
            .iter_mut()
            .find(|l| l.contains(&row.code) && l.contains(&verification.grouped()))
        {
            *line = return_line;
        }
    }
    let stamp = stamp(loc, verification, link, &row.code);
    (layout, stamp)
}

/// The verification code and QR code printed in the DDC's header.
pub fn stamp(
    loc: &Locales,
    verification: &VerificationCode,
    link: Option<String>,
    code: &str,
) -> DdcStamp {
    let hint = if link.is_some() {
        "ddc-doc-qr-hint"
    } else {
        "ddc-doc-codes-hint"
    };
    DdcStamp {
        verification_line: loc.t_args(
            LANG,
            "ddc-doc-verification",
            &[("verification", verification.grouped().into())],
        ),
        hint: loc.t(LANG, hint),
        link: Some(link.unwrap_or_else(|| codes_payload(code, verification))),
    }
}

pub fn layout(loc: &Locales, row: &RequestRow, today: NaiveDate) -> DdcLayout {
    layout_naming(loc, row, today, None)
}

/// The DDC's text; `incoming`: the authority the JNE list names to take office on
/// 1 January of the fiscal year the DDC covers, when the list knows them.
pub fn layout_naming(
    loc: &Locales,
    row: &RequestRow,
    today: NaiveDate,
    incoming: Option<&str>,
) -> DdcLayout {
    let d = &row.data;
    let s = |v: Option<String>| v.unwrap_or_default();
    let t = |key: &str, args: &[(&str, Arg)]| loc.t_args(LANG, key, args);
    let name = format!(
        "{} {}",
        s(d.authority_names.as_ref().map(|v| v.to_string())),
        s(d.authority_surnames.as_ref().map(|v| v.to_string()))
    );
    let dni = s(d.authority_dni.as_ref().map(|v| v.to_string()));
    let date = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    let region = d
        .region_code
        .as_deref()
        .and_then(|c| Catalog::embedded().region_name(c))
        .unwrap_or_default();
    let entity = s(d.entity_name.as_ref().map(|v| v.to_string()));
    let district = d
        .ubigeo
        .as_ref()
        .and_then(|u| Catalog::embedded().district(u));
    let institution = institution(loc, row.access_type, district, &region, &entity);
    let elected_credential = || {
        t(
            "ddc-doc-credential-elected",
            &[(
                "credential",
                s(d.jne_credential.as_ref().map(|v| v.to_string())).into(),
            )],
        )
    };
    let (authority, credential, role_key) = match row.access_type {
        AccessType::Local => (
            t(
                "ddc-doc-authority-local",
                &[
                    ("institution", institution.clone().into()),
                    ("district", s(district.map(|x| x.name.clone())).into()),
                    ("province", s(district.map(|x| x.province.clone())).into()),
                    (
                        "department",
                        s(district.map(|x| x.department.clone())).into(),
                    ),
                ],
            ),
            elected_credential(),
            "ddc-doc-role-local",
        ),
        AccessType::Regional => (
            t(
                "ddc-doc-authority-regional",
                &[("institution", institution.clone().into())],
            ),
            elected_credential(),
            "ddc-doc-role-regional",
        ),
        AccessType::Other => (
            t(
                "ddc-doc-authority-other",
                &[("institution", institution.clone().into())],
            ),
            t(
                "ddc-doc-credential-other",
                &[(
                    "credential",
                    s(d.head_designation_doc.as_ref().map(|v| v.to_string())).into(),
                )],
            ),
            "ddc-doc-role-other",
        ),
    };
    let role = role_in_office(
        loc,
        &s(d.resp_position.as_ref().map(|v| v.to_string())),
        &s(d.resp_office.as_ref().map(|v| v.to_string())),
    );
    let designation_args = |extra: Vec<(&'static str, Arg)>| {
        let mut args: Vec<(&str, Arg)> = vec![
            ("date", s(d.resp_designation_date.map(date)).into()),
            ("role", role.clone().into()),
            ("institution", institution.clone().into()),
        ];
        args.extend(extra);
        args
    };
    let designation = match row.access_type {
        AccessType::Local => t("ddc-doc-designation-local", &designation_args(vec![])),
        AccessType::Regional => t("ddc-doc-designation-regional", &designation_args(vec![])),
        AccessType::Other => {
            let rof = match &d.rof_doc {
                Some(r) => t("ddc-doc-rof", &[("rof", r.to_string().into())]),
                None => String::new(),
            };
            t(
                "ddc-doc-designation-other",
                &designation_args(vec![("rof", rof.into())]),
            )
        }
    };
    // Where the authority signs: the district's name, else the region's; a line to
    // fill in by hand when neither is known (an entity without a place on record).
    let place = district
        .map(|x| x.name.clone())
        .or_else(|| (!region.is_empty()).then(|| region.clone()))
        .unwrap_or_else(|| t("ddc-doc-place-blank", &[]));
    let place_date = t(
        "ddc-doc-place-date",
        &[
            ("place", place.into()),
            ("day", i64::from(today.day()).into()),
            (
                "month",
                t(&format!("ddc-doc-month-{}", today.month()), &[]).into(),
            ),
            ("year", i64::from(today.year()).into()),
        ],
    );
    DdcLayout {
        title: t("ddc-doc-title", &[]),
        code: row.code.clone(),
        paragraphs: vec![
            t(
                "ddc-doc-intro",
                &[
                    ("name", name.clone().into()),
                    ("authority", authority.into()),
                    ("dni", dni.clone().into()),
                    ("credential", credential.into()),
                    ("access", row.access_type.as_str().into()),
                ],
            ),
            t("ddc-doc-commitment", &[]),
            designation,
        ],
        table_headers: ["names", "surnames", "dni", "email", "phone"]
            .iter()
            .map(|h| t(&format!("ddc-doc-header-{h}"), &[]))
            .collect(),
        table_row: vec![
            s(d.resp_names.as_ref().map(|v| v.to_string())),
            s(d.resp_surnames.as_ref().map(|v| v.to_string())),
            s(d.resp_dni.as_ref().map(|v| v.to_string())),
            s(d.resp_email.as_ref().map(|v| v.to_string())),
            s(d.resp_phone.as_ref().map(|v| v.to_string())),
        ],
        closing: vec![
            t(
                "ddc-doc-validity",
                &[
                    ("year", i64::from(row.fiscal_year).into()),
                    ("access", row.access_type.as_str().into()),
                ],
            ),
            t(
                "ddc-doc-return",
                &[
                    ("code", row.code.clone().into()),
                    (
                        "verification",
                        row.verification_code
                            .as_ref()
                            .map(|v| v.grouped())
                            .unwrap_or_default()
                            .into(),
                    ),
                ],
            ),
            t("ddc-doc-conformity", &[]),
            place_date,
        ]
        .into_iter()
        .chain(incoming_authority(loc, row, today, incoming))
        .collect(),
        signature_lines: vec![
            t("ddc-doc-sign-name", &[("name", name.into())]),
            t("ddc-doc-sign-dni", &[("dni", dni.into())]),
            t("ddc-doc-sign-role", &[("role", t(role_key, &[]).into())]),
        ],
        seal_label: t("ddc-doc-seal", &[]),
        footer: t(
            "ddc-doc-footer",
            &[
                ("code", row.code.clone().into()),
                ("date", date(today).into()),
            ],
        ),
    }
}

/// A DDC made before the new authorities take office for a fiscal year they will
/// govern (a December renewal for 2027): who must sign it. The authority printed is
/// the one on record; the note says the one in office from that day signs, and that
/// a DDC signed by the outgoing one will be asked again. When the JNE list already
/// names the incoming authority (`incoming`), the note names them.
fn incoming_authority(
    loc: &Locales,
    row: &RequestRow,
    today: NaiveDate,
    incoming: Option<&str>,
) -> Option<String> {
    let on = crate::domain::jne::authorities_take_office(row.access_type, row.fiscal_year)?;
    (today < on).then(|| {
        let mut args: Vec<(&str, Arg)> = vec![
            ("year", i64::from(row.fiscal_year).into()),
            ("date", on.format("%d/%m/%Y").to_string().into()),
        ];
        let key = match incoming {
            Some(names) => {
                args.push(("names", names.to_owned().into()));
                "ddc-doc-incoming-authority-named"
            }
            None => "ddc-doc-incoming-authority",
        };
        loc.t_args(LANG, key, &args)
    })
}

/// The institution in full, as it signs: "Municipalidad Distrital de Acoria", or
/// "Municipalidad Provincial de Huancavelica" for a province's capital district (its
/// INEI code ends in 01: the provincial municipality governs that district), "Gobierno
/// Regional de Junín", or the entity's own name.
pub(crate) fn institution(
    loc: &Locales,
    access_type: AccessType,
    district: Option<&District>,
    region: &str,
    entity: &str,
) -> String {
    match access_type {
        AccessType::Local => match district {
            Some(d) if d.code.as_str().ends_with("01") => loc.t_args(
                LANG,
                "ddc-doc-institution-province",
                &[("province", d.province.clone().into())],
            ),
            Some(d) => loc.t_args(
                LANG,
                "ddc-doc-institution-district",
                &[("district", d.name.clone().into())],
            ),
            None => String::new(),
        },
        AccessType::Regional => loc.t_args(
            LANG,
            "ddc-doc-institution-regional",
            &[("region", region.to_owned().into())],
        ),
        AccessType::Other => entity.to_owned(),
    }
}

/// The responsible person's cargo with its office, "Jefe de OMAPED" rather than
/// "Jefe de OMAPED de OMAPED": the office is added only when the cargo does not
/// already name it (compared word by word, ignoring accents and case).
fn role_in_office(loc: &Locales, position: &str, office: &str) -> String {
    let (p, o) = (normalize(position), normalize(office));
    let names_office = !o.is_empty() && format!(" {p} ").contains(&format!(" {o} "));
    match (position.trim().is_empty(), office.trim().is_empty()) {
        (_, true) => position.trim().to_owned(),
        (true, false) => office.trim().to_owned(),
        (false, false) if names_office => position.trim().to_owned(),
        (false, false) => loc.t_args(
            LANG,
            "ddc-doc-role-in-office",
            &[
                ("position", position.trim().to_owned().into()),
                ("office", office.trim().to_owned().into()),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ubigeo::Ubigeo;

    #[test]
    fn the_cargo_names_its_office_once() {
        let loc = Locales::embedded().unwrap();
        let role = |p, o| role_in_office(&loc, p, o);
        assert_eq!(role("Jefe de OMAPED", "OMAPED"), "Jefe de OMAPED");
        assert_eq!(role("Jefa de la Omaped", "OMAPED"), "Jefa de la Omaped");
        assert_eq!(
            role("Subgerente", "Subgerencia de Programas Sociales"),
            "Subgerente de Subgerencia de Programas Sociales"
        );
        assert_eq!(role("Responsable", ""), "Responsable");
        assert_eq!(role("", "OMAPED"), "OMAPED");
        // A word that merely contains the office's name is not the office.
        assert_eq!(
            role("Jefe de OMAPEDES", "OMAPED"),
            "Jefe de OMAPEDES de OMAPED"
        );
    }

    #[test]
    fn the_institution_is_named_in_full() {
        let loc = Locales::embedded().unwrap();
        let catalog = Catalog::embedded();
        let district = |code| catalog.district(&Ubigeo::parse(code).unwrap());
        assert_eq!(
            institution(&loc, AccessType::Local, district("090103"), "", ""),
            "Municipalidad Distrital de Acoria"
        );
        assert_eq!(
            institution(&loc, AccessType::Local, district("090101"), "", ""),
            "Municipalidad Provincial de Huancavelica"
        );
        assert_eq!(
            institution(&loc, AccessType::Regional, None, "Junín", ""),
            "Gobierno Regional de Junín"
        );
        assert_eq!(
            institution(&loc, AccessType::Other, None, "", "Beneficencia de Ejemplo"),
            "Beneficencia de Ejemplo"
        );
    }

    #[test]
    fn the_qr_link_opens_the_chat_the_request_came_from() {
        let v = VerificationCode::parse("ABCD-EFGH").unwrap();
        let code = "CTG-2026-000123";
        let both = LinkSettings {
            telegram_bot_username: "@contigo_bot".into(),
            whatsapp_number: "+51987000000".into(),
        };
        assert_eq!(
            upload_link(&both, "telegram", code, &v).as_deref(),
            Some("https://t.me/contigo_bot?start=CTG-2026-000123-ABCDEFGH")
        );
        assert_eq!(
            upload_link(&both, "whatsapp", code, &v).as_deref(),
            Some("https://wa.me/51987000000?text=CTG-2026-000123%20ABCD-EFGH")
        );
        // Only one channel configured: every DDC points there.
        let telegram_only = LinkSettings {
            whatsapp_number: String::new(),
            ..both
        };
        assert!(
            upload_link(&telegram_only, "whatsapp", code, &v)
                .is_some_and(|l| l.starts_with("https://t.me/"))
        );
        assert_eq!(
            upload_link(&LinkSettings::default(), "telegram", code, &v),
            None
        );
    }
}
