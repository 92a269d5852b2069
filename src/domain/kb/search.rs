//! A small ranked keyword index over the entries of one language: what a question
//! in one's own words is about, tolerant of accents, case, typos and word endings
//! ("pencion", "afiliar"/"afiliación", "revocatoria"/"revocar").
//!
//! Each entry's words are weighted by where they appear (its keywords most, then
//! its title, then its text) and by how rare they are across entries; a keyword
//! phrase found whole in the question ("cuánto pagan") counts extra. A question's
//! words each add the best match they find in an entry.

use std::collections::HashMap;

use super::{Entry, Kind};
use crate::domain::normalize;

/// What a question found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// One entry stands out.
    Answer(String),
    /// A few entries are close: the user picks (best first).
    Unclear(Vec<String>),
    Nothing,
}

const KEYWORD: f64 = 3.0;
const TITLE: f64 = 2.0;
const BODY: f64 = 0.4;
/// A keyword phrase of several words found whole in the question: this many times
/// the rarity of its words.
const PHRASE: f64 = 1.0;

/// Below this no entry is offered at all.
const FLOOR: f64 = 4.0;
/// From this, with a clear lead over the second, the best entry is the answer.
const SURE: f64 = 7.0;
/// The lead the best needs over the second to be the answer.
const LEAD: f64 = 1.25;
/// How many close entries an unclear match offers.
const OFFERED: usize = 3;

/// Words that say nothing about what is asked (Spanish and English, as typed
/// without accents).
const STOPWORDS: &[&str] = &[
    "a", "al", "algo", "alguien", "ante", "aqui", "buen", "buena", "buenas", "buenos", "como",
    "con", "cual", "cuales", "de", "del", "dia", "dias", "disculpe", "donde", "e", "el", "ella",
    "en", "es", "esa", "ese", "esta", "este", "esto", "favor", "gracias", "hay", "hola", "la",
    "las", "le", "les", "lo", "los", "me", "mi", "mis", "muy", "nos", "o", "para", "pero", "por",
    "porfa", "porfavor", "pregunta", "que", "quiero", "quisiera", "saber", "se", "ser", "si", "sr",
    "sra", "su", "sus", "tardes", "te", "tengo", "tiene", "tienen", "u", "un", "una", "uno",
    "unos", "usted", "ustedes", "y", "ya", "yo", "noches", "senor", "senora", "senorita",
    "estimado", "estimada", "consulta", "ayuda", "ayudar", "ayudeme", "necesito", "puedo", "puede",
    "pueden", "podria", "debo", "deben", "hacer", "hago", "seria", "era", "fue", "son", "estan",
    "esta", "the", "an", "of", "to", "for", "in", "on", "is", "are", "do", "does", "how", "what",
    "when", "where", "who", "which", "can", "i", "my", "it", "and", "or", "with", "about",
    "please", "hi", "hello", "want", "need", "know", "be", "we", "our", "you", "your", "there",
    "this", "that", "get", "if", "from", "at", "by", "have", "has",
];

fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// The words of a text that carry meaning, normalised.
pub fn words(text: &str) -> Vec<String> {
    normalize(text)
        .split_whitespace()
        .filter(|w| !is_stopword(w))
        .map(str::to_owned)
        .collect()
}

/// How close a typed word is to an indexed one (0 when unrelated).
fn similarity(typed: &str, known: &str) -> f64 {
    if typed == known {
        return 1.0;
    }
    let (a, b) = (typed.chars().count(), known.chars().count());
    let shortest = a.min(b);
    if shortest < 3 {
        return 0.0;
    }
    // Same word with another ending: afiliar / afiliacion / afiliado.
    let common = typed
        .chars()
        .zip(known.chars())
        .take_while(|(x, y)| x == y)
        .count();
    if shortest >= 5 && common >= 4.max(shortest.saturating_sub(2)) {
        return 0.85;
    }
    // A typo: one letter off (two in long words).
    let allowed = match shortest {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    if allowed > 0 && strsim::damerau_levenshtein(typed, known) <= allowed {
        return 0.8;
    }
    0.0
}

#[derive(Debug, Default)]
pub(super) struct Index {
    /// Entry ids, and whether each is a guide.
    ids: Vec<(String, Kind)>,
    /// Every indexed word, with (entry, weight) for each entry it appears in.
    vocabulary: HashMap<String, Vec<(usize, f64)>>,
    /// Each entry's keyword phrases of several words.
    phrases: Vec<Vec<String>>,
    /// How many entries each word appears in.
    counts: HashMap<String, usize>,
}

impl Index {
    pub(super) fn build<'a>(entries: impl Iterator<Item = &'a Entry>) -> Index {
        let mut index = Index::default();
        for (n, entry) in entries.enumerate() {
            index.ids.push((entry.id.clone(), entry.kind));
            let mut weights: HashMap<String, f64> = HashMap::new();
            let mut add = |text: &str, weight: f64| {
                for w in words(text) {
                    let slot = weights.entry(w).or_insert(0.0);
                    *slot = slot.max(weight);
                }
            };
            for k in &entry.keywords {
                add(k, KEYWORD);
            }
            add(&entry.title, TITLE);
            add(&entry.body, BODY);
            for step in &entry.steps {
                add(step, BODY);
            }
            for (word, weight) in weights {
                *index.counts.entry(word.clone()).or_default() += 1;
                index.vocabulary.entry(word).or_default().push((n, weight));
            }
            index.phrases.push(
                entry
                    .keywords
                    .iter()
                    .filter(|k| k.contains(' '))
                    .cloned()
                    .collect(),
            );
        }
        index
    }

    /// Each entry's score for a question, best first.
    pub(super) fn scores(&self, question: &str) -> Vec<(usize, f64)> {
        let n = self.ids.len().max(1) as f64;
        let mut scores = vec![0.0; self.ids.len()];
        let typed = words(question);
        for word in &typed {
            // The best this word finds in each entry.
            let mut best = vec![0.0_f64; self.ids.len()];
            for (known, postings) in &self.vocabulary {
                let sim = similarity(word, known);
                if sim == 0.0 {
                    continue;
                }
                let rarity = (1.0 + n / postings.len() as f64).ln();
                for (entry, weight) in postings {
                    best[*entry] = best[*entry].max(sim * weight * rarity);
                }
            }
            for (score, b) in scores.iter_mut().zip(best) {
                *score += b;
            }
        }
        let question = format!(" {} ", normalize(question));
        let rarity = |w: &str| {
            let df = self.counts.get(w).copied().unwrap_or(0).max(1) as f64;
            (1.0 + n / df).ln()
        };
        for (entry, phrases) in self.phrases.iter().enumerate() {
            for phrase in phrases {
                if question.contains(&format!(" {phrase} ")) {
                    scores[entry] += PHRASE * phrase.split(' ').map(rarity).sum::<f64>();
                }
            }
        }
        // "¿Cómo…?" leans to the step-by-step guides, "¿Qué es…?" to the answers.
        let start = question.trim_start();
        let how = start.starts_with("como ") || start.starts_with("how ");
        let what = [
            "que es ",
            "que son ",
            "que significa ",
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
                let leaning = (how && guide) || (what && !guide);
                (i, if leaning { s * 1.2 } else { s })
            })
            .filter(|(_, s)| *s > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }

    pub(super) fn find(&self, question: &str) -> Found {
        let ranked = self.scores(question);
        let Some(&(best, top)) = ranked.first() else {
            return Found::Nothing;
        };
        if top < FLOOR {
            return Found::Nothing;
        }
        let second = ranked.get(1).map_or(0.0, |r| r.1);
        if top >= SURE && top >= second * LEAD {
            return Found::Answer(self.ids[best].0.clone());
        }
        Found::Unclear(
            ranked
                .iter()
                .take(OFFERED)
                .filter(|(_, s)| *s >= top * 0.5)
                .map(|(i, _)| self.ids[*i].0.clone())
                .collect(),
        )
    }

    /// The ids of the best entries, for tests and tuning.
    #[cfg(test)]
    pub(super) fn ranked_ids(&self, question: &str) -> Vec<(String, f64)> {
        self.scores(question)
            .into_iter()
            .map(|(i, s)| (self.ids[i].0.clone(), s))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_meet_their_relatives() {
        assert_eq!(similarity("pension", "pension"), 1.0);
        assert!(similarity("pencion", "pension") > 0.0);
        assert!(similarity("afiliar", "afiliacion") > 0.0);
        assert!(similarity("cobrar", "cobro") > 0.0);
        assert!(similarity("rebocatoria", "revocatoria") > 0.0);
        assert_eq!(similarity("casa", "caso"), 0.8);
        assert_eq!(similarity("pago", "padron"), 0.0);
        assert_eq!(similarity("contigo", "contacto"), 0.0);
        assert_eq!(similarity("de", "del"), 0.0);
    }

    #[test]
    fn words_drop_what_says_nothing() {
        assert_eq!(words("¿Qué es la FAD, por favor?"), vec!["fad"]);
        assert_eq!(words("Cuánto PAGAN"), vec!["cuanto", "pagan"]);
    }
}
