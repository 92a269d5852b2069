//! `/console/coverage`: the districts of intervention with and without an access
//! for UAC and supervisors: the national figure, a bar per region
//! (`<meter>`, legible at 360 px without script or styles), the regions' table, one
//! region's districts on demand, the invitations' funnel, the accesses to train
//! (unused for a month or with no lesson taken), and the same document the
//! CLI writes (`report coverage`) as XLSX, CSV or PDF. Counts and places only.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::{Deserialize, Serialize};

use super::auth::Signed;
use super::error::ConsoleError;
use super::views::{Console, FileKind, report_download};
use crate::domain::calendar::lima_date;
use crate::domain::policy::{Report, Who};
use crate::services::coverage::{self, AreaCoverage, coverage_document, funnel, status_label};
use crate::services::lessons::{self, TrainingError};

#[derive(Debug, Default, Deserialize)]
pub struct RegionQuery {
    #[serde(default)]
    region: String,
}

#[derive(Debug, Serialize)]
struct AreaLine {
    code: String,
    name: String,
    districts: usize,
    active: usize,
    in_process: usize,
    ended: usize,
    none: usize,
    percent: String,
    value: f64,
    idle: [usize; 3],
}

impl AreaLine {
    fn of(a: &AreaCoverage) -> AreaLine {
        AreaLine {
            code: a.code.clone(),
            name: a.name.clone(),
            districts: a.districts,
            active: a.active,
            in_process: a.in_process,
            ended: a.ended,
            none: a.none,
            percent: format!("{:.1}", a.percent()),
            value: (a.percent() * 10.0).round() / 10.0,
            idle: a.idle,
        }
    }
}

#[derive(Debug, Serialize)]
struct DistrictLine {
    ubigeo: String,
    province: String,
    district: String,
    beneficiaries: i64,
    status: String,
    active: bool,
    idle: Option<i64>,
}

/// An access UAC should train (`services::lessons::to_train`).
#[derive(Debug, Serialize)]
struct TrainLine {
    code: String,
    place: String,
    why: String,
    lessons: i64,
    idle: Option<i64>,
}

#[derive(Debug, Serialize)]
struct FunnelLine {
    name: String,
    invited: usize,
    started: usize,
    signed: usize,
    active: usize,
}

/// Whether the member may see coverage (UAC, supervisors).
pub fn allowed(signed: &Signed) -> bool {
    signed.may_see(Report::Coverage)
}

const REFUSED: &str = "console-coverage-refused";

/// `GET /console/coverage?region=09`.
pub async fn view(
    State(c): State<Console>,
    signed: Signed,
    Query(q): Query<RegionQuery>,
) -> Result<Response, ConsoleError> {
    signed.require(Report::Coverage, REFUSED)?;
    let lang = signed.lang;
    let mut conn = c.app.store.read.acquire().await?;
    let cov = coverage::coverage(&mut conn, c.app.clock.unix()).await?;
    let funnel = funnel(&mut conn).await?;
    let member = &signed.session.member;
    let who = Who::Staff {
        id: member.id,
        roles: &member.roles,
    };
    let train = match lessons::to_train(&mut conn, who, c.app.clock.unix()).await {
        Ok(list) => list,
        Err(TrainingError::Store(e)) => return Err(e.into()),
        Err(TrainingError::Refused) => vec![],
    };
    drop(conn);
    let today = lima_date(c.app.clock.now());
    let locales = &c.app.engine.locales;
    let regions: Vec<AreaLine> = cov.regions.iter().map(AreaLine::of).collect();
    let national = AreaLine::of(&cov.national);
    let region = q.region.trim();
    let chosen = cov.regions.iter().find(|r| r.code == region);
    let districts: Vec<DistrictLine> = chosen
        .map(|r| {
            cov.districts
                .iter()
                .filter(|d| d.ubigeo.starts_with(&r.code))
                .map(|d| DistrictLine {
                    ubigeo: d.ubigeo.clone(),
                    province: d.province.clone(),
                    district: d.district.clone(),
                    beneficiaries: d.beneficiaries,
                    status: status_label(locales, lang, d.status),
                    active: d.status == coverage::Status::Active,
                    idle: d.idle_days,
                })
                .collect()
        })
        .unwrap_or_default();
    let funnel: Vec<FunnelLine> = funnel
        .iter()
        .map(|a| FunnelLine {
            name: if a.code.is_empty() {
                c.t(lang, "coverage-national", &[])
            } else {
                a.name.clone()
            },
            invited: a.invited,
            started: a.started,
            signed: a.ddc_signed,
            active: a.active,
        })
        .collect();
    let train: Vec<TrainLine> = train
        .iter()
        .map(|t| TrainLine {
            code: t.access.code.clone(),
            place: t.access.jurisdiction_label(),
            why: c.t(lang, t.why.message_key(), &[]),
            lessons: t.lessons,
            idle: t.idle_days,
        })
        .collect();
    Ok(c.page(
        StatusCode::OK,
        lang,
        "coverage.html",
        Some(&signed.viewer),
        context! {
            as_of => cov.data_date.unwrap_or(today).format("%d/%m/%Y").to_string(),
            national => Value::from(Serde(&national)),
            regions => Value::from(Serde(&regions)),
            region => chosen.map(|r| r.name.clone()),
            districts => Value::from(Serde(&districts)),
            funnel => Value::from(Serde(&funnel)),
            train => Value::from(Serde(&train)),
            train_days => lessons::IDLE_DAYS,
        },
    ))
}

/// `GET /console/coverage/cobertura.{xlsx,csv,pdf}`: the CLI's document.
pub async fn download(
    State(c): State<Console>,
    signed: Signed,
    Path(file): Path<String>,
) -> Result<Response, ConsoleError> {
    signed.require(Report::Coverage, REFUSED)?;
    let lang = signed.lang;
    let kind = FileKind::of_file(&file, true)
        .filter(|(stem, _)| *stem == "cobertura")
        .map(|(_, kind)| kind)
        .ok_or(ConsoleError::NotFound("console-download-unknown"))?;
    let cov = {
        let mut conn = c.app.store.read.acquire().await?;
        coverage::coverage(&mut conn, c.app.clock.unix()).await?
    };
    let today = lima_date(c.app.clock.now());
    let doc = coverage_document(&c.app.engine.locales, lang, &cov, today);
    let title = c.t(lang, "coverage-title", &[]);
    let stem = format!("cobertura-{}", today.format("%Y-%m-%d"));
    report_download(&doc, kind, &title, &stem)
}
