//! `slideshow`: pictures made into a video.

use super::{Clause, Found, Intent};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let trig = c
        .find(&["slideshow", "slides", "slide", "montage"])
        .or_else(|| {
            c.near(&["image"], &["video", "mp4", "movie"], 4)
                .filter(|_| {
                    c.has(&[
                        "into", "to", "from", "make", "create", "turn", "combine", "as",
                    ])
                })
        })
        .or_else(|| {
            c.near(&["video", "movie"], &["image", "still"], 4)
                .filter(|_| c.has(&["from", "of", "with", "using", "out"]))
        });
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&[
        "slideshow",
        "slides",
        "slide",
        "image",
        "video",
        "movie",
        "mp4",
        "each",
        "per",
        "every",
        "combine",
        "join",
        "merge",
        "put",
        "together",
        "stitch",
        "turn",
        "make",
        "into",
    ]);
    let secs = c
        .times(false)
        .first()
        .copied()
        .or_else(|| c.find(&["second"]).and_then(|s| c.num_before(s, 2)));
    if let Some((j, _)) = secs {
        c.take(j);
    }
    out.push((
        i,
        Intent::Slideshow {
            secs: secs.map(|s| s.1),
        },
    ));
}
