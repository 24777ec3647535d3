//! Fish Audio's text and option rules (<https://docs.fish.audio/features/text-to-speech>,
//! the TTSRequest schema in fishaudio/docs `openapi.json`): models, formats and rates,
//! prosody ranges, and the inline markup a segment boundary must not cut — `(tag)`
//! emotion tags (S1), `[tag]` directions (S2 family), `<|speaker:N|>` turns.

use std::ops::Range;

use crate::engine::advice::{Advice, Step};
use crate::engine::error::EngineError;
use crate::text::split::speakable;

/// Models the `model` header accepts.
pub const MODELS: &[&str] = &["s2.1-pro-free", "s2.1-pro", "s2-pro", "s1"];
/// Retired on 2026-02-28 (Fish's deprecation page).
pub const RETIRED_MODELS: &[&str] = &["speech-1.5", "speech-1.6", "agent-x0", "s1-mini"];

/// Sample rates per wire format (others get HTTP 400).
pub const PCM_RATES: &[u32] = &[8000, 16000, 24000, 32000, 44100];
pub const MP3_RATES: &[u32] = &[32000, 44100];
pub const OPUS_RATES: &[u32] = &[48000];
/// MP3 bitrates in bit/s (Fish takes kbit/s: 64, 128, 192).
pub const MP3_BITRATES: &[u32] = &[64000, 128000, 192000];
/// Characters sent per `text` event and flush. Fish documents no limit per session;
/// its own chunking (`chunk_length`) decides what is synthesized at a time.
pub const MAX_SEGMENT_CHARS: usize = 20_000;

fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || c == '\u{feff}'
}

/// Cleans text before anything is paid for: line ends normalized, control characters
/// dropped; text with nothing to say (only markup or punctuation) is refused, and
/// multi-speaker turns are refused on `s1`, which answers them with 422.
pub fn prepare(raw: &str, model: &str) -> Result<String, EngineError> {
    let text: String = raw
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| !is_invisible(c))
        .collect();
    if text.trim().is_empty() {
        return Err(EngineError::input(
            "no text to speak: the input is empty",
            Step::GiveText,
        ));
    }
    if !speakable(&without_markup(&text)) {
        return Err(EngineError::input(
            "no text to speak: the input holds only tags or punctuation",
            "add words to say; tags such as (happy) or [whispers] only direct how text is read",
        ));
    }
    if model == "s1" && text.contains("<|speaker:") {
        return Err(EngineError::input(
            "multi-speaker tags (<|speaker:N|>) need an S2-family model; s1 refuses them",
            Advice::to(Step::use_value("model", "s2-pro or s2.1-pro"))
                .or(Step::say("remove the speaker tags")),
        ));
    }
    Ok(text)
}

/// The text with its markup blanked out.
fn without_markup(text: &str) -> String {
    let mut out = text.to_string();
    for span in markup_spans(text).into_iter().rev() {
        out.replace_range(span, " ");
    }
    out
}

/// Where the markup is: `(…)`, `[…]` and `<|…|>` spans of at most 64 bytes on one line.
pub fn markup_spans(text: &str) -> Vec<Range<usize>> {
    const LONGEST: usize = 64;
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find(['(', '[', '<']) {
        let start = from + found;
        let rest = &text[start..];
        let close = match rest.as_bytes()[0] {
            b'(' => Some(")"),
            b'[' => Some("]"),
            _ if rest.starts_with("<|") => Some("|>"),
            _ => None,
        };
        let end = close.and_then(|close| {
            rest[1..]
                .find(close)
                .map(|n| start + 1 + n + close.len())
                .filter(|&end| end - start <= LONGEST && !text[start..end].contains('\n'))
        });
        match end {
            Some(end) => {
                spans.push(start..end);
                from = end;
            }
            None => from = start + 1,
        }
    }
    spans
}

/// Cleans one streamed segment; `None` when nothing is left to say.
pub fn tidy_segment(raw: &str) -> Option<String> {
    let text: String = raw
        .replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|&c| !is_invisible(c))
        .collect();
    let text = text.trim();
    speakable(&without_markup(text)).then(|| text.to_string())
}

/// Whether `model` is one the service accepts, or why not.
pub fn check_model(model: &str) -> Result<(), EngineError> {
    if MODELS.contains(&model) {
        return Ok(());
    }
    let listed = MODELS.join(", ");
    if RETIRED_MODELS.contains(&model) {
        return Err(EngineError::input(
            format!("the Fish Audio model {model} has been retired"),
            format!("use one of: {listed}"),
        ));
    }
    Err(EngineError::input(
        format!("unknown Fish Audio model '{model}'"),
        format!("use one of: {listed} (s2.1-pro-free costs nothing)"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_found_and_not_speakable() {
        let text = "(happy) Hello [whispers] there <|speaker:1|> friend (a";
        let spans: Vec<&str> = markup_spans(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(spans, ["(happy)", "[whispers]", "<|speaker:1|>"]);
        assert!(prepare("(happy) [laughs]", "s1").is_err());
        assert!(prepare("  \n", "s1").is_err());
        assert_eq!(prepare("Hi\u{7}\r\nthere", "s1").unwrap(), "Hi\nthere");
        assert!(prepare("<|speaker:0|>Hi", "s1").is_err());
        assert!(prepare("<|speaker:0|>Hi", "s2-pro").is_ok());
        assert_eq!(tidy_segment("  (sad) ok \u{1b}"), Some("(sad) ok".into()));
        assert_eq!(tidy_segment(" [pause] "), None);
    }

    #[test]
    fn models_are_checked() {
        assert!(check_model("s2.1-pro-free").is_ok());
        assert!(
            check_model("speech-1.5")
                .unwrap_err()
                .message
                .contains("retired")
        );
        assert!(check_model("s3").is_err());
    }
}
