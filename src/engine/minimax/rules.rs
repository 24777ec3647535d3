//! MiniMax's text rules (<https://platform.minimax.io/docs/api-reference/speech-t2a-websocket>):
//! the per-request character limit, the 10 % invisible-character rule (status 1042),
//! empty text (2203), and the `<#x#>` pause markers.

use std::ops::Range;

use crate::engine::error::EngineError;
use crate::text::split::speakable;

/// Characters per `task_continue`. The server refuses 10,000 or more (2204); staying well
/// under leaves room for its own counting quirks.
pub const MAX_SEGMENT_CHARS: usize = 9_000;

/// Sample rates MiniMax produces.
pub const SAMPLE_RATES: &[u32] = &[8000, 16000, 22050, 24000, 32000, 44100];
/// MP3 bitrates MiniMax produces.
pub const BITRATES: &[u32] = &[32000, 64000, 128000, 256000];

/// `language_boost` values as MiniMax spells them.
pub const LANGUAGES: &[&str] = &[
    "auto",
    "Chinese",
    "Chinese,Yue",
    "English",
    "Arabic",
    "Russian",
    "Spanish",
    "French",
    "Portuguese",
    "German",
    "Turkish",
    "Dutch",
    "Ukrainian",
    "Vietnamese",
    "Indonesian",
    "Japanese",
    "Italian",
    "Korean",
    "Thai",
    "Polish",
    "Romanian",
    "Greek",
    "Czech",
    "Finnish",
    "Hindi",
    "Bulgarian",
    "Danish",
    "Hebrew",
    "Malay",
    "Persian",
    "Slovak",
    "Swedish",
    "Croatian",
    "Filipino",
    "Hungarian",
    "Norwegian",
    "Slovenian",
    "Catalan",
    "Nynorsk",
    "Tamil",
    "Afrikaans",
];

/// The `language_boost` value sent for a language hint: MiniMax's own spelling of a
/// known language, else the hint as given.
pub fn language_boost(hint: &crate::spec::Language) -> String {
    language(hint.as_str()).unwrap_or(hint.as_str()).to_string()
}

/// MiniMax's spelling of a language name given in any case, with or without spaces
/// ("chinese, yue" → "Chinese,Yue").
pub fn language(name: &str) -> Option<&'static str> {
    let wanted = name.replace(' ', "");
    LANGUAGES
        .iter()
        .copied()
        .find(|l| l.eq_ignore_ascii_case(&wanted))
}

/// The most an async job takes inline as `text`.
pub const ASYNC_INLINE_LIMIT: usize = 50_000;
/// The most an uploaded file may hold. MiniMax's pages disagree (100,000 or 1,000,000);
/// the larger is allowed here and the server has the last word.
pub const ASYNC_FILE_LIMIT: usize = 1_000_000;

fn is_invisible(c: char) -> bool {
    (c.is_ascii_control() && c != '\t' && c != '\n') || c == '\u{feff}'
}

/// Cleans text and refuses what the server would refuse, before anything is paid for:
/// normalizes line ends, refuses > 10 % control characters (server code 1042) and strips
/// the rest, refuses empty text (2203) and malformed pause markers.
pub fn prepare(raw: &str) -> Result<String, EngineError> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let total = text.chars().count();
    let invisible = text.chars().filter(|&c| is_invisible(c)).count();
    if total > 0 && invisible * 10 > total {
        return Err(EngineError::input(
            format!(
                "the text is {:.0}% control characters ({invisible} of {total}); MiniMax refuses more than 10% (status 1042)",
                invisible as f64 * 100.0 / total as f64
            ),
            "is this a binary file? strip control characters, e.g. with tr -d '\\000-\\010\\013-\\037'",
        ));
    }
    let text: String = text.chars().filter(|&c| !is_invisible(c)).collect();
    if text.trim().is_empty() {
        return Err(EngineError::input(
            "no text to speak: the input is empty",
            crate::engine::advice::Step::GiveText,
        ));
    }
    pause_markers(&text)?;
    Ok(text)
}

/// Finds and checks every `<#x#>` pause marker: x is 0.01–99.99 seconds with at most two
/// decimals, and each marker sits between speakable text (no marker first, last, or next
/// to another). Returns their byte ranges.
pub fn pause_markers(text: &str) -> Result<Vec<Range<usize>>, EngineError> {
    let bad = |msg: String| {
        EngineError::input(
            msg,
            "a pause is written <#x#> with x in seconds (0.01 to 99.99, e.g. <#1.5#>), placed between words",
        )
    };
    let mut markers: Vec<Range<usize>> = Vec::new();
    let mut search_from = 0;
    while let Some(found) = text[search_from..].find("<#") {
        let start = search_from + found;
        let body_start = start + 2;
        let Some(close) = text[body_start..].find("#>").filter(|&n| n <= 8) else {
            return Err(bad(format!(
                "unterminated pause marker at character {}",
                text[..start].chars().count() + 1
            )));
        };
        let body = &text[body_start..body_start + close];
        let end = body_start + close + 2;
        let value = parse_pause(body).ok_or_else(|| {
            bad(format!(
                "invalid pause <#{body}#>: the pause must be 0.01 to 99.99 seconds with at most two decimals"
            ))
        })?;
        debug_assert!(value > 0.0);
        let before_from = markers.last().map_or(0, |m| m.end);
        if !speakable(&text[before_from..start]) {
            return Err(bad(if markers.is_empty() {
                format!("pause <#{body}#> has no text before it")
            } else {
                format!("two pause markers in a row (<#{body}#>) with no text between them")
            }));
        }
        markers.push(start..end);
        search_from = end;
    }
    if let Some(last) = markers.last()
        && !speakable(&text[last.end..])
    {
        return Err(bad(format!(
            "pause {} has no text after it",
            &text[last.clone()]
        )));
    }
    Ok(markers)
}

fn parse_pause(body: &str) -> Option<f64> {
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if int.is_empty() || int.len() > 2 || frac.len() > 2 || !digits(int) || !digits(frac) {
        return None;
    }
    if body.ends_with('.') {
        return None;
    }
    let value: f64 = body.parse().ok()?;
    (0.01..=99.99).contains(&value).then_some(value)
}

/// Where the pause markers are, without judging them (for cutting streamed text).
pub fn pause_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("<#") {
        let start = from + found;
        match text[start + 2..].find("#>").filter(|&n| n <= 8) {
            Some(close) => {
                let end = start + 2 + close + 2;
                spans.push(start..end);
                from = end;
            }
            None => from = start + 2,
        }
    }
    spans
}

/// Cleans one streamed segment: control characters go, pause markers that are invalid or
/// at an edge are dropped (rather than failing a live stream), and text with nothing to
/// say is skipped.
pub fn tidy_segment(raw: &str) -> Option<String> {
    let mut text: String = raw
        .replace("\r\n", "\n")
        .chars()
        .filter(|&c| !is_invisible(c) || c == '\r')
        .map(|c| if c == '\r' { '\n' } else { c })
        .collect();
    // Drop markers until the rest passes the same check `speak` applies.
    while let Err(_e) = pause_markers(&text) {
        let Some(start) = text.find("<#") else { break };
        let end = text[start + 2..]
            .find("#>")
            .filter(|&n| n <= 8)
            .map_or(start + 2, |n| start + 2 + n + 2);
        text.replace_range(start..end, " ");
    }
    let text = text.trim();
    speakable(text).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{STREAM_SEGMENT_CHARS, Segmenter, split_segments};

    fn chars(s: &str) -> usize {
        s.chars().count()
    }

    fn split(text: &str, max: usize) -> Vec<String> {
        split_segments(text, max, &pause_spans(text))
    }

    fn feed(seg: &mut Segmenter, pieces: &[&str]) -> Vec<String> {
        pieces.iter().flat_map(|p| seg.push(p)).collect()
    }

    #[test]
    fn never_cuts_or_strands_a_pause_marker() {
        let text = "Hello there friend.<#1.5#>How are you today?";
        // Any limit that can hold the marker with a word on each side.
        for max in 18..text.len() {
            let pieces = split(text, max);
            let joined: String = pieces.concat();
            assert!(joined.contains("<#1.5#>"), "max {max}: {pieces:?}");
            for p in &pieces {
                assert!(
                    pause_markers(p).is_ok(),
                    "max {max}: piece {p:?} in {pieces:?}"
                );
            }
        }
    }
    #[test]
    fn pieces_respect_the_limit_and_lose_nothing() {
        let text = "Lorem ipsum dolor sit amet. ".repeat(2000) + "终于结束了。";
        let pieces = split(&text, MAX_SEGMENT_CHARS);
        assert!(pieces.len() >= 2);
        for p in &pieces {
            assert!(chars(p) <= MAX_SEGMENT_CHARS);
        }
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(squash(&pieces.join(" ")), squash(&text));
    }
    #[test]
    fn language_names_are_spelled_as_minimax_spells_them() {
        assert_eq!(language("chinese, yue"), Some("Chinese,Yue"));
        assert_eq!(language("ENGLISH"), Some("English"));
        assert_eq!(language("Klingon"), None);
    }

    #[test]
    fn pause_marker_rules() {
        assert!(pause_markers("a<#0.5#>b").is_ok());
        assert!(pause_markers("a<#99.99#>b<#0.01#>c").is_ok());
        for bad in [
            "<#1#>hello",
            "hello<#1#>",
            "a<#1#> <#2#>b",
            "a<#0#>b",
            "a<#100#>b",
            "a<#1.234#>b",
            "a<#x#>b",
            "a<#1.#>b",
            "a <# b",
        ] {
            assert!(pause_markers(bad).is_err(), "{bad} should be refused");
        }
    }
    #[test]
    fn prepare_checks_like_the_server() {
        assert!(prepare("   \n ").is_err());
        assert!(prepare("\u{1}\u{2}abc").is_err());
        assert_eq!(prepare("line1\r\nline2\u{7}").unwrap(), "line1\nline2");
        assert_eq!(prepare("tab\there").unwrap(), "tab\there");
    }
    #[test]
    fn segmenter_never_strands_pause_markers() {
        let mut seg = Segmenter::new(STREAM_SEGMENT_CHARS, pause_spans);
        // The sentence end before a marker is not a cut: the marker needs text on both sides.
        let out = feed(&mut seg, &["Wait. <#1.5#>Now go. Next"]);
        assert_eq!(out, ["Wait. <#1.5#>Now go."]);
        // A marker at the end of a flushed segment is dropped, not sent lone.
        let mut seg = Segmenter::new(STREAM_SEGMENT_CHARS, pause_spans);
        seg.push("Trailing pause<#2#>");
        assert_eq!(
            seg.flush().as_deref().and_then(tidy_segment).as_deref(),
            Some("Trailing pause")
        );
        assert_eq!(
            tidy_segment("bad <#500#> value").as_deref(),
            Some("bad   value")
        );
        assert_eq!(tidy_segment(" ... "), None);
    }
}
