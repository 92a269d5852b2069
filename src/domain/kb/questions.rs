//! The evaluation questions (`benches/kb/dev.tsv`, `benches/kb/heldout.tsv`): as
//! rural allies type them, each with the entry that answers it or "none". The
//! retrieval is measured on both and held above a floor; only the development part
//! was used to tune it (`cargo test --lib kb::questions -- --nocapture` prints the
//! figures; `cargo bench --bench kb` runs them through the whole engine).

use super::{Found, KnowledgeBase, builtin};

pub(super) const DEV: &str = include_str!("../../../benches/kb/dev.tsv");
pub(super) const HELD_OUT: &str = include_str!("../../../benches/kb/heldout.tsv");

use super::evaluation_set as parse;

#[derive(Debug, Default)]
struct Tally {
    questions: usize,
    answerable: usize,
    top1: usize,
    top3: usize,
    nones: usize,
    nones_to_person: usize,
    confidently_wrong: usize,
    misses: Vec<String>,
}

fn measure(kb: &KnowledgeBase, set: &str) -> Tally {
    let mut t = Tally::default();
    for (question, want) in parse(set) {
        t.questions += 1;
        for w in &want {
            assert!(kb.entry("es", w).is_some(), "{w} is no entry");
        }
        let ranking = kb.ranking("es", question);
        let found = super::decide(&ranking);
        let top: Vec<&str> = ranking
            .ranked
            .iter()
            .take(3)
            .map(|(i, _)| i.as_str())
            .collect();
        if want.is_empty() {
            t.nones += 1;
            match &found {
                Found::Nothing => t.nones_to_person += 1,
                Found::Answer(_) => t.confidently_wrong += 1,
                Found::Unclear(_) => {}
            }
            if found != Found::Nothing {
                t.misses.push(format!("{question:?} (none): {found:?}"));
            }
            continue;
        }
        t.answerable += 1;
        if top.iter().any(|i| want.contains(i)) {
            t.top3 += 1;
        }
        match &found {
            Found::Answer(got) if want.contains(&got.as_str()) => {
                t.top1 += 1;
                continue;
            }
            Found::Answer(_) => t.confidently_wrong += 1,
            _ => {}
        }
        t.misses.push(format!(
            "{question:?}: {found:?}, want {want:?}; coverage {:.2}, ranked {:?}",
            ranking.coverage(),
            ranking.ranked.iter().take(3).collect::<Vec<_>>()
        ));
    }
    t
}

fn print(name: &str, t: &Tally) {
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{name}: {} questions; answered right {}/{} ({:.0} %), right among the 3 best {} ({:.0} %), \
         \"none\" sent to a person {}/{}, confidently wrong {} ({:.1} %)",
        t.questions,
        t.top1,
        t.answerable,
        pct(t.top1, t.answerable),
        t.top3,
        pct(t.top3, t.answerable),
        t.nones_to_person,
        t.nones,
        t.confidently_wrong,
        pct(t.confidently_wrong, t.questions),
    );
    for m in &t.misses {
        println!("  {m}");
    }
}

#[test]
fn development_questions_reach_their_entry() {
    let kb = KnowledgeBase::load(&builtin()).expect("built-in entries load");
    let t = measure(&kb, DEV);
    print("dev", &t);
    assert!(t.questions >= 300, "{}", t.questions);
    // Floors under what the shipped calibration gives (session 8: 229 of 272
    // right, 8 of 316 confidently wrong; session 9, with the least score per word:
    // 246 of 296 right, 7 of 341 wrong; cross-validated 247 and 10).
    assert!(t.top1 * 100 >= t.answerable * 80, "top-1 under 80 %");
    assert!(
        t.confidently_wrong * 100 <= t.questions * 3,
        "over 3 % confidently wrong"
    );
}

#[test]
fn held_out_questions_are_measured_never_tuned_on() {
    let kb = KnowledgeBase::load(&builtin()).expect("built-in entries load");
    let t = measure(&kb, HELD_OUT);
    print("held-out", &t);
    assert!(t.questions >= 70, "{}", t.questions);
    // Floors under what was measured (first, when the tuning ended: 57 of 67 right,
    // 5 of 75 confidently wrong; after later changes made on the development part
    // only: 58 of 67, 4 of 75; session 7, with 105 more development questions: 61 of
    // 67, 4 of 75; session 8, the confidence chosen by cross-validation on 316
    // development questions, in the whole-engine bench: 59 of 67, 3 of 75), so a
    // change that makes it worse fails. The targets are top-1 ≥ 85 % and
    // ≤ 3 % confidently wrong: the second is not met (4.0 %).
    assert!(t.top1 * 100 >= t.answerable * 85, "top-1 under 85 %");
    assert!(
        t.confidently_wrong * 100 <= t.questions * 7,
        "over 7 % confidently wrong"
    );
}

/// What an answer given confidently but wrong may cost against a right one, tried
/// by the calibration: a wrong answer sends an ally the wrong way; titles or a
/// person only cost a tap.
const WRONG_COSTS: &[i64] = &[2, 4, 6, 8, 12, 16, 24, 32];

/// How many parts the development questions are cut into for the cross-validation.
const FOLDS: usize = 5;

/// The rule the calibration follows: the cheapest cost of a wrong answer whose
/// thresholds, chosen on four fifths of the development questions, give at most
/// this share of confident wrong answers on the fifth left out (each fifth in
/// turn), with at least this share answered right. The 3 % (not 1 %: on
/// the development questions of session 8, which tell more situations only a
/// person can settle, no thresholds tried reach 1 % cross-validated with more
/// than 60 % answered right).
const MOST_WRONG: f64 = 0.03;
const LEAST_RIGHT: f64 = 0.80;

/// What the thresholds do with one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Right,
    Wrong,
    /// A "none" sent to a person.
    NoneToPerson,
    /// Titles offered, or a person for a question that had an entry.
    Other,
}

fn outcome(found: &Found, want: &[&str]) -> Outcome {
    match found {
        Found::Answer(id) if want.contains(&id.as_str()) => Outcome::Right,
        Found::Answer(_) => Outcome::Wrong,
        Found::Nothing if want.is_empty() => Outcome::NoneToPerson,
        _ => Outcome::Other,
    }
}

/// The thresholds tried.
fn grid() -> Vec<super::Calibration> {
    let mut out = vec![];
    for cover_floor in [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5] {
        for cover_sure in [0.3, 0.4, 0.5, 0.6, 0.7] {
            for lead in [1.05, 1.1, 1.15, 1.2, 1.3, 1.4, 1.5, 1.7, 2.0] {
                for full_lead in [1.0, 1.05, 1.1, 1.15, 1.2, 1.3, 1.5] {
                    for score_floor in [1.0, 3.0, 5.0, 7.0, 9.0] {
                        for unknown in [0.5, 1.0, 1.5, 2.0, 3.0] {
                            for per_word in [0.0, 1.5, 2.0, 2.5, 3.0] {
                                out.push(super::Calibration {
                                    cover_floor,
                                    cover_sure,
                                    lead,
                                    full_lead,
                                    score_floor,
                                    unknown,
                                    per_word,
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// Right, wrong and "none" sent to a person among the chosen questions.
#[derive(Debug, Default, Clone, Copy)]
struct Count {
    right: i64,
    wrong: i64,
    none_ok: i64,
}

fn count<'a>(outcomes: impl Iterator<Item = &'a Outcome>) -> Count {
    let mut c = Count::default();
    for o in outcomes {
        match o {
            Outcome::Right => c.right += 1,
            Outcome::Wrong => c.wrong += 1,
            Outcome::NoneToPerson => c.none_ok += 1,
            Outcome::Other => {}
        }
    }
    c
}

/// The thresholds (by their place in the grid) that do best on the folds `keep`
/// lets through at this cost of a wrong answer; of equals, the most cautious (the
/// highest leads and coverage asked), which leave head-room on new questions.
fn fit(
    grid: &[super::Calibration],
    by_fold: &[[Count; FOLDS]],
    keep: impl Fn(usize) -> bool,
    cost: i64,
) -> usize {
    let value = |g: usize| {
        let (right, wrong, none_ok) = by_fold[g]
            .iter()
            .enumerate()
            .filter(|(f, _)| keep(*f))
            .fold((0, 0, 0), |(r, w, n), (_, c)| {
                (r + c.right, w + c.wrong, n + c.none_ok)
            });
        right - cost * wrong + none_ok
    };
    let caution = |c: &super::Calibration| {
        [
            c.lead,
            c.full_lead,
            c.cover_sure,
            c.cover_floor,
            c.score_floor,
            c.unknown,
            c.per_word,
        ]
    };
    (0..grid.len())
        .max_by(|a, b| {
            value(*a).cmp(&value(*b)).then_with(|| {
                caution(&grid[*a])
                    .partial_cmp(&caution(&grid[*b]))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
        })
        .unwrap_or(0)
}

/// Chooses the thresholds on the development questions only, by cross-validation,
/// and checks the shipped ones are those: `cargo test --lib calibrate_on_dev --
/// --ignored --nocapture` prints, for each cost of a wrong answer, what thresholds
/// fitted on four fifths do on the fifth left out.
#[test]
#[ignore]
fn calibrate_on_dev() {
    use super::decide_with;
    let kb = KnowledgeBase::load(&builtin()).expect("built-in entries load");
    let set = parse(DEV);
    let questions = set.len();
    let answerable = set.iter().filter(|(_, w)| !w.is_empty()).count();
    let rankings: Vec<_> = set.iter().map(|(q, _)| kb.ranking("es", q)).collect();
    let grid = grid();
    // What each point of the grid does with each question, worked out once.
    let outcomes: Vec<Vec<Outcome>> = grid
        .iter()
        .map(|c| {
            rankings
                .iter()
                .zip(&set)
                .map(|(r, (_, want))| outcome(&decide_with(r, c), want))
                .collect()
        })
        .collect();
    let by_fold: Vec<[Count; FOLDS]> = outcomes
        .iter()
        .map(|o| std::array::from_fn(|f| count(o.iter().skip(f).step_by(FOLDS))))
        .collect();
    let mut chosen = None;
    for &cost in WRONG_COSTS {
        // Each fifth judged by thresholds fitted on the other four.
        let mut held = vec![Outcome::Other; questions];
        for fold in 0..FOLDS {
            let g = fit(&grid, &by_fold, |f| f != fold, cost);
            for (q, slot) in held.iter_mut().enumerate() {
                if q % FOLDS == fold {
                    *slot = outcomes[g][q];
                }
            }
        }
        let cv = count(held.iter());
        let wrong = cv.wrong as f64 / questions as f64;
        let right = cv.right as f64 / answerable as f64;
        let fitted = fit(&grid, &by_fold, |_| true, cost);
        let all = count(outcomes[fitted].iter());
        println!(
            "cost {cost:>2}: cross-validated right {}/{answerable} ({:.1} %), wrong {}/{questions} \
             ({:.1} %), none to a person {}; fitted on all: right {}, wrong {}, none {}: {:?}",
            cv.right,
            100.0 * right,
            cv.wrong,
            100.0 * wrong,
            cv.none_ok,
            all.right,
            all.wrong,
            all.none_ok,
            grid[fitted]
        );
        if chosen.is_none() && wrong <= MOST_WRONG && right >= LEAST_RIGHT {
            chosen = Some((cost, grid[fitted]));
        }
    }
    let mut first = 0;
    for ((q, want), r) in set.iter().zip(&rankings) {
        match r.ranked.first() {
            Some((id, _)) if want.contains(&id.as_str()) => first += 1,
            _ if want.is_empty() => {}
            _ => println!(
                "rank-1 miss {q:?} want {want:?}: {:?}",
                &r.ranked[..r.ranked.len().min(2)]
            ),
        }
    }
    println!("ranked first right: {first}/{answerable}");
    let (cost, chosen) = chosen.expect("a cost meets the rule");
    println!(
        "chosen: cost {cost}, {chosen:?}; shipped: {:?}",
        super::CALIBRATION
    );
    assert_eq!(
        super::CALIBRATION,
        chosen,
        "ship the thresholds the rule chose"
    );
}
