//! Text search over the entries of one language: BM25 ranking on Snowball stems
//! (`rust-stemmers`, Spanish or English), with what rural allies type folded in
//! first (accents and case, chat abbreviations such as q, xq, dnd, tb, x), the
//! program's synonyms (usuario aliado ≈ cuenta ≈ acceso; pensión ≈ pago ≈ cobro;
//! DDC ≈ declaración ≈ confidencialidad…) added to the question at a lower
//! weight, and a typed word the index does not know matched to the closest known
//! one (one letter off, two in long words).
//!
//! An entry is one document whose terms count more where they appear: its
//! keywords, then its title, then its text. Pairs of neighbouring words ("usuario
//! aliado", "juzgado paz") are terms too, so a phrase found whole counts extra.
//!
//! The confidence that decides between an answer, a few titles and a person is
//! calibrated on the development questions (`benches/kb/dev.tsv`): how much of
//! what the question says the best entry covers, and how far it leads the second.
//! The held-out questions (`benches/kb/heldout.tsv`) are never used to tune it.

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};

use super::{Entry, Kind};
use crate::domain::normalize;
// One table of chat Spanish ("q" → "que", "xq" → "porque") for the reading and the search.
use crate::domain::reading::ABBREVIATIONS;

/// What a question found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// One entry stands out.
    Answer(String),
    /// A few entries are close: the user picks (best first).
    Unclear(Vec<String>),
    Nothing,
}

/// How much a term counts where it appears in an entry.
const KEYWORD: f64 = 3.0;
const TITLE: f64 = 2.0;
const BODY: f64 = 1.0;
/// A pair of neighbouring words counts this much more than one word.
const PAIR: f64 = 1.5;
/// A synonym from the lexicon, and a typed word read as the closest known one.
const SYNONYM: f64 = 0.35;
const TYPO: f64 = 0.7;

/// How much "¿Cómo…?" favours a guide, and anything else an answer.
const LEANING: f64 = 1.3;

/// BM25's term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.5;

/// The thresholds of the confidence (see the module's doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Below this share of the question covered by the best entry, a person.
    pub cover_floor: f64,
    /// From this share, with the lead below, the best entry is the answer.
    pub cover_sure: f64,
    /// The best entry's score over the second's needed to answer outright.
    pub lead: f64,
    /// The lead enough when the best entry covers everything the question says.
    pub full_lead: f64,
    /// Scores below this are noise (a single common word): a person.
    pub score_floor: f64,
    /// How much a word no entry has weighs in the share covered, against the
    /// rarest word an entry has: "el alcalde fue vacado, quien firma ahora" is
    /// about what no entry says.
    pub unknown: f64,
    /// The least score per meaningful word typed for an outright answer: a long
    /// question that the best entry matches only thinly ("registrar a una persona
    /// nueva en el programa como se hace" scoring as "cobro" alone would) is offered
    /// titles instead.
    pub per_word: f64,
}

/// Chosen on the development questions only, by the rule of
/// `kb::questions::calibrate_on_dev` (cross-validated).
pub const CALIBRATION: Calibration = Calibration {
    cover_floor: 0.45,
    cover_sure: 0.4,
    lead: 1.2,
    full_lead: 1.0,
    score_floor: 5.0,
    unknown: 1.5,
    per_word: 2.0,
};
/// How many close entries an unclear match offers (at least two).
const OFFERED: usize = 3;

/// Words that say nothing about what is asked (Spanish and English, as typed
/// without accents, after chat abbreviations are spelled out).
const STOPWORDS: &[&str] = &[
    "a", "al", "algo", "alguien", "ante", "aqui", "aca", "buen", "buena", "buenas", "buenos",
    "con", "cual", "cuales", "de", "del", "disculpe", "e", "el", "ella", "en", "es", "esa", "ese",
    "esta", "este", "esto", "favor", "gracias", "hay", "hola", "la", "las", "le", "les", "lo",
    "los", "me", "mi", "mis", "muy", "nos", "o", "para", "pero", "por", "porfa", "porfavor",
    "pregunta", "que", "quiero", "quisiera", "saber", "se", "ser", "si", "sr", "sra", "su", "sus",
    "tardes", "te", "tengo", "tiene", "tienen", "u", "un", "una", "uno", "unos", "usted",
    "ustedes", "y", "ya", "yo", "noches", "senor", "senora", "senorita", "estimado", "estimada",
    "ayuda", "ayudar", "ayudeme", "necesito", "puedo", "puede", "pueden", "podria", "debo",
    "deben", "hacer", "hago", "hace", "hacemos", "seria", "era", "fue", "son", "estan", "tambien",
    "ahora", "nada", "eso", "ok", "bueno", "dice", "ver", "ir", "va", "tener", "quiere", "quieren",
    "porque", "somos", "soy", "igual", "todo", "toda", "todos", "todas", "algun", "alguna",
    "algunos", "algunas", "sera", "decir", "dijo", "dijeron", "nosotros", "nuestro", "nuestra",
    "nuestros", "estaba", "estoy", "hice", "van", "vamos", "tenia", "dar", "the", "an", "of", "to",
    "for", "in", "on", "is", "are", "do", "does", "what", "which", "can", "i", "my", "it", "and",
    "or", "with", "about", "please", "hi", "hello", "want", "need", "know", "be", "we", "our",
    "you", "your", "there", "this", "that", "get", "if", "from", "at", "by", "have", "has",
];

/// The program's own words: each group's members stand for one another (a
/// question with one also looks for the others, at a lower weight).
const LEXICON: &[&[&str]] = &[
    &[
        "usuario aliado",
        "cuenta",
        "acceso",
        "usuario omaped",
        "aplicativo",
        "aplicacion",
        "plataforma",
        "sistema",
    ],
    &[
        "pension", "pago", "cobro", "bono", "plata", "dinero", "deposito", "abono",
    ],
    &[
        "ddc",
        "declaracion",
        "confidencialidad",
        "declaracion jurada",
        "compromiso",
    ],
    &["contrasena", "clave", "password", "credenciales"],
    &["demora", "tarda", "plazo", "tiempo", "rapido"],
    &["firma", "sello", "rubrica"],
    &[
        "notario",
        "notarial",
        "legalizar",
        "legalizada",
        "juzgado",
        "juez",
        "certificar",
        "validar",
        "validacion",
    ],
    &[
        "renovar",
        "renovacion",
        "renueva",
        "renuevo",
        "vence",
        "vencimiento",
    ],
    &[
        "responsable",
        "encargado",
        "encargada",
        "jefe",
        "jefa",
        "coordinador",
    ],
    &[
        "padron",
        "lista",
        "listado",
        "base de datos",
        "beneficiarios",
    ],
    &["menor", "nino", "nina", "hijo", "hija", "bebe", "wawa"],
    &["alcalde", "alcaldesa", "autoridad", "gobernador", "titular"],
    &[
        "telefono",
        "celular",
        "llamar",
        "contacto",
        "comunicar",
        "whatsapp",
    ],
    &["horario", "hora", "atienden"],
    &["tarjeta", "debito", "cajero"],
    &["sis", "salud", "seguro integral"],
    &[
        "cebe",
        "prite",
        "colegio",
        "escuela",
        "estudiar",
        "educacion",
    ],
    &[
        "observacion",
        "observar",
        "observada",
        "subsanar",
        "corregir",
    ],
    &["fallecio", "murio", "fallecimiento", "difunto"],
    &["reclamo", "queja", "denuncia"],
    &["limite", "maximo", "tope"],
    &["requisitos", "condiciones", "documentos", "papeles"],
    &["municipalidad", "municipio", "gobierno local"],
    &["calendario", "cronograma", "fecha"],
];

fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// A text's words as typed, accents and case folded and chat abbreviations
/// spelled out.
fn spelled_out(text: &str) -> Vec<String> {
    let mut out = vec![];
    for w in normalize(text).split_whitespace() {
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => out.extend(full.split(' ').map(str::to_owned)),
            None => out.push(w.to_owned()),
        }
    }
    out
}

/// The words of a text that carry meaning, normalised (not stemmed).
pub fn words(text: &str) -> Vec<String> {
    spelled_out(text)
        .into_iter()
        .filter(|w| !is_stopword(w))
        .collect()
}

/// The language's stemmer: Spanish's Snowball, English for the English entries.
struct Analyzer {
    stemmer: Stemmer,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer")
    }
}

impl Analyzer {
    fn new(lang: &str) -> Self {
        let algorithm = if lang == "en" {
            Algorithm::English
        } else {
            Algorithm::Spanish
        };
        Self {
            stemmer: Stemmer::create(algorithm),
        }
    }

    fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }

    /// A text's terms: the stems of its meaningful words, then each pair of
    /// neighbours ("usuari ali").
    fn terms(&self, text: &str) -> Vec<String> {
        let stems: Vec<String> = words(text).iter().map(|w| self.stem(w)).collect();
        let pairs: Vec<String> = stems
            .windows(2)
            .map(|p| format!("{} {}", p[0], p[1]))
            .collect();
        stems.into_iter().chain(pairs).collect()
    }
}

/// What a question asks about, as weighted terms: each typed term (and its
/// synonyms), with the typed term it stands for.
struct Query {
    /// term → (weight, the typed term it comes from)
    terms: HashMap<String, (f64, usize)>,
    /// The typed terms, for the share covered.
    typed: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct Index {
    analyzer: Option<Analyzer>,
    /// Entry ids, and whether each is a guide.
    ids: Vec<(String, Kind)>,
    /// term → (entry, weighted frequency) for each entry it appears in.
    postings: HashMap<String, Vec<(usize, f64)>>,
    /// Each entry's weighted length, and the average.
    lengths: Vec<f64>,
    average: f64,
    /// term → the other terms of its lexicon group.
    synonyms: HashMap<String, Vec<String>>,
    /// The single-word terms, for reading a typo as a known word.
    vocabulary: Vec<String>,
}

/// What the ranking found for a question, before the decision.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// Entry ids with their scores, best first.
    pub ranked: Vec<(String, f64)>,
    /// How much of the question's meaning the best entry covers.
    pub covered: Covered,
    /// How many meaningful words the question has.
    pub words: usize,
}

/// What the best entry covers of the typed words, weighted by how telling each is:
/// the words some entry has apart from those none has (weighed as the rarest).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Covered {
    pub known: f64,
    pub known_matched: f64,
    pub unknown: f64,
    pub unknown_matched: f64,
}

impl Ranking {
    /// The share of the question the best entry covers (0 to 1), a word no entry
    /// has weighing `unknown` of the rarest.
    pub fn coverage_with(&self, unknown: f64) -> f64 {
        let c = &self.covered;
        let total = c.known + unknown * c.unknown;
        if total == 0.0 {
            0.0
        } else {
            (c.known_matched + unknown * c.unknown_matched) / total
        }
    }

    /// The share covered with the shipped calibration.
    pub fn coverage(&self) -> f64 {
        self.coverage_with(CALIBRATION.unknown)
    }
}

impl Index {
    pub(super) fn build<'a>(lang: &str, entries: impl Iterator<Item = &'a Entry>) -> Index {
        let analyzer = Analyzer::new(lang);
        let mut index = Index::default();
        for (n, entry) in entries.enumerate() {
            index.ids.push((entry.id.clone(), entry.kind));
            let mut tf: HashMap<String, f64> = HashMap::new();
            // A phrase of several words counts as the phrase: its words alone
            // count as in the text.
            for k in &entry.keywords {
                let terms = analyzer.terms(k);
                let phrase = terms.len() > 1;
                for t in terms {
                    let w = match (phrase, t.contains(' ')) {
                        (_, true) => KEYWORD * PAIR,
                        (true, false) => TITLE,
                        (false, false) => KEYWORD,
                    };
                    *tf.entry(t).or_insert(0.0) += w;
                }
            }
            let mut add = |text: &str, weight: f64| {
                for t in analyzer.terms(text) {
                    let w = if t.contains(' ') {
                        weight * PAIR
                    } else {
                        weight
                    };
                    *tf.entry(t).or_insert(0.0) += w;
                }
            };
            add(&entry.title, TITLE);
            add(&entry.body, BODY);
            for step in &entry.steps {
                add(step, BODY);
            }
            index.lengths.push(tf.values().sum());
            for (term, f) in tf {
                index.postings.entry(term).or_default().push((n, f));
            }
        }
        index.average = if index.lengths.is_empty() {
            1.0
        } else {
            index.lengths.iter().sum::<f64>() / index.lengths.len() as f64
        };
        for group in LEXICON {
            let terms: Vec<String> = group
                .iter()
                .filter_map(|w| analyzer.terms(w).into_iter().last())
                .collect();
            for t in &terms {
                let others = terms.iter().filter(|o| *o != t).cloned();
                index.synonyms.entry(t.clone()).or_default().extend(others);
            }
        }
        index.vocabulary = index
            .postings
            .keys()
            .filter(|t| !t.contains(' '))
            .cloned()
            .collect();
        index.vocabulary.sort();
        index.analyzer = Some(analyzer);
        index
    }

    fn idf(&self, term: &str) -> f64 {
        let n = self.ids.len() as f64;
        let df = self.postings.get(term).map_or(0, Vec::len) as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The known term a typed one most likely means, if it is unknown.
    fn closest(&self, typed: &str) -> Option<&str> {
        let len = typed.chars().count();
        let allowed = match len {
            0..=3 => return None,
            4..=6 => 1,
            _ => 2,
        };
        self.vocabulary
            .iter()
            .filter(|k| k.chars().count().abs_diff(len) <= allowed)
            .map(|k| (strsim::damerau_levenshtein(typed, k), k))
            .filter(|(d, _)| *d <= allowed)
            .min_by_key(|(d, k)| (*d, std::cmp::Reverse(self.postings[*k].len())))
            .map(|(_, k)| k.as_str())
    }

    fn query(&self, question: &str) -> Query {
        let Some(analyzer) = &self.analyzer else {
            return Query {
                terms: HashMap::new(),
                typed: vec![],
            };
        };
        let typed = analyzer.terms(question);
        let mut terms: HashMap<String, (f64, usize)> = HashMap::new();
        let mut put = |t: &str, w: f64, from: usize| {
            let slot = terms.entry(t.to_owned()).or_insert((0.0, from));
            if w > slot.0 {
                *slot = (w, from);
            }
        };
        for (i, t) in typed.iter().enumerate() {
            let known = if self.postings.contains_key(t) || self.synonyms.contains_key(t) {
                put(t, 1.0, i);
                Some(t.as_str())
            } else if t.contains(' ') {
                None
            } else {
                let c = self.closest(t);
                if let Some(c) = c {
                    put(c, TYPO, i);
                }
                c
            };
            if let Some(k) = known
                && let Some(syns) = self.synonyms.get(k)
            {
                for s in syns {
                    put(s, SYNONYM, i);
                }
            }
        }
        Query { terms, typed }
    }

    /// Every entry's score for a question, best first, and how much of the
    /// question the best one covers.
    pub(super) fn rank(&self, question: &str) -> Ranking {
        // "Hola buenas, una consulta: …" is read from what is asked.
        let question = &crate::domain::reading::what_is_asked(question);
        let query = self.query(question);
        let mut scores = vec![0.0; self.ids.len()];
        // Per entry, the typed terms (by position) it matched and how well.
        let mut matched: Vec<HashMap<usize, f64>> = vec![HashMap::new(); self.ids.len()];
        for (term, (weight, from)) in &query.terms {
            let Some(postings) = self.postings.get(term) else {
                continue;
            };
            let idf = self.idf(term);
            for (entry, f) in postings {
                let norm = 1.0 - B + B * self.lengths[*entry] / self.average;
                scores[*entry] += weight * idf * f * (K1 + 1.0) / (f + K1 * norm);
                let m = matched[*entry].entry(*from).or_insert(0.0);
                *m = m.max(*weight);
            }
        }
        // "¿Cómo…?" leans to the step-by-step guides, "¿Qué es…?" to the answers.
        let start = spelled_out(question).join(" ");
        let how = ["como ", "how "].iter().any(|w| start.starts_with(w));
        let what = [
            "que es ",
            "que son ",
            "que significa ",
            "que quiere decir ",
            "para que sirve ",
            "what is ",
            "what are ",
        ]
        .iter()
        .any(|w| start.starts_with(w));
        let mut ranked: Vec<(usize, f64)> = scores
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let guide = self.ids[i].1 == Kind::Guide;
                // Without "¿Cómo…?" an answer is preferred to its guide.
                let leaning = (how && guide) || ((what || !how) && !guide);
                (i, if leaning { s * LEANING } else { s })
            })
            .filter(|(_, s)| *s > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let covered = ranked.first().map_or(Covered::default(), |(best, _)| {
            self.covered(&query, &matched[*best])
        });
        Ranking {
            ranked: ranked
                .into_iter()
                .map(|(i, s)| (self.ids[i].0.clone(), s))
                .collect(),
            covered,
            words: query.typed.iter().filter(|t| !t.contains(' ')).count(),
        }
    }

    /// The typed single words (weighted by how telling they are) an entry matched;
    /// a word the index has never seen weighs as the rarest.
    fn covered(&self, query: &Query, matched: &HashMap<usize, f64>) -> Covered {
        let rarest = self.idf("");
        let mut c = Covered::default();
        let mut seen = HashSet::new();
        for (i, t) in query.typed.iter().enumerate() {
            if t.contains(' ') || !seen.insert(t) {
                continue;
            }
            let got = matched.get(&i).copied().unwrap_or(0.0);
            if self.postings.contains_key(t) {
                let idf = self.idf(t);
                c.known += idf;
                c.known_matched += idf * got;
            } else {
                c.unknown += rarest;
                c.unknown_matched += rarest * got;
            }
        }
        c
    }

    pub(super) fn find(&self, question: &str) -> Found {
        decide(&self.rank(question))
    }
}

/// The calibrated decision: an answer, a few titles, or nothing (a person).
pub fn decide(ranking: &Ranking) -> Found {
    decide_with(ranking, &CALIBRATION)
}

/// The decision with given thresholds (the calibration tries several).
pub fn decide_with(ranking: &Ranking, c: &Calibration) -> Found {
    let Some((best, top)) = ranking.ranked.first() else {
        return Found::Nothing;
    };
    let coverage = ranking.coverage_with(c.unknown);
    if *top < c.score_floor || coverage < c.cover_floor {
        return Found::Nothing;
    }
    let second = ranking.ranked.get(1).map_or(0.0, |r| r.1);
    // One word ("cobro") says too little to answer on coverage alone.
    let lead = if coverage >= 0.99 && ranking.words >= 2 {
        c.full_lead
    } else {
        c.lead
    };
    if coverage >= c.cover_sure
        && *top >= second * lead
        && *top >= c.per_word * ranking.words as f64
    {
        return Found::Answer(best.clone());
    }
    let offered: Vec<String> = ranking
        .ranked
        .iter()
        .take(OFFERED)
        .enumerate()
        .filter(|(i, (_, s))| *i < 2 || *s >= top * 0.5)
        .map(|(_, (id, _))| id.clone())
        .collect();
    Found::Unclear(offered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_spanish_is_spelled_out_and_empty_words_dropped() {
        assert_eq!(words("¿Qué es la FAD, por favor?"), vec!["fad"]);
        assert_eq!(words("Cuánto PAGAN"), vec!["cuanto", "pagan"]);
        assert_eq!(
            words("xq no me llega mi usuario"),
            vec!["no", "llega", "usuario"]
        );
        assert_eq!(words("dnd veo x q tb"), vec!["donde", "veo"]);
    }

    #[test]
    fn spanish_words_share_their_stem() {
        let a = Analyzer::new("es");
        assert_eq!(a.stem("cobrar"), a.stem("cobran"));
        assert_eq!(a.stem("pagan"), a.stem("pago"));
        assert_eq!(
            a.terms("usuario aliado"),
            vec!["usuari", "ali", "usuari ali"]
        );
    }
}
