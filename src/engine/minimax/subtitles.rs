//! MiniMax's subtitle shapes (<https://platform.minimax.io/docs/api-reference/speech-t2a-http>):
//! an async job's `.titles` file, or the inline `subtitle` objects of a live synthesis
//! (`text`, `time_begin`, `time_end` in milliseconds, `timestamped_words` in word mode).

use serde_json::Value;

use crate::subtitles::{Cue, Word};

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// One subtitle object; `None` when it lacks text or times.
fn cue(item: &Value) -> Option<Cue> {
    let text = item.get("text")?.as_str()?.trim().to_string();
    let start = number(item.get("time_begin")?)?;
    let end = number(item.get("time_end")?)?;
    let words = item
        .get("timestamped_words")
        .and_then(Value::as_array)
        .map(|words| {
            words
                .iter()
                .filter_map(|w| {
                    let word = w.get("word")?.as_str()?;
                    // Whitespace may come as a word of its own.
                    if word.trim().is_empty() || word == "[SPACE]" {
                        return None;
                    }
                    Some(Word {
                        word: word.to_string(),
                        start: number(w.get("time_begin")?)?,
                        end: number(w.get("time_end")?)?,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    (!text.is_empty() && end >= start).then_some(Cue {
        text,
        start,
        end,
        words,
    })
}

/// Inline subtitles: one object or a list of them.
pub fn parse_cues(value: &Value) -> Vec<Cue> {
    match value {
        Value::Array(items) => items.iter().filter_map(cue).collect(),
        object => cue(object).into_iter().collect(),
    }
}

/// Reads the `.titles` JSON; entries without text or times are skipped.
pub fn parse_titles(bytes: &[u8]) -> Result<Vec<Cue>, String> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("the subtitles are not JSON: {e}"))?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut o) => match o.remove("subtitles").or_else(|| o.remove("data")) {
            Some(Value::Array(items)) => items,
            _ => return Err("the subtitles JSON holds no list of sentences".into()),
        },
        _ => return Err("the subtitles JSON holds no list of sentences".into()),
    };
    Ok(items.iter().filter_map(cue).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_titles() {
        let titles = br#"[{"text":"Hello there.","pronounce_text":"Hello there.","time_begin":0,"time_end":1234.5,"text_begin":0,"text_end":12},
                          {"text":"Second.","time_begin":1234.5,"time_end":3723001}]"#;
        let cues = parse_titles(titles).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!((cues[1].start, cues[1].end), (1234.5, 3_723_001.0));
        assert!(parse_titles(b"nope").is_err());
    }

    #[test]
    fn inline_subtitles_with_words_shift_together() {
        let value: Value = serde_json::from_str(
            r#"{"text":"Hello there.","time_begin":0,"time_end":850,
                "timestamped_words":[{"word":"Hello","time_begin":0,"time_end":420},
                                     {"word":"[SPACE]","time_begin":420,"time_end":430},
                                     {"word":"there.","time_begin":430,"time_end":850}]}"#,
        )
        .unwrap();
        let cues = parse_cues(&value);
        assert_eq!(cues.len(), 1);
        assert_eq!(cues[0].words.len(), 2);
        let later = cues[0].clone().shifted(1000.0);
        assert_eq!((later.start, later.end), (1000.0, 1850.0));
        assert_eq!(later.words[1].start, 1430.0);
        assert!(parse_cues(&Value::Null).is_empty());
    }
}
