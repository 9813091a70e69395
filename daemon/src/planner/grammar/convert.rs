//! `convert`: a target format ("convert to mp4", "save as jpeg").

use super::{Clause, Found, Intent};
use crate::media::ops::{Convert, Format, MediaKind, VideoCodec};
use crate::planner::lexicon::{format_word, FormatWord};
use crate::planner::tokens::{Unit, T};

/// The quality of a WebP asked without one (libwebp's usual).
pub(crate) const WEBP_QUALITY: u8 = 75;

/// Words of a high or a low picture quality ("in high quality", "low
/// quality"), and of one not to lower ("without losing quality").
pub(crate) const QUALITY_HIGH: &[&str] = &[
    "high",
    "highest",
    "best",
    "good",
    "great",
    "top",
    "excellent",
    "full",
];
pub(crate) const QUALITY_LOW: &[&str] = &["low", "lower", "lowest"];
pub(crate) const QUALITY_KEPT: &[&str] =
    &["without", "not", "no", "never", "lose", "losing", "keep"];

/// "formats restricted to JPEG/PNG/WebP", "(JPEG/WEBP, max 10 MB)" of a
/// jpg: formats allowed, joined by "or", slashes or commas, the file's own
/// among them, and none led by "to" unless no verb of converting is said.
fn allowed_formats(c: &Clause, fmts: &[(usize, FormatWord)]) -> bool {
    let converting = c.has(&[
        "convert",
        "change",
        "turn",
        "save",
        "export",
        "transcode",
        "make",
    ]);
    let led = fmts
        .iter()
        .any(|(i, _)| *i > 0 && c.is(i - 1, &["to", "into", "as"]));
    let joined = |a: usize, b: usize| {
        b > a
            && b <= a + 3
            && (a + 1..b)
                .all(|k| c.is(k, &["or"]) || c.toks[k].orig == "/" || c.toks[k].orig == ",")
            && (c.has(&["or"]) || (a + 1..b).any(|k| c.toks[k].orig == "/"))
    };
    (!led || !converting && !c.has(&["into", "as"]))
        && fmts.len() > 1
        && fmts.windows(2).all(|w| joined(w[0].0, w[1].0))
        && fmts
            .iter()
            .any(|(_, f)| matches!(f, FormatWord::Writable(w) if c.sources.contains(w)))
}

/// The quality said with a conversion: "90% quality", "quality 80",
/// "cwebp -q 80", "-q:v 70" (a command line's quality option).
fn quality_said(c: &mut Clause) -> Option<u8> {
    c.find(&["quality"])
        .and_then(|q| {
            c.qty(Unit::Pct)
                .or_else(|| c.num_after(q, 3))
                .or_else(|| c.num_before(q, 2))
        })
        .or_else(|| {
            c.find(&["q", "qv"])
                .and_then(|k| c.num_at(k + 1).map(|v| (k + 1, v)))
                .filter(|(_, v)| (1.0..=100.0).contains(v))
        })
        .map(|(j, v)| {
            c.take(j);
            v.round().clamp(0.0, 255.0) as u8
        })
        // "maximum JPG quality", "at max quality": the encoder's best.
        .or_else(|| {
            let q = c.find(&["quality"])?;
            (q.saturating_sub(3)..q)
                .any(|k| c.is(k, &["maximum", "max"]))
                .then_some(100)
        })
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let named: Vec<(usize, FormatWord)> = (0..c.toks.len())
        .filter(|&i| !c.used[i])
        // ("Quicktime and my camera mirror them": the player, no format.)
        .filter(|&i| {
            !c.toks[i].orig.eq_ignore_ascii_case("quicktime")
                || c.is(i.wrapping_sub(1), &["to", "into", "as", "a", "in"])
        })
        // ("added a bitmap and outline frame": a picture put in, no format.)
        .filter(|&i| {
            !(c.toks[i].orig.eq_ignore_ascii_case("bitmap")
                && c.is(i.wrapping_sub(1), &["a", "an"])
                && c.is(i.wrapping_sub(2), &["add", "insert", "with"]))
        })
        .filter_map(|i| c.w(i).and_then(format_word).map(|f| (i, f)))
        .collect();
    let named = without_held(c, named);
    let named = without_sound_codec(c, named);
    // "update all .mp4 and webm videos to 720p": the files meant, not a
    // format to make.
    let (picked, fmts): (Vec<_>, Vec<_>) = named.into_iter().partition(|(i, _)| picks_files(c, *i));
    if told_supported(c, &fmts) {
        for (j, _) in &fmts {
            c.take(*j);
        }
        return;
    }
    for (j, _) in &picked {
        c.take(*j);
    }
    // The target: a format after "to/into/as", else after "a/an/in", else
    // the last one named.
    // "an option to png to jpg": of several after "to", the one a format
    // leads to.
    // ("sent as a .bmp ... convert it into a jpeg", of a BMP: a format the
    // file is not in yet, when one is named.)
    let own = |f: &FormatWord| matches!(f, FormatWord::Writable(w) if c.sources.contains(w));
    let after = |ws: &[&str]| {
        let mut led: Vec<&(usize, FormatWord)> = fmts
            .iter()
            .filter(|(i, _)| {
                // ("into either .avi, wmv, or .mpg": the choice offered.)
                let before = if c.is(i.wrapping_sub(1), &["either"]) {
                    i.wrapping_sub(2)
                } else {
                    i.wrapping_sub(1)
                };
                *i > 0 && c.is(before, ws)
            })
            .collect();
        if led.iter().any(|(_, f)| !own(f)) {
            led.retain(|(_, f)| !own(f));
        }
        led.iter()
            .find(|(i, _)| {
                *i >= 2 && c.w(i - 2).and_then(format_word).is_some() && c.is(i - 1, &["to"])
            })
            .or(led.first())
            .map(|f| **f)
    };
    if allowed_formats(c, &fmts) {
        for (j, _) in &fmts {
            c.take(*j);
        }
        return;
    }
    let target = after(&["to", "into", "as"])
        .or_else(|| {
            fmts.iter()
                .find(|(i, _)| replaced_with(c, i.wrapping_sub(1)))
                .copied()
        })
        .or_else(|| after(&["a", "an", "in", "use", "using", "prefer"]))
        .or(fmts.last().copied());
    let target = target.filter(|(i, _)| !source_only(c, *i));
    // ("Kitchenowl allowed me to select a png but nothing is saved. Jpg of
    // the same picture is ok", of a PNG: the file's own format is no
    // conversion; another one named is.)
    // ("3gp when converted to mp4", of an MP4: the one named before "to"
    // is what is converted; the file's own format is still asked.)
    let led = target.is_some_and(|(i, _)| c.is(i.wrapping_sub(1), &["to", "into"]));
    let target = match target {
        Some((t, f)) if own(&f) => fmts
            .iter()
            .rev()
            .find(|(j, f)| matches!(f, FormatWord::Writable(_)) && !own(f) && !(led && *j < t))
            .copied()
            .or(target),
        other => other,
    };
    // ("Replace animated GIFs with video", of a GIF: a video.)
    if target.is_some_and(|(_, f)| own(&f)) && gif_made_video(c, out) {
        return;
    }
    if let Some((i, to)) = target {
        for (j, _) in &fmts {
            c.take(*j);
        }
        // "converting the bell sound to mpeg format": MPEG audio is MP3.
        let sound = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_audio());
        let to = if sound && c.is(i, &["mpeg"]) {
            FormatWord::Writable(Format::Mp3)
        } else {
            to
        };
        // "either a WMA or an MP3 file": of the two, the one kiln writes.
        let (i, to) = match to {
            FormatWord::Unwritable(_) => fmts
                .iter()
                .find(|(j, f)| {
                    matches!(f, FormatWord::Writable(_))
                        && *j > i
                        && *j <= i + 3
                        && (i + 1..*j).any(|k| c.is(k, &["or"]))
                })
                .copied()
                .unwrap_or((i, to)),
            _ => (i, to),
        };
        // "convert it to jpg or png": either will do; the first that fits
        // the file. ("to mp3 and wav": two files, asked which.)
        let first = either(c, &fmts, i);
        let (i, to) = first.unwrap_or((i, to));
        if first.is_none() && choices(c, &fmts, i) {
            out.push((i, which_of(c, &fmts)));
            return;
        }
        let quality = quality_said(c);
        c.take_all(&[
            "convert", "change", "save", "export", "format", "turn", "make", "into", "quality",
            "file",
        ]);
        if apple_lossless(c, to, i) {
            c.take_all(&["lossless", "losslessly"]);
            out.push((i, Intent::Op(alac().into())));
            return;
        }
        let quality = lossy_quality(c, to, quality);
        out.push((i, Intent::ConvertTo { to, quality }));
        return;
    }
    if modern_codec(c, out) {
        return;
    }
    if gif_made_video(c, out) {
        return;
    }
    video_named(c, out);
}

/// "to mp3 and wav": two files, asked which of the formats named.
fn which_of(c: &Clause, fmts: &[(usize, FormatWord)]) -> Intent {
    let mut said: Vec<String> = Vec::new();
    for (j, _) in fmts {
        let w = format!("\"convert to {}\"", c.toks[*j].orig.to_lowercase());
        if !said.contains(&w) {
            said.push(w);
        }
    }
    Intent::Need(format!("say which format you want: {}", said.join(" or ")))
}

/// "webp, not lossless": lossy, at a good quality. A WebP is lossy unless
/// asked otherwise, at libwebp's usual quality, as other tools write it.
fn lossy_quality(c: &mut Clause, to: FormatWord, quality: Option<u8>) -> Option<u8> {
    let webp = matches!(to, FormatWord::Writable(Format::Webp));
    let lossless = webp && c.has(&["lossless", "losslessly"]);
    if lossless {
        c.take_all(&["lossless", "losslessly"]);
    }
    let lossy =
        c.has(&["lossy"]) && matches!(to, FormatWord::Writable(Format::Webp | Format::Jpeg));
    // "webp in high quality", "keep the quality high": a lossy picture's
    // quality said in words.
    let worded = (0..c.toks.len())
        .find(|&k| c.is(k, &["quality"]))
        .and_then(|q| {
            if !matches!(
                to,
                FormatWord::Writable(Format::Webp | Format::Jpeg | Format::Avif)
            ) {
                return None;
            }
            let near =
                |ws: &[&str]| (q.saturating_sub(2)..(q + 2).min(c.toks.len())).any(|k| c.is(k, ws));
            if near(QUALITY_HIGH) {
                Some(90)
            } else if near(QUALITY_LOW)
                // ("without lowering the quality".)
                && !c.has(QUALITY_KEPT)
            {
                Some(50)
            } else {
                None
            }
        });
    quality
        .or(worded)
        .or(lossy.then_some(80))
        .or((webp && !lossless).then_some(WEBP_QUALITY))
}

/// "to h264+mp3", "h265 with aac": the sound's codec inside the video,
/// named with the picture's, taken; no file of sound alone.
fn without_sound_codec(
    c: &mut Clause,
    named: Vec<(usize, FormatWord)>,
) -> Vec<(usize, FormatWord)> {
    let (beside_codec, named): (Vec<_>, Vec<_>) = named.into_iter().partition(|(i, f)| {
        matches!(f, FormatWord::Writable(w) if w.is_audio())
            && c.is(i.wrapping_sub(1), &["and", "with"])
            && c.w(i.wrapping_sub(2))
                .and_then(crate::planner::lexicon::codec_word)
                .is_some()
    });
    for (j, _) in &beside_codec {
        c.take(*j);
    }
    named
}

/// "change WMA (Windows Media Audio) to a more universal format": the
/// format at `i` is the file's own, the one wanted said after "to".
fn source_only(c: &Clause, i: usize) -> bool {
    // "it ended up being encoded in 3gp", "they are recorded in mov": what
    // the file is.
    let described = c.is(i.wrapping_sub(1), &["in"])
        && c.is(
            i.wrapping_sub(2),
            &["convert", "recorded", "film", "capture"],
        )
        && c.toks[i - 2].is_participle()
        && c.is(
            i.wrapping_sub(3),
            &["is", "was", "are", "were", "been", "being", "got", "gets"],
        );
    described
        || !c.is(
            i.wrapping_sub(1),
            &["to", "into", "as", "in", "a", "an", "become"],
        ) && leads_to(c, i)
}

/// Whether the format named at `i` is followed by "to" (past its own
/// gloss, "WMA (Windows Media Audio) to") and a format not named yet ("a
/// more universal format", "something else").
fn leads_to(c: &Clause, i: usize) -> bool {
    let Some(k) = (i + 1..(i + 6).min(c.toks.len())).find(|&k| !glosses(c, k)) else {
        return false;
    };
    c.is(k, &["to", "into"])
        && c.is(
            k + 1,
            &[
                "a",
                "an",
                "another",
                "other",
                "some",
                "something",
                "any",
                "more",
                "different",
            ],
        )
}

/// A word of a format's own gloss: "(Windows Media Audio)", "files".
fn glosses(c: &Clause, k: usize) -> bool {
    matches!(c.toks[k].t, T::Sep)
        || c.w(k).and_then(format_word).is_some()
        || c.is(k, &["audio", "video", "file", "files", "format"])
}

/// "replace them with mp3 files": whether `k` is the "with" of a
/// replacement, what follows being what they become.
fn replaced_with(c: &Clause, k: usize) -> bool {
    c.is(k, &["with"]) && (0..k).any(|j| c.is(j, &["replace", "replacing", "replaced"]))
}

/// "convert it into a video", "make it a video": an MP4, when the video
/// is what the clause ends on.
fn video_named(c: &mut Clause, out: &mut Found) {
    // "as audio" → audio only; "to a video" on a picture is decided later.
    if let Some(i) = c.near(
        &[
            "convert", "turn", "make", "save", "export", "change", "want", "need",
        ],
        &["video", "mp4", "movie"],
        7,
    ) {
        // Only "into/to/as (a) video" or "make it a video" at the end.
        let k = (i..c.toks.len())
            .find(|&k| c.is(k, &["video", "movie", "mp4"]))
            .unwrap_or(i);
        // ("replace animated GIFs with video": what they become.)
        let marker = |k: usize| c.is(k, &["into", "to", "as"]) || replaced_with(c, k);
        let target = marker(k.wrapping_sub(1))
            || c.is(k.wrapping_sub(1), &["a", "an"])
                && (marker(k.wrapping_sub(2))
                    || c.is(k.wrapping_sub(2), &["it", "this", "them", "these"]));
        // ("... as a video I can post on instagram": what it is for.)
        let purpose = c
            .toks
            .get(k + 1)
            .is_some_and(|t| t.is_any(&["for", "so", "that", "which", "i", "we", "to", "because"]));
        let last = purpose
            || c.toks[k + 1..].iter().all(|t| {
                matches!(t.t, T::Sep)
                    || t.is_any(&["please", "file", "clip", "thanks", "thank", "you", "format"])
            });
        if target && last && !out.iter().any(|(_, it)| !matches!(it, Intent::Need(_))) {
            c.take_trig(i);
            out.push((
                i,
                Intent::ConvertTo {
                    to: FormatWord::Writable(Format::Mp4),
                    quality: None,
                },
            ));
        }
    }
}

/// "recode it with a modern codec": HEVC.
fn modern_codec(c: &mut Clause, out: &mut Found) -> bool {
    if !(c.has(&["recode", "reencode", "convert", "transcode", "encode"])
        && c.has(&["codec", "encoder", "compression"])
        && c.has(&["modern", "newer", "better", "efficient", "new"]))
    {
        return false;
    }
    let i = c
        .find(&["recode", "reencode", "convert", "transcode", "encode"])
        .unwrap_or(0);
    c.take_trig(i);
    out.push((
        i,
        Intent::Codec {
            codec: VideoCodec::Hevc,
            to: None,
        },
    ));
    true
}

/// "files which have DTS": a format kiln does not write, said of what the
/// file holds, is not a target; it is set aside (with "-HD" after it).
fn without_held(c: &mut Clause, named: Vec<(usize, FormatWord)>) -> Vec<(usize, FormatWord)> {
    let (held, named): (Vec<_>, Vec<_>) = named.into_iter().partition(|(i, f)| {
        matches!(f, FormatWord::Unwritable(_))
            && (i.saturating_sub(2)..*i)
                .any(|k| c.is(k, &["have", "has", "had", "with", "contain"]))
    });
    for (j, _) in &held {
        c.take(*j);
        if c.is(j + 1, &["hd"]) {
            c.take(j + 1);
        }
    }
    named
}

/// "convert to alac", "a lossless m4a": Apple Lossless, an M4A whose
/// sound keeps every sample ("aac" names the lossy codec).
pub(super) fn apple_lossless(c: &Clause, to: FormatWord, i: usize) -> bool {
    let beside = |k: usize| k != i && c.is(k, &["lossless", "losslessly"]);
    to == FormatWord::Writable(Format::M4a)
        && (c.is(i, &["alac"]) || !c.is(i, &["aac"]) && (i.saturating_sub(2)..=i + 1).any(beside))
}

/// Apple Lossless in an M4A.
pub(super) fn alac() -> Convert {
    Convert {
        to: Format::M4a,
        quality: None,
        codec: None,
        lossless: true,
    }
}

/// "my player is supposed to support both MP3 and WAV files": what a
/// device takes, told, with no conversion asked.
fn told_supported(c: &Clause, fmts: &[(usize, FormatWord)]) -> bool {
    // ("support for .avif files" asks for it.)
    let taken = |i: usize| {
        (i.saturating_sub(4)..i).any(|k| {
            c.is(k, &["support", "supported", "accepts", "accept", "reads"])
                && !c.is(k + 1, &["for"])
        })
    };
    // ("the studio only accepts MP3 files", of an M4A: what it must become.)
    let only_other = c.has(&["only"])
        && !c.sources.is_empty()
        && fmts
            .iter()
            .all(|(_, f)| matches!(f, FormatWord::Writable(w) if !c.sources.contains(w)));
    !fmts.is_empty()
        && !only_other
        && fmts.iter().all(|(i, _)| taken(*i))
        && !c.has(&[
            "convert",
            "save",
            "export",
            "turn",
            "make",
            "change",
            "transcode",
        ])
}

/// "File Formats: .jpg | .jpeg | .png | .gif", "accepted formats are jpg
/// or png": the formats a place takes, listed after their label. The
/// file's own among them needs nothing; else the first of its kind is made.
pub(super) fn listed(c: &mut Clause, out: &mut Found) {
    // (The tokens read a listed format as "files": its own word tells which.)
    let fmts: Vec<(usize, FormatWord)> = (0..c.toks.len())
        .filter(|&i| !c.used[i])
        .filter_map(|i| {
            let own_word = || {
                let w = c.toks[i].orig.to_lowercase();
                format_word(w.trim_start_matches('.'))
            };
            c.w(i)
                .and_then(format_word)
                .or_else(|| c.is(i, &["files"]).then(own_word).flatten())
                .map(|f| (i, f))
        })
        .collect();
    let Some(&(first, _)) = fmts.first() else {
        return;
    };
    let label = (first.saturating_sub(3)..first).rev().find(|&k| {
        c.is(k, &["format", "formats"])
            && (matches!(c.toks.get(k + 1).map(|t| &t.t), Some(T::Sep))
                || c.is(k + 1, &["are", "is"])
                || c.is(
                    k.wrapping_sub(1),
                    &["follow", "accepted", "allowed", "preferred"],
                ))
    });
    // ("webm, ogg or mp1 & mp2": a name the lexicon lacks stands in the list.)
    let unknown_name = |k: usize| {
        let o = &c.toks[k].orig;
        o.len() <= 4
            && o.chars().all(|ch| ch.is_ascii_alphanumeric())
            && o.chars().any(|ch| ch.is_ascii_digit())
    };
    let between = |a: usize, b: usize| {
        (a + 1..b)
            .all(|k| c.is(k, &["or", "and"]) || matches!(c.toks[k].t, T::Sep) || unknown_name(k))
    };
    let Some(label) = label.filter(|&k| between(k + 1, first) || k + 1 == first) else {
        return;
    };
    let joined = fmts.len() > 1
        && fmts
            .windows(2)
            .all(|w| w[1].0 <= w[0].0 + 3 && between(w[0].0, w[1].0));
    if !joined {
        return;
    }
    let kind = |f: Format| match f.kind() {
        MediaKind::Gif => MediaKind::Video,
        k => k,
    };
    let own = fmts
        .iter()
        .any(|(_, f)| matches!(f, FormatWord::Writable(w) if c.sources.contains(w)));
    let made = fmts.iter().find_map(|(j, f)| match f {
        FormatWord::Writable(w) if c.sources.iter().all(|s| kind(*s) == kind(*w)) => Some((*j, *w)),
        _ => None,
    });
    if c.sources.is_empty() || !own && made.is_none() {
        return;
    }
    for k in label..=fmts[fmts.len() - 1].0 {
        c.take(k);
    }
    // (The file's own format: "already a png" is the answer.)
    let to = match made {
        Some((j, to)) if !own => Some((j, to)),
        _ => fmts.iter().find_map(|(j, f)| match f {
            FormatWord::Writable(w) if c.sources.contains(w) => Some((*j, *w)),
            _ => None,
        }),
    };
    if let Some((j, to)) = to {
        out.push((
            j,
            Intent::ConvertTo {
                to: FormatWord::Writable(to),
                quality: None,
            },
        ));
    }
}

/// "convert image to sticker", "turn it into a WhatsApp sticker": a WebP, the
/// format chat apps take stickers in (animated from a GIF or a clip).
pub(super) fn sticker(c: &mut Clause, out: &mut Found) {
    // ("convert it to a telegram video sticker": a WebM; "print a sticker":
    // paper.)
    if c.has(&["print", "printed", "printing", "pack", "webm", "tgs"]) {
        return;
    }
    let other_target = (0..c.toks.len()).any(|j| {
        c.is(j, &["to", "into", "as"])
            && matches!(
                c.w(j + 1).and_then(format_word),
                Some(FormatWord::Writable(_))
            )
    });
    let made = |i: usize| {
        let mut k = i;
        while k > 0 && c.is(k - 1, &["a", "an", "whatsapp", "telegram", "animated"]) {
            k -= 1;
        }
        let led = c.is(k.wrapping_sub(1), &["to", "into", "as"])
            && c.has(&[
                "convert", "make", "turn", "change", "save", "export", "send", "be",
            ]);
        !c.is(i.wrapping_sub(1), &["video"]) && led
    };
    let Some(i) = (0..c.toks.len())
        .find(|&i| !c.used[i] && c.is(i, &["sticker", "stickers"]) && made(i))
        .filter(|_| !other_target)
    else {
        return;
    };
    c.take(i);
    out.push((
        i,
        Intent::ConvertTo {
            to: FormatWord::Writable(Format::Webp),
            quality: Some(WEBP_QUALITY),
        },
    ));
}

/// Of formats offered as alternatives ("jpg or png", "mp3/m4a", "JPEG,
/// PNG or GIF") from the target on, the first of the file's kind that it is
/// not in yet.
fn either(c: &Clause, fmts: &[(usize, FormatWord)], i: usize) -> Option<(usize, FormatWord)> {
    let offered: Vec<(usize, Format)> = fmts
        .iter()
        .filter_map(|(j, f)| match f {
            FormatWord::Writable(w) if *j >= i && !c.sources.contains(w) => Some((*j, *w)),
            _ => None,
        })
        .collect();
    let joined = offered.len() > 1
        && offered.windows(2).all(|w| {
            // ("ogg format or mp4": the word "format" between them.)
            (w[0].0 + 1..w[1].0).all(|k| {
                c.is(k, &["or", "format", "file", "files"]) || matches!(c.toks[k].t, T::Sep)
            }) && w[1].0 <= w[0].0 + 3
        })
        && (c.has(&["or"])
            || offered
                .windows(2)
                .any(|w| w[1].0 == w[0].0 + 2 && c.toks[w[0].0 + 1].orig == "/"));
    if !joined {
        return None;
    }
    let kind = |f: Format| match f.kind() {
        MediaKind::Gif => MediaKind::Video,
        k => k,
    };
    offered
        .iter()
        .find(|(_, f)| c.sources.iter().all(|s| kind(*s) == kind(*f)))
        .or(offered.first())
        .map(|(j, f)| (*j, FormatWord::Writable(*f)))
}

/// "into JPG or PNG", "to small .png and .jpeg files": formats to choose
/// from (from the target at `i` on), not one to make.
fn choices(c: &Clause, fmts: &[(usize, FormatWord)], i: usize) -> bool {
    let choices: Vec<&(usize, FormatWord)> = fmts
        .iter()
        .filter(|(j, f)| *j >= i && matches!(f, FormatWord::Writable(w) if !c.sources.contains(w)))
        .collect();
    let paired = choices
        .windows(2)
        .any(|w| w[1].0 == w[0].0 + 2 && c.is(w[0].0 + 1, &["and", "or"]));
    // ("ogg/opus": one format named twice.)
    let distinct = choices.windows(2).any(|w| w[0].1 != w[1].1);
    let device = choices
        .first()
        .is_some_and(|(f, _)| crate::planner::tokens::device_takes(c.toks, *f));
    choices.len() > 1 && distinct && !device && (c.has(&["or"]) || paired)
}

/// "quality 80", "reduce the quality to 70%": the encoding quality in the
/// file's own format (a format named with it is a conversion, read by
/// [`recognize`]).
pub(super) fn quality(c: &mut Clause, out: &mut Found) {
    let Some(q) = c.find(&["quality"]) else {
        return;
    };
    // "compress to 80% quality": the quality said is the means.
    // ... but "quality lower than 80%" is a bound, not a value.
    let bound = c.qty(Unit::Pct).is_some_and(|(j, _)| {
        c.is(
            j.wrapping_sub(1),
            &["than", "below", "under", "above", "over"],
        )
    });
    let valued = !bound
        && (c.qty(Unit::Pct).is_some()
            || c.num_after(q, 2).is_some()
            || c.num_before(q, 2).is_some());
    if c.has(&["size", "filesize", "smaller"]) || c.has(&["compress", "compression"]) && !valued {
        return;
    }
    let named = (0..c.toks.len()).find_map(|j| match c.w(j).and_then(format_word) {
        Some(FormatWord::Writable(f)) if !c.used[j] && f.is_still() => Some((j, f)),
        _ => None,
    });
    let after_to = (0..c.toks.len())
        .filter(|&k| c.is(k, &["to", "at", "of"]))
        .find_map(|k| {
            c.qty(Unit::Pct)
                .filter(|(j, _)| *j == k + 1)
                .or_else(|| c.num_at(k + 1).map(|v| (k + 1, v)))
        });
    // "from 100 to 80": the first number is what it was.
    if let Some(f) = c.find(&["from"]) {
        if let Some(j) = c
            .num_at(f + 1)
            .map(|_| f + 1)
            .or_else(|| c.qty(Unit::Pct).filter(|(j, _)| *j == f + 1).map(|q| q.0))
        {
            if after_to.is_some() {
                c.take(j);
                c.take(f);
            }
        }
    }
    let value = after_to
        .or_else(|| c.qty(Unit::Pct))
        .or_else(|| c.num_after(q, 3))
        .or_else(|| c.num_before(q, 2));
    let Some((j, v)) = value.filter(|(_, v)| (1.0..=100.0).contains(v)) else {
        return;
    };
    c.take(q);
    c.take(j);
    c.take_all(&[
        "set", "change", "lower", "reduce", "quality", "default", "level",
    ]);
    let quality = v.round() as u8;
    match named {
        Some((k, f)) => {
            c.take(k);
            let to = FormatWord::Writable(f);
            out.push((
                q,
                Intent::ConvertTo {
                    to,
                    quality: Some(quality),
                },
            ));
        }
        None => out.push((q, Intent::Quality(quality))),
    }
}

/// Whether the format at `i` picks which files ("all mp4 and webm
/// videos", "my mov files"): a list of formats before a noun for files,
/// after a word that picks them.
fn picks_files(c: &Clause, i: usize) -> bool {
    let is_format = |k: usize| c.w(k).and_then(format_word).is_some();
    let listed = |k: usize| c.is(k, &["and", "or"]) || c.toks.get(k).is_some_and(|t| t.orig == ",");
    let mut start = i;
    while start >= 2 && listed(start - 1) && is_format(start - 2) {
        start -= 2;
    }
    let mut end = i + 1;
    while listed(end) && is_format(end + 1) {
        end += 2;
    }
    c.is(
        end,
        &[
            "video", "file", "image", "photo", "picture", "clip", "movie", "videos", "files",
            "images", "photos", "pictures", "clips", "movies",
        ],
    ) && (c.is(
        start.wrapping_sub(1),
        &[
            "usually",
            "typically",
            "normally",
            "generally",
            "all",
            "my",
            "these",
            "those",
            "every",
            "each",
            "both",
            "our",
            "your",
            "multiple",
            "several",
            "many",
            "various",
            "merge",
            "combine",
            "join",
            "concatenate",
            // "I have mp4 and wmv movie files".
            "have",
            "has",
            "had",
            "got",
            "some",
        ],
    ) || c.num_at(start.wrapping_sub(1)).is_some_and(|n| n >= 2.0))
}

/// "upload gifs as videos", "transcode GIFs to a smaller video": a GIF made
/// a video (the "gifs" named are the files sent).
fn gif_made_video(c: &mut Clause, out: &mut Found) -> bool {
    let gifs = !c.sources.is_empty() && c.sources.iter().all(|f| *f == Format::Gif);
    let to_video = (0..c.toks.len()).find(|&k| {
        c.is(k, &["video", "videos", "movie", "movies"])
            && (k.saturating_sub(3)..k)
                .any(|j| c.is(j, &["to", "into", "as"]) || replaced_with(c, j))
    });
    let only_gifs = out.iter().all(|(_, it)| {
        matches!(
            it,
            Intent::Gif { .. }
                    | Intent::Need(_)
                    // ("to a smaller video": the video is the smaller file.)
                    | Intent::Default(crate::media::ops::Operation::Compress(_))
        )
    });
    let (true, Some(k), true) = (gifs, to_video, only_gifs) else {
        return false;
    };
    out.clear();
    c.take_trig(k);
    out.push((
        k,
        Intent::ConvertTo {
            to: FormatWord::Writable(Format::Mp4),
            quality: None,
        },
    ));
    true
}
