//! `trim` and `cut`: part of a clip kept ("the first 10 seconds", "from
//! 1:00 to 2:30", "cut the last 5 s") or a part taken out of its middle
//! ("cut out 0:05 to 0:08", "skip mins 13 to 17").

use super::{Clause, Found, Intent};
use crate::media::ops::{Cut, MediaKind, Operation, Trim, Volume};
use crate::planner::tokens::{Unit, T};

const TRIM_VERBS: &[&str] = &[
    "trim", "cut", "clip", "shorten", "chop", "crop", "snip", "keep", "take", "extract", "shorter",
    "limit", "cap",
];
const KEEP_VERBS: &[&str] = &[
    "keep", "only", "just", "take", "extract", "give", "want", "save", "export", "get", "make",
    "preserve", "leave", "need", "use",
];
const CUT_VERBS: &[&str] = &[
    "remove",
    "delete",
    "drop",
    "skip",
    "chop",
    "lose",
    "discard",
    "cut",
    "trim",
    "without",
    "off",
    "rid",
    "ditch",
    "exclude",
    "omit",
    "eliminate",
    "snip",
    "minus",
];

/// Whether the word at `i` was written as a past participle ("trimmed").
fn participle(c: &Clause, i: usize) -> bool {
    c.toks.get(i).is_some_and(|t| t.is_participle())
}

/// "a <1 minute clip I recorded": a length said of the noun at `i`, not a
/// trim ("create a 5 second clip" makes one).
fn length_of_noun(c: &Clause, i: usize) -> bool {
    let length_before = matches!(
        c.toks.get(i.wrapping_sub(1)).map(|t| &t.t),
        Some(T::Qty(_, Unit::Sec))
    );
    let made = (i.saturating_sub(6)..i).any(|k| {
        c.is(
            k,
            &[
                "create", "make", "cut", "get", "extract", "export", "want", "need", "into",
            ],
        )
    });
    length_before && !made
}

/// What the whole clause says before any part is read.
struct Scan {
    /// A trimming verb ("trim", "cut", "keep"...), not a noun ("these clips").
    verb: Option<usize>,
    /// Whether bare numbers are times here.
    bare: bool,
    times: Vec<(usize, f64)>,
    /// Times written with a unit or as a clock.
    clock_or_sec: Vec<(usize, f64)>,
    /// Where the intent is said to start.
    pos: usize,
}

impl Scan {
    /// `told`: where lengths the files have are said, none to cut to.
    fn new(c: &Clause, told: &[usize]) -> Scan {
        // "these two clips" names files; "clip the first 5 s" is a verb.
        let verb = (0..c.toks.len()).find(|&i| {
            !c.used[i]
                && c.is(i, TRIM_VERBS)
                // "I need the video trimmed": a participle after its object.
                && (participle(c, i) || !c.is(
                    i.wrapping_sub(1),
                    &[
                        "the", "this", "these", "those", "that", "my", "a", "an", "two", "both",
                        "each", "all", "every", "short", "video", "new", "one", "audio", "sound",
                        "music", "little", "small", "full", "original",
                    ],
                ))
                && !matches!(c.toks.get(i.wrapping_sub(1)).map(|t| &t.t), Some(T::Num(_)))
                && !length_of_noun(c, i)
        });
        // "quality from 100 to 80", "CRF between 18 and 24": not times.
        let other_numbers = c.has(&[
            "quality",
            "crf",
            "bitrate",
            "fps",
            "framerate",
            "percent",
            "colors",
            "colours",
            "size",
            "width",
            "height",
            "pixels",
            "volume",
            "db",
            "kbps",
            "hz",
            "resolution",
            // "frame rate from 50 to 30", "sample rate from 48000 to 44100".
            "rate",
        ]);
        // "from 41100 to 48000": sample rates, not seconds.
        let rates = (0..c.toks.len()).any(|k| c.num_at(k).is_some_and(|v| v >= 8000.0));
        // "change it from 24 to 30", "a PAL speed-up from 24 to 25": frame
        // rates changed, not a part ("from 30 to 10" runs backwards, no part
        // either; "convert from 10 to 20 into a gif" is one).
        let changed = (0..c.toks.len()).any(|k| {
            let (Some(a), Some(b)) = (c.num_at(k + 1), c.num_at(k + 3)) else {
                return false;
            };
            let film_rates = super::speed::film_rate(a) && super::speed::film_rate(b);
            let paced = c.has(&["speed", "slow", "slowdown", "conform", "pal", "ntsc"]);
            let altered = c.has(&["change", "convert"]);
            c.is(k, &["from"])
                && c.is(k + 2, &["to"])
                && (b < a || film_rates && (paced || altered))
        });
        // "reduced it from 350 to 160MB": sizes, the unit said once.
        let sized = (0..c.toks.len()).any(|k| {
            c.is(k, &["from"])
                && c.num_at(k + 1).is_some()
                && c.is(k + 2, &["to"])
                && matches!(
                    c.toks.get(k + 3).map(|t| &t.t),
                    Some(T::Qty(
                        _,
                        Unit::Mb | Unit::Kb | Unit::Gb | Unit::Px | Unit::Pct
                    ))
                )
        });
        let bare = !other_numbers
            && !rates
            && !changed
            && !sized
            && (verb.is_some_and(|v| !c.is(v, &["crop", "take", "extract", "keep"]))
                || c.has(&[
                    "first", "last", "from", "between", "until", "till", "second",
                ])
                // "start=5 end=12": labelled settings.
                || c.has(&["start", "begin"]) && c.has(&["end", "stop"]));
        let unsaid = |&(j, _): &(usize, f64)| !told.contains(&j);
        let times: Vec<_> = c.times(bare).into_iter().filter(unsaid).collect();
        let first = c.find(&["first", "opening", "beginning", "start"]);
        let last = c.find(&["last", "final", "ending", "end"]);
        let pos = verb
            .or(first)
            .or(last)
            .or(times.first().map(|t| t.0))
            .unwrap_or(0);
        Scan {
            verb,
            bare,
            times,
            clock_or_sec: c.times(false).into_iter().filter(unsaid).collect(),
            pos,
        }
    }

    /// Marks `at` and the verb used.
    fn take(&self, c: &mut Clause, at: &[usize]) {
        for &i in at {
            c.take(i);
        }
        if let Some(v) = self.verb {
            c.take(v);
        }
    }
}

fn keep(start: Option<f64>, end: Option<f64>, duration: Option<f64>, last: Option<f64>) -> Intent {
    Intent::Op(
        Trim {
            start,
            end,
            duration,
            last,
        }
        .into(),
    )
}

/// The ways a trim is said, tried in order; each answers whether it read
/// the clause.
const READINGS: &[fn(&mut Clause, &Scan, &mut Found) -> bool] = &[
    from_both_ends,
    tail_cut,
    cut_out,
    vague_part,
    each_end,
    middle_part,
    first_or_last,
    both_ends,
    range_unsaid,
    part_unsaid,
    off_one_end,
    intro_complained,
    range,
    to_length,
    made_length,
    excerpt,
    long,
    limit,
    gif_length,
];

/// "make it 1:1", "I want 16:9": a shape, with no word of time near it.
fn shape_only(c: &Clause) -> bool {
    let times = c.times(false);
    let shape = |k: usize| match c.toks[k].t {
        T::Clock { ratio: Some(r), .. } => super::crop::aspect_of(r).is_some(),
        _ => false,
    };
    times.len() == 1
        && shape(times[0].0)
        && !c.has(TRIM_VERBS)
        && !c.has(CUT_VERBS)
        && !c.has(&[
            "from", "until", "till", "at", "first", "last", "start", "end", "second", "minute",
            "long", "length", "duration",
        ])
        // ("needs to be under 2:20": a length; no shape is under another.)
        && !c.is(times[0].0.wrapping_sub(1), &["under", "below", "within", "max", "maximum"])
}

/// "30 mins of work condensed into 2 min", "squeeze it into 30 seconds",
/// "squish them into about 10 minutes": the length reached by speed.
fn condensed_into(c: &mut Clause, out: &mut Found) -> bool {
    let Some(k) = c.find(&[
        "condense",
        "condensed",
        "squeeze",
        "squeezed",
        "squish",
        "squished",
        "cram",
        "crammed",
    ]) else {
        return false;
    };
    let into = (k + 1..(k + 4).min(c.toks.len())).find(|&j| c.is(j, &["into", "to"]));
    let rough = |j: usize| {
        c.is(
            j,
            &[
                "about",
                "around",
                "roughly",
                "approximately",
                "approx",
                "just",
                "only",
            ],
        )
    };
    let Some((j, secs)) = into.and_then(|j| {
        let j = if rough(j + 1) { j + 1 } else { j };
        match c.toks.get(j + 1).map(|t| &t.t) {
            Some(T::Qty(v, Unit::Sec)) => Some((j + 1, *v)),
            _ => None,
        }
    }) else {
        return false;
    };
    c.take(k);
    c.take(j);
    out.push((k, Intent::SpeedTo(secs)));
    true
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    if condensed_into(c, out) {
        return;
    }
    // "trim the white border": a crop; "a thumbnail from 0:30": its moment.
    let moment = c.has(&["thumbnail", "poster"]) && c.times(false).len() == 1;
    // ("cut the middle third out": a share of the length, read already.)
    let shared = out.iter().any(|(_, i)| matches!(i, Intent::Portion { .. }));
    // ("take out page 3" of a PDF: pages, which have no time to cut.)
    let documents = !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|f| f.kind() == crate::media::ops::MediaKind::Document);
    if shape_only(c) || moment || shared || documents || super::crop::bars(c).is_some() {
        return;
    }
    // "cut out the silence at the start": the silence read it already.
    let silence_read =
        (0..c.toks.len()).any(|k| c.used[k] && c.is(k, &["silence", "silences", "silent"]));
    if silence_read {
        return;
    }
    let scan = Scan::new(c, &told_lengths(c));
    let before = out.len();
    for read in READINGS {
        if read(c, &scan, out) {
            break;
        }
    }
    // ("snap to zero-cross": a zero is no length to keep.)
    let mut k = before;
    while k < out.len() {
        if matches!(&out[k].1, Intent::Op(Operation::Trim(Trim { duration: Some(d), .. })) if *d <= 0.0)
        {
            out.remove(k);
        } else {
            k += 1;
        }
    }
    muted_part(c, out, before);
    sped_to_length(c, out, before);
}

/// "the calendar video is nearly 20 minutes in length", "files up to 6
/// hours a piece", "the original 53 minutes", "our 11 minute video is
/// long": lengths the files have, none to cut to.
fn told_lengths(c: &Clause) -> Vec<usize> {
    const BE: &[&str] = &["is", "are", "was", "were"];
    const NOUNS: &[&str] = &[
        "video",
        "videos",
        "mp4s",
        "recording",
        "recordings",
        "file",
        "files",
        "movie",
        "movies",
        "song",
        "songs",
        "podcast",
        "episode",
        "lecture",
        "meeting",
        "meetings",
        "footage",
    ];
    let made = c.has(&[
        "make", "cut", "trim", "shorten", "reduce", "keep", "want", "need", "should", "must",
        "max", "limit", "create",
    ]);
    let times = c.times(false);
    let time = |k: usize| times.iter().any(|&(j, _)| j == k);
    times
        .iter()
        .map(|&(j, _)| j)
        .filter(|&j| {
            let near_be = (j.saturating_sub(3)..j).any(|k| c.is(k, BE));
            let in_length = c.is(j + 1, &["in"]) && c.is(j + 2, &["length", "duration"]);
            // ("tracks that are 3 to 5 minutes long": a range wished.)
            let long = c.is(j + 1, &["long"]) && !c.is(j.wrapping_sub(1), &["to"]);
            // "very long (3 hrs plus)".
            let long_before = matches!(c.toks.get(j.wrapping_sub(1)).map(|t| &t.t), Some(T::Sep))
                && c.is(j.wrapping_sub(2), &["long"])
                && c.is(
                    j.wrapping_sub(3),
                    &["very", "so", "quite", "really", "pretty"],
                );
            let apiece = c.is(j + 1, &["apiece"])
                || c.is(j + 1, &["a", "per"]) && c.is(j + 2, &["piece", "pop"]);
            let original = c.is(j.wrapping_sub(1), &["original", "originally"]);
            let of_noun = c.is(j + 1, NOUNS)
                && (c.is(j + 2, BE)
                    || c.is(
                        j.wrapping_sub(1),
                        &["my", "our", "his", "her", "their", "these", "those"],
                    ));
            // "8 20-30 minute mp4s".
            let range_of_noun = c.is(j + 1, &["to"]) && time(j + 2) && c.is(j + 3, NOUNS)
                || c.is(j.wrapping_sub(1), &["to"])
                    && time(j.wrapping_sub(2))
                    && c.is(j + 1, NOUNS);
            // "cut a three minute video down to 15 seconds": the first
            // length is the file's, the one after "to" the one to cut to.
            let described = c.is(j + 1, NOUNS)
                && c.is(j.wrapping_sub(1), &["a", "an", "the", "this", "that"])
                && times.iter().any(|&(k, _)| {
                    k > j + 1 && c.is(k.wrapping_sub(1), &["to", "than", "under", "into"])
                });
            apiece
                || original
                || described
                || long_before
                || !made && ((in_length || long) && near_be || of_noun || range_of_noun)
        })
        .collect()
}

/// "speed up the drawing so it is only about 30 seconds": the length is
/// reached by speed, nothing cut.
fn sped_to_length(c: &Clause, out: &mut Found, before: usize) {
    let speeding = c.has(&[
        "speed",
        "faster",
        "sped",
        "accelerate",
        "timelapse",
        "quicker",
        "slower",
        "slow",
    ]);
    // ("a 3:21 video clip": a noun, not a verb.)
    let clipped = (0..c.toks.len()).any(|k| {
        c.is(k, &["clip"])
            && !c.is(
                k.wrapping_sub(1),
                &[
                    "a", "an", "the", "this", "my", "that", "video", "audio", "second",
                ],
            )
            && !matches!(
                c.toks.get(k.wrapping_sub(1)).map(|t| &t.t),
                Some(T::Qty(..) | T::Clock { .. })
            )
    });
    let last_part = (0..c.toks.len()).any(|k| c.is(k, &["last"]) && !lasting(c, k));
    let cutting = clipped
        || last_part
        || c.has(&["trim", "cut", "first", "keep", "chop", "shorten", "remove"]);
    if !speeding || cutting || !c.qtys(Unit::X).is_empty() {
        return;
    }
    for (_, intent) in out[before..].iter_mut() {
        if let Intent::Op(Operation::Trim(Trim {
            start: None,
            end: None,
            duration: Some(d),
            last: None,
        })) = intent
        {
            *intent = Intent::SpeedTo(*d);
        }
    }
}

const MUTE_TIMES: &str = "say the times to mute, e.g. \"mute from 0:10 to 0:20\"";

/// "mute the first 10 seconds", "bleep 0:10 to 0:12": the part read is
/// silenced, the rest kept.
fn muted_part(c: &mut Clause, out: &mut Found, before: usize) {
    // "remove the sound from 0:30 to 0:40": the sound of a part taken away,
    // the picture kept.
    let sound_of = |k: usize| {
        c.is(k, &["remove", "strip", "drop", "delete", "kill", "cut"])
            && (k + 1..(k + 3).min(c.toks.len())).any(|j| c.is(j, &["sound", "audio"]))
            && !c.sounds_only()
    };
    let Some(m) = (0..c.toks.len()).find(|&k| {
        c.is(k, &["mute", "bleep"])
            || c.is(k, &["silence"]) && c.is(k + 1, &["the", "from", "between", "it", "everything"])
            || sound_of(k)
    }) else {
        return;
    };
    if c.has(TRIM_VERBS) && !sound_of(m) {
        return;
    }
    // "mute part of the audio", "mute sections": which part is not said.
    // ("the audio portion" is the whole track.)
    let part = (m + 1..(m + 5).min(c.toks.len())).find(|&k| {
        c.is(
            k,
            &[
                "part", "parts", "section", "sections", "portion", "portions", "segment",
                "segments", "bit", "bits",
            ],
        ) && !c.is(k - 1, &["audio", "sound"])
    });
    if let (Some(k), true) = (part, out.len() == before) {
        c.take(m);
        c.take(k);
        out.push((
            k,
            Intent::Vague {
                op: "volume",
                what: MUTE_TIMES.into(),
            },
        ));
        return;
    }
    let mut said = false;
    for (_, intent) in out[before..].iter_mut() {
        if let Intent::Op(Operation::Cut(cut)) = intent {
            *intent = Intent::Op(Volume::mute(Some(cut.start), Some(cut.end)).into());
            said = true;
            continue;
        }
        let Intent::Op(Operation::Trim(t)) = intent else {
            continue;
        };
        *intent = match (t.start, t.end, t.duration, t.last) {
            (start, Some(end), None, None) => Intent::Op(Volume::mute(start, Some(end)).into()),
            (start, None, Some(d), None) => {
                Intent::Op(Volume::mute(start, Some(start.unwrap_or(0.0) + d)).into())
            }
            (Some(start), None, None, None) => Intent::Op(Volume::mute(Some(start), None).into()),
            _ => Intent::Vague {
                op: "volume",
                what: MUTE_TIMES.into(),
            },
        };
        said = true;
    }
    if said {
        c.take(m);
        // ("remove the sound": all of it is not what is asked.)
        c.take_all(&["sound", "audio"]);
    }
}

/// Verbs that take a part out ("cut" alone keeps the part it names).
const OUT_VERBS: &[&str] = &[
    "remove",
    "delete",
    "skip",
    "drop",
    "exclude",
    "omit",
    "eliminate",
    "ditch",
    "lose",
    "erase",
    "rid",
];

/// A moment at `j` then "to the end", "till end" ("from 2:30 to the end";
/// "add 5 seconds to the end" is a length, no moment).
fn to_end(c: &Clause, j: usize) -> bool {
    let k = j + 1;
    let moment =
        matches!(c.toks[j].t, T::Clock { .. }) || c.is(j.wrapping_sub(1), &["from", "at", "after"]);
    moment
        && c.is(k, &["to", "till", "until", "through"])
        && (c.is(k + 1, &["end"]) || c.is(k + 1, &["the"]) && c.is(k + 2, &["end"]))
}

/// "delete everything from 2:30 to the end", "cut 2:30-end": the tail taken
/// off, what comes before kept.
fn tail_cut(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let kept = c.has(&[
        "keep", "only", "extract", "save", "export", "start", "begin",
    ]);
    if kept || !(c.has(OUT_VERBS) || c.has(&["cut"])) {
        return false;
    }
    let Some(&(j, v)) = s.clock_or_sec.iter().find(|&&(j, _)| to_end(c, j)) else {
        return false;
    };
    s.take(c, &[j]);
    c.take_all(&[
        "from",
        "to",
        "till",
        "until",
        "through",
        "end",
        "everything",
        "cut",
    ]);
    c.take_all(OUT_VERBS);
    out.push((s.pos, keep(None, Some(v), None, None)));
    true
}

/// "cut out 0:05 to 0:08", "remove 1:00-2:00", "edit out the part from 6
/// till 9": a part taken out of the middle.
fn cut_out(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let out_word = (0..c.toks.len()).find(|&k| {
        c.is(k, &["out"])
            && (c.is(
                k.wrapping_sub(1),
                &["cut", "edit", "take", "snip", "chop", "carve"],
            ) || c.is(k.wrapping_sub(2), &["cut", "edit", "take", "snip", "chop"])
                // "cut the part from 1:20 to 1:45 out": the particle last.
                || (k + 1 == c.toks.len()
                    || c.is(k + 1, &["if", "for", "without", "please", "pls", "unless"]))
                    && (0..k).any(|j| c.is(j, &["cut", "edit", "take", "snip", "chop"])))
    });
    let middle = c.has(&["center", "between", "segment", "section", "portion"])
        && c.has(&["cut", "remove", "delete", "skip"]);
    let removing = c.has(OUT_VERBS) || out_word.is_some() || middle;
    let ends = c.has(&[
        "everything",
        "anything",
        "rest",
        "all",
        "except",
        "only",
        "keep",
        "first",
        "last",
        "before",
        "after",
        "beginning",
        "ending",
    ]);
    if !removing || ends && !middle {
        return false;
    }
    if several_parts(c, s, out) {
        return true;
    }
    let (start, end, taken) = bounds(c, s);
    match (start, end) {
        (Some(a), Some(b)) if b > a => {
            s.take(c, &taken);
            c.take_all(&["out", "part", "section", "segment", "portion"]);
            c.take_all(OUT_VERBS);
            out.push((s.pos, Intent::Op(Cut { start: a, end: b }.into())));
            true
        }
        // "take out the sound": a stream or a thing taken out, not a part;
        // "the long pauses between sentences": the silences inside.
        _ if c.has(&[
            "sound",
            "audio",
            "music",
            "voice",
            "noise",
            "subtitles",
            "watermark",
            "logo",
            "pauses",
            "silences",
            "nobody",
        ]) && s.times.is_empty() =>
        {
            false
        }
        // "cut a square out of the middle of the image": a picture has no
        // time to cut.
        _ if s.times.is_empty()
            && !c.sources.is_empty()
            && c.sources.iter().all(|f| f.is_still()) =>
        {
            false
        }
        _ if middle || out_word.is_some() && s.times.is_empty() => {
            c.take_all(&[
                "cut", "out", "part", "section", "segment", "portion", "center",
            ]);
            c.take_all(OUT_VERBS);
            out.push((
                s.pos,
                Intent::Need("say which part to cut out, e.g. \"cut out 0:05 to 0:08\"".into()),
            ));
            true
        }
        _ => false,
    }
}

/// "cut out 0:10-0:20 and 1:00-1:10", "remove 0:05 to 0:08, 0:30 to 0:35":
/// several parts cut, each its own step, the latest first so the earlier
/// times still point where they were said.
fn several_parts(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let t = &s.clock_or_sec;
    if t.len() < 4 || t.len() % 2 == 1 {
        return false;
    }
    let joined = |a: usize, b: usize| {
        b == a + 1 || b == a + 2 && c.is(a + 1, &["to", "till", "until", "through", "thru"])
    };
    let parts: Vec<(f64, f64)> = t
        .chunks(2)
        .map_while(|p| (joined(p[0].0, p[1].0) && p[1].1 > p[0].1).then_some((p[0].1, p[1].1)))
        .collect();
    if parts.len() * 2 != t.len() || parts.windows(2).any(|w| w[1].0 < w[0].1) {
        return false;
    }
    let at: Vec<usize> = t.iter().map(|x| x.0).collect();
    s.take(c, &at);
    c.take_all(&["out", "part", "parts", "section", "sections", "and", "to"]);
    c.take_all(OUT_VERBS);
    for &(start, end) in parts.iter().rev() {
        out.push((s.pos, Intent::Op(Cut { start, end }.into())));
    }
    true
}

/// "first N" / "last N": the position of the word and of its time.
fn nth_part(c: &Clause, words: &[&str]) -> Option<(usize, (usize, f64))> {
    let unit_after = |f: usize| match c.w(f + 1) {
        Some("second") => Some((f + 1, 1.0)),
        Some("minute") => Some((f + 1, 60.0)),
        Some("hour") => Some((f + 1, 3600.0)),
        Some("half") if c.is(f + 2, &["minute"]) => Some((f + 2, 30.0)),
        _ => None,
    };
    // ("for the last five or so years": a span of the calendar.)
    let calendar = |j: usize| {
        (j + 1..(j + 4).min(c.toks.len())).any(|k| {
            c.is(
                k,
                &[
                    "year", "years", "month", "months", "week", "weeks", "day", "days", "decade",
                    "decades",
                ],
            )
        })
    };
    c.find(words).and_then(|f| {
        c.time_after(f, 2, true)
            .filter(|&(j, _)| !(matches!(c.toks[j].t, T::Num(_)) && calendar(j)))
            .or_else(|| unit_after(f))
            .map(|t| (f, t))
    })
}

/// Whether the verb nearest before `at` keeps the part (else cuts it).
fn keeps_part(c: &Clause, at: usize) -> Option<bool> {
    (0..at).rev().find_map(|k| {
        // "take out the first 3 seconds", "leave out the intro": removed.
        let out = c.is(k, &["out", "away"]) && c.is(k.wrapping_sub(1), &["take", "leave"]);
        if out || c.is(k, CUT_VERBS) && !c.is(k, &["cut", "trim"]) {
            Some(false)
        } else if c.is(k, KEEP_VERBS) {
            Some(true)
        } else if c.is(k, &["cut", "trim"]) {
            Some(false)
        } else {
            None
        }
    })
}

/// "the first few seconds", "the last x seconds": how many is not said.
fn vague_part(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let Some(f) = c.find(&["first", "last", "opening", "final", "beginning", "end"]) else {
        return false;
    };
    let units = [
        "second",
        "minute",
        "seconds",
        "minutes",
        "bit",
        "millisecond",
        "milliseconds",
    ];
    // "a certain number of seconds from the end", "the last hundreds of
    // milliseconds".
    let counted = (0..c.toks.len()).any(|k| {
        c.is(k, &units)
            && (k.saturating_sub(4)..k)
                .any(|j| c.is(j, super::VAGUE) || c.is(j, &["many", "number"]))
    });
    let vague = ((f + 1..(f + 4).min(c.toks.len())).any(|k| c.is(k, super::VAGUE)) || counted)
        && c.has(&units);
    if !vague || !s.times.is_empty() {
        return false;
    }
    c.take(f);
    let what = "say how many seconds, e.g. \"cut the first 5 seconds\"".into();
    out.push((s.pos, Intent::Vague { op: "trim", what }));
    true
}

/// "half a second off each end", "2 s from both ends".
fn each_end(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let named = c
        .seq(&["each", "end"])
        .or_else(|| c.seq(&["both", "ends"]))
        .or_else(|| c.seq(&["either", "end"]));
    let (Some(k), [(j, t)]) = (named, s.times.as_slice()) else {
        return false;
    };
    if !c.has(CUT_VERBS) && !c.has(&["off", "from"]) {
        return false;
    }
    c.take(k);
    c.take(*j);
    out.push((s.pos, Intent::CutBoth(*t, *t)));
    true
}

/// "an option to set start and end times", "define a time range": a part
/// to keep, which one not said.
fn range_unsaid(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let moving = c.sources.iter().any(|f| !f.is_still());
    let named = c.has_seq(&["time", "range"])
        || c.has_seq(&["start", "time"])
        || c.has_seq(&["in", "point"])
        || c.has(&["start", "beginning"])
            && c.has(&["end"])
            && c.has(&["times", "points", "point"]);
    let chosen = c.has(&[
        "set", "define", "choose", "specify", "select", "pick", "give", "mark", "option", "export",
        "based",
    ]);
    if !moving || !named || !chosen || !s.times.is_empty() {
        return false;
    }
    let what = "say which part to keep, e.g. \"from 0:05 to 0:20\"".into();
    out.push((s.pos, Intent::Vague { op: "trim", what }));
    true
}

/// "extract chosen video sequences", "save a short segment of the song",
/// "remove the parts I don't like", "a video trimmer": a part of a video or
/// a sound, which one not said.
fn part_unsaid(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let moving = !c.sources.is_empty()
        && c.sources.iter().all(|f| {
            matches!(
                f.kind(),
                MediaKind::Video | MediaKind::Audio | MediaKind::Gif
            )
        });
    // ("a 9:16 portion of the screen": a part of the picture; "the silent
    // sections": the silence; "the cut scene part at 1/4X": a speed.)
    let elsewhere = c.has(&["screen", "frame", "picture", "image", "silent", "silence"])
        || c.qty(Unit::X).is_some()
        || c.has_seq(&["of", "a", "sequence"])
        || super::silence::nobody_talking(c).is_some();
    if !moving || elsewhere || !s.times.is_empty() || !c.times(false).is_empty() {
        return false;
    }
    let tool = c.find(&["trimmer", "cutter"]);
    let part = c.find(&[
        "segment", "segments", "section", "sections", "snippet", "portion", "portions", "sequence",
        "excerpt", "part", "parts", "chunk",
    ]);
    let verb = c.has(&[
        "extract", "save", "keep", "cut", "remove", "delete", "take", "export", "use", "select",
        "choose", "pick", "skip", "get", "grab", "download", "see", "watch", "view", "analyze",
        "analyse", "preview",
    ]);
    // ("the audio portion": a stream, no piece of the length.)
    let of_length = part.is_some_and(|k| {
        !(c.is(k, &["portion", "portions", "part", "parts"])
            && c.is(k.wrapping_sub(1), &["audio", "video", "sound"]))
    });
    // ("save video sequences in mp4 format": the recordings, as a format.)
    let recordings = part.is_some_and(|k| {
        c.is(k, &["sequence", "sequences"])
            && c.toks.iter().any(|t| {
                t.word()
                    .and_then(crate::planner::lexicon::format_word)
                    .is_some()
            })
    });
    let at = match (tool, part) {
        (Some(t), _) => t,
        (None, Some(k)) if verb && of_length && !recordings => k,
        _ => return false,
    };
    c.take(at);
    let what = "say which part, e.g. \"from 0:05 to 0:20\" or \"the first 10 seconds\"".into();
    out.push((at, Intent::Vague { op: "trim", what }));
    true
}

/// "trim the start and end": from both ends, how much not said.
fn both_ends(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let named = c.has(&["start", "beginning", "front"]) && c.has(&["end", "ending"])
        || c.has_seq(&["both", "ends"])
        || c.has_seq(&["both", "sides"]);
    if !named || s.verb.is_none() || !s.times.is_empty() {
        return false;
    }
    let what =
        "say how much to cut from each end, e.g. \"cut 2 s from the start and 3 s from the end\""
            .into();
    out.push((s.pos, Intent::Vague { op: "trim", what }));
    true
}

/// "make the clip last 1.5 min", "it should last 30 s": the verb, a length
/// to reach, no last part.
fn lasting(c: &Clause, k: usize) -> bool {
    const MODALS: &[&str] = &["should", "will", "would", "must", "could", "can", "might"];
    c.is(k, &["last"])
        && !c.is(
            k.wrapping_sub(1),
            &["the", "a", "its", "their", "and", "or", "to"],
        )
        && (c.is(k.wrapping_sub(1), MODALS)
            || (k.saturating_sub(4)..k).any(|m| c.is(m, &["make", "let"])))
}

/// "the first 10 seconds", "the last 5 s", "cut the first 3 seconds".
fn first_or_last(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let last_n = nth_part(c, &["last", "final"]).filter(|&(f, _)| !lasting(c, f));
    // "the first and last 5 seconds": one length for both.
    let first_n = nth_part(c, &["first", "opening"]).or_else(|| {
        let f = c.find(&["first", "opening"])?;
        let (g, t) = last_n?;
        (c.is(f + 1, &["and"]) && g == f + 2).then_some((f, t))
    });
    let at = first_n.or(last_n).map_or(c.toks.len(), |(f, _)| f);
    // "trim it to the first/last 30 seconds": that part kept.
    let to_part = |(f, _): (usize, (usize, f64))| {
        c.is(f.wrapping_sub(1), &["to"])
            || c.is(f.wrapping_sub(2), &["to"]) && c.is(f - 1, &["the"])
    };
    let said = keeps_part(c, at);
    let keeping = said.unwrap_or(false)
        || first_n.is_some_and(to_part)
        || first_n.is_none() && last_n.is_some_and(to_part);
    let cut = !keeping && (c.has(CUT_VERBS) || said == Some(false));
    let intent = match (first_n, last_n) {
        (Some((f, (j, a))), Some((g, (k, b)))) => {
            s.take(c, &[f, j, g, k]);
            if cut {
                Intent::CutBoth(a, b)
            } else {
                Intent::Need(
                    "say one part to keep, e.g. \"the first 10 seconds\" or \"from 0:05 to 0:20\""
                        .into(),
                )
            }
        }
        (Some((f, (j, a))), None) => {
            s.take(c, &[f, j]);
            // "skip the first 30 seconds and end it at 90 seconds": the end
            // said after the part cut.
            let end = s.clock_or_sec.iter().find(|&&(k, v)| {
                k > j
                    && v > a
                    && c.is(k.wrapping_sub(1), &["at", "until", "till"])
                    && (k.saturating_sub(4)..k).any(|m| c.is(m, &["end", "stop", "finish"]))
            });
            if let Some(&(k, _)) = end {
                c.take(k);
            }
            if cut {
                keep(Some(a), end.map(|e| e.1), None, None)
            } else {
                keep(None, None, Some(a), None)
            }
        }
        (None, Some((f, (j, a)))) => {
            s.take(c, &[f, j]);
            if cut {
                Intent::CutEnd(a)
            } else {
                keep(None, None, None, Some(a))
            }
        }
        (None, None) => return false,
    };
    out.push((s.pos, intent));
    true
}

/// "keep the middle 30 seconds", "just the central minute".
fn middle_part(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let Some((f, (j, a))) = nth_part(c, &["center"]) else {
        return false;
    };
    let keeping = keeps_part(c, f).unwrap_or(true) || c.is(f.wrapping_sub(2), &["to"]);
    if !keeping || c.has(&["out", "remove", "delete"]) {
        return false;
    }
    s.take(c, &[f, j]);
    out.push((s.pos, Intent::Middle(a)));
    true
}

/// "N seconds off the start/end", "N seconds from the beginning".
fn off_one_end(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let Some(&(j, a)) = s.times.first() else {
        return false;
    };
    if !c.has(CUT_VERBS) || c.has(&["keep", "only", "just"]) {
        return false;
    }
    let lead = j > 0
        && c.is(
            j - 1,
            &["from", "at", "after", "since", "until", "till", "to"],
        );
    // ("remove the 30 second intro": the part named by its length.)
    let named_part = c.is(j + 1, &["intro", "outro", "ending", "opening"]);
    if s.times.len() != 1 || lead || !(named_part || c.has(&["off", "from", "of", "at", "by"])) {
        return false;
    }
    let at_start = c.has(&["start", "beginning", "front", "intro", "head"]);
    let at_end = c.has(&["end", "ending", "outro", "tail", "back"]);
    let intent = if at_start && !at_end {
        c.take_all(&["start", "beginning", "front"]);
        keep(Some(a), None, None, None)
    } else if at_end && !at_start {
        c.take_all(&["end", "ending"]);
        Intent::CutEnd(a)
    } else {
        return false;
    };
    s.take(c, &[j]);
    out.push((s.pos, intent));
    true
}

/// "it has this 50 second intro we would have to wait through", "a boring
/// 30s intro": an opening or ending told by its length and as
/// unwanted, with no verb of cutting, is cut.
fn intro_complained(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let [(j, a)] = s.times[..] else {
        return false;
    };
    if !c.is(j + 1, &["intro", "outro", "opening", "ending"]) || c.has(CUT_VERBS) {
        return false;
    }
    let unwanted = c.has(&[
        "wait",
        "annoying",
        "boring",
        "hate",
        "tired",
        "useless",
        "unnecessary",
    ]);
    if !unwanted {
        return false;
    }
    let intent = if c.is(j + 1, &["intro", "opening"]) {
        keep(Some(a), None, None, None)
    } else {
        Intent::CutEnd(a)
    };
    s.take(c, &[j, j + 1]);
    out.push((j, intent));
    true
}

/// Whether the word at `i` opens or closes a range.
fn bound_at(c: &Clause, i: usize) -> (bool, bool) {
    let w = c.w(i);
    // "cut everything after 1:00" keeps what comes before.
    let removing =
        c.has(&["everything", "anything", "rest", "all", "end", "off"]) && c.has(CUT_VERBS);
    match w {
        Some("after") if removing => (false, true),
        Some("before") if removing => (true, false),
        Some(
            "from" | "between" | "after" | "starting" | "start" | "starts" | "begin" | "beginning"
            | "begins" | "since",
        ) => (true, false),
        Some(
            "to" | "until" | "till" | "and" | "through" | "thru" | "before" | "end" | "ending"
            | "ends" | "stop" | "stopping" | "upto",
        ) => (false, true),
        _ => (false, false),
    }
}

/// The start and end of a range (from A to B, between A and B, A-B, start
/// at A, until B) and the positions they were read from.
fn bounds(c: &Clause, s: &Scan) -> (Option<f64>, Option<f64>, Vec<usize>) {
    let mut start = None;
    let mut end = None;
    let mut taken = Vec::new();
    for i in 0..c.toks.len() {
        if c.used[i] {
            continue;
        }
        let (starts, ends) = bound_at(c, i);
        // "from the start to 100 seconds": from zero, when an end follows.
        let mut o = i + 1;
        while c.is(o, &["the", "very"]) {
            o += 1;
        }
        let from_zero = c.is(i, &["from"])
            && c.is(o, &["start", "starting", "beginning", "begin"])
            && (o + 1..c.toks.len()).any(|k| {
                matches!(c.w(k), Some("to" | "until" | "till" | "upto"))
                    && c.time_after(k, 3, s.bare).is_some()
            });
        if from_zero && start.is_none() {
            start = Some(0.0);
            taken.extend([i, o]);
        } else if starts && start.is_none() {
            if let Some((j, v)) = c.time_after(i, 3, s.bare) {
                start = Some(v);
                taken.extend([i, j]);
            }
        } else if ends
            && end.is_none()
            && (start.is_some() || !matches!(c.w(i), Some("to" | "and")))
        {
            if let Some((j, v)) = c.time_after(i, 3, s.bare) {
                end = Some(v);
                taken.extend([i, j]);
            }
        }
    }
    // "2:30 to the end", "2:30-end": from that time on.
    if start.is_none() && end.is_none() {
        if let Some(&(j, v)) = s.clock_or_sec.iter().find(|&&(j, _)| to_end(c, j)) {
            start = Some(v);
            taken.push(j);
        }
    }
    // "0:10 to 0:20" / "0:10-0:20"
    let two = &s.clock_or_sec;
    // "from 0:10 - 0:20": the dash gone, the end right after the start.
    if let ([a, b], Some(v), None) = (&two[..], start, end) {
        if taken.contains(&a.0) && a.1 == v && b.0 == a.0 + 1 && b.1 > a.1 {
            end = Some(b.1);
            taken.push(b.0);
        }
    }
    if start.is_none()
        && end.is_none()
        && two.len() == 2
        && (s.verb.is_some()
            || c.has(OUT_VERBS)
            || c.has(&["to", "and", "from", "mute", "bleep", "silence"]))
    {
        let (a, b) = (two[0], two[1]);
        // ("only 10 minutes of a 40 minutes project": a part of the whole's
        // length, no range.)
        let of_whole = (a.0 + 1..b.0).any(|k| c.is(k, &["of"]));
        if b.1 > a.1 && b.0 <= a.0 + 3 && !of_whole {
            start = Some(a.1);
            end = Some(b.1);
            taken.extend([a.0, b.0]);
        }
    }
    (start, end, taken)
}

/// Ranges, and "10 seconds starting at 0:05".
fn range(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let (start, end, mut taken) = bounds(c, s);
    if start.is_none() && end.is_none() {
        return false;
    }
    // "between 83 and 88 KB" is no time range.
    if c.has(&["between"]) && (start.is_none() || end.is_none()) && s.verb.is_none() {
        return false;
    }
    // "reduces the duration from 5 seconds to about 0.8 seconds": a length
    // brought down, not a part.
    if let (Some(a), Some(b)) = (start, end) {
        if b < a && c.has(&["duration", "length", "shorten", "reduce", "shorter"]) {
            s.take(c, &taken);
            out.push((s.pos, keep(None, None, Some(b), None)));
            return true;
        }
    }
    // "gifs that are maybe 6-7 seconds long", "about 300-400 hours of
    // video", "audio is 1-2 seconds ahead of the video", "for 5-6 hours":
    // an amount, told.
    let last = taken.iter().copied().max();
    let first = taken.iter().copied().min();
    if let (Some(_), Some(_), Some(last), Some(first)) = (start, end, last, first) {
        // ("a clip of 1:40 to 2:40 of song.mp3": clock times are places in
        // the file, not an amount of it.)
        let clocks = taken
            .iter()
            .all(|&k| matches!(c.toks[k].t, T::Clock { .. }) || c.toks[k].word().is_some());
        let amount = c.is(
            last + 1,
            &["long", "ahead", "behind", "late", "early", "off"],
        ) || c.is(last + 1, &["of"])
            && !c.is(last + 2, &["the", "this", "that", "my", "it"])
            && !clocks
            // ("around 2:10 to 2:25": clock times are where, hedged or not.)
            || c.is(
                first.wrapping_sub(1),
                &[
                    "about",
                    "around",
                    "approximately",
                    "roughly",
                    "maybe",
                    "nearly",
                    "almost",
                ],
            ) && !clocks
            // "running the cameras for 5-6 hours", "a gif with just 3-4
            // seconds", "no more than 10 to 20 second long".
            || c.is(first.wrapping_sub(1), &["for", "just", "than"])
            // "GIFs with a length of 5-10 seconds".
            || c.is(first.wrapping_sub(1), &["of"])
                && c.is(first.wrapping_sub(2), &["length", "duration", "runtime"]);
        // "clip no more than 10 to 20 seconds long", "I'd like it to be
        // between 10-15 minutes": a length asked for, with two lengths.
        let between = if c.is(first, &["between"]) {
            first
        } else {
            first.wrapping_sub(1)
        };
        // ("gifs that are maybe 6-7 seconds long": the files told of.)
        let hedged = c.is(
            first.wrapping_sub(1),
            &["maybe", "about", "around", "roughly", "approximately"],
        );
        // ("shorten it to become about 4-5 minutes long": hedged, and
        // asked all the same.)
        let wished = c.is(first.wrapping_sub(2), &["to", "become", "becomes", "be"]);
        let asked_amount = s.verb.is_some()
            && (!hedged || wished)
            && (c.is(last + 1, &["long"]) || c.is(first.wrapping_sub(1), &["max"]))
            || c.is(between, &["between"])
                && c.is(between.wrapping_sub(1), &["be"])
                && c.is(between.wrapping_sub(2), &["to", "should", "must"]);
        if asked_amount {
            s.take(c, &taken);
            c.take(last + 1);
            let what = "say one length, e.g. \"the first 15 seconds\"".into();
            out.push((s.pos, Intent::Vague { op: "trim", what }));
            return true;
        }
        if amount && s.verb.is_none() {
            s.take(c, &taken);
            c.take(last + 1);
            return true;
        }
    }
    let mut duration = None;
    if end.is_none() {
        if let Some(&(j, d)) = c.times(false).iter().find(|(j, _)| !taken.contains(j)) {
            duration = Some(d);
            taken.push(j);
        }
    }
    s.take(c, &taken);
    let start = start
        .filter(|s| *s > 0.0)
        .or(if end.is_some() || duration.is_some() {
            None
        } else {
            start
        });
    if start.is_some() || end.is_some() || duration.is_some() {
        out.push((s.pos, keep(start, end, duration, None)));
    }
    true
}

/// "trim to N", "cut it to 30 s".
fn to_length(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let Some(v) = s
        .verb
        .filter(|&v| !c.is(v, &["take", "extract", "keep", "get"]) || !s.times.is_empty())
    else {
        return false;
    };
    if c.is(v, &["crop"]) && s.times.is_empty() {
        return true;
    }
    // "trim down clips to under 50mb": bytes, which the compression reads.
    let bytes = (v + 1..(v + 8).min(c.toks.len()))
        .any(|k| matches!(c.toks[k].t, T::Qty(_, Unit::Mb | Unit::Kb | Unit::Gb)));
    if bytes && s.times.is_empty() {
        return true;
    }
    // "a 1 min clip ... trim to a 10 second clip": the length after "to".
    let to = |j: usize| {
        c.is(j.wrapping_sub(1), &["to"])
            || c.is(j.wrapping_sub(1), &["a", "an"]) && c.is(j.wrapping_sub(2), &["to"])
    };
    let target = s.times.iter().find(|&&(j, _)| to(j)).or(s.times.first());
    if let Some(&(j, d)) = target {
        c.take(v);
        c.take(j);
        out.push((v, keep(None, None, Some(d), None)));
    } else if c.is(v, &["trim", "shorten", "shorter", "snip", "chop"]) {
        c.take(v);
        let what = "say which part to keep, e.g. \"the first 10 seconds\", \"the last 5 s\" or \"from 0:05 to 0:20\"".into();
        out.push((v, Intent::Vague { op: "trim", what }));
    }
    true
}

/// "make the clip 90 seconds (long)".
/// "a 5-second gif": the length of the part made into a GIF.
fn gif_length(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let [(j, d)] = s.clock_or_sec[..] else {
        return false;
    };
    if !(c.is(j + 1, &["gif", "gifs"]) && c.is(j.wrapping_sub(1), &["a", "an"])) {
        return false;
    }
    // ("a 5 second gif is like 50MB": the gif told of, not one to make.)
    if c.is(
        j + 2,
        &["is", "was", "are", "were", "weighs", "takes", "ends"],
    ) {
        c.take(j);
        return true;
    }
    c.take(j);
    out.push((j, keep(None, None, Some(d), None)));
    true
}

fn made_length(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    if !c.has(&["make", "cut", "shorten", "reduce"]) || s.clock_or_sec.len() != 1 {
        return false;
    }
    let (j, d) = s.clock_or_sec[0];
    let tail = c.toks[j + 1..].iter().all(|t| {
        matches!(t.t, T::Sep)
            || t.is_any(&[
                "long", "only", "max", "tops", "total", "please", "in", "length",
            ])
    });
    if !tail || c.has(&["at", "every", "each", "per"]) {
        return false;
    }
    c.take(j);
    out.push((j, keep(None, None, Some(d), None)));
    true
}

/// "a 10 second preview", "a 30 s version": that much from the start.
fn excerpt(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    const PARTS: &[&str] = &[
        "preview", "teaser", "snippet", "excerpt", "sample", "version", "trailer", "ringtone",
    ];
    let Some(&(j, d)) = s.clock_or_sec.iter().find(|&&(j, _)| c.is(j + 1, PARTS)) else {
        return false;
    };
    let from_time =
        (0..c.toks.len()).any(|k| c.is(k, &["from"]) && c.time_after(k, 2, false).is_some());
    if c.has(&["at", "every", "each", "per", "starting"]) || from_time {
        return false;
    }
    c.take(j);
    c.take(j + 1);
    out.push((j, keep(None, None, Some(d), None)));
    true
}

/// "N seconds long", "a length of N".
fn long(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    // "so it lasts 1 minute": the length after it.
    let verb = || (0..c.toks.len()).find(|&k| lasting(c, k));
    let Some(l) = c
        .find(&["long", "length", "duration", "lasts", "lasting"])
        .or_else(verb)
    else {
        return false;
    };
    // "the duration for each slide was three seconds": a picture's time.
    if (l + 1..(l + 4).min(c.toks.len())).any(|k| {
        c.is(k, &["each", "per", "every"])
            && c.is(k + 1, &["slide", "image", "picture", "photo", "frame"])
    }) {
        return false;
    }
    // "clips longer than 6 seconds": a comparison, not a length asked for.
    if c.has(&["than"]) && c.has(&["longer", "shorter"]) && !c.has(&["max", "no"]) {
        return false;
    }
    // "a 10 minute video, set the duration to 60 minutes": the length the
    // word names ("N long" before it, "duration N" after it).
    let before = c.is(l, &["long"]);
    let Some(&(j, d)) = s
        .clock_or_sec
        .iter()
        .min_by_key(|(j, _)| match (*j < l, before) {
            (true, true) | (false, false) => j.abs_diff(l),
            _ => 100 + j.abs_diff(l),
        })
    else {
        return false;
    };
    c.take(l);
    c.take(j);
    // "it was rather long – 8:16", "very long (3 hrs plus) meetings": the
    // length the file has, told after "long"; no length asked.
    let told = before
        && j > l
        && c.is(
            l.wrapping_sub(1),
            &[
                "very",
                "rather",
                "so",
                "too",
                "quite",
                "pretty",
                "really",
                "extremely",
                "super",
                "is",
                "was",
                "are",
                "were",
            ],
        )
        && !c.has(&[
            "make", "cut", "trim", "shorten", "reduce", "keep", "want", "need", "should", "must",
            "max", "limit",
        ]);
    if !told {
        out.push((l, keep(None, None, Some(d), None)));
    }
    true
}

/// "twitter only allows 2:20", "stories are max 15 seconds", "needs to be
/// under 1 minute": a limit on the length, met by keeping the start.
fn limit(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let [(j, d)] = s.clock_or_sec[..] else {
        return false;
    };
    let limited = (j.saturating_sub(3)..j).any(|k| {
        c.is(
            k,
            &[
                "max", "maximum", "limit", "under", "below", "most", "allow", "only", "within",
                "shorter", "less", "upto", "cap",
            ],
        )
    }) || c.is(j.wrapping_sub(1), &["to"]) && c.is(j.wrapping_sub(2), &["up"])
        // "15 seconds or less" (read as "max"), of a clip.
        || c.is(j + 1, &["max"]) && !c.sources.iter().any(|f| f.is_still());
    // ("a <1 minute clip I recorded wouldn't send": the clip described;
    // "cut it to a max 30 second clip" asks it.)
    let described = c.is(
        j + 1,
        &[
            "clip",
            "video",
            "song",
            "recording",
            "file",
            "track",
            "movie",
        ],
    ) && (j.saturating_sub(3)..j).any(|k| c.is(k, &["a", "an", "my", "this"]))
        && !(j.saturating_sub(4)..j).any(|k| c.is(k, &["to", "into"]));
    if described {
        return false;
    }
    // "at most 5 fps", "only 2 seconds of audio": not a length.
    // ("... at my daughter's wedding": where, not when.)
    let other = c.has(&["fps", "frame", "every", "each", "per", "fade", "delay"])
        || (j.saturating_sub(3)..(j + 3).min(c.toks.len())).any(|k| c.is(k, &["at"]));
    if !limited || other && !c.has(&["most"]) {
        return false;
    }
    c.take(j);
    out.push((j, keep(None, None, Some(d), None)));
    true
}

/// "trim 5s from the start and 3s from the end": off both ends.
fn from_both_ends(c: &mut Clause, s: &Scan, out: &mut Found) -> bool {
    let [(i, a), (j, b)] = s.clock_or_sec[..] else {
        return false;
    };
    // "5s from the start", "the beginning by 2 seconds".
    let names = |k: usize, lo: usize, ws: &[&str]| {
        (k.saturating_sub(3).max(lo)..(k + 4).min(c.toks.len())).any(|m| m != k && c.is(m, ws))
    };
    let start = names(i, 0, &["start", "beginning", "front"]);
    let end = names(j, i + 1, &["end", "ending", "back"]);
    let cutting = c.has(&["from", "off", "cut", "trim", "remove", "chop", "delete"]);
    if !start || !end || !cutting || c.has(&["keep", "only"]) {
        return false;
    }
    c.take(i);
    c.take(j);
    s.take(c, &[]);
    out.push((s.pos, Intent::CutBoth(a, b)));
    true
}
