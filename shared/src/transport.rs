//! The control channel's wire: length-delimited JSON frames over a Unix
//! stream. kilnd's accept loop and every client build it here, so both ends
//! agree on the framing and the frame limit.

use std::io;
use std::path::Path;

use tarpc::serde_transport::Transport;
use tarpc::tokio_serde::formats::Json;
use tarpc::tokio_util::codec::LengthDelimitedCodec;
use tokio::net::UnixStream;

use crate::ControlClient;

/// The largest frame either end accepts (a 10,000-job list fits).
pub const MAX_FRAME_BYTES: usize = 16 * 1024 * 1024;

/// A tarpc transport reading `Item`s and writing `SinkItem`s.
pub type JsonTransport<Item, SinkItem> =
    Transport<UnixStream, Item, SinkItem, Json<Item, SinkItem>>;

/// Frame `stream` as the control channel does.
pub fn json_transport<Item, SinkItem>(stream: UnixStream) -> JsonTransport<Item, SinkItem>
where
    Item: for<'de> serde::Deserialize<'de>,
    SinkItem: serde::Serialize,
{
    let framed = LengthDelimitedCodec::builder()
        .max_frame_length(MAX_FRAME_BYTES)
        .new_framed(stream);
    tarpc::serde_transport::new(framed, Json::default())
}

/// Connect to the control socket at `path`. The client's dispatch runs on the
/// current tokio runtime.
pub async fn connect(path: &Path) -> io::Result<ControlClient> {
    let stream = UnixStream::connect(path).await?;
    let transport = json_transport(stream);
    Ok(ControlClient::new(tarpc::client::Config::default(), transport).spawn())
}

#[cfg(test)]
mod tests {
    use futures::{SinkExt, StreamExt};

    use super::*;

    /// A frame over the codec's default limit (8 MiB) passes; one over ours
    /// does not.
    #[tokio::test]
    async fn frames_up_to_the_limit_pass() {
        let (a, b) = UnixStream::pair().unwrap();
        let mut a: JsonTransport<String, String> = json_transport(a);
        let mut b: JsonTransport<String, String> = json_transport(b);
        let big = "x".repeat(8 * 1024 * 1024 + 1024);
        let (sent, received) = tokio::join!(a.send(big.clone()), b.next());
        sent.unwrap();
        assert_eq!(received.unwrap().unwrap(), big);

        let too_big = "x".repeat(MAX_FRAME_BYTES);
        assert!(a.send(too_big).await.is_err());
    }
}
