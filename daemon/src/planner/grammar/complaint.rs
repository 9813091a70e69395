//! Needs told as complaints about the file, with no operation named: "it
//! appears sideways" (upright), "the file is way too big" (compress), "the
//! images show up really big when I view the email" (600 px wide),
//! "my phone can't open heic files", "I get a black screen" (a format
//! everything reads), "I would not like to reveal my location" (no
//! metadata), and a bare time range ("0:32-0:35": keep it or cut it out?).

use super::{Clause, Found, Intent};
use crate::media::ops::{Compress, Quality};
use crate::planner::lexicon::discourse::CHATTER;
use crate::planner::tokens::{Tok, Unit, T};

/// Words saying a file is too large, after "too", "so", "way"...
const BIG: &[&str] = &[
    "big", "large", "heavy", "huge", "massive", "enormous", "bloated", "bulky", "long",
];

/// Words that make "big" a complaint.
const EXCESS: &[&str] = &[
    "too",
    "so",
    "way",
    "unnecessarily",
    "needlessly",
    "ridiculously",
    "ridiculous",
    "absurdly",
    "insanely",
    "crazy",
    "extremely",
    "overly",
    "really",
    "very",
    "super",
];

/// Verbs of getting a file somewhere, refused when it is too large.
const SEND: &[&str] = &[
    "send", "upload", "attach", "share", "post", "email", "mail", "fit",
];

/// Words of a picture seen: too big there is too many pixels, not bytes.
pub(super) const SHOWN: &[&str] = &[
    "view",
    "viewed",
    "viewing",
    "displayed",
    "appears",
    "appear",
    "rendered",
    "looks",
    "inbox",
    "viewport",
    "shows",
    "shown",
    "showing",
];

/// Where a picture is shown in an email, which is 600 px wide.
const EMAIL: &[&str] = &[
    "email",
    "emails",
    "mail",
    "newsletter",
    "newsletters",
    "inbox",
    "gmail",
    "outlook",
    "signature",
];

/// A picture shown too big: 600 px wide in an email, else how small is asked.
fn shown_smaller(c: &Clause) -> Intent {
    if c.has(EMAIL) {
        let narrow = crate::media::ops::Scale {
            width: Some(600),
            height: None,
            percent: None,
            resolution: None,
            keep_aspect: true,
            fill: false,
        };
        return Intent::Default(narrow.into());
    }
    let what = "say the size, e.g. \"800px wide\", 1280x720, 720p or 50%".into();
    Intent::Vague { op: "scale", what }
}

/// Verbs of reading a file, refused when its format is not understood.
const OPEN: &[&str] = &[
    "play",
    "plays",
    "played",
    "playing",
    "opened",
    "working",
    "opening",
    "loading",
    "supported",
    "playback",
    "displayed",
    "accepted",
    "recognized",
    "recognised",
    "open",
    "accept",
    "support",
    "read",
    "import",
    "load",
    "recognize",
    "recognise",
    "compatible",
    "handle",
    "show",
    "display",
    "preview",
    "view",
    "viewed",
    "viewing",
    "work",
    "watch",
    "see",
    "hear",
    "stream",
];

/// Words about pixels, not bytes: "too big for the screen" is a resize.
const PIXELS: &[&str] = &[
    "resolution",
    "dimensions",
    "pixels",
    "px",
    "screen",
    "wide",
    "tall",
    "width",
    "height",
];

/// Reads a clause with no operation found in it; `negated`: the clause
/// says something does not happen ("whatsapp won't send it").
pub(super) fn recognize(c: &mut Clause, out: &mut Found, negated: bool) {
    // "convert it to something modern": no format named, but a kind of one.
    let unnamed = |out: &Found| {
        !out.is_empty()
            && out
                .iter()
                .all(|(_, i)| matches!(i, Intent::Vague { op: "convert", .. }))
    };
    if unnamed(out) && universal(c).is_some() {
        out.clear();
    }
    if !out.is_empty() {
        return;
    }
    if let Some(i) = location_given_away(c) {
        c.take_trig(i);
        out.push((i, Intent::Op(crate::media::ops::StripMetadata {}.into())));
        return;
    }
    if negated {
        negated_need(c, out);
        return;
    }
    if unplayable_on_device(c, out) {
        return;
    }
    if let Some(i) = c
        .find(&["sideways"])
        .or_else(|| c.near(&["wrong", "incorrect", "weird"], &["orientation", "way"], 2))
        .or_else(|| {
            c.near(
                &["orientation"],
                &["wrong", "incorrect", "off", "broken"],
                3,
            )
        })
        // "recorded in portrait, it should be landscape": turned the wrong way.
        .or_else(|| {
            c.near(
                &["should", "supposed", "meant"],
                &["landscape", "portrait"],
                4,
            )
        })
    {
        c.take_trig(i);
        out.push((i, Intent::Upright));
        return;
    }
    if let Some(i) = too_big(c) {
        c.take_trig(i);
        if c.is(i, &["long"]) {
            // "too long": how long it may be is asked, unless said elsewhere.
            let what = "say how long it should be, e.g. \"the first 60 seconds\"".into();
            out.push((i, Intent::Vague { op: "trim", what }));
            return;
        }
        if !c.has(PIXELS) && !c.has(SHOWN) {
            out.push((i, smaller()));
            return;
        }
        // "the images show up really big when I view the email": too big
        // on the screen, in pixels; an email's column is 600 px wide.
        if c.has(SHOWN) {
            out.push((i, shown_smaller(c)));
            return;
        }
    }
    if let Some(i) = size_trouble(c) {
        c.take_trig(i);
        out.push((i, bounded(c, i).unwrap_or_else(smaller)));
        return;
    }
    // "in the iphone browser an error occurs": a format that device plays.
    let device_error = c.find(&["error", "errors"]).filter(|_| {
        c.has(&[
            "iphone",
            "ios",
            "safari",
            "ipad",
            "android",
            "tv",
            "quicktime",
            "powerpoint",
        ])
    });
    if let Some(i) = c
        .find(&["incompatible", "unsupported", "unplayable", "unreadable"])
        .or(device_error)
        .or_else(|| shown_blank(c))
        .or_else(|| error_quoted(c))
        .or_else(|| not_on_device(c))
        .or_else(|| universal(c))
        .or_else(|| player_crashes(c))
    {
        c.take_trig(i);
        out.push((i, Intent::Compatible));
        return;
    }
    bare_range(c, out);
}

/// A need told in a negated clause: "the orientation is not correct", "it
/// doesn't play on my tv", "it shouldn't be bigger than 25mb".
fn negated_need(c: &mut Clause, out: &mut Found) {
    // "picture orientation is not correct", "the orientation isn't
    // used correctly": put upright.
    if let Some(i) = c
        .find(&["orientation", "orientated", "oriented"])
        .filter(|_| c.has(&["correct", "correctly", "right", "properly", "respected"]))
    {
        c.take_trig(i);
        out.push((i, Intent::Upright));
        return;
    }
    // "I got an error \"No video with supported format found\"".
    if let Some(i) = error_quoted(c) {
        out.push((i, Intent::Compatible));
        return;
    }
    // "make the ending not so abrupt": a fade.
    super::fade::abrupt(c, out);
    if !out.is_empty() {
        return;
    }
    // "so it doesn't play upside down": turned the right way up.
    if let Some(i) = c.seq(&["upside", "down"]) {
        c.take_trig(i);
        let op = crate::media::ops::Rotate::by(180).into();
        out.push((i, Intent::Op(op)));
        return;
    }
    // "it shouldn't be bigger than 25mb", "must not exceed 500kb".
    let sized = [Unit::Mb, Unit::Kb, Unit::Gb]
        .iter()
        .any(|&u| c.qty(u).is_some());
    if sized
        && c.has(&[
            "bigger", "larger", "exceed", "more", "over", "above", "heavier", "greater",
        ])
    {
        super::compress::recognize(c, out);
        return;
    }
    // "an hour of talk doesn't need to be 60 megs": smaller than it is.
    if sized && c.has(&["need", "needs"]) {
        let i = c.find(&["need", "needs"]).unwrap_or(0);
        out.push((i, smaller()));
        return;
    }
    // "it's so dark I can't see anything", "so quiet you can't hear it":
    // the light or the sound is what is wrong, not the format.
    if c.has(&["dark", "dim", "underexposed", "bright", "overexposed"]) {
        super::adjust::recognize(c, out);
        return;
    }
    // "not all have the same volume", "levels are not uniform": evened out.
    if c.has(&["volume", "volumes", "level", "levels", "loudness"])
        && c.has(&["same", "uniform", "consistent", "even", "equal"])
    {
        super::normalize::recognize(c, out);
        if !out.is_empty() {
            return;
        }
    }
    if c.has(&["quiet", "faint", "loud"]) {
        super::volume::recognize(c, out);
        return;
    }
    if let Some(i) = not_on_device(c) {
        c.take_trig(i);
        out.push((i, Intent::Compatible));
        return;
    }
    match negated_verb(c) {
        // "whatsapp won't send it": under what that app takes.
        Some(_) if c.has(&["discord", "whatsapp", "email", "gmail"]) => {
            super::compress::recognize(c, out);
        }
        // "doesn't fit the screen": too many pixels, not bytes.
        Some(i)
            if c.is(i, &["fit"])
                && (i + 1..(i + 4).min(c.toks.len()))
                    .any(|j| c.is(j, &["screen", "display", "monitor", "tv"])) =>
        {
            out.push((i, shown_smaller(c)))
        }
        // "Tried the time property, that didn't work at all": the attempt
        // failed, not the file.
        Some(i) if c.is(i, &["work", "working"]) && c.has(&["tried", "try", "trying"]) => {}
        Some(i) if c.is(i, SEND) => out.push((i, not_sent(c))),
        // ("I didn't hear the static noise": there is noise, not too
        // little sound.)
        Some(i) if c.is(i, &["hear"]) && !noise_heard(c, i) => too_quiet(c, i, out),
        Some(i) if c.is(i, &["hear"]) => {}
        Some(i) => out.push((i, Intent::Compatible)),
        // "gmail won't let me": too big for that app.
        None if c.has(&["discord", "whatsapp", "email", "gmail"])
            && c.has(&["let", "allow", "take"]) =>
        {
            super::compress::recognize(c, out);
        }
        None => {}
    }
}

/// "it's a .mov file and the player crashes": a file its player cannot
/// take, made into one that plays.
fn player_crashes(c: &Clause) -> Option<usize> {
    c.find(&["crash"])
        .filter(|_| c.has(&["player", "vlc", "quicktime", "browser", "tv", "plex"]))
}

/// "I get a black screen", "then shows a blank picture": a file whose
/// pictures are not decoded where it is played.
fn shown_blank(c: &Clause) -> Option<usize> {
    c.near(&["black", "blank", "empty", "white"], &["screen"], 1)
        .or_else(|| {
            c.near(
                &["blank"],
                &["picture", "image", "video", "frame", "preview"],
                1,
            )
        })
}

/// An error message quoted that says the format or its codec is not
/// read: "Media decode error or unsupported media features", "No video with
/// supported format and MIME type found".
fn error_quoted(c: &Clause) -> Option<usize> {
    (0..c.toks.len()).find(|&k| match &c.toks[k].t {
        T::Quote(q) => {
            let q = q.to_lowercase();
            ["support", "decode", "codec", "mime"]
                .iter()
                .any(|w| q.contains(w))
        }
        _ => false,
    })
}

/// "I would not like to reveal my location", "no image can be traced back
/// to me through exif data": where a photo was taken, told as given away.
fn location_given_away(c: &Clause) -> Option<usize> {
    let leak = c.find(&[
        "reveal", "reveals", "traced", "expose", "exposes", "leak", "leaks", "privacy", "dox",
    ])?;
    // The user's own whereabouts ("my location", "traced back to me"):
    // "reveal the GPS location of this photo" asks to read it, not to
    // strip it.
    let own = c.has(&["my", "me", "our", "us", "privacy"]);
    let place = c.has(&[
        "gps",
        "geotag",
        "geotags",
        "geolocation",
        "location",
        "exif",
        "metadata",
        "coordinates",
    ]);
    (own && place).then_some(leak)
}

/// "way too big", "huge", "giant files": where a file is said too large.
fn too_big(c: &Clause) -> Option<usize> {
    c.near(EXCESS, BIG, 2)
        .map(|i| i + 1)
        .or_else(|| c.find(&["huge", "massive", "enormous", "bloated"]))
        // ("giant files"; "giant photos" may be pixels, "it appears
        // gigantic" is.)
        .or_else(|| {
            c.find(&["giant", "gigantic", "ginormous", "humongous", "oversized"])
                .filter(|&k| {
                    c.is(k + 1, &["file", "files", "filesize", "size", "sizes"]) || c.has(SHOWN)
                })
        })
        .or_else(|| needlessly_big(c))
}

/// "impossible to send to an iphone", "unable to play on my tv": a format
/// the device plays, asked.
fn unplayable_on_device(c: &mut Clause, out: &mut Found) -> bool {
    let Some(i) = (0..c.toks.len()).find(|&k| {
        c.is(k, &["impossible", "unable", "unplayable"])
            && (k + 1..(k + 7).min(c.toks.len())).any(|j| c.is(j, DEVICES))
    }) else {
        return false;
    };
    c.take_trig(i);
    out.push((i, Intent::Compatible));
    true
}

/// Devices a file is played on.
pub(crate) const DEVICES: &[&str] = &[
    "tv",
    "iphone",
    "ipad",
    "phone",
    "android",
    "mac",
    "windows",
    "car",
    "xbox",
    "playstation",
    "ps4",
    "ps5",
    "chromecast",
    "roku",
    "browser",
    "console",
    "projector",
];

/// Programs that play or edit what they are given: "it plays in VLC but
/// not in QuickTime", "I can open it in VLC but not OpenShot".
pub(crate) const PLAYERS: &[&str] = &[
    "quicktime",
    "powerpoint",
    "keynote",
    "imovie",
    "premiere",
    "resolve",
    "davinci",
    "openshot",
    "kdenlive",
    "shotcut",
    "itunes",
    "wmp",
    "plex",
    "kodi",
    "jellyfin",
    "emby",
    "safari",
    "chrome",
    "firefox",
    "edge",
];

/// "it plays on my computer but not on my tv": a device it does not play on.
fn not_on_device(c: &Clause) -> Option<usize> {
    (0..c.toks.len()).find(|&k| {
        c.is(k, &["not"])
            && (k + 1..(k + 5).min(c.toks.len())).any(|j| c.is(j, DEVICES) || c.is(j, PLAYERS))
            && c.has(&[
                "play", "plays", "playing", "work", "works", "working", "open", "opens", "run",
                "runs",
            ])
    })
}

/// "get it to something more agnostic", "a more universal format",
/// "something modern".
fn universal(c: &Clause) -> Option<usize> {
    c.find(&[
        "agnostic",
        "universal",
        "compatible",
        "standard",
        "common",
        "modern",
        "normal",
        "usable",
        "playable",
        "regular",
        "supported",
        "working",
    ])
    // ("convert them to a supported file type", "to a working format".)
    .filter(|_| c.has(&["something", "format", "more", "type", "filetype"]))
    // "make it compatible with my iphone", "playable on a tv".
    .or_else(|| {
        c.find(&["compatible", "playable"])
            .filter(|&k| c.is(k + 1, &["with", "for", "on", "in"]))
    })
    // "make it work in powerpoint", "so it plays on my tv".
    .or_else(|| {
        c.find(&["work", "works", "play", "plays"])
            .filter(|&k| c.is(k + 1, &["in", "on", "with"]) && c.has(&["make", "so", "get"]))
    })
    // "convert it for the web": the format every browser plays.
    .or_else(|| {
        c.find(&["web", "website", "browser", "browsers", "html5"])
            .filter(|_| c.has(&["convert", "format", "encode", "export"]))
    })
    // "It would be great to be able to play these video files": the files
    // made to play, nothing else said of them.
    .or_else(|| {
        (0..c.toks.len()).find(|&k| {
            c.is(k, &["able"])
                && c.is(k + 1, &["to"])
                && c.is(k + 2, &["play", "open", "watch"])
                && (k + 3..c.toks.len()).all(|j| {
                    c.toks[j].word().is_none()
                        || c.is(
                            j,
                            &[
                                "these", "those", "the", "my", "them", "it", "this", "video",
                                "videos", "file", "files",
                            ],
                        )
                })
        })
    })
}

/// "0:32-0:35" and nothing else: a part, but to keep or to cut out?
fn bare_range(c: &mut Clause, out: &mut Found) {
    let times = c.times(false);
    // Thanks and an aside in brackets ("(sorry for my english)") say
    // nothing about the part.
    let mut depth = 0usize;
    let words = c
        .toks
        .iter()
        .filter(|t| {
            match t.orig.as_str() {
                "(" | "[" => depth += 1,
                ")" | "]" => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0 && t.word().is_some_and(|w| !CHATTER.contains(&w))
        })
        .count();
    if let [(i, a), (j, b)] = times[..] {
        // "just the middle part, 0:40-1:20", "I need seconds 10-20": that
        // part, kept.
        let kept = c.toks.iter().filter_map(|t| t.word()).all(|w| {
            matches!(
                w,
                "just"
                    | "only"
                    | "the"
                    | "middle"
                    | "center"
                    | "part"
                    | "section"
                    | "segment"
                    | "this"
                    | "that"
                    | "keep"
                    | "please"
                    | "bit"
                    | "piece"
                    | "i"
                    | "need"
                    | "want"
                    | "second"
                    | "seconds"
                    | "save"
                    | "as"
                    | "a"
                    | "new"
                    | "clip"
                    | "file"
            )
        }) && c.has(&[
            "just", "only", "keep", "part", "section", "segment", "need", "want", "save",
        ]);
        // "Start is 00:04:35, end is 00:32:19": where the part begins and
        // ends, kept.
        let labelled = c.has(&["start", "starts", "begin", "begins"])
            && c.has(&["end", "ends", "stop", "stops"])
            && c.toks.iter().filter_map(|t| t.word()).all(|w| {
                matches!(
                    w,
                    "start"
                        | "starts"
                        | "begin"
                        | "begins"
                        | "end"
                        | "ends"
                        | "stop"
                        | "stops"
                        | "is"
                        | "at"
                        | "the"
                        | "and"
                )
            });
        if (kept || labelled) && a < b {
            let trim = crate::media::ops::Trim {
                start: Some(a),
                end: Some(b),
                duration: None,
                last: None,
            };
            out.push((i, Intent::Op(trim.into())));
            return;
        }
        if words <= 2 {
            let (a, b) = (&c.toks[i].orig, &c.toks[j].orig);
            out.push((
                i,
                Intent::Need(format!(
                    "say whether to keep only {a} to {b} (\"trim from {a} to {b}\") or to cut it out (\"cut out {a} to {b}\")"
                )),
            ));
        }
    }
}

/// A smaller file, how much not said.
/// A file that cannot be sent: smaller; "I can't send this 17 MB video":
/// to how small, asked.
fn not_sent(c: &Clause) -> Intent {
    if super::compress::own_told(c).is_some() {
        super::compress::too_big_for_where()
    } else {
        smaller()
    }
}

fn smaller() -> Intent {
    Intent::Default(
        Compress {
            quality: Some(Quality::Medium),
            target_mb: None,
        }
        .into(),
    )
}

/// "a lot larger than they need to be", "bigger than necessary": bigger
/// than needed.
fn needlessly_big(c: &Clause) -> Option<usize> {
    (0..c.toks.len()).find(|&k| {
        c.is(k, &["larger", "bigger", "heavier", "big", "large"])
            && c.is(k + 1, &["than"])
            && (k + 2..(k + 6).min(c.toks.len())).any(|j| {
                c.is(
                    j,
                    &["need", "needs", "necessary", "needed", "required", "should"],
                )
            })
    })
}

/// Whether what is (not) heard after `i` is noise: "didn't hear the static
/// noise", "can't hear anything but hiss".
fn noise_heard(c: &Clause, i: usize) -> bool {
    (i + 1..(i + 7).min(c.toks.len())).any(|k| {
        c.is(
            k,
            &["noise", "noises", "hiss", "hum", "static", "buzz", "echo"],
        )
    })
}

/// "so you cannot hear them": too quiet, on no device named; louder.
fn too_quiet(c: &mut Clause, i: usize, out: &mut Found) {
    c.take_trig(i);
    let louder = crate::media::ops::Volume {
        factor: None,
        db: Some(6.0),
        start: None,
        end: None,
    };
    out.push((i, Intent::Default(louder.into())));
}

/// Words after "not" that spare someone a step rather than tell of a
/// failure: "people don't need to open MS Paint", "you don't have to send it".
const SPARED: &[&str] = &["need", "needs", "have", "has"];

/// The verb the negation is about: "won't send", "doesn't accept".
fn negated_verb(c: &Clause) -> Option<usize> {
    let not = c.find(&["not"]).unwrap_or(0);
    (not..(not + 4).min(c.toks.len()))
        .find(|&i| (c.is(i, SEND) || c.is(i, OPEN)) && !setting_after(c, i))
        .filter(|&i| !(c.is(i, SEND) && chosen_not_to(c, not)))
        .filter(|&i| !(not + 1..i).any(|k| c.is(k, SPARED)))
}

/// "Please do not share these videos", "so I don't post GPS data": what a
/// person does not send, by choice, is no failure of the file.
fn chosen_not_to(c: &Clause, not: usize) -> bool {
    // ("they don't support .mp4 files": the program, failing.)
    const PEOPLE: &[&str] = &["i", "we"];
    let d = not.wrapping_sub(1);
    // "don't" is read as "not" alone, "do not" as written.
    let by_person = c.is(d, PEOPLE)
        || c.is(d, &["do", "did"])
            && (d == 0 || c.is(d - 1, PEOPLE) || c.is(d - 1, &["please", "so", "and"]));
    c.is(not, &["not"]) && by_person
}

/// What an app shows of a file: "it doesn't show the size", "does not
/// display the bitrate" is the app's want, not the file's trouble.
const FACTS: &[&str] = &[
    "size",
    "bitrate",
    "bit",
    "depth",
    "info",
    "information",
    "metadata",
    "dimension",
    "dimensions",
    "duration",
    "codec",
    "details",
    "properties",
    "resolution",
    "framerate",
    "fps",
];

/// "Don't see the option", "can't see how to do it": a setting or a way
/// missed after the verb at `i`, the file not in it; a fact not shown.
fn setting_after(c: &Clause, i: usize) -> bool {
    let way = c.is(i, &["see"]) && c.is(i + 1, &["how", "where", "why", "what", "which"]);
    way || (i + 1..(i + 3).min(c.toks.len())).any(|j| {
        c.is(
            j,
            &[
                "option", "button", "setting", "settings", "feature", "menu", "tab",
            ],
        ) || c.is(i, &["show", "display", "list"]) && c.is(j, FACTS)
    })
}

/// "the videos students want to upload are just over 16MB", "images that
/// are 3mb each ... a slow load", "I'm running out of space": a file's
/// size told beside the trouble it makes.
fn size_trouble(c: &Clause) -> Option<usize> {
    let size = (0..c.toks.len())
        .find(|&k| matches!(c.toks[k].t, T::Qty(_, Unit::Mb | Unit::Kb | Unit::Gb)));
    let trouble = c.has(&[
        "load",
        "loading",
        "slow",
        "excessive",
        "heavy",
        "space",
        "storage",
        "data",
        "download",
        "downloading",
        "limit",
        "bandwidth",
    ]);
    if let Some(j) = size.filter(|&j| trouble || bound_at(c, j)) {
        return Some(j);
    }
    // "running out of space", "takes up a ton of space".
    let space = c.find(&["space", "storage"])?;
    let short = c.has(&["running", "ran", "waste", "wasting", "eats", "hog"])
        || c.has(&["takes", "take", "taking"]) && c.has(&["ton", "lot", "much", "too"]);
    short.then_some(space)
}

/// Whether a bound is said before the size at `j`: "at most 2MB", "just
/// over 16MB".
fn bound_at(c: &Clause, j: usize) -> bool {
    (j.saturating_sub(2)..j).any(|k| {
        c.is(
            k,
            &[
                "over", "above", "greater", "exceed", "exceeds", "most", "max", "maximum", "limit",
                "under", "below", "than",
            ],
        )
    })
}

/// "at most 2MB", "just over 16MB": the size to get under, when the size
/// at `j` is a bound.
fn bounded(c: &Clause, j: usize) -> Option<Intent> {
    let T::Qty(v, u) = c.toks.get(j)?.t else {
        return None;
    };
    if !bound_at(c, j) {
        return None;
    }
    let mb = match u {
        Unit::Kb => crate::planner::tokens::kb_in_mb(v),
        Unit::Gb => v * 1000.0,
        _ => v,
    };
    let compress = Compress {
        quality: None,
        target_mb: Some((mb * 1000.0).round() / 1000.0),
    };
    Some(Intent::Op(compress.into()))
}

/// Words of a file's bulk, told anywhere in a message.
const BULK: &[&str] = &[
    "large",
    "larger",
    "big",
    "bigger",
    "huge",
    "heavy",
    "excessive",
    "uncompressed",
    "megabytes",
];

/// The trouble a bulky file makes where it goes.
const BULK_TROUBLE: &[&str] = &[
    "slow",
    "slower",
    "slowly",
    "upload",
    "uploading",
    "uploaded",
    "load",
    "loading",
    "data",
    "bandwidth",
    "connection",
    "space",
    "storage",
    "limit",
    "exceed",
    "exceeds",
    "greater",
    "download",
    "downloading",
];

/// A file too large for where it goes, told over a whole message in which
/// no step was read: "it's 5 MB in size and the recepient won't download it
/// over limited data", "the images are big and makes the site a little
/// bit slower". A bound said beside a size ("may not be greater than 15000
/// kilobytes") is the size to get under.
pub(crate) fn size_story(toks: &[Tok]) -> Option<Intent> {
    let word = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
    let sized = |k: usize| match toks[k].t {
        T::Qty(v, Unit::Kb) => v >= 1000.0,
        T::Qty(_, Unit::Mb | Unit::Gb) => true,
        _ => false,
    };
    let full = |k: usize| word(k, &["full"]) && word(k + 1, &["size", "resolution"]);
    let bulk = (0..toks.len()).any(|k| sized(k) || word(k, BULK) || full(k));
    // ("The background image is 1.8MB. This seems excessive": a size told,
    // then judged.)
    let judged = (0..toks.len()).any(sized)
        && toks.iter().any(|t| {
            t.is_any(&[
                "excessive",
                "overkill",
                "ridiculous",
                "absurd",
                "unreasonable",
                "insane",
            ])
        });
    let trouble = judged || toks.iter().any(|t| t.is_any(BULK_TROUBLE));
    if !(bulk && trouble) {
        return None;
    }
    let bound = (0..toks.len()).find_map(|j| {
        let T::Qty(v, u) = toks[j].t else { return None };
        let mb = match u {
            Unit::Kb => crate::planner::tokens::kb_in_mb(v),
            Unit::Gb => v * 1000.0,
            Unit::Mb => v,
            _ => return None,
        };
        (j.saturating_sub(2)..j)
            .any(|k| {
                word(
                    k,
                    &["exceed", "exceeds", "greater", "max", "maximum", "limit"],
                )
            })
            .then_some(mb)
    });
    Some(match bound {
        Some(mb) => Intent::Op(
            Compress {
                quality: None,
                target_mb: Some((mb * 1000.0).round() / 1000.0),
            }
            .into(),
        ),
        None => smaller(),
    })
}

/// Words of a file that fails where it is taken.
const FAILS: &[&str] = &[
    "error",
    "errors",
    "unable",
    "unsupported",
    "incompatible",
    "unplayable",
    "unreadable",
    "garbage",
    "reject",
    "rejects",
    "rejected",
    "fails",
    "fail",
    "failed",
    "failure",
];

/// Verbs of a file taken somewhere, said not to happen ("it won't play",
/// "they are not shown").
const TAKEN: &[&str] = &[
    "play",
    "plays",
    "playing",
    "playable",
    "open",
    "opens",
    "view",
    "see",
    "show",
    "shown",
    "shows",
    "display",
    "displayed",
    "load",
    "loads",
    "upload",
    "import",
    "preview",
    "read",
    "recognize",
    "hear",
    "heard",
    "work",
    "works",
    "appear",
    "accept",
    "accepts",
    "support",
    "supports",
    "supported",
    "printing",
];

/// A file that fails where it goes, told over a whole message in which no
/// step was read: "Many of my .mov videos from my iPhone are not shown by
/// picframe", "Transparent images are not printing ... garbage", "No way
/// to see iPhone pictures on Windows": a format that plays everywhere.
pub(crate) fn trouble_story(toks: &[Tok]) -> bool {
    // ("Repair mp4 file corruption": a damaged file, which no conversion
    // mends.)
    if toks.iter().any(|t| {
        t.is_any(&[
            "repair",
            "corrupt",
            "corrupted",
            "corruption",
            "damaged",
            "recover",
        ])
    }) {
        return false;
    }
    let failed = toks.iter().any(|t| t.is_any(FAILS));
    let not_taken = (0..toks.len()).any(|k| {
        toks[k].is_any(&["not", "no"])
            && !toks.get(k + 1).is_some_and(|t| t.is_any(SPARED))
            && toks[k + 1..(k + 4).min(toks.len())]
                .iter()
                .any(|t| t.is_any(TAKEN))
    });
    failed || not_taken
}

/// Words of which way a picture stands.
const ORIENTATION: &[&str] = &[
    "orientation",
    "oriented",
    "orientated",
    "rotate",
    "rotated",
    "rotation",
    "sideways",
    "upside",
    "landscape",
    "portrait",
    "turned",
];

/// A picture shown the wrong way, told over a whole message in which no
/// step was read: "Videos recorded using iphone camera are displayed
/// (incorrectly) in landscape", "the picture does not automatically rotate
/// the correct way": its rotation tag applied.
pub(crate) fn orientation_story(toks: &[Tok]) -> bool {
    // ("does not rotate the correct way"; "not cropping it" is no turn.)
    let not_turned = |k: usize| {
        toks[k].is_any(&["not"])
            && toks[k + 1..(k + 5).min(toks.len())]
                .iter()
                .any(|t| t.is_any(ORIENTATION) || t.is_any(&["correct", "correctly", "upright"]))
    };
    let wrong = |k: usize| {
        toks[k].is_any(&[
            "wrong",
            "wrongly",
            "incorrectly",
            "incorrect",
            "sideways",
            "upside",
        ]) || not_turned(k)
    };
    (0..toks.len()).any(|k| {
        toks[k].is_any(ORIENTATION)
            && (k.saturating_sub(6)..(k + 7).min(toks.len())).any(|j| j != k && wrong(j))
    }) && !toks
        .iter()
        .any(|t| t.is_any(&["flip", "mirror", "mirrored"]))
}
