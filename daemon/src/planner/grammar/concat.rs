//! `concat`: clips joined ("join these clips", "merge them").

use super::{Clause, Found, Intent};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let trig = c
        .find(&[
            "join",
            "merge",
            "combine",
            "concat",
            "stitch",
            "append",
            "glue",
            "splice",
            "compile",
            "concatenation",
            "concatenate",
        ])
        .or_else(|| c.seq(&["one", "after", "another"]))
        .or_else(|| c.seq(&["one", "after", "the", "other"]))
        .or_else(|| c.seq(&["back", "to", "back"]))
        .or_else(|| c.seq(&["put", "together"]))
        // "put the second after the first", "play b after a".
        .or_else(|| {
            c.seq(&["after", "the", "first"])
                .or_else(|| c.seq(&["after", "first"]))
                .filter(|_| c.has(&["second", "other", "put", "play", "add"]))
        })
        .or_else(|| {
            c.near(
                &[
                    "put", "bring", "make", "paste", "add", "edit", "cut", "piece", "string",
                ],
                &["together", "sequence"],
                5,
            )
        })
        // "insert introductory videos before the main video", "prepend
        // the intro": one clip put before or after another.
        .or_else(|| c.find(&["prepend"]))
        .or_else(|| {
            c.near(
                &["insert", "add", "put", "attach", "place"],
                &["before", "after"],
                6,
            )
            .filter(|_| {
                c.has(&["intro", "introductory", "outro", "main", "other", "second"])
                    && c.has(&["video", "clip", "intro", "outro"])
            })
        })
        // "Customer needs one single file", of two recordings.
        .or_else(|| one_file(c));
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&[
        "join", "merge", "combine", "together", "concat", "stitch", "one", "after", "another",
        "into", "single",
    ]);
    out.push((i, Intent::Combine));
}

/// "one single file", "a single video", of several clips or recordings:
/// the one file they make together.
fn one_file(c: &Clause) -> Option<usize> {
    use crate::media::ops::MediaKind;
    let clips = c.sources.len() >= 2
        && c.sources
            .iter()
            .all(|f| matches!(f.kind(), MediaKind::Video | MediaKind::Audio));
    if !clips {
        return None;
    }
    // ("into a single Christmas Pageant video": its name between.)
    let made = |k: usize| {
        (k + 1..(k + 4).min(c.toks.len()))
            .take_while(|&j| c.w(j).is_some() && !c.is(j, &["of", "for", "per", "and", "with"]))
            .any(|j| {
                c.is(
                    j,
                    &["single", "file", "video", "clip", "recording", "track"],
                )
            })
    };
    (0..c.toks.len()).find(|&k| {
        c.is(k, &["one", "single"])
            && c.is(
                k.wrapping_sub(1),
                &[
                    "one", "a", "into", "in", "as", "to", "create", "make", "produce", "get",
                ],
            )
            && made(k)
    })
}
