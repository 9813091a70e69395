//! The planner's words: vocabulary (for typo correction), lemmas
//! (synonyms and inflections mapped to one word) and format names.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use crate::media::ops::Format;

/// A format a user named.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FormatWord {
    Writable(Format),
    /// Read or known, but never written: its display name.
    Unwritable(&'static str),
}

/// The format a (lemmatised) word names, if any.
pub fn format_word(w: &str) -> Option<FormatWord> {
    use FormatWord::*;
    Some(match w.trim_start_matches('.') {
        "png" | "pngs" => Writable(Format::Png),
        "jpg" | "jpeg" | "jpe" | "jfif" | "jpgs" | "jpegs" => Writable(Format::Jpeg),
        "webp" => Writable(Format::Webp),
        "bmp" | "bitmap" => Writable(Format::Bmp),
        "tiff" | "tif" => Writable(Format::Tiff),
        "gif" | "gifs" => Writable(Format::Gif),
        "mp4" | "m4v" | "mpeg4" | "h264" | "x264" | "avc" => Writable(Format::Mp4),
        "webm" | "vp9" | "vp8" => Writable(Format::Webm),
        "mov" | "quicktime" => Writable(Format::Mov),
        "mkv" | "matroska" => Writable(Format::Mkv),
        "mp3" | "mp3s" => Writable(Format::Mp3),
        "m4a" | "aac" => Writable(Format::M4a),
        "wav" | "wave" | "wavs" => Writable(Format::Wav),
        "flac" => Writable(Format::Flac),
        "ogg" | "opus" | "vorbis" | "oga" => Writable(Format::Ogg),
        "heic" | "heif" => Unwritable("HEIC"),
        "avif" => Unwritable("AVIF"),
        "avi" => Unwritable("AVI"),
        "wmv" => Unwritable("WMV"),
        "flv" => Unwritable("FLV"),
        "mpeg" | "mpg" => Unwritable("MPEG"),
        "3gp" => Unwritable("3GP"),
        "svg" => Unwritable("SVG"),
        "pdf" => Unwritable("PDF"),
        "psd" => Unwritable("PSD"),
        "ico" => Unwritable("ICO"),
        "aiff" | "aif" => Unwritable("AIFF"),
        "wma" => Unwritable("WMA"),
        "alac" => Unwritable("ALAC"),
        "jxl" => Unwritable("JPEG XL"),
        "hevc" | "h265" | "x265" => Unwritable("HEVC (H.265)"),
        "prores" => Unwritable("ProRes"),
        "dng" | "cr2" | "nef" => Unwritable("camera RAW"),
        _ => return None,
    })
}

/// Inflections and synonyms → lemma. A word may expand to several.
fn lemma_table() -> &'static HashMap<&'static str, &'static [&'static str]> {
    static T: OnceLock<HashMap<&'static str, &'static [&'static str]>> = OnceLock::new();
    T.get_or_init(|| {
        let pairs: &[(&str, &[&str])] = &[
            ("grey", &["gray"]),
            ("greyscale", &["grayscale"]),
            ("greyscaled", &["grayscale"]),
            ("grayscaled", &["grayscale"]),
            ("monochrome", &["grayscale"]),
            ("monochromatic", &["grayscale"]),
            ("bw", &["grayscale"]),
            ("bnw", &["grayscale"]),
            ("blackandwhite", &["grayscale"]),
            ("noir", &["grayscale"]),
            ("colour", &["color"]),
            ("colours", &["color"]),
            ("colors", &["color"]),
            ("coloured", &["colored"]),
            ("colourful", &["colorful"]),
            ("optimise", &["optimize"]),
            ("optimised", &["optimize"]),
            ("optimized", &["optimize"]),
            ("optimizing", &["optimize"]),
            ("optimising", &["optimize"]),
            ("optimization", &["optimize"]),
            ("optimisation", &["optimize"]),
            ("normalise", &["normalize"]),
            ("normalised", &["normalize"]),
            ("normalized", &["normalize"]),
            ("normalizing", &["normalize"]),
            ("normalising", &["normalize"]),
            ("normalization", &["normalize"]),
            ("normalisation", &["normalize"]),
            ("centre", &["center"]),
            ("centred", &["center"]),
            ("centered", &["center"]),
            ("middle", &["center"]),
            ("resized", &["resize"]),
            ("resizing", &["resize"]),
            ("rescale", &["resize"]),
            ("rescaled", &["resize"]),
            ("scale", &["resize"]),
            ("scaled", &["resize"]),
            ("scaling", &["resize"]),
            ("downscale", &["resize"]),
            ("downscaled", &["resize"]),
            ("upscale", &["resize"]),
            ("upscaled", &["resize"]),
            ("downsize", &["resize"]),
            ("downsized", &["resize"]),
            ("converted", &["convert"]),
            ("converting", &["convert"]),
            ("conversion", &["convert"]),
            ("transcode", &["convert"]),
            ("transcoded", &["convert"]),
            ("reencode", &["convert"]),
            ("encode", &["convert"]),
            ("change", &["change"]),
            ("changed", &["change"]),
            ("changing", &["change"]),
            ("switch", &["change"]),
            ("compressed", &["compress"]),
            ("compressing", &["compress"]),
            ("compression", &["compress"]),
            ("rotated", &["rotate"]),
            ("rotating", &["rotate"]),
            ("rotation", &["rotate"]),
            ("flipped", &["flip"]),
            ("flipping", &["flip"]),
            ("mirrored", &["mirror"]),
            ("mirroring", &["mirror"]),
            ("trimmed", &["trim"]),
            ("trimming", &["trim"]),
            ("cutting", &["cut"]),
            ("clipped", &["clip"]),
            ("reversed", &["reverse"]),
            ("reversing", &["reverse"]),
            ("backward", &["backwards"]),
            ("muted", &["mute"]),
            ("muting", &["mute"]),
            ("extracted", &["extract"]),
            ("extracting", &["extract"]),
            ("extraction", &["extract"]),
            ("blurred", &["blur"]),
            ("blurring", &["blur"]),
            ("blurry", &["blur"]),
            ("blurrier", &["blur"]),
            ("sharpened", &["sharpen"]),
            ("sharpening", &["sharpen"]),
            ("sharper", &["sharpen"]),
            ("crisper", &["sharpen"]),
            ("brighten", &["brighter"]),
            ("brightened", &["brighter"]),
            ("lighten", &["brighter"]),
            ("lighter", &["brighter"]),
            ("darken", &["darker"]),
            ("darkened", &["darker"]),
            ("dimmer", &["darker"]),
            ("amplify", &["louder"]),
            ("softer", &["quieter"]),
            ("watermarked", &["watermark"]),
            ("watermarking", &["watermark"]),
            ("thumbnails", &["thumbnail"]),
            ("thumb", &["thumbnail"]),
            ("thumbs", &["thumbnail"]),
            ("frames", &["frame"]),
            ("screenshots", &["screenshot"]),
            ("screengrab", &["screenshot"]),
            ("screencap", &["screenshot"]),
            ("snapshot", &["screenshot"]),
            ("snapshots", &["screenshot"]),
            ("stills", &["still"]),
            ("images", &["image"]),
            ("picture", &["image"]),
            ("pictures", &["image"]),
            ("photo", &["image"]),
            ("photos", &["image"]),
            ("photograph", &["image"]),
            ("pic", &["image"]),
            ("pics", &["image"]),
            ("img", &["image"]),
            ("videos", &["video"]),
            ("vid", &["video"]),
            ("vids", &["video"]),
            ("movie", &["video"]),
            ("film", &["video"]),
            ("footage", &["video"]),
            ("clips", &["clip"]),
            ("pls", &["please"]),
            ("plz", &["please"]),
            ("plse", &["please"]),
            ("kindly", &["please"]),
            ("gimme", &["give", "me"]),
            ("wanna", &["want", "to"]),
            ("u", &["you"]),
            ("ur", &["your"]),
            ("vertically", &["vertical"]),
            ("horizontally", &["horizontal"]),
            ("cw", &["clockwise"]),
            ("ccw", &["counterclockwise"]),
            ("anticlockwise", &["counterclockwise"]),
            ("counterclockwise", &["counterclockwise"]),
            ("seconds", &["second"]),
            ("secs", &["second"]),
            ("sec", &["second"]),
            ("minutes", &["minute"]),
            ("mins", &["minute"]),
            ("min", &["minute"]),
            ("dont", &["not"]),
            ("don't", &["not"]),
            ("doesnt", &["not"]),
            ("doesn't", &["not"]),
            ("never", &["not"]),
            ("slomo", &["slowmo"]),
            ("slowmotion", &["slowmo"]),
            ("timelapse", &["timelapse"]),
            ("fastforward", &["faster"]),
            ("quicker", &["faster"]),
            ("speedup", &["speed", "up"]),
            ("sped", &["speed"]),
            ("speeding", &["speed"]),
            ("slowed", &["slow"]),
            ("slowing", &["slow"]),
            ("merged", &["merge"]),
            ("merging", &["merge"]),
            ("combined", &["combine"]),
            ("joined", &["join"]),
            ("joining", &["join"]),
            ("concatenate", &["concat"]),
            ("concatenated", &["concat"]),
            ("stitched", &["stitch"]),
            ("autorotate", &["autoorient"]),
            ("autoorient", &["autoorient"]),
            ("saturated", &["saturation"]),
            ("saturate", &["saturation"]),
            ("vibrant", &["saturation"]),
            ("vivid", &["saturation"]),
            ("vibrance", &["saturation"]),
            ("brightness", &["brightness"]),
            ("exif", &["metadata"]),
            ("meta", &["metadata"]),
            ("geotag", &["metadata"]),
            ("geotags", &["metadata"]),
            ("geolocation", &["metadata"]),
            ("gps", &["metadata"]),
            ("smaller", &["smaller"]),
            ("tinier", &["smaller"]),
            ("larger", &["bigger"]),
            ("enlarge", &["bigger"]),
            ("enlarged", &["bigger"]),
            ("louder", &["louder"]),
            ("quieter", &["quieter"]),
            ("lowercase", &["lowercase"]),
            ("audios", &["audio"]),
            ("sounds", &["sound"]),
            ("soundtrack", &["audio"]),
            ("ogg", &["ogg"]),
        ];
        pairs.iter().copied().collect()
    })
}

/// The lemma(s) of a word.
pub fn lemma(w: &str) -> Vec<String> {
    match lemma_table().get(w) {
        Some(ls) => ls.iter().map(|s| s.to_string()).collect(),
        None => vec![w.to_string()],
    }
}

/// Words the grammar reads, then common words that must not be "corrected".
const GRAMMAR: &[&str] = &[
    "grayscale", "gray", "black", "white", "color", "colored", "colorful", "remove", "strip",
    "convert", "change", "save", "export", "format", "into", "turn", "make", "compress",
    "smaller", "bigger", "shrink", "reduce", "size", "quality", "resize", "width", "height",
    "wide", "tall", "high", "pixels", "resolution", "crop", "square", "portrait", "landscape",
    "vertical", "horizontal", "aspect", "ratio", "rotate", "flip", "mirror", "upside", "down",
    "clockwise", "counterclockwise", "left", "right", "trim", "cut", "clip", "shorten",
    "first", "last", "start", "beginning", "end", "ending", "between", "from", "until", "till",
    "speed", "faster", "slower", "slow", "slowmo", "timelapse", "reverse", "backwards",
    "rewind", "frame", "rate", "framerate", "fps", "extract", "audio", "sound", "music",
    "mute", "silent", "silence", "volume", "louder", "quieter", "boost", "normalize",
    "loudness", "brighter", "darker", "brightness", "contrast", "saturation", "gif",
    "animated", "screenshot", "still", "thumbnail", "preview", "every", "join", "merge",
    "combine", "concat", "stitch", "append", "watermark", "text", "caption", "logo",
    "overlay", "opacity", "transparent", "slideshow", "slide", "autoorient", "orientation",
    "upright", "blur", "sharpen", "optimize", "lossless", "losslessly", "metadata",
    "location", "privacy", "image", "video", "file", "please", "thanks", "thank", "second",
    "minute", "hour", "percent", "degrees", "degree", "double", "half", "twice", "triple",
    "quarter", "times", "seconds", "minutes", "only", "keep", "without", "delete", "drop",
    "skip", "discard", "soundtrack", "track", "instagram", "tiktok", "youtube", "reels",
    "story", "stories", "shorts", "whatsapp", "discord", "email", "twitter", "increase",
    "decrease", "lower", "raise", "more", "less", "little", "bit", "slightly", "much",
    "heavily", "strong", "light", "subtle", "corner", "center", "bottom", "top", "position",
    "duration", "length", "long", "dimensions", "codec", "container", "what", "which",
    "how", "does", "capabilities", "formats", "operations", "help", "hello", "background",
    "subtitles", "stabilize", "denoise", "upscale", "colorize", "sepia", "vintage", "filter",
    "pixelate", "noise", "watermarks", "megabytes", "kilobytes", "under", "below", "max",
    "maximum", "most", "least", "exactly", "stretch", "fit", "within", "inside", "hd",
    "full", "standard", "definition", "ultra", "iphone", "android", "phone", "mobile", "web",
    "website", "email", "gallery", "sample", "every", "each", "per", "photo", "picture",
    "frames", "unmute", "mono", "stereo", "bass", "pitch", "echo", "fade", "transition",
    "music", "voice", "sharp", "crisp", "soften", "smooth", "gaussian", "radius", "amount",
    "strength", "sigma", "copyright", "signature", "stamp", "saying", "reading", "says",
    "words", "bright", "dark", "dim", "vibrant", "saturated", "desaturate", "washed", "punchy",
    "pop", "enhance", "improve", "better", "fix", "correct", "auto", "automatically",
    "sideways", "degrees", "turn", "around", "flipped", "upload", "download", "send",
];

const COMMON: &[&str] = &[
    "the", "a", "an", "it", "this", "that", "these", "those", "them", "they", "its", "my",
    "me", "you", "your", "our", "can", "could", "would", "will", "should", "want", "need",
    "like", "love", "just", "also", "then", "and", "or", "but", "with", "for", "to", "of",
    "in", "on", "at", "by", "as", "is", "are", "was", "be", "been", "do", "did", "done",
    "get", "give", "got", "have", "has", "had", "here", "there", "now", "some", "any", "all",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty",
    "thirty", "sixty", "ninety", "hundred", "not", "no", "yes", "ok", "okay", "hey", "hi",
    "hiya", "good", "nice", "cool", "great", "awesome", "cute", "funny", "note", "mine",
    "cat", "dog", "kids", "family", "holiday", "vacation", "party", "wedding", "birthday",
    "friend", "friends", "mom", "dad", "boss", "work", "team", "client", "project", "post",
    "share", "sharing", "upload", "same", "original", "unchanged", "other", "another", "new",
    "old", "version", "copy", "copies", "each", "both", "every", "per", "into", "onto",
    "out", "off", "over", "up", "down", "away", "about", "around", "after", "before",
    "while", "during", "so", "too", "very", "really", "quite", "pretty", "way", "lot",
    "lots", "bunch", "tiny", "huge", "small", "big", "large", "medium", "low", "high",
    "best", "worst", "good", "bad", "fine", "thing", "things", "stuff", "part", "piece",
    "bits", "section", "segment", "portion", "where", "when", "why", "who", "whom", "whose",
    "if", "than", "because", "since", "once", "again", "still", "even", "ever", "next",
    "finally", "lastly", "afterwards", "plus", "followed", "follow", "apply", "applied",
    "use", "using", "used", "put", "set", "setting", "settings", "take", "taking", "show",
    "showing", "tell", "know", "see", "look", "looks", "looking", "seem", "feel", "think",
    "let", "lets", "try", "trying", "mute", "note", "cute", "nose", "note", "cast", "cart",
    "trip", "trap", "flap", "flop", "slip", "clap", "crap", "crow", "crown", "drop",
    "clean", "cleaner", "clear", "sure", "maybe", "possible", "able", "hello", "welcome",
    "sorry", "dragon", "summon", "weather", "today", "tomorrow", "joke", "poem", "story",
    "write", "code", "email", "rate", "rated", "fast", "slowly", "quick", "quickly",
    "kill", "lose", "keep", "leave", "stay", "remain", "whole", "entire", "full",
    "rest", "remaining", "minute", "minutes", "hour", "hours", "moment", "point", "mark",
    "time", "timestamp", "around", "approx", "approximately", "roughly", "about",
];

fn vocab() -> &'static (HashSet<&'static str>, Vec<&'static str>) {
    static V: OnceLock<(HashSet<&'static str>, Vec<&'static str>)> = OnceLock::new();
    V.get_or_init(|| {
        let mut set: HashSet<&'static str> = HashSet::new();
        let mut grammar = Vec::new();
        for w in GRAMMAR {
            if set.insert(w) {
                grammar.push(*w);
            }
        }
        for w in lemma_table().keys() {
            if set.insert(w) {
                grammar.push(*w);
            }
        }
        for w in COMMON {
            set.insert(w);
        }
        (set, grammar)
    })
}

/// Whether a word is in the vocabulary (or names a format).
pub fn is_known(w: &str) -> bool {
    vocab().0.contains(w) || format_word(w).is_some()
}

/// The word, or the vocabulary word it is most likely a typo of.
pub fn correct(w: &str) -> String {
    let n = w.chars().count();
    if n < 4 || is_known(w) || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return w.to_string();
    }
    static CACHE: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(w).cloned()) {
        return hit;
    }
    let max_d = if n >= 7 { 2 } else { 1 };
    let first = w.as_bytes()[0];
    let mut best: Option<(usize, &str)> = None;
    for cand in vocab().1.iter().copied().chain(
        ["jpeg", "webp", "tiff", "flac", "webm", "quicktime", "matroska", "bitmap"]
            .iter()
            .copied(),
    ) {
        let cn = cand.len();
        if cn.abs_diff(n) > max_d || cn < 4 {
            continue;
        }
        // Short words keep their first letter and never lose a letter.
        if n <= 5 && (cand.as_bytes()[0] != first || cn < n) {
            continue;
        }
        let d = damerau(w.as_bytes(), cand.as_bytes(), max_d);
        if d <= max_d && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    let out = best.map_or_else(|| w.to_string(), |(_, c)| c.to_string());
    if let Ok(mut c) = cache.lock() {
        if c.len() < 10_000 {
            c.insert(w.to_string(), out.clone());
        }
    }
    out
}

/// Optimal-string-alignment distance, giving up above `max`.
fn damerau(a: &[u8], b: &[u8], max: usize) -> usize {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return max + 1;
    }
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_corrected_to_known_words() {
        assert_eq!(correct("grayscle"), "grayscale");
        assert_eq!(correct("convret"), "convert");
        assert_eq!(correct("rotat"), "rotate");
        assert_eq!(correct("compres"), "compress");
        assert_eq!(correct("cute"), "cute");
        assert_eq!(correct("dragon"), "dragon");
        assert_eq!(correct("zzzzzz"), "zzzzzz");
    }
}
