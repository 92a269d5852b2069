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
            ranking.coverage,
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
    assert!(t.questions >= 130, "{}", t.questions);
    assert!(t.top1 * 100 >= t.answerable * 85, "top-1 under 85 %");
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
    // 67, 4 of 75), so a change that makes it worse fails. The targets are
    // top-1 ≥ 85 % and ≤ 3 % confidently wrong: the second is not met.
    assert!(t.top1 * 100 >= t.answerable * 85, "top-1 under 85 %");
    assert!(
        t.confidently_wrong * 100 <= t.questions * 7,
        "over 7 % confidently wrong"
    );
}

/// What an answer given confidently but wrong costs against a right one, in the
/// calibration: a wrong answer sends an ally the wrong way; titles or a person only
/// cost a tap.
#[cfg(test)]
const WRONG_COST: i64 = 8;

/// Tries thresholds on the development questions only and prints the best few:
/// `cargo test --lib calibrate_on_dev -- --ignored --nocapture`.
#[test]
#[ignore]
fn calibrate_on_dev() {
    use super::{Calibration, decide_with};
    let kb = KnowledgeBase::load(&builtin()).expect("built-in entries load");
    let set = parse(DEV);
    let rankings: Vec<_> = set.iter().map(|(q, w)| (kb.ranking("es", q), w)).collect();
    let mut results = vec![];
    for cf in [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5] {
        for cs in [0.3, 0.4, 0.5, 0.6, 0.7] {
            for (lead, full_lead) in [1.05, 1.1, 1.15, 1.2, 1.3, 1.5]
                .into_iter()
                .flat_map(|l| [1.0, 1.05, 1.1, 1.15, 1.2].into_iter().map(move |f| (l, f)))
            {
                for sf in [1.0, 3.0, 5.0, 7.0] {
                    let c = Calibration {
                        cover_floor: cf,
                        cover_sure: cs,
                        lead,
                        full_lead,
                        score_floor: sf,
                    };
                    let (mut right, mut wrong, mut none_ok) = (0, 0, 0);
                    for (r, want) in &rankings {
                        match decide_with(r, &c) {
                            Found::Answer(id) if want.contains(&id.as_str()) => right += 1,
                            Found::Answer(_) => wrong += 1,
                            Found::Nothing if want.is_empty() => none_ok += 1,
                            _ => {}
                        }
                    }
                    results.push((
                        right as i64 - WRONG_COST * wrong as i64 + none_ok,
                        right,
                        wrong,
                        none_ok,
                        c,
                    ));
                }
            }
        }
    }
    let mut first = 0;
    for ((q, want), (r, _)) in set.iter().zip(&rankings) {
        match r.ranked.first() {
            Some((id, _)) if want.contains(&id.as_str()) => first += 1,
            _ if want.is_empty() => {}
            _ => println!(
                "rank-1 miss {q:?} want {want:?}: {:?}",
                &r.ranked[..r.ranked.len().min(2)]
            ),
        }
    }
    println!("ranked first right: {first}");
    results.sort_by_key(|r| std::cmp::Reverse(r.0));
    for r in results.iter().take(10) {
        println!("{r:?}");
    }
    // The thresholds shipped are as good on the development questions as any tried.
    let shipped = results
        .iter()
        .find(|r| r.4 == super::CALIBRATION)
        .map(|r| r.0);
    let best = results.first().map(|r| r.0);
    println!("shipped: {shipped:?}, best: {best:?}");
    assert!(
        shipped.is_some() && shipped >= best.map(|b| b - 1),
        "{shipped:?} < {best:?}"
    );
}
