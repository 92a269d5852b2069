//! The console's pages: minijinja templates embedded in the binary, every word from
//! Fluent in the member's language (`t("key", name=value)` in a template), and the
//! headers every page carries (no caching of personal data, no framing by others).

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::value::{Kwargs, Serde, ValueKind};
use minijinja::{Environment, Value, context};

use super::error::ConsoleError;
use crate::app::App;
use crate::documents::table::{Document, FileFormat};
use crate::i18n::{Arg, Locales};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("notice.html", include_str!("templates/notice.html")),
    ("login.html", include_str!("templates/login.html")),
    ("desk.html", include_str!("templates/desk.html")),
    ("home.html", include_str!("templates/home.html")),
    ("request.html", include_str!("templates/request.html")),
    ("supervisor.html", include_str!("templates/supervisor.html")),
    ("coverage.html", include_str!("templates/coverage.html")),
    ("accounts.html", include_str!("templates/accounts.html")),
    ("tickets.html", include_str!("templates/tickets.html")),
    ("ticket.html", include_str!("templates/ticket.html")),
    (
        "ticket_messages.html",
        include_str!("templates/ticket_messages.html"),
    ),
    ("ctvc.html", include_str!("templates/ctvc.html")),
    ("ctvc_case.html", include_str!("templates/ctvc_case.html")),
    ("audit.html", include_str!("templates/audit.html")),
    ("cases.html", include_str!("templates/cases.html")),
    ("case.html", include_str!("templates/case.html")),
];

const STYLESHEET: &str = include_str!("templates/console.css");
/// The one script: a ticket's new messages without reloading (the page works
/// without it).
const SCRIPT: &str = include_str!("templates/console.js");

/// The console's shared state: the application and the compiled templates.
#[derive(Clone)]
pub struct Console {
    pub app: App,
    env: Arc<Environment<'static>>,
}

/// A message shown at the top of a page, and how it reads (success or problem).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Banner {
    pub kind: &'static str,
    pub text: String,
}

impl Banner {
    pub fn done(text: String) -> Self {
        Self { kind: "done", text }
    }

    pub fn problem(text: String) -> Self {
        Self {
            kind: "problem",
            text,
        }
    }

    /// A banner kept in the session for the next page (see `Console::redirect`).
    pub fn from_stored(kind: &str, text: String) -> Self {
        match kind {
            "done" => Self::done(text),
            _ => Self::problem(text),
        }
    }
}

/// Another language a visitor may switch to.
#[derive(Debug, Clone, serde::Serialize)]
struct LanguageLink {
    code: &'static str,
    name: String,
}

/// Who is looking at a page, for its header (name, roles, the logout form).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Viewer {
    pub name: String,
    pub roles: String,
    pub csrf: String,
    /// The page's one-time form token: every form that acts carries it, and it is
    /// spent on use (a reload or a second click changes nothing).
    pub once: String,
    /// The message the last action left for this page (Post/Redirect/Get).
    pub flash: Option<Banner>,
    /// Whether the header links the review desk (the member's roles work a stage).
    pub desk: bool,
    /// Whether the header links the supervisor's view.
    pub supervises: bool,
    /// Whether the header links the tickets inbox (specialists, supervisors).
    pub tickets: bool,
    /// Whether the header links the CTVC cases (UAC, supervisors).
    pub ctvc: bool,
    /// Whether the header links the allies' alerts and FADs (UOT works them; UAC
    /// and supervisors read them).
    pub cases: bool,
    /// Whether the header links the accounts created (UTI, UAC, supervisors).
    pub accounts: bool,
    /// Whether the header links the audit of reads of personal data (DPO, supervisors).
    pub audit: bool,
    /// Whether the desk offers the requests export (UAC, supervisors).
    pub export: bool,
}

impl Console {
    pub fn new(app: App) -> Self {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            // The templates ship in the binary: one that does not parse is a bug that
            // the console's tests catch at once.
            if let Err(e) = env.add_template(name, source) {
                tracing::error!(template = name, error = %e, "console template does not parse");
            }
        }
        Self {
            app,
            env: Arc::new(env),
        }
    }

    /// Translates a key in `lang` (the console passes `$channel = console`).
    pub fn t(&self, lang: &str, key: &str, args: &[(&str, Arg)]) -> String {
        translate(&self.app.engine.locales, lang, key, args)
    }

    /// The member's language, as the locales know it.
    pub fn lang(&self, locale: Option<&str>) -> &'static str {
        self.app.engine.locales.pick(locale)
    }

    /// A visitor's language before login: the one they chose with the page's switch
    /// (`lang=` in the query or form), else the first of their browser's
    /// `Accept-Language` we speak, else the default.
    pub fn visitor_lang(&self, headers: &HeaderMap, chosen: Option<&str>) -> &'static str {
        let locales = &self.app.engine.locales;
        let spoken = locales.languages();
        let known = |tag: &str| {
            let base = tag.trim().split(['-', '_']).next().unwrap_or("");
            spoken
                .iter()
                .copied()
                .find(|l| l.eq_ignore_ascii_case(base))
        };
        if let Some(lang) = chosen.and_then(known) {
            return lang;
        }
        let accepted = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        locales.pick_accepted(accepted)
    }

    /// The language switch a page before login shows: every language but the
    /// current one, each named in itself.
    fn switch(&self, lang: &str) -> Vec<LanguageLink> {
        self.app
            .engine
            .locales
            .languages()
            .into_iter()
            .filter(|l| *l != lang)
            .map(|l| LanguageLink {
                code: l,
                name: self.t(l, "console-language-name", &[]),
            })
            .collect()
    }

    /// Renders a page; a template error is logged and answered as a plain error.
    pub fn page(
        &self,
        status: StatusCode,
        lang: &'static str,
        template: &str,
        viewer: Option<&Viewer>,
        ctx: Value,
    ) -> Response {
        let locales = self.app.engine.locales.clone();
        let t = Value::from_function(
            move |key: &str, kwargs: Kwargs| -> Result<String, minijinja::Error> {
                let mut args: Vec<(String, Arg)> = vec![];
                for name in kwargs.args() {
                    let v: Value = kwargs.get(name)?;
                    let arg = match v.kind() {
                        ValueKind::Number => Arg::Num(f64::try_from(v).unwrap_or_default()),
                        _ => Arg::Str(v.to_string()),
                    };
                    args.push((name.to_owned(), arg));
                }
                kwargs.assert_all_used()?;
                let args: Vec<(&str, Arg)> =
                    args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                Ok(translate(&locales, lang, key, &args))
            },
        );
        let rendered = self.env.get_template(template).and_then(|tpl| {
            tpl.render(context! {
                t => t,
                lang => lang,
                viewer => Value::from(Serde(viewer)),
                languages => Value::from(Serde(if viewer.is_none() {
                    self.switch(lang)
                } else {
                    vec![]
                })),
                ..ctx
            })
        });
        match rendered {
            Ok(html) => html_response(status, html),
            Err(e) => {
                tracing::error!(template, error = %e, "console page failed to render");
                (StatusCode::INTERNAL_SERVER_ERROR, "console page failed").into_response()
            }
        }
    }

    /// A piece of a page (no header), for the page's script to insert.
    pub fn fragment(&self, lang: &'static str, template: &str, ctx: Value) -> Response {
        self.page(StatusCode::OK, lang, template, None, ctx)
    }

    /// Wakes the senders after a commit that queued messages in the outbox.
    pub fn wake_senders(&self) {
        for channel in [
            crate::message::Channel::Telegram,
            crate::message::Channel::Whatsapp,
            crate::message::Channel::Terminal,
        ] {
            self.app.sender_bell(channel).notify_one();
        }
    }

    /// A page with one message and a way on (after logout, a bad link, a refusal).
    pub fn notice(
        &self,
        status: StatusCode,
        lang: &'static str,
        viewer: Option<&Viewer>,
        heading: &str,
        text: String,
    ) -> Response {
        self.page(
            status,
            lang,
            "notice.html",
            viewer,
            context! { heading => heading, text => text },
        )
    }

    /// Something failed on our side: logged with its cause, a plain apology shown.
    pub fn failure(&self, lang: &'static str, error: &dyn std::fmt::Display) -> Response {
        tracing::error!(error = %error, "console request failed");
        self.notice(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            None,
            "console-error-heading",
            self.t(lang, "console-error", &[]),
        )
    }
}

fn translate(locales: &Locales, lang: &str, key: &str, args: &[(&str, Arg)]) -> String {
    let mut args = args.to_vec();
    args.push(("channel", Arg::from("console")));
    locales.t_args(lang, key, &args)
}

/// An HTML page: never cached (it carries personal data), never framed by another
/// site, no scripts but the console's own.
fn html_response(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    no_store(headers);
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    response
}

/// How a file is handed over: shown in the browser, or saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    Inline,
    Attachment,
}

/// A file for the browser: its type, how to hand it over and under what name (kept
/// to letters, digits, `-`, `_` and `.`), never cached.
pub fn file_response(bytes: Vec<u8>, mime: &str, disposition: Disposition, name: &str) -> Response {
    let safe: String = name
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || "-_.".contains(ch) {
                ch
            } else {
                '-'
            }
        })
        .collect();
    let how = match disposition {
        Disposition::Inline => "inline",
        Disposition::Attachment => "attachment",
    };
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("{how}; filename=\"{safe}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    no_store(headers);
    response
}

/// What a report downloads as: one of the table writer's formats, or a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Table(FileFormat),
    Pdf,
}

impl FileKind {
    /// A download's address ends in `{stem}.{ext}`: its stem and what `ext` asks
    /// for, if the console writes it (`pdf` only where `pdf` is offered).
    pub fn of_file(file: &str, pdf: bool) -> Option<(&str, FileKind)> {
        let (stem, ext) = file.rsplit_once('.')?;
        let kind = match FileFormat::parse(ext) {
            Some(format) => FileKind::Table(format),
            None if pdf && ext.eq_ignore_ascii_case("pdf") => FileKind::Pdf,
            None => return None,
        };
        Some((stem, kind))
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            FileKind::Table(format) => format.mime_type(),
            FileKind::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Table(format) => format.extension(),
            FileKind::Pdf => "pdf",
        }
    }
}

/// A report as a download: `doc` written as `kind` (a PDF titled `title`), saved
/// as `{stem}.{ext}`; a document that does not render is a failure on our side.
pub fn report_download(
    doc: &Document,
    kind: FileKind,
    title: &str,
    stem: &str,
) -> Result<Response, ConsoleError> {
    let rendered = match kind {
        FileKind::Table(format) => doc.render(format),
        FileKind::Pdf => doc.to_pdf(title),
    };
    let bytes = rendered.map_err(|e| ConsoleError::Failed(e.to_string()))?;
    Ok(attachment(bytes, kind, stem))
}

/// Bytes already written as `kind`, saved as `{stem}.{ext}`.
pub fn attachment(bytes: Vec<u8>, kind: FileKind, stem: &str) -> Response {
    file_response(
        bytes,
        kind.mime_type(),
        Disposition::Attachment,
        &format!("{stem}.{}", kind.extension()),
    )
}

/// Personal data stays out of browser and proxy caches.
pub fn no_store(headers: &mut axum::http::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SCRIPT,
    )
        .into_response()
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}
