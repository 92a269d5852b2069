//! WhatsApp Flows: the forms a user fills in one screen inside WhatsApp. This module
//! owns the Flows API calls (create a flow in the WhatsApp Business Account, upload
//! its Flow JSON as the `flow.json` asset, publish it) that `contigo-bot whatsapp
//! flows publish` makes, and the name each form's flow has on Meta.
//!
//! The Flow JSON is generated from the registration form's one definition
//! (`domain::form`): one static flow per access type (no data endpoint, so nothing to
//! encrypt), its fields in screens of a few each, each as the control its input kind
//! needs (a numeric DNI of 8, a phone, an e-mail, a date picker, a dropdown for the
//! region and for public/private), the district typed and checked by the server. The
//! first screen receives every prefilled value (`flow_action_payload.data`) and
//! passes the rest on; the last completes with every answer under its field name,
//! which the bot applies with the chat's own parsers.
//!
//! A published flow can no longer be changed (Meta), so a flow is named after its
//! form and a hash of its JSON: publishing the same JSON again finds the published
//! flow and changes nothing; a changed JSON becomes a new flow whose id goes to
//! `bot.toml`. A draft left by an interrupted run is updated and published.

use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::whatsapp::{GraphFailure, graph_json};
use crate::domain::form::{self, FieldSpec, InputKind};
use crate::domain::form_kind::{self, fields, prefillable};
use crate::domain::request::Field;
use crate::domain::ubigeo::Catalog;
use crate::i18n::{Arg, Locales};
use crate::message::FormKind;

/// The Flow JSON version generated (global `${screen...}` references need 4.0+).
pub const FLOW_JSON_VERSION: &str = "7.0";

/// What a DNI field accepts (TextInput's `pattern`, from Flow JSON 6.2): 8 digits.
pub const DNI_PATTERN: &str = "^[0-9]{8}$";
/// Meta's limits on a Flow's components.
pub const MAX_LABEL: usize = 20;
pub const MAX_HELPER: usize = 80;
pub const MAX_OPTION_TITLE: usize = 30;
pub const MAX_HEADING: usize = 80;
pub const MAX_FOOTER: usize = 35;
/// Fields per screen at most: a small phone shows them without much scrolling.
const FIELDS_PER_SCREEN: usize = 5;

/// Every form's flow starts at this screen (`flow_action_payload.screen`).
pub fn first_screen(_form: FormKind) -> &'static str {
    "PART_A"
}

/// Which part of the request a field belongs to: each starts a new screen.
fn section(f: Field) -> &'static str {
    f.def().section.as_str()
}

/// Cuts to at most `max` characters (Meta refuses longer labels).
fn fit(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Screen ids: letters only (PART_A, PART_B, ...).
fn screen_id(i: usize) -> String {
    let letter = (b'A' + u8::try_from(i % 26).unwrap_or(0)) as char;
    format!("PART_{letter}")
}

#[derive(Debug, thiserror::Error)]
#[error("the Flow JSON of {0} could not be written: {1}")]
pub struct FlowJsonError(&'static str, String);

/// The Flow JSON of a form, in `lang`, as text (what is uploaded as `flow.json`).
pub fn flow_json(form: FormKind, locales: &Locales, lang: &str) -> Result<String, FlowJsonError> {
    let value = flow_value(form, locales, lang);
    serde_json::to_string_pretty(&value)
        .map_err(|e| FlowJsonError(form.config_key(), e.to_string()))
}

/// The Flow JSON of a form as a value.
pub fn flow_value(form: FormKind, locales: &Locales, lang: &str) -> Value {
    // A correction keeps the request's access type: its words name no authority.
    let access_type = form_kind::access_type_of(form);
    let words = Words {
        locales,
        lang,
        authority: locales.t(lang, form::authority_key(access_type)),
        access: access_type.map_or("other", |t| t.as_str()),
    };
    if let Some(value) = ally_flow_value(form, &words) {
        return value;
    }
    let t = |key: &str| words.t(key);
    let (title, intro) = match access_type {
        Some(_) => ("flow-title", "flow-intro"),
        None => ("flow-title-correction", "flow-intro-correction"),
    };
    let heading = |sec: &str| match (sec, access_type) {
        ("authority", None) => t("flow-section-authority-any"),
        (sec, _) => t(&format!("flow-section-{sec}")),
    };
    // Screens of a few fields each, in the form's order, as even as they can be (no
    // last screen with a lone date).
    let all = fields(form);
    let screens_needed = all.len().div_ceil(FIELDS_PER_SCREEN).max(1);
    let mut groups: Vec<Vec<FieldSpec>> = vec![];
    let mut rest = all.as_slice();
    for left in (1..=screens_needed).rev() {
        let (now, later) = rest.split_at(rest.len().div_ceil(left));
        groups.push(now.to_vec());
        rest = later;
    }
    let prefill = prefillable(form);
    // The screens up to the one with the date picker carry today's date along, so
    // the picker stops there (the form is sent with it: `form_kind::MAX_DATE`).
    let date_screen = groups
        .iter()
        .position(|g| g.iter().any(|s| s.kind == InputKind::Date));
    let mut screens = vec![];
    let last = groups.len().saturating_sub(1);
    for (i, group) in groups.iter().enumerate() {
        let id = screen_id(i);
        // The prefill this screen and the ones after it show.
        let ahead: Vec<Field> = groups[i..]
            .iter()
            .flat_map(|g| g.iter().map(|s| s.field))
            .filter(|f| prefill.contains(f))
            .collect();
        let mut data = Map::new();
        for f in &ahead {
            data.insert(
                f.as_str().to_owned(),
                json!({"type": "string", "__example__": ""}),
            );
        }
        let carries_date = date_screen.is_some_and(|d| i <= d);
        if carries_date {
            data.insert(
                form_kind::MAX_DATE.to_owned(),
                json!({"type": "string", "__example__": "2026-01-31"}),
            );
        }
        let mut children = vec![];
        if i == 0 {
            children.push(json!({"type": "TextBody", "text": t(intro)}));
        }
        // A heading where a part of the request begins (or goes on, at the top).
        let mut previous = i
            .checked_sub(1)
            .and_then(|p| groups[p].last())
            .map(|s| section(s.field));
        for (k, spec) in group.iter().enumerate() {
            let sec = section(spec.field);
            if previous != Some(sec) || k == 0 {
                children.push(json!({
                    "type": "TextSubheading",
                    "text": fit(&heading(sec), MAX_HEADING),
                }));
            }
            previous = Some(sec);
            let mut c = component(spec, &words, prefill.contains(&spec.field));
            if spec.kind == InputKind::Date {
                c["max-date"] = json!(format!("${{data.{}}}", form_kind::MAX_DATE));
            }
            children.push(c);
        }
        let footer = if i == last {
            // Every answer under its field name; the access type is the flow's own.
            let mut payload = Map::new();
            if let Some(t) = access_type {
                payload.insert("access_type".into(), json!(t.as_str()));
            }
            for (j, g) in groups.iter().enumerate() {
                for spec in g {
                    let name = spec.field.as_str();
                    let reference = if j == i {
                        format!("${{form.{name}}}")
                    } else {
                        format!("${{screen.{}.form.{name}}}", screen_id(j))
                    };
                    payload.insert(name.to_owned(), json!(reference));
                }
            }
            json!({
                "type": "Footer",
                "label": fit(&t("flow-send"), MAX_FOOTER),
                "on-click-action": {"name": "complete", "payload": payload},
            })
        } else {
            let mut passed: Map<String, Value> = groups[i + 1..]
                .iter()
                .flat_map(|g| g.iter().map(|s| s.field))
                .filter(|f| prefill.contains(f))
                .map(|f| {
                    (
                        f.as_str().to_owned(),
                        json!(format!("${{data.{}}}", f.as_str())),
                    )
                })
                .collect();
            if date_screen.is_some_and(|d| i < d) {
                let key = form_kind::MAX_DATE;
                passed.insert(key.to_owned(), json!(format!("${{data.{key}}}")));
            }
            json!({
                "type": "Footer",
                "label": fit(&t("flow-next"), MAX_FOOTER),
                "on-click-action": {
                    "name": "navigate",
                    "next": {"type": "screen", "name": screen_id(i + 1)},
                    "payload": passed,
                },
            })
        };
        children.push(footer);
        let mut screen = json!({
            "id": id,
            "title": fit(&t(title), MAX_OPTION_TITLE),
            "layout": {"type": "SingleColumnLayout", "children": children},
        });
        if !data.is_empty() {
            screen["data"] = Value::Object(data);
        }
        if i == last {
            screen["terminal"] = json!(true);
            screen["success"] = json!(true);
        }
        screens.push(screen);
    }
    json!({"version": FLOW_JSON_VERSION, "screens": screens})
}

/// The one screen of a bound Gobierno Local's FAD or alert (`None` for any other
/// form): its fields as `domain::padron` defines them and the chat reads them (`FAD`,
/// `ALERT`), each as the control the chat's parser accepts (free text of
/// up to [`FreeText`]'s length, a phone, the alert kinds as a dropdown, the
/// description as a text area of up to `MAX_DESCRIPTION`).
///
/// [`FreeText`]: crate::domain::values::FreeText
fn ally_flow_value(form: FormKind, words: &Words<'_>) -> Option<Value> {
    use crate::domain::padron::{ALERT, AlertKind, AllyInput, FAD};
    let t = |key: &str| words.t(key);
    let (title, intro, defs) = match form {
        FormKind::AllyFad => ("flow-title-fad", "flow-intro-fad", FAD.fields().to_vec()),
        FormKind::AllyAlert => (
            "flow-title-alert",
            "flow-intro-alert",
            ALERT.fields().to_vec(),
        ),
        _ => return None,
    };
    let fields: Vec<Value> = defs
        .iter()
        .map(|f| {
            let mut c = match f.input {
                AllyInput::Text | AllyInput::Phone => json!({
                    "type": "TextInput",
                    "input-type": if f.input == AllyInput::Phone { "phone" } else { "text" },
                    "max-chars": f.max_len,
                }),
                AllyInput::AlertKind => json!({
                    "type": "Dropdown",
                    "data-source": AlertKind::ALL.iter().map(|k| json!({
                        "id": k.as_str(),
                        "title": fit(&t(&k.message_key()), MAX_OPTION_TITLE),
                    })).collect::<Vec<_>>(),
                }),
                AllyInput::Description => json!({
                    "type": "TextArea",
                    "max-length": f.max_len,
                }),
            };
            c["name"] = json!(f.id);
            c["label"] = json!(fit(&t(f.short_label), MAX_LABEL));
            c["required"] = json!(true);
            if let Some(help) = f.help {
                c["helper-text"] = json!(fit(&t(help), MAX_HELPER));
            }
            c
        })
        .collect();
    let payload: Map<String, Value> = fields
        .iter()
        .filter_map(|c| c["name"].as_str())
        .map(|name| (name.to_owned(), json!(format!("${{form.{name}}}"))))
        .collect();
    let mut children = vec![json!({"type": "TextBody", "text": t(intro)})];
    children.extend(fields);
    children.push(json!({
        "type": "Footer",
        "label": fit(&t("flow-send"), MAX_FOOTER),
        "on-click-action": {"name": "complete", "payload": payload},
    }));
    Some(json!({
        "version": FLOW_JSON_VERSION,
        "screens": [{
            "id": first_screen(form),
            "title": fit(&t(title), MAX_OPTION_TITLE),
            "terminal": true,
            "success": true,
            "layout": {"type": "SingleColumnLayout", "children": children},
        }],
    }))
}

/// The flow's words, in one language, naming the access type's authority.
struct Words<'a> {
    locales: &'a Locales,
    lang: &'a str,
    authority: String,
    access: &'static str,
}

impl Words<'_> {
    fn t(&self, key: &str) -> String {
        self.locales.t_args(
            self.lang,
            key,
            &[
                ("authority", Arg::from(self.authority.as_str())),
                ("access", Arg::from(self.access)),
            ],
        )
    }

    /// A message only some fields have (their help line).
    fn maybe(&self, key: &str) -> Option<String> {
        self.locales.has(self.lang, key).then(|| self.t(key))
    }
}

/// One field as the control its input kind needs.
fn component(spec: &FieldSpec, words: &Words<'_>, prefilled: bool) -> Value {
    let t = |key: &str| words.t(key);
    let name = spec.field.as_str();
    let label = fit(&t(spec.field.def().short_label), MAX_LABEL);
    let required = !spec.optional && spec.field != Field::RofDoc;
    let mut c = match &spec.kind {
        InputKind::Choice(options) => json!({
            "type": "Dropdown",
            "data-source": options.iter().map(|o| json!({
                "id": o.value,
                "title": fit(&t(o.label), MAX_OPTION_TITLE),
            })).collect::<Vec<_>>(),
        }),
        InputKind::Region => {
            let catalog = Catalog::embedded();
            let regions: Vec<Value> = catalog
                .departments()
                .into_iter()
                .filter_map(|d| {
                    catalog
                        .department_code(d)
                        .map(|code| json!({"id": code, "title": fit(d, MAX_OPTION_TITLE)}))
                })
                .collect();
            json!({"type": "Dropdown", "data-source": regions})
        }
        InputKind::Date => json!({"type": "DatePicker"}),
        kind => {
            // A DNI is text, never `number`: a number input answers with a JSON
            // number ("04512345" would come back as 4512345) and Meta refuses one
            // initialised from string data. Its pattern keeps it to 8 digits.
            let input_type = match kind {
                InputKind::Phone => "phone",
                InputKind::Email => "email",
                _ => "text",
            };
            let mut c = json!({
                "type": "TextInput",
                "input-type": input_type,
                "max-chars": spec.max_len,
            });
            if matches!(kind, InputKind::Dni) {
                c["min-chars"] = json!(spec.max_len);
                c["pattern"] = json!(DNI_PATTERN);
            }
            if prefilled {
                c["init-value"] = json!(format!("${{data.{name}}}"));
            }
            c
        }
    };
    c["name"] = json!(name);
    c["label"] = json!(label);
    c["required"] = json!(required);
    if let Some(help) = spec.field.def().help.and_then(|key| words.maybe(key)) {
        c["helper-text"] = json!(fit(&help, MAX_HELPER));
    }
    c
}

/// The flow's name on Meta: the form and the first 12 hex digits of its JSON's hash.
pub fn flow_name(form: FormKind, flow_json: &str) -> String {
    let hash = hex::encode(Sha256::digest(flow_json.as_bytes()));
    format!("contigo_{}_{}", form.config_key(), &hash[..12])
}

/// A refusal or failure of the Flows API, with Meta's own words.
#[derive(Debug, thiserror::Error)]
pub enum FlowsError {
    #[error("the Graph API did not answer: {0}")]
    Network(String),
    #[error("the Graph API refused {what} (HTTP {status}, code {code}): {message}")]
    Graph {
        what: &'static str,
        status: u16,
        code: i64,
        message: String,
    },
    #[error("Meta found errors in the Flow JSON of {name}:\n  - {}", errors.join("\n  - "))]
    Invalid { name: String, errors: Vec<String> },
    #[error("unexpected answer to {0}")]
    Unexpected(&'static str),
}

/// A flow as the Flows API lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct FlowInfo {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub status: String,
}

/// The Flows API of one WhatsApp Business Account.
pub struct FlowsClient {
    http: reqwest::Client,
    /// `{graph_url}/{api_version}`.
    api: String,
    token: String,
    waba_id: String,
}

/// What publishing one form did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub form: FormKind,
    pub flow_id: String,
    pub name: String,
    /// `false` when the same JSON was already published under this name.
    pub changed: bool,
}

impl FlowsClient {
    pub fn new(
        graph_url: &str,
        api_version: &str,
        token: &str,
        waba_id: &str,
    ) -> Result<Self, FlowsError> {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| FlowsError::Network(e.to_string()))?;
        Ok(Self {
            http,
            api: format!(
                "{}/{}",
                graph_url.trim_end_matches('/'),
                api_version.trim_matches('/')
            ),
            token: token.to_owned(),
            waba_id: waba_id.to_owned(),
        })
    }

    /// Creates (or finds) the form's flow, uploads its JSON, publishes it.
    pub async fn publish(&self, form: FormKind, flow_json: &str) -> Result<Published, FlowsError> {
        let name = flow_name(form, flow_json);
        let existing = self
            .list()
            .await?
            .into_iter()
            .filter(|f| f.name == name)
            .find(|f| f.status != "DEPRECATED" && f.status != "BLOCKED");
        let id = match existing {
            Some(f) if f.status == "PUBLISHED" => {
                return Ok(Published {
                    form,
                    flow_id: f.id,
                    name,
                    changed: false,
                });
            }
            Some(draft) => draft.id,
            None => self.create(&name).await?,
        };
        self.upload(&id, &name, flow_json).await?;
        self.post_ok(&format!("{}/{id}/publish", self.api), "the publication")
            .await?;
        Ok(Published {
            form,
            flow_id: id,
            name,
            changed: true,
        })
    }

    /// GET /{waba_id}/flows, every page.
    pub async fn list(&self) -> Result<Vec<FlowInfo>, FlowsError> {
        #[derive(Deserialize)]
        struct Page {
            #[serde(default)]
            data: Vec<FlowInfo>,
            #[serde(default)]
            paging: Option<Paging>,
        }
        #[derive(Deserialize)]
        struct Paging {
            next: Option<String>,
        }
        let mut out = vec![];
        let mut url = Some(format!("{}/{}/flows", self.api, self.waba_id));
        while let Some(next) = url.take() {
            let answer = self.http.get(&next).bearer_auth(&self.token).send().await;
            let value = answer_of(answer, "the list of flows").await?;
            let page: Page = serde_json::from_value(value)
                .map_err(|_| FlowsError::Unexpected("the list of flows"))?;
            out.extend(page.data);
            url = page.paging.and_then(|p| p.next);
        }
        Ok(out)
    }

    /// POST /{waba_id}/flows: a new draft flow; its id.
    async fn create(&self, name: &str) -> Result<String, FlowsError> {
        let answer = self
            .http
            .post(format!("{}/{}/flows", self.api, self.waba_id))
            .bearer_auth(&self.token)
            .json(&json!({"name": name, "categories": ["SIGN_UP"]}))
            .send()
            .await;
        let value = answer_of(answer, "the new flow").await?;
        value
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or(FlowsError::Unexpected("the new flow"))
    }

    /// POST /{flow_id}/assets: the Flow JSON as the multipart file `flow.json`.
    async fn upload(&self, id: &str, name: &str, flow_json: &str) -> Result<(), FlowsError> {
        let part = reqwest::multipart::Part::bytes(flow_json.as_bytes().to_vec())
            .file_name("flow.json")
            .mime_str("application/json")
            .map_err(|e| FlowsError::Network(e.to_string()))?;
        let form = reqwest::multipart::Form::new()
            .text("name", "flow.json")
            .text("asset_type", "FLOW_JSON")
            .part("file", part);
        let answer = self
            .http
            .post(format!("{}/{id}/assets", self.api))
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await;
        let value = answer_of(answer, "the Flow JSON").await?;
        let errors: Vec<String> = value
            .get("validation_errors")
            .and_then(Value::as_array)
            .map(|errors| errors.iter().map(describe_validation_error).collect())
            .unwrap_or_default();
        if !errors.is_empty() {
            return Err(FlowsError::Invalid {
                name: name.to_owned(),
                errors,
            });
        }
        Ok(())
    }

    async fn post_ok(&self, url: &str, what: &'static str) -> Result<(), FlowsError> {
        let answer = self.http.post(url).bearer_auth(&self.token).send().await;
        let value = answer_of(answer, what).await?;
        match value.get("success").and_then(Value::as_bool) {
            Some(true) => Ok(()),
            _ => Err(FlowsError::Unexpected(what)),
        }
    }
}

/// `{"error": "INVALID_PROPERTY_VALUE", "message": "...", "line_start": 10, ...}` as
/// one line a person can act on.
fn describe_validation_error(e: &Value) -> String {
    let field = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or_default();
    let message = field("message");
    let code = field("error");
    let path = e
        .pointer("/pointers/0/path")
        .and_then(Value::as_str)
        .map(|p| format!(" at {p}"))
        .unwrap_or_default();
    format!("{code}: {message}{path}")
}

async fn answer_of(
    answer: Result<reqwest::Response, reqwest::Error>,
    what: &'static str,
) -> Result<Value, FlowsError> {
    graph_json(answer).await.map_err(|e| match e {
        GraphFailure::Network(e) => FlowsError::Network(e),
        GraphFailure::Refused {
            status,
            code,
            message,
        } => FlowsError::Graph {
            what,
            status,
            code,
            message,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_is_named_after_its_form_and_content() {
        let a = flow_name(FormKind::RegistrationLocal, "{\"version\":\"7.0\"}");
        let b = flow_name(FormKind::RegistrationLocal, "{\"version\":\"7.1\"}");
        assert!(a.starts_with("contigo_registration_local_"));
        assert_eq!(a.len(), "contigo_registration_local_".len() + 12);
        assert_ne!(a, b);
        assert_eq!(
            a,
            flow_name(FormKind::RegistrationLocal, "{\"version\":\"7.0\"}")
        );
    }

    #[test]
    fn validation_errors_read_as_one_line_each() {
        let e = json!({"error": "INVALID_PROPERTY_VALUE", "error_type": "FLOW_JSON_ERROR",
            "message": "Invalid value found for property 'type'.",
            "pointers": [{"path": "screens[0].layout.children[0].type"}]});
        assert_eq!(
            describe_validation_error(&e),
            "INVALID_PROPERTY_VALUE: Invalid value found for property 'type'. at screens[0].layout.children[0].type"
        );
    }
}

#[cfg(test)]
mod flow_json_tests {
    use super::*;

    fn inputs(screen: &Value) -> Vec<&Value> {
        screen["layout"]["children"]
            .as_array()
            .map(|c| c.iter().filter(|c| c.get("name").is_some()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn every_form_fits_metas_limits_in_every_language() {
        let locales = Locales::embedded().unwrap();
        for lang in ["es", "en"] {
            for form in FormKind::ALL {
                let flow = flow_value(form, &locales, lang);
                let screens = flow["screens"].as_array().unwrap();
                assert!(!screens.is_empty(), "{form:?}");
                for s in screens {
                    assert!(inputs(s).len() <= FIELDS_PER_SCREEN, "{form:?} {lang}");
                    for c in s["layout"]["children"].as_array().unwrap() {
                        let len = |k: &str| c[k].as_str().map_or(0, |t| t.chars().count());
                        assert!(len("label") <= MAX_LABEL, "{lang} {c}");
                        assert!(len("helper-text") <= MAX_HELPER, "{lang} {c}");
                        if c["type"] == "Footer" {
                            assert!(len("label") <= MAX_FOOTER);
                        }
                        for o in c["data-source"].as_array().into_iter().flatten() {
                            assert!(o["title"].as_str().unwrap().chars().count() <= 30);
                        }
                        // No message id left untranslated.
                        assert!(!c.to_string().contains("flow-label-"), "{lang} {c}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_last_screen_completes_with_every_field_of_the_form() {
        let locales = Locales::embedded().unwrap();
        for form in FormKind::ALL {
            let flow = flow_value(form, &locales, "es");
            let screens = flow["screens"].as_array().unwrap();
            let last = screens.last().unwrap();
            assert_eq!(last["terminal"], true);
            let footer = last["layout"]["children"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["type"] == "Footer")
                .unwrap();
            let payload = footer["on-click-action"]["payload"].as_object().unwrap();
            assert_eq!(
                payload.get("access_type").and_then(Value::as_str),
                form_kind::access_type_of(form).map(|t| t.as_str())
            );
            for spec in fields(form) {
                assert!(
                    payload.contains_key(spec.field.as_str()),
                    "{form:?} {:?}",
                    spec.field
                );
            }
            // The first screen declares every value an offer sends.
            let first = &screens[0];
            assert_eq!(first["id"], first_screen(form));
            for f in prefillable(form) {
                assert!(first["data"].get(f.as_str()).is_some(), "{f:?}");
            }
        }
    }

    #[test]
    fn a_dni_is_eight_digits_of_text_never_a_number() {
        let locales = Locales::embedded().unwrap();
        let flow = flow_value(FormKind::RegistrationLocal, &locales, "es");
        let dni = flow["screens"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["layout"]["children"].as_array().unwrap().iter())
            .find(|c| c["name"] == "authority_dni")
            .unwrap()
            .clone();
        assert_eq!(dni["input-type"], "text");
        assert_eq!(dni["pattern"], DNI_PATTERN);
        assert_eq!(dni["min-chars"], 8);
        assert_eq!(dni["max-chars"], 8);
        assert_eq!(dni["required"], true);
    }
}
