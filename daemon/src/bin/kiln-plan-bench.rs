//! Planner benchmark, driven by `bench/plan.sh` (`make bench`): plans every
//! request of the corpus (`daemon/src/planner/corpus/requests.tsv`) against
//! its fixture files and prints
//!
//! - the accuracy by kind (commands, questions, impossible requests) on the
//!   tuning requests and, apart, on the held-out fifth;
//! - the time one plan takes: median and 99th percentile over every
//!   request, each planned `ROUNDS` times (the first, warming, round is not
//!   counted).
//!
//! `kiln-plan-bench [--rounds N] [--misses]`: `--misses` also lists the
//! tuning requests planned wrong (held-out misses are never shown).
//! `kiln-plan-bench --try FIXTURE PROMPT` plans one prompt against one of
//! the corpus's fixtures and prints how it was read and the plan;
//! `--hits` lists the tuning requests planned right; `--perturb` replans
//! each of them with chatter around it ("Hi, ... Thanks!", lower case, a
//! reason after it) and lists those that no longer plan right.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use kilnd::planner::corpus::{self, Case};
use kilnd::planner::plan;

/// What the command line asks for.
struct Args {
    rounds: usize,
    misses: bool,
    hits: bool,
    perturb: bool,
}

fn args() -> Result<Args, String> {
    let mut out = Args {
        rounds: 20,
        misses: false,
        hits: false,
        perturb: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--misses" => out.misses = true,
            "--hits" => out.hits = true,
            "--perturb" => out.perturb = true,
            "--rounds" => {
                let n = it.next().ok_or("--rounds needs a number")?;
                out.rounds = n
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or(format!("bad --rounds {n}"))?;
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(out)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, fixture, prompt] = argv.as_slice() {
        if flag == "--try" {
            let Some(files) = corpus::fixture(fixture) else {
                eprintln!(
                    "kiln-plan-bench: no fixture {fixture}; fixtures: {:?}",
                    corpus::NAMES
                );
                return ExitCode::FAILURE;
            };
            print!("{}", kilnd::planner::explain(prompt, &files));
            println!("{}", corpus::summary(&plan(prompt, &files)));
            return ExitCode::SUCCESS;
        }
    }
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("kiln-plan-bench: {e}\nusage: kiln-plan-bench [--rounds N] [--misses] [--hits] | --try FIXTURE PROMPT");
            return ExitCode::FAILURE;
        }
    };
    let cases = match corpus::parse(corpus::REQUESTS) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kiln-plan-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let eval = corpus::evaluate(&cases);
    if args.misses {
        for m in &eval.tuning_misses {
            println!("{m}");
        }
    }
    if args.hits {
        for c in cases.iter().filter(|c| eval.tuning_hits.contains(&c.line)) {
            println!("{}\t{}\t{}\t{:?}", c.line, c.fixture, c.prompt, c.expected);
        }
    }
    if args.perturb {
        perturb(&cases, &eval.tuning_hits);
    }
    println!("planner corpus: {} requests", cases.len());
    println!("  accuracy, tuning:   {}", eval.tuning);
    println!("  accuracy, held out: {}", eval.held_out);
    let mut times = timings(&cases, args.rounds);
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "  planning time: median {}, p99 {}, max {} ({} plans)",
        micros(at(0.5)),
        micros(at(0.99)),
        micros(at(1.0)),
        times.len()
    );
    ExitCode::SUCCESS
}

/// Ways of saying the same request with words around it that ask for
/// nothing more.
const PERTURBATIONS: &[(&str, &str)] = &[
    ("Hi, ", ""),
    ("", " Thanks!"),
    ("Hello! ", " Thanks in advance."),
    ("", " Any help is appreciated."),
    ("Hey. ", " I need it for a project."),
];

/// Verbs a request may open with.
const IMPERATIVES: &[&str] = &[
    "convert",
    "trim",
    "cut",
    "compress",
    "resize",
    "scale",
    "crop",
    "rotate",
    "flip",
    "make",
    "remove",
    "extract",
    "add",
    "change",
    "turn",
    "reduce",
    "speed",
    "slow",
    "mute",
    "export",
    "save",
    "reverse",
    "loop",
    "merge",
    "join",
    "combine",
    "shrink",
    "take",
    "get",
    "set",
    "strip",
    "increase",
    "decrease",
    "lower",
    "normalize",
    "normalise",
    "fade",
    "blur",
    "sharpen",
    "create",
    "split",
    "put",
    "keep",
    "delete",
    "transcode",
    "encode",
    "remux",
];

/// Replans each tuning hit with chatter around it and lists those that no
/// longer plan right.
fn perturb(cases: &[Case], hits: &[usize]) {
    let mut broken = 0;
    let mut tried = 0;
    for c in cases.iter().filter(|c| hits.contains(&c.line)) {
        let files = corpus::fixture(&c.fixture).unwrap_or_default();
        let body = c.prompt.trim_end();
        let mut variants: Vec<String> = PERTURBATIONS
            .iter()
            .map(|(pre, post)| {
                let end = if body.ends_with(['.', '?', '!']) {
                    ""
                } else {
                    "."
                };
                let post = if post.is_empty() { "" } else { post };
                if post.is_empty() {
                    format!("{pre}{body}")
                } else {
                    format!("{pre}{body}{end}{post}")
                }
            })
            .collect();
        variants.push(body.to_lowercase());
        variants.push(format!("I have a file here. {body}"));
        // Without the closing mark: people often leave it out.
        variants.push(body.trim_end_matches(['?', '.', '!']).to_string());
        variants.push(format!("{body} (if possible)"));
        if matches!(c.expected, corpus::Expected::Do { .. }) {
            variants.push(format!("Please: {body}"));
            // "Trim it ..." asked as a wish or politely.
            let first = body.split_whitespace().next().unwrap_or("").to_lowercase();
            if IMPERATIVES.contains(&first.as_str()) {
                let lower = format!("{}{}", first, &body[first.len()..]);
                let lower = lower.trim_end_matches(['.', '!']);
                variants.push(format!("Can you {lower}?"));
                variants.push(format!("I want to {lower}."));
                variants.push(format!("Is it possible to {lower}?"));
                variants.push(format!("I need to {lower}"));
            }
        }
        for v in variants {
            tried += 1;
            let case = Case {
                prompt: v.clone(),
                ..c.clone()
            };
            let p = plan(&v, &files);
            if !corpus::check(&case, &files, &p) {
                broken += 1;
                println!(
                    "  line {} [{}] {:?}\n      got {}",
                    c.line,
                    c.fixture,
                    v,
                    corpus::summary(&p).chars().take(160).collect::<String>()
                );
            }
        }
    }
    println!("perturbed: {broken} of {tried} variants of tuning hits planned wrong");
}

/// The time of every plan of every request, `rounds` times over, after one
/// round that warms caches.
fn timings(cases: &[Case], rounds: usize) -> Vec<Duration> {
    let inputs: Vec<_> = cases
        .iter()
        .map(|c| corpus::fixture(&c.fixture).unwrap_or_default())
        .collect();
    for (c, files) in cases.iter().zip(&inputs) {
        std::hint::black_box(plan(&c.prompt, files));
    }
    let mut times = Vec::with_capacity(cases.len() * rounds);
    for _ in 0..rounds {
        for (c, files) in cases.iter().zip(&inputs) {
            let t = Instant::now();
            std::hint::black_box(plan(std::hint::black_box(&c.prompt), files));
            times.push(t.elapsed());
        }
    }
    times
}

fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}
