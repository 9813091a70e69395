//! `frames`: pictures from a clip ("a screenshot at 0:05", "a frame every 2 seconds").

use super::super::tokens::Unit;
use super::{Clause, Found, FrameAt, Intent};
use crate::media::ops::FrameFormat;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let trig = (0..c.toks.len()).find(|&i| {
        if c.used[i] {
            return false;
        }
        match c.w(i) {
            Some("frame") => !c.is(i + 1, &["rate", "per"]) && !c.is(i.wrapping_sub(1), &["per"]),
            Some("screenshot" | "screenshots") => true,
            Some("still") => {
                c.is(i.wrapping_sub(1), &["a", "the", "one", "as", "single"])
                    || c.is(i + 1, &["image", "frame", "from", "at"])
            }
            Some("capture" | "grab") => {
                c.has(&["frame", "image", "moment", "still", "screenshot"])
                    || c.times(false).len() == 1
            }
            Some("poster") => true,
            _ => false,
        }
    });
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&["frame", "screenshot", "still", "capture", "grab", "poster"]);
    let format = if c.has(&["jpg", "jpeg", "jpgs", "jpegs"]) {
        c.take_all(&["jpg", "jpeg", "jpgs", "jpegs"]);
        FrameFormat::Jpeg
    } else {
        c.take_all(&["png", "pngs"]);
        FrameFormat::Png
    };
    // every N seconds / every second / N per second
    if let Some(e) = c.find(&["every", "each"]) {
        c.take(e);
        if let Some((j, v)) = c.time_after(e, 3, true) {
            c.take(j);
            out.push((
                i,
                Intent::Frames {
                    at: None,
                    every: Some(v),
                    count: None,
                    format,
                },
            ));
            return;
        }
        if c.is(e + 1, &["second"]) {
            out.push((
                i,
                Intent::Frames {
                    at: None,
                    every: Some(1.0),
                    count: None,
                    format,
                },
            ));
            return;
        }
        if c.is(e + 1, &["minute"]) {
            out.push((
                i,
                Intent::Frames {
                    at: None,
                    every: Some(60.0),
                    count: None,
                    format,
                },
            ));
            return;
        }
    }
    if let Some((j, f)) = c.qty(Unit::Fps) {
        c.take(j);
        if f > 0.0 {
            out.push((
                i,
                Intent::Frames {
                    at: None,
                    every: Some(1.0 / f),
                    count: None,
                    format,
                },
            ));
            return;
        }
    }
    if let Some(p) = c.seq(&["per", "second"]) {
        let n = c.num_before(p, 3).map_or(1.0, |(_, v)| v.max(0.05));
        out.push((
            i,
            Intent::Frames {
                at: None,
                every: Some(1.0 / n),
                count: None,
                format,
            },
        ));
        return;
    }
    // at T
    let times = c.times(false);
    if let Some(&(j, v)) = times.first() {
        c.take(j);
        out.push((
            i,
            Intent::Frames {
                at: Some(FrameAt::Secs(v)),
                every: None,
                count: None,
                format,
            },
        ));
        return;
    }
    if let Some(a) = c.find(&["at"]) {
        if let Some((j, v)) = c.time_after(a, 3, true) {
            c.take(j);
            out.push((
                i,
                Intent::Frames {
                    at: Some(FrameAt::Secs(v)),
                    every: None,
                    count: None,
                    format,
                },
            ));
            return;
        }
    }
    // N frames
    if let Some((j, n)) = c.num_before(i + 1, 3) {
        if n >= 1.0 && n.fract() == 0.0 {
            c.take(j);
            if n == 1.0 {
                out.push((
                    i,
                    Intent::Frames {
                        at: Some(FrameAt::Middle),
                        every: None,
                        count: None,
                        format,
                    },
                ));
            } else {
                out.push((
                    i,
                    Intent::Frames {
                        at: None,
                        every: None,
                        count: Some(n.min(10_000.0) as u32),
                        format,
                    },
                ));
            }
            return;
        }
    }
    let at = if c.has(&["first", "beginning", "start", "opening"]) {
        FrameAt::Secs(0.0)
    } else if c.has(&["last", "end", "final", "ending"]) {
        FrameAt::Last
    } else {
        FrameAt::Middle
    };
    c.take_all(&["first", "last", "final", "beginning", "end"]);
    out.push((
        i,
        Intent::Frames {
            at: Some(at),
            every: None,
            count: None,
            format,
        },
    ));
}
