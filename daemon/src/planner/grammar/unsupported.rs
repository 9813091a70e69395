//! Requests kiln understands but does not do ("remove the background"),
//! matched only where they are asked for: a trigger word plus a word of
//! doing ("blur the faces", not "my colleague's face when he saw it").

use super::{Clause, Found, Intent};
use crate::planner::tokens::{Tok, Unit, T};

/// One thing kiln does not do: its trigger words, the words one of which
/// must be there too (none: the trigger is enough), words that mean
/// something kiln does do instead, and what to say.
struct Unsupported {
    triggers: &'static [&'static str],
    with: &'static [&'static str],
    unless: &'static [&'static str],
    what: &'static str,
}

/// Vocals, or a voice, taken apart from the music under them.
pub(crate) const SEPARATE_VOCALS: &str = "separate vocals from music";

const fn no(
    triggers: &'static [&'static str],
    with: &'static [&'static str],
    unless: &'static [&'static str],
    what: &'static str,
) -> Unsupported {
    Unsupported {
        triggers,
        with,
        unless,
        what,
    }
}

/// How far from its trigger the word of doing may stand.
const WITH_GAP: usize = 10;

/// Words of doing something to a part of a picture or a sound.
const DOING: &[&str] = &[
    "remove",
    "erase",
    "delete",
    "blur",
    "hide",
    "detect",
    "find",
    "track",
    "recognize",
    "recognise",
    "count",
    "censor",
    "pixelate",
    "mask",
    "cut",
    "replace",
    "change",
    "swap",
    "add",
    "identify",
    "extract",
    "isolate",
    "separate",
    "rid",
    "without",
    "no",
    "clean",
    "removal",
    "detection",
    "recognition",
    "tracking",
];

/// What is said of sponsor or ad segments to find.
const SPONSORS: &str = "find sponsor or ad segments by itself; it can cut out a part you name (\"cut out 1:00 to 1:30\")";

/// Languages a file might be asked in.
const LANGUAGES: &[&str] = &[
    "english",
    "french",
    "german",
    "spanish",
    "italian",
    "portuguese",
    "dutch",
    "polish",
    "russian",
    "ukrainian",
    "turkish",
    "arabic",
    "hebrew",
    "hindi",
    "chinese",
    "mandarin",
    "cantonese",
    "japanese",
    "korean",
    "vietnamese",
    "thai",
    "indonesian",
    "swedish",
    "danish",
    "norwegian",
    "finnish",
    "greek",
    "czech",
    "romanian",
    "hungarian",
    "persian",
    "urdu",
    "bengali",
    "tamil",
    "language",
    "languages",
];

/// What is said of a border asked without a shape or a size to pad to.
pub(super) const PADDING: &str = "add that kind of border or canvas; it can add a plain border all round (\"a 20 px white border\") or pad to a shape or a size (\"pad to 9:16\", \"fit inside 1080x1080 on white\")";

/// What is said of sound out of step with the picture.
pub(super) const SYNC: &str = "make lip-sync or find the sync by listening, nor fix sound that drifts further out of sync as it plays; it moves a video's sound by an amount you say (\"the audio is 0.3 s late\")";

/// What is said of protected files: nothing can be done to them.
pub(crate) const DRM: &str = "remove copy protection (DRM)";

/// A blur of some part of the picture, where kiln blurs all of it.
pub(crate) const BLUR_PARTS: &str =
    "blur only a part of a picture (faces, license plates, private details); it blurs the whole picture";

/// "it helps to blur faces", "to not have student faces": what a blur asked
/// beside these words is for.
pub(crate) const PRIVATE_PARTS: &[&str] = &[
    "face",
    "faces",
    "plate",
    "plates",
    "numberplates",
    "kids",
    "privacy",
    "private",
    "sensitive",
    "confidential",
    "anonymity",
    "anonymize",
    "anonymise",
    "identifiable",
    "obfuscate",
    "pixelate",
];

/// What is said of zip or rar files asked for or opened.
const ARCHIVES: &str = "make or open archives";

/// What is said of cover art put into a file.
const EMBED_COVER: &str = "embed cover art";

const LIST: &[Unsupported] = &[
    // "remove Descriptive Audio tracks", "get rid of the French track": one
    // sound track of several.
    no(&["track", "tracks"], &["commentary", "descriptive", "description", "dub", "dubbed", "french", "english", "german", "spanish", "japanese", "italian", "russian", "language", "languages", "second", "extra", "unwanted", "duplicate"], &["song", "songs", "album", "albums", "playlist", "cd", "music", "mp3", "subtitle", "subtitles", "split", "chapter", "chapters"], "choose or remove one sound track of several; it removes all the sound or keeps it as it is"),
    // ("delete the white background": removed, whatever its colour.)
    no(&["background", "bg"], &["remove", "removed", "erase", "delete", "removal", "rid", "cut"], &["noise", "noises", "music", "sound", "audio", "hum", "hiss", "person", "people"], "remove or change backgrounds"),
    no(&["background", "bg", "sky", "skies"], &["remove", "erase", "delete", "transparent", "replace", "replacement", "cut", "change", "blur", "without", "no", "rid", "removal", "swap"], &["noise", "noises", "music", "sound", "audio", "hum", "hiss", "white", "black", "jpg", "jpeg", "person", "people"], "remove or change backgrounds"),
    // ("subtitles are not needed and could be dropped": a conversion drops them.)
    no(&["subtitles", "subtitle", "captions", "caption", "transcribe", "transcription", "srt", "subs", "vtt"], &[], &["dropped", "drop", "needed", "discard", "discarded", "ignored"], "add or make subtitles, captions or transcripts (speech transcription)"),
    // ("rotate any pages of your transcript": a school's record, a document.)
    no(&["transcript", "transcripts"], &[], &["pdf", "pdfs", "page", "pages", "scan", "scanned", "upload", "school", "university", "grades", "academic"], "add or make subtitles, captions or transcripts (speech transcription)"),
    no(&["stabilize", "stabilise", "stabilization", "stabilisation", "shaky", "deshake", "shake", "wobbly", "jittery"], &[], &[], "stabilize video (stabilization needs motion tracking)"),
    no(&["denoise", "noise", "hiss", "hum", "static"], &["reduce", "remove", "cut", "denoise", "less", "clean", "solve", "fix", "rid", "cancel", "suppress", "suppression", "reduction", "removal", "filter", "mute", "eliminate", "minimize", "minimise", "kill", "without", "background", "awful", "hate", "annoying", "ruining", "terrible", "horrible", "advice"], &[], "remove noise"),
    no(&["colorize", "colourise", "colorise", "recolor", "colorizing", "colourising"], &[], &[], "colourise pictures"),
    no(&["restore", "restoring", "restoration"], &["photo", "photos", "image", "old", "damaged", "scratches"], &[], "restore old photos"),
    no(&["scratch", "scratches", "scratched"], &["photo", "photos", "image", "images", "old", "film", "scan", "scans", "picture", "pictures"], &[], "restore old photos"),
    no(&["deinterlace", "deinterlacing", "interlaced", "interlacing", "interlace"], &["deinterlace", "deinterlacing", "progressive", "remove", "fix", "rid", "combing"], &[], "deinterlace video; it can convert, scale and change the frame rate"),
    no(&["sepia", "vintage", "retro", "cartoon", "anime", "sketch", "lut", "cartoonify", "oil", "painting"], &[], &["grayscale", "gray", "blur", "sharpen", "invert", "negative", "brightness", "contrast", "saturation"], "apply style filters (sepia, vintage...); it can make pictures black and white or change brightness, contrast and saturation"),
    no(&["face", "faces", "plate", "plates", "person", "people", "object", "objects"], DOING, &["watermark", "logo", "unused", "fonts"], "find, cut out or edit faces, people, license plates or objects, or tell them from the background"),
    no(&["filter", "filters"], &["apply", "instagram", "snapchat", "beauty", "style", "artistic", "effect", "add"], &["grayscale", "gray", "blur", "sharpen", "invert", "negative", "brightness", "contrast", "saturation", "black", "loudnorm", "normalize", "loudness", "volume", "audio", "sound", "reverse", "boomerang", "rewind"], "apply style filters (sepia, vintage...); it can make pictures black and white or change brightness, contrast and saturation"),
    no(&["transition", "transitions", "crossfade", "crossfades", "dissolve", "wipe"], &["between", "clips", "scenes", "scene", "videos", "each", "join", "joining", "merge", "merging", "concat", "slides", "images", "photos", "slideshow", "slideshows", "picture", "pictures", "image", "photo"], &["fade"], "add transitions between clips"),
    no(&["pitch", "transpose", "autotune", "deeper", "chipmunk"], &[], &["maintaining", "maintain", "keeping", "keep", "preserve", "preserving", "same", "without", "avoid", "speed", "faster", "slower"], "change pitch or apply audio effects such as bass boost, reverb or 8D (it can change the volume and normalise loudness)"),
    // ("slowed and reverb": the effect is asked beside a speed.)
    no(&["echo", "reverb", "bass", "treble", "equalizer", "eq"], &[], &["maintaining", "maintain", "keeping", "keep", "preserve", "preserving", "same", "without", "avoid"], "change pitch or apply audio effects such as bass boost, reverb or 8D (it can change the volume and normalise loudness)"),
    no(&["voice", "voices"], &["tone", "deeper", "male", "female", "higher", "changer", "robot", "robotic", "pitch", "change", "mimic", "clone", "cloning", "swap", "fake", "imitate", "synthesize", "synthesise", "train"], &["volume", "louder", "quieter", "remove", "extract", "mute", "only", "keep", "speed", "playback", "tempo"], "change voices"),
    no(&["vocals", "vocal", "karaoke", "instrumental", "acapella", "stems"], &[], &[], SEPARATE_VOCALS),
    no(&["lyrics"], &["remove", "without", "rid", "mute", "delete", "erase"], &[], SEPARATE_VOCALS),
    // ("remove the first 10 seconds of my piano recording": a part cut.)
    no(&["guitar", "guitars", "drums", "piano", "instrument", "instruments"], &["remove", "rid", "mute", "isolate", "separate"], &["noise", "hum", "click", "clicks", "seconds", "minutes", "first", "last", "part", "start", "end", "beginning", "intro", "silence", "recording", "video", "clip", "lesson", "recital", "metadata"], "separate vocals or instruments from music"),
    no(&["deblur", "defocus", "defocused"], &[], &["add", "apply", "simulate"], "sharpen blurry or out-of-focus pictures back into focus (deblurring); it can sharpen lightly"),
    no(&["voice", "voices"], &["remove", "erase", "rid", "leaving", "isolate", "separate", "only", "just"], &["audio", "sound", "noise", "memo", "memos", "message", "messages", "recording", "recordings", "note", "notes", "call"], SEPARATE_VOCALS),
    // "instead of black bars, a blurred copy of the video on each side".
    no(&["blurred", "blurry", "blur"], &["bars", "sides", "side", "pillarbox", "letterbox", "fill", "filled"], &["remove", "crop", "sharpen", "sharper", "unblur"], "fill the sides with a blurred copy of the picture; it can crop to the shape, or scale and keep the bars"),
    no(&["banner", "mic", "microphone", "boompole", "intruder", "car", "wire", "pole", "reflection", "glare", "tattoo", "blemish", "wrinkle", "pimple", "guy", "man", "woman", "kid", "dog", "tourist", "trash", "cable", "tripod", "stranger", "photobomber"], &["remove", "erase", "delete", "rid", "removal", "cover"], &["audio", "sound", "noise", "music", "voice", "watermark", "logo", "bars", "frames", "seconds", "minutes", "part", "parts", "exif", "metadata", "data", "location", "gps", "tags"], "remove things from a picture or video (object removal)"),
    // ("the TTS audio is too quiet": the speech made elsewhere, its level asked.)
    no(&["translate", "translation", "dub", "dubbing", "narrate"], &[], &["volume", "louder", "quieter", "quiet"], "translate, dub or narrate"),
    // ("for my TTS service", "TTS streams have a lower loudness": speech
    // made elsewhere.)
    no(&["tts"], &["generate", "create", "make", "add", "convert", "turn", "read", "speak", "narrate", "dub"], &["volume", "louder", "quieter", "quiet", "loud", "loudness", "level", "sample", "rate", "speed", "fast", "slow"], "translate, dub or narrate"),
    // ("fix the orientation from the EXIF", "convert but keep the metadata":
    // the tags read or kept, not edited.)
    no(&["metadata", "gps", "geotag", "geotags", "geotagged", "geolocation", "coordinates"], &["change", "changing", "edit", "editing", "set", "setting", "modify", "correct", "fix", "fixing", "update", "adjust", "write", "writing", "shift", "insert", "date", "dates", "timestamp", "timestamps"], &["remove", "removal", "strip", "delete", "erase", "clean", "wipe", "rid", "removing", "stripping", "keep", "kept", "keeping", "preserve", "preserved", "retain", "lose", "lost", "losing", "without", "orientation", "rotate", "rotation", "rotated", "sideways", "upright", "privacy", "copy", "transfer", "flip", "flipped"], "change the tags a file carries (date and time taken, GPS location, camera); \"strip the metadata\" removes them all"),
    // ("my camera has an incorrect date/time setting", "fix the date the
    // photos were taken": the date tag, not a date written on the picture.)
    no(&["date", "dates", "datetime"], &["change", "changing", "edit", "editing", "set", "setting", "modify", "modifying", "correct", "correcting", "fix", "fixing", "incorrect", "wrong", "shift", "shifting"], &["remove", "removal", "strip", "delete", "erase", "clean", "wipe", "rid", "removing", "stripping", "keep", "kept", "keeping", "preserve", "preserved", "retain", "lose", "lost", "losing", "without", "stamp", "overlay", "visible", "corner", "text", "add", "burn", "watermark", "show", "display", "put", "print", "sort", "sorted", "order", "name", "filename", "range", "caption", "always"], "change the tags a file carries (date and time taken, GPS location, camera); \"strip the metadata\" removes them all"),
    no(&["srgb", "cmyk", "icc", "prophoto", "colorspace"], &[], &[], "convert colour spaces (sRGB, CMYK) or embed ICC colour profiles (it keeps the colours as the file has them)"),
    // ("the narration is overpowered by the noise": the sound there is.)
    no(&["voiceover", "narration"], &["add", "generate", "create", "make", "automatic", "ai", "write"], &[], "translate, dub or narrate"),
    no(&["language", "languages"], &["change", "switch", "into", "other", "different", "another"], &[], "translate, dub or narrate"),
    no(&["pixelate", "pixelating", "censor", "mosaic", "obfuscate"], &[], &[], "pixelate or censor parts of a picture"),
    no(&["watermark", "watermarks", "logo", "logos"], &["remove", "erase", "delete", "rid", "without", "removal", "cut"], &["crop", "cropping"], "remove watermarks or logos"),
    no(&["interpolate", "interpolation", "smoother", "smooth"], &["frame", "frames", "motion", "interpolate", "interpolation", "fps"], &[], "interpolate frames here (change the frame rate drops or repeats frames; the render API interpolates)"),
    no(&["ai", "ml", "gpt", "neural", "esrgan", "deepfake", "deepfakes", "faceswap", "generative"], &[], &[], "run AI models (AI upscaling, restoring, generating or cloning); everything here runs on the box without models"),
    // ("a Normalise enhance would make the audio easier to hear": the sound's.)
    no(&["upscale", "upscaling", "upscaled", "superresolution", "enhance", "enhancing", "sharper"], &["ai", "quality", "detail", "details", "better", "restore", "model", "neural", "waifu2x", "upscayl", "esrgan", "realesrgan", "gan"], &["unsharp", "sharpen", "audio", "sound", "normalise", "normalize", "volume", "voice", "loudness"], AI_UPSCALE),
    // ("square images for grid view display": where pictures are shown.)
    no(&["collage", "sidebyside", "pip", "splitscreen", "spritesheet", "spritesheets"], &[], &[], "make collages, split screens or picture-in-picture"),
    // "overlay a video on the other".
    no(&["overlay", "overlaying", "overlayed"], &["videos", "other", "another"], &["text", "logo", "watermark", "image", "picture", "caption", "title", "audio", "music", "sound"], "make collages, split screens or picture-in-picture"),
    no(&["grid"], &[], &["view", "gallery", "feed", "align", "fit", "fitting", "ppi", "tile", "snap"], "make collages, split screens or picture-in-picture"),
    no(&["meme"], &[], &[], "make memes"),
    // ("make this a circle", "crop it into a circle", "rounded corners").
    no(&["circle", "rounded", "oval", "hexagon", "heart"], &["make", "crop", "cut", "shape", "shaped", "corners", "into", "mask"], &["fade", "crossfade", "wipe", "iris", "square", "squares", "rectangle", "rectangular"], "cut pictures into shapes (circles, rounded corners); it crops to rectangles"),
    // ("make it transparent", "turn the white transparent": see-through
    // made, not kept.)
    no(&["transparent"], &["make", "turn", "set"], &["keep", "keeping", "kept", "preserve", "preserving", "stay", "instead", "remain", "still", "without", "not", "opaque", "video", "gif", "watermark", "logo", "text", "opacity"], "make pictures or their backgrounds transparent"),
    // ("straighten the horizon", "the photo is a bit crooked").
    no(&["straighten", "crooked", "skewed", "deskew"], &[], &["orientation", "sideways", "upside", "exif", "metadata", "90", "180"], "straighten (deskew) or turn by a small angle; it turns by quarter turns (90°, 180°, 270°)"),
    // ("zip/reduce the size of gifs": made smaller, the word used loosely.)
    // ("for archival purposes", "archive quality": why, not a file asked.)
    no(&["epub", "epubs", "mobi", "azw", "azw3"], &["convert", "converting", "conversion", "turn", "export", "save", "between"], &["image", "images", "picture", "pictures", "cbz", "cbr", "manga", "comic", "comics"], "read or write e-books (EPUB, MOBI); it makes PDFs from pictures and office files"),
    no(&["zip", "archive", "unzip", "rar"], &[], &["reduce", "compress", "shrink", "smaller", "purposes", "purpose", "quality", "lossless", "space", "storage", "film", "negative", "scanning", "mirror", "flip", "instead", "folder", "folders", "nas", "backup", "drive"], ARCHIVES),
    // ("m4p": the iTunes store's protected AAC.)
    no(&["drm", "m4p"], &[], &["free"], DRM),
    no(&["password", "encrypt", "decrypt"], &[], &[], "encrypt files, or add or remove passwords"),
    no(&["music", "song", "soundtrack"], &["add", "put", "overlay", "mix", "background"], &["volume", "louder", "quieter", "extract", "remove", "mute", "without"], "add music to a video"),
    // "split the audio file by equal segments", "chop it into pieces".
    no(&["segments", "pieces", "chunks"], &["split", "splitting", "divide", "chop", "into"], &["remove", "delete", "keep", "mute", "silent", "silence"], "split a file into several: trim each part with its own request (\"from 0:00 to 0:30\")"),
    no(&["split", "splitting", "chunks", "divide", "separate"], &["split", "splitting", "into", "multiple", "several", "every", "each", "intervals", "shorter", "chunks"], &["screen", "audio", "sound", "vocals", "frames", "frame", "images", "image", "channels", "merge", "join", "combine", "together", "one"], "split a file into several: trim each part with its own request (\"from 0:00 to 0:30\")"),
    no(&["sponsorblock"], &[], &[], SPONSORS),
    no(&["sponsor", "sponsors", "sponsored", "ads", "adverts", "advertisements", "advertisement", "commercials"], &["remove", "cut", "skip", "delete", "rid", "detect", "automatically", "automatic", "segments", "without"], &["first", "last", "from", "between", "add", "insert"], SPONSORS),
    no(&["livestream", "rtmp"], &[], &[], "stream live; it makes files you download"),
    no(&["live"], &["streaming", "stream"], &["recorded", "recording", "recordings", "of", "from"], "stream live; it makes files you download"),
    // ("merge the files of the same live broadcast": a recording of one;
    // "a stereo image for radio broadcast": where the file goes.)
    no(&["broadcast"], &["live", "stream", "streaming", "rtmp", "twitch", "realtime"], &["of", "from", "recorded", "recording", "recordings", "merge", "join", "combine"], "stream live; it makes files you download"),
    // ("helpful with OCR", "without reducing the quality of OCR": OCR done later, elsewhere.)
    no(&["ocr"], &[], &["helpful", "useful", "helps", "quality"], "read text out of files (OCR)"),
    no(&["lyrics", "text", "words"], &["into", "transcribe", "what", "get", "extract", "write", "dictate"], &["watermark", "add", "overlay", "caption", "put", "stamp", "quote", "quotes", "pdf", "font", "with", "without"], "transcribe speech (turn it into text)"),
    // ("output the text of the audio file", "voice to text": what was said.)
    no(&["text"], &["voice", "audio", "speech", "spoken", "interview", "interviews", "podcast", "podcasts"], &["watermark", "add", "overlay", "caption", "put", "stamp", "quote", "quotes", "pdf", "font", "with", "without", "image", "picture", "photo", "video"], "transcribe speech (turn it into text)"),
    // ("Under Summary > Format", "a summary video of the day": the noun
    // names a heading or a file, it asks for no summing up.)
    no(&["summarize", "summarise", "summarizing", "summarising", "recap"], &[], &[], "describe or summarise what a file shows"),
    no(&["younger", "older", "slimmer", "thinner", "prettier", "beautify", "retouch", "airbrush", "makeup", "wrinkle", "smile"], &["look", "looks", "make", "me", "him", "her", "face", "skin", "remove"], &["format", "version", "file", "files", "frame", "frames", "recording", "recordings", "videos", "clips", "songs", "tracks", "codec"], "edit how people look (that needs AI models, which kiln does not run)"),
    no(&["text", "ocr", "words", "writing"], &["read", "extract", "recognize", "recognise", "copy", "detect", "scan", "ocr", "searchable", "editable", "selectable"], &["add", "put", "write", "overlay", "watermark", "caption", "saying", "says", "quote", "font", "helpful", "helps"], "read text out of files (OCR)"),
    no(&["head", "heads"], &["identify", "identity", "detect", "find", "track", "locate", "coordinates", "recognize", "recognise"], &[], "find, cut out or edit faces, people, license plates or objects, or tell them from the background"),
    no(&["important", "exciting", "highlight", "highlights", "funniest"], &["frames", "frame", "moments", "moment", "scenes", "scene", "parts"], &["quality", "resolution", "format", "codec"], "choose moments by what they show (that needs AI models, which kiln does not run)"),
    no(&["else"], &["black", "gray", "grey", "grayscale", "greyscale", "monochrome"], &[], "keep one colour while the rest turns black and white (a colour splash)"),
    no(&["motion", "movement", "wobble"], &["correct", "compensate", "counteract", "steady", "smooth", "smoothen"], &["slow", "blur", "speed", "fast", "interpolation", "interpolate", "fps", "stop", "time"], "stabilize video (stabilization needs motion tracking)"),
    no(&["who", "identify", "recognize", "recognise"], &["person", "people", "this", "he", "she", "song", "face", "actor", "music"], &["format", "codec", "file", "type"], "recognise people, faces or songs"),
    no(&["fillers", "filler"], &["verbal", "word", "words", "speech", "um", "uh", "umm", "remove", "cut", "apply"], &[], "find words in speech, such as fillers (um, uh); it can cut silences"),
    no(&["speech", "dictation", "stt"], &["text", "transcribe", "words", "convert", "recognize", "recognition"], &["api", "wav", "mp3", "flac", "m4a", "ogg", "mono", "stereo", "sample", "samples", "khz", "hz"], "transcribe speech (turn it into text)"),
    // ("encode 4K HDR movies smaller": an HDR file kept HDR.)
    no(&["hdr", "tonemap", "tonemapping"], &["sdr", "tonemap", "tonemapping", "tone", "merge", "merging"], &[], "convert between HDR and SDR (tone mapping)"),
    // ("traced back to me through exif data": followed, not vectorised.)
    no(&["vectorize", "vectorise", "svg", "vector"], &["convert", "make", "to", "into", "as", "vectorize", "vectorise", "trace", "art", "save", "version"], &["back"], "make vector graphics (SVG)"),
    // ("invert the image before vessel tracing": followed by eye.)
    no(&["trace"], &["vectorize", "vectorise", "vector", "svg", "bitmap", "outline", "outlines"], &["back"], "make vector graphics (SVG)"),
    no(&["annotate"], &[], &["annotated", "annotation", "annotations"], "draw or write notes on pictures (annotate); it can put a text or logo watermark in a corner"),
    no(&["annotation", "annotations"], &["add", "draw", "put", "write", "insert"], &[], "draw or write notes on pictures (annotate); it can put a text or logo watermark in a corner"),
    no(&["bpm", "tempo", "beat", "beats"], &["detect", "detection", "find", "get", "what", "analyze", "analyse", "calculate", "automatic", "cut", "sync", "match"], &[], "analyse music (tempo, key, beats)"),
    no(&["chroma", "greenscreen", "chromakey", "keying"], &[], &[], "key out green screens (chroma key) to replace the background"),
    no(&["zoom", "pan", "burns", "zooming", "panning"], &["effect", "in", "out", "slow", "add", "animate", "follow", "on", "into"], &["crop", "square", "channel", "channels", "stereo", "mono", "speaker", "speakers", "ear", "ears"], "animate zooms and pans (a Ken Burns effect); it can crop to a fixed shape"),
    no(&["deinterlace", "telecine", "detelecine", "ivtc"], &[], &[], "deinterlace video"),
    no(&["interlaced", "interlacing"], &["fix", "remove", "rid", "reduce", "get", "deinterlace", "convert", "progressive"], &[], "deinterlace video"),
    no(&["chapters", "chapter", "markers"], &["add", "create", "embed", "insert", "set", "make", "with", "definable"], &["editing", "edit"], "add chapters"),
    no(&["canvas"], &["size", "change", "extend", "enlarge", "bigger", "larger", "transparent", "centred", "centered", "add"], &["max", "maximum"], PADDING),
    // (Cover art taken out, or put in by mistake, is stripped with the
    // tags: see `recognize`.)
    no(&["cover", "artwork", "album"], &["embed", "add", "set", "attach", "insert", "put"], &["remove", "strip", "extract", "keep", "keeping", "preserve", "preserving", "retain"], EMBED_COVER),
    no(&["redeye"], &[], &[], "remove red eye"),
    no(&["silence", "silent"], &["add", "insert", "append", "prepend", "pad"], &["remover", "removal", "remove", "removing"], "add silence; it can trim, fade and change the volume"),
    no(&["border", "borders", "bars", "padding"], &["add", "put", "pad", "padding", "surround"], &["remove", "crop", "rid", "without", "watermark", "logo", "text"], PADDING),
    no(&["shadow", "vignette", "glow"], &["add", "drop", "apply", "with"], &[], "add shadows, vignettes or glows"),
    no(&["countdown", "timer", "progress", "timecode", "clock"], &["add", "overlay", "show", "burn", "display", "bar"], &["without", "printed", "printing"], "draw timers, clocks or progress bars on video"),
    no(&["download", "downloading", "rip", "grab"], &["youtube", "url", "link", "website", "site", "twitter", "instagram", "tiktok", "online", "internet", "web"], &["upload", "uploaded"], "download from the web; upload the file instead"),
    no(&["360", "vr", "panorama", "panoramic", "equirectangular"], &["stitch", "stitching", "video", "make", "into", "convert"], &["audio", "degrees", "degree", "rotate"], "stitch 360 or panoramic video"),
    // ("a GIF of the 3D print process", "3D renders in PNG": things made in 3D.)
    no(&["3d", "stereoscopic", "anaglyph"], &[], &["print", "printing", "printer", "printed", "render", "renders", "rendering", "model", "models", "modeling", "modelling", "visualization", "visualisation", "library", "viewer", "scan", "scanner", "artist", "artists", "game", "games", "animation", "animations", "software", "blender"], "make 3D video"),
    no(&["sync", "desync", "synchronize", "synchronise", "lipsync", "unsynched", "unsynced", "desynced", "desynchronized"], &["audio", "sound", "video", "voice", "lip", "out", "fix", "delay", "offset"], &["easier", "match", "url", "urls", "server", "cloud", "folder"], SYNC),
    // "add a 22 msec delay to the audio stream", "delay the audio a bit".
    no(&["delay", "offset"], &["audio", "sound", "voice"], &["loop", "loops", "looping", "upload", "uploading", "processing", "loading", "playback", "start", "beginning"], SYNC),
    no(&["part", "parts", "section", "sections", "segment", "segments", "portion", "portions"], &["blur", "pixelate", "censor", "louder", "quieter", "brighten", "darken", "grayscale"], &["except", "keep", "remove", "cut", "delete"], "change only one part of a file (blur or recolour a section); it can mute a part, cut a part out or keep only that part"),
    no(&["corrupt", "corrupted", "recover", "repair", "salvage", "unplayable"], &["file", "files", "video", "videos", "footage", "photo", "photos", "data", "card", "corrupt", "corrupted", "damaged", "broken", "them", "it"], &["metadata", "orientation", "error", "says"], "repair or recover damaged (corrupt) files"),
    no(&["gradually", "gradual", "ramp", "ramping"], &["speed", "slow", "slower", "faster", "fast", "slowmo"], &[], "change the speed gradually (speed ramps); it can change a whole clip's speed, or a part's you cut out first"),
    no(&["dpi", "ppi"], &["change", "set", "make", "to", "convert", "increase", "higher", "need"], &[], "set the print resolution (DPI); what counts on screen are the pixels, and it can resize to a size in pixels"),
    no(&["scene", "scenes"], &["change", "cut", "detect", "detection", "every", "each"], &["from", "first", "last", "trim", "part"], "find scene changes"),
    no(&["highlight", "highlights"], &["reel", "best", "interesting", "important", "automatic", "automatically", "auto", "make", "create", "compile"], &["text", "color", "colour"], "pick the best moments (highlights); it can keep a part you name, e.g. \"from 1:00 to 1:30\""),
    // ("upload the photograph and signature in JPEG": a picture of one.)
    no(&["esign"], &[], &[], "sign documents; it can put a text or logo watermark on pictures and videos"),
    no(&["signature", "signatures"], &["add", "insert", "put", "place", "digital", "digitally", "electronic", "electronically", "pdf", "pdfs", "document", "documents", "contract", "create", "draw"], &["watermark", "scan", "scanned", "photo", "photograph", "upload", "jpeg", "jpg", "kb"], "sign documents; it can put a text or logo watermark on pictures and videos"),
    no(&["sign"], &["pdf", "pdfs", "document", "contract", "digitally", "electronically"], &["before", "after"], "sign documents; it can put a text or logo watermark on pictures and videos"),
    no(&["form", "forms"], &["fill", "filling", "fillable", "field", "fields"], &[], "fill in PDF forms"),
    no(&["text"], &["edit", "editing", "modify"], &["watermark", "caption", "overlay", "add"], "edit the text inside a document"),
    // ("remove/redact audio entirely": the sound taken out.)
    no(&["redact", "redacting", "redacted", "redaction"], &[], &["audio", "sound"], "black out (redact) parts of documents or pictures; it can blur a whole picture or video"),
    no(&["deskew", "deskewing", "skewed", "skew"], &[], &[], "straighten skewed scans (deskew); it can rotate by 90° or 180°"),
    no(&["grade", "grading", "lut"], &["color", "colour", "apply", "cinematic"], &[], "colour-grade or apply LUTs; it can make pictures black and white or change brightness, contrast and saturation"),
];

/// "what song is this?", "what's in this picture?": what a file shows or
/// plays, asked.
fn what_it_shows(c: &Clause) -> Option<(usize, &'static str)> {
    // "what song is this?", "which song plays at 1:20": a song recognised.
    if let Some(i) = c
        .seq(&["what", "song"])
        .or_else(|| c.seq(&["which", "song"]))
        .or_else(|| c.seq(&["name", "of", "the", "song"]))
        .filter(|_| !c.has(&["format", "codec", "bitrate", "length", "duration", "size"]))
    {
        return Some((i, "recognise people, faces or songs"));
    }
    // "what's in this picture?", "what is happening in the video": what it
    // shows, not its facts.
    // ("enough to see what is happening", "replace What's in the Bible
    // graphic": a purpose, a title; nothing asked to be told.)
    let shown = c
        .seq(&["what", "is", "in"])
        .or_else(|| c.seq(&["what", "is", "happening"]))
        .filter(|&i| {
            let titled =
                i > 0 && !matches!(c.toks[i - 1].t, T::Sep) && c.toks[i].orig.starts_with('W');
            !titled && !c.is(i.wrapping_sub(1), &["see", "of", "replace", "watch"])
        });
    if let Some(i) = shown {
        if c.has(&[
            "picture", "image", "photo", "video", "clip", "this", "it", "pic",
        ]) && !c.has(&[
            "format",
            "codec",
            "resolution",
            "size",
            "fps",
            "bitrate",
            "metadata",
        ]) {
            return Some((i, "describe or summarise what a file shows"));
        }
    }
    None
}

/// "split the audio by the video's chapters", "change the pitch without
/// changing its speed", "add an extra audio track": what is done to the
/// sound that kiln does not do.
fn sound_effect(c: &Clause) -> Option<(usize, &'static str)> {
    let chapters = c.find(&["chapters", "chapter"]);
    let splitting = c.has(&[
        "split",
        "splitting",
        "separate",
        "divide",
        "based",
        "per",
        "own",
    ]);
    let added = c.has(&["add", "create", "embed", "insert", "set", "make"]);
    // ("merge chapters from separate files": joined, not split.)
    let joined = c.has(&["merge", "join", "combine", "concat", "concatenate"]);
    if let (Some(k), true, false, false) = (chapters, splitting, added, joined) {
        return Some((k, "split a file by its chapters: trim each part with its own request (\"from 0:00 to 0:30\")"));
    }
    // ("speed it up without changing the pitch": the pitch kept.)
    let kept = |v: usize| {
        (v.saturating_sub(2)..v).any(|k| {
            c.is(
                k,
                &[
                    "without",
                    "not",
                    "keep",
                    "keeping",
                    "preserve",
                    "preserving",
                    "maintain",
                    "maintaining",
                    "same",
                ],
            )
        })
    };
    let pitch = (0..c.toks.len()).find(|&p| {
        c.is(p, &["pitch"])
            && (p.saturating_sub(3)..p).any(|v| {
                c.is(
                    v,
                    &[
                        "change", "shift", "raise", "lower", "alter", "modify", "adjust",
                    ],
                ) && !kept(v)
            })
    });
    if let Some(p) = pitch {
        return Some((
            p,
            "change pitch or apply audio effects such as bass boost, reverb or 8D (it can change the volume and normalise loudness)",
        ));
    }
    // ("I add an mp3 sound track and then export": what was done, told.)
    let track = c
        .near(
            &["add", "insert", "mix", "overlay", "attach"],
            &["track"],
            4,
        )
        .filter(|&k| !c.is(k.wrapping_sub(1), &["i", "we", "then"]));
    let sound = c.has(&[
        "audio",
        "sound",
        "commentary",
        "second",
        "extra",
        "another",
        "additional",
    ]);
    if let (Some(k), true) = (track, sound) {
        if !c.has(&[
            "remove", "extract", "delete", "mute", "volume", "louder", "quieter",
        ]) {
            return Some((k, "add another audio track or music to a video; it can change the volume, or take the sound out"));
        }
    }
    None
}

/// "download at this quality", "record the screen", "rip the tracks of a
/// cd", "detect the blank pages and delete them": work on something other
/// than the files sent.
fn beyond_files(c: &Clause) -> Option<(usize, &'static str)> {
    let none = c.sources.is_empty();
    // (With a file sent, "download" is of the result.)
    if let (Some(k), true) = (c.find(&["download", "downloading"]), none) {
        if !c.has(&[
            "upload",
            "uploaded",
            "result",
            "converted",
            "output",
            "difference",
            "different",
            "between",
        ]) {
            return Some((k, "download from the web; upload the file instead"));
        }
    }
    // ("Recording the gameplay in a GIF", "record whatsapp calls"; not
    // "my screen recording", the file.)
    const RECORDED: &[&str] = &[
        "screen",
        "webcam",
        "desktop",
        "camera",
        "microphone",
        "mic",
        "gameplay",
        "whatsapp",
        "telegram",
        "skype",
    ];
    let recording = c
        .find(&["record"])
        .filter(|_| c.has(RECORDED) || c.has(&["button"]))
        .or_else(|| {
            (0..c.toks.len()).find(|&k| {
                c.is(k, &["recording"])
                    && (k + 1..(k + 3).min(c.toks.len())).any(|j| c.is(j, RECORDED))
            })
        })
        .filter(|_| none);
    if let Some(k) = recording {
        let calls = c.has(&["whatsapp", "telegram", "skype", "call", "calls"]);
        return Some((
            k,
            if calls {
                "record streams, calls or sound as they happen; it works on files you send"
            } else {
                "record the screen or a camera; it works on files you send"
            },
        ));
    }
    // "possible to record the radio stream as mp3?", "the ability to record
    // a conversation": a recording wished for, not one told of ("I record
    // my lectures").
    let wished = (0..c.toks.len()).find(|&k| {
        c.toks[k].orig.eq_ignore_ascii_case("record")
            && (k == 0
                || (k.saturating_sub(3)..k).any(|j| {
                    c.is(
                        j,
                        &["to", "can", "could", "ability", "possibility", "option"],
                    )
                }))
            && (k + 1..(k + 5).min(c.toks.len())).any(|j| {
                c.is(
                    j,
                    &[
                        "stream",
                        "radio",
                        "conversation",
                        "call",
                        "calls",
                        "meeting",
                        "audio",
                        "sound",
                        "voice",
                        "broadcast",
                        "soundboard",
                        "gameplay",
                        "tv",
                    ],
                )
            })
    });
    if let Some(k) = wished.filter(|_| none) {
        return Some((
            k,
            "record streams, calls or sound as they happen; it works on files you send",
        ));
    }
    if let Some(found) = disc_read(c, none) {
        return Some(found);
    }
    if let Some(k) = out_of_step(c) {
        return Some((k, SYNC));
    }
    // "output them to a DVD format for my DVD player".
    let dvd = onto_dvd(c);
    if let Some(k) = dvd.filter(|_| !c.has(&["burn", "burned", "burning", "quality", "resolution"]))
    {
        return Some((
            k,
            "make DVDs (their VIDEO_TS folders); it makes MP4, WebM, MOV and MKV files",
        ));
    }
    if let Some(k) = padding_asked(c) {
        return Some((k, PADDING));
    }
    // ("crop a given audio waveform file": the sound itself.)
    if let Some(k) = c
        .find(&["spectrogram", "spectrograms", "waveform", "waveforms"])
        .filter(|&k| !c.is(k + 1, &["file", "files"]))
    {
        return Some((k, "draw spectrograms or waveforms"));
    }
    let blank = c.near(&["blank", "empty"], &["page", "pages"], 2);
    if let (Some(k), true) = (
        blank,
        c.has(&[
            "detect",
            "find",
            "automatically",
            "skip",
            "delete",
            "remove",
        ]),
    ) {
        return Some((
            k,
            "find blank pages by itself; it can drop the pages you name (\"remove pages 3 and 5\")",
        ));
    }
    if let Some(k) = c
        .find(&["upmix", "upmixing"])
        .or_else(|| c.seq(&["to", "surround"]))
    {
        return Some((
            k,
            "make surround sound (5.1) from stereo; it can make stereo or mono",
        ));
    }
    None
}

/// A border or background asked around the picture in words the pad step
/// did not read ("add black fill so it is 9:16", "fit to square without
/// cropping"): where it is asked.
fn padding_asked(c: &Clause) -> Option<usize> {
    // "add black fill so it is 9:16", "add a black background that makes
    // it square": padding around the picture.
    let fill = c.near(
        &["add", "put"],
        &["fill", "background", "bars", "borders", "border"],
        4,
    );
    let shaped = c.has(&[
        "square",
        "aspect",
        "ratio",
        "fit",
        "wide",
        "tall",
        "portrait",
        "landscape",
    ]) || c
        .toks
        .iter()
        .any(|t| matches!(t.t, T::Clock { ratio: Some(_), .. }));
    if let (Some(k), true, true) = (fill, shaped, c.has(&["black", "white", "blank"])) {
        return Some(k);
    }
    // "fit to square without cropping", "9:16 with no crop": a shape
    // reached by padding.
    let uncropped = (0..c.toks.len()).find(|&k| {
        c.is(k, &["crop", "cropping", "cropped"])
            && c.is(k.wrapping_sub(1), &["without", "no", "not"])
    });
    // ("resize to max 100x100 while keeping the aspect ratio (no
    // cropping)": the ratio kept, a fit.)
    let ratio_kept = c.near(
        &[
            "keep",
            "keeping",
            "maintain",
            "maintaining",
            "preserve",
            "preserving",
            "retain",
        ],
        &["aspect", "ratio", "proportions"],
        3,
    );
    uncropped.filter(|_| shaped && ratio_kept.is_none())
}

/// "rip my DVDs", "transfer the tape" (with no file sent): a disc or tape
/// read, which kiln cannot do; `none`: no file was sent.
fn disc_read(c: &Clause, none: bool) -> Option<(usize, &'static str)> {
    let disc = c.find(&[
        "cd",
        "cds",
        "tape",
        "tapes",
        "vhs",
        "cassette",
        "cassettes",
        "vinyl",
        "dvd",
        "dvds",
        "minidv",
    ]);
    // (With a file sent, "convert the DVD" is of the file ripped already.)
    // ("a WAV file ripped from a CD": where the file came from.)
    let ripped = (0..c.toks.len()).any(|k| {
        c.is(
            k,
            &[
                "rip",
                "ripping",
                "burn",
                "burning",
                "burned",
                "digitize",
                "digitise",
                "digitizing",
                "digitising",
                "digitalize",
                "digitalise",
                "capture",
            ],
        ) && !(c.toks[k].is_participle() && c.is(k + 1, &["from", "off"]))
    }) || none
        && c.has(&[
            "convert",
            "transfer",
            "transferring",
            "copy",
            "import",
            "take",
            "extract",
        ]);
    // ("make an audio CD from ...": a disc burnt.)
    let burnt = disc.is_some_and(|k| {
        let j = if c.is(k.wrapping_sub(1), &["audio", "video", "data", "music"]) {
            k.wrapping_sub(1)
        } else {
            k
        };
        c.is(j.wrapping_sub(1), &["a", "an"]) && c.is(j.wrapping_sub(2), &["make", "create"])
    });
    let ripped = ripped || burnt;
    // ("convert them to the mp3 file format": a format, no file.)
    let file_format = (0..c.toks.len())
        .any(|k| c.is(k, &["file"]) && c.is(k + 1, &["format", "formats", "type", "types"]));
    let of_files = !file_format
        && c.has(&[
            "file",
            "files",
            "iso",
            "vob",
            "image",
            "quality",
            "resolution",
            "player",
            "upload",
            "uploaded",
        ]);
    // ("mp3s that I burn to CD": where the files go afterwards.)
    let onto = |k: usize| {
        c.is(k.wrapping_sub(1), &["to", "onto"])
            || c.is(k.wrapping_sub(1), &["a", "the"]) && c.is(k.wrapping_sub(2), &["to", "onto"])
    };
    match (disc.filter(|&k| !onto(k)), ripped, of_files) {
        (Some(k), true, false) => Some((
            k,
            "read discs or tapes (CD, DVD, Blu-ray, VHS, ISO images), or burn them; it converts the files you send",
        )),
        _ => None,
    }
}

/// "mp3 files to mp4 with just a black screen", "convert this pdf to word":
/// a file of another kind made, which kiln does not make.
fn made_of_other_kind(c: &Clause) -> Option<(usize, &'static str)> {
    // "mp3 files to mp4 with just a black screen": a video made of sound.
    let sound_only = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_audio());
    if let (Some(k), true) = (c.seq(&["black", "screen"]), sound_only) {
        return Some((
            k,
            "make a video out of sound alone (a still or a black screen under it); it can take the sound out of a video",
        ));
    }
    // "convert this pdf to word", "turn it into an excel sheet": office
    // files made (kiln makes PDFs of them, not them).
    let office_made = (0..c.toks.len()).find(|&k| {
        c.is(k, &["to", "into", "as"])
            && (k + 1..(k + 3).min(c.toks.len())).any(|j| {
                (j == k + 1 || c.is(k + 1, &["a", "an"]))
                    && c.is(
                        j,
                        &[
                            "word",
                            "docx",
                            "doc",
                            "excel",
                            "xlsx",
                            "xls",
                            "powerpoint",
                            "pptx",
                            "odt",
                            "epub",
                        ],
                    )
            })
    });
    let office_source = c.sources.iter().any(|f| f.is_office());
    // (Asked with no file, it is a question the chat answers.)
    if let (Some(k), false, false) = (office_made, office_source, c.sources.is_empty()) {
        if c.has(&[
            "convert",
            "turn",
            "save",
            "export",
            "change",
            "make",
            "transform",
        ]) {
            return Some((
                k,
                "make Word, Excel or PowerPoint files; it turns office files into PDF, and PDF pages into pictures",
            ));
        }
    }
    None
}

/// "the painting", "a painting session": the artwork itself, not an
/// oil-painting look; "color space RGB, preferably sRGB" beside other
/// rules: one the file meets already, as kiln writes RGB.
fn meets_already(c: &Clause, i: usize) -> bool {
    let artwork = c.is(i, &["painting"])
        && (!c.is(
            i.wrapping_sub(1),
            &["a", "an", "oil", "watercolor", "watercolour"],
        ) && !c.is(i + 1, &["effect", "filter", "style", "look"])
            || c.is(i.wrapping_sub(1), &["a", "an"]) && c.is(i + 1, &["session"]));
    let rgb_rule = c.is(i, &["srgb", "colorspace"])
        && c.has(&["rgb", "srgb"])
        && !c.has(&[
            "cmyk",
            "icc",
            "profile",
            "profiles",
            "adobe",
            "prophoto",
            "p3",
            "embed",
            "embedded",
            "linear",
            "convert",
            "converted",
            "converting",
            "conversion",
        ]);
    artwork || rgb_rule
}

/// "the audio ends up a quarter of a second ahead of the video", "the
/// sound is behind the picture": the sound out of step.
fn out_of_step(c: &Clause) -> Option<usize> {
    if !c.has(&["audio", "sound", "voice", "voices", "dialogue"]) {
        return None;
    }
    (0..c.toks.len()).find(|&k| {
        let after = if c.is(k, &["ahead"]) && c.is(k + 1, &["of"]) {
            k + 2
        } else if c.is(k, &["behind"]) {
            k + 1
        } else {
            return false;
        };
        (after..(after + 2).min(c.toks.len())).any(|j| {
            c.is(
                j,
                &[
                    "video", "image", "picture", "lip", "lips", "mouth", "visuals",
                ],
            )
        })
    })
}

/// "output them to a DVD format", "get it onto a DVD", "the required
/// format was a DVD movie": a disc to make; not "on a DVD player".
fn onto_dvd(c: &Clause) -> Option<usize> {
    c.seq(&["dvd", "format"])
        .or_else(|| c.seq(&["dvd", "movie"]))
        .or_else(|| {
            // ("make a slide show ... and put it on a DVD", "shrink it to
            // fit on a DVD": a step asked, the disc where it goes.)
            let other_step = c.has(&[
                "make",
                "create",
                "slideshow",
                "slide",
                "convert",
                "shrink",
                "compress",
                "fit",
                "put",
            ]);
            (0..c.toks.len()).find(|&k| {
                (c.is(k, &["to"]) || c.is(k, &["onto", "on"]) && !other_step)
                    && (c.is(k + 1, &["dvd"]) || c.is(k + 1, &["a"]) && c.is(k + 2, &["dvd"]))
            })
        })
        .filter(|&k| {
            let d = (k..(k + 3).min(c.toks.len()))
                .find(|&j| c.is(j, &["dvd"]))
                .unwrap_or(k);
            !c.is(d + 1, &["player", "players", "drive", "rip", "rips"])
        })
}

/// "cut the video in 3 equal parts", "split it into segments of at most a
/// minute": several files.
fn several_pieces(c: &Clause) -> Option<(usize, &'static str)> {
    let cutting = c.has(&[
        "cut", "split", "chop", "divide", "break", "broken", "slice", "autocut",
    ]);
    let pieces = (0..c.toks.len()).filter(|&k| {
        c.is(
            k,
            &[
                "parts", "pieces", "chunks", "segments", "clips", "sections", "files", "part",
                "piece", "chunk", "segment", "section", "videos",
            ],
        )
    });
    let timed = c.sources.iter().any(|f| {
        matches!(
            f.kind(),
            crate::media::ops::MediaKind::Video | crate::media::ops::MediaKind::Audio
        ) || *f == crate::media::ops::Format::Gif
    });
    // "I need two videos, 30 sec duration each", "a maximum length per
    // file", "automatically slice by 15 seconds": pieces of a length.
    let n = c.toks.len();
    // (Not "half a second off each end".)
    let each_long = (0..n).find(|&k| {
        c.time_at(k, false).is_some()
            && (k + 1..(k + 4).min(n)).any(|j| {
                c.is(j, &["each"])
                    && (k + 1..j).all(|m| c.is(m, &["duration", "long", "length"]))
                    && !c.is(j + 1, &["end", "ends", "side", "sides"])
            })
    });
    // (Not "200MB per file": a size, not a length.)
    let per_piece = (0..n).find(|&k| {
        c.is(k, &["per"])
            && c.is(
                k + 1,
                &["file", "part", "clip", "segment", "piece", "chunk"],
            )
            && (k.saturating_sub(3)..k)
                .any(|j| c.is(j, &["length", "duration"]) || c.time_at(j, false).is_some())
    });
    let sliced = (0..n).find(|&k| c.is(k, &["slice"]) && c.is(k + 1, &["by", "every", "into"]));
    if let Some(k) = each_long.or(per_piece).or(sliced).filter(|_| timed) {
        return Some((k, "split a file into several: trim each part with its own request (\"from 0:00 to 0:30\")"));
    }
    for k in pieces.filter(|_| timed && cutting) {
        let into = (k.saturating_sub(5)..k).any(|j| c.is(j, &["into", "in", "with"]));
        // "3 parts", "30 second pieces", "equal parts", "parts of at most a
        // minute": more than one ("split into segments" says it).
        let counted = c.num_before(k, 2).is_some()
            || (k.saturating_sub(3)..k).any(|j| c.time_at(j, false).is_some())
            || (k + 1..(k + 4).min(c.toks.len())).any(|j| c.is(j, &["max", "maximum", "each"]))
            || c.has(&["equal", "several", "multiple", "smaller"])
            || c.has(&["split", "splitting"]);
        if into && counted {
            return Some((k, "split a file into several: trim each part with its own request (\"from 0:00 to 0:30\")"));
        }
    }
    None
}

/// Requests said in phrases: "side by side", "next to each other", "black
/// and white ... to colour".
/// "the background music is too loud, it covers up the narration": the
/// music against the voice in one mix (music on a track of its own is a
/// track of several, refused as such).
fn music_over_speech(c: &Clause) -> Option<usize> {
    let music = c.find(&["music", "soundtrack"])?;
    mixed_under_speech(c).then_some(music)
}

/// The message for music too loud against speech in one mix.
pub(crate) const MUSIC_UNDER_SPEECH: &str = "change the level of music mixed under speech (the sound is one mix); it changes the volume of the whole sound or evens it out (\"normalize\")";

/// Over a whole request ("... too loud with the background music, it
/// almost covers up the key introductions"): the same.
pub(crate) fn music_over_speech_in(toks: &[Tok]) -> bool {
    let c = Clause::new(toks, &[]);
    c.has(&["music", "soundtrack"]) && mixed_under_speech(&c)
}

fn mixed_under_speech(c: &Clause) -> bool {
    let speech = c.has(&[
        "narration",
        "narrator",
        "voice",
        "voices",
        "speech",
        "talking",
        "speaker",
        "dialogue",
        "introductions",
    ]);
    let level = c.has(&[
        "loud",
        "louder",
        "cover",
        "drowns",
        "overpowers",
        "foreground",
    ]);
    speech && level && !c.has(&["track", "tracks"])
}

/// "convert Pixel motion photos into iPhone live photos", "a conversion
/// to google motion photos format": a Live Photo or motion photo to make.
fn live_photo_made(c: &Clause) -> Option<usize> {
    (1..c.toks.len().saturating_sub(1)).find(|&i| {
        let mut k = i;
        while k > 0 && c.is(k - 1, &["a", "an", "google", "iphone", "apple", "android"]) {
            k -= 1;
        }
        c.is(i, &["live", "motion"])
            && c.is(i + 1, &["image"])
            && c.is(k.wrapping_sub(1), &["to", "into", "as"])
    })
}

fn phrase(c: &Clause) -> Option<(usize, &'static str)> {
    if let Some(found) = what_it_shows(c) {
        return Some(found);
    }
    // "a text to speech service", "the text to be read aloud" ("every
    // text-to-speech audio has 2 s of silence": the sound it made).
    if let Some(i) = c
        .seq(&["text", "to", "speech"])
        .filter(|&i| !speech_made(c, i + 3))
        .or_else(|| c.find(&["aloud"]))
    {
        return Some((i, "turn text into speech"));
    }
    if let Some(found) = sound_effect(c) {
        return Some(found);
    }
    if let Some(i) = music_over_speech(c) {
        return Some((i, MUSIC_UNDER_SPEECH));
    }
    if let Some(i) = live_photo_made(c) {
        return Some((i, "make Live Photos or motion photos (a picture and its clip in one file); it can make the clip a GIF or an mp4"));
    }
    if let Some(found) = beyond_files(c) {
        return Some(found);
    }
    if let Some(found) = made_of_other_kind(c) {
        return Some(found);
    }
    if let Some(i) = c
        .seq(&["side", "by", "side"])
        .or_else(|| c.seq(&["next", "to", "each", "other"]))
    {
        return Some((i, "put clips side by side or in a grid"));
    }
    // "cut the video in half": two files (a picture's half is a crop).
    let halves = c
        .seq(&["in", "half"])
        .or_else(|| c.seq(&["into", "halves"]));
    let moving = c.sources.iter().any(|f| !f.is_still());
    if let (Some(h), true) = (halves, moving) {
        let measure = c.has(&[
            "size",
            "filesize",
            "bitrate",
            "resolution",
            "volume",
            "speed",
        ]);
        if c.has(&["cut", "split", "chop", "divide", "break"]) && !measure {
            return Some((h, "split a file into several: trim each part with its own request (\"the first half\", \"from 1:30 to the end\")"));
        }
    }
    if let Some(found) = several_pieces(c) {
        return Some(found);
    }
    if let Some(found) = collage(c) {
        return Some(found);
    }
    if let Some(k) = sound_added(c) {
        return Some((k, "add music to a video"));
    }
    // "add a 2 second black screen at the start": frames added.
    if let Some(k) = c.near(
        &["add", "insert", "put", "prepend", "append"],
        &["black"],
        4,
    ) {
        if c.has(&[
            "screen",
            "frame",
            "frames",
            "intro",
            "outro",
            "start",
            "end",
            "beginning",
        ]) {
            return Some((
                k,
                "add black frames or title cards; it can fade in from and out to black",
            ));
        }
    }
    // "make it black and white but keep the apple red": a colour splash
    // (the black and white may be in a clause of its own).
    const COLOURS: &[&str] = &["red", "blue", "green", "yellow", "orange", "pink", "purple"];
    let drawn = c.has(&[
        "watermark",
        "logo",
        "text",
        "font",
        "title",
        "border",
        "background",
    ]);
    let kept = c.near(
        &["keep", "keeping", "except", "leave", "leaving"],
        COLOURS,
        4,
    );
    if let (Some(k), false) = (kept, drawn) {
        return Some((
            k,
            "keep one colour while the rest turns black and white (colour splash)",
        ));
    }
    // "a monochrome photo; she wants me to add some colours to it".
    let added = c.near(&["add", "bring", "put", "restore"], &["color", "colors"], 3);
    let to_picture = c.has(&[
        "grayscale",
        "gray",
        "old",
        "it",
        "photo",
        "picture",
        "image",
    ]);
    if let (Some(a), true, false) = (added, to_picture, drawn) {
        return Some((a, "colourise pictures"));
    }
    let to_colour = c
        .seq(&["to", "color"])
        .or_else(|| c.seq(&["into", "color"]))
        .or_else(|| c.seq(&["to", "colored"]));
    if let (Some(g), Some(t)) = (c.find(&["grayscale", "gray"]), to_colour) {
        if g < t {
            return Some((g, "colourise pictures"));
        }
    }
    // "make it colored again", "make the photo colour again".
    if let Some(k) = c
        .near(
            &["make", "turn", "get"],
            &["colored", "coloured", "color", "colour"],
            4,
        )
        .filter(|_| c.has(&["again", "back"]))
    {
        return Some((k, "colourise pictures"));
    }
    None
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let say = |what: &str| Intent::Unsupported(what.to_string());
    // (Padding read already is no border refused.)
    let padded = out.iter().any(|(_, i)| i.family() == Some("pad"));
    if let Some((i, what)) = phrase(c).filter(|(_, what)| !(padded && *what == PADDING)) {
        out.push((i, say(what)));
        return;
    }
    if let Some((i, what)) = unknown_format(c) {
        out.push((i, Intent::Unsupported(what)));
        return;
    }
    if let Some(i) = ai_upscale(c) {
        out.push((i, say(AI_UPSCALE)));
        return;
    }
    if let Some(i) = pdf_split_by_size(c) {
        out.push((i, say(PDF_SPLIT_BY_SIZE)));
        return;
    }
    for u in LIST {
        let Some(i) = (0..c.toks.len())
            .find(|&i| !c.used[i] && c.is(i, u.triggers) && refused_at(c, u, i, padded))
        else {
            continue;
        };
        // "remove the audio" is not "remove the background".
        out.push((i, say(u.what)));
        c.take_all(u.triggers);
        return;
    }
    // "autocut a video into multiple 15s videos", "split it in n
    // segments": several files made of one.
    // ("cut the video into two halves", "split it in 3 parts".)
    let several = (0..c.toks.len()).any(|k| {
        c.is(k, &["into", "as", "in"])
            && (c.is(k + 1, &["multiple", "several", "n"])
                || c.num_at(k + 1).is_some_and(|n| (2.0..=100.0).contains(&n))
                    && c.is(
                        k + 2,
                        &[
                            "halves", "parts", "pieces", "segments", "chunks", "files", "clips",
                            "videos",
                        ],
                    ))
            && (k + 2..(k + 5).min(c.toks.len())).any(|j| {
                c.is(
                    j,
                    &[
                        "video", "videos", "vids", "files", "clips", "parts", "segments", "pieces",
                        "chunks", "halves", "uploads",
                    ],
                )
            })
    });
    if several && !c.has(&["merge", "join", "combine", "together"]) && !documents(c) {
        let i = c.find(&["multiple", "several", "n"]).unwrap_or(0);
        out.push((
            i,
            say("split a file into several: trim each part with its own request (\"from 0:00 to 0:30\")"),
        ));
        return;
    }
    // ("the original file would be deleted", "this plugin destroyed
    // everything": what happens or happened, told.)
    let deleting = (0..c.toks.len()).find(|&k| {
        c.is(k, &["delete", "erase", "wipe", "destroy"])
            && !c.toks[k].orig.to_ascii_lowercase().ends_with("ed")
    });
    if deleting.is_some()
        && c.has(&["file", "files", "everything", "all", "disk", "account"])
        // ("delete the covers from the mp3 files": the cover art goes.)
        && !c.has(&["metadata", "exif", "frame", "frames", "tags", "page", "pages"])
        // ("delete audio from video file": the sound goes.)
        && !c.has(&["audio", "sound", "music", "soundtrack", "voice", "watermark", "logo"])
        // ("delete everything up to the first marker": a part of the clip.)
        && !c.has(&["up", "until", "till", "marker", "part", "section", "between", "start", "end", "remaining"])
        && super::strip_metadata::cover_removed(c).is_none()
        && c.times(false).is_empty()
    {
        let i = deleting.unwrap_or(0);
        out.push((i, say("delete files; it only makes new files from yours")));
    }
}

/// What kiln says of splitting a PDF by size.
const PDF_SPLIT_BY_SIZE: &str = "split a PDF by file size; it splits by pages: every page on its own, or ranges such as \"pages 1-10\"";

/// "split a PDF by a maximum size", "split this pdf into chunks of 5 MB":
/// the parts measured in bytes, which kiln does not do.
fn pdf_split_by_size(c: &Clause) -> Option<usize> {
    let bytes = (0..c.toks.len()).any(|k| {
        matches!(c.toks[k].t, T::Qty(_, Unit::Mb | Unit::Kb | Unit::Gb))
            || c.is(k, &["size"]) && c.is(k.wrapping_sub(1), &["maximum", "max", "by", "target"])
    });
    // ("split it into single pages and compress them under 5 MB": by pages.)
    let by_pages = c.has(&["page", "pages"]) && !c.has(&["size"]);
    if !(documents(c) && bytes) || by_pages {
        return None;
    }
    (0..c.toks.len()).find(|&k| c.is(k, &["split", "splitting", "divide", "chunks"]))
}

/// How the refusal of splitting a clip begins.
const SPLIT_CLIP: &str = "split a file into several";

/// Whether the files are documents: a PDF is split by its pages.
fn documents(c: &Clause) -> bool {
    !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|f| f.kind() == crate::media::ops::MediaKind::Document)
}

/// Whether the unsupported thing named at `i` is asked for there: a word
/// of doing beside it, and no reason, description or purpose that says
/// otherwise. Every place it is named is tried ("I didn't hear the static
/// noise ... an awful humming/static noise").
fn refused_at(c: &Clause, u: &Unsupported, i: usize, padded: bool) -> bool {
    if padded && u.what == PADDING {
        return false;
    }
    if u.what.starts_with(SPLIT_CLIP) && documents(c) {
        return false;
    }
    if (!u.with.is_empty() && !c.has(u.with)) || c.has(u.unless) {
        return false;
    }
    // "delete the embedded album art", "I accidentally embedded a cover
    // image": the cover goes (`strip_metadata`).
    if u.what == EMBED_COVER && super::strip_metadata::cover_removed(c).is_some() {
        return false;
    }
    // "insert GIF into the cover image", "Embedded cover: 1600×2400": a
    // cover that is a picture, no art put into a sound file.
    let sound = c.sources.iter().any(|f| f.is_audio())
        || c.has(&[
            "mp3",
            "mp3s",
            "music",
            "song",
            "songs",
            "audio",
            "track",
            "tracks",
            "flac",
            "m4a",
            "m4b",
            "audiobook",
            "audiobooks",
            "podcast",
            "episode",
        ]);
    if u.what == EMBED_COVER && !sound {
        return false;
    }
    if u.what == ARCHIVES && !archive_asked(c, i) {
        return false;
    }
    // "blur the faces": a part of a picture acted on names the doing
    // near it ("people who ... without doing extra maths" asks nothing).
    // ("other peoples tv sets the audio volume changes": a doing after
    // the thing is its own verb unless it stands by it or is said of it,
    // "faces blurred".)
    let done_to = |j: usize| {
        c.is(j, DOING)
            && (j < i || j <= i + 2 || {
                let w = c.toks[j].orig.to_ascii_lowercase();
                w.ends_with("ed") || w.ends_with("ing")
            })
    };
    if u.with == DOING && !(i.saturating_sub(8)..=i + 8).any(done_to) {
        return false;
    }
    // "use short videos as background media without the worshipers
    // noticing": the word of doing goes with the thing, near it.
    // "without" and "just" go before what they leave or keep: "without
    // the background", "just the voice", not "I just noticed my voice".
    let with_it = |j: usize| {
        c.is(j, u.with)
            && !(c.is(j, &["without", "no"]) && j > i)
            && !(c.is(j, &["only", "just"]) && (j > i || i - j > 3))
    };
    if !u.with.is_empty() && !(i.saturating_sub(WITH_GAP)..=i + WITH_GAP).any(with_it) {
        return false;
    }
    // "letting the sketch run": a sketch made, not a look asked.
    if c.is(i, &["sketch"])
        && !c.has(&[
            "pencil", "effect", "filter", "like", "into", "drawing", "style", "look",
        ])
    {
        return false;
    }
    if meets_already(c, i) {
        return false;
    }
    if said_otherwise(c, i) {
        return false;
    }
    // "resize to 1080x1080 without cropping my face out": the face kept in
    // the picture, no face found or edited.
    let kept_whole = (i.saturating_sub(5)..i).any(|k| {
        c.is(
            k,
            &["crop", "cropping", "cut", "cutting", "chop", "chopping"],
        ) && (k.saturating_sub(2)..k).any(|n| c.is(n, &["without", "not", "no", "dont", "never"]))
    });
    if kept_whole {
        return false;
    }
    // "frames for our ML dataset", "a 16 kHz wav for speech
    // recognition": what the file is for, beside what is asked.
    let purpose = (i.saturating_sub(3)..i).any(|k| c.is(k, &["for"]))
        && c.is(
            i + 1,
            &[
                "dataset",
                "datasets",
                "training",
                "recognition",
                "model",
                "models",
                "research",
                "analysis",
                "pipeline",
            ],
        );
    if purpose {
        return false;
    }
    // "cut the last 5 seconds, there's a watermark at the end": the
    // thing is described ("there is"), the verb has its own object.
    let there = (i.saturating_sub(3)..i).find(|&k| c.is(k, &["there"]));
    if there.is_some_and(|t| c.times(false).iter().any(|&(k, _)| k < t)) {
        return false;
    }
    true
}

/// "convert the .emd file into .ser files", "export osv to mp4": a kind of
/// file kiln does not know, read or made.
fn unknown_format(c: &Clause) -> Option<(usize, String)> {
    // "then images to pptx", "save a copy in PDF/A": documents kiln reads or
    // makes PDFs of, but does not write.
    if let Some(found) = office_target(c) {
        return Some(found);
    }
    const CONVERTING: &[&str] = &["convert", "export", "transcode", "save", "turn", "change"];
    if !c.has(CONVERTING) {
        return None;
    }
    let strange = |j: usize| {
        c.w(j).filter(|w| {
            (2..=5).contains(&w.len())
                && w.chars().all(|ch| ch.is_ascii_alphanumeric())
                && w.chars().any(|ch| ch.is_ascii_alphabetic())
                && !crate::planner::lexicon::is_known(w)
                // ("convert these DjVu books to PDF": a word, no format;
                // "export them all to FITS": a format's name in capitals.)
                && (!crate::planner::lexicon::is_english(w)
                    || c.toks[j].orig.chars().all(|ch| ch.is_ascii_uppercase()))
        })
    };
    let ends = |j: usize| {
        j >= c.toks.len()
            || matches!(c.toks[j].t, T::Sep)
            || c.is(j, &["file", "files", "format", "and", "or"])
    };
    for k in 0..c.toks.len() {
        if !c.is(k, &["to", "into"]) {
            continue;
        }
        // ("convert a PNG to a ZPL file": named as a format; "added to the
        // app", "burn it to a CD": places.)
        let (at, named_as) = if c.is(k + 1, &["a", "an", "the"]) {
            (k + 2, c.is(k + 3, &["file", "files", "format"]))
        } else {
            (k + 1, ends(k + 2))
        };
        if let Some(w) = strange(at).filter(|_| named_as) {
            return Some((at, format!("write {} files", w.to_uppercase())));
        }
        let named = c.w(k + 1).and_then(crate::planner::lexicon::format_word);
        if let (Some(w), Some(_), true) = (strange(k.wrapping_sub(1)), named, c.sources.is_empty())
        {
            return Some((k - 1, format!("read {} files", w.to_uppercase())));
        }
    }
    None
}

/// An office document or an archival PDF asked as the file to make.
fn office_target(c: &Clause) -> Option<(usize, String)> {
    const OFFICE: &[&str] = &[
        "pptx",
        "ppt",
        "docx",
        "doc",
        "xlsx",
        "xls",
        "odt",
        "odp",
        "ods",
        "powerpoint",
    ];
    let pdf_a = (0..c.toks.len()).find(|&k| {
        let orig = c.toks[k].orig.to_ascii_lowercase();
        matches!(orig.as_str(), "pdfa" | "pdfas" | "pdf/a")
            || c.is(k, &["pdf"])
                && c.toks.get(k + 1).is_some_and(|t| t.orig == "/")
                && c.toks
                    .get(k + 2)
                    .is_some_and(|t| t.orig.eq_ignore_ascii_case("a"))
    });
    if let Some(k) = pdf_a {
        return Some((
            k,
            "write PDF/A; it can compress, merge and split PDFs".into(),
        ));
    }
    let k = (0..c.toks.len()).find(|&k| {
        c.is(k, &["to", "into"])
                && c.is(k + 1, OFFICE)
                && !c.is(k + 2, &["to", "into"])
                // ("our documents are saved to .odt": what they are.)
                && !c.is(k.wrapping_sub(1), &["saved", "stored", "save", "store"])
    })?;
    let w = c.toks[k + 1].orig.trim_start_matches('.').to_uppercase();
    Some((
        k + 1,
        format!("write {w} files; it turns office files into PDF, and PDF pages into pictures"),
    ))
}

/// "combine these pictures into one image", "combining photos into one":
/// a collage.
/// "add soundtrack to the timelapse video", "add an audio to a muted
/// video": a sound laid under a video (the vocabulary reads a soundtrack as
/// audio, so the music refusal does not see it).
fn sound_added(c: &Clause) -> Option<usize> {
    let k = c.near(&["add", "adding", "put", "insert"], &["audio", "sound"], 3)?;
    let onto = (k + 1..(k + 7).min(c.toks.len())).any(|j| {
        c.is(j, &["to", "onto", "over", "under"])
            && (j + 1..(j + 4).min(c.toks.len())).any(|v| {
                c.is(
                    v,
                    &["video", "videos", "timelapse", "clip", "movie", "slideshow"],
                )
            })
    });
    let about_the_sound = c.has(&[
        "delay",
        "gain",
        "conversion",
        "downmix",
        "compression",
        "volume",
    ]);
    (onto && !about_the_sound).then_some(k)
}

fn collage(c: &Clause) -> Option<(usize, &'static str)> {
    let pictures = c.sources.len() > 1 && c.sources.iter().all(|f| f.is_still());
    let one_picture = c
        .seq(&["one", "image"])
        .or_else(|| c.seq(&["single", "image"]))
        .or_else(|| c.seq(&["one", "picture"]))
        .or_else(|| c.seq(&["single", "picture"]))
        .or_else(|| c.seq(&["one", "photo"]))
        // "combining different photos into one, usually three at a time".
        .or_else(|| {
            c.seq(&["into", "one"]).filter(|&k| {
                c.has(&["image", "picture", "photo"])
                    && !c.is(k + 2, &["video", "gif", "pdf", "file", "movie", "document"])
                    && !c.has(&[
                        "video",
                        "gif",
                        "pdf",
                        "slideshow",
                        "movie",
                        "animation",
                        "mp4",
                    ])
            })
        });
    // "one spritesheet from the frames", "a contact sheet": pictures tiled.
    let sheet = c
        .seq(&["sprite", "sheet"])
        .or_else(|| c.seq(&["contact", "sheet"]))
        .filter(|&k| !app_or_unwanted(c, k));
    if let Some(k) = sheet {
        return Some((k, "make collages, split screens or picture-in-picture"));
    }
    if let Some(k) = pages_on_one(c) {
        return Some((k, "lay several pages or pictures out on one page (handouts, collages); it merges PDFs page after page"));
    }
    let (true, Some(k)) = (pictures, one_picture) else {
        return None;
    };
    (c.has(&["combine", "merge", "join", "put", "stitch", "into"]) && !c.has(&["pdf"]))
        .then_some((k, "make collages, split screens or picture-in-picture"))
}

/// "3 or 6 slides per A4 page", "merge multiple pages into one": several
/// pages or pictures laid out on one page (not "one image per page").
fn pages_on_one(c: &Clause) -> Option<usize> {
    let several = |k: usize| {
        matches!(c.toks.get(k).map(|t| &t.t), Some(T::Num(n)) if *n >= 2.0)
            || c.is(k, &["multiple", "several", "many", "two", "both"])
    };
    let per_page = (2..c.toks.len()).find(|&k| {
        c.is(k, &["per"])
            && (k + 1..(k + 3).min(c.toks.len())).any(|j| c.is(j, &["page", "sheet"]))
            && c.is(
                k - 1,
                &[
                    "slide", "slides", "page", "pages", "image", "picture", "photo",
                ],
            )
            && several(k - 2)
    });
    let into_one = c.seq(&["pages", "into", "one"]).filter(|&k| {
        several(k.wrapping_sub(1))
            && c.has(&["merge", "combine", "put", "join"])
            && !c.is(k + 3, &["pdf", "document", "file", "video", "gif"])
    });
    per_page.or(into_one)
}

/// The trigger at `i` told of the files or what made them: parts a camera
/// made, a collection kept ("my archive of recordings"), a list's filters
/// beside documents.
fn told_of_the_files(c: &Clause, i: usize) -> bool {
    // "the cameras split the recordings into 4GB files", "it records in 5
    // minute segments" beside the parts sent: what made the parts, which
    // are to be joined.
    if c.is(
        i,
        &[
            "split",
            "splitting",
            "chunks",
            "divide",
            "separate",
            "segments",
            "pieces",
        ],
    ) && (c.sources.len() > 1
        || (i.saturating_sub(4)..i).any(|k| {
            c.is(
                k,
                &[
                    "camera",
                    "cameras",
                    "gopro",
                    "dashcam",
                    "it",
                    "they",
                    "which",
                    "automatically",
                    "records",
                ],
            )
        }))
    {
        return true;
    }
    // "The translated docs are huge": files made so already, described.
    let participle = c.toks[i].is_participle()
        && c.is(
            i + 1,
            &[
                "docs",
                "doc",
                "documents",
                "document",
                "files",
                "file",
                "video",
                "videos",
                "text",
                "texts",
                "version",
                "versions",
                "audio",
                "pdf",
                "pdfs",
                "copy",
                "copies",
            ],
        )
        && (i == 0
            || c.is(
                i - 1,
                &["the", "these", "those", "my", "our", "their", "your"],
            ))
        && !c.has(&["want", "need", "like", "make", "create", "get", "give"]);
    if participle {
        return true;
    }
    // "my archive of recordings", "keep the flac files as an archive": a
    // collection kept, no archive file made.
    if c.is(i, &["archive"])
        && (c.is(i.wrapping_sub(1), &["my", "our", "their", "your"])
            || c.is(i.wrapping_sub(2), &["as"]) && c.is(i.wrapping_sub(1), &["an"]))
    {
        return true;
    }
    // "apply filters and consolidate the invoices" of PDFs: a list's
    // filters, no look for a picture.
    if c.is(i, &["filter", "filters"])
        && !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|f| f.kind() == crate::media::ops::MediaKind::Document)
    {
        return true;
    }
    false
}

/// "the TTS output", "text-to-speech audio": sound speech synthesis made
/// (the word after the name at `k`), a file to work on.
fn speech_made(c: &Clause, k: usize) -> bool {
    c.is(
        k,
        &[
            "audio",
            "output",
            "file",
            "files",
            "voice",
            "clip",
            "clips",
            "message",
            "messages",
            "recording",
            "recordings",
        ],
    )
}

/// "this translates into podcasts that are unlistenable": becomes; "an
/// audiobook, human-narrated": how it was made.
fn becomes_or_made(c: &Clause, i: usize) -> bool {
    c.is(i, &["translate"])
        && c.is(i + 1, &["to", "into"])
        && !c.toks.get(i + 2).is_some_and(|t| {
            t.is_any(LANGUAGES) || t.is_any(&["another", "other", "different", "my", "our"])
        })
        || c.is(i, &["narrate", "dub"]) && c.toks[i].orig.to_ascii_lowercase().ends_with("ed")
        || c.is(i, &["tts"]) && speech_made(c, i + 1)
        || c.seq(&["text", "to", "speech"])
            .is_some_and(|s| (s..s + 3).contains(&i) && speech_made(c, s + 3))
}

/// "keep archiving my JPGs", "archived footage", "what format is
/// archival?": kept for the long term, no archive file; one is said with
/// its kind ("a zip archive", "extract the archive", "archive files").
fn archive_kept(c: &Clause, i: usize) -> bool {
    if !c.is(i, &["archive"]) {
        return false;
    }
    let orig = c.toks[i].orig.to_ascii_lowercase();
    matches!(orig.as_str(), "archiving" | "archived")
        || !c.has(&[
            "zip",
            "unzip",
            "rar",
            "tar",
            "7z",
            "extract",
            "unpack",
            "decompress",
            "uncompress",
        ]) && !c.is(i + 1, &["file", "files"])
}

/// What AI upscaling is refused with.
const AI_UPSCALE: &str =
    "add detail with AI upscaling; it can resize (\"2x\", \"1080p\") without adding detail";

/// "upscale it with waifu2x", "upscale with upscayl", "AI upscaling":
/// detail invented by a model ("upscale" alone reads as a resize).
fn ai_upscale(c: &Clause) -> Option<usize> {
    let orig = |k: usize| c.toks[k].orig.to_ascii_lowercase();
    let i = (0..c.toks.len()).find(|&k| orig(k).starts_with("upscal"))?;
    // ("upscale it, no AI": plain resizing.)
    let model = (0..c.toks.len()).any(|k| {
        matches!(
            orig(k).as_str(),
            "ai" | "neural" | "waifu2x" | "upscayl" | "esrgan" | "realesrgan" | "gan" | "topaz"
        ) && !c.is(k.wrapping_sub(1), &["no", "without", "not"])
    });
    model.then_some(i)
}

/// "... smaller before downloading", "Downloading Opus audio with
/// youtube-dl results in ...", "Using youtube-dl to download the video
/// retrieves 30 fps", "I managed to download only ...": a doing told
/// along the way (by its -ing form or as done), not one asked.
fn done_along(c: &Clause, i: usize) -> bool {
    let ing = |k: usize| c.toks[k].is_gerund();
    let opens = |k: usize| k == 0 || matches!(c.toks[k - 1].t, T::Sep);
    c.is(i.wrapping_sub(1), &["before", "after", "without", "by"]) && ing(i)
        || opens(i)
            && ing(i)
            && (i + 2..(i + 6).min(c.toks.len())).any(|k| c.is(k, &["with", "using", "via"]))
        || (i.saturating_sub(4)..i).any(|k| opens(k) && c.is(k, &["using", "with"]))
            && c.is(i.wrapping_sub(1), &["to"])
        || c.is(i.wrapping_sub(1), &["to"]) && c.is(i.wrapping_sub(2), &["managed", "tried"])
}

/// The trigger at `i` said of something else: an amount, a relative
/// "who", a caption of a picture, a comparison, a model's name, a noun
/// ("background noise", "an anime video"), files kept ("archiving").
fn said_otherwise(c: &Clause, i: usize) -> bool {
    if app_or_unwanted(c, i) || idiom_or_kind(c, i) || done_along(c, i) {
        return true;
    }
    // "at HD that translates to more than 600 MB": amounts to.
    if c.is(i, &["translate"])
        && c.is(i + 1, &["to", "into"])
        && c.toks.get(i + 2).is_some_and(|t| {
            matches!(t.t, T::Num(_) | T::Qty(..))
                || t.is_any(&["more", "less", "about", "roughly", "around", "over"])
        })
    {
        return true;
    }
    if becomes_or_made(c, i) {
        return true;
    }
    // "while adding the song to my video it said ...": what was being done
    // when it happened.
    let doing = (i.saturating_sub(4)..i).any(|k| {
        (k == 0 || matches!(c.toks[k - 1].t, T::Sep))
            && c.is(k, &["while", "when", "whilst", "after"])
            && c.toks.get(k + 1).is_some_and(Tok::is_gerund)
    });
    if doing {
        return true;
    }
    // "When I download a video I get a WEBP", "every time I download":
    // what the person does, told.
    if c.is(i.wrapping_sub(1), &["i", "we", "you"])
        && (i.saturating_sub(4)..i.saturating_sub(1))
            .any(|k| c.is(k, &["when", "whenever", "time", "after", "once"]))
    {
        return true;
    }
    // "a clip that i download from the internet plays fine", "One reason I
    // download online courses": what the person does anyway, told ("can I
    // download ...", "how do we rip ..." ask).
    if c.is(i.wrapping_sub(1), &["i", "we"])
        && !c.is(
            i.wrapping_sub(2),
            &[
                "can", "could", "how", "may", "do", "should", "would", "shall",
            ],
        )
    {
        return true;
    }
    // "when an object is detected I'd like a quick review": an event the
    // file comes from, not a detection asked.
    let event = (i.saturating_sub(5)..i).any(|k| c.is(k, &["when", "whenever", "once"]))
        && (i + 1..(i + 4).min(c.toks.len())).any(|k| {
            c.is(k.wrapping_sub(1), &["is", "are", "be", "get", "gets"])
                && c.toks[k].orig.to_ascii_lowercase().ends_with("ed")
        });
    if event {
        return true;
    }
    // "add a profile for higher bitrate audio for music": music named, not
    // added ("add background music", "put a song on it" add it).
    if c.is(i, &["music", "song", "soundtrack"])
        && !(i.saturating_sub(4)..i)
            .any(|k| c.is(k, &["add", "put", "overlay", "mix", "insert", "background"]))
    {
        return true;
    }
    // "300 dpi" beside the pixels asked: the print mark, set with them.
    // "from 600 dpi to 300 dpi": pixels scaled in that ratio.
    let dpis = (0..c.toks.len())
        .filter(|&k| c.is(k, &["dpi", "ppi"]) && c.num_at(k.wrapping_sub(1)).is_some())
        .count();
    if c.is(i, &["dpi", "ppi"]) && dpis == 2 {
        return true;
    }
    if c.is(i, &["dpi", "ppi"])
        && (c.qty(crate::planner::tokens::Unit::Px).is_some()
            || c.dims().is_some()
            || c.has(&["pixels", "kb", "mb"]))
    {
        return true;
    }
    // "zoomed in on", "like the zoom": a view, not an effect asked.
    if c.is(i, &["zoom", "zooming", "zoomed"])
        && (c.toks[i].orig.to_ascii_lowercase().ends_with("ed")
            || c.is(i.wrapping_sub(1), &["the"]))
    {
        return true;
    }
    // "a gif from scratch": anew.
    if c.is(i, &["scratch"]) && c.is(i.wrapping_sub(1), &["from"]) {
        return true;
    }
    if people_or_unneeded(c, i) {
        return true;
    }
    // "add a caption" to a GIF or a picture: text on it, no subtitles.
    let stills = !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|f| f.is_still() || *f == crate::media::ops::Format::Gif);
    if c.is(i, &["caption", "captions"]) && stills {
        return true;
    }
    if archive_kept(c, i) {
        return true;
    }
    // "Boomerang and Rewind ... these two video filters": the steps
    // named before, pointed back to.
    if c.is(i, &["filter", "filters"])
        && (i.saturating_sub(3)..i).any(|j| c.is(j, &["these", "those"]))
    {
        return true;
    }
    if told_of_the_files(c, i) {
        return true;
    }
    // "considerably better than ZIP", "like a zip": compared, not asked.
    if c.is(i.wrapping_sub(1), &["than"]) {
        return true;
    }
    // "the audio portion of a video": the whole track, not a section.
    if c.is(i, &["part", "portion"]) && c.is(i.wrapping_sub(1), &["audio", "sound"]) {
        return true;
    }
    // "a Sony HDR-CX110": a model's name.
    let model = c.toks.get(i + 1).is_some_and(|t| {
        t.orig.chars().any(|ch| ch.is_ascii_digit())
            && t.orig.chars().any(|ch| ch.is_ascii_alphabetic())
    });
    if model {
        return true;
    }
    // "the background video", "background noise": a noun, not the
    // picture's background.
    if c.is(i, &["background", "bg"])
        && c.is(
            i + 1,
            &[
                "video", "music", "noise", "sound", "audio", "track", "hum", "layer",
            ],
        )
    {
        return true;
    }
    shown_or_device(c, i)
}

/// "zip these files", "make a zip of them", "extract the rar": an archive
/// made or opened; not "unzipping my jacket", "(within .zip file)" nor
/// "wrapping the pdf in a zip", which ask for none.
fn archive_asked(c: &Clause, i: usize) -> bool {
    let made = (i.saturating_sub(4)..(i + 4).min(c.toks.len())).any(|k| {
        c.is(
            k,
            &[
                "make",
                "create",
                "open",
                "extract",
                "unpack",
                "pack",
                "decompress",
            ],
        )
    });
    let verb = matches!(
        c.toks[i].orig.to_ascii_lowercase().as_str(),
        "zip" | "unzip"
    ) && (i == 0
        || matches!(c.toks[i - 1].t, T::Sep)
        || c.is(i - 1, &["to", "please", "and", "then", "you", "i", "we"]))
        && c.is(
            i + 1,
            &[
                "it", "them", "these", "those", "the", "all", "up", "my", "this", "each", "every",
            ],
        );
    made || verb
}

/// "I interviewed Rob on Zoom", "a Zoom recording": the meeting app;
/// "the Pixellate tools", "in Mosaic view": a tool or a view named;
/// "frames into separate pngs instead of a sprite sheet": what is not
/// wanted.
fn app_or_unwanted(c: &Clause, i: usize) -> bool {
    let app = c.is(i, &["zoom"])
        && (c.is(i.wrapping_sub(1), &["on", "via", "over", "from", "through"])
            || c.is(
                i + 1,
                &[
                    "call",
                    "calls",
                    "meeting",
                    "meetings",
                    "recording",
                    "recordings",
                    "cloud",
                ],
            ));
    // "Similar to the Invert or Pixellate tools", "in Mosaic view": a tool
    // or a view named in capitals, nothing asked of it.
    let named = i > 0
        && !matches!(c.toks[i - 1].t, T::Sep)
        && c.toks[i]
            .orig
            .starts_with(|ch: char| ch.is_ascii_uppercase())
        && c.is(
            i + 1,
            &["tool", "tools", "shader", "shaders", "view", "mode"],
        );
    app || named
        || (i.saturating_sub(4)..i)
            .any(|k| c.is(k, &["instead", "rather"]) && c.is(k + 1, &["of", "than"]))
}

/// "What can I do to straighten it out?": put right, nothing turned;
/// "send it as voice message": the kind of message, no voice changed.
fn idiom_or_kind(c: &Clause, i: usize) -> bool {
    let put_right = c.is(i, &["straighten"]) && (c.is(i + 1, &["out"]) || c.is(i + 2, &["out"]));
    let kind = c.is(i, &["voice"])
        && c.is(
            i + 1,
            &[
                "message", "messages", "memo", "memos", "note", "notes", "call", "calls", "chat",
                "mail", "recorder",
            ],
        );
    put_right || kind
}

/// "watch some very old cartoons", "an anime video", "my vintage footage":
/// what the files show; "shown by the Echo Show": a device.
fn shown_or_device(c: &Clause, i: usize) -> bool {
    if c.is(i, &["echo"]) && c.is(i + 1, &["show", "dot", "spot", "device"]) {
        return true;
    }
    if c.is(i, &["cartoon"]) && c.toks[i].orig.to_ascii_lowercase().ends_with('s') {
        return true;
    }
    // "sounding like cartoon characters", "faded in shades of sepia",
    // "useful for anime and manga", "Google Sketch-Up": what something is
    // like, a colour it has, what files hold, an app; no look asked.
    if c.is(i, &["cartoon"]) && c.is(i + 1, &["character", "characters", "voice", "voices"])
        || c.is(i, &["sepia"]) && c.is(i.wrapping_sub(1), &["of"])
        || c.is(i, &["anime", "cartoon"]) && c.is(i.wrapping_sub(1), &["for", "with"])
        || c.is(i, &["sketch"]) && c.is(i + 1, &["up"])
    {
        return true;
    }
    c.is(i, &["anime", "cartoon", "vintage", "retro"])
        && c.is(
            i + 1,
            &[
                "video", "videos", "clip", "clips", "movie", "movies", "episode", "episodes",
                "series", "footage", "film", "films", "show",
            ],
        )
}

/// "various people that add silence", "people who still send videos":
/// people who do something, not people acted on; "syncing isn't needed":
/// a thing said not to matter.
fn people_or_unneeded(c: &Clause, i: usize) -> bool {
    // "various people that add silence", "no sane person wants ...":
    // people who do something, not people acted on.
    if c.is(i, &["person", "people", "persons"])
        && c.is(
            i + 1,
            &[
                "that",
                "who",
                "which",
                "want",
                "wants",
                "are",
                "is",
                "was",
                "were",
                "have",
                "has",
                "do",
                "does",
                "can",
                "could",
                "will",
                "would",
                "should",
                "use",
                "uses",
                "using",
                "need",
                "needs",
                "like",
                "add",
                "adds",
                "upload",
                "uploads",
                "send",
                "sends",
                "watch",
                "watching",
                "see",
                "think",
                "prefer",
                "complain",
                "complained",
                "ask",
                "asked",
                "say",
                "said",
            ],
        )
    {
        return true;
    }
    // "audio track syncing isn't needed": a thing said not to matter.
    let unneeded = (i + 1..(i + 4).min(c.toks.len())).any(|k| {
        c.is(k, &["not", "isn't", "isnt", "aren't", "arent", "no"])
            && c.is(
                k + 1,
                &[
                    "needed",
                    "necessary",
                    "required",
                    "important",
                    "wanted",
                    "longer",
                ],
            )
    });
    if unneeded {
        return true;
    }
    // "people who still send videos": a relative "who" asks no one's name.
    if c.is(i, &["who"]) && i > 0 && !c.is(i + 1, &["is", "are", "was", "this", "that", "it"]) {
        return true;
    }
    false
}
