//! A step named in a message of which nothing was read ("I need to quickly
//! cut a short clip with enough context before and after the issue"): the
//! step is known, what it needs is asked rather than the whole message
//! given up on.

use super::tokens::Tok;

/// What a compression needs.
const SIZE_NEED: &str = "say the size it must get under, e.g. \"under 8 MB\" or \"under 500 KB\"";

/// What a speed change needs.
const SPEED_NEED: &str = "say how fast, e.g. \"2x\", \"1.5x\" or \"half speed\"";

/// What a loop needs.
const LOOP_NEED: &str = "say how many times it should play, e.g. \"loop 3 times\", or for how long";

/// Words of playing: "faster" beside one of them asks a speed change ("play
/// it faster"), alone it may be anything ("the page should load faster").
const PLAYING: &[&str] = &["play", "playback", "video", "audio", "clip", "song", "gif"];

/// The steps, the words that name them, and what each needs said.
const NAMED: &[(&[&str], &str)] = &[
    (
        &["trim", "trimming", "cut", "cuts", "chop", "shorten"],
        "say which part to keep, e.g. \"the first 10 seconds\" or \"from 0:05 to 0:20\", or which to cut out, e.g. \"cut out 0:05 to 0:08\"",
    ),
    (
        &["rotate", "rotating", "straighten"],
        "say which way to turn it: 90° clockwise, 90° counterclockwise or 180°",
    ),
    (
        &["speed", "slow", "slower", "slowness"],
        SPEED_NEED,
    ),
    (&["loop", "looped", "looping"], LOOP_NEED),
    (&["compress", "compression"], SIZE_NEED),
];

/// Words of something kiln refuses, said beside the step ("watermark
/// removal", "cut out the commercials"): the refusal stands.
const REFUSED_BESIDE: &[&str] = &[
    "watermark",
    "logo",
    "noise",
    "face",
    "faces",
    "background",
    "commercials",
    "ads",
    "tracks",
    "object",
    "person",
    "people",
    "dvd",
    "dvds",
    "cd",
    "vhs",
    "tape",
    "silence",
];

/// What the one step named needs, when exactly one is named (`stills`:
/// the files are still pictures, which have no pace and do not loop: "site
/// speed", "if the connection is slow" speak of something else).
pub fn need_of_the_step_named(toks: &[Tok], stills: bool) -> Option<&'static str> {
    if toks.iter().any(|t| t.is_any(REFUSED_BESIDE)) {
        return None;
    }
    let timed = |need: &str| need == SPEED_NEED || need == LOOP_NEED;
    let mut named: Vec<&'static str> = NAMED
        .iter()
        .filter(|(words, _)| toks.iter().any(|t| t.is_any(words)))
        .map(|(_, need)| *need)
        .filter(|need| !(stills && timed(need)))
        .collect();
    let faster = !stills
        && toks.iter().any(|t| t.is_any(&["faster"]))
        && toks.iter().any(|t| t.is_any(PLAYING));
    if faster && !named.contains(&SPEED_NEED) {
        named.push(SPEED_NEED);
    }
    // "an option to reduce my images until the file size reaches <X kb":
    // a size in bytes to get under.
    let bytes = toks
        .windows(2)
        .any(|w| w[0].is_any(&["file"]) && w[1].is_any(&["size"]))
        || toks.iter().any(|t| t.is_any(&["filesize", "kb"]));
    if bytes && !named.contains(&SIZE_NEED) {
        named.push(SIZE_NEED);
    }
    match named[..] {
        [need] => Some(need),
        _ => None,
    }
}

/// Verbs that change or choose a setting.
const CHANGING: &[&str] = &[
    "change",
    "set",
    "select",
    "choose",
    "adjust",
    "pick",
    "customize",
    "customise",
    "control",
    "specify",
    "modify",
    "alter",
    "increase",
    "decrease",
    "lower",
    "raise",
    "reduce",
    "tweak",
];

/// The settings a request may name without a value, and what each needs.
const SETTINGS: &[(&[&str], &str)] = &[
    (
        &["samplerate", "sample_rate"],
        "say the sample rate, e.g. \"44.1 kHz\" or \"48 kHz\"",
    ),
    (
        &["framerate", "fps", "frame_rate"],
        "say the frame rate, e.g. \"30 fps\"",
    ),
    (
        &["bitrate", "bit_rate"],
        "say the bitrate, e.g. \"96 kbps\"",
    ),
    (
        &["resolution", "dimension", "dimensions"],
        "say the size, e.g. \"800px wide\", 1280x720, 720p or 50%",
    ),
    (
        &["aspect_ratio", "ratio"],
        "say the shape, e.g. 16:9, 9:16 or square",
    ),
];

/// "i need to change the audio sample rate", "it would be nice if i could
/// change the ratio": a setting to change, named with no value; its value
/// is asked, rather than the file's own told back.
pub fn setting_changed(toks: &[Tok]) -> Option<&'static str> {
    // (The last word pairs with an empty one, so that "set the bitrate"
    // ends on its setting.)
    let words: Vec<String> = toks
        .iter()
        .filter_map(|t| t.word())
        .chain([""])
        .collect::<Vec<_>>()
        .windows(2)
        .map(|w| match w {
            ["sample" | "sampling", "rate"] => "sample_rate".to_string(),
            ["frame", "rate"] => "frame_rate".to_string(),
            ["bit", "rate"] => "bit_rate".to_string(),
            ["aspect", "ratio"] => "aspect_ratio".to_string(),
            [w, _] => (*w).to_string(),
            _ => String::new(),
        })
        .collect();
    let mut named = SETTINGS.iter().filter_map(|(names, need)| {
        let at = words.iter().position(|w| names.contains(&w.as_str()))?;
        let verb = (at.saturating_sub(5)..at).any(|k| CHANGING.contains(&words[k].as_str()));
        verb.then_some(*need)
    });
    let need = named.next()?;
    named.next().is_none().then_some(need)
}
