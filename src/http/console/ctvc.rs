//! The transparency committees' cases (CTVC) at a desk: UAC registers a
//! case of an oficio with its critical points, answers each point (fundado or
//! infundado, the actions taken and the improvements), and downloads the oficio's
//! matrix with the district's evidence (XLSX, PDF or CSV) — the same store and
//! report as the CLI's `ctvc add|answer|list` and `report ctvc`. Supervisors read.
//!
//! Bad input loses nothing: the form comes back filled in, with what to fix.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::auth::{Signed, csrf_ok};
use super::error::ConsoleError;
use super::views::{Banner, Console, FileKind, report_download};
use crate::domain::calendar::lima_date;
use crate::domain::policy::{self, Act, Record, Report, Who};
use crate::domain::ubigeo::{Catalog, Ubigeo};
use crate::domain::values::DocNumber;
use crate::services::reports::ctvc::{
    CtvcError, ctvc_document, ctvc_report, ctvc_title, record_reads,
};
use crate::store::ctvc::{self, Answered, CaseRow, NewCase};
use crate::store::personal_data::StaffReader;

use crate::store::{Conn, StoreError};

/// Longest critical point, action or improvement the console takes.
const MAX_TEXT: usize = 1000;

fn decide(signed: &Signed, act: Act) -> bool {
    let member = &signed.session.member;
    policy::decide(
        Who::Staff {
            id: member.id,
            roles: &member.roles,
        },
        act,
        Record::Report(Report::CtvcCases),
    )
    .allowed()
}

/// The policy's answer for the CTVC cases, as the error page when it is no.
fn allowed(signed: &Signed, act: Act) -> Result<(), ConsoleError> {
    match decide(signed, act) {
        true => Ok(()),
        false => Err(ConsoleError::Refused("console-ctvc-refused")),
    }
}

/// Whitespace collapsed; `None` when empty, too long or with control characters.
fn text(s: &str) -> Option<String> {
    let tidy = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let fine =
        !tidy.is_empty() && tidy.chars().count() <= MAX_TEXT && !tidy.chars().any(char::is_control);
    fine.then_some(tidy)
}

fn district_name(ubigeo: &str) -> String {
    Ubigeo::parse(ubigeo)
        .ok()
        .and_then(|code| {
            Catalog::embedded()
                .district(&code)
                .map(|d| format!("{} ({}, {})", d.name, d.province, d.department))
        })
        .unwrap_or_else(|| ubigeo.to_owned())
}

#[derive(Debug, Serialize)]
struct CaseLine {
    id: i64,
    number: String,
    oficio: String,
    date: String,
    district: String,
    points: usize,
    answered: usize,
}

fn case_line(case: &CaseRow) -> CaseLine {
    CaseLine {
        id: case.id,
        number: case.case_number.clone(),
        oficio: case.oficio.clone(),
        date: case.received_on.format("%d/%m/%Y").to_string(),
        district: district_name(&case.ubigeo),
        points: case.points.len(),
        answered: case.points.iter().filter(|p| p.founded.is_some()).count(),
    }
}

/// The registration form as sent.
#[derive(Debug, Deserialize)]
pub struct CaseForm {
    #[serde(default)]
    csrf: String,
    /// The page's one-time form token.
    #[serde(default)]
    once: String,
    #[serde(flatten)]
    typed: CaseDraft,
}

/// What was typed in the registration form, put back after a refusal.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct CaseDraft {
    #[serde(default)]
    caso: String,
    #[serde(default)]
    oficio: String,
    #[serde(default)]
    fecha: String,
    #[serde(default)]
    ubigeo: String,
    #[serde(default)]
    puntos: String,
}

/// `GET /console/ctvc`: the cases, newest oficio first, and the registration form.
/// After a refused registration, the form comes back filled in.
pub async fn list(State(c): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    allowed(&signed, Act::SeePersonalData)?;
    let form: CaseDraft = signed.draft().unwrap_or_default();
    let lang = signed.lang;
    // Pure reads: beside the writer, never waiting for it (SQLite WAL).
    let mut conn = c.app.store.read.acquire().await?;
    let cases = ctvc::list(&mut conn).await?;
    let lines: Vec<CaseLine> = cases.iter().map(case_line).collect();
    let mut oficios: Vec<String> = cases.iter().map(|c| c.oficio.clone()).collect();
    oficios.dedup();
    Ok(c.page(
        StatusCode::OK,
        lang,
        "ctvc.html",
        Some(&signed.viewer),
        context! {
            cases => Value::from(Serde(&lines)),
            oficios => oficios,
            may_act => decide(&signed, Act::Act),
            form => Value::from(Serde(&form)),
        },
    ))
}

/// `POST /console/ctvc`: registers a case and its points (one per line), answered
/// with a redirect (Post/Redirect/Get): to the case, or back to the form, filled in,
/// with what to fix.
pub async fn register(
    State(c): State<Console>,
    signed: Signed,
    Form(form): Form<CaseForm>,
) -> Result<Response, ConsoleError> {
    if !csrf_ok(&signed, &form.csrf) {
        return Err(ConsoleError::Csrf);
    }
    let nonce = c.form_nonce(&signed, &form.once, LIST)?;
    allowed(&signed, Act::Act)?;
    let lang = signed.lang;
    let typed = &form.typed;
    let case_number = DocNumber::parse(&typed.caso);
    let oficio = DocNumber::parse(&typed.oficio);
    let date = NaiveDate::parse_from_str(typed.fecha.trim(), "%Y-%m-%d");
    let district = Ubigeo::parse(&typed.ubigeo)
        .ok()
        .filter(|code| Catalog::embedded().district(code).is_some());
    let points: Vec<Option<String>> = typed
        .puntos
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(text)
        .collect();
    let today = lima_date(c.app.clock.now());
    let points: Option<Vec<String>> = points.into_iter().collect();
    let checked = match (case_number, oficio, date, district, points) {
        (Err(_), ..) => Err("console-ctvc-case-invalid"),
        (_, Err(_), ..) => Err("console-ctvc-oficio-invalid"),
        (_, _, Err(_), ..) => Err("console-ctvc-date-invalid"),
        (_, _, Ok(d), ..) if d > today => Err("console-ctvc-date-invalid"),
        (_, _, _, None, _) => Err("console-ctvc-ubigeo-invalid"),
        (_, _, _, _, None) => Err("console-ctvc-points-invalid"),
        (_, _, _, _, Some(p)) if p.is_empty() => Err("console-ctvc-points-invalid"),
        (Ok(case), Ok(oficio), Ok(date), Some(district), Some(points)) => {
            Ok((case, oficio, date, district, points))
        }
    };
    let (case_number, oficio, date, district, points) = match checked {
        Ok(x) => x,
        Err(key) => {
            let banner = Banner::problem(c.t(lang, key, &[]));
            return c.back(&signed, LIST, banner, typed).await;
        }
    };
    let mut tx = c.app.store.begin().await?;
    if !c.spend_form(&mut tx, &signed, nonce).await? {
        return c.already_sent_after(tx, &signed, LIST).await;
    }
    let new = NewCase {
        case_number: case_number.as_str(),
        oficio: oficio.as_str(),
        received_on: date,
        ubigeo: district.as_str(),
        points: &points,
    };
    let added = ctvc::add(&mut tx, &new, c.app.clock.unix()).await?;
    tx.commit().await.map_err(StoreError::from)?;
    match added {
        Some(id) => {
            let text = c.t(
                lang,
                "console-ctvc-registered",
                &[
                    ("case", case_number.as_str().into()),
                    ("count", points.len().into()),
                ],
            );
            let to = format!("{LIST}/{id}");
            c.redirect(&signed, &to, Banner::done(text)).await
        }
        None => {
            let text = c.t(
                lang,
                "console-ctvc-exists",
                &[("case", case_number.as_str().into())],
            );
            c.back(&signed, LIST, Banner::problem(text), typed).await
        }
    }
}

#[derive(Debug, Serialize)]
struct PointView {
    position: i64,
    fact: String,
    /// "fundado", "infundado" or "".
    answer: &'static str,
    actions: String,
    improvements: String,
}

async fn find(conn: &mut Conn, id: i64) -> Result<Option<CaseRow>, StoreError> {
    Ok(ctvc::list(conn).await?.into_iter().find(|c| c.id == id))
}

/// `GET /console/ctvc/{id}`: a case, its points and their answers.
/// After a refused answer, what was typed is put back in its point's boxes (bad
/// input loses nothing).
pub async fn case(
    State(c): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
) -> Result<Response, ConsoleError> {
    allowed(&signed, Act::SeePersonalData)?;
    let lang = signed.lang;
    let typed: Option<AnswerDraft> = signed.draft();
    // Pure reads: beside the writer, never waiting for it (SQLite WAL).
    let mut conn = c.app.store.read.acquire().await?;
    let case = find(&mut conn, id)
        .await?
        .ok_or(ConsoleError::NotFound("console-ctvc-not-found"))?;
    let points: Vec<PointView> = case
        .points
        .iter()
        .map(|p| PointView {
            position: p.position,
            fact: p.fact.clone(),
            answer: match p.founded {
                Some(true) => "fundado",
                Some(false) => "infundado",
                None => "",
            },
            actions: p.actions.clone().unwrap_or_default(),
            improvements: p.improvements.clone().unwrap_or_default(),
        })
        .map(|view| match &typed {
            Some(form) if form.position == view.position => PointView {
                answer: match form.answer.as_str() {
                    "fundado" => "fundado",
                    "infundado" => "infundado",
                    _ => "",
                },
                actions: form.actions.clone(),
                improvements: form.improvements.clone(),
                ..view
            },
            _ => view,
        })
        .collect();
    Ok(c.page(
        StatusCode::OK,
        lang,
        "ctvc_case.html",
        Some(&signed.viewer),
        context! {
            case => Value::from(Serde(&case_line(&case))),
            points => Value::from(Serde(&points)),
            may_act => decide(&signed, Act::Act),
            max_text => MAX_TEXT,
        },
    ))
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    csrf: String,
    /// The page's one-time form token.
    #[serde(default)]
    once: String,
    #[serde(flatten)]
    typed: AnswerDraft,
}

/// What was typed to answer a point, put back in its boxes after a refusal.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct AnswerDraft {
    /// The point it answers (from the address).
    #[serde(default)]
    position: i64,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    actions: String,
    #[serde(default)]
    improvements: String,
}

/// `POST /console/ctvc/{id}/points/{n}`: answers (or corrects) one point, answered
/// with a redirect to the case (Post/Redirect/Get).
pub async fn answer(
    State(c): State<Console>,
    signed: Signed,
    Path((id, position)): Path<(i64, i64)>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, ConsoleError> {
    if !csrf_ok(&signed, &form.csrf) {
        return Err(ConsoleError::Csrf);
    }
    let here = format!("{LIST}/{id}");
    let nonce = c.form_nonce(&signed, &form.once, &here)?;
    allowed(&signed, Act::Act)?;
    let lang = signed.lang;
    let typed = AnswerDraft {
        position,
        ..form.typed
    };
    let founded = match typed.answer.as_str() {
        "fundado" => Some(true),
        "infundado" => Some(false),
        _ => None,
    };
    let (Some(founded), Some(actions), Some(improvements)) =
        (founded, text(&typed.actions), text(&typed.improvements))
    else {
        let text = c.t(
            lang,
            "console-ctvc-answer-invalid",
            &[("point", position.into())],
        );
        return c.back(&signed, &here, Banner::problem(text), &typed).await;
    };
    let mut tx = c.app.store.begin().await?;
    if !c.spend_form(&mut tx, &signed, nonce).await? {
        return c.already_sent_after(tx, &signed, &here).await;
    }
    let case = find(&mut tx, id)
        .await?
        .ok_or(ConsoleError::NotFound("console-ctvc-not-found"))?;
    let answered = ctvc::answer(
        &mut tx,
        &case.case_number,
        position,
        founded,
        &actions,
        &improvements,
        c.app.clock.unix(),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    let banner = match answered {
        Answered::Done => {
            Banner::done(c.t(lang, "console-ctvc-answered", &[("point", position.into())]))
        }
        Answered::NoPoint(n) => Banner::problem(c.t(
            lang,
            "console-ctvc-no-point",
            &[("point", position.into()), ("count", n.into())],
        )),
        Answered::NoCase => return Err(ConsoleError::NotFound("console-ctvc-not-found")),
    };
    c.redirect(&signed, &here, banner).await
}

/// The CTVC cases' address.
const LIST: &str = "/console/ctvc";

#[derive(Debug, Deserialize)]
pub struct MatrixQuery {
    #[serde(default)]
    oficio: String,
    #[serde(default)]
    format: String,
}

/// `GET /console/ctvc/matrix?oficio=…&format=xlsx|pdf|csv`: the oficio's matrix with
/// the districts' evidence (responsibles' names, masked DNIs): each access it lists is
/// recorded as read, like a report sent to a chat.
pub async fn matrix(
    State(c): State<Console>,
    signed: Signed,
    Query(q): Query<MatrixQuery>,
) -> Result<Response, ConsoleError> {
    allowed(&signed, Act::SeePersonalData)?;
    let lang = signed.lang;
    let Some((_, kind)) = FileKind::of_file(&format!("matrix.{}", q.format.trim()), true) else {
        let text = c.t(lang, "console-ctvc-format-invalid", &[]);
        return c.redirect(&signed, LIST, Banner::problem(text)).await;
    };
    let locales = &c.app.engine.locales;
    let member = &signed.session.member;
    let mut conn = c.app.store.pool.acquire().await?;
    let today = lima_date(c.app.clock.now());
    let report = match ctvc_report(&mut conn, q.oficio.trim(), today).await {
        Ok(report) => report,
        Err(CtvcError::NoOficio(_)) => {
            let text = c.t(lang, "console-ctvc-no-oficio", &[]);
            return c.redirect(&signed, LIST, Banner::problem(text)).await;
        }
        Err(CtvcError::Store(e)) => return Err(e.into()),
    };
    let reader = StaffReader::Console {
        staff_id: member.id,
    };
    record_reads(&mut conn, &report, reader, c.app.clock.unix()).await?;
    let doc = ctvc_document(locales, lang, &report);
    let title = ctvc_title(locales, lang, &report.oficio);
    let name = c.t(
        lang,
        "file-name-ctvc-matrix",
        &[("oficio", report.oficio.clone().into())],
    );
    report_download(&doc, kind, &title, &name)
}
