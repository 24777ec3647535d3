//! Dialogue scripts: the plain text writers edit by hand, read into the rows of a
//! production.
//!
//! ```text
//! +++
//! [speakers.NARRATOR]
//! voice = "English_expressive_narrator"
//! [speakers.ALICE]
//! provider = "fish"
//! voice = "<a Fish model id>"
//! +++
//! # Chapter one
//! NARRATOR: It was late when the phone rang.
//! ALICE: Who is this?
//! ```
//!
//! The TOML front matter between `+++` lines gives each speaker's settings (any manifest
//! key); `NAME: text` is a line in that voice; `# Title` starts a chapter; a blank line
//! is a paragraph pause; any other line continues the speaker's text. A speaker-like name
//! (letters, digits, spaces or `_`) before a colon makes a speaker line, and one with no
//! `[speakers.NAME]` is an error. Every problem is reported with its line.

use std::collections::BTreeMap;

use serde_json::Value;

use super::manifest::RawRow;

/// Row keys a speaker may not set: they belong to each line.
const LINE_KEYS: &[&str] = &[
    "id",
    "text",
    "text_file",
    "output",
    "chapter",
    "pause_after",
];

/// A script, read: its rows (numbered by the line they start on), or every problem.
pub fn parse(
    text: &str,
    config_speakers: &BTreeMap<String, BTreeMap<String, Value>>,
    paragraph_gap_ms: u64,
) -> Result<Vec<RawRow>, Vec<String>> {
    let mut problems = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let (speakers, body_start) = front_matter(&lines, &mut problems);
    let mut speakers_all = config_speakers.clone();
    speakers_all.extend(speakers);
    for (name, table) in &speakers_all {
        for key in table.keys() {
            if LINE_KEYS.contains(&key.as_str()) {
                problems.push(format!(
                    "speaker {name}: {key} belongs to each line, not to a speaker"
                ));
            }
        }
    }

    let mut rows: Vec<RawRow> = Vec::new();
    // The row being written (a speaker line and its continuations).
    let mut current: Option<(usize, String, String)> = None;
    let mut chapter: Option<String> = None;
    let mut pause_pending = false;
    // The last speaker line named an unknown speaker: its continuations are not errors too.
    let mut after_unknown = false;
    let flush = |current: &mut Option<(usize, String, String)>,
                 rows: &mut Vec<RawRow>,
                 chapter: &mut Option<String>| {
        if let Some((number, speaker, text)) = current.take() {
            let mut fields: BTreeMap<String, Value> =
                speakers_all.get(&speaker).cloned().unwrap_or_default();
            fields.insert("id".into(), Value::String(format!("line{number}")));
            fields.insert("text".into(), Value::String(text));
            if let Some(title) = chapter.take() {
                fields.insert("chapter".into(), Value::String(title));
            }
            rows.push(RawRow { number, fields });
        }
    };
    for (index, line) in lines.iter().enumerate().skip(body_start) {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            after_unknown = false;
            flush(&mut current, &mut rows, &mut chapter);
            pause_pending = !rows.is_empty();
            continue;
        }
        if let Some(title) = trimmed.strip_prefix('#') {
            flush(&mut current, &mut rows, &mut chapter);
            let title = title.trim_start_matches('#').trim();
            if title.is_empty() {
                problems.push(format!(
                    "line {number}: a chapter line needs a title (# Title)"
                ));
            } else {
                chapter = Some(title.to_string());
            }
            continue;
        }
        if let Some((name, said)) = speaker_line(trimmed) {
            flush(&mut current, &mut rows, &mut chapter);
            if pause_pending {
                if let Some(last) = rows.last_mut() {
                    last.fields
                        .insert("pause_after".into(), Value::from(paragraph_gap_ms));
                }
                pause_pending = false;
            }
            after_unknown = !speakers_all.contains_key(name);
            if after_unknown {
                let known: Vec<&str> = speakers_all.keys().map(String::as_str).collect();
                problems.push(format!(
                    "line {number}: unknown speaker {} (declare [speakers.{}] in the front matter{})",
                    crate::report::sanitized(name),
                    crate::report::sanitized(name),
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!("; known: {}", known.join(", "))
                    }
                ));
                continue;
            }
            current = Some((number, name.to_string(), said.trim().to_string()));
            continue;
        }
        match current.as_mut() {
            Some((_, _, text)) => {
                text.push(' ');
                text.push_str(trimmed);
            }
            None if after_unknown => {}
            None => problems.push(format!(
                "line {number}: text before any speaker line (start it with NAME: …)"
            )),
        }
    }
    flush(&mut current, &mut rows, &mut chapter);
    if let Some(title) = chapter {
        problems.push(format!(
            "the chapter \"{}\" at the end has no lines",
            crate::report::sanitized(&title)
        ));
    }
    for row in &rows {
        if row
            .fields
            .get("text")
            .and_then(Value::as_str)
            .is_some_and(|t| t.trim().is_empty())
        {
            problems.push(format!("line {}: the speaker says nothing", row.number));
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push("the script has no speaker lines".into());
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// `NAME: text`, where NAME is letters, digits, spaces or `_` (not starting with a
/// space).
fn speaker_line(line: &str) -> Option<(&str, &str)> {
    let (name, said) = line.split_once(':')?;
    let plausible = !name.is_empty()
        && !name.starts_with(' ')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '_');
    plausible.then(|| (name.trim_end(), said))
}

type Speakers = BTreeMap<String, BTreeMap<String, Value>>;

/// The `+++` front matter's speakers, and the line the body starts on.
fn front_matter(lines: &[&str], problems: &mut Vec<String>) -> (Speakers, usize) {
    let Some(open) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return (Speakers::new(), lines.len());
    };
    if lines[open].trim() != "+++" {
        return (Speakers::new(), 0);
    }
    let Some(close) = lines[open + 1..].iter().position(|l| l.trim() == "+++") else {
        problems.push(format!(
            "line {}: the front matter is not closed (end it with a +++ line)",
            open + 1
        ));
        return (Speakers::new(), lines.len());
    };
    let close = open + 1 + close;
    let toml_text = lines[open + 1..close].join("\n");
    let speakers = match read_speakers(&toml_text) {
        Ok(speakers) => speakers,
        Err(e) => {
            problems.push(format!(
                "the front matter (lines {}–{}): {e}",
                open + 2,
                close
            ));
            Speakers::new()
        }
    };
    (speakers, close + 1)
}

/// `[speakers.NAME]` tables of manifest keys, from TOML.
pub fn read_speakers(toml_text: &str) -> Result<Speakers, String> {
    let value: toml::Table = toml::from_str(toml_text).map_err(|e| e.to_string())?;
    let mut speakers = Speakers::new();
    for (key, item) in value {
        if key != "speakers" {
            return Err(format!("unknown key {key} (only [speakers.NAME] tables)"));
        }
        let toml::Value::Table(table) = item else {
            return Err("speakers must be tables: [speakers.NAME]".into());
        };
        for (name, settings) in table {
            if speaker_line(&format!("{name}:")).is_none() {
                return Err(format!(
                    "the speaker name {name:?} cannot start a line (letters, digits, spaces or _)"
                ));
            }
            let toml::Value::Table(settings) = settings else {
                return Err(format!("speakers.{name} must be a table of settings"));
            };
            let fields = settings
                .into_iter()
                .map(|(k, v)| {
                    serde_json::to_value(v)
                        .map(|v| (k.clone(), v))
                        .map_err(|e| format!("speakers.{name}.{k}: {e}"))
                })
                .collect::<Result<BTreeMap<_, _>, _>>()?;
            speakers.insert(name, fields);
        }
    }
    Ok(speakers)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = "+++\n[speakers.NARRATOR]\nvoice = \"English_expressive_narrator\"\n[speakers.ALICE]\nprovider = \"fish\"\nspeed = 1.1\n+++\n# Chapter one\nNARRATOR: It was late\nwhen the phone rang.\n\nALICE: Who is this?\n";

    #[test]
    fn lines_speakers_chapters_and_paragraphs_become_rows() {
        let rows = parse(SCRIPT, &Speakers::new(), 900).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, 9);
        assert_eq!(rows[0].fields["text"], "It was late when the phone rang.");
        assert_eq!(rows[0].fields["chapter"], "Chapter one");
        assert_eq!(rows[0].fields["voice"], "English_expressive_narrator");
        assert_eq!(
            rows[0].fields["pause_after"], 900,
            "a blank line is a paragraph pause"
        );
        assert_eq!(rows[1].fields["provider"], "fish");
        assert_eq!(rows[1].fields["speed"], 1.1);
        assert!(!rows[1].fields.contains_key("pause_after"));
    }

    #[test]
    fn problems_are_listed_with_their_lines() {
        let script = "+++\n[speakers.BOB]\n+++\nnarration first\nEVE: hello\nBOB: fine\n#\n";
        let problems = parse(script, &Speakers::new(), 900).unwrap_err();
        assert!(
            problems[0].starts_with("line 4: text before any speaker"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("line 5: unknown speaker EVE"),
            "{problems:?}"
        );
        assert!(
            problems[2].starts_with("line 7: a chapter line needs a title"),
            "{problems:?}"
        );
        let unclosed = parse("+++\n[speakers.A]\nA: hi\n", &Speakers::new(), 0).unwrap_err();
        assert!(unclosed[0].contains("not closed"), "{unclosed:?}");
        let bad_key = parse(
            "+++\n[speakers.A]\ntext = \"x\"\n+++\nA: hi\n",
            &Speakers::new(),
            0,
        )
        .unwrap_err();
        assert!(bad_key[0].contains("belongs to each line"), "{bad_key:?}");
    }

    #[test]
    fn speakers_may_come_from_the_config_file() {
        let mut config = Speakers::new();
        config.insert(
            "HOST".into(),
            BTreeMap::from([("voice".into(), Value::from("v1"))]),
        );
        let rows = parse("HOST: Welcome.\n", &config, 0).unwrap();
        assert_eq!(rows[0].fields["voice"], "v1");
    }
}
