//! Tokens: the prompt as words, numbers with units, sizes, clock times,
//! ratios, quoted text and separators. Typos are corrected against the
//! planner's vocabulary here, and synonyms mapped to one lemma.

use super::lexicon;

/// Units a number can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Px,
    Pct,
    /// `720p`
    P,
    Mb,
    Kb,
    Gb,
    /// `1.5x`, `2 times`
    X,
    Deg,
    Sec,
    Fps,
    Db,
    /// `4k`, `128k`
    K,
    /// `128kbps`: a bitrate in kilobits per second.
    Kbps,
    /// `44.1 kHz`: a rate in hertz (a sample rate, or a refresh rate).
    Hz,
}

#[derive(Debug, Clone, PartialEq)]
pub enum T {
    /// A word, lowercased, typo-corrected and mapped to its lemma.
    Word(String),
    /// A bare number.
    Num(f64),
    /// A number with a unit; times are in seconds.
    Qty(f64, Unit),
    /// `1280x720`
    Dims(u32, u32),
    /// `a:b`: a clock time (`secs`) and, if it reads as one, a ratio.
    Clock {
        secs: f64,
        ratio: Option<(u32, u32)>,
    },
    /// Text in quotes, original case.
    Quote(String),
    /// `,` `;` `.` `!` `?` `:` and the like.
    Sep,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tok {
    pub t: T,
    /// The token as written (original case), for watermark text.
    pub orig: String,
}

impl Tok {
    pub fn word(&self) -> Option<&str> {
        match &self.t {
            T::Word(w) => Some(w),
            _ => None,
        }
    }
    pub fn is_any(&self, ws: &[&str]) -> bool {
        self.word().is_some_and(|x| ws.contains(&x))
    }

    /// Whether the word was written as a past participle ("trimmed").
    pub fn is_participle(&self) -> bool {
        self.orig.to_lowercase().ends_with("ed")
    }

    /// Whether the word was written as an "-ing" form ("working").
    pub fn is_gerund(&self) -> bool {
        self.orig.to_lowercase().ends_with("ing")
    }
}

/// Web and mail addresses and handles ("www.mysite.com", "ann@mail.com"),
/// quoted where they are not already: they are text as written, never
/// words or file names.
fn quote_addresses(prompt: &str) -> String {
    const TLDS: &[&str] = &[
        "com", "org", "net", "io", "co", "de", "uk", "fr", "me", "tv", "app", "dev", "info", "biz",
        "us", "ca", "au", "edu", "gov", "ly", "eu", "nl", "es", "it",
    ];
    if prompt.contains(['"', '“', '«']) {
        return prompt.to_string();
    }
    let is_address = |w: &str| {
        let l = w.to_lowercase();
        let host = l
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or("");
        let labels: Vec<&str> = host.split('.').collect();
        let web = l.starts_with("http://")
            || l.starts_with("https://")
            || l.starts_with("www.") && labels.len() >= 3
            || labels.len() >= 2
                && labels.last().is_some_and(|t| TLDS.contains(t))
                && labels.iter().all(|p| {
                    !p.is_empty()
                        && p.chars()
                            .all(|c| c.is_alphanumeric() || c == '-' || c == '@')
                });
        web && labels.iter().all(|p| !p.is_empty())
    };
    let mut out = String::with_capacity(prompt.len() + 8);
    for (k, piece) in prompt.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let core = piece.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
        if is_address(core) {
            out.push('"');
            out.push_str(core);
            out.push('"');
            out.push_str(&piece[core.len()..]);
        } else {
            out.push_str(piece);
        }
    }
    out
}

/// Whether quoted `q`, written after `before`, marks words of the request
/// rather than text to add.
fn marks_words(before: &str, q: &str) -> bool {
    let last = before
        .split_whitespace()
        .last()
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // "add \"hello\" at the bottom": what is added is text ("can you add
    // \"Convert stereo samples to mono samples?\"" names a feature).
    if matches!(
        last.as_str(),
        "add" | "put" | "write" | "show" | "display" | "print" | "stamp"
    ) {
        return words.len() >= 4
            && words
                .first()
                .is_some_and(|w| lexicon::discourse::VERBS.contains(&w.as_str()));
    }
    let led = matches!(
        last.as_str(),
        "use" | "type" | "run" | "try" | "set" | "enter" | "command" | "option" | "flag" | "as"
    );
    let known = words.len() <= 3
        && words
            .iter()
            .all(|w| lexicon::is_known(w) || w.chars().all(|c| c.is_ascii_digit() || c == 'x'));
    // "Split my file in 30s intervals": a request, quoted.
    let request = words
        .first()
        .is_some_and(|w| lexicon::discourse::VERBS.contains(&w.as_str()));
    // "\"How to convert audio files into mp3 ?\" (or other)": a question,
    // quoted.
    let question = q.trim_end().ends_with('?')
        && words.len() >= 3
        && words.first().is_some_and(|w| {
            matches!(
                w.as_str(),
                "how" | "can" | "could" | "is" | "what" | "why" | "does" | "do" | "which"
            )
        });
    led || known || request || question || quoted_need(q)
}

/// "at '00:01:30.00'": a moment or a number, quoted; never text to add.
fn figure(q: &str) -> bool {
    q.chars().any(|c| c.is_ascii_digit())
        && q.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ','))
}

/// "the form says \"the image should be less than 100kb\"": a need, quoted.
fn quoted_need(q: &str) -> bool {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.len() >= 4
        && words.iter().any(|w| {
            matches!(
                w.as_str(),
                "should"
                    | "must"
                    | "needs"
                    | "need"
                    | "less"
                    | "under"
                    | "max"
                    | "maximum"
                    | "accepts"
                    | "allowed"
                    | "exceeds"
                    | "supports"
                    | "between"
            )
        })
}

/// Words that say text is being added: quotes near them are the text.
const TEXT_WORDS: &[&str] = &[
    "text",
    "watermark",
    "caption",
    "title",
    "label",
    "write",
    "saying",
    "says",
    "say",
    "words",
    "overlay",
    "stamp",
    "signature",
    "copyright",
    "©",
    "credit",
    "name",
    "sign",
    "quote",
    "message",
    "tag",
    "handle",
    "url",
    "@",
];

/// Longest prompt the planner reads (the API allows 2000 characters).
const MAX_CHARS: usize = 4000;

/// "\"I don't want to convert the whole video.\" \"I want to skip the
/// first 30 seconds...\"": the person's own request quoted, read as words.
fn own_words(q: &str) -> bool {
    let first = q.split_whitespace().next().unwrap_or("");
    matches!(first, "I" | "I'd" | "I'm" | "We" | "My") && q.split_whitespace().count() >= 5
}

/// Splits a prompt into tokens.
pub fn tokenize(prompt: &str) -> Vec<Tok> {
    let prompt: String = prompt.chars().take(MAX_CHARS).collect();
    let prompt = comparisons_in_words(&prompt);
    let prompt = octets(&prompt);
    let prompt = without_emphasis(&prompt);
    let prompt = quote_addresses(&prompt);
    let mut out = Vec::new();
    // Quoted text first: it keeps its case and is never read as words.
    let mut rest = String::with_capacity(prompt.len());
    let chars: Vec<char> = prompt.chars().collect();
    let mut i = 0;
    let mut pieces: Vec<(String, Option<String>)> = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        let close = match c {
            // ("a 2.0625" wide print", a 27" monitor: inches, no quote.)
            '"' if i == 0 || !chars[i - 1].is_ascii_digit() => Some('"'),
            '“' => Some('”'),
            '‘' => Some('’'),
            '«' => Some('»'),
            '\'' if i == 0 || !chars[i - 1].is_alphanumeric() => Some('\''),
            _ => None,
        };
        if let Some(close) = close {
            let end = (i + 1..chars.len()).find(|&j| {
                chars[j] == close
                    && (close != '\'' || j + 1 == chars.len() || !chars[j + 1].is_alphanumeric())
            });
            if let Some(end) = end {
                let inner: String = chars[i + 1..end].iter().collect();
                if !inner.trim().is_empty() {
                    pieces.push((std::mem::take(&mut rest), Some(inner.trim().to_string())));
                    i = end + 1;
                    continue;
                }
            }
        }
        rest.push(c);
        i += 1;
    }
    pieces.push((rest, None));
    // Quoted text is kept as written ("add the text \"Hello\""), unless it
    // only marks words of a request: after "use", "type", "set"... ("use
    // \"images to video 3\"") or a few known words ("set \"Start\" at 0:02").
    let lower = prompt.to_lowercase();
    // Words as meant: "watremark" is a watermark.
    let meant: Vec<String> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '©' || c == '@'))
        .map(|w| match TEXT_WORDS.contains(&w) {
            true => w.to_string(),
            false => lexicon::correct(w),
        })
        .collect();
    let text_context = meant.iter().any(|w| TEXT_WORDS.contains(&w.as_str()))
        || lower.contains('©')
        || lower.contains('@');
    for (text, quote) in pieces {
        plain_tokens(&text, &mut out);
        if let Some(q) = quote {
            let strong_text = lower.contains("text ")
                || meant
                    .iter()
                    .any(|w| matches!(w.as_str(), "watermark" | "caption" | "overlay" | "stamp"));
            if !text_context && marks_words(&text, &q)
                || !strong_text && (quoted_need(&q) || own_words(&q))
                || figure(&q)
            {
                plain_tokens(&q, &mut out);
            } else {
                out.push(Tok {
                    orig: q.clone(),
                    t: T::Quote(q),
                });
            }
        }
    }
    let passes: [fn(Vec<Tok>) -> Vec<Tok>; 31] = [
        decades,
        clock_ranges,
        no_objection,
        pixels_by_pixels,
        printed_sizes,
        quoted_formats,
        channel_layouts,
        keep_doing,
        storage_names,
        format_lists,
        unit_said_once,
        merge_units,
        // (Again: "900 pixels by 600 pixels" is pixels only once merged.)
        pixels_by_pixels,
        rate_in_words,
        both_axes,
        progressive_rates,
        ordinal_times,
        spoken_lengths,
        inherit_units,
        megabytes,
        bitrate_sizes,
        format_bitrates,
        fraction_sizes,
        lighter_files,
        fillers,
        super::framing::reframe,
        add_a_feature,
        hertz_for_kilohertz,
        tempo_not_bitmap,
        speed_times,
        backward_then_forward,
    ];
    passes.iter().fold(out, |toks, pass| pass(toks))
}

/// "1:05-1:10": two clock times written as a range, read "1:05 to 1:10".
fn clock_ranges(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    for t in toks {
        if let (
            Some(Tok {
                t: T::Clock { secs: a, .. },
                ..
            }),
            T::Clock { secs: b, .. },
        ) = (out.last(), &t.t)
        {
            if b > a {
                out.push(Tok {
                    orig: "-".into(),
                    t: T::Word("to".into()),
                });
            }
        }
        out.push(t);
    }
    out
}

/// "filmed in the 80s", "the early 1990s": a decade, no length.
fn decades(mut toks: Vec<Tok>) -> Vec<Tok> {
    for k in 1..toks.len() {
        let o = toks[k].orig.to_lowercase();
        let digits = o.trim_start_matches(['\'', '’']).trim_end_matches('s');
        let decade = matches!(digits.len(), 2 | 4)
            && digits.ends_with('0')
            && digits.chars().all(|c| c.is_ascii_digit())
            && (digits.len() == 2 || digits.starts_with("19") || digits.starts_with("20"))
            && o.ends_with('s');
        // ("remove the 30s intro": a length; "filmed in the 80s": a decade.)
        let after_the = toks[k - 1].is_any(&["early", "late", "mid"])
            || toks[k - 1].is_any(&["the"])
                && (digits.len() == 4
                    || k >= 2 && toks[k - 2].is_any(&["in", "from", "like", "of", "during"]));
        if decade && after_the && matches!(toks[k].t, T::Qty(_, Unit::Sec) | T::Num(_)) {
            toks[k].t = T::Word("decade".into());
        }
    }
    toks
}

/// "I wouldn't mind making them smaller": a wish, no negation.
fn no_objection(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    for t in toks {
        let n = out.len();
        if t.is_any(&["mind"])
            && n >= 2
            && out[n - 1].is_any(&["not"])
            && out[n - 2].is_any(&["would", "d"])
        {
            out.pop();
            out.push(Tok {
                t: T::Word("like".into()),
                orig: t.orig,
            });
            continue;
        }
        out.push(t);
    }
    out
}

/// "play it in reverse and then forward", "backwards then forwards": one
/// boomerang, not a reversal and a word left over.
fn backward_then_forward(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        if toks[i].is_any(&["reverse", "reversed", "backwards", "backward"]) {
            let then = (i + 1..(i + 4).min(toks.len())).find(|&k| toks[k].is_any(&["then"]));
            let forward = then.and_then(|t| {
                (t + 1..(t + 3).min(toks.len()))
                    .find(|&k| toks[k].is_any(&["forward", "forwards", "normally"]))
            });
            if let Some(f) = forward {
                out.push(Tok {
                    t: T::Word("boomerang".into()),
                    orig: toks[i..=f]
                        .iter()
                        .map(|t| t.orig.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                });
                i = f + 1;
                continue;
            }
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// "speed it up 120x", "a 300x timelapse": a big number times is a speed
/// where speed is said ("1600x" alone is a width, its height left open).
fn speed_times(mut toks: Vec<Tok>) -> Vec<Tok> {
    for i in 0..toks.len() {
        let T::Qty(n, Unit::Px) = toks[i].t else {
            continue;
        };
        let times = toks[i].orig.to_ascii_lowercase().ends_with('x');
        let sped = toks[i.saturating_sub(5)..(i + 3).min(toks.len())]
            .iter()
            .any(|t| t.is_any(&["speed", "faster", "sped", "timelapse", "accelerate", "fast"]));
        if times && sped && n <= 1000.0 {
            toks[i].t = T::Qty(n, Unit::X);
        }
    }
    toks
}

/// "a tempo of 133 bmp": beats per minute mistyped, no bitmap.
fn tempo_not_bitmap(mut toks: Vec<Tok>) -> Vec<Tok> {
    for i in 1..toks.len() {
        if toks[i].is_any(&["bmp"]) && matches!(toks[i - 1].t, T::Num(_)) {
            toks[i].t = T::Word("bpm".into());
        }
    }
    toks
}

/// "people keep complaining", "it keeps crashing": "keep" before a verb in
/// -ing goes on doing, it keeps nothing of the file.
fn keep_doing(mut toks: Vec<Tok>) -> Vec<Tok> {
    const NOUNS: &[&str] = &[
        "beginning",
        "ending",
        "opening",
        "everything",
        "nothing",
        "something",
        "anything",
        "thing",
        "setting",
        "settings",
        "padding",
        "spacing",
        "lighting",
        "recording",
        "recordings",
        "bring",
        "king",
        "string",
        "ring",
        "wing",
        "sing",
        "original",
        "during",
    ];
    for i in 0..toks.len().saturating_sub(1) {
        let doing = toks[i + 1]
            .word()
            .is_some_and(|w| w.len() > 5 && w.ends_with("ing") && !NOUNS.contains(&w));
        if doing && toks[i].is_any(&["keep", "keeps", "kept", "keeping"]) {
            toks[i].t = T::Word("continue".into());
        }
    }
    toks
}

/// "2 Mo", "240Ko", "1,5 Go": French sizes (octets) as "MB", "KB", "GB".
/// Only after a number and with a capital letter ("3 mo" may be months), but
/// "100 ko" (no English word).
fn octets(prompt: &str) -> String {
    let chars: Vec<char> = prompt.chars().collect();
    let mut out = String::with_capacity(prompt.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let unit = matches!(c, 'K' | 'M' | 'G' | 'k')
            && chars.get(i + 1).is_some_and(|o| matches!(o, 'o' | 'O'))
            && chars.get(i + 2).is_none_or(|n| !n.is_alphanumeric());
        let after_number = || {
            let before = chars[i.saturating_sub(2)..i]
                .iter()
                .rev()
                .find(|&&b| b != ' ');
            before.is_some_and(|b| b.is_ascii_digit())
        };
        if unit && after_number() {
            out.push(c.to_ascii_uppercase());
            out.push('B');
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// "(file size < 10 MB)", "≤ 4mb", "(>50MB)": the sign said as the word it
/// stands for (before a quantity with its unit: "I <3 NY" keeps its heart).
fn comparisons_in_words(prompt: &str) -> String {
    let chars: Vec<char> = prompt.chars().collect();
    let mut out = String::with_capacity(prompt.len());
    for (i, &c) in chars.iter().enumerate() {
        let mut rest = chars[i + 1..]
            .iter()
            .skip_while(|c| c.is_whitespace())
            .peekable();
        let number = rest.peek().is_some_and(|n| n.is_ascii_digit());
        let word: String = rest
            .skip_while(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_alphabetic() || **c == '%')
            .collect();
        let unit = unit_of(&word.to_lowercase()).is_some();
        // ("->" and "=>" are arrows.)
        let arrow = i > 0 && matches!(chars[i - 1], '-' | '=');
        if matches!(c, '<' | '≤') && number && unit {
            out.push_str(" under ");
        } else if matches!(c, '>' | '≥') && number && unit && !arrow {
            out.push_str(" over ");
        } else {
            out.push(c);
        }
    }
    out
}

/// "downmix 5.1 to stereo", "7.1 surround": a channel layout, no time.
fn channel_layouts(toks: Vec<Tok>) -> Vec<Tok> {
    let sound = toks.iter().any(|t| {
        t.is_any(&[
            "stereo", "surround", "downmix", "channel", "channels", "mono", "speakers", "audio",
        ])
    });
    if !sound {
        return toks;
    }
    toks.into_iter()
        .map(|t| match t.t {
            T::Num(_) | T::Qty(_, Unit::Sec)
                if matches!(
                    t.orig.as_str(),
                    "5.1" | "7.1" | "2.1" | "7.2" | "5.1ch" | "7.1ch"
                ) =>
            {
                Tok {
                    t: T::Word("surround".into()),
                    orig: t.orig,
                }
            }
            _ => t,
        })
        .collect()
}

/// "an SD card", "a thumb drive": where files are kept, one word, so "SD"
/// is no resolution and "thumb" no thumbnail; "Windows Media" is WMV.
fn storage_names(toks: Vec<Tok>) -> Vec<Tok> {
    const PAIRS: &[(&str, &str)] = &[
        ("windows", "media"),
        ("sd", "card"),
        ("sd", "cards"),
        ("microsd", "card"),
        ("micro", "sd"),
        ("thumb", "drive"),
        ("thumb", "drives"),
        ("flash", "drive"),
        ("memory", "card"),
        ("hard", "drive"),
        ("usb", "stick"),
        ("usb", "drive"),
    ];
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        // (As written: "thumb" alone is read as "thumbnail".)
        let said = |t: &Tok, w: &str| t.orig.eq_ignore_ascii_case(w) || t.is_any(&[w]);
        let pair = toks.get(i + 1).and_then(|next| {
            PAIRS
                .iter()
                .find(|(a, b)| said(&toks[i], a) && said(next, b))
        });
        if let Some((a, b)) = pair {
            // ("Windows Media" is a format's name: WMV, or WMA when
            // "Audio" follows.)
            let audio = *a == "windows" && toks.get(i + 2).is_some_and(|t| said(t, "audio"));
            // ("plays in Windows Media Player" is where it plays, not a
            // format; "convert it as Windows Media Player" still is.)
            let player = *a == "windows"
                && toks.get(i + 2).is_some_and(|t| said(t, "player"))
                && !i
                    .checked_sub(1)
                    .is_some_and(|p| toks[p].is_any(&["as", "to", "into"]));
            let word = if player {
                "windows".to_string()
            } else if audio {
                "wma".to_string()
            } else if *a == "windows" {
                "wmv".to_string()
            } else {
                format!("{a}{b}")
            };
            out.push(Tok {
                orig: format!("{} {}", toks[i].orig, toks[i + 1].orig),
                t: T::Word(word),
            });
            i += 2;
        } else {
            out.push(toks[i].clone());
            i += 1;
        }
    }
    out
}

/// "files of mixed formats (png, gif, bmp, jpg)", "in either .mov, .flv,
/// or .avi formats": formats listed to say what the files are, not where
/// they go, read as "files".
fn format_lists(mut toks: Vec<Tok>) -> Vec<Tok> {
    use super::lexicon::format_word;
    let is_fmt = |t: &Tok| t.word().and_then(format_word).is_some();
    let joint = |t: &Tok| t.is_any(&["or", "and"]) || t.orig == ",";
    let mut i = 0;
    while i < toks.len() {
        if !is_fmt(&toks[i]) {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut j = i + 1;
        while j < toks.len() {
            let next = (j..(j + 3).min(toks.len())).find(|&k| !joint(&toks[k]));
            match next {
                Some(k) if k > j && is_fmt(&toks[k]) => {
                    run.push(k);
                    j = k + 1;
                }
                _ => break,
            }
        }
        let word_before = |n: usize, ws: &[&str]| i >= n && toks[i - n].is_any(ws);
        let opened = i >= 1 && toks[i - 1].orig == "("
            || word_before(
                1,
                &["either", "formats", "like", "mixed", "various", "different"],
            );
        let described = (1..=3).any(|n| {
            word_before(
                n,
                &[
                    "formats",
                    "mixed",
                    "various",
                    "different",
                    "either",
                    "are",
                    "were",
                    "of",
                ],
            )
        });
        // "File Format: MOV, MP4": a spec sheet's accepted formats.
        let labelled = i >= 2
            && toks[i - 1].orig == ":"
            && toks[i - 2].is_any(&["format", "type", "container", "extension"]);
        let led = word_before(1, &["to", "into", "as"]) || word_before(2, &["to", "into"]);
        if !led && run.len() >= 2 && (opened || described || labelled) {
            for &k in &run {
                toks[k].t = T::Word("files".into());
            }
        }
        i = j;
    }
    toks
}

/// "24p", "25p", "60p": progressive frame rates, not heights.
fn progressive_rates(mut toks: Vec<Tok>) -> Vec<Tok> {
    for t in &mut toks {
        if let T::Qty(v, Unit::P) = t.t {
            if [24.0, 25.0, 30.0, 48.0, 50.0, 60.0].contains(&v) {
                t.t = T::Qty(v, Unit::Fps);
            }
        }
    }
    toks
}

/// "asap", "... for me": words that ask nothing and only hurry or
/// address; dropped so they do not split what they follow.
fn fillers(toks: Vec<Tok>) -> Vec<Tok> {
    let toks = without_changing_the_rest(toks);
    let ends = |k: usize| {
        toks.get(k)
            .is_none_or(|e| matches!(e.t, T::Sep) || e.is_any(&["please", "thanks", "thank"]))
    };
    let mut out = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        if t.is_any(&[
            "asap", "urgently", "rn", "lol", "lmao", "haha", "hahaha", "hehe", "xd", "tbh", "imo",
            "imho", "fyi", "tia", "voila", "tada",
        ]) || deadline_at(&toks, i)
        {
            continue;
        }
        // "for me" at the end of a clause.
        let for_me = t.is_any(&["for"])
            && toks.get(i + 1).is_some_and(|m| m.is_any(&["me", "us"]))
            && ends(i + 2);
        let me = t.is_any(&["me", "us"]) && i > 0 && toks[i - 1].is_any(&["for"]) && ends(i + 1);
        if !(for_me || me) {
            out.push(t.clone());
        }
    }
    out
}

/// "without changing anything else", "without touching the rest": what
/// is not asked is never done; the words ask nothing.
fn without_changing_the_rest(toks: Vec<Tok>) -> Vec<Tok> {
    const REST: &[&str] = &[
        "anything",
        "everything",
        "else",
        "the",
        "rest",
        "of",
        "it",
        "other",
        "stuff",
        "things",
        "with",
        "up",
        "more",
    ];
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let verb = toks[i].is_any(&["without"])
            && toks.get(i + 1).is_some_and(|t| {
                t.is_any(&[
                    "change",
                    "changing",
                    "touch",
                    "touching",
                    "alter",
                    "altering",
                    "modify",
                    "modifying",
                    "mess",
                    "messing",
                ])
            });
        if verb {
            let len = toks[i + 2..].iter().take_while(|t| t.is_any(REST)).count();
            let rest = toks[i + 2..i + 2 + len]
                .iter()
                .any(|t| t.is_any(&["anything", "everything", "rest", "else", "stuff", "things"]));
            // "without changing the resolution": a setting that stays.
            let the = usize::from(toks.get(i + 2).is_some_and(|t| t.is_any(&["the", "its"])));
            let kept = toks.get(i + 2 + the).is_some_and(|t| {
                t.is_any(&[
                    "resolution",
                    "fps",
                    "framerate",
                    "quality",
                    "dimensions",
                    "size",
                    "format",
                    "codec",
                    "aspect",
                    "colors",
                    "color",
                    "audio",
                    "sound",
                ])
            });
            if kept && !rest {
                let mut n = 3 + the;
                while toks
                    .get(i + n)
                    .is_some_and(|t| t.is_any(&["ratio", "rate"]))
                {
                    n += 1;
                }
                i += n;
                continue;
            }
            if rest {
                i += 2 + len;
                continue;
            }
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// Whether token `i` is part of when the file is needed by ("before the
/// meeting tomorrow", "by friday", "tonight"): it asks nothing of the file.
fn deadline_at(toks: &[Tok], i: usize) -> bool {
    const WHEN: &[&str] = &[
        "meeting",
        "tomorrow",
        "tonight",
        "today",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "weekend",
        "deadline",
        "noon",
        "midnight",
        "class",
        "lunch",
        "presentation",
    ];
    // A deadline starts at "before"/"by"/"until" and runs over "the", "my",
    // "our", "next", "this" to a word of WHEN, or is a word of WHEN alone
    // after one of those.
    let span = |from: usize| -> Option<usize> {
        let mut k = from + 1;
        while toks
            .get(k)
            .is_some_and(|t| t.is_any(&["the", "my", "our", "next", "this", "a"]))
        {
            k += 1;
        }
        let mut end = None;
        while toks.get(k).is_some_and(|t| t.is_any(WHEN)) {
            k += 1;
            end = Some(k);
        }
        end
    };
    (0..=i).rev().take(5).any(|s| {
        toks[s].is_any(&["before", "by", "until", "till"]) && span(s).is_some_and(|e| i < e)
    }) || toks[i].is_any(&["tomorrow", "tonight"])
}

/// "48000kHz": a rate in hertz written with the wrong unit; "AAC 320khz":
/// a bitrate written as a rate (no sound is sampled that fast).
fn hertz_for_kilohertz(mut toks: Vec<Tok>) -> Vec<Tok> {
    const BITRATES: &[f64] = &[
        32.0, 48.0, 64.0, 96.0, 112.0, 128.0, 160.0, 192.0, 224.0, 256.0, 320.0,
    ];
    for t in &mut toks {
        if let T::Qty(v, Unit::Hz) = t.t {
            if v > 192_000.0 && (8_000.0..=192_000.0).contains(&(v / 1000.0)) {
                t.t = T::Qty(v / 1000.0, Unit::Hz);
            } else if v > 192_000.0 && BITRATES.contains(&(v / 1000.0)) {
                t.t = T::Qty(v / 1000.0, Unit::Kbps);
            }
        }
    }
    toks
}

/// "Add an option to ...", "add support for ...": a wish for the tool, not
/// something added to the file.
fn add_a_feature(mut toks: Vec<Tok>) -> Vec<Tok> {
    const FEATURES: &[&str] = &[
        "option",
        "options",
        "feature",
        "features",
        "setting",
        "settings",
        "ability",
        "support",
        "way",
        "button",
        "toggle",
        "flag",
        "parameter",
        "mode",
        "function",
        "functionality",
        "checkbox",
        "preset",
        "possibility",
        "command",
        "switch",
    ];
    for i in 0..toks.len() {
        let feature = (i + 1..(i + 4).min(toks.len())).any(|k| toks[k].is_any(FEATURES));
        if toks[i].is_any(&["add", "adding"]) && feature {
            toks[i].t = T::Word("offer".into());
        }
    }
    toks
}

/// "make the file lighter to upload": fewer bytes, not more light.
fn lighter_files(mut toks: Vec<Tok>) -> Vec<Tok> {
    const BYTES: &[&str] = &[
        "file",
        "files",
        "size",
        "filesize",
        "mb",
        "kb",
        "gb",
        "weight",
        "upload",
        "send",
        "email",
        "internet",
        "connection",
        "download",
        "smaller",
        "storage",
        "space",
    ];
    // "replace these with lighter JPEGs": a kind of file, lighter.
    let lighter_kind = toks.windows(2).any(|p| {
        p[0].orig.eq_ignore_ascii_case("lighter")
            && p[1].word().is_some_and(|w| {
                lexicon::format_word(w.trim_end_matches('s')).is_some()
                    || lexicon::format_word(w).is_some()
            })
    });
    let bytes = lighter_kind || toks.iter().any(|t| t.is_any(BYTES));
    let light = toks.iter().any(|t| {
        t.is_any(&[
            "dark",
            "darker",
            "dim",
            "underexposed",
            "see",
            "night",
            "exposure",
        ])
    });
    if bytes && !light {
        for t in &mut toks {
            if t.orig.eq_ignore_ascii_case("lighter") {
                t.t = T::Word("lighter".into());
            }
        }
    }
    toks
}

/// "1/2 size", "1/4 resolution": a fraction of a size is a percentage.
fn fraction_sizes(mut toks: Vec<Tok>) -> Vec<Tok> {
    for i in 0..toks.len() {
        let T::Num(v) = toks[i].t else { continue };
        // "1/2 size", "1/4 of its size".
        const SIZES: &[&str] = &["size", "resolution", "scale", "dimensions", "res"];
        let sized = toks.get(i + 1).is_some_and(|t| t.is_any(SIZES))
            || toks.get(i + 1).is_some_and(|t| t.is_any(&["of"]))
                && toks[i + 2..].iter().take(3).any(|t| t.is_any(SIZES));
        if toks[i].orig.contains('/') && v > 0.0 && v < 1.0 && sized {
            toks[i].t = T::Qty(v * 100.0, Unit::Pct);
        }
    }
    toks
}

/// Whether what is named at `at` is what a device "only supports" ("my
/// Chromecast only supports H.264 or VP8"): any of them will do.
pub fn device_takes(toks: &[Tok], at: usize) -> bool {
    toks.iter().any(|t| t.is_any(&["only"]))
        && toks[at.saturating_sub(4)..at.min(toks.len())]
            .iter()
            .any(|t| t.is_any(&["support", "accepts", "accept", "plays", "play"]))
}

/// "only in \"Jpeg\" format": a format named in quotes is the format.
fn quoted_formats(mut toks: Vec<Tok>) -> Vec<Tok> {
    for t in toks.iter_mut() {
        if let T::Quote(q) = &t.t {
            let w = q.trim().trim_start_matches('.').to_lowercase();
            if lexicon::format_word(&w).is_some() {
                t.t = T::Word(w);
            }
        }
    }
    toks
}

/// Shapes written with an "x" ("16x9", "4x3"), read as ratios.
const ASPECTS: &[(u32, u32)] = &[
    (16, 9),
    (9, 16),
    (4, 3),
    (3, 4),
    (21, 9),
    (16, 10),
    (3, 2),
    (2, 3),
    (4, 5),
    (5, 4),
];

/// "1080px by 1920px": a size, as "1080x1920".
fn pixels_by_pixels(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        if let (T::Qty(a, Unit::Px), Some(by), Some(T::Qty(b, Unit::Px))) =
            (&toks[i].t, toks.get(i + 1), toks.get(i + 2).map(|t| &t.t))
        {
            if by.is_any(&["by", "x"]) && *a >= 1.0 && *b >= 1.0 {
                out.push(Tok {
                    t: T::Dims(*a as u32, *b as u32),
                    orig: format!("{}x{}", a, b),
                });
                i += 3;
                continue;
            }
        }
        // ("618 pixels wide x 543 pixels high": the sides named between.)
        if let (T::Qty(a, Unit::Px), Some(side), Some(by), Some(T::Qty(b, Unit::Px))) = (
            &toks[i].t,
            toks.get(i + 1),
            toks.get(i + 2),
            toks.get(i + 3).map(|t| &t.t),
        ) {
            if side.is_any(&["wide", "width"]) && by.is_any(&["by", "x"]) && *a >= 1.0 && *b >= 1.0
            {
                out.push(Tok {
                    t: T::Dims(*a as u32, *b as u32),
                    orig: format!("{}x{}", a, b),
                });
                let high = toks
                    .get(i + 4)
                    .is_some_and(|t| t.is_any(&["high", "tall", "height"]));
                i += if high { 5 } else { 4 };
                continue;
            }
        }
        // ("1024px * 768px": the star is no token of its own; "16px 32px
        // 64px" is a list.)
        if let (T::Qty(a, Unit::Px), Some(T::Qty(b, Unit::Px))) =
            (&toks[i].t, toks.get(i + 1).map(|t| &t.t))
        {
            let listed = matches!(toks.get(i + 2).map(|t| &t.t), Some(T::Qty(_, Unit::Px)))
                || matches!(out.last().map(|t| &t.t), Some(T::Qty(_, Unit::Px)));
            if *a >= 1.0 && *b >= 1.0 && !listed {
                out.push(Tok {
                    t: T::Dims(*a as u32, *b as u32),
                    orig: format!("{}x{}", a, b),
                });
                i += 2;
                continue;
            }
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// "47x36 mm", "4x6 inches": a printed size, no pixels.
fn printed_sizes(mut toks: Vec<Tok>) -> Vec<Tok> {
    for i in 0..toks.len().saturating_sub(1) {
        let printed = toks[i + 1].is_any(&[
            "mm",
            "cm",
            "millimeter",
            "millimeters",
            "millimetre",
            "millimetres",
            "centimeter",
            "centimeters",
            "inch",
            "inches",
        ]);
        if printed && matches!(toks[i].t, T::Dims(..)) {
            toks[i].t = T::Word("size".into());
        }
    }
    toks
}

/// "from 128 Kb to 64 Kb" beside "bit rate", "2 Mb bitrate": sizes said
/// of a bitrate are rates.
fn bitrate_sizes(mut toks: Vec<Tok>) -> Vec<Tok> {
    let rated = toks.iter().any(|t| t.is_any(&["bitrate", "bitrates"]))
        || toks
            .windows(2)
            .any(|w| w[0].is_any(&["bit"]) && w[1].is_any(&["rate", "rates"]))
        // "128kb rate".
        || toks
            .windows(2)
            .any(|w| matches!(w[0].t, T::Qty(_, Unit::Kb)) && w[1].is_any(&["rate"]));
    if !rated {
        return toks;
    }
    for i in 0..toks.len() {
        // "roughly 13.8 MB / hour": bytes an hour, a file's size.
        let per_hour = toks
            .get(i + 1)
            .is_some_and(|t| t.is_any(&["or", "per", "a", "an"]))
            && toks
                .get(i + 2)
                .is_some_and(|t| t.is_any(&["hour", "hours", "hr", "minute", "minutes", "min"]));
        // ("Maximum file size: 10 MB": a size, however the rate is said.)
        let sized = toks[i.saturating_sub(4)..i]
            .iter()
            .any(|t| t.is_any(&["size", "filesize", "sized"]))
            // ("make a 50 second 4mb file".)
            || toks.get(i + 1).is_some_and(|t| t.is_any(&["file", "files"]))
            // ("... low bitrate so it's like 2mb": what "it", the file, is.)
            || toks[i.saturating_sub(4)..i].iter().any(|t| t.is_any(&["so"]))
                && toks[i.saturating_sub(3)..i].iter().any(|t| t.is_any(&["it", "its"]))
                && !toks[i.saturating_sub(4)..(i + 3).min(toks.len())]
                    .iter()
                    .any(|t| t.is_any(&["bitrate", "bitrates", "rate", "kbps"]));
        if per_hour || sized {
            continue;
        }
        let bitrate_before = toks[i.saturating_sub(2)..i]
            .iter()
            .any(|t| t.is_any(&["bitrate", "bitrates"]));
        let t = &mut toks[i];
        // ("a 7 megabyte .wav": bytes, said so.)
        if t.orig.to_ascii_lowercase().contains("byte") {
            continue;
        }
        match t.t {
            T::Qty(v, Unit::Kb) if (6.0..=2000.0).contains(&v) => t.t = T::Qty(v, Unit::Kbps),
            // ("Bit Rate: 256k".)
            T::Qty(v, Unit::K) if (6.0..=2000.0).contains(&v) && bitrate_before => {
                t.t = T::Qty(v, Unit::Kbps)
            }
            T::Qty(v, Unit::Mb) if (0.1..=100.0).contains(&v) && !t.orig.contains(['B']) => {
                t.t = T::Qty(v * 1000.0, Unit::Kbps)
            }
            _ => {}
        }
    }
    toks
}

/// "mp3 320", "aac 128": a usual bitrate right after a lossy audio format.
fn format_bitrates(mut toks: Vec<Tok>) -> Vec<Tok> {
    const RATES: &[f64] = &[
        32.0, 48.0, 64.0, 96.0, 112.0, 128.0, 160.0, 192.0, 224.0, 256.0, 320.0,
    ];
    for i in 1..toks.len() {
        if let T::Num(v) = toks[i].t {
            if RATES.contains(&v) && toks[i - 1].is_any(&["mp3", "aac", "m4a", "ogg", "opus"]) {
                toks[i].t = T::Qty(v, Unit::Kbps);
            }
        }
    }
    toks
}

/// "64kb/s", "2 Mbit/s": rates per second, written as one unit (after a
/// number only: "thumb/sizes" stays as it is).
fn per_second(text: &str) -> String {
    let mut out = text.to_string();
    // ("96 Kilobytes per second": the rate, as people say it of bits.)
    for (from, to) in [
        ("kbit/s", "kbps"),
        ("kb/s", "kbps"),
        ("mbit/s", "mbps"),
        ("mb/s", "mbps"),
        ("kilobits per second", "kbps"),
        ("kilobytes per second", "kbps"),
        ("kilobit per second", "kbps"),
        ("kb per second", "kbps"),
        ("megabits per second", "mbps"),
    ] {
        let mut start = 0;
        // ASCII lower-casing keeps every byte offset.
        while let Some(k) = out.to_ascii_lowercase()[start..].find(from) {
            let at = start + k;
            let end = at + from.len();
            let counted = out[..at].trim_end().ends_with(|c: char| c.is_ascii_digit());
            let alone = !out[end..].starts_with(|c: char| c.is_alphanumeric());
            start = if counted && alone {
                out.replace_range(at..end, to);
                at + to.len()
            } else {
                end
            };
        }
    }
    out
}

/// "flip it horizontally and vertically": both ways, one phrase (its "and"
/// joins no second step).
fn both_axes(toks: Vec<Tok>) -> Vec<Tok> {
    let axis = |t: &Tok| t.is_any(&["horizontal", "vertical"]);
    (0..toks.len())
        .filter(|&i| {
            !(toks[i].is_any(&["and"])
                && i > 0
                && axis(&toks[i - 1])
                && toks.get(i + 1).is_some_and(axis))
        })
        .map(|i| toks[i].clone())
        .collect()
}

/// "change the frames per second": the rate named in words, with no number
/// (numbers with it became a rate already).
fn rate_in_words(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let is = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
        if is(i, &["frame", "frames"])
            && is(i + 1, &["per", "a", "each"])
            && is(i + 2, &["second", "sec"])
        {
            out.push(Tok {
                t: T::Word("fps".into()),
                orig: "frames per second".into(),
            });
            i += 3;
            continue;
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// "2nd" → 2: an ordinal written with digits.
fn ordinal(w: &str) -> Option<f64> {
    // In words from "third" on ("first" and "second" say other things).
    const WORDS: &[&str] = &[
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Some(k) = WORDS.iter().position(|x| *x == w) {
        return Some(k as f64 + 3.0);
    }
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))?;
    let n: u32 = digits.parse().ok()?;
    (n >= 1).then_some(f64::from(n))
}

/// The seconds in the time unit `t` names ("minute" → 60), not sizes.
fn time_unit(t: Option<&Tok>) -> Option<f64> {
    match t.and_then(|t| t.word()).and_then(unit_of) {
        Some((Unit::Sec, mul)) if mul >= 1.0 => Some(mul),
        _ => None,
    }
}

/// "the 2nd minute" → from 60 s to 120 s; "from the 3rd to the 5th second"
/// → from 2 s to 5 s; "from the 2nd minute" → from 60 s; "from the 20th
/// second to the 40th second" → from 20 s to 40 s.
fn ordinal_times(mut toks: Vec<Tok>) -> Vec<Tok> {
    let qty = |secs: f64, orig: &str| Tok {
        t: T::Qty(secs, Unit::Sec),
        orig: orig.to_string(),
    };
    let word = |w: &str, orig: &str| Tok {
        t: T::Word(w.into()),
        orig: orig.to_string(),
    };
    let mut i = 0;
    // The unit of the last ordinal time: "from the third second to the
    // thirteenth".
    let mut last_mul = None;
    while i < toks.len() {
        let Some(n) = toks[i].word().and_then(ordinal) else {
            i += 1;
            continue;
        };
        let orig = toks[i].orig.clone();
        let to_before = (1..=2).any(|k| i >= k && toks[i - k].is_any(&["to", "till", "until"]))
            && (i < 2 || toks[i - 1].is_any(&["to", "till", "until", "the"]));
        if let (None, Some(mul), true) = (time_unit(toks.get(i + 1)), last_mul, to_before) {
            toks[i] = qty(n * mul, &orig);
            i += 1;
            continue;
        }
        if let Some(mul) = time_unit(toks.get(i + 1)) {
            last_mul = Some(mul);
            // The word before, over "the", "around"...: "from around the 3rd".
            let lead = (1..=3).take_while(|&k| i >= k).find(|&k| {
                !toks[i - k].is_any(&["the", "around", "about", "approximately", "roughly"])
            });
            let after_word = |ws: &[&str]| lead.is_some_and(|k| toks[i - k].is_any(ws));
            let start_only = after_word(&["from", "at", "after", "since"]);
            let end_only = after_word(&["to", "till", "until", "through"]);
            // "from the 20th second" is the moment 0:20; "from the 2nd
            // minute" starts that minute.
            let part = if start_only && mul == 1.0 {
                vec![qty(n, &orig)]
            } else if start_only {
                vec![qty((n - 1.0) * mul, &orig)]
            } else if end_only {
                vec![qty(n * mul, &orig)]
            } else {
                vec![
                    word("from", &orig),
                    qty((n - 1.0) * mul, &orig),
                    word("to", &orig),
                    qty(n * mul, &orig),
                ]
            };
            let len = part.len();
            toks.splice(i..i + 2, part);
            i += len;
            continue;
        }
        // "the 3rd to the 5th second": the unit comes after the second one.
        let to = toks
            .get(i + 1)
            .is_some_and(|t| t.is_any(&["to", "till", "until", "and"]));
        let end = (i + 2..(i + 4).min(toks.len())).find(|&k| {
            toks[k].word().and_then(ordinal).is_some() && time_unit(toks.get(k + 1)).is_some()
        });
        if let (true, Some(k)) = (to, end) {
            let mul = time_unit(toks.get(k + 1)).unwrap_or(1.0);
            let m = toks[k].word().and_then(ordinal).unwrap_or(n);
            let end_orig = toks[k].orig.clone();
            toks.splice(k..k + 2, [qty(m * mul, &end_orig)]);
            toks[i] = qty((n - 1.0) * mul, &orig);
            i = k + 1;
            continue;
        }
        // "the 1st 30 secs": the first.
        if n == 1.0 {
            toks[i].t = T::Word("first".into());
        }
        i += 1;
    }
    toks
}

/// The tokens `range` as one length of `secs` seconds.
fn as_seconds(toks: &mut Vec<Tok>, range: std::ops::Range<usize>, secs: f64) {
    let orig = toks[range.clone()]
        .iter()
        .map(|t| t.orig.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    toks.splice(
        range,
        [Tok {
            t: T::Qty(secs, Unit::Sec),
            orig,
        }],
    );
}

/// Words bounding a length ("under a minute").
const BOUNDS: [&str; 13] = [
    "for",
    "to",
    "under",
    "within",
    "than",
    "about",
    "around",
    "max",
    "below",
    "exactly",
    "roughly",
    "approximately",
    "least",
];

/// "2 and a half minutes", "a minute and a half", "10-15 seconds": lengths
/// said in words, or a range with one unit.
fn spoken_lengths(mut toks: Vec<Tok>) -> Vec<Tok> {
    let secs_of = |t: &Tok| match t.word().and_then(unit_of) {
        Some((Unit::Sec, m)) => Some(m),
        _ => None,
    };
    let half = |toks: &[Tok], k: usize| {
        toks.get(k..k + 3)
            .is_some_and(|w| w[0].is_any(&["and"]) && w[1].is_any(&["a"]) && w[2].is_any(&["half"]))
    };
    let mut i = 0;
    while i < toks.len() {
        let n = match toks[i].t {
            T::Num(v) => Some(v),
            _ if toks[i].is_any(&["a", "an", "one"]) => Some(1.0),
            _ => None,
        };
        if let Some(n) = n {
            // "2 and a half minutes"
            if let Some(m) = toks
                .get(i + 4)
                .and_then(secs_of)
                .filter(|_| half(&toks, i + 1))
            {
                as_seconds(&mut toks, i..i + 5, (n + 0.5) * m);
            // "a minute and a half"
            } else if let Some(m) = toks
                .get(i + 1)
                .and_then(secs_of)
                .filter(|_| half(&toks, i + 2))
            {
                as_seconds(&mut toks, i..i + 5, 1.5 * n * m);
            // "to a minute", "under an hour": a length after a bound.
            } else if let Some(m) = toks.get(i + 1).and_then(secs_of).filter(|&m| {
                m >= 60.0
                    && toks[i].is_any(&["a", "an"])
                    && i > 0
                    && toks[i - 1].is_any(&BOUNDS)
                    && !toks.get(i + 2).is_some_and(|t| t.is_any(&["of", "or"]))
            }) {
                as_seconds(&mut toks, i..i + 2, m);
            }
        }
        // "the first minute and a half"
        if let Some(m) = secs_of(&toks[i]).filter(|_| half(&toks, i + 1)) {
            as_seconds(&mut toks, i..i + 4, 1.5 * m);
        }
        // "1 minute 20", "2 hours 15": the smaller unit left unsaid.
        if let (T::Qty(a, Unit::Sec), Some(T::Num(b))) = (&toks[i].t, toks.get(i + 1).map(|t| &t.t))
        {
            let unit = if a % 3600.0 == 0.0 { 60.0 } else { 1.0 };
            let unsaid = toks
                .get(i + 2)
                .is_none_or(|t| t.word().and_then(unit_of).is_none());
            if *a >= 60.0
                && a % 60.0 == 0.0
                && (1.0..60.0).contains(b)
                && b.fract() == 0.0
                && unsaid
            {
                let secs = a + b * unit;
                as_seconds(&mut toks, i..i + 2, secs);
            }
        }
        // "10-15 seconds", "10-20MB", "10-15 minutes": the unit of the
        // second is the first's too.
        if let (T::Num(a), Some(T::Qty(b, u @ (Unit::Sec | Unit::Mb | Unit::Kb | Unit::Gb)))) =
            (&toks[i].t, toks.get(i + 1).map(|t| &t.t))
        {
            let a = a * unit_scale(&toks[i + 1]);
            if a < *b {
                toks[i].t = T::Qty(a, *u);
                toks.insert(
                    i + 1,
                    Tok {
                        t: T::Word("to".into()),
                        orig: "-".into(),
                    },
                );
            }
        }
        // "from 10 to 15 minutes": the same, said with "to".
        if let (T::Num(a), Some(link), Some(T::Qty(b, Unit::Sec))) =
            (&toks[i].t, toks.get(i + 1), toks.get(i + 2).map(|t| &t.t))
        {
            let a = a * unit_scale(&toks[i + 2]);
            if link.is_any(&["to", "till", "until"]) && a < *b {
                toks[i].t = T::Qty(a, Unit::Sec);
            }
        }
        i += 1;
    }
    toks
}

/// What the number written in a quantity was multiplied by: 60 for "15
/// minutes" (900 s), 1 when it cannot be told.
fn unit_scale(q: &Tok) -> f64 {
    let T::Qty(v, _) = q.t else { return 1.0 };
    let written: String = q
        .orig
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    match parse_num(&written) {
        Some(n) if n > 0.0 && v / n >= 1.0 => v / n,
        _ => 1.0,
    }
}

/// "compress it to 2M", "under 8m for discord": where sizes are spoken of
/// and times are not, an `m` after a number is megabytes, not minutes.
fn megabytes(mut toks: Vec<Tok>) -> Vec<Tok> {
    const SIZES: &[&str] = &[
        "compress", "size", "filesize", "smaller", "shrink", "upload", "limit", "big", "large",
        "heavy", "reduce", "weight",
    ];
    const TIMES: &[&str] = &[
        "trim", "cut", "long", "duration", "length", "first", "last", "start", "end", "clip",
        "minute", "second", "fade", "speed", "loop",
    ];
    let sized = toks.iter().any(|t| t.is_any(SIZES));
    let timed = toks.iter().any(|t| t.is_any(TIMES))
        || toks.iter().any(|t| {
            matches!(t.t, T::Clock { .. })
                || matches!(t.t, T::Qty(_, Unit::Sec)) && !t.orig.ends_with(['m', 'M'])
        });
    if !sized || timed {
        return toks;
    }
    for t in &mut toks {
        let bare = t.orig.trim_end_matches(['m', 'M']);
        let megs = t.orig.len() == bare.len() + 1 && parse_num(bare).is_some();
        if let (T::Qty(v, Unit::Sec), true) = (&t.t, megs) {
            t.t = T::Qty(*v / 60.0, Unit::Mb);
        }
    }
    toks
}

/// "My camera records at 50fps but youtube prefers 25", "my gif is 15mb,
/// discord only allows 8": a bare number answering a quantity said before
/// it in the sentence takes its unit.
fn inherit_units(mut toks: Vec<Tok>) -> Vec<Tok> {
    const STEPS: &[&str] = &[
        "trim", "cut", "crop", "rotate", "resize", "scale", "speed", "slow", "loop", "fade",
        "extract", "remove", "second", "seconds", "minute", "minutes", "volume", "quality",
        "bitrate", "crf",
    ];
    const LEADS: &[&str] = &[
        "to", "prefer", "prefers", "want", "wants", "need", "needs", "allow", "allows", "only",
        "max", "maximum", "under", "below", "instead", "of", "is", "at", "accept", "accepts",
        "but", "take", "takes", "be",
    ];
    // "the framerate is 60.00", "fps: 25": a frame rate, labelled.
    for i in 1..toks.len() {
        let T::Num(v) = toks[i].t else { continue };
        let label = |k: usize| {
            toks[k].is_any(&["fps", "framerate"])
                || toks[k].is_any(&["rate"]) && k > 0 && toks[k - 1].is_any(&["frame"])
        };
        let labelled =
            label(i - 1) || i >= 2 && toks[i - 1].is_any(&["is", "of", "at"]) && label(i - 2);
        // "from 23.976 to 60fps": both rates.
        let ranged = toks[i - 1].is_any(&["from"])
            && toks.get(i + 1).is_some_and(|t| t.is_any(&["to"]))
            && toks
                .get(i + 2)
                .is_some_and(|t| matches!(t.t, T::Qty(_, Unit::Fps)));
        if (labelled || ranged) && (1.0..=240.0).contains(&v) {
            toks[i].t = T::Qty(v, Unit::Fps);
            continue;
        }
        // "the width should be 800": pixels.
        let mut k = i - 1;
        let mut skipped = 0;
        while k > 0
            && skipped < 3
            && toks[k].is_any(&[
                "should", "be", "must", "need", "needs", "to", "set", "of", "at", "max", "maximum",
            ])
        {
            k -= 1;
            skipped += 1;
        }
        let sized = toks[k].is_any(&["width", "height"])
            && skipped > 0
            && !toks[k + 1..i]
                .iter()
                .any(|t| t.is_any(&["is", "was", "are"]));
        if sized && (16.0..=10000.0).contains(&v) && v.fract() == 0.0 {
            toks[i].t = T::Qty(v, Unit::Px);
        }
    }
    for i in 1..toks.len() {
        let T::Num(v) = toks[i].t else { continue };
        // "it's 60 fps, make it 30": the value the file is to have.
        let made = i >= 2
            && toks[i - 1].is_any(&["it", "them"])
            && toks[i - 2].is_any(&["make", "get", "set", "bring", "change", "keep"]);
        if !(toks[i - 1].is_any(LEADS) || made)
            || toks
                .get(i + 1)
                .is_some_and(|t| t.word().is_some_and(|w| unit_of(w).is_some()))
        {
            continue;
        }
        let mut unit = None;
        for j in (i.saturating_sub(12)..i).rev() {
            match &toks[j].t {
                T::Sep if matches!(toks[j].orig.as_str(), "." | "?" | "!") => break,
                T::Word(w) if STEPS.contains(&w.as_str()) => break,
                T::Qty(u, unit_here)
                    if matches!(unit_here, Unit::Fps | Unit::Mb | Unit::Kb)
                        && (0.05..=20.0).contains(&(v / u)) =>
                {
                    unit = Some(*unit_here);
                    break;
                }
                T::Qty(..) | T::Num(_) | T::Clock { .. } | T::Dims(..) => break,
                _ => {}
            }
        }
        if let Some(u) = unit {
            toks[i].t = T::Qty(v, u);
        }
    }
    toks
}

/// "5 seconds from the start and 5 from the end", "2 minutes off the start
/// and 1 off the end": the second length, said without its unit, has the
/// first one's.
fn unit_said_once(mut toks: Vec<Tok>) -> Vec<Tok> {
    let mut i = 1;
    while i < toks.len() {
        let parallel = matches!(toks[i].t, T::Num(_))
            && toks[i - 1].is_any(&["and"])
            && toks.get(i + 1).is_some_and(|t| t.is_any(&["from", "off"]));
        let earlier = (i.saturating_sub(8)..i.saturating_sub(1))
            .rev()
            .find_map(|k| {
                let T::Num(n) = toks[k].t else { return None };
                let (_, mul) = unit_of(toks[k + 1].word()?).filter(|u| u.0 == Unit::Sec)?;
                Some((n, mul, toks[k + 1].clone()))
            });
        if let (true, Some((n, mul, unit)), T::Num(v)) = (parallel, earlier, &toks[i].t) {
            // "1 minute from the start and 30 from the end": a larger
            // number after minutes is seconds.
            let unit = if mul > 1.0 && *v > n {
                Tok {
                    t: T::Word("seconds".into()),
                    orig: "seconds".into(),
                }
            } else {
                unit
            };
            toks.insert(i + 1, unit);
            i += 1;
        }
        i += 1;
    }
    toks
}

/// "h264+mp3", "video+audio": two things joined by a plus, one with the
/// other.
fn plus_joined(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let between = c == '+'
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if between {
            out.push_str(" with ");
        } else {
            out.push(c);
        }
    }
    out
}

/// "29,97fps", "1,5x": a decimal comma before a unit.
fn decimal_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ',' && i > 0 && chars[i - 1].is_ascii_digit() {
            let digits = chars[i + 1..]
                .iter()
                .take_while(|d| d.is_ascii_digit())
                .count();
            let unit: String = chars[i + 1 + digits..]
                .iter()
                .take_while(|u| u.is_ascii_alphabetic())
                .collect::<String>()
                .to_lowercase();
            // "44,100 Hz", "16,000 px": a thousands separator.
            let lead = chars[..i]
                .iter()
                .rev()
                .take_while(|d| d.is_ascii_digit())
                .count();
            let unit_after = chars[i + 1 + digits..]
                .iter()
                .skip_while(|u| **u == ' ')
                .take_while(|u| u.is_ascii_alphabetic())
                .collect::<String>()
                .to_lowercase();
            // "1,379,642 KB": groups of three on either side.
            let next_group = chars.get(i + 1 + digits) == Some(&',')
                && chars[i + 2 + digits..]
                    .iter()
                    .take_while(|d| d.is_ascii_digit())
                    .count()
                    == 3;
            let prev_group = lead > 0 && i > lead && chars[i - lead - 1] == ',';
            let thousands = digits == 3
                && lead <= 3
                && (next_group
                    || prev_group
                    || matches!(
                        unit_after.as_str(),
                        "hz" | "khz"
                            | "px"
                            | "pixels"
                            | "kb"
                            | "kbps"
                            | "fps"
                            | "frames"
                            | "bytes"
                            | "ms"
                    ));
            if thousands {
                continue;
            }
            // "00:01:00,500": a clock's milliseconds, as subtitles write them.
            let clock = lead == 2 && i > 2 && chars[i - 3] == ':';
            let decimal = match digits {
                1 | 2 => {
                    matches!(
                        unit.as_str(),
                        "fps" | "x" | "s" | "mb" | "gb" | "sec" | "db" | "khz"
                    ) || matches!(
                        unit_after.as_str(),
                        "khz" | "mb" | "gb" | "fps" | "sec" | "secs" | "seconds" | "db" | "mbps"
                    )
                        // "0,8": nothing is counted in thousands from zero.
                        || lead == 1 && chars[i - 1] == '0'
                        || unit.is_empty() && after_speed(&chars[..i - lead])
                }
                3 => unit == "fps" || clock,
                _ => false,
            };
            if decimal {
                out.push('.');
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Whether `before` ends in a word of speed ("a speed of 1,35", "normal
/// 1,0"): a bare number after it may have a decimal comma.
fn after_speed(before: &[char]) -> bool {
    let text: String = before.iter().collect::<String>().to_lowercase();
    let mut words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev();
    let mut w = words.next();
    if matches!(w, Some("of" | "to" | "at" | "by")) {
        w = words.next();
    }
    matches!(
        w,
        Some("speed" | "speeds" | "factor" | "multiplier" | "tempo" | "normal" | "playback")
    )
}

/// "1.200" in "1.200x630px": a thousands dot, as many write sizes.
fn thousands(n: &str) -> std::borrow::Cow<'_, str> {
    let groups: Vec<&str> = n.split('.').collect();
    let grouped = groups.len() == 2
        && (1..=2).contains(&groups[0].len())
        && groups[1].len() == 3
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if grouped {
        std::borrow::Cow::Owned(groups.concat())
    } else {
        std::borrow::Cow::Borrowed(n)
    }
}

fn plain_tokens(text: &str, out: &mut Vec<Tok>) {
    // Symbols become words or spaces the same way in every case, so the
    // chunks keep their original case for watermark text.
    let faceless = without_emoticons(text);
    let glossed = lexicon::gloss(&faceless);
    let prepped = decimal_commas(&per_second(&plus_joined(&glossed)))
        .replace(['×', '✕', '✖', '⨯'], "x")
        .replace('’', "'")
        .replace('&', " and ")
        // "start=5 end=12", "quality=80": a setting and its value.
        .replace('=', " ")
        .replace('°', " deg ")
        .replace("->", " to ")
        .replace(['→', '–'], " to ")
        .replace('—', " , ");
    let prepped = dash_breaks(&up_side_down(&prepped));
    let mut s = String::with_capacity(prepped.len() + 8);
    for c in prepped.chars() {
        // "to .`webp`": code marks around a word are not a space.
        if c == '`' {
            continue;
        }
        if c.is_alphanumeric() || ".:%+-/*'@#©_".contains(c) {
            s.push(c);
        } else if ",;!?()[]{}".contains(c) {
            // Punctuation is kept as written: sentences end at `?` and `!`,
            // asides sit in brackets.
            s.push(' ');
            s.push(c);
            s.push(' ');
        } else {
            s.push(' ');
        }
    }
    let start = out.len();
    let chunks: Vec<&str> = s.split_whitespace().collect();
    for (n, chunk) in chunks.iter().copied().enumerate() {
        // "trim it by 3 secs. My colleague ...": a unit's stop before a
        // capital ends the sentence as well.
        let unit_stop = matches!(chunk, "sec." | "secs." | "min." | "mins." | "etc.")
            && chunks
                .get(n + 1)
                .is_some_and(|next| next.starts_with(|c: char| c.is_uppercase()));
        if unit_stop {
            chunk_tokens(&chunk[..chunk.len() - 1], chunk, out);
            out.push(Tok {
                t: T::Sep,
                orig: ".".into(),
            });
            continue;
        }
        // "_least_", "**only**": emphasis marks around a word.
        let chunk = match chunk.trim_matches(['_', '*']) {
            inner if inner.chars().next().is_some_and(char::is_alphabetic) => inner,
            _ => chunk,
        };
        if chunk.len() == 1 && ",;!?()[]{}".contains(chunk) {
            out.push(Tok {
                t: T::Sep,
                orig: chunk.into(),
            });
            continue;
        }
        // "2GB+", "50min+": at least that much.
        let chunk = match chunk.strip_suffix('+') {
            Some(n) if n.starts_with(|c: char| c.is_ascii_digit()) => n,
            _ => chunk,
        };
        let lower = chunk.to_lowercase();
        // "hundreds of milliseconds": many, not a number.
        if matches!(lower.as_str(), "hundreds" | "thousands" | "dozens" | "tens") {
            chunk_tokens("many", chunk, out);
            continue;
        }
        // "w/ sound", "w/o audio", "50 %": shorthand written apart.
        let spelled = match lower.as_str() {
            "w/" => Some("with"),
            "w/o" | "wo/" => Some("without"),
            "%" if matches!(out.last().map(|t| &t.t), Some(T::Num(_))) => Some("percent"),
            _ => None,
        };
        // "by 50 %.", "50 %...": the sign, then the sentence's end.
        if let Some(stops) = lower.strip_prefix('%').filter(|r| {
            !r.is_empty()
                && r.chars().all(|c| c == '.')
                && matches!(out.last().map(|t| &t.t), Some(T::Num(_)))
        }) {
            chunk_tokens(&format!("percent{stops}"), chunk, out);
            continue;
        }
        if let Some(w) = spelled {
            chunk_tokens(w, chunk, out);
            continue;
        }
        // "mov2mp4": one format to another, written as one word.
        if let Some((from, to)) = format_to_format(&lower) {
            chunk_tokens(from, from, out);
            chunk_tokens("to", "2", out);
            chunk_tokens(to, to, out);
            continue;
        }
        // "1080p60", "4k30": a size and a frame rate written together.
        if let Some((size, fps)) = size_and_rate(&lower) {
            chunk_tokens(size, size, out);
            let fps = format!("{fps}fps");
            chunk_tokens(&fps, &fps, out);
            continue;
        }
        // "1080pHD": a size and its label written together.
        let digits_p = |b: &str| {
            b.strip_suffix('p')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|ch| ch.is_ascii_digit()))
        };
        if let Some(k) = lower.find("phd").filter(|&k| digits_p(&lower[..k + 1])) {
            chunk_tokens(&lower[..k + 1], &chunk[..k + 1], out);
            chunk_tokens(&lower[k + 1..], &chunk[k + 1..], out);
            continue;
        }
        // "to 1920w", "1080h": a width or a height in pixels, written short.
        // (A stop after it ends the sentence: "to 1920w.")
        let bare = lower.trim_end_matches('.');
        if let Some((n, side)) = side_in_pixels(bare) {
            let stops = &lower[bare.len()..];
            chunk_tokens(&format!("{n}px"), chunk, out);
            let side = format!("{side}{stops}");
            chunk_tokens(&side, &side, out);
            continue;
        }
        chunk_tokens(&lower, chunk, out);
    }
    join_phrases(out, start);
    too_typos(out, start);
}

/// "1920w" as ("1920", "wide"), "1080h" as ("1080", "high"): three to five
/// digits and the side's letter.
fn side_in_pixels(c: &str) -> Option<(&str, &str)> {
    let side = match c.as_bytes().last()? {
        b'w' => "wide",
        b'h' => "high",
        _ => return None,
    };
    let n = &c[..c.len() - 1];
    ((3..=5).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit())).then_some((n, side))
}

/// "it's to big", "file is tool large", "way two long": "too" mistyped as a
/// real word, told by the copula or intensifier before and the size after.
fn too_typos(out: &mut [Tok], start: usize) {
    const BEFORE: &[&str] = &[
        "is", "are", "was", "were", "be", "being", "been", "get", "gets", "getting", "way", "far",
        "much", "seems", "still", "just", "always",
    ];
    const AFTER: &[&str] = &[
        "big", "large", "long", "heavy", "huge", "small", "short", "loud", "quiet", "dark",
        "bright", "slow", "fast", "high", "low", "blurry", "grainy", "much", "many",
    ];
    for i in start.max(1)..out.len().saturating_sub(1) {
        let typo = matches!(out[i].word(), Some("to" | "tool" | "two" | "toon"));
        // "is there a way to slow it down": a way, not "way too".
        let a_way = out[i - 1].is_any(&["way"])
            && i >= 2
            && out[i - 2].is_any(&["a", "any", "the", "no", "easy", "best", "simple", "better"]);
        // "pic to big": a file's noun, the verb left out, the sentence
        // ending there.
        let noun_said = out[i - 1].is_any(&["image", "video", "file", "photo", "audio", "gif"])
            && out.get(i + 2).is_none_or(|t| matches!(t.t, T::Sep));
        if typo
            && !a_way
            && (out[i - 1].word().is_some_and(|w| BEFORE.contains(&w)) || noun_said)
            && out[i + 1].word().is_some_and(|w| AFTER.contains(&w))
        {
            out[i].t = T::Word("too".into());
        }
    }
}

/// "mov2mp4" → ("mov", "mp4"): both sides formats.
fn format_to_format(c: &str) -> Option<(&str, &str)> {
    c.match_indices('2').find_map(|(k, _)| {
        let (from, to) = (&c[..k], &c[k + 1..]);
        (lexicon::format_word(from).is_some() && lexicon::format_word(to).is_some())
            .then_some((from, to))
    })
}

/// "1080p60" → ("1080p", "60"), "4k30" → ("4k", "30").
fn size_and_rate(c: &str) -> Option<(&str, &str)> {
    let cut = c.find(['p', 'k'])? + 1;
    let (size, fps) = c.split_at(cut);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|ch| ch.is_ascii_digit());
    (digits(&size[..size.len() - 1]) && digits(fps) && fps.len() <= 3).then_some((size, fps))
}

/// Phrases that read as one word even across "and" (which splits
/// clauses): "black and white" → grayscale, "forward and backward" →
/// boomerang, "fade in and out" → fade in out.
fn join_phrases(out: &mut Vec<Tok>, start: usize) {
    let mut i = start;
    while i + 1 < out.len() {
        let w = |k: usize| out.get(k).and_then(|t| t.word()).unwrap_or("");
        let and = |k: usize| matches!(w(k), "and" | "n" | "or" | "then" | "to");
        let (n, into): (usize, &[&str]) = match (w(i), w(i + 1), w(i + 2)) {
            // ("black/white" is; "fade to black or white" is a colour.)
            ("black" | "b", "and" | "n" | "or", "white" | "w")
                if !out[i + 1].orig.eq_ignore_ascii_case("or") =>
            {
                (3, &["grayscale"])
            }
            ("black", "white", _) | ("gray", "resize", _) => (2, &["grayscale"]),
            ("forward" | "forwards", _, "backward" | "backwards" | "reverse" | "reversed")
                if and(i + 1) =>
            {
                (3, &["boomerang"])
            }
            // ("to avoid unnecessary back-and-forth": emails, not a clip.)
            ("back", "and", "forth") => {
                let talk = i > 0
                    && matches!(
                        w(i - 1),
                        "unnecessary"
                            | "avoid"
                            | "the"
                            | "a"
                            | "some"
                            | "lots"
                            | "of"
                            | "much"
                            | "more"
                            | "less"
                            | "any"
                            | "no"
                            | "endless"
                            | "constant"
                    );
                (3, if talk { &["it"] } else { &["boomerang"] })
            }
            ("ping", "pong", _) => (2, &["boomerang"]),
            ("in", _, "out") if and(i + 1) && i > 0 && w(i - 1) == "fade" => (3, &["in", "out"]),
            ("start" | "beginning", "and" | "n", "end" | "ending") => (3, &["start", "end"]),
            ("leading", "and" | "n" | "or", "trailing") => (3, &["leading", "trailing"]),
            (
                "not" | "no" | "nothing" | "none",
                "more" | "larger" | "bigger" | "longer" | "greater",
                "than",
            ) => (3, &["max"]),
            ("not", "exceed" | "exceeding", _) => (2, &["max"]),
            // "must not be longer than 60 seconds", "no song more than 20sec".
            ("not", "be", "more" | "larger" | "bigger" | "longer" | "greater")
            | ("no", _, "more" | "longer")
                if w(i + 3) == "than" && !matches!(w(i + 1), "" | "more") =>
            {
                (4, &["max"])
            }
            // "200kb or less", "30 seconds or shorter".
            // ("or lowering its quality" is a step of its own.)
            ("or", "less" | "smaller" | "lower" | "under" | "below" | "shorter", next)
                if !matches!(next, "its" | "the" | "their" | "it" | "them" | "quality") =>
            {
                (2, &["max"])
            }
            ("aac", "or", "mp4" | "m4a") => (3, &["aac"]),
            // "ogg/opus": Opus in Ogg, one format.
            ("ogg", "or", "opus") => (3, &["ogg"]),
            ("apple", "lossless", _) => (2, &["alac"]),
            // "serve images in next-gen formats" (as page audits say it).
            ("next", "gen" | "generation", "format" | "formats" | "image" | "images") => {
                (2, &["webp"])
            }
            // "without having to convert": a need, whatever the form.
            ("having" | "needing", "to", _) => (2, &["have", "to"]),
            // "the snipping tool": a screenshot app, no trim.
            ("snip" | "snipping", "tool" | "tools", _) => (2, &["app"]),
            ("shadow", "play", _) => (2, &["app"]),
            ("side", "ways", _) => (2, &["sideways"]),
            // "make it more slow", as often written by those who learnt
            // English late.
            ("more", "slow", _) => (2, &["slower"]),
            ("more", "fast", _) => (2, &["faster"]),
            ("more", "small", _) => (2, &["smaller"]),
            ("more", "big", _) => (2, &["bigger"]),
            ("more", "loud", _) => (2, &["louder"]),
            ("more", "quiet", _) => (2, &["quieter"]),
            ("more", "short", _) => (2, &["shorter"]),
            ("bit", "rate", _) => (2, &["bitrate"]),
            // "audio wave amplitude", "the wave form": a sound's shape, no WAV.
            ("wav" | "wave", "amplitude" | "form" | "forms" | "shape" | "pattern", _) => {
                (2, &["waveform"])
            }
            ("screen", "shot" | "shots", _) => (2, &["screenshot"]),
            // "my mp3 player", "a DVD player": a device, no format asked.
            ("mp3" | "mp4" | "dvd" | "cd" | "blu", "player" | "players", _) => (2, &["player"]),
            // "the option is greyed out": not available, no colour asked.
            (_, "out", _)
                if matches!(
                    out[i].orig.to_ascii_lowercase().as_str(),
                    "greyed" | "grayed"
                ) =>
            {
                (2, &["disabled"])
            }
            // "the import module seems to grey out GIF or PNG": not available.
            (_, "out", third)
                if i > 0
                    && w(i - 1) == "to"
                    && matches!(out[i].orig.to_ascii_lowercase().as_str(), "grey" | "gray")
                    && !matches!(third, "the" | "my" | "all" | "this" | "your" | "everything") =>
            {
                (2, &["disabled"])
            }
            // "the photo frame": a device showing pictures, no video frame.
            ("image" | "picture" | "digital", "frame", _)
                if matches!(
                    out[i].orig.to_ascii_lowercase().as_str(),
                    "photo" | "picture" | "digital"
                ) =>
            {
                (2, &["player"])
            }
            ("through" | "normally" | "forwards", _, "reverses" | "reversed" | "backwards")
                if and(i + 1) =>
            {
                (3, &["boomerang"])
            }
            ("through" | "normally", "and", "then") if w(i + 3).starts_with("revers") => {
                (4, &["boomerang"])
            }
            _ => (0, &[]),
        };
        if n > 0 {
            let orig = out[i..i + n]
                .iter()
                .map(|t| t.orig.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let toks: Vec<Tok> = into
                .iter()
                .map(|w| Tok {
                    t: T::Word((*w).into()),
                    orig: orig.clone(),
                })
                .collect();
            out.splice(i..i + n, toks);
        }
        i += 1;
    }
}

/// The extension of a file name ("clip_01.mp4" → "mp4"), if it names a
/// format.
fn file_name_extension(c: &str) -> Option<&str> {
    let (stem, ext) = c.rsplit_once('.')?;
    let named = lexicon::format_word(ext).is_some() || lexicon::codec_word(ext).is_some();
    (named && !stem.is_empty() && !stem.starts_with(|ch: char| ch.is_ascii_digit())).then_some(ext)
}

/// "10/25/50": a list of choices, not a fraction.
fn is_number_list(c: &str) -> bool {
    c.matches('/').count() > 1
        || c.split_once('/').is_some_and(|(a, b)| {
            let b = b.trim_end_matches('x');
            // "1/4" is a fraction; "10/25" two values.
            a.len() > 1 || b.len() > 2 || b.parse::<f64>().map_or(true, |d| d <= 1.0 || d > 16.0)
        })
}

/// "set it to **800x800**", "every *x* pages": Markdown's emphasis marks
/// go; a star between two letters or digits ("2000*2000") stays.
fn without_emphasis(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let inner = |k: usize| {
        k > 0
            && chars[k - 1].is_alphanumeric()
            && chars.get(k + 1).is_some_and(|c| c.is_alphanumeric())
    };
    chars
        .iter()
        .enumerate()
        .filter(|&(k, c)| *c != '*' || inner(k))
        .map(|(_, c)| *c)
        .collect()
}

/// "it is up side down": the one word, written apart.
fn up_side_down(text: &str) -> String {
    let phrase = "up side down";
    let found = text.char_indices().map(|(k, _)| k).find(|&k| {
        text.get(k..k + phrase.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(phrase))
    });
    match found {
        Some(k) => format!("{}upside{}", &text[..k], &text[k + "up side".len()..]),
        None => text.to_string(),
    }
}

/// "make it gray - the people in the office need it": a dash before a
/// subject breaks the clause ("Allow - experimental - conversion" stays).
fn dash_breaks(text: &str) -> String {
    const SUBJECT: &[&str] = &[
        "the", "my", "our", "i", "i'm", "i'll", "it", "it's", "we", "they", "he", "she", "this",
        "that", "people", "there",
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(k) = rest.find(" - ") {
        let next = rest[k + 3..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        out.push_str(&rest[..k]);
        out.push_str(if SUBJECT.contains(&next.as_str()) {
            " , "
        } else {
            " - "
        });
        rest = &rest[k + 3..];
    }
    out.push_str(rest);
    out
}

/// ":)", ":-(", ";)", ":D" standing apart: a face, said nothing.
fn without_emoticons(text: &str) -> String {
    const FACES: &[&str] = &[
        ":-)", ":-(", ";-)", ":-D", ":-/", ":')", ":'(", ":)", ":(", ";)", ":D", ":P", ":p", ":/",
        "xD", "XD", "^^", "<3",
    ];
    text.split(' ')
        .map(|w| {
            let face = FACES.iter().find(|f| {
                w.strip_prefix(**f)
                    .is_some_and(|rest| rest.chars().all(|c| ".,!?)".contains(c)))
            });
            match face {
                Some(f) => &w[f.len()..],
                None => w,
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Abbreviations whose full stop ends no sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "eg.", "i.e.", "ie.", "etc.", "vs.", "approx.", "min.", "sec.", "secs.", "mins.",
    "no.", "ca.", "resp.", "incl.", "ex.", "max.",
];

fn chunk_tokens(chunk: &str, orig: &str, out: &mut Vec<Tok>) {
    // A trailing full stop or colon ends a sentence (kept as written).
    let mut end_sep: Option<&str> = None;
    let mut c = chunk;
    let abbreviation = ABBREVIATIONS.contains(&chunk);
    while let Some(stripped) = c
        .strip_suffix('.')
        .or_else(|| c.strip_suffix(':'))
        .or_else(|| c.strip_suffix('\''))
        .or_else(|| c.strip_suffix('-'))
    {
        if c.ends_with(':') {
            end_sep = Some(":");
        } else if c.ends_with('.') && end_sep.is_none() && !abbreviation {
            end_sep = Some(".");
        }
        c = stripped;
    }
    // ".75x", ".5 seconds": a fraction written without its naught.
    let fraction = c
        .strip_prefix('.')
        .filter(|rest| rest.starts_with(|ch: char| ch.is_ascii_digit()))
        .map(|rest| format!("0.{rest}"));
    let c = match &fraction {
        Some(f) => f.as_str(),
        None => c.trim_start_matches(['\'', '.', ':']),
    };
    if !c.is_empty() {
        let orig = orig.trim_matches(['.', ':', '\'']);
        if let Some(ext) = file_name_extension(c) {
            // "slide-jigsaw.png": a file, named by its format.
            push_word(ext, orig, out);
        } else if let Some(t) = number_token(c).filter(|_| !is_number_list(c)) {
            out.push(Tok {
                t,
                orig: orig.to_string(),
            });
        } else if c.contains(':')
            && c.split(':')
                .all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_alphabetic()))
        {
            // "Eg:If": two words a colon joins.
            for (i, part) in c.split(':').enumerate() {
                if i > 0 {
                    out.push(Tok {
                        t: T::Sep,
                        orig: ":".into(),
                    });
                }
                chunk_tokens(part, part, out);
            }
        } else if c.contains('/') && !c.starts_with('/') {
            let parts: Vec<&str> = c.split('/').collect();
            for (i, part) in parts.iter().copied().enumerate() {
                if !part.is_empty() {
                    // "frames/sec" is a rate, not a choice.
                    let rate = i > 0
                        && matches!(parts[i - 1].to_lowercase().as_str(), "frame" | "frames")
                        && matches!(
                            part.to_lowercase().as_str(),
                            "s" | "sec" | "secs" | "second" | "seconds"
                        );
                    if i > 0 && !rate {
                        out.push(Tok {
                            t: T::Word("or".into()),
                            orig: "/".into(),
                        });
                    }
                    chunk_tokens(part, part, out);
                }
            }
        } else if c.contains('-') && !c.starts_with('-') {
            let joined: String = c.chars().filter(|&ch| ch != '-').collect();
            if lexicon::is_known(&joined) {
                push_word(&joined, orig, out);
            } else {
                for (n, part) in c.split('-').filter(|p| !p.is_empty()).enumerate() {
                    // "2:30-end": from that time to the end.
                    let timed = matches!(out.last().map(|t| &t.t), Some(T::Clock { .. }));
                    if n > 0 && timed && part.eq_ignore_ascii_case("end") {
                        out.push(Tok {
                            t: T::Word("to".into()),
                            orig: "-".into(),
                        });
                    }
                    chunk_tokens(part, part, out);
                }
            }
        } else {
            let w: String = c
                .chars()
                .filter(|ch| ch.is_alphanumeric() || "'@#©_".contains(*ch))
                .collect();
            if !w.is_empty() {
                push_word(&w, orig, out);
            }
        }
    }
    if let Some(sep) = end_sep {
        out.push(Tok {
            t: T::Sep,
            orig: sep.into(),
        });
    }
}

fn push_word(w: &str, orig: &str, out: &mut Vec<Tok>) {
    let base = w.trim_end_matches("'s").trim_end_matches("’s");
    // "what's the resolution", "it's sideways": the verb is kept.
    let is = base.len() < w.len()
        && matches!(
            base,
            "it" | "what" | "that" | "there" | "here" | "who" | "where" | "how" | "this"
        );
    let (base, is) = match base {
        "whats" | "thats" => (&base[..base.len() - 1], true),
        _ => (base, is),
    };
    let w = base;
    if is {
        out.push(Tok {
            t: T::Word(w.to_string()),
            orig: orig.to_string(),
        });
        out.push(Tok {
            t: T::Word("is".into()),
            orig: orig.to_string(),
        });
        return;
    }
    // "PicView", "ImageGlass": a name written in camel case, no typo of a
    // word ("preview").
    let camel = orig
        .chars()
        .zip(orig.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    // "TLLTS", "KCC": a short name in capitals, no typo of a word ("tilt").
    let acronym = (3..=6).contains(&orig.len()) && orig.chars().all(|c| c.is_ascii_uppercase());
    let fixed = if camel || acronym {
        w.to_string()
    } else {
        lexicon::correct(w)
    };
    for lemma in lexicon::lemma(&fixed) {
        out.push(Tok {
            t: T::Word(lemma.to_string()),
            orig: orig.to_string(),
        });
    }
}

fn unit_of(s: &str) -> Option<(Unit, f64)> {
    Some(match s {
        "px" | "pixel" | "pixels" | "pix" | "pxs" => (Unit::Px, 1.0),
        "%" | "percent" | "pct" | "pc" | "per cent" | "procent" => (Unit::Pct, 1.0),
        // ("1080ps": the plural some write.)
        "p" | "ps" => (Unit::P, 1.0),
        // ("2Mo", "700Ko": octets, as French writes bytes.)
        "mb" | "megabyte" | "megabytes" | "meg" | "megs" | "mib" | "mbs" | "mo" | "mbyte"
        | "mbytes" => (Unit::Mb, 1.0),
        "kb" | "kilobyte" | "kilobytes" | "kib" | "ko" | "kbyte" | "kbytes" => (Unit::Kb, 1.0),
        "gb" | "gigabyte" | "gigabytes" | "gig" | "gigs" | "gib" | "gbyte" | "gbytes" => {
            (Unit::Gb, 1.0)
        }
        "x" | "times" | "×" => (Unit::X, 1.0),
        "deg" | "degree" | "degrees" | "degs" | "º" => (Unit::Deg, 1.0),
        "s" | "sec" | "secs" | "second" | "seconds" | "seconde" | "secons" | "seconts" => {
            (Unit::Sec, 1.0)
        }
        "ms" | "millisecond" | "milliseconds" | "msec" => (Unit::Sec, 0.001),
        "m" | "min" | "mins" | "minute" | "minutes" | "minuts" | "minuets" => (Unit::Sec, 60.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => (Unit::Sec, 3600.0),
        "fps" | "framerate" => (Unit::Fps, 1.0),
        "hz" | "hertz" => (Unit::Hz, 1.0),
        // ("44.1Mhz": no sound is sampled in megahertz; kilohertz meant.)
        "khz" | "kilohertz" | "mhz" | "ksps" => (Unit::Hz, 1000.0),
        "kbps" | "kbit" | "kbits" | "kbs" | "kbp" | "kbitps" | "kpbs" => (Unit::Kbps, 1.0),
        "mbps" | "mbit" | "mbits" => (Unit::Kbps, 1000.0),
        "db" | "decibel" | "decibels" | "dbs" => (Unit::Db, 1.0),
        "k" => (Unit::K, 1.0),
        _ => return None,
    })
}

fn parse_num(s: &str) -> Option<f64> {
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return None;
    }
    let v: f64 = s.parse().ok()?;
    v.is_finite().then_some(v)
}

/// A chunk that is a number, a number with a unit, a size or a clock time.
fn number_token(c: &str) -> Option<T> {
    // "1.50GB's": a plural written with an apostrophe.
    let c = c
        .strip_suffix("'s")
        .or_else(|| c.strip_suffix("’s"))
        .filter(|n| n.ends_with(|ch: char| ch.is_ascii_alphabetic()))
        .unwrap_or(c);
    let first = c.chars().next()?;
    if !(first.is_ascii_digit()
        || ((first == '.' || first == '-' || first == '+')
            && c[1..].starts_with(|ch: char| ch.is_ascii_digit())))
    {
        // "x2" = 2 times (not "x264", a codec)
        let factor = c
            .strip_prefix('x')
            .filter(|r| r.starts_with(|ch: char| ch.is_ascii_digit()) && r.len() <= 4)
            .filter(|_| lexicon::codec_word(c).is_none());
        if let Some(n) = factor.and_then(parse_num) {
            return Some(T::Qty(n, Unit::X));
        }
        return None;
    }
    // Fractions: "1/4x", "1/2".
    if let Some((a, b)) = c.split_once('/') {
        let b_num = b.trim_end_matches('x');
        let (a, d) = (parse_num(a)?, parse_num(b_num)?);
        if d == 0.0 {
            return None;
        }
        let v = a / d;
        return Some(if b.ends_with('x') {
            T::Qty(v, Unit::X)
        } else {
            T::Num(v)
        });
    }
    // Clock times and ratios.
    if c.contains(':') {
        let parts: Vec<&str> = c.split(':').collect();
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        // "scale=1280:720", "forced to 400:400": a size written as a filter
        // takes it, no clock time (its seconds would pass 59).
        if let [w, h] = parts[..] {
            if let (Ok(w), Ok(h)) = (w.parse::<u32>(), h.parse::<u32>()) {
                if w >= 100 && h >= 100 {
                    return Some(T::Dims(w, h));
                }
            }
        }
        let mut secs = 0.0;
        for (i, p) in parts.iter().enumerate() {
            let v = parse_num(p)?;
            if i > 0 && v >= 60.0 {
                return None;
            }
            secs = secs * 60.0 + v;
        }
        let ratio = if parts.len() == 2 {
            let a: Option<u32> = parts[0].parse().ok();
            let b: Option<u32> = parts[1].parse().ok();
            match (a, b) {
                (Some(a), Some(b)) if a > 0 && b > 0 && !parts[1].starts_with('0') => Some((a, b)),
                // "2.35:1": a shape written with decimals.
                _ if parts[0].contains('.') => decimal_ratio(parts[0], parts[1]),
                _ => None,
            }
        } else {
            None
        };
        return Some(T::Clock { secs, ratio });
    }
    // Sizes: 1280x720, 1280*720, 640x480p.
    for sep in ['x', '*'] {
        if let Some((a, b)) = c.split_once(sep) {
            let b = b.trim_end_matches("px");
            let b = b.strip_suffix('p').unwrap_or(b);
            let (a, b) = (thousands(a), thousands(b));
            if let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) {
                // "from 4x3 to 16x9": a shape, as "16:9", not pixels.
                if ASPECTS.contains(&(a, b)) && sep == 'x' {
                    let secs = f64::from(a) * 60.0 + f64::from(b);
                    return Some(T::Clock {
                        secs,
                        ratio: Some((a, b)),
                    });
                }
                return Some(T::Dims(a, b));
            }
        }
    }
    // Compound durations: 1m30s, 1h2m, 2min30, 1m30.
    let mut total = 0.0;
    let mut any_unit = false;
    let mut rest = c;
    let mut pairs = 0;
    let mut last_unit: Option<(Unit, f64)> = None;
    let mut lone = None;
    while !rest.is_empty() {
        let n_end = rest
            .find(|ch: char| !(ch.is_ascii_digit() || ch == '.' || ch == '-' || ch == '+'))
            .unwrap_or(rest.len());
        let n = parse_num(&rest[..n_end])?;
        rest = &rest[n_end..];
        let u_end = rest
            .find(|ch: char| ch.is_ascii_digit() || ch == '.')
            .unwrap_or(rest.len());
        let u = &rest[..u_end];
        rest = &rest[u_end..];
        pairs += 1;
        if u.is_empty() {
            // "1m30": the remainder is in the next smaller unit.
            match last_unit {
                Some((Unit::Sec, 60.0)) => total += n,
                Some((Unit::Sec, 3600.0)) => total += n * 60.0,
                None => lone = Some(n),
                _ => return None,
            }
            continue;
        }
        let (unit, mul) = unit_of(u)?;
        if pairs > 1 && unit != Unit::Sec {
            return None;
        }
        any_unit = true;
        last_unit = Some((unit, mul));
        if unit == Unit::Sec {
            total += n * mul;
        } else if unit == Unit::X && n >= 100.0 && u == "x" {
            // "1600x" (a width, its height left open), not 1600 times.
            return rest.is_empty().then_some(T::Qty(n, Unit::Px));
        } else {
            return rest.is_empty().then_some(T::Qty(n * mul, unit)).or(None);
        }
    }
    if any_unit {
        return Some(T::Qty(total, Unit::Sec));
    }
    lone.map(T::Num)
}

/// Number words.
fn word_number(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        _ => return None,
    })
}

/// "min" in "min 13" (a time unit written before its number): seconds per
/// unit.
fn unit_before(toks: &[Tok], i: usize) -> Option<f64> {
    let after_num = i > 0 && matches!(toks[i - 1].t, T::Num(_) | T::Qty(..));
    if after_num {
        return None;
    }
    match toks[i].word()? {
        "min" | "mins" | "minute" | "minutes" => Some(60.0),
        "sec" | "secs" | "second" | "seconds" => Some(1.0),
        _ => None,
    }
}

fn whole(v: f64) -> bool {
    v >= 1.0 && v.fract() == 0.0 && v < 1e6
}

/// Pushes a token, joining "1 min" + "30 s" into one time.
fn push_qty(out: &mut Vec<Tok>, tok: Tok) {
    if let T::Qty(v, Unit::Sec) = tok.t {
        if let Some(prev) = out.last_mut() {
            if let T::Qty(pv, Unit::Sec) = prev.t {
                if pv >= 60.0 && v < 60.0 && pv % 60.0 == 0.0 {
                    prev.t = T::Qty(pv + v, Unit::Sec);
                    return;
                }
            }
        }
    }
    out.push(tok);
}

/// Joins numbers with the unit words after them (`800 px`, `5 seconds`,
/// `frames per second`), reads number words, and `1 min 30 s`.
/// The number written in words at `i` and how many words it takes.
fn number_in_words(toks: &[Tok], i: usize) -> Option<(f64, usize)> {
    let w = toks[i].word()?;
    let n = word_number(w)?;
    let next = toks.get(i + 1).and_then(|t| t.word());
    // "twenty five", "twenty-four": tens and units in words.
    let units = next
        .and_then(word_number)
        .filter(|&u| (20.0..100.0).contains(&n) && n % 10.0 == 0.0 && (1.0..10.0).contains(&u));
    if let Some(u) = units {
        return Some((n + u, 2));
    }
    // "one" alone is often a pronoun: only before a unit or number context.
    let next_is_unit = next
        .is_some_and(|u| unit_of(u).is_some() || matches!(u, "frame" | "frames" | "fps" | "per"));
    (w != "one" || next_is_unit).then_some((n, 1))
}

/// "min 13 - 17", "second 10": the unit before the number, and in "mins 13
/// to 17" the end of the range too. The index after them, or `None`.
fn unit_first(toks: &[Tok], i: usize, out: &mut Vec<Tok>) -> Option<usize> {
    let mul = unit_before(toks, i)?;
    let T::Num(n) = toks.get(i + 1)?.t else {
        return None;
    };
    out.push(Tok {
        t: T::Qty(n * mul, Unit::Sec),
        orig: format!("{} {}", toks[i].orig, toks[i + 1].orig),
    });
    let i = i + 2;
    let link = toks
        .get(i)
        .is_some_and(|t| t.is_any(&["to", "till", "until", "through", "and"]));
    let k = if link { i + 1 } else { i };
    let Some(T::Num(m)) = toks.get(k).map(|t| &t.t) else {
        return Some(i);
    };
    if link {
        out.push(toks[i].clone());
    }
    out.push(Tok {
        t: T::Qty(m * mul, Unit::Sec),
        orig: toks[k].orig.clone(),
    });
    Some(k + 1)
}

fn merge_units(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let mut tok = toks[i].clone();
        if let Some((n, words)) = number_in_words(&toks, i) {
            tok.t = T::Num(n);
            i += words - 1;
        }
        // "120x speed": a pace, not a width of 120.
        if matches!(tok.t, T::Qty(_, Unit::Px))
            && tok.orig.to_lowercase().ends_with('x')
            && toks
                .get(i + 1)
                .is_some_and(|t| t.is_any(&["speed", "faster", "slower", "playback"]))
        {
            if let T::Qty(n, _) = tok.t {
                tok.t = T::Qty(n, Unit::X);
            }
        }
        // "half a second", "half a megabyte"
        if tok.word() == Some("half") && toks.get(i + 1).is_some_and(|t| t.is_any(&["a", "an"])) {
            if let Some((unit, mul)) = toks.get(i + 2).and_then(|t| t.word()).and_then(unit_of) {
                if unit != Unit::P && unit != Unit::K {
                    out.push(Tok {
                        t: T::Qty(0.5 * mul, unit),
                        orig: tok.orig,
                    });
                    i += 3;
                    continue;
                }
            }
        }
        if let T::Num(n) = tok.t {
            // "250 x250": a size split oddly.
            if let Some(Tok {
                t: T::Qty(m, Unit::X),
                orig,
            }) = toks.get(i + 1)
            {
                if orig.to_lowercase().starts_with('x') && whole(n) && whole(*m) {
                    out.push(Tok {
                        t: T::Dims(n as u32, *m as u32),
                        orig: tok.orig,
                    });
                    i += 2;
                    continue;
                }
            }
            // "1280 x 720", "1280 by 720"
            let w1 = toks.get(i + 1).and_then(|t| t.word());
            // ("pages 2-3 by 90 degrees": a turn, not a size.)
            let turn_after = w1 == Some("by")
                && toks.get(i + 3).and_then(|t| t.word()).is_some_and(|w| {
                    matches!(w, "degree" | "degrees" | "deg" | "percent" | "times")
                });
            if matches!(w1, Some("x" | "by" | "*")) && !turn_after {
                let m = match toks.get(i + 2).map(|t| &t.t) {
                    Some(T::Num(m) | T::Qty(m, Unit::Px)) => Some(m),
                    _ => None,
                };
                if let Some(m) = m {
                    if n >= 1.0
                        && *m >= 1.0
                        && n.fract() == 0.0
                        && m.fract() == 0.0
                        && n < 1e6
                        && *m < 1e6
                    {
                        out.push(Tok {
                            t: T::Dims(n as u32, *m as u32),
                            orig: tok.orig,
                        });
                        i += 3;
                        continue;
                    }
                }
            }
            // "frames per second"
            let w1 = toks.get(i + 1).and_then(|t| t.word());
            let w2 = toks.get(i + 2).and_then(|t| t.word());
            let w3 = toks.get(i + 3).and_then(|t| t.word());
            // ("frames a second", "frames / second": the slash is gone.)
            let per_second = |w: Option<&str>| matches!(w, Some("second" | "sec" | "s"));
            if matches!(w1, Some("frame" | "frames")) {
                let words = if matches!(w2, Some("per" | "a" | "an" | "each")) && per_second(w3) {
                    Some(4)
                } else if per_second(w2) {
                    Some(3)
                } else {
                    None
                };
                if let Some(words) = words {
                    out.push(Tok {
                        t: T::Qty(n, Unit::Fps),
                        orig: tok.orig,
                    });
                    i += words;
                    continue;
                }
            }
            if w1 == Some("per") && w2 == Some("cent") {
                out.push(Tok {
                    t: T::Qty(n, Unit::Pct),
                    orig: tok.orig,
                });
                i += 3;
                continue;
            }
            if let Some((unit, mul)) = w1.and_then(unit_of) {
                // "m" alone after a number is minutes; "p" needs to be attached.
                if unit != Unit::P && unit != Unit::K || w1 == Some("k") {
                    push_qty(
                        &mut out,
                        Tok {
                            t: T::Qty(n * mul, unit),
                            orig: format!("{} {}", tok.orig, toks[i + 1].orig),
                        },
                    );
                    i += 2;
                    continue;
                }
            }
        }
        if let Some(next) = unit_first(&toks, i, &mut out) {
            i = next;
            continue;
        }
        // "1 min 30": the number after whole minutes is seconds.
        if let T::Num(v) = tok.t {
            if let Some(prev) = out.last_mut() {
                if let T::Qty(pv, Unit::Sec) = prev.t {
                    if pv >= 60.0
                        && pv % 60.0 == 0.0
                        && (0.0..60.0).contains(&v)
                        && prev.orig.chars().all(|c| c.is_ascii_digit() || c == '.')
                    {
                        prev.t = T::Qty(pv + v, Unit::Sec);
                        i += 1;
                        continue;
                    }
                }
            }
        }
        push_qty(&mut out, tok);
        i += 1;
    }
    out
}

/// "2.35" : "1" as whole terms in lowest form (47:20).
fn decimal_ratio(a: &str, b: &str) -> Option<(u32, u32)> {
    let (a, b) = (parse_num(a)?, parse_num(b)?);
    if !(a > 0.0 && b > 0.0 && a <= 100.0 && b <= 100.0) {
        return None;
    }
    let (mut x, mut y) = ((a * 100.0).round() as u32, (b * 100.0).round() as u32);
    let (mut p, mut q) = (x, y);
    while q != 0 {
        (p, q) = (q, p % q);
    }
    if p == 0 || x == 0 || y == 0 {
        return None;
    }
    x /= p;
    y /= p;
    Some((x, y))
}

/// Kilobytes as kiln's megabytes (1,000,000 bytes): a whole number of
/// 1024s ("8192 kB", "1024KB") is that many binary megabytes, said as
/// megabytes (8, 1), a little under the limit meant; other counts are
/// thousands ("500kb" is 0.5).
pub fn kb_in_mb(v: f64) -> f64 {
    if v >= 1024.0 && v % 1024.0 == 0.0 {
        v / 1024.0
    } else {
        v / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Vec<T> {
        tokenize(s).into_iter().map(|t| t.t).collect()
    }

    #[test]
    fn numbers_with_units() {
        assert_eq!(ts("800px"), vec![T::Qty(800.0, Unit::Px)]);
        assert_eq!(ts("800 px"), vec![T::Qty(800.0, Unit::Px)]);
        assert_eq!(ts("50%"), vec![T::Qty(50.0, Unit::Pct)]);
        assert_eq!(ts("720p"), vec![T::Qty(720.0, Unit::P)]);
        assert_eq!(ts("720ps"), vec![T::Qty(720.0, Unit::P)]);
        assert_eq!(
            ts("1080pHD."),
            vec![T::Qty(1080.0, Unit::P), T::Word("hd".into()), T::Sep]
        );
        assert_eq!(ts("25p"), vec![T::Qty(25.0, Unit::Fps)]);
        assert_eq!(ts("25 frames / second"), vec![T::Qty(25.0, Unit::Fps)]);
        assert_eq!(ts("10MB"), vec![T::Qty(10.0, Unit::Mb)]);
        assert_eq!(
            ts("< 4mb"),
            vec![T::Word("under".into()), T::Qty(4.0, Unit::Mb)]
        );
        assert!(!ts("I <3 NY").contains(&T::Word("under".into())));
        assert_eq!(ts("sd card"), vec![T::Word("sdcard".into())]);
        assert_eq!(ts("1.5x"), vec![T::Qty(1.5, Unit::X)]);
        assert_eq!(ts("90°"), vec![T::Qty(90.0, Unit::Deg)]);
        assert_eq!(
            ts("0:10"),
            vec![T::Clock {
                secs: 10.0,
                ratio: None
            }]
        );
        assert_eq!(ts("1m30s"), vec![T::Qty(90.0, Unit::Sec)]);
        assert_eq!(ts("1 min 30 s"), vec![T::Qty(90.0, Unit::Sec)]);
        assert_eq!(ts("five seconds"), vec![T::Qty(5.0, Unit::Sec)]);
        assert_eq!(ts("1280x720"), vec![T::Dims(1280, 720)]);
        assert_eq!(ts("900 pixels by 600 pixels"), vec![T::Dims(900, 600)]);
        assert_eq!(ts("1024px * 768px"), vec![T::Dims(1024, 768)]);
        assert_eq!(
            ts("Windows Media Audio"),
            vec![T::Word("wma".into()), T::Word("audio".into())]
        );
        // Thousands dots and other multiplication signs.
        assert_eq!(ts("1.200x630px"), vec![T::Dims(1200, 630)]);
        assert_eq!(ts("1200 ✕ 630"), vec![T::Dims(1200, 630)]);
        assert_eq!(ts("1.5x"), vec![T::Qty(1.5, Unit::X)]);
        assert_eq!(ts("30 frames per second"), vec![T::Qty(30.0, Unit::Fps)]);
        assert_eq!(
            ts("16:9"),
            vec![T::Clock {
                secs: 969.0,
                ratio: Some((16, 9))
            }]
        );
        assert_eq!(ts("4k"), vec![T::Qty(4.0, Unit::K)]);
        assert_eq!(ts("-90"), vec![T::Num(-90.0)]);
    }

    #[test]
    fn quotes_keep_their_case() {
        let t = tokenize("add the text \"Hello World\" top left");
        assert!(t.iter().any(|t| t.t == T::Quote("Hello World".into())));
        let t = tokenize("don't touch it");
        assert!(!t.iter().any(|t| matches!(t.t, T::Quote(_))));
        // An inch mark opens no quote.
        let t = tokenize("2.0625\" wide x 1.8125\" high");
        assert!(!t.iter().any(|t| matches!(t.t, T::Quote(_))), "{t:?}");
    }

    #[test]
    fn pixel_sides_named_between_are_one_size() {
        assert_eq!(
            ts("618 pixels wide x 543 pixels high"),
            vec![T::Dims(618, 543)]
        );
        assert_eq!(ts("800 px wide by 600 px"), vec![T::Dims(800, 600)]);
    }
}
