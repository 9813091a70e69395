//! The corpus, run: accuracy by kind on the tuning requests and, apart, on
//! the held-out fifth, with floors set from measured numbers.

use super::*;

/// Floors (percent) under which the planner has regressed (a fresh batch
/// scores about 30 to 50 % when it joins, so each one lowers the measure a
/// little: the floors sit half a point under the last measure).
const TUNING_FLOOR: f64 = 67.8;
const HELD_OUT_FLOOR: f64 = 60.6;

#[test]
fn the_corpus_reads_and_is_large_enough() {
    let cases = parse(REQUESTS).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases.len() >= 1000, "{} requests", cases.len());
    let held = cases.iter().filter(|c| c.held_out).count();
    assert!(
        (cases.len() / 7..cases.len() / 4).contains(&held),
        "{held} held out of {}",
        cases.len()
    );
    for c in &cases {
        assert!(
            c.source.starts_with("https://") || c.source.starts_with("http://"),
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

/// For measuring a new batch of requests before it joins the corpus:
/// `KILN_CORPUS_FILE=batch.tsv cargo nextest run -p kilnd fresh_requests
/// --run-ignored only --no-capture` scores the file's lines as they stand
/// (misses printed for its tuning part only).
#[test]
#[ignore]
fn fresh_requests() {
    let Ok(path) = std::env::var("KILN_CORPUS_FILE") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let cases = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let eval = evaluate(&cases);
    println!("batch, tuning part:   {}", eval.tuning);
    println!("batch, held-out part: {}", eval.held_out);
    for m in &eval.tuning_misses {
        println!("{m}");
    }
}

#[test]
fn names_of_one_format_or_codec_score_alike() {
    for (a, b) in [
        ("jpg", "jpeg"),
        ("TIF", "tiff"),
        ("mpg", "mpeg"),
        ("h265", "hevc"),
        ("x264", "h264"),
    ] {
        assert_eq!(super::alias(a), super::alias(b), "{a} {b}");
    }
}

#[test]
fn a_scale_that_fills_scores_as_the_crop_and_scale_it_does() {
    use crate::media::ops::{Operation, Scale};
    let fill = |w: u32, h: u32| -> Operation {
        Scale {
            fill: true,
            ..crate::planner::resolve::exact_size(w, h, &[])
        }
        .into()
    };
    let ops = vec!["crop".to_string(), "scale".to_string()];
    assert!(super::crop_filled(&ops, &[fill(800, 800)]));
    assert!(super::fill_shape_is(&[fill(1080, 1920)], "9:16"));
    assert!(!super::fill_shape_is(&[fill(1080, 1920)], "1:1"));
    let fit = Scale {
        fill: false,
        ..match fill(800, 800) {
            Operation::Scale(s) => s,
            _ => unreachable!(),
        }
    };
    assert!(!super::crop_filled(&ops, &[fit.into()]));
}

#[test]
fn a_conversion_to_the_format_checked_answers_the_steps_without_it() {
    use crate::media::ops::{Convert, Format, Operation, RemoveAudio};
    let to = |f: Format| -> Operation {
        Convert {
            to: f,
            quality: None,
            codec: None,
            lossless: false,
        }
        .into()
    };
    let ops = vec!["remove_audio".to_string()];
    let checks = vec![("format".to_string(), "mp4".to_string())];
    let muted: Operation = RemoveAudio {}.into();
    assert!(super::converted_to_said(
        &ops,
        &checks,
        &[muted.clone(), to(Format::Mp4)]
    ));
    assert!(!super::converted_to_said(
        &ops,
        &checks,
        &[muted.clone(), to(Format::Webm)]
    ));
    assert!(!super::converted_to_said(
        &ops,
        &[],
        &[muted, to(Format::Mp4)]
    ));
}

/// For studying the tuning part as a whole, hits beside misses:
/// `KILN_CORPUS_DUMP=out.tsv cargo nextest run -p kilnd dump_tuning
/// --run-ignored only` writes line, hit, expected and plan for each request.
#[test]
#[ignore]
fn dump_tuning() {
    let Ok(path) = std::env::var("KILN_CORPUS_DUMP") else {
        return;
    };
    let cases = parse(REQUESTS).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for case in cases.iter().filter(|c| !c.held_out) {
        let inputs = fixture(&case.fixture).unwrap_or_default();
        let plan = super::super::plan(&case.prompt, &inputs);
        let ok = check(case, &inputs, &plan);
        out.push_str(&format!(
            "{}\t{}\t{}\t{:?}\t{:?}\t{}\n",
            case.line,
            u8::from(ok),
            case.fixture,
            case.prompt,
            case.expected,
            summary(&plan).replace(['\t', '\n'], " ")
        ));
    }
    std::fs::write(path, out).unwrap();
}
