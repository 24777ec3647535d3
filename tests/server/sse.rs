//! The fake's streamed HTTP synthesis: `POST /v1/t2a_v2` with `"stream": true`, answered
//! as MiniMax does: `data: {json}` events of hex audio (`data.status` 1), then a last event
//! (`data.status` 2) with `extra_info`. Errors come as HTTP 200, in an event or as a bare
//! JSON body. Without `stream_options.exclude_aggregated_audio` the last event repeats
//! the whole audio, and not byte for byte (an ID3 tag in front), as the real trailer
//! differs from the joined chunks. The event stream is cut into writes of the configured
//! chunk sizes, so events span reads.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use super::{Fault, State, lock, repeated, served_audio, subtitle_objects};

/// One request as the fake saw it.
#[derive(Clone, Debug)]
pub struct SseRequest {
    pub body: Value,
}

fn base(code: i64, msg: &str) -> Value {
    json!({"status_code": code, "status_msg": msg})
}

fn bare_error(code: i64, msg: &str) -> Vec<u8> {
    json!({"trace_id": "fake-sse-trace", "base_resp": base(code, msg)})
        .to_string()
        .into_bytes()
}

fn event(data: Value) -> Vec<u8> {
    let mut v = json!({"trace_id": "fake-sse-trace", "base_resp": base(0, "")});
    v["data"] = data;
    format!("data: {v}\n\n").into_bytes()
}

/// Writes a chunked HTTP/1.1 response head.
async fn head(stream: &mut TcpStream, status: u16, content_type: &str) -> bool {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\nTrace-Id: fake-sse-trace\r\nConnection: keep-alive\r\n\r\n",
        if status == 200 { "OK" } else { "Error" },
    );
    stream.write_all(head.as_bytes()).await.is_ok()
}

async fn chunk(stream: &mut TcpStream, bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return true;
    }
    let mut out = format!("{:x}\r\n", bytes.len()).into_bytes();
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
    stream.write_all(&out).await.is_ok() && stream.flush().await.is_ok()
}

async fn end(stream: &mut TcpStream) -> bool {
    stream.write_all(b"0\r\n\r\n").await.is_ok()
}

async fn whole(stream: &mut TcpStream, status: u16, content_type: &str, body: &[u8]) -> bool {
    head(stream, status, content_type).await && chunk(stream, body).await && end(stream).await
}

/// Serves one streamed synthesis; `false` when the connection is over.
pub async fn serve(
    stream: &mut TcpStream,
    authorization: Option<&str>,
    body: &[u8],
    state: &Arc<Mutex<State>>,
) -> bool {
    let json_type = "application/json; charset=utf-8";
    let fault = {
        let mut s = lock(state);
        s.next_fault()
    };
    let key = lock(state).api_key.clone();
    if authorization != Some(&format!("Bearer {key}")) {
        return whole(stream, 200, json_type, &bare_error(1004, "login fail")).await;
    }
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return whole(stream, 200, json_type, &bare_error(2013, "invalid json")).await;
    };
    lock(state).sse_requests.push(SseRequest {
        body: request.clone(),
    });
    match fault {
        Some(Fault::Handshake(status)) => {
            return whole(stream, status, json_type, &bare_error(1000, "refused")).await;
        }
        Some(Fault::OnStart(code)) => {
            return whole(
                stream,
                200,
                json_type,
                &bare_error(code, "injected failure"),
            )
            .await;
        }
        _ => {}
    }
    let text = request["text"].as_str().unwrap_or("").to_string();
    let voice = &request["voice_setting"];
    let problem = if request["stream"] != json!(true) {
        Some("stream must be true")
    } else if request["model"].as_str().unwrap_or("").is_empty()
        || voice["voice_id"].as_str().unwrap_or("").is_empty()
    {
        Some("model and voice_setting.voice_id are required")
    } else if !super::lock_state(state)
        .http
        .voice_known(voice["voice_id"].as_str().unwrap_or(""))
    {
        Some("voice id not exist")
    } else if voice.get("english_normalization").is_some() {
        // The WebSocket name; over HTTP the field is text_normalization.
        Some("unknown field voice_setting.english_normalization")
    } else {
        None
    };
    if let Some(problem) = problem {
        let msg = format!("invalid params, {problem}");
        return whole(stream, 200, json_type, &bare_error(2013, &msg)).await;
    }
    if !super::admit(state, false) {
        return whole(
            stream,
            200,
            json_type,
            &bare_error(1002, super::RATE_LIMITED),
        )
        .await;
    }
    if text.trim().is_empty() {
        return whole(stream, 200, json_type, &bare_error(2203, "empty text")).await;
    }
    if text.chars().count() >= 10_000 {
        return whole(stream, 200, json_type, &bare_error(2204, "text too long")).await;
    }
    let format = request["audio_setting"]["format"]
        .as_str()
        .unwrap_or("mp3")
        .to_string();
    let exclude_aggregate = request["stream_options"]["exclude_aggregated_audio"] == json!(true);
    let (sizes, delay, first_delay, repeat, always_aggregate, proxy_lines, final_audio, flac_bits) = {
        let s = lock(state);
        (
            s.chunk_sizes.clone(),
            s.chunk_delay,
            s.first_chunk_delay,
            s.repeat,
            s.sse_always_aggregate,
            s.sse_proxy_lines,
            s.final_audio,
            s.flac_bits,
        )
    };
    let audio = repeated(&format, &served_audio(&format, &text, flac_bits), repeat);
    let subtitles = (request["subtitle_enable"] == json!(true)).then(|| {
        subtitle_objects(
            &text,
            super::audio_duration_ms(&format, &audio),
            request["subtitle_type"] == json!("word"),
        )
    });

    // The events, as bytes.
    let mut body: Vec<u8> = Vec::new();
    let mut pieces: Vec<&[u8]> = Vec::new();
    let mut rest = &audio[..];
    let mut i = 0;
    while !rest.is_empty() {
        // Events of the configured sizes: large ones take many writes.
        let n = sizes[i % sizes.len()].min(rest.len());
        pieces.push(&rest[..n]);
        rest = &rest[n..];
        i += 1;
    }
    // A last piece that only the final (status 2) event carries.
    let held_back = (final_audio == super::FinalAudio::LastPiece && pieces.len() > 1)
        .then(|| pieces.pop())
        .flatten();
    let count = pieces.len();
    let mut cut_after: Option<usize> = None;
    let mut stall_after: Option<usize> = None;
    for (n, piece) in pieces.iter().enumerate() {
        match &fault {
            Some(Fault::OnContinue {
                after_chunks, code, ..
            }) if *after_chunks == n => {
                let mut v = json!({"trace_id": "fake-sse-trace", "base_resp": base(*code, "injected failure")});
                v["data"] = Value::Null;
                body.extend(format!("data: {v}\n\n").into_bytes());
                cut_after = Some(body.len());
                break;
            }
            Some(Fault::InvalidHex { after_chunks }) if *after_chunks == n => {
                body.extend(event(json!({"audio": "zz-not-hex", "status": 1})));
            }
            Some(Fault::Drop { after_chunks }) if *after_chunks == n => {
                cut_after = Some(body.len());
            }
            Some(Fault::Stall { after_chunks }) if *after_chunks == n => {
                stall_after = Some(body.len());
            }
            _ => {}
        }
        if proxy_lines {
            body.extend(format!("event: message\nid: {n}\n").into_bytes());
        }
        let mut data = json!({"audio": hex::encode(piece), "status": 1});
        if let Some(objects) = &subtitles {
            // Each sentence's timing rides on one of the last audio events.
            let first = count.saturating_sub(objects.len());
            if n >= first {
                let mine: Vec<Value> = objects
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| (first + k).min(count - 1) == n)
                    .map(|(_, o)| o.clone())
                    .collect();
                if mine.len() == 1 {
                    data["subtitle"] = mine[0].clone();
                } else if !mine.is_empty() {
                    data["subtitle"] = Value::Array(mine);
                }
            }
        }
        body.extend(event(data));
    }
    if cut_after.is_none() {
        let trailer = if let Some(last) = held_back {
            hex::encode(last)
        } else if exclude_aggregate && !always_aggregate {
            String::new()
        } else {
            let mut aggregate = b"ID3\x04\x00\x00\x00\x00\x00\x00".to_vec();
            aggregate.extend_from_slice(&audio);
            hex::encode(aggregate)
        };
        let audio_ms = super::audio_duration_ms(&format, &audio);
        let mut last = json!({"trace_id": "fake-sse-trace", "base_resp": base(0, "success")});
        last["data"] = json!({"audio": trailer, "status": 2});
        last["extra_info"] = json!({
            "audio_length": audio_ms,
            "audio_sample_rate": if format == "mp3" { 32000 } else { 16000 },
            "audio_size": audio.len(),
            "bitrate": 128000,
            "audio_format": format,
            "audio_channel": 1,
            "usage_characters": text.chars().count(),
            "word_count": text.split_whitespace().count(),
        });
        body.extend(format!("data: {last}\n\n").into_bytes());
        if proxy_lines {
            body.extend(b"data: [DONE]\n\n");
        }
    }

    if !head(stream, 200, "text/event-stream").await {
        return false;
    }
    if !first_delay.is_zero() {
        tokio::time::sleep(first_delay).await;
    }
    let limit = cut_after.or(stall_after).unwrap_or(body.len());
    let mut sent = 0;
    let mut k = 0;
    while sent < limit {
        let n = sizes[k % sizes.len()].min(limit - sent);
        if !chunk(stream, &body[sent..sent + n]).await {
            return false;
        }
        sent += n;
        k += 1;
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }
    if stall_after.is_some() {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        return false;
    }
    if matches!(fault, Some(Fault::Drop { .. })) {
        // The connection ends mid-stream.
        return false;
    }
    end(stream).await
}
