//! Text in: reading it (argument, file, stdin), checking it the way the server would, and
//! splitting long text into segments the server accepts.

use std::io::{IsTerminal, Read};
use std::ops::Range;
use std::path::Path;

use crate::error::CliError;

/// Characters per `task_continue`. The server refuses 10,000 or more (2204); staying well
/// under leaves room for its own counting quirks (minimax-api.md §3.7).
pub const MAX_SEGMENT_CHARS: usize = 9_000;

/// Reads the text to speak from the positional words, `-f FILE` (`-` = stdin), or a piped
/// stdin. An interactive stdin with no text is a usage error, never a wait.
pub fn read_input(words: &[String], file: Option<&Path>) -> Result<String, CliError> {
    if !words.is_empty() {
        return Ok(words.join(" "));
    }
    match file {
        Some(path) if path.as_os_str() == "-" => read_stdin(),
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                CliError::usage(format!("cannot read {}: {e}", path.display()))
                    .with_hint("check the path given to -f")
            })?;
            String::from_utf8(bytes).map_err(|e| {
                CliError::usage(format!(
                    "{} is not UTF-8 text (invalid byte at offset {})",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ))
                .with_hint("convert it first, e.g. iconv -t UTF-8")
            })
        }
        None if std::io::stdin().is_terminal() => Err(CliError::usage("no text given")
            .with_hint("pass the text as an argument, use -f FILE, or pipe it on stdin")),
        None => read_stdin(),
    }
}

fn read_stdin() -> Result<String, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::failure(format!("cannot read stdin: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        CliError::usage(format!(
            "stdin is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
        .with_hint("convert it first, e.g. iconv -t UTF-8")
    })
}

fn is_invisible(c: char) -> bool {
    (c.is_ascii_control() && c != '\t' && c != '\n') || c == '\u{feff}'
}

/// Cleans text and refuses what the server would refuse, before anything is paid for:
/// normalizes line ends, refuses > 10 % control characters (server code 1042) and strips
/// the rest, refuses empty text (2203) and malformed pause markers.
pub fn prepare(raw: &str) -> Result<String, CliError> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let total = text.chars().count();
    let invisible = text.chars().filter(|&c| is_invisible(c)).count();
    if total > 0 && invisible * 10 > total {
        return Err(CliError::usage(format!(
            "the text is {:.0}% control characters ({invisible} of {total}); MiniMax refuses more than 10% (status 1042)",
            invisible as f64 * 100.0 / total as f64
        ))
        .with_hint("is this a binary file? strip control characters, e.g. with tr -d '\\000-\\010\\013-\\037'"));
    }
    let text: String = text.chars().filter(|&c| !is_invisible(c)).collect();
    if text.trim().is_empty() {
        return Err(CliError::usage("no text to speak: the input is empty")
            .with_hint("give some text as an argument, with -f FILE, or on stdin"));
    }
    pause_markers(&text)?;
    Ok(text)
}

fn speakable(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// Finds and checks every `<#x#>` pause marker: x is 0.01–99.99 seconds with at most two
/// decimals, and each marker sits between speakable text (no marker first, last, or next
/// to another). Returns their byte ranges.
pub fn pause_markers(text: &str) -> Result<Vec<Range<usize>>, CliError> {
    let bad = |msg: String| {
        CliError::usage(msg).with_hint(
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

/// Boundary strength, strongest first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Level {
    Paragraph,
    Sentence,
    Clause,
    Space,
}

const CLOSERS: &[char] = &['"', '\'', ')', ']', '”', '’', '」', '』', '）', '》'];

/// Byte offsets (within `text`) just after each boundary, with their strength.
fn boundaries(text: &str) -> Vec<(usize, Level)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let next_after_closers = || {
            let mut j = i + 1;
            while j < chars.len() && CLOSERS.contains(&chars[j].1) {
                j += 1;
            }
            j
        };
        let end_of = |j: usize| chars.get(j).map_or(text.len(), |&(p, _)| p);
        let level = match c {
            '\n' => Some((pos + 1, Level::Paragraph)),
            '。' | '！' | '？' | '…' => {
                let j = next_after_closers();
                Some((end_of(j), Level::Sentence))
            }
            '.' | '!' | '?' => {
                let j = next_after_closers();
                // Only before whitespace: keeps 3.14, e.g. and URLs whole.
                chars
                    .get(j)
                    .filter(|(_, n)| n.is_whitespace())
                    .map(|_| (end_of(j), Level::Sentence))
            }
            '，' | '；' | '：' | '、' => Some((pos + c.len_utf8(), Level::Clause)),
            ',' | ';' | ':' => chars
                .get(i + 1)
                .filter(|(_, n)| n.is_whitespace())
                .map(|_| (pos + 1, Level::Clause)),
            c if c.is_whitespace() => Some((pos + c.len_utf8(), Level::Space)),
            _ => None,
        };
        out.extend(level);
    }
    out
}

/// A cut must not fall inside a pause marker, nor leave one at either edge of a piece.
fn valid_cut(text: &str, cut: usize, markers: &[Range<usize>]) -> bool {
    if markers.iter().any(|m| m.start < cut && cut < m.end) {
        return false;
    }
    let before = markers.iter().rev().find(|m| m.end <= cut);
    if let Some(m) = before
        && !speakable(&text[m.end..cut])
    {
        return false;
    }
    let after = markers.iter().find(|m| m.start >= cut);
    if let Some(m) = after
        && !speakable(&text[cut..m.start])
    {
        return false;
    }
    true
}

/// Splits text into pieces of at most `max_chars` characters (Unicode scalar values, as
/// the server counts), preferring paragraph, then sentence (incl. CJK punctuation), then
/// clause, then whitespace boundaries, and never cutting a pause marker.
pub fn split_segments(text: &str, max_chars: usize) -> Vec<String> {
    let max_chars = max_chars.max(2);
    let markers = pause_markers(text).unwrap_or_default();
    let all = boundaries(text);
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let rest = &text[start..];
        let Some((limit_rel, _)) = rest.char_indices().nth(max_chars) else {
            push_piece(&mut pieces, rest);
            break;
        };
        let limit = start + limit_rel;
        let half = start + rest.char_indices().nth(max_chars / 2).map_or(0, |(p, _)| p);
        let candidates: Vec<(usize, Level)> = all
            .iter()
            .copied()
            .filter(|&(pos, _)| pos > start && pos <= limit && valid_cut(text, pos, &markers))
            .collect();
        let best_in = |from: usize| {
            [
                Level::Paragraph,
                Level::Sentence,
                Level::Clause,
                Level::Space,
            ]
            .iter()
            .find_map(|&level| {
                candidates
                    .iter()
                    .rev()
                    .find(|&&(pos, l)| l == level && pos > from)
                    .map(|&(pos, _)| pos)
            })
        };
        let cut = best_in(half)
            .or_else(|| best_in(start))
            .unwrap_or_else(|| hard_cut(text, start, limit, &markers));
        push_piece(&mut pieces, &text[start..cut]);
        start = cut;
    }
    pieces
}

/// No boundary at all within the limit: cut at the limit, moved back before any marker.
fn hard_cut(text: &str, start: usize, limit: usize, markers: &[Range<usize>]) -> usize {
    let mut cut = limit;
    if let Some(m) = markers.iter().find(|m| m.start < cut && cut < m.end) {
        cut = m.start;
    }
    if cut <= start {
        // A marker at the very start of the window: take it whole rather than loop.
        cut = markers
            .iter()
            .find(|m| m.start <= start && start < m.end)
            .map_or(limit, |m| m.end);
    }
    debug_assert!(text.is_char_boundary(cut));
    cut
}

fn push_piece(pieces: &mut Vec<String>, piece: &str) {
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        pieces.push(trimmed.to_string());
    }
}

/// Characters a streamed segment may grow to before it is cut at a clause or word
/// boundary: run-on text still starts speaking soon.
pub const STREAM_SEGMENT_CHARS: usize = 400;

/// Words whose trailing period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "e.g", "i.e", "etc.al", "approx",
    "no", "fig", "cf", "inc", "ltd", "co", "dept", "est", "vol", "p", "pp", "ca", "al",
];

/// Cuts text that arrives in pieces (an LLM's output, live captions) into segments as soon
/// as they are complete: at sentence ends (`. ! ?` before whitespace, `。！？` anywhere,
/// not after abbreviations such as "e.g." or inside numbers such as 3.14), at newlines, and
/// when a segment grows past a limit. A pause marker is never cut or left at an edge.
#[derive(Debug, Default)]
pub struct Segmenter {
    buf: String,
    max_chars: usize,
}

impl Segmenter {
    pub fn new(max_chars: usize) -> Self {
        Segmenter {
            buf: String::new(),
            max_chars: max_chars.max(16),
        }
    }

    /// Adds text; returns the segments it completed.
    pub fn push(&mut self, text: &str) -> Vec<String> {
        self.buf.push_str(text);
        let mut out = Vec::new();
        while let Some(cut) = self.next_cut() {
            let rest = self.buf.split_off(cut);
            let piece = std::mem::replace(&mut self.buf, rest);
            out.extend(tidy_segment(&piece));
        }
        out
    }

    /// Whether text is waiting for its sentence to end.
    pub fn has_pending(&self) -> bool {
        !self.buf.trim().is_empty()
    }

    /// Everything pending, as one segment (idle timeout or end of input).
    pub fn flush(&mut self) -> Option<String> {
        let piece = std::mem::take(&mut self.buf);
        tidy_segment(&piece)
    }

    /// Byte offset after the first complete segment in the buffer, if any.
    fn next_cut(&self) -> Option<usize> {
        let text = self.buf.as_str();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            let cut = match c {
                '\n' => Some(pos + 1),
                '。' | '！' | '？' | '.' | '!' | '?' => {
                    let mut j = i + 1;
                    while j < chars.len() && CLOSERS.contains(&chars[j].1) {
                        j += 1;
                    }
                    // The character after decides: undecidable at the end of the buffer.
                    let next = chars.get(j).map(|&(_, n)| n);
                    let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
                    match next {
                        None => return self.limit_cut(),
                        Some(n) if matches!(c, '。' | '！' | '？') || n.is_whitespace() => {
                            (c != '.' || !is_abbreviation(&text[..pos])).then_some(end)
                        }
                        Some(_) => None,
                    }
                }
                _ => None,
            };
            if let Some(cut) = cut
                && speakable(&text[..cut])
                && !text[cut..].trim_start().starts_with("<#")
            {
                return Some(cut);
            }
            i += 1;
        }
        self.limit_cut()
    }

    /// Over the limit with no sentence end: cut like `split_segments` would.
    fn limit_cut(&self) -> Option<usize> {
        if self.buf.chars().count() <= self.max_chars {
            return None;
        }
        let first = split_segments(&self.buf, self.max_chars)
            .into_iter()
            .next()?;
        // The piece is trimmed; find where it ends in the buffer.
        let start = self.buf.find(first.as_str())?;
        Some(start + first.len())
    }
}

/// Whether the word ending at the end of `before` is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // A single capital letter: an initial, as in "J. R. R. Tolkien".
    let mut letters = word.chars();
    matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase())
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

    fn chars(s: &str) -> usize {
        s.chars().count()
    }

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(
            split_segments("  Hello there.  ", 100),
            vec!["Hello there."]
        );
    }

    #[test]
    fn prefers_paragraphs_then_sentences() {
        let text = "First sentence here. Second one is here.\nNew paragraph starts. And more.";
        let pieces = split_segments(text, 50);
        assert_eq!(
            pieces,
            vec![
                "First sentence here. Second one is here.",
                "New paragraph starts. And more."
            ]
        );
        let pieces = split_segments("One two three. Four five six. Seven eight nine.", 32);
        assert_eq!(
            pieces,
            vec!["One two three. Four five six.", "Seven eight nine."]
        );
    }

    #[test]
    fn keeps_decimals_and_abbreviations_when_possible() {
        let pieces = split_segments("Pi is 3.14159 roughly, e.g.so on. Next part here.", 40);
        assert_eq!(pieces[0], "Pi is 3.14159 roughly, e.g.so on.");
    }

    #[test]
    fn splits_cjk_at_full_stops() {
        let text = "今天天气很好。我们去公园散步吧！你觉得怎么样？好的。";
        let pieces = split_segments(text, 16);
        assert_eq!(
            pieces,
            vec!["今天天气很好。我们去公园散步吧！", "你觉得怎么样？好的。"]
        );
        for p in &pieces {
            assert!(chars(p) <= 16);
        }
    }

    #[test]
    fn falls_back_to_clauses_spaces_and_hard_cuts() {
        let pieces = split_segments("alpha beta, gamma delta epsilon", 14);
        assert_eq!(pieces[0], "alpha beta,");
        let pieces = split_segments("abcdefghij", 4);
        assert_eq!(pieces, vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn never_cuts_or_strands_a_pause_marker() {
        let text = "Hello there friend.<#1.5#>How are you today?";
        // Any limit that can hold the marker with a word on each side.
        for max in 18..text.len() {
            let pieces = split_segments(text, max);
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
        let pieces = split_segments(&text, MAX_SEGMENT_CHARS);
        assert!(pieces.len() >= 2);
        for p in &pieces {
            assert!(chars(p) <= MAX_SEGMENT_CHARS);
        }
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(squash(&pieces.join(" ")), squash(&text));
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

    fn feed(seg: &mut Segmenter, pieces: &[&str]) -> Vec<String> {
        pieces.iter().flat_map(|p| seg.push(p)).collect()
    }

    #[test]
    fn segmenter_cuts_at_sentence_ends_as_text_arrives() {
        let mut seg = Segmenter::new(STREAM_SEGMENT_CHARS);
        assert!(seg.push("Hello there").is_empty());
        assert_eq!(seg.push(". Pi is 3."), ["Hello there."]);
        // The period could be that of "3.14": undecided until the next character.
        assert!(seg.push("14 exactly").is_empty());
        assert_eq!(seg.push("! And"), ["Pi is 3.14 exactly!"]);
        assert!(seg.has_pending());
        assert_eq!(seg.flush().as_deref(), Some("And"));
        assert!(!seg.has_pending());
    }

    #[test]
    fn segmenter_keeps_abbreviations_and_initials() {
        let mut seg = Segmenter::new(STREAM_SEGMENT_CHARS);
        let out = feed(
            &mut seg,
            &["Use tools, e.g. a hammer. Ask Dr. Smith and J. R. Tolkien. Done "],
        );
        assert_eq!(
            out,
            [
                "Use tools, e.g. a hammer.",
                "Ask Dr. Smith and J. R. Tolkien."
            ]
        );
    }

    #[test]
    fn segmenter_handles_chinese_and_mixed_text() {
        let mut seg = Segmenter::new(STREAM_SEGMENT_CHARS);
        let out = feed(&mut seg, &["你好。今天", "天气很好！我们走吧？", "OK. 好"]);
        assert_eq!(out, ["你好。", "今天天气很好！", "我们走吧？", "OK."]);
        assert_eq!(seg.flush().as_deref(), Some("好"));
        // A closing quote stays with its sentence.
        let out = feed(&mut seg, &["他说：「走吧。」然后", "走了。x"]);
        assert_eq!(out, ["他说：「走吧。」", "然后走了。"]);
    }

    #[test]
    fn segmenter_cuts_at_newlines_and_long_runs() {
        let mut seg = Segmenter::new(40);
        assert_eq!(feed(&mut seg, &["a title\n\nbody"]), ["a title"]);
        let out = seg.push(&" word".repeat(20));
        assert!(!out.is_empty());
        for piece in &out {
            assert!(piece.chars().count() <= 40, "{piece}");
        }
    }

    #[test]
    fn segmenter_never_strands_pause_markers() {
        let mut seg = Segmenter::new(STREAM_SEGMENT_CHARS);
        // The sentence end before a marker is not a cut: the marker needs text on both sides.
        let out = feed(&mut seg, &["Wait. <#1.5#>Now go. Next"]);
        assert_eq!(out, ["Wait. <#1.5#>Now go."]);
        // A marker at the end of a flushed segment is dropped, not sent lone.
        let mut seg = Segmenter::new(STREAM_SEGMENT_CHARS);
        seg.push("Trailing pause<#2#>");
        assert_eq!(seg.flush().as_deref(), Some("Trailing pause"));
        assert_eq!(
            tidy_segment("bad <#500#> value").as_deref(),
            Some("bad   value")
        );
        assert_eq!(tidy_segment(" ... "), None);
    }
}
