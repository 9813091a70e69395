//! The corpus, run: accuracy by kind on the tuning requests and, apart, on
//! the held-out fifth, with floors set from measured numbers.

use super::*;

/// Floors (percent) under which the planner has regressed.
const TUNING_FLOOR: f64 = 87.0;
const HELD_OUT_FLOOR: f64 = 70.5;

#[test]
fn the_corpus_reads_and_is_large_enough() {
    let cases = parse(REQUESTS).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases.len() >= 820, "{} requests", cases.len());
    let held = cases.iter().filter(|c| c.held_out).count();
    assert!(
        (cases.len() / 7..cases.len() / 4).contains(&held),
        "{held} held out of {}",
        cases.len()
    );
    for c in &cases {
        assert!(
            c.source.starts_with("https://"),
            "line {}: {}",
            c.line,
            c.source
        );
    }
}

#[test]
fn the_planner_understands_requests_written_by_real_people() {
    let cases = parse(REQUESTS).unwrap_or_else(|e| panic!("{e}"));
    let eval = evaluate(&cases);
    println!("corpus, tuning:   {}", eval.tuning);
    println!("corpus, held out: {}", eval.held_out);
    for m in &eval.tuning_misses {
        println!("{m}");
    }
    assert!(
        eval.tuning.percent() >= TUNING_FLOOR,
        "tuning accuracy {} under {TUNING_FLOOR}%",
        eval.tuning
    );
    assert!(
        eval.held_out.percent() >= HELD_OUT_FLOOR,
        "held-out accuracy {} under {HELD_OUT_FLOOR}%",
        eval.held_out
    );
}

/// A way of saying a request again, by name.
type Variant = (&'static str, fn(&str) -> String);

/// For tuning: the tuning requests planned right, said with chatter around
/// them (greetings, thanks, reasons, all lower case); prints the ones whose
/// plan changes. Run with
/// `cargo nextest run -p kilnd perturbed --run-ignored only --no-capture`.
#[test]
#[ignore]
fn perturbed_requests_keep_their_plans() {
    let cases = parse(REQUESTS).unwrap_or_else(|e| panic!("{e}"));
    let eval = evaluate(&cases);
    let variants: &[Variant] = &[
        ("hi", |p| format!("Hi all, {p}")),
        ("thanks", |p| format!("{p} thanks")),
        ("thank-you", |p| format!("{p}\n\nThank you!")),
        ("thx", |p| format!("{} thx", p.trim_end_matches(['.', '!']))),
        ("school", |p| format!("{p} It's for a school project.")),
        ("lower", |p| {
            p.to_lowercase().trim_end_matches(['.', '!']).to_string()
        }),
        ("newbie", |p| format!("I'm new to this. {p}")),
        ("sorry", |p| format!("{p} (sorry for my english)")),
    ];
    let mut broken = 0;
    let mut tried = 0;
    for case in cases.iter().filter(|c| eval.tuning_hits.contains(&c.line)) {
        let inputs = fixture(&case.fixture).unwrap_or_default();
        for (name, make) in variants {
            let prompt = make(&case.prompt);
            let mut c = case.clone();
            c.prompt = prompt.clone();
            tried += 1;
            let plan = super::super::plan(&prompt, &inputs);
            if !check(&c, &inputs, &plan) {
                broken += 1;
                println!(
                    "[{name}] line {} [{}] {prompt:?}\n    expected {:?}\n    got {}",
                    case.line,
                    case.fixture,
                    case.expected,
                    summary(&plan).chars().take(200).collect::<String>()
                );
            }
        }
    }
    println!("{broken} of {tried} variants changed their plan");
}
