//! The evaluation corpus: requests written by real people (`requests.tsv`,
//! each with its source), the files they are asked about ([`fixture`]), and
//! how a plan is scored against what was expected. A fixed fifth of the
//! requests, chosen by a hash of their text, is held out: it is measured,
//! never tuned on.

mod fixtures;

use std::fmt;

use serde_json::Value;

use super::Plan;
use crate::media::ops::{check_pipeline, FileFacts, Operation};
pub use fixtures::{document, fixture, NAMES};

/// The corpus as shipped with the sources.
pub const REQUESTS: &str = include_str!("requests.tsv");

/// What a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Something to do to the files (or to ask about before doing it).
    Command,
    /// A question to answer in words.
    Question,
    /// Something kiln cannot do: refused with what it can.
    Impossible,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Command, Kind::Question, Kind::Impossible];

    pub fn word(self) -> &'static str {
        match self {
            Kind::Command => "commands",
            Kind::Question => "questions",
            Kind::Impossible => "impossible",
        }
    }
}

/// What a request should come to.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// A command plan: these operations in order, and checks on it.
    Do {
        ops: Vec<String>,
        checks: Vec<(String, String)>,
    },
    /// A refusal asking for what is missing.
    Ask(Vec<String>),
    /// An answer in words containing each of the words.
    Chat(Vec<String>),
    /// A refusal of something kiln cannot do.
    Refuse(Vec<String>),
}

impl Expected {
    pub fn kind(&self) -> Kind {
        match self {
            Expected::Do { .. } | Expected::Ask(_) => Kind::Command,
            Expected::Chat(_) => Kind::Question,
            Expected::Refuse(_) => Kind::Impossible,
        }
    }
}

/// One request of the corpus.
#[derive(Debug, Clone)]
pub struct Case {
    /// Its line in the file (1-based).
    pub line: usize,
    pub fixture: String,
    pub prompt: String,
    pub expected: Expected,
    pub source: String,
    /// In the held-out fifth.
    pub held_out: bool,
}

/// A line of the corpus that does not read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("requests.tsv line {line}: {reason}")]
pub struct CorpusError {
    pub line: usize,
    pub reason: String,
}

/// FNV-1a, 64 bits: the held-out fifth is the requests whose text hashes to
/// 0 modulo 5.
pub fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether a request is in the held-out fifth.
pub fn is_held_out(prompt: &str) -> bool {
    fnv1a(prompt).is_multiple_of(5)
}

fn words_after(rest: &str) -> Vec<String> {
    rest.trim_start_matches(':')
        .split('&')
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Splits `k=v k="v w" ...` into pairs.
fn checks(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (k, after) = rest
            .split_once('=')
            .ok_or_else(|| format!("a check without '=' in {rest:?}"))?;
        let (v, next) = match after.strip_prefix('"') {
            Some(q) => {
                let end = q.find('"').ok_or("an unclosed quote")?;
                (&q[..end], &q[end + 1..])
            }
            None => after.split_once(' ').unwrap_or((after, "")),
        };
        out.push((k.trim().to_string(), v.to_string()));
        rest = next.trim();
    }
    Ok(out)
}

fn expected(text: &str) -> Result<Expected, String> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("do:") {
        let mut pairs = checks(rest)?;
        let at = pairs
            .iter()
            .position(|(k, _)| k == "ops")
            .ok_or("do: needs ops=")?;
        let (_, ops) = pairs.remove(at);
        let ops = ops.split(',').map(str::to_string).collect();
        return Ok(Expected::Do { ops, checks: pairs });
    }
    for (word, make) in [
        ("ask", Expected::Ask as fn(Vec<String>) -> Expected),
        ("chat", Expected::Chat),
        ("refuse", Expected::Refuse),
    ] {
        if let Some(rest) = text.strip_prefix(word) {
            return Ok(make(words_after(rest)));
        }
    }
    Err(format!("unknown expectation {text:?}"))
}

/// Reads the corpus.
pub fn parse(text: &str) -> Result<Vec<Case>, CorpusError> {
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |reason: String| CorpusError { line: n, reason };
        let cols: Vec<&str> = line.split('\t').collect();
        let [fixture_name, prompt, want, source] = cols[..] else {
            return Err(err(format!("{} columns, not 4", cols.len())));
        };
        if fixture(fixture_name).is_none() {
            return Err(err(format!("no fixture {fixture_name:?}")));
        }
        cases.push(Case {
            line: n,
            fixture: fixture_name.to_string(),
            prompt: prompt.to_string(),
            expected: expected(want).map_err(err)?,
            source: source.to_string(),
            held_out: is_held_out(prompt),
        });
    }
    Ok(cases)
}

fn contains_all(message: &str, words: &[String]) -> bool {
    let m = message.to_lowercase();
    words.iter().all(|w| m.contains(w.as_str()))
}

/// Asking for more is a refusal that says what it needs.
pub fn is_ask(message: &str) -> bool {
    message.starts_with("I need a little more")
}

/// Whether step `got` does what step `want` asks. A remux answers a conversion: kiln remuxes only
/// when the streams already fit the container asked, so the file is the one a conversion makes,
/// without the loss of encoding again.
fn answers(want: &str, got: &str) -> bool {
    want == got || (want == "convert" && got == "remux")
}

/// Whether `plan` is what `case` expects. Plans that make the same file
/// as the steps expected count as them: a remux for a convert, a scale
/// that fills its size (cropping to its shape) for a crop then a scale,
/// one conversion more to the format the case checks, and a trim's end or
/// length left implied by its start and the other.
pub fn check(case: &Case, inputs: &[FileFacts], plan: &Plan) -> bool {
    match (&case.expected, plan) {
        (Expected::Do { ops, checks }, Plan::Command { steps }) => {
            let got: Vec<Operation> = steps.iter().map(|s| s.op.clone()).collect();
            let names: Vec<&str> = got.iter().map(|o| o.name()).collect();
            let same =
                names.len() == ops.len() && names.iter().zip(ops).all(|(g, want)| answers(want, g));
            (same || crop_filled(ops, &got) || converted_to_said(ops, checks, &got))
                && checks.iter().all(|(k, v)| {
                    check_one(inputs, &got, k, v) || k == "crop.aspect" && fill_shape_is(&got, v)
                })
        }
        (Expected::Ask(words), Plan::Refuse { message }) => {
            is_ask(message) && contains_all(message, words)
        }
        (Expected::Chat(words), Plan::Chat { message }) => contains_all(message, words),
        (Expected::Refuse(words), Plan::Refuse { message }) => {
            !is_ask(message) && contains_all(message, words)
        }
        _ => false,
    }
}

/// A crop to a shape then a scale, done as one scale that fills the size
/// (cropping to its shape, centred): the same file.
fn crop_filled(ops: &[String], got: &[Operation]) -> bool {
    let Some(k) = ops
        .windows(2)
        .position(|w| w[0] == "crop" && w[1] == "scale")
    else {
        return false;
    };
    let mut fused: Vec<&str> = ops.iter().map(String::as_str).collect();
    fused.remove(k);
    let filled = got
        .get(k)
        .is_some_and(|o| matches!(o, Operation::Scale(s) if s.fill));
    filled
        && got.len() == fused.len()
        && got
            .iter()
            .zip(&fused)
            .all(|(g, want)| answers(want, g.name()))
}

/// The steps expected, with one conversion more that writes the format the
/// case checks for ("remove the audio ... as mp4": the audio removed, then
/// an MP4 made): the same file.
fn converted_to_said(ops: &[String], checks: &[(String, String)], got: &[Operation]) -> bool {
    let Some(format) = checks.iter().find(|(k, _)| k == "format").map(|(_, v)| v) else {
        return false;
    };
    let extra = got.iter().position(|o| match o {
        Operation::Convert(c) => serde_json::to_value(c.to).is_ok_and(|f| value_is(&f, format)),
        _ => false,
    });
    let Some(k) =
        extra.filter(|_| got.len() == ops.len() + 1 && !ops.iter().any(|o| o == "convert"))
    else {
        return false;
    };
    got.iter()
        .enumerate()
        .filter(|(j, _)| *j != k)
        .zip(ops)
        .all(|((_, g), want)| answers(want, g.name()))
}

/// Whether a filling scale makes the shape `want` ("1:1", "9:16").
fn fill_shape_is(got: &[Operation], want: &str) -> bool {
    let Some((a, b)) = want
        .split_once(':')
        .and_then(|(a, b)| Some((a.parse::<f64>().ok()?, b.parse::<f64>().ok()?)))
    else {
        return false;
    };
    got.iter().any(|o| match o {
        Operation::Scale(s) if s.fill => s
            .width
            .zip(s.height)
            .is_some_and(|(w, h)| near(f64::from(w) / f64::from(h), a / b, 0.01)),
        _ => false,
    })
}

fn near(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// A number, a word or a bool of a step's stored form against `want`.
fn value_is(v: &Value, want: &str) -> bool {
    match v {
        Value::Number(n) => want
            .parse::<f64>()
            .ok()
            .zip(n.as_f64())
            .is_some_and(|(w, g)| near(w, g, (w.abs() * 0.001).max(0.001))),
        // ("jpg" and "jpeg" name one format.)
        Value::String(s) => alias(s).eq_ignore_ascii_case(alias(want)),
        Value::Bool(b) => want.parse::<bool>().ok() == Some(*b),
        _ => false,
    }
}

/// A format's usual name for the one written out.
fn alias(name: &str) -> &str {
    match name.to_ascii_lowercase().as_str() {
        "jpg" => "jpeg",
        "tif" => "tiff",
        "mpg" => "mpeg",
        "h265" | "x265" | "h.265" => "hevc",
        "x264" | "h.264" | "avc" => "h264",
        _ => name,
    }
}

/// A conversion to MP4, MOV or MKV with no codec named writes H.264.
fn h264_by_default(step: &Value, field: &str, want: &str) -> bool {
    field == "codec"
        && want.eq_ignore_ascii_case("h264")
        && step.get("codec").is_none()
        && step
            .get("to")
            .and_then(Value::as_str)
            .is_some_and(|to| matches!(to, "mp4" | "mov" | "mkv"))
}

/// A trim's end or length the plan leaves implied: "the first 2 minutes"
/// is a length of 120 s and so an end at 120 s.
fn trim_bound(step: &Value, field: &str) -> Option<f64> {
    let num = |k: &str| step.get(k).and_then(Value::as_f64);
    let start = num("start").unwrap_or(0.0);
    match field {
        "end" if step.get("end").is_none() => num("duration").map(|d| start + d),
        "duration" if step.get("duration").is_none() => num("end").map(|e| e - start),
        _ => None,
    }
}

/// One check: `op.field`, or a fact of the last step's outputs.
fn check_one(inputs: &[FileFacts], ops: &[Operation], key: &str, want: &str) -> bool {
    if let Some((op, field)) = key.split_once('.') {
        return ops.iter().find(|o| o.name() == op).is_some_and(|o| {
            let v = serde_json::to_value(o).unwrap_or(Value::Null);
            v.get(field).is_some_and(|f| value_is(f, want))
                || h264_by_default(&v, field, want)
                || op == "trim"
                    && trim_bound(&v, field).is_some_and(|b| value_is(&Value::from(b), want))
        });
    }
    let Ok(all) = check_pipeline(inputs, ops) else {
        return false;
    };
    let Some(out) = all.last().and_then(|o| o.first()) else {
        return false;
    };
    let num = want.parse::<f64>().ok();
    match (key, num) {
        ("n", Some(n)) => all.last().is_some_and(|o| o.len() as f64 == n),
        ("format", _) => serde_json::to_value(out.format).is_ok_and(|f| value_is(&f, want)),
        ("dur", Some(d)) => out
            .duration_secs
            .is_some_and(|g| near(g, d, (d * 0.02).max(0.3))),
        ("w", Some(w)) => out.width.is_some_and(|g| near(f64::from(g), w, 2.0)),
        ("h", Some(h)) => out.height.is_some_and(|g| near(f64::from(g), h, 2.0)),
        ("fps", Some(f)) => out.fps.is_some_and(|g| near(g, f, 0.01)),
        ("audio", _) => out.has_audio == (want == "yes"),
        _ => false,
    }
}

/// Correct / total, by kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    pub by_kind: [(usize, usize); 3],
}

impl Score {
    pub fn add(&mut self, kind: Kind, ok: bool) {
        let i = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.by_kind[i].1 += 1;
        if ok {
            self.by_kind[i].0 += 1;
        }
    }

    pub fn total(&self) -> (usize, usize) {
        self.by_kind
            .iter()
            .fold((0, 0), |(a, b), (c, d)| (a + c, b + d))
    }

    /// Overall accuracy in percent.
    pub fn percent(&self) -> f64 {
        let (ok, n) = self.total();
        if n == 0 {
            100.0
        } else {
            ok as f64 * 100.0 / n as f64
        }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (ok, n) = self.total();
        write!(f, "{ok}/{n} = {:.1}%", self.percent())?;
        for (kind, (ok, n)) in Kind::ALL.iter().zip(self.by_kind) {
            let pct = if n == 0 {
                100.0
            } else {
                ok as f64 * 100.0 / n as f64
            };
            write!(f, "; {} {ok}/{n} = {pct:.1}%", kind.word())?;
        }
        Ok(())
    }
}

/// What the corpus comes to under the planner.
pub struct Evaluation {
    pub tuning: Score,
    pub held_out: Score,
    /// The tuning requests planned wrong, described (held-out misses are
    /// counted, never shown).
    pub tuning_misses: Vec<String>,
    /// The lines of the tuning requests planned right.
    pub tuning_hits: Vec<usize>,
}

/// Plans every request of `cases` and scores the plans.
pub fn evaluate(cases: &[Case]) -> Evaluation {
    let mut eval = Evaluation {
        tuning: Score::default(),
        held_out: Score::default(),
        tuning_misses: Vec::new(),
        tuning_hits: Vec::new(),
    };
    for case in cases {
        let inputs = fixture(&case.fixture).unwrap_or_default();
        let plan = super::plan(&case.prompt, &inputs);
        let ok = check(case, &inputs, &plan);
        let kind = case.expected.kind();
        if case.held_out {
            eval.held_out.add(kind, ok);
        } else {
            eval.tuning.add(kind, ok);
            if ok {
                eval.tuning_hits.push(case.line);
            } else {
                eval.tuning_misses.push(format!(
                    "  line {} [{}] {:?}\n      expected {:?}\n      got      {}",
                    case.line,
                    case.fixture,
                    case.prompt,
                    case.expected,
                    summary(&plan)
                ));
            }
        }
    }
    eval
}

/// A plan in one line.
pub fn summary(p: &Plan) -> String {
    match p {
        Plan::Command { steps } => steps
            .iter()
            .map(|s| serde_json::to_string(&s.op).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ; "),
        Plan::Chat { message } => format!("chat: {message}"),
        Plan::Refuse { message } => format!("refuse: {message}"),
    }
}

#[cfg(test)]
mod tests;
