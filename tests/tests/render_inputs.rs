//! Renders of awkward inputs through the render API, as a user gets them:
//! clips made with the FFmpeg command line (variable frame rate, NTSC
//! rates, animation on twos, a scene cut, a rotated odd-sized phone video,
//! several audio tracks and subtitles), uploaded, rendered, downloaded and
//! probed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use kiln_tests::render::{self, settled, wait_for};
use kiln_tests::{http, Daemon};
use serde_json::Value;

const LONG: Duration = Duration::from_secs(600);

/// Runs the ffmpeg CLI (quiet, overwriting) with the words of `args`
/// (none has a space in it), writing `out`.
fn ffmpeg(args: &str, out: &Path) {
    let run = Command::new("ffmpeg")
        .args(["-v", "error", "-y"])
        .args(args.split_whitespace())
        .arg(out)
        .output()
        .expect("running ffmpeg");
    assert!(
        run.status.success(),
        "ffmpeg {args}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// `ffprobe -show_streams -show_format` as JSON.
fn probe(path: &Path) -> Value {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_streams",
            "-show_format",
            "-of",
            "json",
        ])
        .arg(path)
        .output()
        .expect("running ffprobe");
    assert!(out.status.success(), "ffprobe {path:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The presentation times (seconds) of the video packets, in order.
fn video_times(path: &Path) -> Vec<f64> {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0"])
        .args(["-show_entries", "packet=pts_time", "-of", "csv=p=0"])
        .arg(path)
        .output()
        .expect("running ffprobe");
    let mut times: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().trim_end_matches(',').parse().ok())
        .collect();
    times.sort_by(f64::total_cmp);
    times
}

fn streams_of<'a>(info: &'a Value, kind: &str) -> Vec<&'a Value> {
    info["streams"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["codec_type"] == kind)
        .collect()
}

fn num(v: &Value) -> f64 {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Where a stream ends: start time plus duration (seconds).
fn end_of(stream: &Value) -> f64 {
    num(&stream["start_time"]) + num(&stream["duration"])
}

/// A user's daemon and key with room for a few minutes of renders.
fn daemon() -> (Daemon, String) {
    let d = Daemon::start();
    let key = d.account_with("renders", 0, 2_000);
    (d, key)
}

/// Uploads `clip`, renders it at `fps`, downloads the output; answers its
/// path and the job id.
async fn render_clip(d: &Daemon, key: &str, clip: &Path, fps: u32) -> (PathBuf, String) {
    let upload = render::upload(d, key, clip).await;
    let (status, job) = render::start(d, key, &upload, fps).await;
    assert_eq!(status, 200, "{job}");
    let id = job["job_id"].as_str().unwrap().to_string();
    let job = wait_for(d, key, &id, LONG, settled).await;
    assert_eq!(job["live_status"], "done", "{job}\n{}", d.log());
    let bytes = http()
        .get(job["output_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let out = clip.with_extension(format!("{fps}fps.mp4"));
    std::fs::write(&out, bytes).unwrap();
    (out, id)
}

/// The job's detail as `kiln job show` prints it.
fn job_show(d: &Daemon, id: &str) -> String {
    d.kiln_ok(&["job", "show", id])
}

/// Output pictures are exactly one frame apart from the first to the last.
fn assert_constant_rate(out: &Path, fps: f64) -> usize {
    let times = video_times(out);
    assert!(times.len() > 2, "{out:?}: {} packets", times.len());
    for (k, t) in times.iter().enumerate() {
        let want = times[0] + k as f64 / fps;
        assert!(
            (t - want).abs() < 1e-3,
            "{out:?}: picture {k} at {t}, not {want}"
        );
    }
    times.len()
}

#[tokio::test]
async fn variable_frame_rate_comes_out_constant_and_in_sync() {
    let (d, key) = daemon();
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("phone.mp4");
    // Pictures dropped irregularly from a 30 fps picture: gaps of 1 to 3 frames.
    ffmpeg(
        "-f lavfi -i testsrc2=s=160x120:r=30:d=3 -f lavfi -i sine=f=440:r=48000:d=3 -vf select='not(eq(mod(n\\,5)\\,2))*not(eq(mod(n\\,7)\\,3))' -fps_mode vfr -c:v libx264 -c:a aac",
        &clip,
    );
    let source = probe(&clip);
    let in_video = streams_of(&source, "video")[0].clone();
    assert_ne!(
        in_video["r_frame_rate"], in_video["avg_frame_rate"],
        "not VFR: {in_video}"
    );

    let (out, _) = render_clip(&d, &key, &clip, 60).await;
    let info = probe(&out);
    let video = streams_of(&info, "video")[0];
    assert_eq!(video["r_frame_rate"], "60/1");
    assert_eq!(video["avg_frame_rate"], "60/1");
    let frames = assert_constant_rate(&out, 60.0);
    assert!(
        (frames as f64 - 180.0).abs() <= 2.0,
        "{frames} pictures for 3 s"
    );
    let audio = streams_of(&info, "audio")[0];
    let drift = end_of(video) - end_of(audio);
    assert!(drift.abs() < 1.0 / 30.0 + 1e-3, "A/V end drift {drift} s");
    let source_drift = end_of(&in_video) - end_of(streams_of(&source, "audio")[0]);
    assert!(
        (drift - source_drift).abs() < 1.0 / 60.0 + 1e-3,
        "drift {drift} s against the source's {source_drift} s"
    );
}

#[tokio::test]
async fn ntsc_rates_keep_exact_times_over_a_minute() {
    let (d, key) = daemon();
    let dir = tempfile::tempdir().unwrap();
    for (rate, secs, fps) in [
        ("24000/1001", 60, 60u32),
        ("30000/1001", 12, 60),
        ("60000/1001", 6, 120),
    ] {
        let clip = dir
            .path()
            .join(format!("ntsc{}.mp4", rate.replace('/', "_")));
        ffmpeg(
        &format!("-f lavfi -i testsrc2=s=96x64:r={rate}:d={secs} -f lavfi -i sine=f=440:r=48000:d={secs} -c:v libx264 -preset ultrafast -c:a aac"),
        &clip,
    );
        let source = probe(&clip);
        let in_video = streams_of(&source, "video")[0].clone();
        let (out, _) = render_clip(&d, &key, &clip, fps).await;
        let info = probe(&out);
        let video = streams_of(&info, "video")[0];
        assert_eq!(video["r_frame_rate"], format!("{fps}/1"), "{rate}");
        let frames = assert_constant_rate(&out, f64::from(fps));
        let want = end_of(&in_video) * f64::from(fps);
        assert!(
            (frames as f64 - want).abs() <= 1.0,
            "{rate} → {fps}: {frames} pictures, want {want:.1}"
        );
        // No drift: the output ends where the source does, within a picture.
        let drift = end_of(video) - end_of(&in_video);
        assert!(
            drift.abs() <= 1.0 / f64::from(fps) + 1e-3,
            "{rate}: ends {drift} s off"
        );
        let audio = streams_of(&info, "audio")[0];
        assert!((end_of(audio) - end_of(streams_of(&source, "audio")[0])).abs() < 1e-3);
    }
}

/// Mean column of the pixels brighter than `threshold`, if any.
fn bright_centroid(p: &kilnd::media::render::Plane3, threshold: u8) -> Option<f64> {
    let w = p.width as usize;
    let (mut sum, mut n) = (0usize, 0usize);
    for (i, &v) in p.y.iter().enumerate() {
        if v > threshold {
            sum += i % w;
            n += 1;
        }
    }
    (n > 0).then(|| sum as f64 / n as f64)
}

#[tokio::test]
async fn animation_on_twos_moves_steadily_without_ghosts() {
    let (d, key) = daemon();
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("twos.mp4");
    // A white square drawn 12 times a second, each drawing shown twice at 24 fps.
    ffmpeg(
        "-f lavfi -i color=c=0x404040:s=192x96:r=12:d=2 -f lavfi -i color=c=white:s=16x16:r=12:d=2 -filter_complex [0][1]overlay=x='16+t*48':y=40,fps=24 -c:v libx264 -crf 12 -an",
        &clip,
    );
    let (out, id) = render_clip(&d, &key, &clip, 48).await;
    let pictures = kilnd::media::render::decode_pictures(&out, 200).unwrap();
    assert!(pictures.len() >= 90, "{} pictures", pictures.len());
    let xs: Vec<f64> = pictures[..88]
        .iter()
        .map(|p| bright_centroid(p, 160).expect("the square"))
        .collect();
    // 48 px/s at 48 fps: one pixel per picture, never a hold then a jump.
    for (k, pair) in xs.windows(2).enumerate() {
        let step = pair[1] - pair[0];
        assert!(
            (0.4..=1.6).contains(&step),
            "picture {k}: step {step:.2} ({xs:?})"
        );
    }
    // No ghost: the square keeps its size and brightness (a blend of two
    // positions would leave a wide half-bright trail).
    for (k, p) in pictures[..88].iter().enumerate() {
        let bright = p.y.iter().filter(|&&v| v > 160).count();
        let half = p.y.iter().filter(|&&v| (100..=160).contains(&v)).count();
        assert!(
            (200..=330).contains(&bright),
            "picture {k}: {bright} bright samples"
        );
        assert!(half < 80, "picture {k}: {half} half-bright samples");
    }
    assert!(
        job_show(&d, &id).contains("timings"),
        "{}",
        job_show(&d, &id)
    );
}

#[tokio::test]
async fn scene_cuts_are_cut_not_blended() {
    let (d, key) = daemon();
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("cut.mp4");
    // A dark shot, then a bright one, each with a moving square.
    ffmpeg(
        "-f lavfi -i color=c=0x202020:s=128x96:r=25:d=1 -f lavfi -i color=c=0xd0d0d0:s=128x96:r=25:d=1 -f lavfi -i color=c=0x808080:s=16x16:r=25:d=1 -filter_complex [2]split[s1][s2];[0][s1]overlay=x='8+t*40':y=40[a];[1][s2]overlay=x='100-t*40':y=30[b];[a][b]concat=n=2:v=1 -c:v libx264 -crf 14 -an",
        &clip,
    );
    let (out, _) = render_clip(&d, &key, &clip, 60).await;
    let pictures = kilnd::media::render::decode_pictures(&out, 200).unwrap();
    assert!(pictures.len() >= 118, "{} pictures", pictures.len());
    let means: Vec<f64> = pictures
        .iter()
        .map(|p| p.y.iter().map(|&v| f64::from(v)).sum::<f64>() / p.y.len() as f64)
        .collect();
    for (k, m) in means.iter().enumerate() {
        assert!(
            *m < 70.0 || *m > 170.0,
            "picture {k} mixes the two shots: mean {m:.1}"
        );
    }
    let first_bright = means.iter().position(|&m| m > 170.0).unwrap();
    assert!(
        (59..=61).contains(&first_bright),
        "cut at picture {first_bright}"
    );
}

#[tokio::test]
async fn rotated_odd_sized_phone_video_keeps_orientation_and_size() {
    let (d, key) = daemon();
    let dir = tempfile::tempdir().unwrap();
    let (coded, clip) = (
        dir.path().join("coded.mp4"),
        dir.path().join("portrait.mp4"),
    );
    // 853x480 fits 4:2:0 nowhere; the phone stored it 4:4:4, turned 90°.
    ffmpeg(
        "-f lavfi -i testsrc2=s=854x480:r=30:d=0.5 -f lavfi -i sine=f=440:r=48000:d=0.5 \
         -vf scale=853:480,format=yuv444p -c:v libx264 -preset ultrafast -c:a aac",
        &coded,
    );
    ffmpeg(
        &format!("-i {} -c copy -metadata:s:v:0 rotate=90", coded.display()),
        &clip,
    );
    let before = kilnd::media::probe::probe(&clip, &Default::default()).unwrap();
    let turned = before.video.as_ref().unwrap().rotation;
    assert!(matches!(turned, 90 | 270 | -90), "rotation {turned}");
    let (out, id) = render_clip(&d, &key, &clip, 60).await;
    let after = kilnd::media::probe::probe(&out, &Default::default()).unwrap();
    let (v0, v1) = (before.video.unwrap(), after.video.unwrap());
    assert_eq!(v1.rotation, v0.rotation, "orientation kept");
    assert_eq!(
        (v1.width, v1.height),
        (852, 480),
        "the nearest size H.264 4:2:0 holds"
    );
    let show = job_show(&d, &id);
    assert!(show.contains("853x480 written as 852x480"), "{show}");
}

#[tokio::test]
async fn what_is_kept_of_audio_and_subtitles_is_said() {
    let (d, key) = daemon();
    let dir = tempfile::tempdir().unwrap();
    let silent = dir.path().join("silent.mp4");
    ffmpeg(
        "-f lavfi -i testsrc2=s=96x64:r=25:d=1 -c:v libx264 -preset ultrafast",
        &silent,
    );
    let srt = dir.path().join("subs.srt");
    std::fs::write(&srt, "1\n00:00:00,000 --> 00:00:00,800\nhello\n").unwrap();
    // Two audio tracks and a text track an MP4 holds (mov_text)...
    let tracks = dir.path().join("tracks.mp4");
    let mkv = dir.path().join("tracks.mkv");
    for (path, subs) in [(&tracks, "mov_text"), (&mkv, "subrip")] {
        ffmpeg(
        &format!("-f lavfi -i testsrc2=s=96x64:r=25:d=1 -f lavfi -i sine=f=440:r=48000:d=1 -f lavfi -i sine=f=660:r=48000:d=1 -i {} -map 0 -map 1 -map 2 -map 3 -c:v libx264 -preset ultrafast -c:a aac -c:s {subs}",
            srt.display()
        ),
        path,
    );
    }
    let (out, id) = render_clip(&d, &key, &silent, 50).await;
    assert!(streams_of(&probe(&out), "audio").is_empty());
    let show = job_show(&d, &id);
    assert!(
        show.contains("kept      video only (no audio kept)"),
        "{show}"
    );

    let (out, id) = render_clip(&d, &key, &tracks, 50).await;
    let info = probe(&out);
    assert_eq!(streams_of(&info, "audio").len(), 2);
    assert_eq!(streams_of(&info, "subtitle").len(), 1);
    let show = job_show(&d, &id);
    assert!(
        show.contains("kept      video, 2 audio tracks and 1 subtitle track"),
        "{show}"
    );

    // ... and one it cannot hold (SubRip, from Matroska): dropped, and said.
    let (out, id) = render_clip(&d, &key, &mkv, 50).await;
    let info = probe(&out);
    assert_eq!(streams_of(&info, "audio").len(), 2);
    assert!(streams_of(&info, "subtitle").is_empty());
    let show = job_show(&d, &id);
    assert!(show.contains("dropped: subtitles (subrip)"), "{show}");
}
