//! `to_gif`: an animated GIF ("make a gif at 10 fps").

use super::{Clause, Found, Intent};
use crate::media::ops::Format;
use crate::planner::tokens::Unit;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let Some(i) = c.find(&["gif", "gifs", "animation", "animated"]) else {
        return;
    };
    // "Japanese animation movies": a kind of film.
    if c.is(i, &["animation"])
        && c.is(
            i + 1,
            &[
                "movie", "movies", "film", "films", "series", "studio", "show", "shows",
            ],
        )
    {
        c.take(i);
        return;
    }
    // "to WebP if non-animated": what the file is not.
    if c.is(i, &["animated", "animation"]) && c.is(i.wrapping_sub(1), &["non", "not"]) {
        c.take(i);
        return;
    }
    if c.is(i, &["animation", "animated"])
        && !c.has(&["gif", "gifs"])
        && c.has(&["mp4", "webm", "mov", "mkv"])
    {
        return;
    }
    // "turn the animated image into a video" of a GIF: the file as it is.
    let gifs = !c.sources.is_empty() && c.sources.iter().all(|f| *f == Format::Gif);
    // "make a smaller version of any GIF over 1MB", "GIFs are inefficient"
    // of GIFs: the files named, no GIF to make ("as a gif" still is one).
    let made =
        (i.saturating_sub(2)..i).any(|k| c.is(k, &["to", "into", "as", "export", "exporting"]));
    // ("The animation looks good but the size of the gif file is bit
    // concerning" of a GIF: the file itself.)
    if gifs && !made && c.qty(Unit::Fps).is_none() {
        c.take(i);
        return;
    }
    if gifs
        && c.is(i, &["animated"])
        && c.is(i + 1, &["image", "picture", "file"])
        && !c.has(&["gif", "gifs"])
    {
        c.take(i);
        return;
    }
    // "a GIF animation from a set of images", "save them as an animated GIF".
    let animated = c.has(&["animation", "animated", "animate", "animations"]);
    c.take_all(&["gif", "gifs", "animated", "animation"]);
    let mut fps = None;
    if let Some((j, f)) = c.qty(Unit::Fps) {
        c.take(j);
        fps = Some(f.round().clamp(0.0, 1000.0) as u32);
    }
    let mut width = None;
    if let Some((j, (w, _))) = c.dims() {
        c.take(j);
        width = Some(w);
    } else if let Some((j, w)) = c.qty(Unit::Px) {
        c.take(j);
        width = Some(w.round().clamp(0.0, 100_000.0) as u32);
    } else if let Some(k) = c.find(&["wide", "width"]) {
        if let Some((j, w)) = c.num_before(k, 2).or_else(|| c.num_after(k, 2)) {
            c.take(j);
            width = Some(w.round().clamp(0.0, 100_000.0) as u32);
        }
    }
    // "turn these pictures into a gif": one animation of all of them.
    let pictures = c.sources.len() > 1 && c.sources.iter().all(|f| f.is_still());
    let one = (i.saturating_sub(2)..i).any(|k| c.is(k, &["a", "an", "one", "single"])) || animated;
    let shown = out
        .iter()
        .any(|(_, i)| matches!(i, Intent::Slideshow { .. }));
    if pictures && one && !shown && !c.has(&["slideshow", "slide", "slides"]) {
        let per = super::slideshow::per_picture(c);
        if let Some((j, _)) = per {
            c.take(j);
        }
        out.push((
            i,
            Intent::Slideshow {
                secs: per.map(|p| p.1),
                fps: None,
            },
        ));
    }
    out.push((
        i,
        Intent::Gif {
            fps,
            width,
            height: None,
        },
    ));
}
