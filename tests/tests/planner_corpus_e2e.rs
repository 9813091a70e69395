//! Requests written by real people (the planner's corpus,
//! `daemon/src/planner/corpus/requests.tsv`, taken verbatim from public
//! issue trackers and forums) run end to end through `POST /api/v1/jobs`
//! on small real files standing in for the files they were about, every
//! output downloaded and probed.
//!
//! For each request: the job's steps are the operations the corpus expects;
//! every output is probed and matches what the plan predicts for the
//! stand-in (format, kind, size, duration, frame rate, audio, codec, count);
//! and a check of its own looks at what the request was about (gray pixels,
//! a file size under its target, mono audio at a sample rate, a palette PNG
//! that keeps transparency, a GIF that plays once...). A few of the issue's
//! own examples follow, for the forms no corpus request used. Only tuning
//! requests are used here, never held-out ones. All jobs are submitted at
//! once and run on the daemon's worker slots.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kiln_tests::client::poll_job;
use kiln_tests::files::{self, download};
use kiln_tests::media::{is_gray, rgb};
use kiln_tests::{make_clip, make_png, Daemon};
use kilnd::media::ops::{self, probe_any, FileFacts, Format, MediaKind, OpLimits, Operation};
use kilnd::planner::corpus::{self, Expected};
use kilnd::planner::{plan, Plan};
use serde_json::{json, Value};

fn probe(path: &Path) -> FileFacts {
    probe_any(path, &OpLimits::default()).unwrap_or_else(|e| panic!("probing {path:?}: {e}"))
}

fn near(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// A check of its own on a case's outputs (with the inputs' paths).
type Check = fn(&[PathBuf], &[PathBuf]);

/// A request run end to end: the prompt (a corpus line's, or one of the
/// issue's examples), the stand-in files, the steps expected.
struct Case {
    prompt: String,
    /// Stand-in names (keys of [`standins`]).
    inputs: Vec<&'static str>,
    ops: Vec<String>,
    check: Check,
}

fn no_check(_: &[PathBuf], _: &[PathBuf]) {}

/// Corpus requests: line, stand-in files, own check.
fn corpus_cases() -> Vec<(usize, &'static [&'static str], Check)> {
    vec![
        (13, &["short.mp4"], |_, o| {
            // 0:06 to 0:09 of 10 s taken out.
            assert!(near(probe(&o[0]).duration_secs.unwrap(), 7.0, 0.3));
        }),
        (19, &["clip.mov"], no_check),
        (22, &["clip.mov"], no_check),
        (24, &["clip.mp4"], no_check),
        (25, &["clip.mp4"], no_check),
        (27, &["clip.mp4"], no_check),
        (30, &["clip.mp4"], |_, o| {
            let f = probe(&o[0]);
            let kbps = size(&o[0]) as f64 * 8.0 / f.duration_secs.unwrap() / 1000.0;
            assert!(kbps > 200.0, "320 kb/s mp3: {kbps}");
        }),
        (33, &["anim.gif"], |_, o| assert!(size(&o[0]) <= 30_000_000)),
        (36, &["anim.gif"], no_check),
        (38, &["clip.mp4"], gray_video),
        (41, &["photo.jpg"], |_, o| assert!(is_gray(&o[0], 2))),
        (46, &["clip.mp4"], |_, o| assert!(size(&o[0]) <= 25_000_000)),
        (50, &["photo.jpg"], |_, o| assert!(size(&o[0]) <= 100_000)),
        (52, &["clip.mp4"], no_check),
        (57, &["clip.mp4"], no_check),
        (59, &["short.mp4"], no_check),
        (61, &["clip.mp4"], |_, o| {
            assert_eq!(probe(&o[0]).channels, Some(1))
        }),
        (63, &["clip.mp4"], |_, o| {
            let f = probe(&o[0]);
            assert_eq!((f.format, f.channels), (Format::M4a, Some(1)));
            let kbps = size(&o[0]) as f64 * 8.0 / f.duration_secs.unwrap() / 1000.0;
            assert!(kbps < 45.0, "32 kb/s: {kbps}");
        }),
        (64, &["song.mp3"], |_, o| {
            assert_eq!(probe(&o[0]).channels, Some(1))
        }),
        (66, &["clip.mp4"], |_, o| {
            assert_eq!(probe(&o[0]).channels, Some(1))
        }),
        (68, &["clip.mp4"], |_, o| {
            let f = probe(&o[0]);
            assert_eq!((f.kind, f.channels), (MediaKind::Video, Some(1)));
        }),
        (76, &["photo.png"], no_check),
        (77, &["1.png", "2.png", "3.png"], no_check),
        (79, &["anim.gif"], no_check),
        (83, &["anim.gif"], no_check),
        (85, &["screen.mp4"], no_check),
        (86, &["clip.mp4"], faded),
        (87, &["song.mp3"], no_check),
        (93, &["clip.mp4"], faded),
        (100, &["clip.mp4"], no_check),
        (102, &["clip.mp4"], no_check),
        (109, &["clip.mp4"], no_check),
        (111, &["clip.mp4"], no_check),
        (115, &["screen.mp4"], |_, o| {
            assert_eq!(probe(&o[0]).video_codec.as_deref(), Some("prores"))
        }),
        (122, &["photo.png"], |i, o| {
            assert!(size(&o[0]) < size(&i[0]) * 4)
        }),
        (125, &["photo.png"], no_check),
        (129, &["alpha.png"], palette_with_alpha),
        (130, &["alpha.png"], palette_with_alpha),
        (132, &["photo.png"], |_, o| {
            assert_eq!(png_color_type(&o[0]), 3)
        }),
        (140, &["anim.gif"], no_check),
        (146, &["screen.mp4"], no_check),
        (155, &["anim.gif"], no_check),
        (157, &["anim.gif"], no_check),
        (160, &["anim.gif"], no_check),
        (173, &["square.mp4"], no_check),
        (186, &["clip.mp4"], no_check),
        (191, &["screen.mp4"], no_check),
        (194, &["photo.jpg"], no_check),
        (195, &["photo.jpg"], no_check),
        (202, &["photo.jpg"], no_check),
        (216, &["a.mp4", "b.mp4"], no_check),
        (224, &["clip.mp4", "logo.png"], no_check),
        (240, &["clip.mp4"], no_check),
        (249, &["clip.mp4"], no_check),
        (254, &["movie.mkv"], no_check),
        (260, &["song.wav"], |_, o| {
            assert_eq!(probe(&o[0]).sample_rate, Some(44100))
        }),
        (264, &["song.wav"], |_, o| {
            assert_eq!(probe(&o[0]).sample_rate, Some(8000))
        }),
        (266, &["song.wav"], |_, o| {
            let f = probe(&o[0]);
            assert_eq!((f.sample_rate, f.channels), (Some(16000), Some(1)));
        }),
        (270, &["clip.mov"], no_check),
        (277, &["short.mp4"], no_check),
        (280, &["clip.mp4"], no_check),
        (296, &["screen.mp4"], no_check),
        (302, &["rec.webm"], no_check),
        (309, &["clip.mp4"], |_, o| assert!(size(&o[0]) <= 8_000_000)),
        (318, &["clip.mp4"], no_check),
        (324, &["clip.mp4"], no_check),
        (367, &["hevc.mkv"], no_check),
        (380, &["photo.jpg"], no_check),
        (386, &["anim.gif"], |_, o| assert!(size(&o[0]) <= 128_000)),
        (390, &["photo.jpg"], |_, o| assert!(size(&o[0]) <= 500_000)),
        (392, &["song.m4a"], no_check),
        (397, &["song.flac"], no_check),
        (423, &["screen.mp4"], no_check),
        (428, &["anim.gif"], no_check),
        (430, &["photo.webp"], no_check),
        (437, &["photo.webp"], no_check),
        (459, &["fps60.mp4"], no_check),
        (470, &["fps60.mp4"], no_check),
        (474, &["song.mp3"], no_check),
        (488, &["photo.jpg"], no_check),
        (503, &["photo.jpg"], no_check),
        (515, &["movie.mkv"], |_, o| {
            // Streams copied: still H.264, in mp4.
            let f = probe(&o[0]);
            assert_eq!(
                (f.format, f.video_codec.as_deref()),
                (Format::Mp4, Some("h264"))
            );
        }),
        (518, &["clip.mp4"], no_check),
        (531, &["alpha.png"], white_where_transparent),
        (533, &["alpha.png"], white_where_transparent),
        (546, &["screen.mp4"], no_check),
        (552, &["anim.gif"], plays_once),
        (563, &["scan.tiff"], no_check),
        (566, &["scan.tiff"], no_check),
        (569, &["photo.png"], no_check),
        (576, &["clip.mp4"], no_check),
        (581, &["screen.mp4"], no_check),
        (592, &["song.wav"], |_, o| {
            assert_eq!(probe(&o[0]).channels, Some(1))
        }),
        (595, &["clip.mp4"], no_check),
        (613, &["clip.mp4"], no_check),
    ]
}

/// The issue's own examples, for forms no corpus request above used:
/// prompt, stand-ins, steps, own check.
fn example_cases() -> Vec<(
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    Check,
)> {
    vec![
        // A maximum the 400x300 photo is within: converted, not enlarged.
        (
            "convert to png, max size 1024x768",
            &["photo.jpg"],
            &["convert"],
            |_, o| {
                let f = probe(&o[0]);
                assert_eq!((f.width, f.height), (Some(400), Some(300)));
            },
        ),
        (
            "crop 20 px off the top and bottom",
            &["clip.mp4"],
            &["crop"],
            no_check,
        ),
        (
            "half a second off each end",
            &["short.mp4"],
            &["trim"],
            |_, o| assert!(near(probe(&o[0]).duration_secs.unwrap(), 9.0, 0.3)),
        ),
        (
            "start at 0:02 and end at 0:07",
            &["short.mp4"],
            &["trim"],
            no_check,
        ),
        (
            "change the frame rate to 23.976",
            &["clip.mp4"],
            &["change_fps"],
            no_check,
        ),
        (
            "double the frame rate, not slow motion",
            &["screen.mp4"],
            &["change_fps"],
            no_check,
        ),
        ("HD to SD", &["hd.mp4"], &["scale"], no_check),
        ("scale the gif to 50%", &["anim.gif"], &["scale"], no_check),
        (
            "make it black and white",
            &["anim.gif"],
            &["grayscale"],
            |_, o| assert!(is_gray(&o[0], 2), "a gray palette"),
        ),
        (
            "get this png under 20 kb",
            &["noise.png"],
            &["compress"],
            |_, o| {
                assert!(size(&o[0]) <= 20_000);
                assert_eq!(probe(&o[0]).format, Format::Png);
            },
        ),
        (
            "webp under 15 kb",
            &["noise.webp"],
            &["compress"],
            |_, o| assert!(size(&o[0]) <= 15_000),
        ),
        ("jpeg quality 40", &["photo.jpg"], &["convert"], |i, o| {
            assert!(size(&o[0]) < size(&i[0]))
        }),
        ("mkv, don't re-encode", &["clip.mp4"], &["remux"], |_, o| {
            assert_eq!(probe(&o[0]).video_codec.as_deref(), Some("h264"))
        }),
        ("loop it 3 times", &["screen.mp4"], &["loop"], no_check),
        // The sound muted for a part, not taken away: the track and the
        // length stay.
        (
            "mute the first second",
            &["clip.mp4"],
            &["volume"],
            |i, o| {
                let (a, b) = (probe(&i[0]), probe(&o[0]));
                assert!(b.has_audio);
                assert!(near(
                    a.duration_secs.unwrap(),
                    b.duration_secs.unwrap(),
                    0.1
                ));
            },
        ),
        (
            "make a gif slideshow, 1 second per picture",
            &["1.png", "2.png", "3.png"],
            &["slideshow", "to_gif"],
            no_check,
        ),
        (
            "convert to webp",
            &["anim.gif"],
            &["convert"],
            animated_webp,
        ),
        (
            "convert to webp",
            &["rec.webm"],
            &["convert"],
            animated_webp,
        ),
    ]
}

/// An animated WebP that loops forever, moving for as long as its source.
fn animated_webp(i: &[PathBuf], o: &[PathBuf]) {
    use image::AnimationDecoder;
    let bytes = std::fs::read(&o[0]).unwrap();
    assert!(bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP");
    let anim = bytes.windows(4).position(|w| w == b"ANIM").expect("ANIM");
    assert_eq!(&bytes[anim + 12..anim + 14], &[0, 0], "loops forever");
    let file = std::io::BufReader::new(std::fs::File::open(&o[0]).unwrap());
    let frames = image::codecs::webp::WebPDecoder::new(file)
        .unwrap()
        .into_frames()
        .collect_frames()
        .unwrap();
    assert!(frames.len() > 1, "{} frames", frames.len());
    let (src, out) = (probe(&i[0]), probe(&o[0]));
    let (a, b) = (src.duration_secs.unwrap(), out.duration_secs.unwrap());
    assert!(near(a, b, 0.35), "{a} s became {b} s");
}

/// A grayscale video: a frame of it is gray.
fn gray_video(_: &[PathBuf], o: &[PathBuf]) {
    let frame: Operation = serde_json::from_value(json!({"op": "frames", "at": 1.0})).unwrap();
    let dir = o[0].parent().unwrap().join("gray-frame");
    std::fs::create_dir_all(&dir).unwrap();
    let out = ops::run(&frame, &o[..1], &dir, &OpLimits::default(), &mut |_, _| {
        true
    })
    .unwrap();
    assert!(is_gray(&out[0], 6), "gray frame");
}

/// Faded in from black: the first frame is dark.
fn faded(_: &[PathBuf], o: &[PathBuf]) {
    let frame: Operation = serde_json::from_value(json!({"op": "frames", "at": 0.0})).unwrap();
    let dir = o[0].parent().unwrap().join("first-frame");
    std::fs::create_dir_all(&dir).unwrap();
    let out = ops::run(&frame, &o[..1], &dir, &OpLimits::default(), &mut |_, _| {
        true
    })
    .unwrap();
    let img = rgb(&out[0]);
    let max = img
        .pixels()
        .map(|p| p[0].max(p[1]).max(p[2]))
        .max()
        .unwrap_or(0);
    assert!(max < 40, "the first frame is black: {max}");
}

/// The colour type byte of a PNG's header (3: a palette).
fn png_color_type(path: &Path) -> u8 {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[1..4], b"PNG", "{path:?}");
    bytes[25]
}

/// A palette PNG whose transparent pixels stayed transparent.
fn palette_with_alpha(_: &[PathBuf], o: &[PathBuf]) {
    assert_eq!(png_color_type(&o[0]), 3);
    let bytes = std::fs::read(&o[0]).unwrap();
    assert!(bytes.windows(4).any(|w| w == b"tRNS"), "transparency kept");
    let img = image::open(&o[0]).unwrap().to_rgba8();
    assert_eq!(img.get_pixel(1, 1)[3], 0, "the clear corner stays clear");
}

/// A JPEG from a transparent PNG: white where it was clear.
fn white_where_transparent(_: &[PathBuf], o: &[PathBuf]) {
    let img = rgb(&o[0]);
    let p = img.get_pixel(1, 1);
    assert!(p.0.iter().all(|c| *c > 235), "white, not black: {p:?}");
}

/// A GIF with no looping extension plays once.
fn plays_once(_: &[PathBuf], o: &[PathBuf]) {
    let bytes = std::fs::read(&o[0]).unwrap();
    assert!(
        !bytes.windows(11).any(|w| w == b"NETSCAPE2.0"),
        "no loop extension"
    );
}

/// Runs `op` (as JSON) on `input` into `dir`, naming the result `name`.
fn derive(op: Value, input: &Path, dir: &Path, name: &str) -> PathBuf {
    let op: Operation = serde_json::from_value(op).unwrap();
    let tmp = dir.join(format!("derive-{name}"));
    std::fs::create_dir_all(&tmp).unwrap();
    let out = ops::run(
        &op,
        &[input.to_path_buf()],
        &tmp,
        &OpLimits::default(),
        &mut |_, _| true,
    )
    .unwrap_or_else(|e| panic!("making {name}: {e}"));
    let path = dir.join(name);
    std::fs::rename(&out[0], &path).unwrap();
    path
}

/// A noisy picture (compresses badly: size targets have work to do).
fn noise_png(dir: &Path, name: &str) -> PathBuf {
    let mut seed = 0x2545_F491_u32;
    let img = image::RgbImage::from_fn(200, 150, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        image::Rgb([seed as u8, (seed >> 8) as u8, (seed >> 16) as u8])
    });
    let path = dir.join(name);
    img.save(&path).unwrap();
    path
}

/// A picture clear in its top-left quarter, opaque elsewhere.
fn alpha_png(dir: &Path) -> PathBuf {
    let img = image::RgbaImage::from_fn(64, 48, |x, y| {
        if x < 16 && y < 12 {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([(x * 4) as u8, (y * 5) as u8, 200, 255])
        }
    });
    let path = dir.join("alpha.png");
    img.save(&path).unwrap();
    path
}

/// The small files standing in for the corpus's fixtures, by name.
fn standins(dir: &Path) -> HashMap<&'static str, PathBuf> {
    let mut m: HashMap<&'static str, PathBuf> = HashMap::new();
    let clip = make_clip(dir, "clip.mp4", 24.0, 10, (320, 180), true);
    let short = make_clip(dir, "short.mp4", 10.0, 10, (160, 120), true);
    let screen = make_clip(dir, "screen.mp4", 4.0, 10, (160, 120), false);
    m.insert(
        "fps60.mp4",
        make_clip(dir, "fps60.mp4", 4.0, 60, (160, 120), true),
    );
    m.insert(
        "square.mp4",
        make_clip(dir, "square.mp4", 2.0, 10, (160, 160), true),
    );
    m.insert(
        "hd.mp4",
        make_clip(dir, "hd.mp4", 2.0, 10, (1280, 720), false),
    );
    m.insert("a.mp4", make_clip(dir, "a.mp4", 2.0, 10, (160, 120), true));
    m.insert("b.mp4", make_clip(dir, "b.mp4", 3.0, 10, (160, 120), true));
    m.insert(
        "clip.mov",
        derive(json!({"op": "remux", "to": "mov"}), &short, dir, "clip.mov"),
    );
    m.insert(
        "movie.mkv",
        derive(
            json!({"op": "remux", "to": "mkv"}),
            &short,
            dir,
            "movie.mkv",
        ),
    );
    m.insert(
        "rec.webm",
        derive(
            json!({"op": "convert", "to": "webm"}),
            &screen,
            dir,
            "rec.webm",
        ),
    );
    m.insert(
        "hevc.mkv",
        derive(
            json!({"op": "convert", "to": "mkv", "codec": "hevc"}),
            &screen,
            dir,
            "hevc.mkv",
        ),
    );
    m.insert(
        "anim.gif",
        derive(
            json!({"op": "to_gif", "fps": 10, "width": 160}),
            &screen,
            dir,
            "anim.gif",
        ),
    );
    for (fmt, name) in [
        ("mp3", "song.mp3"),
        ("wav", "song.wav"),
        ("flac", "song.flac"),
        ("m4a", "song.m4a"),
    ] {
        m.insert(
            name,
            derive(json!({"op": "extract_audio", "to": fmt}), &short, dir, name),
        );
    }
    let photo = make_png(dir, "photo.png", 64, 48);
    m.insert(
        "photo.jpg",
        derive(
            json!({"op": "convert", "to": "jpeg"}),
            &make_png(dir, "big.png", 400, 300),
            dir,
            "photo.jpg",
        ),
    );
    m.insert(
        "photo.webp",
        derive(
            json!({"op": "convert", "to": "webp"}),
            &photo,
            dir,
            "photo.webp",
        ),
    );
    m.insert(
        "scan.tiff",
        derive(
            json!({"op": "convert", "to": "tiff"}),
            &photo,
            dir,
            "scan.tiff",
        ),
    );
    let noise = noise_png(dir, "noise.png");
    m.insert(
        "noise.webp",
        derive(
            json!({"op": "convert", "to": "webp"}),
            &noise,
            dir,
            "noise.webp",
        ),
    );
    m.insert("noise.png", noise);
    m.insert("alpha.png", alpha_png(dir));
    for n in ["1.png", "2.png", "3.png"] {
        m.insert(n, make_png(dir, n, 64, 48));
    }
    m.insert("logo.png", make_png(dir, "logo.png", 32, 24));
    m.insert("photo.png", photo);
    m.insert("clip.mp4", clip);
    m.insert("short.mp4", short);
    m.insert("screen.mp4", screen);
    m
}

/// Every case: corpus requests first, then the examples.
fn cases() -> Vec<Case> {
    let corpus = corpus::parse(corpus::REQUESTS).unwrap();
    let mut out = Vec::new();
    for (line, inputs, check) in corpus_cases() {
        let c = corpus
            .iter()
            .find(|c| c.line == line)
            .unwrap_or_else(|| panic!("no corpus line {line}"));
        assert!(!c.held_out, "line {line} is held out: never used here");
        let Expected::Do { ops, .. } = &c.expected else {
            panic!("line {line} is not a command");
        };
        out.push(Case {
            prompt: c.prompt.clone(),
            inputs: inputs.to_vec(),
            ops: ops.clone(),
            check,
        });
    }
    for (prompt, inputs, ops, check) in example_cases() {
        out.push(Case {
            prompt: prompt.into(),
            inputs: inputs.to_vec(),
            ops: ops.iter().map(|s| s.to_string()).collect(),
            check,
        });
    }
    out
}

/// Submit with `?wait=true`, then poll until settled if the wait ran out.
async fn run(d: &Daemon, key: &str, body: Value) -> Value {
    let (status, job) = files::job(d, key, body, true).await;
    assert_eq!(status, 200, "{job}");
    if files::settled(&job) {
        return job;
    }
    let id = job["id"].as_str().unwrap();
    let get = || files::get_job(d, key, id);
    poll_job(d, Duration::from_secs(300), get, files::settled).await
}

/// What the planner makes of `prompt` on `inputs` (the files' probed
/// facts, as the daemon sees them): the steps' names, the command line
/// shown, and the facts predicted for the outputs.
struct Predicted {
    ops: Vec<String>,
    description: String,
    outputs: Vec<FileFacts>,
}

fn predicted(prompt: &str, inputs: &[FileFacts]) -> Predicted {
    let p = plan(prompt, inputs);
    let description = p.description().unwrap_or_default();
    let Plan::Command { steps } = p else {
        panic!("{prompt}: not a command on the stand-ins: {p:?}");
    };
    let ops: Vec<Operation> = steps.into_iter().map(|s| s.op).collect();
    let outputs = ops::check_pipeline(inputs, &ops)
        .unwrap_or_else(|e| panic!("{prompt}: {e}"))
        .pop()
        .unwrap_or_default();
    Predicted {
        ops: ops.iter().map(|o| o.name().to_string()).collect(),
        description,
        outputs,
    }
}

/// Probed output against its predicted facts. A size target may give up
/// pixels and frames to get under it (`sized`): then those are at most
/// the predicted ones.
fn matches_prediction(prompt: &str, got: &FileFacts, want: &FileFacts, sized: bool) {
    let what = format!("{prompt}: got {got:?}, predicted {want:?}");
    assert_eq!((got.format, got.kind), (want.format, want.kind), "{what}");
    let px = |a: Option<u32>, b: Option<u32>| match (a, b) {
        (Some(a), Some(b)) => a.abs_diff(b) <= 2 || sized && a < b,
        (a, b) => a == b,
    };
    assert!(
        px(got.width, want.width) && px(got.height, want.height),
        "{what}"
    );
    if let (Some(g), Some(w), true) = (
        got.duration_secs,
        want.duration_secs,
        got.kind != MediaKind::Image,
    ) {
        assert!(near(g, w, (w * 0.05).max(0.35)), "{what}");
    }
    if let (Some(g), Some(w), MediaKind::Video | MediaKind::Gif) = (got.fps, want.fps, got.kind) {
        assert!(near(g, w, 0.5) || sized && g < w, "{what}");
    }
    if matches!(got.kind, MediaKind::Video | MediaKind::Audio) {
        assert_eq!(got.has_audio, want.has_audio, "{what}");
    }
    if let Some(codec) = &want.video_codec {
        if got.kind == MediaKind::Video {
            assert_eq!(got.video_codec.as_ref(), Some(codec), "{what}");
        }
    }
}

/// The planned steps against the expected ones, as the corpus check counts
/// them: a remux answers a conversion (kiln remuxes only when the streams
/// already fit the container asked; the output's facts are checked below).
fn same_steps(got: &[String], want: &[String]) -> bool {
    got.len() == want.len()
        && got
            .iter()
            .zip(want)
            .all(|(g, w)| g == w || w == "convert" && g == "remux")
}

#[tokio::test]
async fn requests_written_by_real_people_make_the_files_they_ask_for() {
    let started = Instant::now();
    let d = Daemon::start_with_env(&[
        ("KILN_PLANS__FREE__RATE_PER_SEC", "1000"),
        ("KILN_PLANS__FREE__BURST", "1000"),
        ("KILN_PLANS__FREE__MONTHLY_JOBS", "0"),
        // Every case is submitted at once: more than a plan's usual queue.
        ("KILN_PLANS__FREE__MAX_QUEUED_JOBS", "1000"),
        ("KILN_FILES__WAIT_SECS", "50"),
        ("KILN_WORKERS__MAX", "3"),
    ]);
    let key = d.account("people");
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let files_by_name = standins(src);
    let facts: HashMap<&str, FileFacts> =
        files_by_name.iter().map(|(n, p)| (*n, probe(p))).collect();
    let mut storage = HashMap::new();
    for (name, path) in &files_by_name {
        storage.insert(*name, files::upload(&d, &key, path).await);
    }
    let prepared = started.elapsed();
    let cases = cases();
    let from_corpus = corpus_cases().len();
    assert!(from_corpus >= 60, "{from_corpus} corpus requests");

    let jobs = futures::future::join_all(cases.iter().map(|c| {
        let files: Vec<Value> = c
            .inputs
            .iter()
            .map(|n| json!({"storageId": storage[n], "filename": n}))
            .collect();
        let body = json!({"prompt": c.prompt, "files": files});
        let (d, key) = (&d, &key);
        async move { run(d, key, body).await }
    }))
    .await;
    let ran = started.elapsed();

    for (i, (c, job)) in cases.iter().zip(jobs).enumerate() {
        assert_eq!(
            job["status"],
            "succeeded",
            "{}: {job}\n{}",
            c.prompt,
            d.log()
        );
        assert_eq!(job["kind"], "command", "{}: {job}", c.prompt);
        let inputs: Vec<FileFacts> = c.inputs.iter().map(|n| facts[n].clone()).collect();
        let plan = predicted(&c.prompt, &inputs);
        // The steps the corpus expects, and the daemon planned the same.
        assert!(
            same_steps(&plan.ops, &c.ops),
            "{}: {:?}",
            c.prompt,
            plan.ops
        );
        let steps = job["pipeline"].as_array().map_or(1, Vec::len);
        assert_eq!(steps, c.ops.len(), "{}: {job}", c.prompt);
        assert_eq!(job["description"], plan.description, "{}", c.prompt);
        let want = plan.outputs;
        let out_dir = src.join(format!("case{i}"));
        std::fs::create_dir_all(&out_dir).unwrap();
        let mut outputs = Vec::new();
        for o in job["outputs"].as_array().unwrap() {
            outputs.push(download(o, &out_dir).await);
        }
        assert_eq!(outputs.len(), want.len(), "{}: {job}", c.prompt);
        let sized = c.ops.iter().any(|o| o == "compress");
        for (path, w) in outputs.iter().zip(&want) {
            matches_prediction(&c.prompt, &probe(path), w, sized);
        }
        let input_paths: Vec<PathBuf> = c.inputs.iter().map(|n| files_by_name[n].clone()).collect();
        (c.check)(&input_paths, &outputs);
    }
    println!(
        "{} requests ({from_corpus} from the corpus) planned, run and probed: files ready at {prepared:?}, jobs done at {ran:?}, outputs checked at {:?}",
        cases.len(),
        started.elapsed()
    );
}
