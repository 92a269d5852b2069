//! A browser as the console tests play it: plain HTTP with reqwest, one session
//! cookie kept by hand (as a browser's jar would, scoped to the console), redirects
//! not followed so each step's answer can be checked (`follow` takes the next step).
//! Like a browser submitting a form of the page it shows, a form posted without a
//! `once` field carries the one-time token of the last page received.

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

pub struct Browser {
    base: String,
    client: reqwest::Client,
    /// The console's session cookie, `name=value`, as last set by the server.
    pub cookie: Option<String>,
    /// The last `Set-Cookie` header the server sent, whole (to check its attributes).
    pub last_set_cookie: Option<String>,
    /// The one-time form token of the last page received that had one.
    pub once: Option<String>,
}

pub struct Page {
    pub status: StatusCode,
    pub body: String,
    /// The body as sent (a download's bytes).
    pub bytes: Vec<u8>,
    pub location: Option<String>,
    pub content_type: String,
    /// The `Content-Disposition` header, when the answer is a file.
    pub disposition: Option<String>,
    /// The `Content-Security-Policy` header.
    pub csp: Option<String>,
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        Browser {
            base: base.trim_end_matches('/').to_owned(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookie: None,
            last_set_cookie: None,
            once: None,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let form = self.with_once(form);
        let request = self.client.post(format!("{}{path}", self.base)).form(&form);
        self.send(request).await
    }

    /// The form's fields, with the last page's one-time token when it has none.
    fn with_once(&self, form: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut fields: Vec<(String, String)> = form
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if let Some(once) = &self.once
            && !form.iter().any(|(k, _)| *k == "once")
        {
            fields.push(("once".into(), once.clone()));
        }
        fields
    }

    /// A stage action as the request's console page sends it: the page opened, its
    /// form posted with the page's tokens, `stage` and `fields`; the answer (a 303
    /// when the action was taken).
    pub async fn act_on_request(&mut self, id: i64, stage: &str, fields: &[(&str, &str)]) -> Page {
        let here = format!("/console/requests/{id}");
        let page = self.get(&here).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let csrf = hidden(&page.body, "csrf");
        let mut form = vec![("csrf", csrf.as_str()), ("stage", stage)];
        form.extend_from_slice(fields);
        self.post(&format!("{here}/act"), &form).await
    }

    /// Post/Redirect/Get: the page a form's 303 answer sends the browser to.
    pub async fn follow(&mut self, answer: &Page) -> Page {
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        let to = answer.location.clone().expect("a redirect's Location");
        self.get(&to).await
    }

    /// A `multipart/form-data` form: text fields and files (name, file name, bytes).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Page {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in self.with_once(fields) {
            form = form.text(name, value);
        }
        for (name, file_name, bytes) in files {
            let part =
                reqwest::multipart::Part::bytes(bytes.clone()).file_name(file_name.to_string());
            form = form.part(name.to_string(), part);
        }
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .multipart(form);
        self.send(request).await
    }

    async fn send(&mut self, mut request: reqwest::RequestBuilder) -> Page {
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        let response = request.send().await.expect("console answers");
        if let Some(set) = response.headers().get(SET_COOKIE) {
            let set = set.to_str().expect("ascii cookie").to_owned();
            let pair = set.split(';').next().unwrap_or_default().trim().to_owned();
            let removed = set.contains("Max-Age=0") || pair.ends_with('=');
            self.cookie = (!removed).then_some(pair);
            self.last_set_cookie = Some(set);
        }
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|v| v.to_str().expect("ascii").to_owned());
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .map(|v| v.to_str().expect("ascii").to_owned())
            .unwrap_or_default();
        let disposition = response
            .headers()
            .get(reqwest::header::CONTENT_DISPOSITION)
            .map(|v| v.to_str().expect("ascii").to_owned());
        let csp = response
            .headers()
            .get(reqwest::header::CONTENT_SECURITY_POLICY)
            .map(|v| v.to_str().expect("ascii").to_owned());
        let bytes = response.bytes().await.expect("body").to_vec();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if content_type.starts_with("text/html") && body.contains("name=\"once\" value=\"") {
            self.once = Some(hidden(&body, "once"));
        }
        Page {
            status,
            body,
            bytes,
            location,
            disposition,
            content_type,
            csp,
        }
    }
}

/// A client on a slow link, over a bare TCP connection: sends `head` (the request
/// line and headers, without `Content-Length` and `Connection`) and `body` in
/// pieces with a pause between them, all of it before reading, as a phone uploads a
/// form; then reads the whole answer. Returns its status and body, or what failed
/// (a reset while sending or reading: the server cut the connection).
pub async fn post_slowly(http: &str, head: &str, body: &[u8]) -> Result<(u16, String), String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = http.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let head = format!(
        "{head}Host: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| format!("head: {e}"))?;
    for (i, piece) in body.chunks(256 * 1024).enumerate() {
        stream
            .write_all(piece)
            .await
            .map_err(|e| format!("body piece {i}: {e}"))?;
        tokio::time::sleep(std::time::Duration::from_millis(15)).await;
    }
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .map_err(|e| format!("answer: {e}"))?;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("no status line in {answer:?}"))?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

/// The value of the first hidden input `name` in a page's forms.
pub fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = body.find(&marker).expect("the hidden field") + marker.len();
    body[at..].split('"').next().expect("its value").to_owned()
}

/// The login token in a `/consola` answer.
pub fn token_of(text: &str) -> String {
    let at = text.find("token=").expect("a login link") + "token=".len();
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect()
}

/// A console session opened in the store for the staff member with this Telegram id
/// (what the login link's button does), as the cookie pair a browser sends.
pub async fn session_cookie(app: &contigo_bot::app::App, telegram_id: i64) -> String {
    use contigo_bot::store::{console, staff};
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let member = staff::by_chat(
        &mut conn,
        contigo_bot::message::ChatKey::new(
            contigo_bot::message::Channel::Telegram,
            &telegram_id.to_string(),
        ),
    )
    .await
    .expect("read")
    .expect("a staff member");
    let session = console::new_secret().expect("secret");
    let csrf = console::new_secret().expect("secret");
    console::create_session(&mut conn, &session, member.id, &csrf, app.clock.unix())
        .await
        .expect("session");
    format!("{}={session}", contigo_bot::http::console::SESSION_COOKIE)
}
