//! Keep-alive: a request refused before its body was read says the
//! connection closes, so a client never sends the next request down a
//! connection the server has given up; an answered one keeps it open.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use kiln_tests::Daemon;

/// One request on `stream`; the head of the answer, lowercased.
fn exchange(stream: &mut TcpStream, request: &[u8]) -> String {
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "closed before answering");
        answer.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&answer).to_lowercase()
}

#[test]
fn a_refused_upload_says_the_connection_closes_and_it_does() {
    let d = Daemon::start();
    let addr = d
        .url("/")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();

    // A JSON request answered in full keeps the connection.
    let head = exchange(
        &mut stream,
        format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes(),
    );
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(!head.contains("connection: close"), "{head}");

    // A transfer with a bad signature is refused before its body is read.
    let body = vec![b'x'; 256 * 1024];
    let mut request = format!(
        "PUT /upload/fil_nothing?expires=1&sig=bad HTTP/1.1\r\nHost: {addr}\r\nContent-Type: video/mp4\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    let head = exchange(&mut stream, &request);
    assert!(head.starts_with("http/1.1 4"), "{head}");
    assert!(head.contains("connection: close"), "{head}");
    // And the server does close it.
    let mut rest = Vec::new();
    let closed = loop {
        let mut buf = [0u8; 4096];
        match stream.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => rest.extend_from_slice(&buf[..n]),
            Err(_) => break true,
        }
    };
    assert!(closed);
}
