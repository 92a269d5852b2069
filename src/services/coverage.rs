//! Coverage (seed 001): for every district of intervention (a district
//! with beneficiaries in the current padrón, or in the operator's list), whether its
//! local government has an active access, one in process (at which stage), one that
//! ended (expired, superseded, lapsed, rejected) or none; coverage by province, region
//! and the country as seed 001 counts it (districts with an active access over
//! districts of intervention); active accesses unused for 30, 60 or 90 days. The
//! database groups the whole country in one statement (`store::coverage`); this
//! module names what it found and lays it out as tables for every front door.
//!
//! Counts and places only, no personal data: the policy still decides who sees it
//! (UAC and supervisors, `Report::Coverage`).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::documents::table::{Cell, ColumnChart, Document, Table};
use crate::domain::request::AccessType;
use crate::domain::stage::Stage;
use crate::domain::ubigeo::{Catalog, Ubigeo};
use crate::i18n::Locales;
use crate::store::{Conn, StoreError, coverage as store, padron};

/// The stages of a request in process, least advanced first (a district shows its
/// most advanced one).
pub const IN_PROCESS: [Stage; 7] = [
    Stage::Draft,
    Stage::AwaitingDdc,
    Stage::Observed,
    Stage::UacReview,
    Stage::LegalReview,
    Stage::DirectorAuthorization,
    Stage::AccountCreation,
];

/// The stages of an access or request that ended without a live access, least telling
/// first: an expired access says more than a rejected request.
pub const ENDED: [Stage; 4] = [
    Stage::Rejected,
    Stage::Lapsed,
    Stage::Superseded,
    Stage::Expired,
];

/// The idle thresholds the view counts, in days.
pub const IDLE_DAYS: [i64; 3] = [30, 60, 90];

const DAY: i64 = 86_400;

/// Where a district's local government stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    InProcess(Stage),
    Ended(Stage),
    None,
}

impl Status {
    /// Fluent id of the status's name.
    pub fn message_key(self) -> &'static str {
        match self {
            Status::Active => "coverage-status-active",
            Status::InProcess(_) => "coverage-status-process",
            Status::Ended(_) => "coverage-status-ended",
            Status::None => "coverage-status-none",
        }
    }

    /// The stage behind it, when it is not plain "active" or "none".
    pub fn stage(self) -> Option<Stage> {
        match self {
            Status::InProcess(s) | Status::Ended(s) => Some(s),
            _ => None,
        }
    }
}

/// One district of intervention.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictCoverage {
    pub ubigeo: String,
    pub region: String,
    pub province: String,
    pub district: String,
    pub beneficiaries: i64,
    pub status: Status,
    /// The active access's id.
    pub access_id: Option<i64>,
    /// Whole days since the active access was last used (or since it became active,
    /// when never used).
    pub idle_days: Option<i64>,
}

/// Counts for a region, a province or the country.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreaCoverage {
    /// The ubigeo prefix (2 digits a region, 4 a province; empty: the country).
    pub code: String,
    pub name: String,
    pub districts: usize,
    pub active: usize,
    pub in_process: usize,
    pub ended: usize,
    pub none: usize,
    /// Active accesses unused for at least 30, 60, 90 days.
    pub idle: [usize; 3],
}

impl AreaCoverage {
    /// Districts with an active access over districts of intervention, in percent.
    pub fn percent(&self) -> f64 {
        if self.districts == 0 {
            0.0
        } else {
            self.active as f64 * 100.0 / self.districts as f64
        }
    }

    fn add(&mut self, d: &DistrictCoverage) {
        self.districts += 1;
        match d.status {
            Status::Active => self.active += 1,
            Status::InProcess(_) => self.in_process += 1,
            Status::Ended(_) => self.ended += 1,
            Status::None => self.none += 1,
        }
        if let Some(idle) = d.idle_days {
            for (n, days) in self.idle.iter_mut().zip(IDLE_DAYS) {
                if idle >= days {
                    *n += 1;
                }
            }
        }
    }
}

/// The whole view.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// The padrón's "datos al" (None before the first import).
    pub data_date: Option<NaiveDate>,
    pub districts: Vec<DistrictCoverage>,
    pub provinces: Vec<AreaCoverage>,
    pub regions: Vec<AreaCoverage>,
    pub national: AreaCoverage,
}

impl Coverage {
    /// The districts whose local government has no access, active or in process.
    pub fn uncovered(&self) -> impl Iterator<Item = &DistrictCoverage> {
        self.districts
            .iter()
            .filter(|d| matches!(d.status, Status::None | Status::Ended(_)))
    }
}

fn names(code: &str) -> (String, String, String) {
    let catalog = Catalog::embedded();
    match Ubigeo::parse(code)
        .ok()
        .and_then(|u| catalog.district(&u).cloned())
    {
        Some(d) => (d.department, d.province, d.name),
        None => {
            let region = catalog
                .region_name(code.get(..2).unwrap_or(""))
                .unwrap_or_else(|| "—".into());
            (region, "—".into(), code.to_owned())
        }
    }
}

/// Coverage now (`now`: unix seconds, for the idle days).
pub async fn coverage(conn: &mut Conn, now: i64) -> Result<Coverage, StoreError> {
    let process: Vec<&str> = IN_PROCESS.iter().map(|s| s.as_str()).collect();
    let ended: Vec<&str> = ENDED.iter().map(|s| s.as_str()).collect();
    let rows = store::districts(
        conn,
        AccessType::Local.as_str(),
        Stage::Active.as_str(),
        &process,
        &ended,
    )
    .await?;
    let data_date = padron::current(conn).await?.map(|s| s.data_date);
    let pick = |order: &[Stage], rank: i64| {
        usize::try_from(rank - 1)
            .ok()
            .and_then(|i| order.get(i).copied())
    };
    let districts: Vec<DistrictCoverage> = rows
        .into_iter()
        .map(|r| {
            let status = if r.active_id.is_some() {
                Status::Active
            } else if let Some(s) = pick(&IN_PROCESS, r.process_rank) {
                Status::InProcess(s)
            } else if let Some(s) = pick(&ENDED, r.ended_rank) {
                Status::Ended(s)
            } else {
                Status::None
            };
            let idle_days = r
                .active_id
                .and(r.last_used_at.or(r.activated_at))
                .map(|at| ((now - at) / DAY).max(0));
            let (region, province, district) = names(&r.ubigeo);
            DistrictCoverage {
                ubigeo: r.ubigeo,
                region,
                province,
                district,
                beneficiaries: r.beneficiaries,
                status,
                access_id: r.active_id,
                idle_days,
            }
        })
        .collect();
    Ok(summarise(data_date, districts))
}

/// Rolls districts up into provinces, regions and the country.
pub fn summarise(data_date: Option<NaiveDate>, districts: Vec<DistrictCoverage>) -> Coverage {
    let mut provinces: BTreeMap<String, AreaCoverage> = BTreeMap::new();
    let mut regions: BTreeMap<String, AreaCoverage> = BTreeMap::new();
    let mut national = AreaCoverage::default();
    for d in &districts {
        let code = |n: usize| d.ubigeo.get(..n).unwrap_or("").to_owned();
        provinces
            .entry(code(4))
            .or_insert_with(|| AreaCoverage {
                code: code(4),
                name: format!("{} ({})", d.province, d.region),
                ..AreaCoverage::default()
            })
            .add(d);
        regions
            .entry(code(2))
            .or_insert_with(|| AreaCoverage {
                code: code(2),
                name: d.region.clone(),
                ..AreaCoverage::default()
            })
            .add(d);
        national.add(d);
    }
    Coverage {
        data_date,
        districts,
        provinces: provinces.into_values().collect(),
        regions: regions.into_values().collect(),
        national,
    }
}

/// A district's status as a person reads it: "En trámite: Revisión UAC".
pub fn status_label(locales: &Locales, lang: &str, status: Status) -> String {
    let name = locales.t(lang, status.message_key());
    match status.stage() {
        Some(stage) => format!("{name}: {}", locales.t(lang, stage.message_key())),
        None => name,
    }
}

/// The view's title with its "datos al" (the padrón's date, or `today` before any
/// padrón).
pub fn coverage_title(locales: &Locales, lang: &str, c: &Coverage, today: NaiveDate) -> String {
    locales.t_args(
        lang,
        "sheet-title",
        &[
            ("title", locales.t(lang, "coverage-title").into()),
            (
                "date",
                c.data_date
                    .unwrap_or(today)
                    .format("%d/%m/%Y")
                    .to_string()
                    .into(),
            ),
        ],
    )
}

fn count(n: usize) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn area_table(locales: &Locales, lang: &str, name_key: &str, areas: &[&AreaCoverage]) -> Table {
    let mut table = Table::localized(
        locales,
        lang,
        name_key,
        &[
            "coverage-col-area",
            "coverage-col-districts",
            "coverage-col-active",
            "coverage-col-process",
            "coverage-col-ended",
            "coverage-col-none",
            "coverage-col-percent",
            "coverage-col-idle-30",
            "coverage-col-idle-60",
            "coverage-col-idle-90",
        ],
    );
    for a in areas {
        table.push(vec![
            Cell::Text(a.name.clone()),
            count(a.districts),
            count(a.active),
            count(a.in_process),
            count(a.ended),
            count(a.none),
            Cell::Num(a.percent(), 1),
            count(a.idle[0]),
            count(a.idle[1]),
            count(a.idle[2]),
        ]);
    }
    table
}

/// The view as tables: by region (the national total last, a chart of the
/// percentages), by province, every district, the idle accesses.
pub fn coverage_document(
    locales: &Locales,
    lang: &str,
    c: &Coverage,
    today: NaiveDate,
) -> Document {
    let mut national = c.national.clone();
    national.name = locales.t(lang, "coverage-national");
    let mut regions: Vec<&AreaCoverage> = c.regions.iter().collect();
    regions.push(&national);
    let mut by_region = area_table(locales, lang, "coverage-sheet-regions", &regions);
    by_region.chart = Some(ColumnChart {
        full: Some(100.0),
        title: locales.t(lang, "coverage-chart-title"),
        labels: 0,
        values: 6,
    });
    let provinces: Vec<&AreaCoverage> = c.provinces.iter().collect();
    let by_province = area_table(locales, lang, "coverage-sheet-provinces", &provinces);
    let mut districts = Table::localized(
        locales,
        lang,
        "coverage-sheet-districts",
        &[
            "coverage-col-ubigeo",
            "coverage-col-region",
            "coverage-col-province",
            "coverage-col-district",
            "coverage-col-beneficiaries",
            "coverage-col-status",
            "coverage-col-idle-days",
        ],
    );
    let mut idle = Table::localized(
        locales,
        lang,
        "coverage-sheet-idle",
        &[
            "coverage-col-ubigeo",
            "coverage-col-region",
            "coverage-col-province",
            "coverage-col-district",
            "coverage-col-idle-days",
        ],
    );
    for d in &c.districts {
        let place = || {
            vec![
                Cell::Text(d.ubigeo.clone()),
                Cell::Text(d.region.clone()),
                Cell::Text(d.province.clone()),
                Cell::Text(d.district.clone()),
            ]
        };
        let mut row = place();
        row.push(Cell::Int(d.beneficiaries));
        row.push(Cell::Text(status_label(locales, lang, d.status)));
        row.push(Cell::opt(d.idle_days, Cell::Int));
        districts.push(row);
        if let Some(days) = d.idle_days.filter(|n| *n >= IDLE_DAYS[0]) {
            let mut row = place();
            row.push(Cell::Int(days));
            idle.push(row);
        }
    }
    Document::new(
        vec![coverage_title(locales, lang, c, today)],
        vec![by_region, by_province, districts, idle],
    )
}

/// The invitations' funnel of a region (or the country: empty code).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunnelArea {
    pub code: String,
    pub name: String,
    /// Districts invited at least once.
    pub invited: usize,
    /// Of those, districts where a request started after the first invitation.
    pub started: usize,
    /// … whose signed DDC came back.
    pub ddc_signed: usize,
    /// … whose access became active.
    pub active: usize,
}

/// The funnel invited → request started → DDC signed → active, by region, the
/// national total last (named by the caller).
pub async fn funnel(conn: &mut Conn) -> Result<Vec<FunnelArea>, StoreError> {
    let rows = store::funnel(
        conn,
        AccessType::Local.as_str(),
        Stage::AwaitingDdc.as_str(),
        Stage::Active.as_str(),
    )
    .await?;
    let mut regions: BTreeMap<String, FunnelArea> = BTreeMap::new();
    let mut national = FunnelArea::default();
    for r in &rows {
        let code = r.ubigeo.get(..2).unwrap_or("").to_owned();
        let region = regions.entry(code.clone()).or_insert_with(|| FunnelArea {
            name: Catalog::embedded()
                .region_name(&code)
                .unwrap_or_else(|| code.clone()),
            code,
            ..FunnelArea::default()
        });
        for area in [&mut *region, &mut national] {
            area.invited += 1;
            area.started += usize::from(r.started);
            area.ddc_signed += usize::from(r.ddc_signed);
            area.active += usize::from(r.active);
        }
    }
    let mut out: Vec<FunnelArea> = regions.into_values().collect();
    out.push(national);
    Ok(out)
}

/// The funnel's title with its date.
pub fn funnel_title(locales: &Locales, lang: &str, today: NaiveDate) -> String {
    locales.t_args(
        lang,
        "sheet-title",
        &[
            ("title", locales.t(lang, "invite-funnel-title").into()),
            ("date", today.format("%d/%m/%Y").to_string().into()),
        ],
    )
}

/// The funnel as a table (the last line, the country).
pub fn funnel_document(
    locales: &Locales,
    lang: &str,
    areas: &[FunnelArea],
    notes: Vec<String>,
) -> Document {
    let mut table = Table::localized(
        locales,
        lang,
        "invite-funnel-sheet",
        &[
            "coverage-col-region",
            "invite-col-invited",
            "invite-col-started",
            "invite-col-signed",
            "invite-col-active",
        ],
    );
    for a in areas {
        let name = if a.code.is_empty() {
            locales.t(lang, "coverage-national")
        } else {
            a.name.clone()
        };
        table.push(vec![
            Cell::Text(name),
            count(a.invited),
            count(a.started),
            count(a.ddc_signed),
            count(a.active),
        ]);
    }
    Document::new(notes, vec![table])
}

/// Which districts to invite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteTarget {
    /// Every district of intervention of the region (2-digit code) without an access,
    /// active or in process.
    Region(String),
    /// One district (6-digit ubigeo), whatever its status.
    District(String),
}

/// The letters for `target`, each recorded as an invitation sent by `sent_by` on
/// `channel` at `now` (in the caller's transaction: a letter exists only if its
/// record does).
#[allow(clippy::too_many_arguments)] // the front door's context, each needed once
pub async fn invite(
    conn: &mut Conn,
    locales: &Locales,
    links: &crate::config::LinkSettings,
    target: &InviteTarget,
    sent_by: &str,
    channel: &str,
    now: i64,
    today: NaiveDate,
) -> Result<Vec<crate::documents::invitation::Letter>, StoreError> {
    let catalog = Catalog::embedded();
    let c = coverage(conn, now).await?;
    let chosen: Vec<(String, i64)> = match target {
        InviteTarget::Region(code) => c
            .uncovered()
            .filter(|d| d.ubigeo.starts_with(code.as_str()))
            .map(|d| (d.ubigeo.clone(), d.beneficiaries))
            .collect(),
        InviteTarget::District(code) => vec![(
            code.clone(),
            c.districts
                .iter()
                .find(|d| &d.ubigeo == code)
                .map_or(0, |d| d.beneficiaries),
        )],
    };
    let mut letters = vec![];
    for (code, beneficiaries) in chosen {
        let Some(district) = Ubigeo::parse(&code).ok().and_then(|u| catalog.district(&u)) else {
            continue;
        };
        let listed = crate::store::jne::listed(conn, std::slice::from_ref(&code)).await?;
        let mayor = listed
            .iter()
            .find(|a| a.cargo.starts_with("ALCALDE"))
            .map(|a| a.names.clone());
        letters.push(crate::documents::invitation::letter(
            locales,
            district,
            mayor.as_deref(),
            beneficiaries,
            links,
            today,
        ));
        store::record_invitation(conn, &code, channel, sent_by, now).await?;
    }
    Ok(letters)
}

/// Why the e-mail version of the letters could not be made.
#[derive(Debug, thiserror::Error)]
pub enum InviteEmailError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Document(#[from] crate::documents::DocumentError),
}

/// The institutional address a district's local government left on its latest
/// request that has one (an access that ended, a request that lapsed), if any.
pub async fn known_address(conn: &mut Conn, ubigeo: &str) -> Result<Option<String>, StoreError> {
    let rows = crate::store::requests::all_in(conn, AccessType::Local, ubigeo).await?;
    Ok(rows
        .iter()
        .rev()
        .find_map(|r| r.data.authority_institutional_email.as_ref())
        .map(|e| e.as_str().to_owned()))
}

/// The e-mail version of `letters`: each letter whose district has a known
/// institutional address ([`known_address`]) becomes a one-page PDF in the file
/// store, is recorded as an invitation by e-mail from `sent_by`, and is returned as
/// the event the notifier sends (in the caller's transaction).
pub async fn email_letters(
    conn: &mut Conn,
    files: &crate::store::files::FileStore,
    letters: &[crate::documents::invitation::Letter],
    title: &str,
    sent_by: &str,
    now: i64,
) -> Result<Vec<crate::events::Event>, InviteEmailError> {
    let catalog = Catalog::embedded();
    let mut events = vec![];
    for letter in letters {
        let Some(address) = known_address(conn, &letter.ubigeo).await? else {
            continue;
        };
        let pdf =
            crate::documents::invitation::render_letters(std::slice::from_ref(letter), title)?;
        let sha = files.put(&pdf).await?;
        crate::store::files::register(conn, &sha, "application/pdf", pdf.len(), now).await?;
        store::record_invitation(conn, &letter.ubigeo, "email", sent_by, now).await?;
        let district = Ubigeo::parse(&letter.ubigeo)
            .ok()
            .and_then(|u| catalog.district(&u).map(|d| d.label()))
            .unwrap_or_else(|| letter.ubigeo.clone());
        events.push(crate::events::Event::DistrictInvited {
            ubigeo: letter.ubigeo.clone(),
            district,
            address,
            letter_sha256: sha,
        });
    }
    Ok(events)
}
