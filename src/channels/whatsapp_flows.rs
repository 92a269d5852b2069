//! WhatsApp Flows: the forms a user fills in one screen inside WhatsApp. This module
//! owns the Flows API calls (create a flow in the WhatsApp Business Account, upload
//! its Flow JSON as the `flow.json` asset, publish it) that `contigo-bot whatsapp
//! flows publish` makes, and the name each form's flow has on Meta.
//!
//! A published flow can no longer be changed (Meta), so a flow is named after its
//! form and a hash of its JSON: publishing the same JSON again finds the published
//! flow and changes nothing; a changed JSON becomes a new flow whose id goes to
//! `bot.toml`. A draft left by an interrupted run is updated and published.

use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::message::FormKind;

/// Every form's flow starts at this screen (`flow_action_payload.screen`).
pub fn first_screen(_form: FormKind) -> &'static str {
    "PART_A"
}

/// The flow's name on Meta: the form and the first 12 hex digits of its JSON's hash.
pub fn flow_name(form: FormKind, flow_json: &str) -> String {
    let hash = hex::encode(Sha256::digest(flow_json.as_bytes()));
    format!("contigo_{}_{}", form.as_str(), &hash[..12])
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
    let response = answer.map_err(|e| FlowsError::Network(e.to_string()))?;
    let status = response.status().as_u16();
    let value: Value = response.json().await.unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        return Ok(value);
    }
    Err(FlowsError::Graph {
        what,
        status,
        code: value
            .pointer("/error/code")
            .and_then(Value::as_i64)
            .unwrap_or_default(),
        message: value
            .pointer("/error/message")
            .and_then(Value::as_str)
            .unwrap_or("no error message")
            .to_owned(),
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
