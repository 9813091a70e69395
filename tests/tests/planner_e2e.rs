//! The planner end to end: prompts in plain words through `POST /api/v1/jobs`
//! on real (tiny) files, every output downloaded and probed: dimensions,
//! format, duration, frame rate, gray pixels, audio present or absent.
//! All jobs are submitted at once and run concurrently on the daemon's
//! worker slots.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kiln_tests::client::poll_job;
use kiln_tests::files::{self, download};
use kiln_tests::media::{is_gray, rgb};
use kiln_tests::{http, make_clip, make_png, make_talk, Daemon};
use kilnd::media::ops::{probe_any, FileFacts, Format, MediaKind, OpLimits};
use serde_json::{json, Value};

fn probe(path: &Path) -> FileFacts {
    probe_any(path, &OpLimits::default()).unwrap_or_else(|e| panic!("probing {path:?}: {e}"))
}

fn mean_luma(path: &Path) -> f64 {
    let img = rgb(path);
    let sum: f64 = img
        .pixels()
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .sum();
    sum / f64::from(img.width() * img.height())
}

fn dims(f: &FileFacts) -> (u32, u32) {
    (f.width.unwrap_or(0), f.height.unwrap_or(0))
}

fn near(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// A job's outputs, downloaded.
struct Done {
    job: Value,
    outputs: Vec<PathBuf>,
}

type Check = Box<dyn Fn(&Done) + Send>;

struct Case {
    prompt: &'static str,
    /// Names of uploaded files.
    inputs: &'static [&'static str],
    /// Expected `op` of each step (checks the plan, the outputs are probed too).
    ops: &'static [&'static str],
    check: Check,
}

fn case(
    prompt: &'static str,
    inputs: &'static [&'static str],
    ops: &'static [&'static str],
    check: impl Fn(&Done) + Send + 'static,
) -> Case {
    Case {
        prompt,
        inputs,
        ops,
        check: Box::new(check),
    }
}

fn one(d: &Done) -> FileFacts {
    assert_eq!(d.outputs.len(), 1, "{}", d.job);
    probe(&d.outputs[0])
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
    poll_job(d, Duration::from_secs(120), get, files::settled).await
}

fn cases() -> Vec<Case> {
    vec![
        // Stills (64x48 PNG with a red square top left).
        case(
            "make this black and white",
            &["photo.png"],
            &["grayscale"],
            |d| {
                let f = one(d);
                assert_eq!((f.format, dims(&f)), (Format::Png, (64, 48)));
                assert!(is_gray(&d.outputs[0], 0));
            },
        ),
        case(
            "convert to jpeg please",
            &["photo.png"],
            &["convert"],
            |d| {
                assert_eq!(one(d).format, Format::Jpeg);
            },
        ),
        case("save it as webp", &["photo.png"], &["convert"], |d| {
            assert_eq!(one(d).format, Format::Webp);
        }),
        case("resize to 32px wide", &["photo.png"], &["scale"], |d| {
            assert_eq!(dims(&one(d)), (32, 24));
        }),
        case("crop it to a square", &["photo.png"], &["crop"], |d| {
            assert_eq!(dims(&one(d)), (48, 48));
        }),
        case(
            "fit it inside a white square without cropping",
            &["photo.png"],
            &["pad"],
            |d| {
                let f = one(d);
                assert_eq!(dims(&f), (64, 64));
                // White above the picture, the picture whole in the middle.
                let img = rgb(&d.outputs[0]);
                assert_eq!(img.get_pixel(32, 2).0, [255, 255, 255]);
            },
        ),
        case(
            "add a 6 px black border around it",
            &["photo.png"],
            &["pad"],
            |d| {
                assert_eq!(dims(&one(d)), (76, 60));
                // Black at the edge, the red corner 6 px in.
                let img = rgb(&d.outputs[0]);
                assert_eq!(img.get_pixel(2, 30).0, [0, 0, 0]);
                assert_eq!(img.get_pixel(8, 8).0, [230, 20, 20]);
            },
        ),
        case(
            "make the background white instead of transparent",
            &["logo.png"],
            &["flatten"],
            |d| {
                let f = one(d);
                assert_eq!((f.format, dims(&f)), (Format::Png, (40, 20)));
                let img = image::open(&d.outputs[0]).unwrap();
                assert!(!img.color().has_alpha(), "{:?}", img.color());
                let img = img.to_rgb8();
                assert_eq!(img.get_pixel(30, 10).0, [255, 255, 255]);
                assert_eq!(img.get_pixel(5, 10).0, [200, 0, 0]);
            },
        ),
        case(
            "rotate 90 degrees to the right",
            &["photo.png"],
            &["rotate"],
            |d| {
                assert_eq!(dims(&one(d)), (48, 64));
            },
        ),
        case("mirror it", &["photo.png"], &["flip"], |d| {
            let img = rgb(&d.outputs[0]);
            // The red square moved from the top left to the top right.
            let p = img.get_pixel(60, 2);
            assert!(p[0] > 200 && p[1] < 60, "{p:?}");
            let q = img.get_pixel(2, 2);
            assert!(q[2] > 100, "the gradient, not the red square: {q:?}");
        }),
        case(
            "make a 16px thumbnail",
            &["photo.png"],
            &["thumbnail"],
            |d| {
                assert_eq!(dims(&one(d)), (16, 12));
            },
        ),
        case("make it a lot brighter", &["photo.png"], &["adjust"], |d| {
            let f = one(d);
            assert_eq!(dims(&f), (64, 48));
            assert!(
                mean_luma(&d.outputs[0])
                    > mean_luma(&d.outputs[0].with_file_name("photo.png")) + 10.0
            );
        }),
        case("blur it a little", &["photo.png"], &["blur"], |d| {
            assert_eq!(dims(&one(d)), (64, 48));
            let a = rgb(&d.outputs[0]);
            let b = rgb(&d.outputs[0].with_file_name("photo.png"));
            assert_ne!(a.as_raw(), b.as_raw(), "blurred pixels differ");
        }),
        case("optimize the png", &["photo.png"], &["optimize_png"], |d| {
            let f = one(d);
            assert_eq!(f.format, Format::Png);
            let a = rgb(&d.outputs[0]);
            let b = rgb(&d.outputs[0].with_file_name("photo.png"));
            assert_eq!(a.as_raw(), b.as_raw(), "lossless");
        }),
        case(
            "remove the metadata and convert to bmp",
            &["photo.png"],
            &["strip_metadata", "convert"],
            |d| {
                let f = one(d);
                assert_eq!((f.format, dims(&f)), (Format::Bmp, (64, 48)));
            },
        ),
        case(
            "turn this picture into a video",
            &["photo.png"],
            &["slideshow"],
            |d| {
                let f = one(d);
                assert_eq!(
                    (f.kind, f.format, dims(&f)),
                    (MediaKind::Video, Format::Mp4, (64, 48))
                );
                assert!(near(f.duration_secs.unwrap(), 3.0, 0.3), "{f:?}");
            },
        ),
        // Video (160x120, 2 s, 10 fps, AAC tone).
        case("convert to webm", &["clip.mp4"], &["convert"], |d| {
            let f = one(d);
            assert_eq!((f.format, dims(&f)), (Format::Webm, (160, 120)));
            assert!(f.has_audio);
        }),
        case(
            "keep only the first second",
            &["clip.mp4"],
            &["trim"],
            |d| {
                let f = one(d);
                assert!(near(f.duration_secs.unwrap(), 1.0, 0.25), "{f:?}");
            },
        ),
        case(
            "trim from 0:00.5 to 0:01.5",
            &["clip.mp4"],
            &["trim"],
            |d| {
                assert!(near(one(d).duration_secs.unwrap(), 1.0, 0.25));
            },
        ),
        case("speed it up 2x", &["clip.mp4"], &["speed"], |d| {
            let f = one(d);
            assert!(near(f.duration_secs.unwrap(), 1.0, 0.25), "{f:?}");
            assert!(f.has_audio);
        }),
        case("slow motion please", &["clip.mp4"], &["speed"], |d| {
            assert!(near(one(d).duration_secs.unwrap(), 4.0, 0.4));
        }),
        case("play it backwards", &["clip.mp4"], &["reverse"], |d| {
            assert!(near(one(d).duration_secs.unwrap(), 2.0, 0.3));
        }),
        case(
            "change the frame rate to 5 fps",
            &["clip.mp4"],
            &["change_fps"],
            |d| {
                assert!(near(one(d).fps.unwrap(), 5.0, 0.01));
            },
        ),
        case(
            "extract the audio as mp3",
            &["clip.mp4"],
            &["extract_audio"],
            |d| {
                let f = one(d);
                assert_eq!(
                    (f.kind, f.format, f.width),
                    (MediaKind::Audio, Format::Mp3, None)
                );
                assert!(f.has_audio);
            },
        ),
        case(
            "convert it to wav",
            &["clip.mp4"],
            &["extract_audio"],
            |d| {
                let f = one(d);
                assert_eq!((f.kind, f.format), (MediaKind::Audio, Format::Wav));
            },
        ),
        case("mute the video", &["clip.mp4"], &["remove_audio"], |d| {
            let f = one(d);
            assert!(!f.has_audio && f.width == Some(160), "{f:?}");
        }),
        case("make it louder", &["clip.mp4"], &["volume"], |d| {
            assert!(one(d).has_audio);
        }),
        case("normalize the audio", &["clip.mp4"], &["normalize"], |d| {
            let f = one(d);
            assert!(
                f.has_audio && near(f.duration_secs.unwrap(), 2.0, 0.3),
                "{f:?}"
            );
        }),
        case("make a gif", &["clip.mp4"], &["to_gif"], |d| {
            let f = one(d);
            assert_eq!((f.kind, f.format), (MediaKind::Gif, Format::Gif));
            assert!(!f.has_audio);
        }),
        case("take a screenshot at 1s", &["clip.mp4"], &["frames"], |d| {
            let f = one(d);
            assert_eq!(
                (f.kind, f.format, dims(&f)),
                (MediaKind::Image, Format::Png, (160, 120))
            );
        }),
        case("extract 3 frames as jpg", &["clip.mp4"], &["frames"], |d| {
            assert_eq!(d.outputs.len(), 3, "{}", d.job);
            for o in &d.outputs {
                assert_eq!(probe(o).format, Format::Jpeg);
            }
        }),
        case("split it into 2 parts", &["clip.mp4"], &["split"], |d| {
            // Two files, one second each, with their sound.
            assert_eq!(d.outputs.len(), 2, "{}", d.job);
            for o in &d.outputs {
                let f = probe(o);
                assert!(near(f.duration_secs.unwrap(), 1.0, 0.1), "{f:?}");
                assert!(f.has_audio && f.format == Format::Mp4, "{f:?}");
            }
        }),
        case(
            "cut out the parts where nobody is talking",
            &["talk.mp4"],
            &["trim_silence"],
            |d| {
                // Talk at 1–2 s and 4–5 s of 6 s: the ends and the 2 s
                // pause cut, about 2.6 s left, pictures and sound.
                let f = one(d);
                assert!(near(f.duration_secs.unwrap(), 2.6, 0.3), "{f:?}");
                assert!(f.has_audio && f.format == Format::Mp4, "{f:?}");
            },
        ),
        case(
            "the audio is half a second late",
            &["talk.mp4"],
            &["shift_audio"],
            |d| {
                // The sound played earlier, the video as long as it was.
                let f = one(d);
                assert!(near(f.duration_secs.unwrap(), 6.0, 0.15), "{f:?}");
                assert!(f.has_audio, "{f:?}");
            },
        ),
        case(
            "cut out 0.2s to 0.5s and 1s to 1.3s",
            &["clip.mp4"],
            &["cut", "cut"],
            |d| {
                // 2 s less two parts of 0.3 s, the sound cut with the pictures.
                let f = one(d);
                assert!(near(f.duration_secs.unwrap(), 1.4, 0.15), "{f:?}");
                assert!(f.has_audio, "{f:?}");
            },
        ),
        case("resize to 50%", &["clip.mp4"], &["scale"], |d| {
            assert_eq!(dims(&one(d)), (80, 60));
        }),
        case("crop to 1:1", &["clip.mp4"], &["crop"], |d| {
            assert_eq!(dims(&one(d)), (120, 120));
        }),
        case(
            "letterbox it to 9:16 for tiktok",
            &["clip.mp4"],
            &["pad"],
            |d| {
                assert_eq!(dims(&one(d)), (160, 286));
            },
        ),
        case("rotate left", &["clip.mp4"], &["rotate"], |d| {
            assert_eq!(dims(&one(d)), (120, 160));
        }),
        case("flip it upside down", &["clip.mp4"], &["flip"], |d| {
            assert_eq!(dims(&one(d)), (160, 120));
        }),
        case(
            "add watermark \"kiln\" in the top left",
            &["clip.mp4"],
            &["watermark"],
            |d| {
                let f = one(d);
                assert_eq!((f.format, dims(&f)), (Format::Mp4, (160, 120)));
            },
        ),
        case(
            "compress it to under 1 MB",
            &["clip.mp4"],
            &["compress"],
            |d| {
                assert!(std::fs::metadata(&d.outputs[0]).unwrap().len() < 1024 * 1024);
                assert!(one(d).has_audio);
            },
        ),
        case(
            "black and white, then take a screenshot at 0:01",
            &["clip.mp4"],
            &["grayscale", "frames"],
            |d| {
                assert_eq!(dims(&one(d)), (160, 120));
                assert!(is_gray(&d.outputs[0], 4), "gray frame");
            },
        ),
        case(
            "convert to mov, trim to 1 s and make it black and white",
            &["clip.mp4"],
            &["convert", "trim", "grayscale"],
            |d| {
                let f = one(d);
                assert_eq!(f.format, Format::Mov);
                assert!(near(f.duration_secs.unwrap(), 1.0, 0.25), "{f:?}");
            },
        ),
        case(
            "make a gif of the first second at 5 fps, 80px wide",
            &["clip.mp4"],
            &["trim", "to_gif"],
            |d| {
                let f = one(d);
                assert_eq!((f.format, dims(&f)), (Format::Gif, (80, 60)));
            },
        ),
        // Several files.
        case(
            "join these clips one after another",
            &["clip.mp4", "clip2.mp4"],
            &["concat"],
            |d| {
                let f = one(d);
                assert!(near(f.duration_secs.unwrap(), 4.0, 0.4), "{f:?}");
            },
        ),
        case(
            "make a slideshow, 1 second per picture",
            &["photo.png", "photo2.png"],
            &["slideshow"],
            |d| {
                let f = one(d);
                assert_eq!((f.kind, f.format), (MediaKind::Video, Format::Mp4));
                assert!(near(f.duration_secs.unwrap(), 2.0, 0.3), "{f:?}");
            },
        ),
        case(
            "put the logo in the bottom right corner",
            &["clip.mp4", "photo.png"],
            &["watermark"],
            |d| {
                assert_eq!(dims(&one(d)), (160, 120));
            },
        ),
    ]
}

#[tokio::test]
async fn prompts_in_plain_words_make_the_files_they_describe() {
    let started = Instant::now();
    let d = Daemon::start_with_env(&[
        ("KILN_PLANS__FREE__RATE_PER_SEC", "1000"),
        ("KILN_PLANS__FREE__BURST", "1000"),
        ("KILN_PLANS__FREE__MONTHLY_JOBS", "0"),
        ("KILN_FILES__WAIT_SECS", "50"),
        ("KILN_WORKERS__MAX", "3"),
    ]);
    let key = d.account("planner");
    let booted = started.elapsed();
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let photo = make_png(src, "photo.png", 64, 48);
    let photo2 = make_png(src, "photo2.png", 64, 48);
    let clip = make_clip(src, "clip.mp4", 2.0, 10, (160, 120), true);
    let clip2 = make_clip(src, "clip2.mp4", 2.0, 10, (160, 120), true);
    let talk = make_talk(src, "talk.mp4", 6.0, &[(0.0, 1.0), (2.0, 4.0), (5.0, 6.0)]);
    // A logo: opaque red on the left half, see-through on the right.
    let logo = src.join("logo.png");
    image::RgbaImage::from_fn(40, 20, |x, _| {
        image::Rgba(if x < 20 {
            [200, 0, 0, 255]
        } else {
            [0, 0, 0, 0]
        })
    })
    .save(&logo)
    .unwrap();
    let mut storage = std::collections::HashMap::new();
    for p in [&photo, &photo2, &clip, &clip2, &talk, &logo] {
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        storage.insert(name, files::upload(&d, &key, p).await);
    }

    let uploaded = started.elapsed();
    let cases = cases();
    assert!(cases.len() >= 25);
    let jobs = futures::future::join_all(cases.iter().map(|c| {
        let files: Vec<Value> = c
            .inputs
            .iter()
            .map(|n| json!({"storageId": storage[*n], "filename": n}))
            .collect();
        let body = json!({"prompt": c.prompt, "files": files});
        let d = &d;
        let key = &key;
        async move {
            let t = Instant::now();
            let job = run(d, key, body).await;
            (job, t.elapsed())
        }
    }))
    .await;
    let mut slowest: Vec<(Duration, &str)> = jobs
        .iter()
        .zip(&cases)
        .map(|((_, t), c)| (*t, c.prompt))
        .collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    println!("slowest jobs (submitted together): {:?}", &slowest[..5]);
    let jobs: Vec<Value> = jobs.into_iter().map(|(j, _)| j).collect();
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
        // The plan: one step (no pipeline list) or the listed steps.
        let described = job["description"].as_str().unwrap_or("");
        match job["pipeline"].as_array() {
            Some(steps) => assert_eq!(steps.len(), c.ops.len(), "{}: {job}", c.prompt),
            None => assert_eq!(c.ops.len(), 1, "{}: {job}", c.prompt),
        }
        // (A step decided by the content finds it first, in a shell
        // variable, then runs ffmpeg.)
        assert!(
            described.starts_with("ffmpeg")
                || described.starts_with("magick")
                || described.lines().any(|l| l.starts_with("ffmpeg")),
            "{}: {described}",
            c.prompt
        );
        // Outputs next to a copy of the inputs, so checks can compare.
        let out_dir = src.join(format!("case{i}"));
        std::fs::create_dir_all(&out_dir).unwrap();
        for n in c.inputs {
            std::fs::copy(src.join(n), out_dir.join(n)).unwrap();
        }
        let mut outputs = Vec::new();
        for o in job["outputs"].as_array().unwrap() {
            outputs.push(download(o, &out_dir).await);
        }
        assert!(!outputs.is_empty(), "{}: {job}", c.prompt);
        let done = Done { job, outputs };
        (c.check)(&done);
    }
    println!(
        "{} prompts planned, run and probed: daemon up at {booted:?}, files uploaded at {uploaded:?}, jobs done at {ran:?}, outputs checked at {:?}",
        cases.len(),
        started.elapsed()
    );
}

#[tokio::test]
async fn threads_chat_refusals_and_capabilities() {
    let d = Daemon::start_with_env(&[
        ("KILN_PLANS__FREE__RATE_PER_SEC", "1000"),
        ("KILN_PLANS__FREE__BURST", "1000"),
    ]);
    let key = d.account("talker");
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "clip.mp4", 1.0, 10, (160, 120), true);
    let storage = files::upload(&d, &key, &clip).await;

    // A thread: the second prompt works on the first one's output.
    let first = run(
        &d,
        &key,
        json!({"prompt": "rip the audio as wav", "chat_id": "t1",
               "files": [{"storageId": storage, "filename": "clip.mp4"}]}),
    )
    .await;
    assert_eq!(first["status"], "succeeded", "{first}");
    let second = run(
        &d,
        &key,
        json!({"prompt": "now make that a flac", "chat_id": "t1"}),
    )
    .await;
    assert_eq!(second["status"], "succeeded", "{second}");
    let flac = download(&second["outputs"][0], dir.path()).await;
    let f = probe(&flac);
    assert_eq!((f.kind, f.format), (MediaKind::Audio, Format::Flac));

    // The old phones' and Flash's formats are written.
    for (prompt, format) in [
        ("make it a 3gp for my old Nokia", Format::ThreeGp),
        ("convert to flv", Format::Flv),
    ] {
        let job = run(
            &d,
            &key,
            json!({"prompt": prompt, "files": [{"storageId": storage, "filename": "clip.mp4"}]}),
        )
        .await;
        assert_eq!(job["status"], "succeeded", "{prompt}: {job}");
        let out = download(&job["outputs"][0], dir.path()).await;
        let f = probe(&out);
        assert_eq!((f.kind, f.format), (MediaKind::Video, format), "{prompt}");
        assert_eq!(dims(&f), (160, 120), "{prompt}");
        assert!(f.has_audio, "{prompt}: {f:?}");
    }

    // Questions about the file are answered, not run.
    let chat = run(
        &d,
        &key,
        json!({"prompt": "what resolution and frame rate is this video?",
               "files": [{"storageId": storage, "filename": "clip.mp4"}]}),
    )
    .await;
    assert_eq!(chat["kind"], "chat", "{chat}");
    let message = chat["message"].as_str().unwrap();
    assert!(
        message.contains("160×120") && message.contains("10.00 fps"),
        "{message}"
    );
    let formats = run(&d, &key, json!({"prompt": "which formats can you make?"})).await;
    assert!(
        formats["message"].as_str().unwrap().contains("webm"),
        "{formats}"
    );

    // Not possible or not understood: refused with what is possible, nothing run.
    for (prompt, needle) in [
        ("remove the background please", "background"),
        ("convert it to png and summon a dragon", "summon a dragon"),
        ("rotate it 45 degrees", "90, 180 or 270"),
        ("convert to heic", "HEIC"),
    ] {
        let job = run(
            &d,
            &key,
            json!({"prompt": prompt, "files": [{"storageId": storage, "filename": "clip.mp4"}]}),
        )
        .await;
        assert_eq!(job["status"], "failed", "{prompt}: {job}");
        assert_eq!(job["error"]["code"], "unprocessable_request");
        let m = job["error"]["message"].as_str().unwrap();
        assert!(m.contains(needle), "{prompt}: {m}");
        assert!(job["outputs"].as_array().unwrap().is_empty());
    }

    // The capabilities document (public), once mounted.
    let r = http()
        .get(d.url("/api/v1/capabilities"))
        .send()
        .await
        .unwrap();
    if r.status() == 404 {
        eprintln!("GET /api/v1/capabilities is not mounted yet");
    } else {
        assert_eq!(r.status(), 200);
        let caps: Value = r.json().await.unwrap();
        assert!(caps["operations"].as_array().unwrap().len() >= 25, "{caps}");
        assert!(caps["examples"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "chat"));
        let spec: Value = http()
            .get(d.url("/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap_or(Value::Null);
        if !spec.is_null() {
            assert!(
                spec.to_string().contains("files_capabilities"),
                "documented"
            );
        }
    }
}
