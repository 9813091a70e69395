//! The animation of a WebP file, read from its chunks (no picture is
//! decoded): FFmpeg 5.1 cannot decode an animated WebP, and the `image`
//! crate only tells its canvas size without decoding every frame, so its
//! frames and length are counted here for the file's facts.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

/// How an animated WebP moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Animation {
    /// Frames in one loop.
    pub frames: u32,
    /// The length of one loop, in milliseconds.
    pub millis: u64,
}

impl Animation {
    /// The length of one loop, in seconds.
    pub(crate) fn secs(&self) -> f64 {
        self.millis as f64 / 1000.0
    }

    /// The mean frame rate, when the frames have a length.
    pub(crate) fn fps(&self) -> Option<f64> {
        (self.millis > 0).then(|| f64::from(self.frames) / self.secs())
    }
}

/// The animation of the WebP at `path`; `None` for a still WebP or any
/// other file.
pub(crate) fn animation_of(path: &Path) -> std::io::Result<Option<Animation>> {
    animation(&mut BufReader::new(File::open(path)?))
}

/// The animation of the WebP `r` reads: its `ANIM` chunk says it moves, each
/// `ANMF` chunk is a frame with its length. Chunks past the end of the
/// file or of the RIFF container end the walk.
pub(crate) fn animation<R: Read + Seek>(
    r: &mut BufReader<R>,
) -> std::io::Result<Option<Animation>> {
    let mut head = [0u8; 12];
    if r.read_exact(&mut head).is_err() || &head[0..4] != b"RIFF" || &head[8..12] != b"WEBP" {
        return Ok(None);
    }
    let riff_end = u64::from(le32(&head[4..8])) + 8;
    let mut pos = 12u64;
    let mut animated = false;
    let mut anim = Animation {
        frames: 0,
        millis: 0,
    };
    while pos + 8 <= riff_end {
        let mut chunk = [0u8; 8];
        if r.read_exact(&mut chunk).is_err() {
            break;
        }
        let size = u64::from(le32(&chunk[4..8]));
        let mut read = 0u64;
        match &chunk[0..4] {
            b"ANIM" => animated = true,
            // X, Y, width, height, duration (24 bits each), flags.
            b"ANMF" if size >= 16 => {
                let mut frame = [0u8; 16];
                if r.read_exact(&mut frame).is_err() {
                    break;
                }
                read = 16;
                anim.frames += 1;
                anim.millis += u64::from(le32(&[frame[12], frame[13], frame[14], 0]));
            }
            _ => {}
        }
        // Chunks are padded to an even size.
        let skip = size + (size & 1) - read;
        pos += 8 + size + (size & 1);
        let Ok(skip) = i64::try_from(skip) else {
            break;
        };
        r.seek_relative(skip)?;
    }
    Ok((animated && anim.frames > 0).then_some(anim))
}

fn le32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn chunk(tag: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut c = tag.to_vec();
        c.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        c.extend_from_slice(payload);
        if payload.len() % 2 == 1 {
            c.push(0);
        }
        c
    }

    fn riff(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body: Vec<u8> = chunks.concat();
        let mut f = b"RIFF".to_vec();
        f.extend_from_slice(&(body.len() as u32 + 4).to_le_bytes());
        f.extend_from_slice(b"WEBP");
        f.extend_from_slice(&body);
        f
    }

    fn frame(millis: u32) -> Vec<u8> {
        let mut p = vec![0u8; 12];
        p.extend_from_slice(&millis.to_le_bytes()[..3]);
        p.push(0);
        // A (fake) frame bitstream of odd length: padded.
        p.extend_from_slice(&chunk(b"VP8 ", &[1, 2, 3]));
        chunk(b"ANMF", &p)
    }

    fn read(bytes: &[u8]) -> Option<Animation> {
        animation(&mut BufReader::new(Cursor::new(bytes))).unwrap()
    }

    #[test]
    fn counts_frames_and_their_length() {
        let vp8x = chunk(b"VP8X", &[2, 0, 0, 0, 9, 0, 0, 9, 0, 0]);
        let anim = chunk(b"ANIM", &[0, 0, 0, 0, 0, 0]);
        let file = riff(&[vp8x.clone(), anim, frame(100), frame(40), frame(60)]);
        let a = read(&file).unwrap();
        assert_eq!(
            a,
            Animation {
                frames: 3,
                millis: 200
            }
        );
        assert_eq!(a.fps(), Some(15.0));
        // A still WebP, another file, a file cut short: no animation.
        assert_eq!(read(&riff(&[chunk(b"VP8L", &[0; 5])])), None);
        assert_eq!(read(b"GIF89a........"), None);
        assert_eq!(read(&file[..file.len() - 20]).map(|a| a.frames), Some(2));
        assert_eq!(read(&[]), None);
        // A lying chunk size ends the walk.
        let mut lying = riff(&[vp8x, chunk(b"ANIM", &[0; 6]), frame(10)]);
        lying[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(read(&lying), None);
    }
}
