//! A browser as the console tests play it: plain HTTP with reqwest, one session
//! cookie kept by hand (as a browser's jar would, scoped to the console), redirects
//! not followed so each step's answer can be checked.

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

pub struct Browser {
    base: String,
    client: reqwest::Client,
    /// The console's session cookie, `name=value`, as last set by the server.
    pub cookie: Option<String>,
    /// The last `Set-Cookie` header the server sent, whole (to check its attributes).
    pub last_set_cookie: Option<String>,
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
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let request = self.client.post(format!("{}{path}", self.base)).form(form);
        self.send(request).await
    }

    /// A `multipart/form-data` form: text fields and files (name, file name, bytes).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Page {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
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
