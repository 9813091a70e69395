//! Output names: derived from input names, never taken from user text, safe
//! as a path component, an FFmpeg URL (no `%` outside our own frame
//! patterns) and a shell word.

use std::path::{Path, PathBuf};

use super::MediaError;

/// Longest stem kept from an input name.
const MAX_STEM: usize = 64;

/// The stem of `name` (directories and the last extension dropped) with
/// every character outside `[A-Za-z0-9_-]` replaced by `_`; never empty and
/// never starting with `-` or `.`.
pub fn sanitize_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match base.rfind('.') {
        Some(i) if i > 0 => &base[..i],
        _ => base,
    };
    let mut s: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_STEM)
        .collect();
    while s.starts_with('-') {
        s.remove(0);
    }
    if s.is_empty() || s.chars().all(|c| c == '_') {
        s = "file".into();
    }
    s
}

/// The extension of a file name, if any.
pub(crate) fn extension(name: &str) -> Option<&str> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rfind('.') {
        Some(i) if i > 0 && i + 1 < base.len() => Some(&base[i + 1..]),
        _ => None,
    }
}

/// Creates a new empty file named `name` in `dir`, or `stem_2.ext`,
/// `stem_3.ext`... if taken, and answers its path.
pub(crate) fn reserve(dir: &Path, name: &str) -> Result<PathBuf, MediaError> {
    let (stem, ext) = match name.rfind('.') {
        Some(i) => (&name[..i], &name[i..]),
        None => (name, ""),
    };
    for n in 1..1000 {
        let candidate = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{stem}_{n}{ext}"))
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(_) => return Ok(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(MediaError::Io {
                    path: candidate,
                    source: e,
                })
            }
        }
    }
    Err(MediaError::InvalidRequest(
        "too many files of that name in the output folder".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_safe() {
        assert_eq!(sanitize_stem("photo.png"), "photo");
        assert_eq!(sanitize_stem("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_stem("my holiday (1).MOV"), "my_holiday__1_");
        assert_eq!(sanitize_stem("-rf.mp4"), "rf");
        assert_eq!(sanitize_stem(".hidden"), "_hidden");
        assert_eq!(sanitize_stem("100%.mp4"), "100_");
        assert_eq!(sanitize_stem("$(reboot).mp4"), "__reboot_");
        assert_eq!(sanitize_stem(""), "file");
        assert_eq!(sanitize_stem("ééé.png"), "file");
        assert_eq!(extension("a.b.MP4"), Some("MP4"));
        assert_eq!(extension(".bashrc"), None);
    }

    #[test]
    fn reserve_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let a = reserve(dir.path(), "x.png").unwrap();
        let b = reserve(dir.path(), "x.png").unwrap();
        assert_eq!(a.file_name().unwrap(), "x.png");
        assert_eq!(b.file_name().unwrap(), "x_2.png");
    }
}
