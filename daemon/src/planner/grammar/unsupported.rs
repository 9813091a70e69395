//! Requests kiln understands but does not do ("remove the background").

use super::{Clause, Found, Intent};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let say = |what: &str| Intent::Unsupported(what.to_string());
    let checks: &[(&[&str], &[&str], &str)] = &[
        (&["background", "bg"], &["remove", "erase", "delete", "transparent", "replace", "cut", "change", "blur", "without", "no", "rid"], "remove or change backgrounds"),
        (&["subtitles", "subtitle", "captions", "transcribe", "transcript", "transcription", "srt"], &[], "add or make subtitles"),
        (&["stabilize", "stabilise", "stabilization", "stabilisation", "shaky", "deshake"], &[], "stabilise video"),
        (&["denoise", "noise"], &["reduce", "remove", "denoise", "less", "clean"], "remove noise"),
        (&["colorize", "colourise", "colorise", "recolor"], &[], "colourise pictures"),
        (&["sepia", "vintage", "retro", "vhs", "cartoon", "anime", "sketch", "filter", "filters", "lut"], &[], "apply style filters (sepia, vintage...); it can make pictures black and white or change brightness, contrast and saturation"),
        (&["face", "faces", "license", "plate", "plates", "person", "people", "object", "objects"], &[], "find faces, people or objects"),
        (&["fade", "transition", "transitions", "crossfade"], &[], "add fades or transitions"),
        (&["pitch", "echo", "reverb", "bass", "treble", "equalizer", "eq", "autotune"], &[], "change pitch or apply audio effects (it can change the volume and normalise loudness)"),
        (&["translate", "dub", "voiceover", "narration", "tts"], &[], "translate, dub or narrate"),
        (&["pixelate", "censor", "mosaic"], &[], "pixelate or censor parts of a picture"),
        (&["watermark", "watermarks", "logo"], &["remove", "erase", "delete", "rid", "without"], "remove watermarks or logos"),
        (&["interpolate", "interpolation"], &[], "interpolate frames here (change the frame rate drops or repeats frames; the render API interpolates)"),
        (&["ai"], &[], "run AI models; everything here runs on the box without models"),
        (&["loop", "boomerang"], &[], "loop clips"),
        (&["collage", "grid"], &[], "make collages"),
        (&["meme"], &[], "make memes"),
        (&["zip", "archive", "unzip"], &[], "make or open archives"),
        (&["password", "encrypt", "decrypt"], &[], "encrypt files"),
        (&["music", "song", "soundtrack"], &["add", "put"], "add music to a video"),
    ];
    for (triggers, with, what) in checks {
        if let Some(i) = c.find(triggers) {
            if with.is_empty() || c.has(with) {
                // "remove the audio" is not "remove the background".
                out.push((i, say(what)));
                c.take_all(triggers);
                return;
            }
        }
    }
    if c.has(&["delete", "erase", "wipe", "destroy"])
        && c.has(&["file", "files", "everything", "all", "disk", "account"])
        && !c.has(&["metadata"])
        && c.times(false).is_empty()
    {
        let i = c.find(&["delete", "erase", "wipe", "destroy"]).unwrap_or(0);
        out.push((i, say("delete files; it only makes new files from yours")));
    }
}
