#![allow(dead_code)]
//! What Meta does with a Flow JSON, for the fake Graph API: the validation its Flows
//! API runs on an uploaded `flow.json` (each problem reported as a
//! `validation_errors` entry, as Meta reports them), and what the WhatsApp client does
//! when a user fills the flow: each screen's inputs (typed answers, else the
//! `init-value`), the client-side checks (required, `input-type`, `min-chars`,
//! `max-chars`, a dropdown's options), the Footer's `navigate` to the next screen and,
//! on the terminal screen, the `complete` payload with every `${...}` resolved: the
//! `response_json` the bot receives.
//!
//! Reference: developers.facebook.com/docs/whatsapp/flows/reference/flowjson and
//! .../components (static flows, version 6.x/7.x; no data endpoint).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value, json};

pub const VERSIONS: &[&str] = &["6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2"];

const COMPONENTS: &[&str] = &[
    "TextHeading",
    "TextSubheading",
    "TextBody",
    "TextCaption",
    "RichText",
    "TextInput",
    "TextArea",
    "Dropdown",
    "RadioButtonsGroup",
    "CheckboxGroup",
    "ChipsSelector",
    "DatePicker",
    "CalendarPicker",
    "OptIn",
    "EmbeddedLink",
    "Image",
    "Footer",
    "If",
    "Switch",
    "NavigationList",
    "PhotoPicker",
    "DocumentPicker",
];

const INPUTS: &[&str] = &[
    "TextInput",
    "TextArea",
    "Dropdown",
    "RadioButtonsGroup",
    "CheckboxGroup",
    "ChipsSelector",
    "DatePicker",
    "CalendarPicker",
    "OptIn",
];

const INPUT_TYPES: &[&str] = &["text", "number", "email", "password", "passcode", "phone"];

/// One entry of `validation_errors`, shaped like Meta's.
fn error(code: &str, message: String, path: &str) -> Value {
    json!({
        "error": code,
        "error_type": "FLOW_JSON_ERROR",
        "message": message,
        "line_start": 1, "line_end": 1, "column_start": 1, "column_end": 1,
        "pointers": [{"line_start": 1, "line_end": 1, "column_start": 1, "column_end": 1, "path": path}],
    })
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The inputs (name → component) of a screen's layout.
fn inputs_of(screen: &Value) -> Vec<&Value> {
    let mut out = vec![];
    if let Some(children) = screen.pointer("/layout/children").and_then(Value::as_array) {
        collect_inputs(children, &mut out);
    }
    out
}

fn collect_inputs<'a>(children: &'a [Value], out: &mut Vec<&'a Value>) {
    for c in children {
        let kind = c.get("type").and_then(Value::as_str).unwrap_or("");
        if INPUTS.contains(&kind) {
            out.push(c);
        }
        if kind == "Form"
            && let Some(inner) = c.get("children").and_then(Value::as_array)
        {
            collect_inputs(inner, out);
        }
    }
}

/// Every `${...}` expression in a value (strings anywhere inside it).
fn references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(start) = rest.find("${") {
                let Some(end) = rest[start..].find('}') else {
                    out.push(rest[start + 2..].to_owned());
                    break;
                };
                out.push(rest[start + 2..start + end].to_owned());
                rest = &rest[start + end + 1..];
            }
        }
        Value::Array(items) => items.iter().for_each(|i| references(i, out)),
        Value::Object(map) => map.values().for_each(|i| references(i, out)),
        _ => {}
    }
}

/// Meta's checks of an uploaded Flow JSON (text). Empty: valid.
pub fn validate(text: &str) -> Vec<Value> {
    let flow: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return vec![error(
                "INVALID_JSON",
                format!("The Flow JSON is not a valid JSON: {e}"),
                "",
            )];
        }
    };
    let mut errors = vec![];
    let Some(top) = flow.as_object() else {
        return vec![error("INVALID_JSON", "Expected an object".into(), "")];
    };
    for key in top.keys() {
        if !["version", "screens", "routing_model"].contains(&key.as_str()) {
            let why = if key == "data_api_version" {
                "data_api_version requires a Flow endpoint".to_owned()
            } else {
                format!("Property '{key}' is not allowed.")
            };
            errors.push(error("INVALID_PROPERTY_KEY", why, key));
        }
    }
    match top.get("version").and_then(Value::as_str) {
        Some(v) if VERSIONS.contains(&v) => {}
        other => errors.push(error(
            "INVALID_PROPERTY_VALUE",
            format!("Invalid value found for property 'version': {other:?}"),
            "version",
        )),
    }
    let Some(screens) = top
        .get("screens")
        .and_then(Value::as_array)
        .filter(|s| !s.is_empty())
    else {
        errors.push(error(
            "REQUIRED_PROPERTY_MISSING",
            "Required property 'screens' is missing or empty.".into(),
            "screens",
        ));
        return errors;
    };
    let ids: Vec<&str> = screens
        .iter()
        .map(|s| s.get("id").and_then(Value::as_str).unwrap_or(""))
        .collect();
    let screen_inputs: HashMap<&str, HashSet<String>> = screens
        .iter()
        .zip(&ids)
        .map(|(s, id)| {
            (
                *id,
                inputs_of(s)
                    .iter()
                    .filter_map(|c| c.get("name").and_then(Value::as_str).map(str::to_owned))
                    .collect(),
            )
        })
        .collect();
    let mut seen = HashSet::new();
    let mut terminal = 0;
    for (i, screen) in screens.iter().enumerate() {
        let at = format!("screens[{i}]");
        let id = ids[i];
        if id.is_empty()
            || id == "SUCCESS"
            || !id.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        {
            errors.push(error(
                "INVALID_SCREEN_ID",
                format!("Invalid screen id {id:?}: only letters and underscores, not SUCCESS."),
                &format!("{at}.id"),
            ));
        }
        if !seen.insert(id) {
            errors.push(error(
                "DUPLICATE_SCREEN_ID",
                format!("Duplicate screen id {id}."),
                &format!("{at}.id"),
            ));
        }
        if let Some(map) = screen.as_object() {
            for key in map.keys() {
                if ![
                    "id",
                    "title",
                    "terminal",
                    "success",
                    "data",
                    "layout",
                    "refresh_on_back",
                    "sensitive",
                ]
                .contains(&key.as_str())
                {
                    errors.push(error(
                        "INVALID_PROPERTY_KEY",
                        format!("Property '{key}' is not allowed in a screen."),
                        &format!("{at}.{key}"),
                    ));
                }
            }
        }
        let is_terminal = screen.get("terminal").and_then(Value::as_bool) == Some(true);
        if is_terminal {
            terminal += 1;
        }
        // Declared data: each property with a type and an example.
        let mut declared = HashSet::new();
        if let Some(data) = screen.get("data") {
            match data.as_object() {
                Some(map) => {
                    for (k, d) in map {
                        if d.get("type").is_none() || d.get("__example__").is_none() {
                            errors.push(error(
                                "INVALID_PROPERTY_VALUE",
                                format!("Data property '{k}' needs a type and an __example__."),
                                &format!("{at}.data.{k}"),
                            ));
                        }
                        declared.insert(k.clone());
                    }
                }
                None => errors.push(error(
                    "INVALID_PROPERTY_VALUE",
                    "'data' must be an object.".into(),
                    &format!("{at}.data"),
                )),
            }
        }
        if screen.pointer("/layout/type").and_then(Value::as_str) != Some("SingleColumnLayout") {
            errors.push(error(
                "INVALID_PROPERTY_VALUE",
                "layout.type must be SingleColumnLayout.".into(),
                &format!("{at}.layout.type"),
            ));
        }
        let children = screen
            .pointer("/layout/children")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if children.len() > 50 {
            errors.push(error(
                "TOO_MANY_COMPONENTS",
                "A screen holds at most 50 components.".into(),
                &format!("{at}.layout.children"),
            ));
        }
        let mut names = HashSet::new();
        let mut footers = 0;
        for (j, c) in children.iter().enumerate() {
            let cat = format!("{at}.layout.children[{j}]");
            let kind = c.get("type").and_then(Value::as_str).unwrap_or("");
            if !COMPONENTS.contains(&kind) {
                errors.push(error(
                    "INVALID_PROPERTY_VALUE",
                    format!("Invalid value found for property 'type': {kind:?}."),
                    &format!("{cat}.type"),
                ));
                continue;
            }
            let text = |k: &str| c.get(k).and_then(Value::as_str);
            let mut limit = |k: &str, max: usize, required: bool| match text(k) {
                Some(s) if s.trim().is_empty() || chars(s) > max => errors.push(error(
                    "INVALID_PROPERTY_VALUE",
                    format!("Property '{k}' of {kind} must be 1-{max} characters ({s:?})."),
                    &format!("{cat}.{k}"),
                )),
                None if required => errors.push(error(
                    "REQUIRED_PROPERTY_MISSING",
                    format!("Required property '{k}' is missing in {kind}."),
                    &format!("{cat}.{k}"),
                )),
                _ => {}
            };
            match kind {
                "TextHeading" | "TextSubheading" => limit("text", 80, true),
                "TextBody" => limit("text", 4096, true),
                "TextCaption" => limit("text", 409, true),
                "TextInput" => {
                    limit("label", 20, true);
                    limit("helper-text", 80, false);
                    let it = text("input-type").unwrap_or("text");
                    if !INPUT_TYPES.contains(&it) {
                        errors.push(error(
                            "INVALID_PROPERTY_VALUE",
                            format!("Invalid input-type {it:?}."),
                            &format!("{cat}.input-type"),
                        ));
                    }
                    let min = c.get("min-chars").and_then(Value::as_u64);
                    let max = c.get("max-chars").and_then(Value::as_u64);
                    if let (Some(min), Some(max)) = (min, max)
                        && min > max
                    {
                        errors.push(error(
                            "INVALID_PROPERTY_VALUE",
                            "min-chars is greater than max-chars.".into(),
                            &format!("{cat}.min-chars"),
                        ));
                    }
                    if max.is_some_and(|m| m > 4096) {
                        errors.push(error(
                            "INVALID_PROPERTY_VALUE",
                            "max-chars is too large.".into(),
                            &format!("{cat}.max-chars"),
                        ));
                    }
                    // `pattern` is a regex the client checks, from Flow JSON 6.2, on
                    // text, number, password and passcode inputs. The fake knows the
                    // digit patterns only: any other is refused here, not ignored.
                    if let Some(p) = c.get("pattern") {
                        let version = top.get("version").and_then(Value::as_str).unwrap_or("");
                        let why = if ["6.0", "6.1"].contains(&version) {
                            Some("pattern requires Flow JSON version 6.2 or later".to_owned())
                        } else if !["text", "number", "password", "passcode"].contains(&it) {
                            Some(format!("pattern is not supported with input-type {it:?}"))
                        } else if p.as_str().and_then(digits_pattern).is_none() {
                            Some(format!("the fake does not know the pattern {p}"))
                        } else {
                            None
                        };
                        if let Some(why) = why {
                            errors.push(error(
                                "INVALID_PROPERTY_VALUE",
                                why,
                                &format!("{cat}.pattern"),
                            ));
                        }
                    }
                }
                "TextArea" => {
                    limit("label", 20, true);
                    limit("helper-text", 80, false);
                    if c.get("max-length")
                        .and_then(Value::as_u64)
                        .is_some_and(|m| m > 600)
                    {
                        errors.push(error(
                            "INVALID_PROPERTY_VALUE",
                            "max-length of TextArea is at most 600.".into(),
                            &format!("{cat}.max-length"),
                        ));
                    }
                }
                "Dropdown" | "RadioButtonsGroup" => {
                    limit("label", if kind == "Dropdown" { 20 } else { 30 }, true);
                    let max_items = if kind == "Dropdown" { 200 } else { 20 };
                    match c.get("data-source").and_then(Value::as_array) {
                        Some(items) if !items.is_empty() && items.len() <= max_items => {
                            let mut item_ids = HashSet::new();
                            for (k, item) in items.iter().enumerate() {
                                let id = item.get("id").and_then(Value::as_str).unwrap_or("");
                                let title = item.get("title").and_then(Value::as_str).unwrap_or("");
                                if id.is_empty()
                                    || title.is_empty()
                                    || chars(title) > 30
                                    || !item_ids.insert(id.to_owned())
                                {
                                    errors.push(error(
                                        "INVALID_PROPERTY_VALUE",
                                        format!(
                                            "Each option needs a unique id and a title of 1-30 characters ({title:?})."
                                        ),
                                        &format!("{cat}.data-source[{k}]"),
                                    ));
                                }
                            }
                        }
                        // A dynamic list from the screen's data.
                        None if c.get("data-source").and_then(Value::as_str).is_some() => {}
                        _ => errors.push(error(
                            "INVALID_PROPERTY_VALUE",
                            format!("data-source of {kind} must have 1-{max_items} options."),
                            &format!("{cat}.data-source"),
                        )),
                    }
                }
                "Footer" => {
                    footers += 1;
                    limit("label", 35, true);
                    let action = c.get("on-click-action");
                    match action.and_then(|a| a.get("name")).and_then(Value::as_str) {
                        Some("complete") => {
                            if !is_terminal {
                                errors.push(error(
                                    "INVALID_ON_CLICK_ACTION",
                                    "The complete action is only allowed on a terminal screen."
                                        .into(),
                                    &format!("{cat}.on-click-action"),
                                ));
                            }
                        }
                        Some("navigate") => {
                            let next = action
                                .and_then(|a| a.pointer("/next/name"))
                                .and_then(Value::as_str)
                                .unwrap_or("");
                            if !ids.contains(&next) {
                                errors.push(error(
                                    "INVALID_ON_CLICK_ACTION",
                                    format!("navigate to an unknown screen {next:?}."),
                                    &format!("{cat}.on-click-action.next.name"),
                                ));
                            }
                        }
                        Some("data_exchange") => errors.push(error(
                            "INVALID_ON_CLICK_ACTION",
                            "data_exchange needs a Flow endpoint.".into(),
                            &format!("{cat}.on-click-action"),
                        )),
                        other => errors.push(error(
                            "INVALID_ON_CLICK_ACTION",
                            format!("Invalid on-click-action {other:?}."),
                            &format!("{cat}.on-click-action"),
                        )),
                    }
                }
                _ => {}
            }
            if INPUTS.contains(&kind) {
                match text("name") {
                    Some(n) if !n.is_empty() => {
                        if !names.insert(n.to_owned()) {
                            errors.push(error(
                                "DUPLICATE_COMPONENT_NAME",
                                format!("Duplicate component name {n}."),
                                &format!("{cat}.name"),
                            ));
                        }
                    }
                    _ => errors.push(error(
                        "REQUIRED_PROPERTY_MISSING",
                        format!("Required property 'name' is missing in {kind}."),
                        &format!("{cat}.name"),
                    )),
                }
            }
        }
        if footers > 1 {
            errors.push(error(
                "TOO_MANY_FOOTERS",
                "A screen has at most one Footer.".into(),
                &format!("{at}.layout"),
            ));
        }
        if is_terminal && footers == 0 {
            errors.push(error(
                "MISSING_FOOTER",
                "A terminal screen needs a Footer.".into(),
                &format!("{at}.layout"),
            ));
        }
        // Every reference names something that exists.
        let mut refs = vec![];
        references(&Value::Array(children.clone()), &mut refs);
        for r in refs {
            let parts: Vec<&str> = r.split('.').collect();
            let ok = match parts.as_slice() {
                ["form", name] => names.contains(*name),
                ["data", name] => declared.contains(*name),
                ["screen", s, "form", name] => {
                    screen_inputs.get(s).is_some_and(|n| n.contains(*name))
                }
                ["screen", s, "data", _] => ids.contains(s),
                _ => false,
            };
            if !ok {
                errors.push(error(
                    "INVALID_DYNAMIC_REFERENCE",
                    format!("Invalid reference ${{{r}}}."),
                    &at,
                ));
            }
        }
    }
    if terminal == 0 {
        errors.push(error(
            "MISSING_TERMINAL_SCREEN",
            "The Flow needs at least one terminal screen.".into(),
            "screens",
        ));
    }
    errors
}

/// The screen `id` of a flow.
pub fn screen<'a>(flow: &'a Value, id: &str) -> Option<&'a Value> {
    flow.get("screens")?
        .as_array()?
        .iter()
        .find(|s| s.get("id").and_then(Value::as_str) == Some(id))
}

/// Checks the data a message opens a screen with: an object whose every key the
/// screen declares.
pub fn check_screen_data(flow: &Value, id: &str, data: Option<&Value>) -> Result<(), String> {
    let Some(s) = screen(flow, id) else {
        return Err(format!("unknown screen {id}"));
    };
    let Some(data) = data else {
        return Ok(());
    };
    let Some(map) = data.as_object().filter(|m| !m.is_empty()) else {
        return Err("flow_action_payload.data must be a non-empty object".into());
    };
    let declared = s.get("data").and_then(Value::as_object);
    for k in map.keys() {
        if !declared.is_some_and(|d| d.contains_key(k)) {
            return Err(format!("screen {id} does not declare data '{k}'"));
        }
    }
    Ok(())
}

/// The user goes through the flow from `start` with `data`, typing `answers` (by
/// input name; an input not named keeps its `init-value`) and tapping each Footer:
/// the payload the terminal screen completes with. An `Err` is what stops the user
/// (a required input empty, an answer the input does not accept).
pub fn fill(
    flow: &Value,
    start: &str,
    data: &Map<String, Value>,
    answers: &BTreeMap<String, String>,
) -> Result<Map<String, Value>, String> {
    let mut forms: HashMap<String, Map<String, Value>> = HashMap::new();
    let mut datas: HashMap<String, Map<String, Value>> = HashMap::new();
    let mut current = start.to_owned();
    let mut current_data = data.clone();
    for _ in 0..50 {
        let s = screen(flow, &current).ok_or(format!("unknown screen {current}"))?;
        datas.insert(current.clone(), current_data.clone());
        let mut form = Map::new();
        for input in inputs_of(s) {
            let name = input.get("name").and_then(Value::as_str).unwrap_or("");
            let kind = input.get("type").and_then(Value::as_str).unwrap_or("");
            let value = match answers.get(name) {
                Some(v) => v.clone(),
                None => match input.get("init-value") {
                    Some(v) => resolve(v, &current_data, &forms, &datas, &form)
                        .as_str()
                        .unwrap_or("")
                        .to_owned(),
                    None => String::new(),
                },
            };
            let required = input.get("required").and_then(Value::as_bool) == Some(true);
            if value.is_empty() {
                if required {
                    return Err(format!("{current}: the required input {name} is empty"));
                }
                continue;
            }
            client_check(kind, input, &value).map_err(|e| format!("{current}.{name}: {e}"))?;
            // A date picker offers no day past its max-date (YYYY-MM-DD, as resolved
            // from the screen's data).
            if kind == "DatePicker"
                && let Some(max) = input.get("max-date")
                && let Some(max) = resolve(max, &current_data, &forms, &datas, &form).as_str()
                && value.as_str() > max
            {
                return Err(format!("{current}.{name}: {value} is after {max}"));
            }
            // A number input answers with a JSON number: leading zeros are lost.
            let answered = match input.get("input-type").and_then(Value::as_str) {
                Some("number") => value
                    .parse::<i64>()
                    .map(Value::from)
                    .or_else(|_| value.parse::<f64>().map(Value::from))
                    .unwrap_or(Value::String(value)),
                _ => Value::String(value),
            };
            form.insert(name.to_owned(), answered);
        }
        let footer = s
            .pointer("/layout/children")
            .and_then(Value::as_array)
            .and_then(|c| {
                c.iter()
                    .find(|c| c.get("type").and_then(Value::as_str) == Some("Footer"))
            })
            .ok_or(format!("{current} has no Footer"))?;
        let action = footer
            .get("on-click-action")
            .ok_or(format!("{current}: Footer without action"))?;
        let payload = action.get("payload").cloned().unwrap_or(json!({}));
        forms.insert(current.clone(), form.clone());
        let resolved = resolve(&payload, &current_data, &forms, &datas, &form);
        match action.get("name").and_then(Value::as_str) {
            Some("complete") => {
                // Optional inputs left empty resolve to nothing: not sent.
                let mut out = resolved.as_object().cloned().unwrap_or_default();
                out.retain(|_, v| !(v.is_null() || v.as_str() == Some("")));
                return Ok(out);
            }
            Some("navigate") => {
                current = action
                    .pointer("/next/name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                current_data = resolved.as_object().cloned().unwrap_or_default();
            }
            other => return Err(format!("{current}: cannot follow {other:?}")),
        }
    }
    Err("the flow never completes".into())
}

/// The length a digits-only pattern (`^[0-9]{8}$`, `^\\d{8}$`) asks for.
fn digits_pattern(p: &str) -> Option<usize> {
    let inner = p.strip_prefix('^')?.strip_suffix('$')?;
    let count = inner
        .strip_prefix("[0-9]")
        .or_else(|| inner.strip_prefix("\\d"))?;
    count.strip_prefix('{')?.strip_suffix('}')?.parse().ok()
}

/// What the WhatsApp client refuses to submit.
fn client_check(kind: &str, input: &Value, value: &str) -> Result<(), String> {
    if let Some(n) = input
        .get("pattern")
        .and_then(Value::as_str)
        .and_then(digits_pattern)
        && !(value.len() == n && value.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(format!("{value:?} does not match the pattern"));
    }
    let n = chars(value);
    if let Some(min) = input.get("min-chars").and_then(Value::as_u64)
        && (n as u64) < min
    {
        return Err(format!("at least {min} characters"));
    }
    // A TextInput's max-chars, a TextArea's max-length: the client stops typing there.
    if let Some(max) = input
        .get("max-chars")
        .or_else(|| input.get("max-length"))
        .and_then(Value::as_u64)
        && (n as u64) > max
    {
        return Err(format!("at most {max} characters"));
    }
    let input_type = input.get("input-type").and_then(Value::as_str);
    let fits = match (kind, input_type) {
        // The number keyboard: digits, and a decimal point or a minus sign.
        ("TextInput", Some("number")) => value
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-'),
        ("TextInput", Some("email")) => value.contains('@'),
        ("TextInput", Some("phone")) => value
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()".contains(c)),
        ("Dropdown" | "RadioButtonsGroup", _) => input
            .get("data-source")
            .and_then(Value::as_array)
            .is_some_and(|items| {
                items
                    .iter()
                    .any(|i| i.get("id").and_then(Value::as_str) == Some(value))
            }),
        _ => true,
    };
    if !fits {
        return Err(format!("{value:?} is not accepted by this {kind}"));
    }
    Ok(())
}

/// Resolves every `${...}` in a value (a whole-string reference keeps the value's type).
fn resolve(
    v: &Value,
    data: &Map<String, Value>,
    forms: &HashMap<String, Map<String, Value>>,
    datas: &HashMap<String, Map<String, Value>>,
    form: &Map<String, Value>,
) -> Value {
    match v {
        Value::String(s) if s.starts_with("${") && s.ends_with('}') => {
            let r = &s[2..s.len() - 1];
            let parts: Vec<&str> = r.split('.').collect();
            let found = match parts.as_slice() {
                ["form", name] => form.get(*name),
                ["data", name] => data.get(*name),
                ["screen", sc, "form", name] => forms.get(*sc).and_then(|f| f.get(*name)),
                ["screen", sc, "data", name] => datas.get(*sc).and_then(|d| d.get(*name)),
                _ => None,
            };
            found.cloned().unwrap_or(Value::String(String::new()))
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| resolve(i, data, forms, datas, form))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, i)| (k.clone(), resolve(i, data, forms, datas, form)))
                .collect(),
        ),
        other => other.clone(),
    }
}
