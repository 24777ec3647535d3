//! The names of a batch's files (`--name`) and its slices (`--shard`).

use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::spec::{AudioFormat, Provider};

/// The file name template (`--name`): literal text and the placeholders `{id}`, `{ext}`,
/// `{provider}` and `{row}`, parsed once (a value is never read as a placeholder).
#[derive(Clone, Debug, PartialEq)]
pub struct Template(Vec<Part>);

#[derive(Clone, Debug, PartialEq)]
enum Part {
    Text(String),
    Id,
    Ext,
    Provider,
    Row,
}

impl FromStr for Template {
    type Err = String;
    fn from_str(s: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| format!("'{s}' has a {{ that is never closed"))?;
            parts.push(match &rest[open + 1..close] {
                "id" => Part::Id,
                "ext" => Part::Ext,
                "provider" => Part::Provider,
                "row" => Part::Row,
                other => {
                    return Err(format!(
                        "'{s}' has the unknown placeholder {{{other}}}; use {{id}}, {{ext}}, {{provider}} or {{row}}"
                    ));
                }
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        if !parts.iter().any(|p| matches!(p, Part::Id | Part::Row)) {
            return Err(format!(
                "'{s}' names every row's file alike; put {{id}} (or {{row}}) in it"
            ));
        }
        Ok(Template(parts))
    }
}

impl Template {
    /// Whether the extension comes from the format (`{ext}`); otherwise the name's own
    /// extension says the format, as `-o` does for `speak`.
    pub fn has_ext(&self) -> bool {
        self.0.contains(&Part::Ext)
    }

    pub fn render(
        &self,
        id: &str,
        format: Option<AudioFormat>,
        provider: Provider,
        row: usize,
    ) -> String {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Id => out.push_str(id),
                Part::Ext => out.push_str(format.map_or("mp3", AudioFormat::name)),
                Part::Provider => out.push_str(provider.flag_value()),
                Part::Row => out.push_str(&row.to_string()),
            }
        }
        out
    }
}

/// `--shard K/N`: the K-th (1-based) of N slices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("shard '{s}' must be K/N with 1 <= K <= N, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the row `id` is in this shard: by a hash of the id alone, so a row stays
    /// in its shard however rows are added, removed or reordered.
    pub fn contains(&self, id: &str) -> bool {
        let digest = Sha256::digest(id.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count == self.index - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_disjoint_and_cover_everything() {
        let ids: Vec<String> = (0..1000).map(|i| format!("line-{i}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|k| Shard { index: k, count: 4 }).collect();
        for id in &ids {
            assert_eq!(shards.iter().filter(|s| s.contains(id)).count(), 1, "{id}");
        }
        let first = ids.iter().filter(|id| shards[0].contains(id)).count();
        assert!((180..320).contains(&first), "{first}");
        assert!("0/4".parse::<Shard>().is_err() && "5/4".parse::<Shard>().is_err());
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
    }
}
