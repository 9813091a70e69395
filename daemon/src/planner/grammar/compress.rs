//! `compress` (and `optimize_png`): a smaller file ("under 8 MB", "for discord", "compress losslessly").

use super::{degree, Clause, Found, Intent};
use crate::media::ops::{Compress, Quality};
use crate::planner::lexicon::discourse::FILE_NOUNS;
use crate::planner::tokens::{Unit, T};

/// A size with its unit: position, unit, number.
type SizeQty = (usize, Unit, f64);

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    if file_share(c, out) {
        return;
    }
    if fitted(c, out) {
        return;
    }
    let size_q = asked_size(c);
    let lossless = c.has(&["lossless", "losslessly"])
        || c.has_seq(&["without", "losing", "quality"])
        || c.has_seq(&["no", "quality", "loss"]);
    let optimize = c
        .find(&[
            "optimize",
            "optimally",
            "pngcrush",
            "optipng",
            "pngslim",
            "minify",
        ])
        .or_else(|| c.find(&["crush"]).filter(|&k| crushes_a_file(c, k)));
    if lossless && lossless_sound(c, out) {
        return;
    }
    let found = trigger(c, size_q, optimize);
    // "a compressed lossless format e.g. PNG", "it's lossless, but
    // compressed": what a format is.
    let described = found.is_some_and(|i| {
        c.toks[i].orig.eq_ignore_ascii_case("compressed")
            && size_q.is_none()
            && (c.is(
                i + 1,
                &["lossless", "format", "image", "audio", "file", "formats"],
            ) || c.is(i.wrapping_sub(1), &["but", "and", "is", "are"]))
    });
    let Some(i) = found.filter(|_| !described) else {
        own_too_big_to_share(c, out);
        return;
    };
    if not_the_files_bytes(c, i) && size_q.is_none() {
        c.take(i);
        return;
    }
    if c.used[i]
        || c.is(
            i,
            &["shrink", "smaller", "reduce", "decrease", "cap", "limit"],
        ) && sized(c)
            && size_q.is_none()
    {
        return;
    }
    // "crop it instead of squeezing": what is not wanted.
    if (i.saturating_sub(3)..i).any(|k| c.is(k, &["instead", "rather", "without"]))
        && size_q.is_none()
    {
        return;
    }
    // "to H.265 for smaller files": why the other step, not a step.
    let purpose = (i.saturating_sub(3)..i).any(|k| {
        c.is(
            k,
            &[
                "for", "to", "so", "make", "makes", "making", "saving", "save", "thus",
            ],
        )
    });
    if !out.is_empty() && purpose && size_q.is_none() && !c.is(i, &["compress"]) {
        return;
    }
    // "reduce the bitrate to 128 kbps": an audio setting, read already.
    if out.iter().any(|(_, it)| {
        matches!(
            it,
            Intent::AudioShape {
                bitrate_kbps: Some(_),
                ..
            }
        )
    }) && size_q.is_none()
    {
        return;
    }
    // "10/25/50 MB": choices, not one size.
    if let Some((j, _, _)) = size_q {
        let choices = (j.saturating_sub(6)..j).any(|k| c.num_at(k).is_some()) && c.has(&["or"]);
        if choices {
            c.take_trig(i);
            c.take(j);
            out.push((
                i,
                Intent::Need("say which size to get under, e.g. \"under 25 MB\"".into()),
            ));
            return;
        }
    }
    c.take_trig(i);
    c.take_all(&[
        "compress", "smaller", "size", "filesize", "reduce", "file", "quality", "shrink", "lighter",
    ]);
    let intent = if let Some((j, u, v)) = size_q {
        c.take(j);
        // Megabytes of 1,000,000 bytes, as the encoders count them.
        let mb = match u {
            Unit::Kb => crate::planner::tokens::kb_in_mb(v),
            Unit::Gb => v * 1000.0,
            _ => v,
        };
        under((mb * 1000.0).round() / 1000.0)
    } else if lossless || optimize.is_some() {
        // Lossless on a PNG; the best quality kiln's encoders keep elsewhere.
        Intent::Optimize
    } else if c.has(&["target", "specific", "desired", "custom"]) && c.has(&["size", "filesize"]) {
        // "compress to a target file size": which size is asked.
        Intent::Need("say the size to get under, e.g. \"under 8 MB\"".into())
    } else if let Some(p) = app_named(c) {
        c.take(p);
        // The app's usual limit: a size said elsewhere ("the limit is
        // 25MB") wins.
        let mb = app_limit(c, p);
        match under(mb) {
            Intent::Op(op) => Intent::Default(op),
            other => other,
        }
    } else if c.has(&[
        "given", "maximum", "max", "limit", "certain", "chosen", "set", "specify",
    ]) && c.has(&["size", "filesize", "kb", "mb", "kilobytes", "megabytes"])
    {
        // "shrink it below a given maximum file size", "limit the file size
        // to kb": a size to get under, not said.
        Intent::Need("say the size to get under, e.g. \"under 8 MB\"".into())
    } else {
        let q = quality(c);
        let compress = Compress {
            quality: Some(q),
            target_mb: None,
        };
        if q == Quality::Medium {
            Intent::Default(compress.into())
        } else {
            Intent::Op(compress.into())
        }
    };
    out.push((i, intent));
}

/// The word at `i` said of something other than the file's bytes: a
/// sound's dynamics ("dynamic range compression", "compress peaks"), a
/// timeline sped up, a stage of someone's pipeline ("flip the image before
/// compression"), footage described ("minutes of low quality video"), a
/// thing on screen ("the smallest crop region").
fn not_the_files_bytes(c: &Clause, i: usize) -> bool {
    let dynamics = (i.saturating_sub(3)..i).any(|k| c.is(k, &["dynamic", "dynamics"]))
        || (i + 1..(i + 3).min(c.toks.len()))
            .any(|k| c.is(k, &["peaks", "peak", "dynamics", "timeline", "transients"]));
    let stage = c.toks[i].orig.eq_ignore_ascii_case("compression")
        && c.is(i.wrapping_sub(1), &["before", "after", "during"]);
    let described = c.is(i, &["low", "poor", "bad"])
        && c.is(
            i.wrapping_sub(1),
            &["of", "this", "these", "my", "our", "the"],
        );
    let on_screen = c.is(i, &["smallest", "smaller", "small", "lowest"])
        && c.is(
            i + 1,
            &[
                "crop", "region", "area", "box", "font", "text", "button", "icon", "window",
            ],
        );
    dynamics || stage || described || on_screen
}

/// "I have a 26 MB video I want to share": too big for somewhere not
/// named; the size to get under is asked.
/// (Not "how long it would take to upload a 164 Meg file": slow, not
/// refused.)
fn own_too_big_to_share(c: &mut Clause, out: &mut Found) {
    let wished = (0..c.toks.len()).any(|k| {
        c.is(k, SHARE)
            && (k.saturating_sub(3)..k).any(|b| {
                c.is(
                    b,
                    &[
                        "want", "wanna", "need", "trying", "try", "like", "able", "can",
                    ],
                )
            })
    });
    if let Some(j) = own_told(c).filter(|_| wished) {
        c.take(j);
        out.push((j, too_big_for_where()));
    }
}

/// "please make it fit", "The limit is 2MB. Can you make it fit?": smaller,
/// to the size said elsewhere.
fn fitted(c: &mut Clause, out: &mut Found) -> bool {
    let Some(k) = made_to_fit(c) else {
        return false;
    };
    c.take(k);
    let smaller = Compress {
        quality: None,
        target_mb: None,
    };
    out.push((k, Intent::Default(smaller.into())));
    true
}

/// "make it fit", "can you get them to fit?": "fit" closing a short clause
/// that names nothing to fit into (a size, a shape or a screen is another
/// step's).
fn made_to_fit(c: &Clause) -> Option<usize> {
    let words: Vec<usize> = (0..c.toks.len()).filter(|&k| c.w(k).is_some()).collect();
    let &last = words
        .iter()
        .rev()
        .find(|&&k| !c.is(k, &["please", "pls", "thanks"]))?;
    let fits = c.is(last, &["fit"])
        && words.len() <= 7
        && c.has(&[
            "it", "them", "this", "these", "file", "video", "image", "photo",
        ])
        && c.toks
            .iter()
            .all(|t| !matches!(t.t, T::Qty(..) | T::Dims(..) | T::Num(_)));
    fits.then_some(last)
}

/// The size asked for: a size in MB, KB or GB (or "64K"), unless it is
/// the file's own.
fn asked_size(c: &Clause) -> Option<SizeQty> {
    let mb = |v: f64, u: Unit| match u {
        Unit::Kb => crate::planner::tokens::kb_in_mb(v),
        Unit::Gb => v * 1000.0,
        _ => v,
    };
    let sizes = |from: usize| {
        [Unit::Mb, Unit::Kb, Unit::Gb].iter().find_map(|&u| {
            c.qtys(u)
                .into_iter()
                .find(|&(j, _)| j >= from)
                .map(|(j, v)| (j, u, v))
        })
    };
    // "I have a ~240MB 1080p video ... compress it to 10 MB": the file's
    // own size first, then the one asked.
    let first = [Unit::Mb, Unit::Kb, Unit::Gb]
        .iter()
        .find_map(|&u| c.qty(u).map(|(j, v)| (j, u, v)));
    let size_q = first.map(|(j, u, v)| {
        if own_size(c, j) {
            sizes(j + 1).unwrap_or((j, u, v))
        } else {
            (j, u, v)
        }
    });
    let size_q = size_q.or_else(|| {
        // "larger than 64K": kilobytes, when no audio is meant.
        c.qty(Unit::K)
            .filter(|(_, v)| *v > 16.0 && !c.has(&["audio", "bitrate", "mp3", "aac", "kbps"]))
            .map(|(j, v)| (j, Unit::Kb, v))
    });
    // "14MB -> 4.5MB", "from 14 MB to 4.5 MB": the size after "to", when
    // smaller ("2-3 megs" is a range).
    let size_q = size_q.map(|(j, u, v)| {
        let next = c.toks.get(j + 2).and_then(|t| match t.t {
            T::Qty(w, n @ (Unit::Mb | Unit::Kb | Unit::Gb)) if mb(w, n) < mb(v, u) => Some((n, w)),
            _ => None,
        });
        match next {
            Some((n, w)) if c.is(j + 1, &["to", "into"]) => (j + 2, n, w),
            _ => (j, u, v),
        }
    });
    // "Minimum 10 KB, Maximum 1 MB", "between 10kb 20kb": a range, whose
    // top is the size to get under.
    let minimum = |j: usize| {
        (j.saturating_sub(2)..j).any(|k| c.is(k, &["minimum", "min"]))
            || c.is(j + 1, &["minimum", "min"])
    };
    let size_q = size_q.map(|(j, u, v)| {
        let low = minimum(j) || (j.saturating_sub(3)..j).any(|k| c.is(k, &["between"]));
        match sizes(j + 1) {
            Some((k, n, w)) if low && mb(w, n) > mb(v, u) => (k, n, w),
            _ => (j, u, v),
        }
    });
    // ("Minimum 10 KB" alone: a floor, nothing to get under.)
    let size_q = size_q.filter(|&(j, _, _)| !minimum(j));
    // "it's 200MB": what the file is, not what it should be; a size asked
    // may follow ("its like 50mb and my email only takes 10").
    // (Smaller than the file's: not "850MB vs 1,7GB", nor the top of a
    // range, "around 2-3 megs".)
    let mut cand = size_q;
    while let Some((j, u, v)) = cand {
        if asked_at(c, j) {
            return cand;
        }
        cand = (j + 1..c.toks.len()).find_map(|k| match c.toks[k].t {
            T::Qty(w, n @ (Unit::Mb | Unit::Kb | Unit::Gb)) if !c.used[k] => Some((k, n, w)),
            _ => None,
        });
        cand = cand.filter(|&(_, n, w)| mb(w, n) < mb(v, u));
    }
    None
}

/// Whether the size at `j` is one asked for, not the file's own ("it's
/// 200MB", "looking at over 4GB", "too large (3 MB)", "from 768 KB", "3 MB
/// is too big") or another thing's.
fn asked_at(c: &Clause, j: usize) -> bool {
    let too_big = c.is(j + 1, &["is", "was", "are"])
        && c.is(j + 2, &["too", "way", "far", "much"])
        && (j + 2..(j + 5).min(c.toks.len())).any(|k| c.is(k, &["big", "large", "heavy", "much"]));
    // "make a smaller one about 1MB": about the size wanted.
    let about_wanted = c.is(
        j.wrapping_sub(1),
        &["about", "around", "roughly", "approximately"],
    ) && (j.saturating_sub(6)..j - 1)
        .any(|k| c.is(k, &["make", "get", "bring", "compress", "shrink", "reduce"]))
        && !(j.saturating_sub(4)..j).any(|k| c.is(k, &["is", "was", "are", "its", "weighs"]));
    if so_it_is(c, j) {
        return true;
    }
    if too_big || own_size(c, j) || other_than_a_file(c, j) {
        return false;
    }
    about_wanted
        || Some(j)
            .filter(|j| {
                let before = |ws: &[&str], n: usize| (j.saturating_sub(n)..*j).any(|k| c.is(k, ws));
                // ("(where 6 MB would have been more than enough)": the
                // size wanted, said aside.)
                let enough = (j + 1..(j + 8).min(c.toks.len()))
                    .any(|k| c.is(k, &["enough", "sufficient", "plenty"]));
                let bracketed = (j.saturating_sub(3)..*j).any(|k| c.toks[k].orig == "(") && !enough;
                !(before(
            &[
                "is",
                "was",
                "are",
                "currently",
                "already",
                "it",
                "its",
                "weighs",
                "weighing",
                "over",
                "about",
                "around",
                "roughly",
                "approximately",
                "almost",
                "nearly",
                "from",
                "being",
                "least",
                "taking",
                "took",
                "weighed",
                "have",
                "takes",
                "occupies",
                "occupying",
                "has",
                "had",
                // "in the order of 10 MB".
                "order",
            ],
            2,
        ) || bracketed
            || before(&["currently", "now"], 4))
            || before(
                &[
                    "under", "below", "max", "less", "to", "than", "limit", "within", "target",
                ],
                3,
            )
            || before(&["maximum", "allowed", "allows", "accepts", "limit"], 4)
            // "my email only takes 10 MB": what the place takes.
            || c.is(j.wrapping_sub(1), &["takes", "take", "handles", "handle", "supports"])
                && c.is(j.wrapping_sub(2), &["only", "just", "max"])
            // "Maximum size for the file is 100K": a limit, stated.
            || c.is(j.wrapping_sub(1), &["is"])
                && (0..*j).any(|k| c.is(k, &["maximum", "max", "limit", "allowed"]))
            // "18.7 MB of images slows the page": what there is.
            || c.is(j + 1, &["of"])
                && c.is(
                    j + 2,
                    &[
                        "image", "images", "photo", "photos", "picture", "pictures", "video",
                        "videos", "file", "files", "footage", "data", "audio",
                    ],
                )
            // "not over 300kb": at most.
            || c.is(j.wrapping_sub(1), &["over", "above", "exceeding"])
                && c.is(j.wrapping_sub(2), &["not", "never"])
            // "any GIF that is over 1MB", "when it's over 25MB": a threshold
            // of files in general, to get under.
            || c.is(j.wrapping_sub(1), &["over", "above", "exceeding", "exceeds"])
                && (j.saturating_sub(8)..*j)
                    .any(|k| c.is(k, &["if", "when", "whenever", "any", "every", "all"]))
            || refused_over(c, *j)
            // "keep the size of the gif around 400 kb": a size to hold to.
            || before(&["around", "about", "roughly", "approximately"], 1)
                && (j.saturating_sub(7)..*j).any(|k| {
                    c.is(k, &["keep", "get", "bring", "make"])
                        && (k + 1..*j).any(|m| c.is(m, &["size", "filesize"]))
                })
            // "200kb max", "make it 5 MB".
            || c.is(j + 1, &["max", "maximum", "tops", "limit"])
            // "There is a 2MB file size limit", "a 25 MB upload cap".
            || (j + 2..(j + 4).min(c.toks.len())).any(|k| {
                c.is(k, &["limit", "cap", "maximum", "max"])
                    && (j + 1..k).all(|m| {
                        c.is(m, &["file", "size", "filesize", "upload", "attachment", "email"])
                    })
            })
            || c.is(j.wrapping_sub(1), &["it", "this"])
                && c.is(j.wrapping_sub(2), &["make", "get", "bring", "keep"])
            // "can we make it as 1MB?".
            || c.is(j.wrapping_sub(1), &["as"])
                && c.is(j.wrapping_sub(2), &["it", "this"])
                && c.is(j.wrapping_sub(3), &["make", "get", "bring", "keep"])
            // "make it a 10 MB file".
            || c.is(j.wrapping_sub(1), &["a", "an"])
                && c.is(j.wrapping_sub(2), &["it", "this"])
                && c.is(j.wrapping_sub(3), &["make", "get", "bring", "keep", "turn"])
            })
            .is_some()
}

/// "compress it to ogg so it's like 2mb", "so that they are under 500 KB":
/// the size the change is for.
fn so_it_is(c: &Clause, j: usize) -> bool {
    let Some(k) = (j.saturating_sub(7)..j).rev().find(|&k| c.is(k, &["so"])) else {
        return false;
    };
    let mut m = k + 1;
    if c.is(m, &["that"]) {
        m += 1;
    }
    c.is(m, &["it", "they", "each", "every", "the", "its"])
        && (m + 1..j).all(|n| {
            c.is(
                n,
                &[
                    "is",
                    "are",
                    "will",
                    "would",
                    "be",
                    "becomes",
                    "become",
                    "gets",
                    "get",
                    "like",
                    "about",
                    "around",
                    "roughly",
                    "approximately",
                    "only",
                    "just",
                    "under",
                    "below",
                    "less",
                    "than",
                    "at",
                    "most",
                    "max",
                    "file",
                    "size",
                    "one",
                    "image",
                    "video",
                    "down",
                    "to",
                ],
            )
        })
}

/// "I can't upload a photo over 2MB", "the forum does not allow uploads
/// over 2 MB": files over the size at `j` refused where they go, so it is
/// the size to get under. (Not "I can't send it, it is just over 2GB":
/// the file's own.)
fn refused_over(c: &Clause, j: usize) -> bool {
    let over = c.is(
        j.wrapping_sub(1),
        &["over", "above", "bigger", "larger", "exceeding"],
    );
    let own = c.is(
        j.wrapping_sub(2),
        &["is", "it", "its", "was", "are", "be", "being", "just"],
    );
    let refused = (j.saturating_sub(8)..j).any(|k| c.is(k, &["not", "unable"]))
        && (j.saturating_sub(7)..j).any(|k| {
            c.is(
                k,
                &[
                    "upload", "uploads", "send", "attach", "post", "share", "allow", "accept",
                    "let", "take",
                ],
            )
        });
    over && !own && refused
}

/// The size at `j` said of something other than the file asked about: what
/// the file grew to ("it increased to 84MB once uploaded"), a device's room
/// ("my iPod Classic 60gb", "a 256gb SD card"), a weight ("weighs in at
/// 325 MB").
fn other_than_a_file(c: &Clause, j: usize) -> bool {
    let grown = c.is(j.wrapping_sub(1), &["to"])
        && c.is(
            j.wrapping_sub(2),
            &[
                "increase",
                "grew",
                "grow",
                "jump",
                "ballooned",
                "went",
                "given",
            ],
        );
    let room = c.is(
        j + 1,
        &[
            "sd",
            "card",
            "drive",
            "disk",
            "hdd",
            "ssd",
            "usb",
            "stick",
            "ram",
            "memory",
            "gen",
            "generation",
        ],
    ) || c.is(
        j.wrapping_sub(1),
        &["ipod", "iphone", "ipad", "classic", "nano", "touch"],
    );
    let weighs = c.is(j.wrapping_sub(1), &["at"]) && c.is(j.wrapping_sub(2), &["in"]);
    // "should save about 25% or 160kB": what would be gained.
    let saved = (j.saturating_sub(5)..j).any(|k| c.is(k, &["save", "saves", "saving", "shave"]));
    grown || room || weighs || saved
}

/// Verbs of getting a file somewhere that may take only so many bytes.
/// "crush the png", "crush it": a file crushed, not "waves crushing the rocks".
fn crushes_a_file(c: &Clause, k: usize) -> bool {
    let mut n = k + 1;
    while c.is(
        n,
        &["the", "this", "these", "those", "my", "our", "your", "all"],
    ) {
        n += 1;
    }
    n >= c.toks.len()
        || matches!(c.toks[n].t, T::Sep)
        || c.is(n, FILE_NOUNS)
        || c.is(
            n,
            &[
                "it", "them", "png", "pngs", "jpg", "jpeg", "jpgs", "size", "down",
            ],
        )
}

const SHARE: &[&str] = &["send", "share", "upload", "post", "attach", "email"];

/// A file too big for a place not named: how small it must get is asked.
pub(super) fn too_big_for_where() -> Intent {
    Intent::Vague {
        op: "compress",
        what: "say the size it must get under, e.g. \"under 25 MB\"".into(),
    }
}

/// Where the file's own size is told ("this 17 MB video"), if it is and no
/// app that takes a known size is named.
pub(super) fn own_told(c: &Clause) -> Option<usize> {
    if c.has(&["discord", "whatsapp", "email", "gmail"]) {
        return None;
    }
    [Unit::Mb, Unit::Kb, Unit::Gb]
        .iter()
        .find_map(|&u| c.qty(u).map(|(j, _)| j))
        .filter(|&j| own_size(c, j))
}

/// "this 17 MB video", "I have a 26+ MB vid I want to share": the size at
/// `j` names the file the request is about, not the size wanted.
fn own_size(c: &Clause, j: usize) -> bool {
    let mut k = if matches!(c.toks.get(j + 1).map(|t| t.orig.as_str()), Some("+")) {
        j + 2
    } else {
        j + 1
    };
    // "a ~240MB 1080p video": its resolution between.
    while c
        .toks
        .get(k)
        .is_some_and(|t| matches!(t.t, T::Qty(_, Unit::P | Unit::K)))
    {
        k += 1;
    }
    // "this 17 MB video", "a 26 MB mp4".
    let names_file = c.is(k, FILE_NOUNS)
        || c.is(k, &["avatar", "banner"])
        || c.w(k)
            .is_some_and(|w| crate::planner::lexicon::format_word(w).is_some());
    // "a .gif at 1.4MB", "an avatar of 6 MB", "a .webp with 7MB": the file,
    // then its size.
    let file_before = |b: usize| {
        c.is(b, FILE_NOUNS)
            || c.is(b, &["avatar", "banner"])
            || c.w(b)
                .is_some_and(|w| crate::planner::lexicon::format_word(w).is_some())
    };
    let sized_after = c.is(j.wrapping_sub(1), &["at", "of", "with"])
        && file_before(j.wrapping_sub(2))
        && c.is(j.wrapping_sub(3), &["a", "an", "my", "this", "the"])
        && !c.is(j.wrapping_sub(4), &["to", "into", "under", "below"]);
    // "18.7Mb of images really slows down the page": the amount had.
    let amount_of_files = c.is(j + 1, &["of"])
        && (c.is(j + 2, FILE_NOUNS)
            || c.w(j + 2)
                .is_some_and(|w| crate::planner::lexicon::format_word(w).is_some()))
        && !c.is(
            j.wrapping_sub(1),
            &[
                "under", "below", "to", "max", "maximum", "than", "within", "about", "around",
            ],
        );
    // "the avatar has a size of 6 MB", "(it is 3156x2223 pixels and
    // 1.3MB)": what it has, what it is.
    let has_size = c.is(j.wrapping_sub(1), &["of"])
        && c.is(j.wrapping_sub(2), &["size", "filesize", "weight"])
        && (j.saturating_sub(5)..j - 2).any(|k| c.is(k, &["has", "have", "had", "with"]))
        // ("and have maximum file size of 400KB": a limit.)
        && !(j.saturating_sub(5)..j).any(|k| c.is(k, &["maximum", "max", "limit", "allowed"]));
    let beside_pixels = c.is(j.wrapping_sub(1), &["and"])
        && (j.saturating_sub(4)..j - 1).any(|k| matches!(c.toks[k].t, T::Dims(..)))
        && (j.saturating_sub(6)..j - 1).any(|k| c.is(k, &["is", "are", "was", "were"]));
    // "the images ... are between 1 and 9 megabytes each".
    let range_told = (j.saturating_sub(4)..j).any(|k| c.is(k, &["between"]))
        && (j.saturating_sub(6)..j).any(|k| c.is(k, &["is", "are", "was", "were"]));
    // "one minute of audio goes to 5MB", "it grew to 80 MB": what it
    // becomes; "a file with a 6MB size", "1MB big pictures": what it is.
    let becomes = c.is(j.wrapping_sub(1), &["to"])
        && c.is(
            j.wrapping_sub(2),
            &[
                "goes", "go", "went", "grows", "grew", "balloons", "jumps", "jumped",
            ],
        );
    let size_after = c.is(j + 1, &["size", "filesize", "big", "large", "heavy"])
        && !c.is(
            j.wrapping_sub(1),
            &["to", "under", "below", "max", "maximum", "within"],
        );
    if sized_after
        || amount_of_files
        || has_size
        || beside_pixels
        || range_told
        || becomes
        || size_after
    {
        return true;
    }
    if !names_file {
        return false;
    }
    let d = j.wrapping_sub(1);
    // "if a 2MB image could be resized to fit 300KB": the size to reach
    // comes after.
    let later = c.toks[j + 1..]
        .iter()
        .any(|t| matches!(t.t, T::Qty(_, Unit::Mb | Unit::Kb | Unit::Gb)));
    // "I have a lot of 4 GB videos", "several 2 GB files": the files had.
    let many = c.is(d, &["of"]) && c.is(d.wrapping_sub(1), &["lot", "lots", "bunch", "couple"])
        || c.is(d, &["several", "many", "some"]);
    let had = (d.saturating_sub(4)..d).any(|b| c.is(b, &["have", "has", "had", "got"]));
    c.is(d, &["this", "my", "these", "our", "his", "her", "their"])
        || many && had
        || c.is(d, &["a", "an"]) && later
        || c.is(d, &["a", "an"])
            && (d.saturating_sub(3)..d).any(|b| {
                c.is(
                    b,
                    &[
                        "have",
                        "has",
                        "had",
                        "got",
                        "send",
                        "share",
                        "upload",
                        "post",
                        "attach",
                        "posted",
                        "attached",
                        "uploaded",
                        "with",
                        "uploading",
                        "sending",
                        "say",
                        // "the program output a 1.17 GB wav file", "the
                        // camera died leaving a 600MB mp4 file".
                        "output",
                        "leaving",
                        "left",
                        "produced",
                        "created",
                        "generated",
                        // "shrink a 6.6 GB .mkv movie in 4.4 GB".
                        "shrink",
                        "compress",
                        "reduce",
                        "squeeze",
                        "downsize",
                    ],
                )
            })
}

fn trigger(c: &Clause, size_q: Option<SizeQty>, optimize: Option<usize>) -> Option<usize> {
    c.find(&["compress", "squeeze", "shrink", "lighter"])
        // ("compressing the video timeline by running it at triple speed":
        // the time, a pace.)
        .filter(|&k| !(k + 1..(k + 4).min(c.toks.len())).any(|j| c.is(j, &["timeline", "time"])))
        .or(optimize)
        // "small enough to text to my mom", "light enough for email", "the
        // file as small as possible".
        .or_else(|| {
            (0..c.toks.len()).find(|&k| {
                c.is(k, &["small", "light"])
                    && (c.is(k + 1, &["enough"]) && c.is(k + 2, &["to", "for"])
                        || c.is(k.wrapping_sub(1), &["as"])
                            && (c.is(k + 1, &["as"]) && c.is(k + 2, &["possible", "you", "can"])
                                // ("make it as small | as you can".)
                                || k + 1 == c.toks.len() && c.has(&["make", "get"])))
            })
        })
        .or_else(|| size_q.map(|q| q.0))
        .or_else(|| {
            c.near(
                &[
                    "reduce", "reduced", "decrease", "lower", "smaller", "minimize", "cut",
                    "shrink", "less", "limit", "cap",
                ],
                &[
                    "size", "filesize", "weight", "mb", "bitrate", "quality", "space", "bytes",
                ],
                3,
            )
        })
        // "an option to reduce files, like images or videos": the files
        // themselves made smaller, no length, size or shape said.
        .or_else(|| {
            (0..c.toks.len())
                .find(|&k| {
                    c.is(k, &["reduce", "downsize"])
                        && (k + 1..(k + 3).min(c.toks.len())).any(|j| {
                            c.is(
                                j,
                                &["files", "file", "videos", "images", "photos", "pictures"],
                            ) && (k + 1..j)
                                .all(|m| c.is(m, &["the", "my", "these", "all", "those"]))
                        })
                })
                .filter(|_| {
                    c.times(false).is_empty()
                        && c.dims().is_none()
                        && c.qty(Unit::Pct).is_none()
                        && c.qty(Unit::Px).is_none()
                        && c.qty(Unit::P).is_none()
                })
        })
        // "reduction of photo or video quality".
        .or_else(|| {
            c.near(
                &["reduction"],
                &["size", "filesize", "quality", "bitrate"],
                6,
            )
            .filter(|&k| c.is(k + 1, &["of", "in"]))
        })
        .or_else(|| {
            // ("the file sizes of the photographs reduce").
            // ("size it down to about half its size": its pixels.)
            c.near(
                &["size", "filesize", "sizes"],
                &["smaller", "less", "down", "reduce", "lower"],
                4,
            )
            .filter(|_| !c.has(&["half", "quarter"]))
        })
        .or_else(|| {
            // "the smallest files, maintaining the resolution": what is
            // kept is not what shrinks.
            let kept = c
                .find(&[
                    "maintaining",
                    "maintain",
                    "keeping",
                    "preserving",
                    "preserve",
                    "retaining",
                    "retain",
                ])
                .unwrap_or(c.toks.len());
            let before = |ws: &[&str]| (0..kept).any(|k| c.is(k, ws));
            // ("holding smaller meetings", "a smaller phone": another
            // thing's size.)
            c.find(&["smaller", "tinier", "smallest"]).filter(|&k| {
                !other_thing(c, k)
                    && c.qty(Unit::Pct).is_none()
                    && c.qty(Unit::Px).is_none()
                    && c.dims().is_none()
                    && c.qty(Unit::P).is_none()
                    && !before(&[
                        "half",
                        "quarter",
                        "dimensions",
                        "resolution",
                        "width",
                        "height",
                        "pixels",
                        "resize",
                        "thumbnail",
                    ])
            })
        })
        .or_else(|| {
            // ("the images show up big when I view the email": pixels on
            // the screen, not bytes.)
            let shown = c.has(super::complaint::SHOWN)
                && !c.has(&[
                    "size",
                    "mb",
                    "kb",
                    "file",
                    "files",
                    "attachment",
                    "send",
                    "upload",
                ]);
            app_named(c)
                .filter(|_| !c.has(&["format", "crop", "aspect"]) && !c.has(&["status"]) && !shown)
        })
        .or_else(|| {
            c.near(
                &["low", "lower", "worse", "bad", "reduced"],
                &["quality"],
                2,
            )
        })
        .or_else(|| {
            c.near(
                &["quality"],
                &["low", "lower", "worse", "reduced", "down"],
                2,
            )
        })
}

/// Whether the adjective at `k` is said of a thing that is no file: "a
/// smaller phone", "smaller meetings", "a smaller screen".
fn other_thing(c: &Clause, k: usize) -> bool {
    c.is(
        k + 1,
        &[
            "phone", "phones", "meeting", "meetings", "screen", "screens", "device", "devices",
            "team", "group", "room", "monitor", "display", "tablet", "laptop", "budget", "company",
            "town", "church", "venue", "audience",
            // "broken up into smaller parts": a split.
            "part", "parts", "chunk", "chunks", "segment", "segments", "piece", "pieces", "section",
            "sections",
        ],
    )
}

/// "shrink to 800px", "shrink them to VGA" is a resize.
fn sized(c: &Clause) -> bool {
    c.qty(Unit::Px).is_some()
        || c.dims().is_some()
        || super::scale::display_size(c).is_some()
        || c.qty(Unit::Pct).is_some()
        || c.qty(Unit::P).is_some()
        || c.has(&[
            "wide",
            "tall",
            "width",
            "height",
            "resolution",
            "dimensions",
            "pixels",
            "half",
            "quarter",
        ])
}

/// Under `mb` megabytes.
fn under(mb: f64) -> Intent {
    let compress = Compress {
        quality: None,
        target_mb: Some(mb),
    };
    Intent::Op(compress.into())
}

/// The quality level: a percent or number, or words.
fn quality(c: &mut Clause) -> Quality {
    if let Some((j, q)) = c.qty(Unit::Pct).or_else(|| {
        c.find(&["quality"])
            .and_then(|q| c.num_after(q, 3).or_else(|| c.num_before(q, 2)))
    }) {
        c.take(j);
        return match q {
            q if q >= 85.0 => Quality::High,
            q if q >= 70.0 => Quality::Medium,
            q if q >= 50.0 => Quality::Low,
            _ => Quality::Smallest,
        };
    }
    // "as small as possible", but not "is it possible to".
    let utmost = (0..c.toks.len()).any(|p| {
        c.is(p, &["possible"])
            && (p.saturating_sub(3)..p).any(|k| c.is(k, &["as", "smallest", "least", "lowest"]))
    });
    // "as small as you can".
    let utmost = utmost || c.has_seq(&["as", "small"]);
    if utmost
        || c.has(&[
            "smallest",
            "maximum",
            "max",
            "extreme",
            "tiny",
            "aggressively",
            "aggressive",
        ])
        || degree(c) == 2
    {
        Quality::Smallest
    } else if c.has(&["low", "lower", "worse", "bad"]) {
        Quality::Low
    } else if degree(c) == 0 || c.has(&["high", "good", "keep", "decent", "best"]) {
        Quality::High
    } else {
        Quality::Medium
    }
}

/// "reduce the file size by half", "make the file 30% smaller": a share of
/// the file's bytes.
fn file_share(c: &mut Clause, out: &mut Found) -> bool {
    // "compress it to 50% of its size", "compress by 30%": bytes too.
    // "compress it to half the size": a share said in words, too.
    let compressing = c.has(&["compress"])
        && !c.has(&["quality", "crf", "scale", "resize"])
        && (c.qty(Unit::Pct).is_some() || c.has(&["half", "quarter"]));
    // "2GB+ where half the size would do": the size of the bytes said.
    let weighed = c.has(&["size"])
        && [Unit::Gb, Unit::Mb, Unit::Kb]
            .iter()
            .any(|&u| c.qty(u).is_some());
    let bytes = compressing
        || weighed
        || c.has(&["filesize"])
        || c.has(&["file", "weight"]) && c.has(&["size", "weight"]);
    if !bytes
        || c.dims().is_some()
        || c.qty(Unit::Px).is_some()
        || c.has(&["resolution", "dimensions", "pixels"])
    {
        return false;
    }
    let share = if let Some((j, p)) = c.qty(Unit::Pct) {
        c.take(j);
        let to = c.is(j.wrapping_sub(1), &["to"]);
        if to {
            p / 100.0
        } else {
            1.0 - p / 100.0
        }
    } else if let Some(h) = c.find(&["half"]) {
        c.take(h);
        0.5
    } else if let Some(q) = c.find(&["quarter"]) {
        c.take(q);
        if c.has(&["by"]) {
            0.75
        } else {
            0.25
        }
    } else {
        return false;
    };
    if !(0.01..1.0).contains(&share) {
        return false;
    }
    let at = c
        .find(&[
            "reduce", "cut", "shrink", "make", "lower", "decrease", "compress",
        ])
        .unwrap_or(0);
    c.take_all(&[
        "reduce", "cut", "shrink", "lower", "decrease", "compress", "file", "size", "filesize",
        "smaller", "by", "in",
    ]);
    out.push((at, Intent::SizeShare(share)));
    true
}

/// The size the app named at `p` takes: the limit told beside it
/// ("Discord upload image is 8mb", "discord (8mb)"), else its usual one.
fn app_limit(c: &mut Clause, p: usize) -> f64 {
    let told = [Unit::Mb, Unit::Kb]
        .into_iter()
        .flat_map(|u| c.qtys(u).into_iter().map(move |(j, v)| (j, u, v)))
        .find(|&(j, _, _)| {
            j > p
                && j <= p + 6
                && c.is(j - 1, &["is", "of", "limit"])
                // ("discord (it is 40MB)": the file's own size.)
                && !c.is(j.wrapping_sub(2), &["it", "this", "file", "video", "mine"])
                // "discord (8mb)".
                || j == p + 2 && c.toks[p + 1].orig == "("
        });
    match (told, c.w(p)) {
        (Some((j, u, v)), _) => {
            c.take(j);
            if u == Unit::Kb {
                crate::planner::tokens::kb_in_mb(v)
            } else {
                v
            }
        }
        (None, Some("discord")) => 10.0,
        (None, Some("whatsapp")) => 16.0,
        _ => 20.0,
    }
}

/// Where an app that limits file sizes is named as where the file goes
/// ("for email", "on discord"), not as an address ("wanted my email").
pub(super) fn app_named(c: &Clause) -> Option<usize> {
    (0..c.toks.len()).find(|&k| {
        c.is(k, &["discord", "whatsapp", "email", "gmail"])
            && !c.is(
                k.wrapping_sub(1),
                &["my", "your", "his", "her", "their", "our"],
            )
            && !c.is(k + 1, &["address", "account", "notification"])
    })
}

/// "lossless" said of a sound in a lossy format, with no format named: a
/// FLAC of it (every bit a WAV keeps, in half the bytes).
fn lossless_sound(c: &mut Clause, out: &mut Found) -> bool {
    use crate::media::ops::Format;
    use crate::planner::lexicon::{format_word, FormatWord};
    let lossy = !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|f| f.is_audio() && !matches!(f, Format::Flac | Format::Wav));
    let named = c
        .toks
        .iter()
        .any(|t| t.word().is_some_and(|w| format_word(w).is_some()));
    // ("a lossless method to trim silence", "lossless cutting": the step
    // done without re-encoding, no format asked.)
    let of_a_step = |k: usize| {
        (k + 1..(k + 5).min(c.toks.len())).any(|j| {
            c.is(
                j,
                &[
                    "method",
                    "way",
                    "trim",
                    "trimming",
                    "cut",
                    "cutting",
                    "edit",
                    "editing",
                    "split",
                    "splitting",
                    "join",
                    "joining",
                    "merge",
                    "merging",
                ],
            )
        })
    };
    let Some(k) = c
        .find(&["lossless", "losslessly"])
        .filter(|&k| lossy && !named && !of_a_step(k))
    else {
        return false;
    };
    c.take(k);
    out.push((
        k,
        Intent::ConvertTo {
            to: FormatWord::Writable(Format::Flac),
            quality: None,
        },
    ));
    true
}
