//! The Telegram Mini App (docs/ARCHITECTURE.md, `/webapp/`): the whole registration form on one
//! screen. The page is one light HTML file (CSS and ES5 script inside, no framework)
//! built from the form's one definition (`domain::form`) in the user's language. What
//! it sends is believed only with Telegram's `initData` signature
//! (`channels::telegram::verify_init_data`) and only for a chat that is registering;
//! a form that passes the chat's parsers is stored as the chat's next event, so the
//! chat applies it in order, again with the same parsers, and shows the review step.

use std::collections::BTreeMap;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::{Environment, context};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::app::App;
use crate::channels::telegram::{
    InitDataError, MINI_APP_EVENT, MiniAppAnswers, MiniAppForm, WebAppUser, verify_init_data,
};
use crate::conversation::{JNE_AUTHORITY, ally_form_pending, apply_form, registration_draft};
use crate::domain::form::{self, InputKind};
use crate::domain::padron::{
    ALERT, AlertKind, AllyField, AllyInput, FAD, MAX_DESCRIPTION, parse_alert_form, parse_fad_form,
};
use crate::domain::request::{AccessType, Field, RequestData};
use crate::domain::ubigeo::Catalog;
use crate::i18n::Arg;
use crate::message::Channel;
use crate::message::ChatRef;
use subtle::ConstantTimeEq;

const PAGE: &str = include_str!("form.html");
const STYLE: &str = include_str!("form.css");
const SCRIPT: &str = include_str!("form.js");

/// How long a signed `initData` is believed: a form filled slowly on a rural
/// connection fits; an old one copied from somewhere does not.
pub const INIT_DATA_MAX_AGE_SECS: i64 = 60 * 60;

pub fn router(app: App) -> Router {
    Router::new()
        .route("/webapp/form", get(page))
        .route("/webapp/api/start", post(start))
        .route("/webapp/api/districts", get(districts))
        .route("/webapp/api/jne", post(jne))
        .route("/webapp/api/submit", post(submit))
        .route("/webapp/api/ally/{kind}/start", post(ally_start))
        .route("/webapp/api/ally/{kind}/submit", post(ally_submit))
        .with_state(app)
}

/// The longest DNI as people type it: 8 digits grouped with dots ("40.123.456").
const DNI_AS_TYPED: usize = 10;

#[derive(Deserialize)]
struct PageQuery {
    lang: Option<String>,
    /// A correction: only these fields (comma-separated names) are shown.
    fields: Option<String>,
    /// `fad` or `alert`: a bound ally's form instead of the request.
    kind: Option<String>,
}

/// One field as the page shows it.
#[derive(Serialize)]
struct PageField {
    name: &'static str,
    label: String,
    /// The label in the words of each access type, when they differ («Nombres de
    /// la autoridad» for a mayor or a governor, «Nombres del titular» for an entity's
    /// head): the page shows the chosen type's.
    labels: Vec<ByType>,
    kind: &'static str,
    max_len: usize,
    optional: bool,
    /// The access types whose form has it, space-separated (`local regional`).
    types: String,
    /// The HTML input type and the keyboard it brings up.
    input_type: &'static str,
    inputmode: &'static str,
    autocomplete: &'static str,
    options: Vec<PageOption>,
    /// What each access type fills in beforehand (OMAPED, OREDIS), as
    /// `type:value` pairs.
    suggestions: String,
}

/// A text in the words of some access types (space-separated `as_str` names).
#[derive(Serialize, Debug, PartialEq)]
struct ByType {
    types: String,
    text: String,
}

/// `text` of each of `types`, the types with the same wording together, in order.
fn by_type(types: &[AccessType], text: impl Fn(AccessType) -> String) -> Vec<ByType> {
    let mut out: Vec<ByType> = vec![];
    for ty in types {
        let text = text(*ty);
        match out.iter_mut().find(|b| b.text == text) {
            Some(same) => {
                same.types.push(' ');
                same.types.push_str(ty.as_str());
            }
            None => out.push(ByType {
                types: ty.as_str().to_owned(),
                text,
            }),
        }
    }
    out
}

#[derive(Serialize)]
struct PageOption {
    value: String,
    label: String,
}

/// Every field of every access type, in the order of the widest form (the table's).
fn all_fields() -> Vec<Field> {
    Field::all().collect()
}

fn page_fields(t: crate::i18n::Translate<'_>) -> Vec<PageField> {
    all_fields()
        .into_iter()
        .map(|f| {
            let def = f.def();
            let types: Vec<&str> = def.types.iter().map(|ty| ty.as_str()).collect();
            let spec = form::spec(f, None);
            let autocomplete = def.autocomplete;
            let (input_type, inputmode) = match spec.kind {
                InputKind::Dni => ("text", "numeric"),
                InputKind::Phone => ("tel", "tel"),
                InputKind::Email => ("email", "email"),
                InputKind::Date => ("date", "text"),
                _ => ("text", "text"),
            };
            let options = match &spec.kind {
                InputKind::Choice(opts) => opts
                    .iter()
                    .map(|o| PageOption {
                        value: o.value.to_owned(),
                        label: t(o.label, &[]),
                    })
                    .collect(),
                InputKind::Region => {
                    let catalog = Catalog::embedded();
                    catalog
                        .departments()
                        .into_iter()
                        .filter_map(|name| {
                            catalog.department_code(name).map(|code| PageOption {
                                value: code,
                                label: name.to_owned(),
                            })
                        })
                        .collect()
                }
                _ => vec![],
            };
            // One page for every access type: each type's label, shown once it
            // is chosen; the general words before.
            let label_of = |access_type: Option<AccessType>| {
                t(
                    spec.label,
                    &[
                        (
                            "authority",
                            Arg::from(t(form::authority_key(access_type), &[])),
                        ),
                        (
                            "access",
                            Arg::from(access_type.map_or("any", AccessType::as_str)),
                        ),
                    ],
                )
            };
            let labels = by_type(def.types, |ty| label_of(Some(ty)));
            PageField {
                name: f.as_str(),
                label: label_of(None),
                labels: if labels.len() > 1 { labels } else { vec![] },
                kind: spec.kind.as_str(),
                // A DNI may be typed grouped, as on the card ("40.123.456"): the
                // server's reader takes it.
                max_len: if spec.kind == InputKind::Dni {
                    DNI_AS_TYPED
                } else {
                    spec.max_len
                },
                optional: spec.optional,
                types: types.join(" "),
                input_type,
                inputmode,
                autocomplete,
                options,
                suggestions: AccessType::ALL
                    .into_iter()
                    .filter_map(|ty| {
                        form::spec(f, Some(ty))
                            .suggestion
                            .map(|v| format!("{}:{v}", ty.as_str()))
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect()
}

/// A FAD's or an alert's fields (`domain::padron::FAD`, `ALERT`), asked after the
/// person's DNI was found in the chat.
fn ally_fields(t: crate::i18n::Translate<'_>, fields: &[AllyField]) -> Vec<PageField> {
    fields
        .iter()
        .map(|f| {
            let (kind, input_type, options) = match f.input {
                AllyInput::Text => ("text", "text", vec![]),
                AllyInput::Phone => ("phone", "tel", vec![]),
                AllyInput::AlertKind => (
                    "choice",
                    "text",
                    AlertKind::ALL
                        .into_iter()
                        .map(|k| PageOption {
                            value: k.as_str().to_owned(),
                            label: t(&k.message_key(), &[]),
                        })
                        .collect(),
                ),
                AllyInput::Description => ("textarea", "text", vec![]),
            };
            PageField {
                name: f.id,
                label: t(f.label, &[]),
                labels: vec![],
                kind,
                max_len: f.max_len,
                optional: false,
                types: String::new(),
                input_type,
                inputmode: input_type,
                autocomplete: "off",
                options,
                suggestions: String::new(),
            }
        })
        .collect()
}

fn names(fields: &[AllyField]) -> String {
    fields.iter().map(|f| f.id).collect::<Vec<_>>().join(" ")
}

/// The page, in the language the chat asked for (`?lang=`); for a correction, with
/// just the fields it is about (`?fields=`).
async fn page(State(app): State<App>, Query(q): Query<PageQuery>) -> Response {
    let locales = &app.engine.locales;
    let lang = locales.pick(q.lang.as_deref());
    let t = |key: &str, args: &[(&str, Arg)]| {
        let mut args = args.to_vec();
        args.push(("channel", Arg::from("telegram")));
        locales.t_args(lang, key, &args)
    };
    let only: Vec<&'static str> = q
        .fields
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter_map(|name| Field::parse(name.trim()).map(Field::as_str))
        .collect();
    let fixing = !only.is_empty();
    let (fields, only, heading, intro, api) = if q.kind.as_deref() == Some("fad") {
        (
            ally_fields(&t, &FAD.fields()),
            names(&FAD.fields()),
            "webapp-fad-title",
            "webapp-fad-intro",
            "/webapp/api/ally/fad",
        )
    } else if q.kind.as_deref() == Some("alert") {
        (
            ally_fields(&t, &ALERT.fields()),
            names(&ALERT.fields()),
            "webapp-alert-title",
            "webapp-alert-intro",
            "/webapp/api/ally/alert",
        )
    } else if fixing {
        let only = only.join(" ");
        (
            page_fields(&t),
            only,
            "webapp-fix-title",
            "webapp-fix-intro",
            "/webapp/api",
        )
    } else {
        (
            page_fields(&t),
            String::new(),
            "webapp-title",
            "webapp-intro",
            "/webapp/api",
        )
    };
    let mut env = Environment::new();
    let rendered = env.add_template("form.html", PAGE).and_then(|()| {
        let text = |key: &str| t(key, &[]);
        env.get_template("form.html")?.render(context! {
            lang => lang,
            // A date picker stops at today: no designation date is later.
            max_date => crate::domain::calendar::lima_date(app.clock.now())
                .format("%Y-%m-%d")
                .to_string(),
            only => only,
            api => api,
            heading => text(heading),
            intro => text(intro),
            style => STYLE,
            script => SCRIPT,
            fields => minijinja::value::Serde(fields),
            // «La autoridad» of a mayor or a governor, «El titular de la entidad».
            authority_sections => minijinja::value::Serde(by_type(&AccessType::ALL, |ty| {
                t("webapp-authority-section", &[("access", Arg::from(ty.as_str()))])
            })),
            t => BTreeMap::from([
                ("title", text("webapp-title")),
                ("intro", text("webapp-intro")),
                ("optional", text("webapp-optional")),
                ("district_hint", text("webapp-district-hint")),
                ("region_pick", text("webapp-region-pick")),
                ("jne_yes", text("webapp-jne-yes")),
                ("submit", text("webapp-submit")),
                ("sending", text("webapp-sending")),
                ("loading", text("webapp-loading")),
                ("no_telegram", text("webapp-no-telegram")),
                ("offline", text("webapp-offline")),
                ("fix_errors", text("webapp-fix-errors")),
                ("no_results", text("webapp-no-results")),
                ("responsible_section", text("webapp-responsible-section")),
            ]),
        })
    });
    match rendered {
        Ok(html) => form_page(html),
        Err(e) => {
            tracing::error!(error = %e, "webapp page does not render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The form's page as Telegram shows it: in its own frame, cached a while (it holds
/// no personal data), with its own inline style and script, Telegram's script, and
/// calls to this server only.
fn form_page(html: String) -> Response {
    let mut response = (StatusCode::OK, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'unsafe-inline' https://telegram.org; \
             style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; \
             base-uri 'none'; form-action 'none'",
        ),
    );
    response
}

#[derive(Deserialize)]
struct Signed {
    init_data: String,
    #[serde(default)]
    district: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    answers: BTreeMap<String, String>,
    /// A FAD's or an alert's page: the token of the step it was opened for (`for`
    /// in its address).
    #[serde(default)]
    form: String,
}

/// A refusal the page shows as it is.
fn refusal(status: StatusCode, message: String) -> Response {
    (status, Json(serde_json::json!({ "message": message }))).into_response()
}

/// The verified user and their language, or the answer that refuses the request.
#[allow(clippy::result_large_err)]
fn verified(app: &App, init_data: &str) -> Result<(WebAppUser, &'static str), Response> {
    let locales = &app.engine.locales;
    let Some(token) = app.settings.secrets.telegram_bot_token.as_deref() else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    match verify_init_data(init_data, token, app.clock.unix(), INIT_DATA_MAX_AGE_SECS) {
        Ok(user) => {
            let lang = locales.pick(user.language_code.as_deref());
            Ok((user, lang))
        }
        Err(e) => {
            tracing::warn!(error = %e, "mini app initData refused");
            let lang = locales.pick(None);
            let (status, key) = match e {
                InitDataError::Stale => (StatusCode::UNAUTHORIZED, "webapp-stale"),
                InitDataError::Missing | InitDataError::NoUser => {
                    (StatusCode::UNAUTHORIZED, "webapp-no-telegram")
                }
                InitDataError::Forged => (StatusCode::FORBIDDEN, "webapp-forged"),
            };
            Err(refusal(status, locales.t(lang, key)))
        }
    }
}

fn chat_of(user: &WebAppUser) -> ChatRef {
    ChatRef {
        channel: Channel::Telegram,
        chat_id: user.id.to_string(),
        lang_hint: user.language_code.clone(),
    }
}

/// The chat's draft, or the answer that says the chat is not registering.
async fn draft_of(app: &App, user: &WebAppUser, lang: &str) -> Result<RequestData, Response> {
    let mut conn = app.store.pool.acquire().await.map_err(|e| {
        tracing::error!(error = %e, "webapp: no database connection");
        StatusCode::SERVICE_UNAVAILABLE.into_response()
    })?;
    match registration_draft(&mut conn, &chat_of(user)).await {
        Ok(Some(data)) => Ok(data),
        Ok(None) => Err(refusal(
            StatusCode::CONFLICT,
            app.engine.locales.t(lang, "webapp-not-registering"),
        )),
        Err(e) => {
            tracing::error!(error = %e, "webapp: conversation unreadable");
            Err(StatusCode::SERVICE_UNAVAILABLE.into_response())
        }
    }
}

/// The verified user, their language and their chat's draft; or the answer that
/// refuses the request (a bad signature, or a chat that is not registering).
async fn registering(
    app: &App,
    init_data: &str,
) -> Result<(WebAppUser, &'static str, RequestData), Response> {
    let (user, lang) = verified(app, init_data)?;
    let data = draft_of(app, &user, lang).await?;
    Ok((user, lang, data))
}

/// The draft's answers as the page's fields take them, so what was answered in the
/// chat is there already.
fn values_of(data: &RequestData) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut put = |f: Field, v: Option<String>| {
        if let Some(v) = v {
            out.insert(f.as_str().to_owned(), v);
        }
    };
    // Each field as the page submits it (a district by its ubigeo).
    for f in all_fields() {
        put(f, (f.def().get)(data));
    }
    if let Some(d) = data
        .ubigeo
        .as_ref()
        .and_then(|u| Catalog::embedded().district(u))
    {
        out.insert("district_label".to_owned(), d.label());
    }
    out
}

/// The page opens: who is registering, and what the chat has already.
async fn start(State(app): State<App>, Json(body): Json<Signed>) -> Response {
    let (_, _, data) = match registering(&app, &body.init_data).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    Json(serde_json::json!({ "values": values_of(&data) })).into_response()
}

#[derive(Deserialize)]
struct DistrictQuery {
    q: String,
}

/// District search over the INEI catalog (public data): at most a few candidates.
async fn districts(Query(q): Query<DistrictQuery>) -> Response {
    let catalog = Catalog::embedded();
    let found: Vec<serde_json::Value> = form::find_districts(catalog, &q.q, &[])
        .into_iter()
        .take(form::MAX_PICKS)
        .map(|d| serde_json::json!({ "code": d.code.as_str(), "label": d.label() }))
        .collect();
    Json(found).into_response()
}

/// The JNE list's authority for a district or region: shown with the DNI masked;
/// the page sends [`JNE_AUTHORITY`] and the server fills the authority itself.
async fn jne(State(app): State<App>, Json(body): Json<Signed>) -> Response {
    let (_, lang) = match verified(&app, &body.init_data) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut data = RequestData::default();
    let today = crate::domain::calendar::lima_date(app.clock.now());
    let applied = match (&body.district, &body.region) {
        (Some(d), _) => {
            form::set_access_type(&mut data, AccessType::Local);
            form::apply_answer(&mut data, Field::District, d, today)
        }
        (None, Some(r)) => {
            form::set_access_type(&mut data, AccessType::Regional);
            form::apply_answer(&mut data, Field::Region, r, today)
        }
        (None, None) => Err(form::FormError::Required),
    };
    if applied.is_err() {
        return Json(serde_json::json!({})).into_response();
    }
    let mut conn = match app.store.pool.acquire().await {
        Ok(c) => c,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    match crate::store::jne::prefill(&mut conn, &data).await {
        Ok(Some(listed)) => {
            let locales = &app.engine.locales;
            let authority = locales.t(lang, form::authority_key(data.access_type));
            let text = locales.t_args(
                lang,
                "jne-confirm",
                &[
                    ("authority", Arg::from(authority)),
                    ("name", Arg::from(listed.full_name())),
                    ("dni", Arg::from(listed.dni.masked())),
                ],
            );
            Json(serde_json::json!({ "text": text })).into_response()
        }
        Ok(None) => Json(serde_json::json!({})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "webapp: JNE lookup failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// The form, checked with the chat's parsers against the chat's draft: each field
/// that fails comes back with its message; a form that passes is stored as the
/// chat's next event (the chat applies it and shows the review step).
async fn submit(State(app): State<App>, Json(body): Json<Signed>) -> Response {
    let (user, lang, data) = match registering(&app, &body.init_data).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let locales = &app.engine.locales;
    let known = |k: &String| Field::parse(k).is_some() || k == JNE_AUTHORITY;
    let too_long = body.answers.iter().any(|(k, v)| {
        !known(k)
            || Field::parse(k).is_some_and(|f| v.chars().count() > 2 * form::spec(f, None).max_len)
    });
    if too_long {
        return refusal(
            StatusCode::BAD_REQUEST,
            locales.t(lang, "webapp-fix-errors"),
        );
    }
    let today = crate::domain::calendar::lima_date(app.clock.now());
    let mut conn = match app.store.pool.acquire().await {
        Ok(c) => c,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let (checked, errors) = match apply_form(&mut conn, data, &body.answers, today).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "webapp: form check failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    drop(conn);
    let t = |k: &str, a: &[(&str, Arg)]| {
        let mut a = a.to_vec();
        a.push(("channel", Arg::from("telegram")));
        locales.t_args(lang, k, &a)
    };
    let mut messages: BTreeMap<&'static str, String> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.error.message(&t)))
        .collect();
    // What the page left empty and the chat would still ask.
    for f in checked.fields() {
        if !f.optional() && !checked.is_set(f) && !messages.contains_key(f.as_str()) {
            messages.insert(f.as_str(), t("form-required", &[]));
        }
    }
    if !messages.is_empty() {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({
                "message": t("webapp-fix-errors", &[]),
                "errors": messages,
            })),
        )
            .into_response();
    }
    store_form(
        &app,
        &user,
        &body.init_data,
        body.answers,
        None,
        (t("webapp-sent", &[]), t("webapp-already-sent", &[])),
    )
    .await
}

/// The verified user and their language, when their chat is filling in the ally's
/// form `kind` (`fad` or `alert`).
async fn filling(
    app: &App,
    init_data: &str,
    kind: &str,
    form: &str,
) -> Result<(WebAppUser, &'static str), Response> {
    let (user, lang) = verified(app, init_data)?;
    let mut conn = app
        .store
        .pool
        .acquire()
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE.into_response())?;
    // The step the page was opened for: a page left open for another person's FAD
    // (the chat has moved on to the next DNI) does not match.
    match ally_form_pending(&mut conn, &chat_of(&user)).await {
        Ok(Some((pending, Some(token))))
            if pending == kind && bool::from(token.as_bytes().ct_eq(form.as_bytes())) =>
        {
            Ok((user, lang))
        }
        Ok(_) => Err(refusal(
            StatusCode::CONFLICT,
            app.engine.locales.t(lang, "webapp-no-ally-form"),
        )),
        Err(_) => Err(StatusCode::SERVICE_UNAVAILABLE.into_response()),
    }
}

async fn ally_start(
    State(app): State<App>,
    Path(kind): Path<String>,
    Json(body): Json<Signed>,
) -> Response {
    match filling(&app, &body.init_data, &kind, &body.form).await {
        Ok(_) => Json(serde_json::json!({ "values": {} })).into_response(),
        Err(r) => r,
    }
}

/// A FAD's or an alert's answers, checked with the chat's parsers; passing ones go
/// to the chat, which files them for the person whose DNI it found.
async fn ally_submit(
    State(app): State<App>,
    Path(kind): Path<String>,
    Json(body): Json<Signed>,
) -> Response {
    let (user, lang) = match filling(&app, &body.init_data, &kind, &body.form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let locales = &app.engine.locales;
    let fields: Vec<AllyField> = if kind == "fad" {
        FAD.fields().to_vec()
    } else {
        ALERT.fields().to_vec()
    };
    let answers: BTreeMap<String, String> = body
        .answers
        .into_iter()
        .filter(|(k, _)| fields.iter().any(|f| f.id == k))
        .collect();
    let max = [("max", Arg::from(MAX_DESCRIPTION))];
    let errors: Vec<(&str, String)> = if kind == "fad" {
        parse_fad_form(&answers).err().map_or(vec![], |errors| {
            errors
                .into_iter()
                .map(|(name, e)| (name, locales.t(lang, e.key())))
                .collect()
        })
    } else {
        parse_alert_form(&answers).err().map_or(vec![], |errors| {
            errors
                .into_iter()
                .map(|(name, key)| (name, locales.t_args(lang, key, &max)))
                .collect()
        })
    };
    if !errors.is_empty() {
        let messages: BTreeMap<&str, String> = errors.into_iter().collect();
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({
                "message": locales.t(lang, "webapp-fix-errors"),
                "errors": messages,
            })),
        )
            .into_response();
    }
    let said = (
        locales.t(lang, &format!("webapp-{kind}-sent")),
        locales.t(lang, "webapp-already-sent"),
    );
    store_form(&app, &user, &body.init_data, answers, Some(body.form), said).await
}

/// A checked form stored as the chat's next event (intake applies it in order with
/// the chat's other messages); `said`: what the page says then, and what it says
/// when this opening of the form was already sent.
///
/// A signed `initData` is good for an hour; it is taken once per form (the step's
/// token): a second send with the same one, even with other answers (a replayed
/// or tampered request), is refused, and the form must be opened again from the
/// chat.
async fn store_form(
    app: &App,
    user: &WebAppUser,
    init_data: &str,
    answers: BTreeMap<String, String>,
    token: Option<String>,
    said: (String, String),
) -> Response {
    let (sent, already) = said;
    let form = MiniAppForm {
        mini_app_form: MiniAppAnswers {
            user_id: user.id,
            lang: user.language_code.clone(),
            answers,
            token,
        },
    };
    let payload = match serde_json::to_string(&form) {
        Ok(p) => p,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    // One event per opening of a form, whatever its answers.
    let once = format!("{init_data}\n{}", token_of(&form));
    let external_id = format!(
        "{MINI_APP_EVENT}{}",
        hex::encode(sha2::Sha256::digest(once.as_bytes()))
    );
    match app
        .ingest(
            Channel::Telegram,
            &external_id,
            &user.id.to_string(),
            &payload,
        )
        .await
    {
        Ok(true) => Json(serde_json::json!({ "message": sent })).into_response(),
        Ok(false) => refusal(StatusCode::CONFLICT, already),
        Err(e) => {
            tracing::error!(error = %e, "webapp: form not stored");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// The step token a form was opened for (none for the registration).
fn token_of(form: &MiniAppForm) -> &str {
    form.mini_app_form.token.as_deref().unwrap_or_default()
}
