//! Office documents: the checks they pass before LibreOffice opens them
//! (they are zips: entry count, unpacked size and ratio; no XML entity
//! declarations, the billion-laughs attack), and the LibreOffice driver.
//!
//! LibreOffice runs as `soffice.bin` directly (the `soffice` wrapper is a
//! shell script), with a fixed argument list, a cleared environment, and a
//! fresh profile per run whose settings never run macros. It inherits the
//! worker's confinement: no network (so no remote images or links are ever
//! fetched), writes only under the step's folder, the worker's memory
//! limit. It is killed, with everything it started, at its time limit.

use std::fs::File;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use zip::ZipArchive;

use super::limits::{MAX_ZIP_ENTRIES, MAX_ZIP_RATIO, MAX_ZIP_UNPACKED, RATIO_FLOOR};
use super::DocError;
use crate::media::ops::Format;

/// How much of each XML part is searched for a document type declaration
/// (it can only come before the root element).
const XML_PROLOG: u64 = 64 << 10;
/// Where Debian installs LibreOffice's program.
const SOFFICE: &[&str] = &[
    "/usr/lib/libreoffice/program/soffice.bin",
    "/opt/libreoffice/program/soffice.bin",
];
/// LibreOffice's exit status after it has set up a new profile and wants
/// to be started again.
const RESTART: i32 = 81;
/// Settings of every fresh profile: macros never run, no links are
/// followed when a document loads, nothing is updated from the network.
const PROFILE_SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseDocumentOOoLockFile" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
</oor:items>
"#;

fn bad(e: impl std::fmt::Display) -> DocError {
    DocError::BadOffice(e.to_string())
}

/// The office format of a zip, if it is one, after the bomb and entity
/// checks; `None` for any other zip.
pub(super) fn zip_format(path: &Path) -> Result<Option<Format>, DocError> {
    let file = File::open(path).map_err(DocError::io(path))?;
    let mut zip = ZipArchive::new(file).map_err(bad)?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let Some(format) = format_of(&mut zip, &names)? else {
        return Ok(None);
    };
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(bad(format!(
            "{} entries, more than the {MAX_ZIP_ENTRIES} allowed",
            zip.len()
        )));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(bad)?;
        let size = entry.size();
        total = total.saturating_add(size);
        if total > MAX_ZIP_UNPACKED {
            return Err(bad(format!(
                "it unpacks to more than {} MB",
                MAX_ZIP_UNPACKED >> 20
            )));
        }
        if size > RATIO_FLOOR && size / entry.compressed_size().max(1) > MAX_ZIP_RATIO {
            return Err(bad(format!(
                "{} is compressed more than {MAX_ZIP_RATIO} to 1 (a zip bomb?)",
                entry.name()
            )));
        }
    }
    for i in 0..zip.len() {
        let name = zip.name_for_index(i).unwrap_or_default().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            check_xml(&mut zip, i, &name)?;
        }
    }
    Ok(Some(format))
}

fn format_of(zip: &mut ZipArchive<File>, names: &[String]) -> Result<Option<Format>, DocError> {
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("mimetype") {
        let mut kind = String::new();
        zip.by_name("mimetype")
            .map_err(bad)?
            .take(200)
            .read_to_string(&mut kind)
            .map_err(bad)?;
        return Ok(match kind.trim() {
            "application/vnd.oasis.opendocument.text" => Some(Format::Odt),
            "application/vnd.oasis.opendocument.spreadsheet" => Some(Format::Ods),
            "application/vnd.oasis.opendocument.presentation" => Some(Format::Odp),
            _ => None,
        });
    }
    Ok(if has("word/document.xml") {
        Some(Format::Docx)
    } else if has("xl/workbook.xml") {
        Some(Format::Xlsx)
    } else if has("ppt/presentation.xml") {
        Some(Format::Pptx)
    } else {
        None
    })
}

/// Refuses an XML part that declares a document type (entities): office
/// formats never need one, and entity expansion is the billion-laughs bomb.
fn check_xml(zip: &mut ZipArchive<File>, index: usize, name: &str) -> Result<(), DocError> {
    let mut head = Vec::new();
    zip.by_index(index)
        .map_err(bad)?
        .take(XML_PROLOG)
        .read_to_end(&mut head)
        .map_err(bad)?;
    if head.windows(9).any(|w| w == b"<!DOCTYPE") || head.windows(8).any(|w| w == b"<!ENTITY") {
        return Err(bad(format!(
            "{name} declares XML entities, which office documents never need"
        )));
    }
    Ok(())
}

/// Limits of one LibreOffice run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OfficeLimits {
    /// Time LibreOffice may take, both starts included.
    pub secs: f64,
}

/// Converts the office document `input` (of `format`) to PDF with
/// LibreOffice, working in `work` (a fresh folder). Answers the PDF's path.
pub(crate) fn convert_to_pdf(
    input: &Path,
    format: Format,
    work: &Path,
    limits: OfficeLimits,
) -> Result<PathBuf, DocError> {
    let program = SOFFICE
        .iter()
        .map(Path::new)
        .find(|p| p.exists())
        .ok_or_else(|| DocError::Convert("LibreOffice is not installed".into()))?;
    // LibreOffice reads the profile as a URL: the path must be absolute.
    let work = &std::path::absolute(work).map_err(DocError::io(work))?;
    let dirs = Dirs::make(work)?;
    // LibreOffice goes by the extension; the input is linked under the
    // one its contents have.
    let doc = work.join(format!("document.{}", format.extension()));
    if std::fs::hard_link(input, &doc).is_err() {
        std::fs::copy(input, &doc).map_err(DocError::io(&doc))?;
    }
    let deadline = Instant::now() + Duration::from_secs_f64(limits.secs.clamp(1.0, 86_400.0));
    let mut status = run_once(program, &dirs, &doc, deadline, limits.secs)?;
    if status == Some(RESTART) {
        status = run_once(program, &dirs, &doc, deadline, limits.secs)?;
    }
    let pdf = dirs.out.join("document.pdf");
    match status {
        Some(0) if pdf.is_file() => Ok(pdf),
        _ => Err(DocError::Convert(failure(&dirs, status))),
    }
}

/// The folders of one run: profile, output, home, temporary files.
struct Dirs {
    profile: PathBuf,
    out: PathBuf,
    home: PathBuf,
    tmp: PathBuf,
    log: PathBuf,
}

impl Dirs {
    fn make(work: &Path) -> Result<Dirs, DocError> {
        let dirs = Dirs {
            profile: work.join("profile"),
            out: work.join("out"),
            home: work.join("home"),
            tmp: work.join("tmp"),
            log: work.join("soffice.log"),
        };
        let user = dirs.profile.join("user");
        for d in [&user, &dirs.out, &dirs.home, &dirs.tmp] {
            std::fs::create_dir_all(d).map_err(DocError::io(d))?;
        }
        let settings = user.join("registrymodifications.xcu");
        std::fs::write(&settings, PROFILE_SETTINGS).map_err(DocError::io(&settings))?;
        Ok(dirs)
    }
}

/// One start of LibreOffice; its exit status, `None` if a signal ended it.
fn run_once(
    program: &Path,
    dirs: &Dirs,
    doc: &Path,
    deadline: Instant,
    secs: f64,
) -> Result<Option<i32>, DocError> {
    let log = File::create(&dirs.log).map_err(DocError::io(&dirs.log))?;
    let mut profile_url = std::ffi::OsString::from("-env:UserInstallation=file://");
    profile_url.push(dirs.profile.as_os_str());
    let mut cmd = Command::new(program);
    cmd.args([
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--norestore",
        "--nofirststartwizard",
    ])
    .arg(profile_url)
    .args(["--convert-to", "pdf", "--outdir"])
    .arg(&dirs.out)
    .arg(doc)
    .env_clear()
    .env("HOME", &dirs.home)
    .env("TMPDIR", &dirs.tmp)
    .env("PATH", "/usr/bin:/bin")
    .env("LANG", "C.UTF-8")
    .env("SAL_USE_VCLPLUGIN", "svp")
    .current_dir(&dirs.tmp)
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(log)
    .process_group(0);
    let mut child = cmd.spawn().map_err(DocError::io(program))?;
    wait_until(&mut child, deadline, secs)
}

fn wait_until(child: &mut Child, deadline: Instant, secs: f64) -> Result<Option<i32>, DocError> {
    let pgid = child.id() as libc::pid_t;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                kill_group(pgid);
                return Ok(status.code());
            }
            Ok(None) if Instant::now() >= deadline => {
                kill_group(pgid);
                let _ = child.wait();
                return Err(DocError::ConvertTimeLimit { secs });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => {
                kill_group(pgid);
                return Err(DocError::Convert(e.to_string()));
            }
        }
    }
}

/// Kills every process LibreOffice started (they share its group).
fn kill_group(pgid: libc::pid_t) {
    // SAFETY: a plain system call on a process group we made.
    unsafe {
        libc::kill(-pgid, libc::SIGKILL);
    }
}

/// Why a run failed, in a line.
fn failure(dirs: &Dirs, status: Option<i32>) -> String {
    let log = std::fs::read_to_string(&dirs.log).unwrap_or_default();
    let last = log
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.contains("javaldx"))
        .map(|l| l.chars().take(200).collect::<String>());
    match (status, last) {
        (Some(0), _) => "it made no PDF (the file may be damaged or empty)".into(),
        (Some(code), Some(line)) => format!("it exited with status {code}: {line}"),
        (Some(code), None) => format!("it exited with status {code}"),
        (None, _) => "it crashed (the file may be damaged, or too large to open)".into(),
    }
}
