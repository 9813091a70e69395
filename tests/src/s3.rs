//! A real S3 server for tests: `s3s-fs` (an S3 API over a directory that
//! checks SigV4 signatures, presigned URLs included) on a free loopback
//! port, and the `[storage]` section that points kilnd at it.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const ACCESS_KEY: &str = "kilntestaccess";
pub const SECRET_KEY: &str = "kilntestsecret0123456789";
pub const BUCKET: &str = "media";

/// The `s3s-fs` binary: `KILN_S3S_FS`, or where `make s3-server` installs it.
pub fn s3s_fs_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("KILN_S3S_FS") {
        return PathBuf::from(bin);
    }
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools/bin/s3s-fs");
    assert!(
        bin.exists(),
        "{} is missing: run `make s3-server` (or set KILN_S3S_FS)",
        bin.display()
    );
    bin
}

/// A running s3s-fs with one bucket, [`BUCKET`], in its own directory.
pub struct S3Server {
    pub addr: SocketAddr,
    pub root: PathBuf,
    child: Child,
    _dir: tempfile::TempDir,
}

impl S3Server {
    pub fn start() -> S3Server {
        let dir = tempfile::tempdir().expect("s3s-fs dir");
        let root = dir.path().join("s3");
        std::fs::create_dir_all(root.join(BUCKET)).expect("bucket dir");
        let port = free_port();
        let log = std::fs::File::create(dir.path().join("s3s-fs.log")).expect("s3s-fs log");
        let child = Command::new(s3s_fs_bin())
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
            .arg(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("starting s3s-fs");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut server = S3Server {
            addr,
            root,
            child,
            _dir: dir,
        };
        server.wait_ready();
        server
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("s3s-fs exited early with {status}");
            }
            assert!(Instant::now() < deadline, "s3s-fs did not start listening");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The `[storage]` section for kilnd (credentials go in the environment,
    /// see [`S3Server::env`]).
    pub fn storage_toml(&self, prefix: &str) -> String {
        storage_toml(&self.endpoint(), prefix)
    }

    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` for this server.
    pub fn env() -> [(&'static str, &'static str); 2] {
        [
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ]
    }

    /// Every object stored in the bucket under `prefix`: (key, bytes).
    pub fn objects(&self, prefix: &str) -> Vec<(String, Vec<u8>)> {
        let bucket = self.root.join(BUCKET);
        let mut out = Vec::new();
        let mut dirs = vec![bucket.clone()];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let key = path
                    .strip_prefix(&bucket)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                if key.starts_with(prefix) {
                    out.push((key, std::fs::read(&path).unwrap_or_default()));
                }
            }
        }
        out.sort();
        out
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `[storage]` section for an S3 endpoint with the test bucket.
pub fn storage_toml(endpoint: &str, prefix: &str) -> String {
    format!(
        "[storage]\nbackend = \"s3\"\nendpoint = \"{endpoint}\"\nregion = \"us-east-1\"\nbucket = \"{BUCKET}\"\npath_style = true\nprefix = \"{prefix}\"\n"
    )
}

/// A loopback port nothing listens on (at the time of asking).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}
