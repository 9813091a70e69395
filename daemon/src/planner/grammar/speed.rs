//! `speed`: faster or slower ("2x speed", "slow motion").

use super::super::tokens::Unit;
use super::{degree, Clause, Found, Intent};
use crate::media::ops::{Operation, Speed};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let trig = c
        .find(&[
            "speed",
            "faster",
            "slower",
            "slowmo",
            "timelapse",
            "accelerate",
            "playback",
            "hyperlapse",
            "quicken",
            "tempo",
        ])
        .or_else(|| c.near(&["slow"], &["down", "motion", "mo", "it"], 2))
        .or_else(|| {
            // "2x" alone with "play"
            c.find(&["play"]).filter(|_| c.qty(Unit::X).is_some())
        })
        .or_else(|| {
            // "twice as fast"
            c.find(&["fast", "quick", "quickly"]).filter(|_| {
                c.has(&["twice", "double", "triple", "as", "times"]) || c.qty(Unit::X).is_some()
            })
        })
        .or_else(|| {
            // "make it 1.25x": a bare factor on a clip is a speed.
            c.qty(Unit::X).map(|q| q.0).filter(|_| {
                !c.has(&[
                    "bigger",
                    "larger",
                    "size",
                    "zoom",
                    "louder",
                    "quieter",
                    "volume",
                    "scale",
                    "resize",
                    "smaller",
                    "upscale",
                    "enlarge",
                    "big",
                    "resolution",
                    "wide",
                    "tall",
                    "audio",
                    "sound",
                ])
            })
        });
    let Some(i) = trig else { return };
    if c.has(&["frame", "fps", "framerate"]) && !c.has(&["faster", "slower", "speed"]) {
        return;
    }
    let slower = c.has(&[
        "slower", "slow", "slowmo", "down", "decrease", "reduce", "lower",
    ]) && !c.has(&["up", "faster"]);
    c.take_trig(i);
    c.take_all(&[
        "speed",
        "faster",
        "slower",
        "slow",
        "slowmo",
        "timelapse",
        "up",
        "down",
        "motion",
        "playback",
        "mo",
    ]);
    let mut factor = None;
    if let Some((j, x)) = c.qty(Unit::X) {
        c.take(j);
        factor = Some(if slower && x > 1.0 { 1.0 / x } else { x });
    } else if let Some((j, p)) = c.qty(Unit::Pct) {
        c.take(j);
        let to = c.has(&["to", "at"]) && !c.has(&["by"]);
        factor = Some(if to {
            p / 100.0
        } else if slower {
            (1.0 - p / 100.0).max(0.01)
        } else if c.has(&["faster", "up", "increase"]) {
            1.0 + p / 100.0
        } else {
            p / 100.0
        });
    } else if let Some((j, v)) = c.num_after(i, 4).or_else(|| c.num_before(i, 3)) {
        c.take(j);
        factor = Some(if slower && v > 1.0 { 1.0 / v } else { v });
    } else if c.has(&["double", "twice"]) {
        factor = Some(if slower { 0.5 } else { 2.0 });
    } else if c.has(&["half", "halve", "halved"]) {
        factor = Some(0.5);
    } else if c.has(&["triple", "thrice"]) {
        factor = Some(if slower { 1.0 / 3.0 } else { 3.0 });
    } else if c.has(&["quarter"]) {
        factor = Some(if c.has(&["faster"]) { 4.0 } else { 0.25 });
    } else if c.has(&["timelapse", "hyperlapse"]) {
        factor = Some(4.0);
    } else if c.has(&["normal", "regular", "original"]) {
        factor = Some(1.0);
    }
    let f = factor.unwrap_or(match (slower, degree(c)) {
        (true, 0) => 0.75,
        (true, 2) => 0.25,
        (true, _) => 0.5,
        (false, 0) => 1.25,
        (false, 2) => 4.0,
        (false, _) => 2.0,
    });
    let f = (f * 1000.0).round() / 1000.0;
    out.push((i, Intent::Op(Operation::Speed(Speed { factor: f }))));
}
