//! The MCP server's stdio, between the real streams and the SDK's transport: a line
//! that is not JSON is answered with JSON-RPC's parse error (code -32700,
//! <https://www.jsonrpc.org/specification#error_object>) instead of vanishing, as the SDK
//! drops it unanswered. Every line on stdout comes whole from one writer, so a reply and
//! a parse error never interleave.

use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream,
};
use tokio::sync::mpsc;

/// The longest line read (an agent's 50,000-character text is well under it); a longer
/// one is answered with a parse error and skipped.
const MAX_LINE: usize = 16 << 20;

const PARSE_ERROR: &str = r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: the line is not JSON"}}"#;

/// The SDK's ends of stdin and stdout; the tasks that join them to `input` and `output`
/// run on the current `LocalSet` until the input ends.
pub fn transport(
    input: impl AsyncRead + Unpin + 'static,
    output: impl AsyncWrite + Unpin + 'static,
) -> (DuplexStream, DuplexStream) {
    let (sdk_in, feed) = tokio::io::duplex(64 << 10);
    let (sdk_out, replies) = tokio::io::duplex(64 << 10);
    let (lines_tx, lines_rx) = mpsc::unbounded_channel::<Vec<u8>>();
    tokio::task::spawn_local(read_input(input, feed, lines_tx.clone()));
    tokio::task::spawn_local(forward_replies(replies, lines_tx));
    tokio::task::spawn_local(write_output(output, lines_rx));
    (sdk_in, sdk_out)
}

/// Stdin, line by line: JSON goes on to the SDK, anything else gets a parse error.
async fn read_input(
    input: impl AsyncRead + Unpin,
    mut feed: DuplexStream,
    out: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut input = BufReader::new(input);
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = (&mut input)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .await;
        match read {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if line.len() > MAX_LINE && !line.ends_with(b"\n") {
            // Skip to the end of the overlong line.
            let _ = out.send(PARSE_ERROR.as_bytes().to_vec());
            loop {
                let buf = match input.fill_buf().await {
                    Ok(buf) if !buf.is_empty() => buf,
                    _ => return,
                };
                match buf.iter().position(|&b| b == b'\n') {
                    Some(at) => {
                        input.consume(at + 1);
                        break;
                    }
                    None => {
                        let n = buf.len();
                        input.consume(n);
                    }
                }
            }
            continue;
        }
        let text = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if serde_json::from_slice::<serde::de::IgnoredAny>(text).is_err() {
            let _ = out.send(PARSE_ERROR.as_bytes().to_vec());
            continue;
        }
        if feed.write_all(&line).await.is_err() {
            return;
        }
        if !line.ends_with(b"\n") && feed.write_all(b"\n").await.is_err() {
            return;
        }
    }
}

/// The SDK's replies, whole lines at a time, onto the one output queue.
async fn forward_replies(replies: DuplexStream, out: mpsc::UnboundedSender<Vec<u8>>) {
    let mut replies = BufReader::new(replies);
    let mut line = Vec::new();
    loop {
        line.clear();
        match replies.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let end = line.len() - usize::from(line.ends_with(b"\n"));
                if out.send(line[..end].to_vec()).is_err() {
                    return;
                }
            }
        }
    }
}

async fn write_output(
    mut output: impl AsyncWrite + Unpin,
    mut lines: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    while let Some(mut line) = lines.recv().await {
        line.push(b'\n');
        if output.write_all(&line).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    #[tokio::test(flavor = "current_thread")]
    async fn json_passes_and_the_rest_gets_a_parse_error() {
        let local = tokio::task::LocalSet::new();
        local
            .run_until(async {
                let input: &'static [u8] =
                    b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\nnot json\n\n{\"a\":1}";
                let (stdout_w, mut stdout_r) = tokio::io::duplex(4096);
                let (mut sdk_in, mut sdk_out) = transport(input, stdout_w);
                let mut passed = String::new();
                sdk_in.read_to_string(&mut passed).await.unwrap();
                assert_eq!(
                    passed,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n{\"a\":1}\n"
                );
                sdk_out.write_all(b"{\"reply\":1}\n").await.unwrap();
                drop(sdk_out);
                let mut written = vec![0u8; 4096];
                let mut got = String::new();
                while !got.contains("reply") || !got.contains("-32700") {
                    let n = stdout_r.read(&mut written).await.unwrap();
                    assert!(n > 0, "{got}");
                    got.push_str(std::str::from_utf8(&written[..n]).unwrap());
                }
                for line in got.lines() {
                    serde_json::from_str::<serde_json::Value>(line).unwrap();
                }
            })
            .await;
    }
}
