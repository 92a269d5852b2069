//! User-facing text: Fluent files under `locales/<lang>/`, embedded in the binary so a
//! deployment is one file. Spanish (`es`) is the default and the fallback.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// Every Fluent file shipped, per language. A test checks this list against `locales/`.
pub const FILES: &[(&str, &str, &str)] = &[
    ("es", "main.ftl", include_str!("../locales/es/main.ftl")),
    (
        "es",
        "coverage.ftl",
        include_str!("../locales/es/coverage.ftl"),
    ),
    (
        "es",
        "lessons.ftl",
        include_str!("../locales/es/lessons.ftl"),
    ),
    ("es", "values.ftl", include_str!("../locales/es/values.ftl")),
    ("es", "upload.ftl", include_str!("../locales/es/upload.ftl")),
    ("es", "stages.ftl", include_str!("../locales/es/stages.ftl")),
    ("es", "ddc.ftl", include_str!("../locales/es/ddc.ftl")),
    ("es", "review.ftl", include_str!("../locales/es/review.ftl")),
    (
        "es",
        "whatsapp.ftl",
        include_str!("../locales/es/whatsapp.ftl"),
    ),
    (
        "es",
        "tickets.ftl",
        include_str!("../locales/es/tickets.ftl"),
    ),
    ("es", "cases.ftl", include_str!("../locales/es/cases.ftl")),
    ("es", "padron.ftl", include_str!("../locales/es/padron.ftl")),
    ("es", "email.ftl", include_str!("../locales/es/email.ftl")),
    (
        "es",
        "access_life.ftl",
        include_str!("../locales/es/access_life.ftl"),
    ),
    (
        "es",
        "lifecycle.ftl",
        include_str!("../locales/es/lifecycle.ftl"),
    ),
    ("es", "faq.ftl", include_str!("../locales/es/faq.ftl")),
    (
        "es",
        "reports.ftl",
        include_str!("../locales/es/reports.ftl"),
    ),
    ("es", "ctvc.ftl", include_str!("../locales/es/ctvc.ftl")),
    (
        "es",
        "console.ftl",
        include_str!("../locales/es/console.ftl"),
    ),
    ("es", "form.ftl", include_str!("../locales/es/form.ftl")),
    ("es", "flows.ftl", include_str!("../locales/es/flows.ftl")),
    ("es", "audit.ftl", include_str!("../locales/es/audit.ftl")),
    (
        "es",
        "corrections.ftl",
        include_str!("../locales/es/corrections.ftl"),
    ),
    ("en", "main.ftl", include_str!("../locales/en/main.ftl")),
    (
        "en",
        "coverage.ftl",
        include_str!("../locales/en/coverage.ftl"),
    ),
    (
        "en",
        "lessons.ftl",
        include_str!("../locales/en/lessons.ftl"),
    ),
    ("en", "audit.ftl", include_str!("../locales/en/audit.ftl")),
    ("en", "values.ftl", include_str!("../locales/en/values.ftl")),
    ("en", "upload.ftl", include_str!("../locales/en/upload.ftl")),
    ("en", "stages.ftl", include_str!("../locales/en/stages.ftl")),
    ("en", "review.ftl", include_str!("../locales/en/review.ftl")),
    (
        "en",
        "whatsapp.ftl",
        include_str!("../locales/en/whatsapp.ftl"),
    ),
    (
        "en",
        "tickets.ftl",
        include_str!("../locales/en/tickets.ftl"),
    ),
    ("en", "cases.ftl", include_str!("../locales/en/cases.ftl")),
    ("en", "padron.ftl", include_str!("../locales/en/padron.ftl")),
    ("en", "email.ftl", include_str!("../locales/en/email.ftl")),
    (
        "en",
        "access_life.ftl",
        include_str!("../locales/en/access_life.ftl"),
    ),
    (
        "en",
        "lifecycle.ftl",
        include_str!("../locales/en/lifecycle.ftl"),
    ),
    ("en", "faq.ftl", include_str!("../locales/en/faq.ftl")),
    (
        "en",
        "reports.ftl",
        include_str!("../locales/en/reports.ftl"),
    ),
    ("en", "ctvc.ftl", include_str!("../locales/en/ctvc.ftl")),
    (
        "en",
        "console.ftl",
        include_str!("../locales/en/console.ftl"),
    ),
    ("en", "form.ftl", include_str!("../locales/en/form.ftl")),
    ("en", "flows.ftl", include_str!("../locales/en/flows.ftl")),
    (
        "en",
        "corrections.ftl",
        include_str!("../locales/en/corrections.ftl"),
    ),
];

/// The built-in knowledge base (`domain::kb`): Fluent files of answers and guides,
/// per language, under `locales/kb/<lang>/`. An operator's `[kb] dir` adds to them.
pub const KB_FILES: &[(&str, &str, &str)] = &[
    (
        "es",
        "programa.ftl",
        include_str!("../locales/kb/es/programa.ftl"),
    ),
    (
        "es",
        "cobro.ftl",
        include_str!("../locales/kb/es/cobro.ftl"),
    ),
    (
        "es",
        "acceso.ftl",
        include_str!("../locales/kb/es/acceso.ftl"),
    ),
    (
        "es",
        "padron.ftl",
        include_str!("../locales/kb/es/padron.ftl"),
    ),
    (
        "es",
        "atencion.ftl",
        include_str!("../locales/kb/es/atencion.ftl"),
    ),
    (
        "es",
        "guias.ftl",
        include_str!("../locales/kb/es/guias.ftl"),
    ),
    (
        "en",
        "programa.ftl",
        include_str!("../locales/kb/en/programa.ftl"),
    ),
    (
        "en",
        "cobro.ftl",
        include_str!("../locales/kb/en/cobro.ftl"),
    ),
    (
        "en",
        "acceso.ftl",
        include_str!("../locales/kb/en/acceso.ftl"),
    ),
    (
        "en",
        "padron.ftl",
        include_str!("../locales/kb/en/padron.ftl"),
    ),
    (
        "en",
        "atencion.ftl",
        include_str!("../locales/kb/en/atencion.ftl"),
    ),
    (
        "en",
        "guias.ftl",
        include_str!("../locales/kb/en/guias.ftl"),
    ),
];

/// The built-in lessons (`domain::lessons`), per language, under
/// `locales/lessons/<lang>/`. An operator's `[kb] lessons_dir` adds to them.
pub const LESSON_FILES: &[(&str, &str, &str)] = &[
    (
        "es",
        "lecciones.ftl",
        include_str!("../locales/lessons/es/lecciones.ftl"),
    ),
    (
        "en",
        "lecciones.ftl",
        include_str!("../locales/lessons/en/lecciones.ftl"),
    ),
];

pub const DEFAULT_LANG: &str = "es";

/// A translation in some reader's language: a message key and its arguments to text
/// (the chat's turn and the console each give theirs to shared renderers).
pub type Translate<'a> = &'a dyn Fn(&str, &[(&str, Arg)]) -> String;

#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("locale file {lang}/{file} does not parse: {errors}")]
    Parse {
        lang: String,
        file: String,
        errors: String,
    },
    #[error("locale file {lang}/{file} repeats message ids")]
    Duplicate { lang: String, file: String },
}

pub struct Locales {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales")
            .field("langs", &self.bundles.keys())
            .finish()
    }
}

impl Locales {
    pub fn embedded() -> Result<Self, I18nError> {
        let mut bundles: HashMap<&'static str, FluentBundle<FluentResource>> = HashMap::new();
        for (lang, file, source) in FILES {
            let resource = FluentResource::try_new((*source).to_owned()).map_err(|(_, errs)| {
                I18nError::Parse {
                    lang: (*lang).into(),
                    file: (*file).into(),
                    errors: format!("{errs:?}"),
                }
            })?;
            let bundle = bundles.entry(lang).or_insert_with(|| {
                let id: LanguageIdentifier = lang.parse().unwrap_or_default();
                let mut b = FluentBundle::new_concurrent(vec![id]);
                // Isolation marks show up as stray boxes on many phones' chat apps.
                b.set_use_isolating(false);
                b
            });
            bundle
                .add_resource(resource)
                .map_err(|_| I18nError::Duplicate {
                    lang: (*lang).into(),
                    file: (*file).into(),
                })?;
        }
        Ok(Self { bundles })
    }

    /// The language we answer in, from a platform language code such as "en-US".
    pub fn pick(&self, code: Option<&str>) -> &'static str {
        let code = code.unwrap_or(DEFAULT_LANG).to_ascii_lowercase();
        let base = code.split(['-', '_']).next().unwrap_or(DEFAULT_LANG);
        self.bundles
            .keys()
            .copied()
            .find(|l| *l == base)
            .unwrap_or(DEFAULT_LANG)
    }

    /// The language a browser prefers among ours, from its `Accept-Language`
    /// (weights honoured, equal weights in the browser's order); the default when
    /// it speaks none of them.
    pub fn pick_accepted(&self, accept_language: &str) -> &'static str {
        let known = |tag: &str| {
            let base = tag.trim().split(['-', '_']).next().unwrap_or("");
            self.bundles
                .keys()
                .copied()
                .find(|l| l.eq_ignore_ascii_case(base))
        };
        let mut ranked: Vec<(f32, &str)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut bits = part.split(';');
                let tag = bits.next()?.trim();
                let q = bits
                    .find_map(|b| b.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (!tag.is_empty() && q > 0.0).then_some((q, tag))
            })
            .collect();
        // Stable: equal weights keep the browser's order.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked
            .into_iter()
            .find_map(|(_, tag)| known(tag))
            .unwrap_or_else(|| self.pick(None))
    }

    /// The languages shipped.
    pub fn languages(&self) -> Vec<&'static str> {
        self.bundles.keys().copied().collect()
    }

    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(key))
    }

    pub fn message_ids(&self, lang: &str) -> Vec<String> {
        FILES
            .iter()
            .filter(|(l, _, _)| *l == lang)
            .flat_map(|(_, _, src)| {
                src.lines()
                    .filter(|l| {
                        l.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                            && l.contains(" =")
                    })
                    .filter_map(|l| l.split(" =").next().map(|s| s.trim().to_owned()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    pub fn t(&self, lang: &str, key: &str) -> String {
        self.format(lang, key, None)
    }

    pub fn t_args(&self, lang: &str, key: &str, args: &[(&str, Arg)]) -> String {
        let mut fa = FluentArgs::new();
        for (name, value) in args {
            let v: FluentValue = match value {
                Arg::Str(s) => FluentValue::from(s.clone()),
                Arg::Num(n) => FluentValue::from(*n),
            };
            fa.set(*name, v);
        }
        self.format(lang, key, Some(&fa))
    }

    fn format(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> String {
        for l in [lang, DEFAULT_LANG] {
            let Some(bundle) = self.bundles.get(l) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = vec![];
            let text = bundle.format_pattern(pattern, args, &mut errors);
            if !errors.is_empty() {
                tracing::warn!(key, lang = l, ?errors, "fluent formatting errors");
            }
            return text.into_owned();
        }
        tracing::error!(key, lang, "missing message id");
        key.to_owned()
    }
}

/// A Fluent argument value.
#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n as f64)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(n as f64)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Num(f64::from(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_say_tap_on_a_phone_and_type_the_number_in_the_terminal() {
        let loc = Locales::embedded().expect("locales parse");
        let say = |channel: &str| {
            loc.t_args(
                "es",
                "notify-lapsed",
                &[
                    ("code", "CTG-2026-000001".into()),
                    ("channel", channel.into()),
                    ("next", "Retomar solicitud".into()),
                ],
            )
        };
        assert!(say("telegram").contains("toque «Retomar solicitud»"));
        assert!(say("terminal").contains("escriba el número de «Retomar solicitud»"));
    }

    #[test]
    fn every_locale_file_is_embedded_and_parses() {
        let loc = Locales::embedded().expect("locales parse");
        for lang in ["es", "en"] {
            let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
            for entry in std::fs::read_dir(&dir).expect("locale dir") {
                let name = entry
                    .expect("entry")
                    .file_name()
                    .into_string()
                    .expect("utf8");
                assert!(
                    FILES.iter().any(|(l, f, _)| *l == lang && *f == name),
                    "{lang}/{name} is not listed in i18n::FILES"
                );
            }
        }
        assert_eq!(loc.pick(Some("en-US")), "en");
        assert_eq!(loc.pick(Some("pt-BR")), "es");
        assert_eq!(loc.pick(None), "es");
    }

    #[test]
    fn english_has_every_spanish_message() {
        let loc = Locales::embedded().expect("locales parse");
        let missing: Vec<String> = loc
            .message_ids("es")
            .into_iter()
            // The DDC is the program's Spanish legal form, rendered in Spanish always.
            .filter(|id| !id.starts_with("ddc-doc-") && !loc.has("en", id))
            .collect();
        assert!(missing.is_empty(), "missing in en: {missing:?}");
    }
}

#[cfg(test)]
mod plural_tests {
    //! A count shown next to a word says "1 solicitud", never "1 solicitudes".

    use super::*;

    /// Variables that carry a number. A new variable must be listed here or in
    /// [`TEXT_VARS`], so a count cannot slip past the check below unnoticed.
    const NUMERIC_VARS: &[&str] = &[
        "age",
        "answered",
        "closed",
        "conformes",
        "count",
        "days",
        "in_term",
        "limit",
        "limit_mb",
        "max",
        "max_megapixels",
        "mine",
        "minutes",
        "n",
        "noconformes",
        "open",
        "page",
        "pages",
        "rated",
        "received",
        "step",
        "taken",
        "total",
        "wait",
        "waiting",
        "year",
    ];

    /// Words after a number that do not change with it ("1 de 3", "5 MB", "1 received").
    const INVARIABLE_NEXT: &[&str] = &[
        "de", "of", "sin", "not", "y", "and", "MB", "min", "received", "closed", "answered",
        "approved", "taken",
    ];

    /// (message, variable) pairs left as they are, with the reason.
    const EXEMPT: &[(&str, &str)] = &[
        // A configured limit of many megapixels; its file belongs to the upload checks.
        ("upload-too-many-pixels", "max_megapixels"),
        // "Between 2 and { $max }": the maximum is never below the minimum of 2.
        ("ally-description-length", "max"),
    ];

    fn messages(lang: &str) -> Vec<(String, String)> {
        // (id, full source of the message including its indented continuation lines)
        let mut out: Vec<(String, String)> = vec![];
        for (_, _, src) in FILES.iter().filter(|(l, _, _)| *l == lang) {
            for line in src.lines() {
                let starts = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && line.contains(" =");
                if starts {
                    let id = line
                        .split(" =")
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_owned();
                    out.push((id, line.to_owned()));
                } else if let Some((_, body)) = out.last_mut()
                    && (line.starts_with(' ') || line.starts_with('}'))
                {
                    body.push('\n');
                    body.push_str(line);
                }
            }
        }
        out
    }

    fn vars(body: &str) -> Vec<String> {
        let mut found: Vec<String> = body
            .split('$')
            .skip(1)
            .map(|s| {
                s.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect()
            })
            .collect();
        found.sort();
        found.dedup();
        found
    }

    #[test]
    fn every_count_next_to_a_word_has_singular_and_plural_forms() {
        let mut bad = vec![];
        for lang in ["es", "en"] {
            for (id, body) in messages(lang) {
                for var in vars(&body) {
                    if !NUMERIC_VARS.contains(&var.as_str())
                        || EXEMPT.contains(&(id.as_str(), var.as_str()))
                    {
                        continue;
                    }
                    let placeable = format!("{{ ${var} }}");
                    let followed_by_word = body.match_indices(&placeable).any(|(i, _)| {
                        let rest = &body[i + placeable.len()..];
                        let next = rest.strip_prefix(' ').unwrap_or("");
                        let word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
                        !word.is_empty() && !INVARIABLE_NEXT.contains(&word.as_str())
                    });
                    let selects = body.contains(&format!("{{ ${var} ->"));
                    if followed_by_word && !selects {
                        bad.push(format!("{lang}/{id} (${var})"));
                    }
                }
            }
        }
        assert!(bad.is_empty(), "counts without [one]/*[other]: {bad:?}");
    }

    #[test]
    fn every_message_with_a_count_renders_one_in_the_singular() {
        let loc = Locales::embedded().expect("locales parse");
        // Plural words that must never follow a lone "1".
        let plurals = [
            "solicitudes",
            "días",
            "años",
            "distritos",
            "fotos",
            "páginas",
            "minutos",
            "registros",
            "búsquedas",
            "consultas",
            "tomadas",
            "respondidas",
            "cerradas",
            "recibidas",
            "calificaciones",
            "conformes",
            "esperan",
            "requests",
            "days",
            "years",
            "districts",
            "photos",
            "pages",
            "minutes",
            "rows",
            "lookups",
            "tickets",
            "ratings",
            "are",
        ];
        let mut bad = vec![];
        let mut checked = 0;
        for lang in ["es", "en"] {
            for (id, body) in messages(lang) {
                let vs = vars(&body);
                if !vs.iter().any(|v| NUMERIC_VARS.contains(&v.as_str())) {
                    continue;
                }
                for n in [1_i64, 2] {
                    let args: Vec<(&str, Arg)> = vs
                        .iter()
                        .map(|v| {
                            let value = if NUMERIC_VARS.contains(&v.as_str()) {
                                Arg::from(n)
                            } else {
                                Arg::from("X")
                            };
                            (v.as_str(), value)
                        })
                        .collect();
                    let text = loc.t_args(lang, &id, &args);
                    checked += 1;
                    assert!(
                        text.contains(&n.to_string()),
                        "{lang}/{id} with {n}: {text}"
                    );
                    if n == 1 {
                        let words: Vec<&str> = text
                            .split(|c: char| !c.is_alphanumeric())
                            .filter(|w| !w.is_empty())
                            .collect();
                        for pair in words.windows(2) {
                            if pair[0] == "1" && plurals.contains(&pair[1]) {
                                bad.push(format!("{lang}/{id}: {text}"));
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 40, "only {checked} renderings checked");
        assert!(bad.is_empty(), "plural after 1: {bad:?}");
        let one =
            |lang: &str, key: &str, var: &str| loc.t_args(lang, key, &[(var, Arg::from(1_i64))]);
        assert_eq!(
            one("es", "digest-title", "count"),
            "Resumen diario: 1 solicitud vencida."
        );
        assert_eq!(one("es", "digest-late", "days"), "1 día hábil de atraso");
        assert!(one("es", "padron-person", "age").ends_with(", 1 año."));
        assert!(one("en", "padron-person", "age").ends_with(", 1 year old."));
    }
}
