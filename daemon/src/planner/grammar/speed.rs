//! `speed`: faster or slower ("2x speed", "slow motion").

use super::{degree, Clause, Found, Intent};
use crate::media::ops::{MediaKind, Speed};
use crate::planner::tokens::{Unit, T};

/// "increase the BPM from 120 to 140": a new tempo, the speed the two
/// tempos make.
pub(super) fn tempo(c: &mut Clause, out: &mut Found) {
    let Some(b) = c.find(&["bpm", "tempo"]) else {
        return;
    };
    let tempo_after = |w: &str| {
        (0..c.toks.len()).find_map(|k| match c.toks[k].t {
            T::Num(v) if c.is(k.wrapping_sub(1), &[w]) && (40.0..=300.0).contains(&v) => {
                Some((k, v))
            }
            _ => None,
        })
    };
    let (Some((i, from)), Some((j, to))) = (tempo_after("from"), tempo_after("to")) else {
        return;
    };
    if j < i || from == to || !c.has(&["bpm"]) {
        return;
    }
    c.take(b);
    c.take(i);
    c.take(j);
    c.take_all(&[
        "bpm", "tempo", "increase", "decrease", "change", "from", "to",
    ]);
    let factor = (to / from * 1000.0).round() / 1000.0;
    out.push((b, Intent::Op(Speed { factor }.into())));
}

/// Words of a slower pace ("a bat's call, time extended by ten times":
/// made longer, slower).
const SLOWER: &[&str] = &[
    "slower",
    "slow",
    "slowmo",
    "decrease",
    "reduce",
    "lower",
    "extend",
    "extended",
    "stretch",
    "stretched",
];

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let before = out.len();
    read(c, out);
    // "cut the silences instead of just speeding them up": the way not
    // wanted.
    let set_against = |p: usize| {
        (p.saturating_sub(4)..p).any(|k| {
            c.is(k, &["instead"]) && c.is(k + 1, &["of"])
                || c.is(k, &["rather"]) && c.is(k + 1, &["than"])
        })
    };
    let mut k = before;
    while k < out.len() {
        if set_against(out[k].0) {
            out.remove(k);
        } else {
            k += 1;
        }
    }
    if out.len() > before {
        part_only(c, out, before);
    }
}

/// "slow down the part from 0:11 to 0:19 to half speed", "at 11sec goes
/// to 1/2 speed, and at 19sec back to normal": the pace of one part, the
/// rest kept. kiln changes the pace of a whole file; cutting the rest away
/// would lose what was meant to stay.
fn part_only(c: &Clause, out: &mut Found, from: usize) {
    use crate::media::ops::Operation;
    let speed = |i: &Intent| {
        matches!(
            i,
            Intent::Op(Operation::Speed(_))
                | Intent::Default(Operation::Speed(_))
                | Intent::Vague { op: "speed", .. }
        )
    };
    let sped = out[from..].iter().any(|(_, i)| speed(i));
    // "slow down a point in the video but then x time later it returns to
    // normal speed": the pace changed for a while, then back.
    let back_to_normal = (0..c.toks.len()).any(|k| {
        c.is(k, &["normal", "real", "regular"])
            && (k.saturating_sub(3)..k)
                .any(|j| c.is(j, &["returns", "return", "returning", "resume", "resumes"]))
    });
    // The part's place: a range said ("from 0:11 to 0:19"), or a part
    // named by the speed ("slow down the middle part").
    // ("from 1:00 to 2:30, then 2x speed": the part kept, then sped up;
    // steps apart.)
    let speed_at = out[from..].iter().map(|(p, _)| *p).min().unwrap_or(0);
    let apart =
        |p: usize| (p.min(speed_at)..p.max(speed_at)).any(|k| matches!(c.toks[k].t, T::Sep));
    let ranged = out.iter().find_map(|(p, i)| {
        matches!(i, Intent::Op(Operation::Trim(t)) if t.start.is_some() && t.end.is_some())
            .then_some(*p)
            .filter(|&p| !apart(p))
    });
    let named = out[from..].iter().find_map(|(p, i)| {
        (speed(i)
            && (back_to_normal
                || (p + 1..(p + 5).min(c.toks.len())).any(|k| {
                    c.is(
                        k,
                        &["part", "section", "portion", "segment", "point", "points"],
                    )
                })))
        .then_some(*p)
    });
    // ("make the silence part of video be accelerated": the quiet parts'
    // pace, the rest kept.)
    let quiet_parts = c.has(&["silence", "silent", "quiet", "pauses"])
        && c.has(&["part", "parts", "sections", "bits", "moments"]);
    let named = named.or_else(|| {
        out[from..]
            .iter()
            .find(|(_, i)| speed(i) && quiet_parts)
            .map(|(p, _)| *p)
    });
    // "slow down the first 10 seconds": the part is what the speed verb
    // takes, and nothing says to cut the rest.
    let verb_part = (0..c.toks.len()).find(|&k| {
        c.is(k, &["first", "last", "final", "opening"])
            && (k.saturating_sub(3)..k)
                .any(|j| c.is(j, &["speed", "slow", "accelerate", "quicken"]))
    });
    let cutting = c.has(&[
        "cut", "trim", "keep", "only", "clip", "save", "export", "extract", "then",
    ]);
    let named = named.or(verb_part.filter(|_| !cutting));
    let kept = !back_to_normal && (cutting || c.has(&["first", "last"]) && verb_part.is_none());
    if let (true, Some(at), false) = (sped, ranged.or(named), kept) {
        out.retain(|(_, i)| !speed(i) && !matches!(i, Intent::Op(Operation::Trim(_))));
        out.push((
            at,
            Intent::Unsupported(
                "change the speed of one part only; it changes the speed of a whole file (to keep only that part, trim it in its own request first)"
                    .into(),
            ),
        ));
    }
}

fn read(c: &mut Clause, out: &mut Found) {
    // A timelapse of photos is a slideshow, one photo a frame.
    if super::slideshow::timelapse(c) {
        return;
    }
    let Some(i) = trigger(c) else { return };
    // ("I think to speed up Zulip" of a photo, "slower processing" of a
    // PDF: one still picture or document has no pace; the word is of
    // something else. A factor said stays asked, and is answered.)
    let paceless =
        matches!(c.sources, [f] if matches!(f.kind(), MediaKind::Image | MediaKind::Document));
    if paceless && c.qtys(Unit::X).is_empty() {
        return;
    }
    if speed_of_something_else(c) {
        return;
    }
    if timelapse_named(c, i) {
        c.take(i);
        return;
    }
    if no_rate_asked(c, i) {
        return;
    }
    if c.has(&["frame", "fps", "framerate"]) && !c.has(&["faster", "slower", "speed"]) {
        return;
    }
    // "the gif is too fast": slowed down; "way too slow": sped up.
    if let Some(k) = too_fast_or_slow(c).filter(|_| c.qtys(Unit::X).is_empty()) {
        let slower = c.is(k, &["fast", "quick"]);
        c.take(k);
        c.take_all(&["too"]);
        let factor = if slower { 0.5 } else { 2.0 };
        out.push((k, Intent::Default(Speed { factor }.into())));
        return;
    }
    // ("upside down": the picture's way up, not the pace.)
    let down =
        (0..c.toks.len()).any(|k| c.is(k, &["down"]) && !c.is(k.wrapping_sub(1), &["upside"]));
    // ("a timelapse of buildings going down" is faster all the same.)
    let slower = (down || c.has(SLOWER)) && !c.has(&["up", "faster", "timelapse", "hyperlapse"]);
    let directed = slower
        || c.has(&[
            "up",
            "faster",
            "increase",
            "fast",
            "quick",
            "timelapse",
            "hyperlapse",
            "accelerate",
            "quicken",
            "double",
            "twice",
            "half",
            "triple",
            "quarter",
            "normal",
        ]);
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
    set_aside_speeds(c);
    // "between 2 and 5", "2x, 0.5x, 0.25": choices, not one speed.
    let xs = c.qtys(Unit::X).len();
    if xs > 1
        || listed_or_bound(c)
        || c.has(&["between"]) && c.num_after(i, 6).is_some()
        || c.has(&["slow"]) && c.has(&["fast"]) && !c.has(&["slower", "faster"])
        || c.has_seq(&["slower", "or", "faster"])
        || c.has_seq(&["faster", "or", "slower"])
    {
        for (j, _) in c.qtys(Unit::X) {
            c.take(j);
        }
        c.take_all(&["speed", "faster", "slower", "fast", "quick"]);
        let what = "say one speed, e.g. \"2x\" or \"0.5x\"".into();
        out.push((i, Intent::Vague { op: "speed", what }));
        return;
    }
    let (f, said) = match factor(c, i, slower) {
        // "get slo-mo footage back to normal speed": by how much it was
        // slowed is not known here; asked.
        Some(f)
            if f == 1.0
                && c.qtys(Unit::X).is_empty()
                && !(0..c.toks.len()).any(|k| c.num_at(k).is_some()) =>
        {
            let what = "say how much faster or slower, e.g. \"2x\" or \"0.5x\"".into();
            out.push((i, Intent::Vague { op: "speed", what }));
            return;
        }
        Some(f) => (f, true),
        // "the speed and frame rate to 23.976": one rate, named twice; the
        // frame rate is read with its value.
        None if !directed
            && c.is(i + 1, &["and", "or"])
            && c.is(i + 2, &["frame", "fps", "framerate"]) =>
        {
            return;
        }
        None if !directed => {
            // "change the speed": how fast is not said.
            let what = "say how fast, e.g. \"2x\", \"half speed\" or \"0.5x\"".into();
            out.push((i, Intent::Vague { op: "speed", what }));
            return;
        }
        None => {
            let f = match (slower, degree(c)) {
                (true, 0) => 0.75,
                (true, 2) => 0.25,
                (true, _) => 0.5,
                (false, 0) => 1.25,
                (false, 2) => 4.0,
                (false, _) => 2.0,
            };
            (f, false)
        }
    };
    // "timelapse, played at 1/2 speed": the word names the file; a speed
    // said with a number elsewhere is the one asked.
    let said = said
        && !(c.has(&["timelapse", "hyperlapse"])
            && f == 4.0
            && c.qtys(Unit::X).is_empty()
            && !(0..c.toks.len()).any(|k| c.num_at(k).is_some()));
    // "voice messages play double the speed": the file's fault, undone.
    let f = if plays_at(c, i) { 1.0 / f } else { f };
    let factor = (f * 1000.0).round() / 1000.0;
    let op = Speed { factor }.into();
    out.push((i, Intent::said_or_default(op, said)));
}

/// "the messages plays double the speed", "it's playing at 2x speed": the
/// pace the file has (a verb of the file's, not an order), to be undone.
fn plays_at(c: &Clause, i: usize) -> bool {
    // ("by running it at triple speed": the verb with an object is done to
    // the file.)
    let described = (i.saturating_sub(4)..i).any(|k| {
        matches!(
            c.toks[k].orig.to_lowercase().as_str(),
            "plays" | "playing" | "played" | "runs" | "running"
        ) && !c.is(
            k + 1,
            &["it", "them", "this", "these", "those", "my", "the"],
        )
    });
    // "records are twice as fast as real life": measured against how it
    // should play.
    let against_real = c.is(i, &["fast", "slow"])
        && c.is(i + 1, &["as"])
        && c.is(
            i + 2,
            &[
                "real", "normal", "it", "they", "original", "usual", "actual", "intended",
            ],
        );
    (described || against_real)
        && !c.has(&["make", "set", "change", "want", "need", "should", "please"])
        && c.is(i, &["speed", "fast", "faster", "slower", "rate", "slow"])
}

/// "my timelapse renderings are upside down", "the time-lapses": the files
/// named, no pace asked ("create a timelapse video" asks one).
fn timelapse_named(c: &Clause, i: usize) -> bool {
    let made = (i.saturating_sub(3)..i).any(|k| {
        c.is(
            k,
            &["create", "make", "generate", "render", "produce", "into"],
        )
    });
    // ("cut their unpublished timelapses", "at the start of a timelapse":
    // the files, plural or after "of a".)
    let plural = c.toks[i].orig.to_lowercase().ends_with('s');
    !made
        && c.is(i, &["timelapse", "hyperlapse"])
        && (c.is(
            i.wrapping_sub(1),
            &[
                "my", "the", "our", "these", "this", "those", "your", "their", "his", "her",
            ],
        ) || c.is(i + 1, &["videos", "video", "files", "clips"])
            || plural
            || c.is(i.wrapping_sub(1), &["a"]) && c.is(i.wrapping_sub(2), &["of", "in", "during"]))
        && c.qtys(Unit::X).is_empty()
        && !c.has(&["faster", "slower", "speed"])
}

/// "plays about 1.5x the level it should", "reverse the video speed": a
/// speed word that asks for no rate.
fn no_rate_asked(c: &Clause, i: usize) -> bool {
    // "plays about 1.5x the level it should", "the width must be 1.6 times
    // its height": a measure of something else.
    let measured = c.qtys(Unit::X).iter().all(|&(j, _)| {
        c.is(j + 1, &["the", "as", "its", "their"])
            && c.is(
                j + 2,
                &[
                    "level",
                    "volume",
                    "loudness",
                    "size",
                    "length",
                    "resolution",
                    "bitrate",
                    "height",
                    "width",
                ],
            )
    });
    if !c.qtys(Unit::X).is_empty() && measured && !c.has(&["speed", "faster", "slower"]) {
        return true;
    }
    // "reverse the video speed": played backwards, no rate said.
    c.is(i, &["speed"])
        && (i.saturating_sub(3)..i).any(|k| c.is(k, &["reverse", "invert"]))
        && c.qtys(Unit::X).is_empty()
}

/// Whether the speed said is another thing's: a network's, an upload's.
/// Speeds said but not asked: "1.5x instead of 2x" (the one set against),
/// "bump the speed from 1x to 2x" (the one it was).
fn set_aside_speeds(c: &mut Clause) {
    for (j, _) in c.qtys(Unit::X) {
        let against = c.is(j.wrapping_sub(1), &["of"]) && c.is(j.wrapping_sub(2), &["instead"])
            || c.is(j.wrapping_sub(1), &["than"]) && c.is(j.wrapping_sub(2), &["rather"])
            // ("0.9x besides the default 1x": the pace it has.)
            || c.is(j.wrapping_sub(1), &["default", "normal", "usual", "current"]);
        if against {
            c.take(j);
        }
    }
    let xs: Vec<(usize, f64)> = c.qtys(Unit::X);
    if let [(a, _), (b, _)] = xs[..] {
        if c.is(a.wrapping_sub(1), &["from"]) && c.is(b.wrapping_sub(1), &["to"]) {
            c.take(a);
            c.take(a - 1);
        }
    }
}

/// Words of a network's or a site's speed.
const NETWORK: &[&str] = &[
    "internet",
    "connection",
    "connections",
    "network",
    "wifi",
    "bandwidth",
    "upload",
    "uploads",
    "uploading",
    "download",
    "downloads",
    "downloading",
    "loading",
    "load",
    "loads",
    "stream",
    "streaming",
    "buffering",
    "transfer",
    "transfers",
    "workflow",
    "task",
    "tasks",
    "browser",
    "website",
    // "the images make the site a little bit slower".
    "site",
    "sites",
    "webpage",
    "server",
];

fn speed_of_something_else(c: &Clause) -> bool {
    // "slower internet connections", "loads faster outside of wifi", "makes
    // the site slower": the network's or site's speed, not the playback's.
    let network = c.has(NETWORK);
    if network && c.qtys(Unit::X).is_empty() && !c.has(&["speed", "playback"]) {
        return true;
    }
    // "smaller images to speed up load times", "speed up the page".
    let sped_thing = (0..c.toks.len()).any(|k| {
        c.is(k, &["speed"])
            && c.is(k + 1, &["up"])
            && (k + 2..(k + 5).min(c.toks.len())).any(|j| {
                c.is(
                    j,
                    &[
                        "load",
                        "loading",
                        "loads",
                        "times",
                        "page",
                        "pages",
                        "site",
                        "website",
                        "upload",
                        "uploads",
                        "process",
                        "workflow",
                        "editing",
                        "rendering",
                        "things",
                        "download",
                        "downloads",
                        "task",
                        "tasks",
                        "work",
                        "job",
                        "jobs",
                    ],
                )
            })
    });
    if sped_thing && c.qtys(Unit::X).is_empty() {
        return true;
    }
    // "to share clips faster", "so it uploads quicker": a doing with the
    // file that goes faster, not its playback.
    let done_faster = (0..c.toks.len()).any(|k| {
        c.is(k, &["faster", "quicker"])
            && (k.saturating_sub(3)..k).any(|j| {
                c.is(
                    j,
                    &[
                        "share", "send", "upload", "uploads", "post", "load", "loads", "open",
                        "download", "export", "render", "transfer", "sync",
                    ],
                )
            })
    });
    if done_faster && c.qtys(Unit::X).is_empty() && !c.has(&["playback", "play", "speed"]) {
        return true;
    }
    // "a jpg for speed in uploading", "the speed of the upload": how fast
    // something else goes.
    let elsewhere = |k: usize| {
        c.is(k, &["speed"])
            && (c.is(k.wrapping_sub(1), &["for"])
                || c.is(k + 1, &["in", "of", "when", "while"])
                    && (k + 2..(k + 5).min(c.toks.len())).any(|j| {
                        c.is(
                            j,
                            &[
                                "upload",
                                "uploading",
                                "download",
                                "downloading",
                                "loading",
                                "sharing",
                                "processing",
                                "encoding",
                                "conversion",
                                "converting",
                                "export",
                                "exporting",
                            ],
                        )
                    }))
    };
    // "the loading speed", "page speed", "a speed test": a speed named
    // by what it is of.
    let compound = |k: usize| {
        c.is(k, &["speed", "speeds"])
            && (c.is(
                k.wrapping_sub(1),
                &[
                    "loading",
                    "load",
                    "page",
                    "upload",
                    "download",
                    "internet",
                    "network",
                    "transfer",
                    "processing",
                    "encoding",
                    "conversion",
                    "render",
                    "rendering",
                    "cpu",
                    "site",
                    "website",
                    "connection",
                    "read",
                    "write",
                    "shutter",
                ],
            ) || c.is(k + 1, &["test", "tests", "benchmark"]))
    };
    // "adding images slows down the app": what something else does.
    let slows = c.toks.iter().any(|t| t.orig.eq_ignore_ascii_case("slows"));
    ((0..c.toks.len()).any(elsewhere) || (0..c.toks.len()).any(compound) || slows)
        && c.qtys(Unit::X).is_empty()
}

/// "too fast", "so slow": the pace complained of.
fn too_fast_or_slow(c: &Clause) -> Option<usize> {
    (1..c.toks.len()).find(|&k| {
        c.is(k, &["fast", "quick", "slow"]) && c.is(k - 1, &["too", "so"]) && !c.is(k + 1, &["to"])
    })
}

fn trigger(c: &Clause) -> Option<usize> {
    too_fast_or_slow(c).or_else(|| {
        c.find(&[
            "speed",
            "faster",
            "slower",
            "slowmo",
            "timelapse",
            "accelerate",
            "hyperlapse",
            "quicken",
            "tempo",
        ])
        .or_else(|| c.near(&["slow"], &["down", "motion", "mo", "it"], 2))
        // "slow the gif down", "slow this clip down a bit".
        .or_else(|| {
            c.find(&["slow"])
                .filter(|&k| (k + 1..(k + 5).min(c.toks.len())).any(|j| c.is(j, &["down"])))
        })
        .or_else(|| {
            c.find(&["playback"])
                .filter(|_| c.qty(Unit::X).is_some() || c.has(&["faster", "slower", "rate"]))
        })
        .or_else(|| {
            // "2x" alone with "play"
            c.find(&["play"]).filter(|_| c.qty(Unit::X).is_some())
        })
        .or_else(|| {
            // "twice as fast"
            // ("such as Coursera can be quickly converted": no pace asked.)
            // ("twice as slow", "half as fast".)
            c.find(&["fast", "quick", "quickly", "slow"]).filter(|&k| {
                c.is(k.wrapping_sub(1), &["as"])
                    && c.has(&["twice", "double", "triple", "times", "half", "thrice"])
                    || c.qty(Unit::X).is_some()
            })
        })
        .or_else(|| {
            // "make it 1.25x": a bare factor on a clip is a speed. ("cut the
            // clip two times": how often, written out.)
            c.qty(Unit::X).map(|q| q.0).filter(|&j| {
                let orig = c.toks[j].orig.to_lowercase();
                (orig.ends_with('x')
                    || orig.starts_with('x')
                    || orig.contains('×')
                    || c.is(j.wrapping_sub(1), &["by"]))
                    && !c.has(&[
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
                        "shrink",
                        "compress",
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
        })
    })
}

/// A factor said in numbers ("2x", "50% faster", "speed 1.5").
fn factor(c: &mut Clause, i: usize, slower: bool) -> Option<f64> {
    let inverse = |x: f64| if slower && x > 1.0 { 1.0 / x } else { x };
    // ("from 23.976 to 25 fps": both rates are the pace's; the step plays
    // every frame at the new one.)
    if let Some((f, k)) = conformed(c) {
        c.take(k + 1);
        c.take(k + 3);
        return Some(f);
    }
    if let Some((j, x)) = c.qty(Unit::X) {
        c.take(j);
        return Some(inverse(x));
    }
    if let Some((j, p)) = c.qty(Unit::Pct) {
        c.take(j);
        // "at -25% speed": a quarter slower, as players write it.
        if p < 0.0 {
            return Some((1.0 + p / 100.0).max(0.01));
        }
        // "speed up 150%": to 150%, as nothing is 150% faster by accident.
        // ("up to 25% faster": by that much.)
        let relative = c.is(j + 1, &["faster", "slower", "quicker"]);
        let to = c.is(j.wrapping_sub(1), &["to", "at"]) && !c.has(&["by"]) && !relative
            || p > 100.0 && !c.has(&["by"]);
        return Some(if to {
            p / 100.0
        } else if slower {
            (1.0 - p / 100.0).max(0.01)
        } else if c.has(&["faster", "up", "increase"]) {
            1.0 + p / 100.0
        } else {
            p / 100.0
        });
    }
    // (A bare number past 100 is no factor: "a tempo of 133 bpm"; "120x"
    // says its times.)
    if let Some((j, v)) = c
        .num_after(i, 4)
        .or_else(|| c.num_before(i, 3))
        .filter(|&(j, v)| v <= 100.0 || matches!(c.toks[j].t, T::Qty(_, Unit::X)))
    {
        c.take(j);
        return Some(inverse(v));
    }
    // "timelapse ... at 1/2 speed": the number said with "speed".
    let at_speed = (0..c.toks.len())
        .filter(|&k| c.is(k, &["speed"]))
        .find_map(|k| c.num_before(k, 2));
    if let Some((j, v)) = at_speed.filter(|&(_, v)| v > 0.0 && v <= 16.0) {
        c.take(j);
        return Some(v);
    }
    in_words(c, slower)
}

/// "slow it down from 25 to 23.976 fps", "a PAL speed-up from 24 to 25":
/// footage played at another frame rate, every frame kept; the pace is the
/// ratio of the two rates (and where "from" is).
fn conformed(c: &Clause) -> Option<(f64, usize)> {
    let rate = |k: usize| match c.toks.get(k).map(|t| &t.t) {
        Some(T::Num(v) | T::Qty(v, Unit::Fps)) if !c.used[k] && film_rate(*v) => Some(*v),
        _ => None,
    };
    (0..c.toks.len()).find_map(|k| {
        let (a, b) = (rate(k + 1)?, rate(k + 3)?);
        (c.is(k, &["from"]) && c.is(k + 2, &["to"]) && a != b).then_some((b / a, k))
    })
}

/// A frame rate footage is shot or shown at.
pub(super) fn film_rate(v: f64) -> bool {
    const RATES: &[f64] = &[23.976, 24.0, 25.0, 29.97, 30.0, 48.0, 50.0, 59.94, 60.0];
    RATES.iter().any(|r| (r - v).abs() < 0.01)
}

/// A factor said in words ("double", "half", "timelapse").
fn in_words(c: &Clause, slower: bool) -> Option<f64> {
    // "half as long", "twice the length": the length, not the speed.
    let length = c.has(&["long", "length", "duration", "time"]);
    Some(if length && c.has(&["half", "halve"]) {
        2.0
    } else if length && c.has(&["double", "twice"]) {
        0.5
    } else if c.has(&["double", "twice"]) {
        if slower {
            0.5
        } else {
            2.0
        }
    } else if c.has(&["half", "halve", "halved"]) {
        0.5
    } else if c.has(&["triple", "thrice"]) {
        if slower {
            1.0 / 3.0
        } else {
            3.0
        }
    } else if c.has(&["quarter"]) {
        if c.has(&["faster"]) {
            4.0
        } else {
            0.25
        }
    } else if c.has(&["timelapse", "hyperlapse"]) && !slower {
        4.0
    } else if c.has(&["normal", "regular", "original"]) {
        1.0
    } else {
        return None;
    })
}

/// "(1.25, 1.5, 2x)": numbers listed before the one with its "x"; "even
/// faster than 2x": a bound, not the speed.
fn listed_or_bound(c: &Clause) -> bool {
    let num = |k: usize| c.toks.get(k).is_some_and(|t| matches!(t.t, T::Num(_)));
    c.qtys(Unit::X).iter().any(|&(j, _)| {
        let sep = c
            .toks
            .get(j.wrapping_sub(1))
            .is_some_and(|t| matches!(t.t, T::Sep) && t.orig == "," || t.is_any(&["or"]));
        sep && num(j.wrapping_sub(2))
            || c.is(
                j.wrapping_sub(1),
                &["than", "above", "beyond", "below", "exceeding"],
            )
    })
}
