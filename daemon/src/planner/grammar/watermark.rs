//! `watermark`: text or a logo in a corner (`add watermark "© Ann" top left`).

use super::{Clause, Found, Intent};
use crate::media::ops::Corner;
use crate::planner::tokens::{Unit, T};

fn corner(c: &Clause) -> Corner {
    let top = c.has(&["top", "upper"]);
    let bottom = c.has(&["bottom", "lower"]);
    let left = c.has(&["left"]);
    let right = c.has(&["right"]);
    let center = c.has(&["center"]);
    match (top, bottom, left, right) {
        (true, _, true, _) => Corner::TopLeft,
        (true, _, _, _) => Corner::TopRight,
        (_, true, true, _) => Corner::BottomLeft,
        (_, true, _, _) => Corner::BottomRight,
        _ if center => Corner::Center,
        _ => Corner::BottomRight,
    }
}

const STOP_TEXT: &[&str] = &[
    "in",
    "on",
    "at",
    "to",
    "top",
    "bottom",
    "upper",
    "lower",
    "left",
    "right",
    "center",
    "corner",
    "with",
    "and",
    "then",
    "opacity",
    "transparent",
    "semi",
    "please",
    "onto",
    "over",
];

/// The text of a watermark that is the file's own name, filled in when the
/// file is known.
pub(crate) const FILE_NAME: &str = "\u{1}file name";

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let Some(i) = trigger(c) else { return };
    c.take_trig(i);
    let position = corner(c);
    let opacity = opacity(c);
    let mut text = c.quotes().first().map(|(j, q)| (*j, q.clone()));
    let logo = c.has(&["logo", "image", "icon", "picture", "png", "overlay"]);
    if text.is_none() && !logo {
        text = unquoted_text(c);
    }
    if let Some((j, _)) = &text {
        c.take(*j);
    }
    // "add the filename as a watermark": each file's own name.
    let named = c.has(&["filename", "filenames"]) || c.has_seq(&["file", "name"]);
    if text.is_none() && named {
        text = Some((i, FILE_NAME.to_string()));
    }
    for j in 0..c.toks.len() {
        c.used[j] = true;
    }
    out.push((
        i,
        Intent::Watermark {
            text: text.map(|t| t.1),
            position,
            opacity,
        },
    ));
}

/// Whether the watermark word at `k` asks for one: not what the file is
/// for ("transparency for a logo"), has ("there's a watermark", "crop out
/// the watermark") or is ("copyrighted audio").
/// Words of a mark laid over a picture: where, how seen through.
const OVERLAID: &[&str] = &[
    "corner",
    "bottom",
    "top",
    "left",
    "right",
    "center",
    "centre",
    "watermark",
    "over",
    "onto",
    "opacity",
    "transparent",
];

fn asked_at(c: &Clause, k: usize) -> bool {
    // "I need transparency for a logo": what the file is for.
    // ("add the filename as a watermark": what is added, as which.)
    let purpose = c.is(k.wrapping_sub(1), &["a", "an", "my", "our"])
        && c.is(k.wrapping_sub(2), &["for", "as"])
        && !(k.saturating_sub(7)..k).any(|j| c.is(j, &["add", "put", "place", "apply", "use"]));
    // "there's a watermark at the end": one the file has.
    let had = (k.saturating_sub(3)..k).any(|j| c.is(j, &["there"]));
    // "the music is copyrighted": what something is (the word as
    // written an inflection of the trigger, after "is").
    let inflected = c.toks[k]
        .word()
        .is_some_and(|w| !c.toks[k].orig.eq_ignore_ascii_case(w));
    // ("I want all videos to be watermarked": wished, not described.)
    // ("can the photos be watermarked too?": asked, the modal first.)
    let wished = c.is(
        k.wrapping_sub(2),
        &["to", "should", "must", "will", "would", "could", "can"],
    ) || (0..k.min(3)).any(|j| c.is(j, &["can", "could", "will", "would"]))
        && c.is(k.wrapping_sub(1), &["be"]);
    let described = inflected
        && c.is(
            k.wrapping_sub(1),
            &["is", "are", "was", "were", "be", "been"],
        )
        && !(c.is(k.wrapping_sub(1), &["be"]) && wished);
    // "one reel labeled \"Springs\"": named so, after its noun.
    let named = inflected
        && c.toks[k].orig.to_lowercase().ends_with("ed")
        && !wished
        && c.toks
            .get(k.wrapping_sub(1))
            .and_then(|t| t.word())
            .is_some_and(|w| {
                !matches!(
                    w,
                    "it" | "them" | "be" | "been" | "get" | "got" | "is" | "are" | "was" | "were"
                )
            });
    // "copyrighted audio": what the sound is.
    let modifier = inflected
        && c.is(
            k + 1,
            &[
                "audio", "music", "sound", "song", "footage", "video", "videos", "track", "images",
                "image", "photos",
            ],
        );
    // "out-of-copyright documents".
    let out_of = c.is(k.wrapping_sub(1), &["of"]) && c.is(k.wrapping_sub(2), &["out"]);
    // "lossless optimization on logo", "a given day stamp": the file
    // a step is done to, or a time.
    let adding = c.has(&["add", "put", "place", "insert", "overlay", "burn"]);
    // ("header logo to webp": the logo is the file, made another format.)
    // ("I need this logo as a 512x512 icon": this logo is the file.)
    let object = c.is(k, &["logo"])
        && (c.is(k.wrapping_sub(1), &["on", "of", "this", "that"])
            || c.is(k.wrapping_sub(2), &["on", "of"])
            // ("compress the logo, keep it transparent": the logo changed.)
            || c.is(k.wrapping_sub(1), &["the", "my", "our"])
                && c.is(
                    k.wrapping_sub(2),
                    &[
                        "compress", "resize", "shrink", "convert", "crop", "rotate", "optimize",
                        "scale",
                    ],
                )
            || c.is(k + 1, &["to", "into", "as"])
                && c.w(k + 2)
                    .and_then(crate::planner::lexicon::format_word)
                    .is_some());
    let time = c.is(k, &["stamp"]) && c.is(k.wrapping_sub(1), &["day", "date", "time"]);
    // "when the Modrinth logo appears": one the file shows.
    let shown = c.is(k + 1, &["appear", "appears", "shows", "pops"]);
    // "the Copyright tag could be retained", "keep copyright notes": a
    // field of the metadata kept.
    let field = c.is(k, &["copyright"])
        && (c.is(
            k + 1,
            &["information", "info", "notes", "note", "notice", "details"],
        ) && !c.has(&["add", "put", "write", "place", "insert", "stamp"])
            || c.has(&[
                "retain",
                "retained",
                "keep",
                "kept",
                "preserve",
                "preserving",
                "field",
                "fields",
                "tag",
                "tags",
                "metadata",
                "exif",
            ]));
    let pictured = signature_pictured(c, k);
    // "the signature should be 100x300", "the image size of the
    // signature", "some black and white logo": one there is, described.
    let subject = c.is(k, &["signature", "signatures", "logo"])
        && (c.is(
            k + 1,
            &["should", "must", "is", "are", "was", "were", "has", "have"],
        ) || c.is(k.wrapping_sub(1), &["the"]) && c.is(k.wrapping_sub(2), &["of"])
            || c.is(k.wrapping_sub(1), &["some", "white", "black"]));
    // (A logo sent with a video is the one to put on it.)
    let logo_sent =
        c.sources.iter().any(|f| f.is_still()) && c.sources.iter().any(|f| !f.is_still());
    // ("my logo on every photo": where it goes.)
    let placed = (k + 1..(k + 4).min(c.toks.len())).any(|j| {
        c.is(j, &["on", "in"])
            && c.is(
                j + 1,
                &[
                    "every", "each", "all", "it", "them", "my", "our", "the", "video", "videos",
                    "photo", "photos", "image", "images", "picture", "pictures", "clip", "clips",
                ],
            )
    });
    // "printing my logo", "can I send a logo file", "detect/label it": a
    // logo or a label with no word of adding it, nor a place on the
    // picture, is the thing itself.
    // ("Romain's label file", "Labeler flips them": a file, a program.)
    let thing =
        c.is(k + 1, &["file", "files"]) || c.toks[k].orig.to_ascii_lowercase().ends_with("er");
    let bare = c.is(k, &["logo", "label"])
        && !adding
        && !logo_sent
        && !placed
        && (thing || !c.has(OVERLAID));
    !purpose
        && !bare
        && !had
        && !described
        && !named
        // ("crop out the watermark in the corner": one the file has,
        // taken away.)
        && (adding
            || !c.has(&["crop", "cropping", "cropped", "remove", "erase", "rid", "cut"]))
        && (adding || !pictured && !subject)
        && !modifier
        && !out_of
        && !field
        && (adding || !object && !time && !shown)
}

/// "upload the photograph and signature in JPEG": a picture of one.
/// ("the generated email signature", "signature images": an email's
/// signature, a picture in it.)
fn signature_pictured(c: &Clause, k: usize) -> bool {
    c.is(k, &["signature", "signatures"])
        && (c.has(&[
            "upload",
            "photograph",
            "photo",
            "scan",
            "scanned",
            "jpeg",
            "jpg",
            "kb",
        ]) || c.is(k.wrapping_sub(1), &["email", "mail"])
            || c.is(k + 1, &["image", "images", "picture", "view", "file"]))
}

fn trigger(c: &Clause) -> Option<usize> {
    c.find(&[
        "watermark",
        "caption",
        "captions",
        "copyright",
        "stamp",
        "signature",
        "logo",
        "overlay",
        "label",
        "credit",
        "©",
    ])
    .filter(|&k| asked_at(c, k))
    // ("overlay the audio over the video", "overlay a video on the
    // other": sound or a second video laid on, no mark.)
    .filter(|&k| {
        !c.is(k, &["overlay"])
            || !c.has(&["audio", "music", "sound", "song", "soundtrack", "voice"])
                && !(c.has(&["video", "videos"])
                    && (c.has(&["other", "another"])
                        || (1..c.toks.len())
                            .any(|j| c.is(j, &["video", "videos"]) && c.num_at(j - 1) == Some(2.0))))
    })
    .or_else(|| {
        c.near(
            &["add", "put", "write", "place", "insert", "overlay"],
            &["text", "words", "name", "title"],
            3,
        )
    })
    .or_else(|| c.find(&["text"]).filter(|_| !c.quotes().is_empty()))
    .or_else(|| {
        c.find(&[
            "add", "put", "write", "place", "insert", "stamp", "print", "type", "show", "display",
        ])
        // ("upload it to www.optimalprint.ie to print": where it goes; "how
        // large can a “xyx” megapixels picture print": the text is before.)
        .filter(|&k| {
            c.quotes().iter().any(|(j, q)| {
                // ("show video thumbnail as GIF ... including musical.ly
                // app": an address far from the verb is no text to add.)
                *j > k
                    && (*j - k <= 6 || !address(q))
                    && !(address(q) && c.is(j.wrapping_sub(1), &["to", "from", "at", "via", "on"]))
                    // ("tells me \"cannot upload photo over 4MB\"": a message
                    // quoted.)
                    && !c.is(
                        j.wrapping_sub(1),
                        &["me", "says", "said", "reads", "read", "message", "error", "shows", "get"],
                    )
            })
        })
    })
}

/// "www.example.com", "me@example.com": an address, kept whole.
fn address(q: &str) -> bool {
    !q.contains(char::is_whitespace) && (q.contains('.') || q.contains('/') || q.contains('@'))
}

/// "50% opacity", "semi-transparent", "faint", "solid".
fn opacity(c: &mut Clause) -> f64 {
    let opacity = if let Some((j, p)) = c.qty(Unit::Pct) {
        c.take(j);
        if c.has(&["transparent", "transparency"]) && !c.has(&["opacity", "opaque"]) {
            1.0 - p / 100.0
        } else {
            p / 100.0
        }
    } else if c.has(&["semi", "half", "translucent", "transparent"]) {
        0.5
    } else if c.has(&["faint", "subtle", "light", "discreet", "faded"]) {
        0.35
    } else if c.has(&["solid", "opaque", "bold"]) {
        1.0
    } else {
        0.7
    };
    (opacity * 1000.0).round() / 1000.0
}

/// Unquoted text: the words after "saying", "text", "watermark"... up to a
/// position or option word, and where it was named.
fn unquoted_text(c: &Clause) -> Option<(usize, String)> {
    let a = (0..c.toks.len()).find(|&j| {
        c.is(
            j,
            &[
                "saying",
                "says",
                "reading",
                "reads",
                "text",
                "watermark",
                "caption",
                "copyright",
                "©",
                "signature",
                "name",
                "credit",
                "label",
            ],
        ) && !c.is(
            j + 1,
            &[
                "in", "on", "at", "to", "and", "with", "please", "should", "must", "is", "will",
                "would", "could", "can", "be", "was", "needs", "need", "has", "have", "or",
            ],
        )
    })?;
    let mut j = a + 1;
    while j < c.toks.len()
        && c.is(
            j,
            &[
                "the", "that", "says", "saying", "of", "with", "text", "reading",
            ],
        )
    {
        j += 1;
    }
    let words: Vec<String> = c.toks[j..]
        .iter()
        .take_while(|t| !(matches!(t.t, T::Sep) || t.is_any(STOP_TEXT)))
        .map(|t| t.orig.clone())
        .collect();
    if words.is_empty() {
        return None;
    }
    // After a noun ("watermark Ann 2025", "copyright Jo"), the text is a
    // name: a few words, one capitalised or with a digit or a sign
    // ("a watermark preset", "a text caption for the name of the bird" are
    // not); after "saying" or "reads" it is whatever follows.
    let said = c.is(a, &["saying", "says", "reading", "reads"]);
    let name_like = words.len() <= 4
        && words.iter().any(|w| {
            w.chars().next().is_some_and(|ch| ch.is_uppercase())
                || w.chars()
                    .any(|ch| ch.is_ascii_digit() || "©@#&".contains(ch))
        });
    if !said && !name_like {
        return None;
    }
    let mut s = words.join(" ");
    if c.is(a, &["copyright"]) && !s.starts_with('©') {
        s = format!("© {s}");
    }
    Some((a, s))
}
