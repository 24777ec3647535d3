//! Cutting text into segments: long text before sending (at paragraph, sentence, clause,
//! then word boundaries), and text that arrives in pieces as it completes sentences.
//! Markup the provider defines (MiniMax's pause markers) comes in as byte ranges that a
//! cut must neither split nor leave at a segment's edge.

use std::ops::Range;

/// Whether `s` has anything to say.
pub fn speakable(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
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

/// A cut must not fall inside markup, nor leave markup at either edge of a piece.
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
/// clause, then whitespace boundaries, and never cutting the `markers` (markup spans).
pub fn split_segments(text: &str, max_chars: usize, markers: &[Range<usize>]) -> Vec<String> {
    let max_chars = max_chars.max(2);
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
            .filter(|&(pos, _)| pos > start && pos <= limit && valid_cut(text, pos, markers))
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
            .unwrap_or_else(|| hard_cut(text, start, limit, markers));
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

/// The piece without surrounding whitespace, if it has anything to say.
fn trimmed(piece: &str) -> Option<String> {
    let piece = piece.trim();
    speakable(piece).then(|| piece.to_string())
}

/// Words whose trailing period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "e.g", "i.e", "etc.al", "approx",
    "no", "fig", "cf", "inc", "ltd", "co", "dept", "est", "vol", "p", "pp", "ca", "al",
];

/// Cuts text that arrives in pieces (an LLM's output, live captions) into segments as soon
/// as they are complete: at sentence ends (`. ! ?` before whitespace, `。！？` anywhere,
/// not after abbreviations such as "e.g." or inside numbers such as 3.14), at newlines, and
/// when a segment grows past a limit. Markup (found by `markup`) is never cut or left at
/// an edge. Segments come out as they were written: the engine cleans them for sending.
#[derive(Debug)]
pub struct Segmenter {
    buf: String,
    max_chars: usize,
    markup: fn(&str) -> Vec<Range<usize>>,
}

impl Segmenter {
    pub fn new(max_chars: usize, markup: fn(&str) -> Vec<Range<usize>>) -> Self {
        Segmenter {
            buf: String::new(),
            max_chars: max_chars.max(16),
            markup,
        }
    }

    /// Adds text; returns the segments it completed.
    pub fn push(&mut self, text: &str) -> Vec<String> {
        self.buf.push_str(text);
        let mut out = Vec::new();
        while let Some(cut) = self.next_cut() {
            let rest = self.buf.split_off(cut);
            let piece = std::mem::replace(&mut self.buf, rest);
            out.extend(trimmed(&piece));
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
        trimmed(&piece)
    }

    /// Byte offset after the first complete segment in the buffer, if any.
    fn next_cut(&self) -> Option<usize> {
        let text = self.buf.as_str();
        let markers = (self.markup)(text);
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
                        None => return self.limit_cut(&markers),
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
                && valid_cut(text, cut, &markers)
            {
                return Some(cut);
            }
            i += 1;
        }
        self.limit_cut(&markers)
    }

    /// Over the limit with no sentence end: cut like `split_segments` would.
    fn limit_cut(&self, markers: &[Range<usize>]) -> Option<usize> {
        if self.buf.chars().count() <= self.max_chars {
            return None;
        }
        let first = split_segments(&self.buf, self.max_chars, markers)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn no_markup(_: &str) -> Vec<Range<usize>> {
        Vec::new()
    }

    fn split_segments_plain(text: &str, max: usize) -> Vec<String> {
        split_segments(text, max, &[])
    }

    fn chars(s: &str) -> usize {
        s.chars().count()
    }

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(
            split_segments_plain("  Hello there.  ", 100),
            vec!["Hello there."]
        );
    }

    #[test]
    fn prefers_paragraphs_then_sentences() {
        let text = "First sentence here. Second one is here.\nNew paragraph starts. And more.";
        let pieces = split_segments_plain(text, 50);
        assert_eq!(
            pieces,
            vec![
                "First sentence here. Second one is here.",
                "New paragraph starts. And more."
            ]
        );
        let pieces = split_segments_plain("One two three. Four five six. Seven eight nine.", 32);
        assert_eq!(
            pieces,
            vec!["One two three. Four five six.", "Seven eight nine."]
        );
    }

    #[test]
    fn keeps_decimals_and_abbreviations_when_possible() {
        let pieces = split_segments_plain("Pi is 3.14159 roughly, e.g.so on. Next part here.", 40);
        assert_eq!(pieces[0], "Pi is 3.14159 roughly, e.g.so on.");
    }

    #[test]
    fn splits_cjk_at_full_stops() {
        let text = "今天天气很好。我们去公园散步吧！你觉得怎么样？好的。";
        let pieces = split_segments_plain(text, 16);
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
        let pieces = split_segments_plain("alpha beta, gamma delta epsilon", 14);
        assert_eq!(pieces[0], "alpha beta,");
        let pieces = split_segments_plain("abcdefghij", 4);
        assert_eq!(pieces, vec!["abcd", "efgh", "ij"]);
    }

    fn feed(seg: &mut Segmenter, pieces: &[&str]) -> Vec<String> {
        pieces.iter().flat_map(|p| seg.push(p)).collect()
    }

    #[test]
    fn segmenter_cuts_at_sentence_ends_as_text_arrives() {
        let mut seg = Segmenter::new(STREAM_SEGMENT_CHARS, no_markup);
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
        let mut seg = Segmenter::new(STREAM_SEGMENT_CHARS, no_markup);
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
        let mut seg = Segmenter::new(STREAM_SEGMENT_CHARS, no_markup);
        let out = feed(&mut seg, &["你好。今天", "天气很好！我们走吧？", "OK. 好"]);
        assert_eq!(out, ["你好。", "今天天气很好！", "我们走吧？", "OK."]);
        assert_eq!(seg.flush().as_deref(), Some("好"));
        // A closing quote stays with its sentence.
        let out = feed(&mut seg, &["他说：「走吧。」然后", "走了。x"]);
        assert_eq!(out, ["他说：「走吧。」", "然后走了。"]);
    }

    #[test]
    fn segmenter_cuts_at_newlines_and_long_runs() {
        let mut seg = Segmenter::new(40, no_markup);
        assert_eq!(feed(&mut seg, &["a title\n\nbody"]), ["a title"]);
        let out = seg.push(&" word".repeat(20));
        assert!(!out.is_empty());
        for piece in &out {
            assert!(piece.chars().count() <= 40, "{piece}");
        }
    }
}
