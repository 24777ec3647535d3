//! The voices a key can use, in one shape for both providers: what `voices` prints and
//! what the MCP server's `voices` tool returns.

use clap::ValueEnum;
use serde_json::json;

use crate::engine::fish::voices::VoiceQuery;
use crate::engine::minimax::http::Voice;
use crate::error::CliError;
use crate::settings::Resolved;
use crate::spec::Provider;

/// Which voices to list.
#[derive(Clone, Debug, Default)]
pub struct VoiceFilter {
    /// Which of MiniMax's voices.
    pub voice_type: VoiceType,
    /// Only voices whose id, name or description contains this (any case); Fish matches
    /// titles.
    pub filter: Option<String>,
    /// Fish: only the key owner's own voice models.
    pub own: bool,
    /// At most this many (all for MiniMax, 100 for Fish when not given).
    pub limit: Option<u64>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum VoiceType {
    System,
    #[value(alias = "cloning")]
    Cloned,
    #[value(alias = "generation")]
    Designed,
    #[default]
    All,
}

impl VoiceType {
    /// The API's `voice_type` value.
    pub fn api_name(self) -> &'static str {
        match self {
            VoiceType::System => "system",
            VoiceType::Cloned => "voice_cloning",
            VoiceType::Designed => "voice_generation",
            VoiceType::All => "all",
        }
    }
}

/// One row of the table (and one JSON object), whichever the provider.
pub struct Row {
    pub kind: String,
    pub voice_id: String,
    pub name: Option<String>,
    pub description: Vec<String>,
    pub created_time: Option<String>,
    pub language: Option<String>,
}

/// The voices `args` asks for, and (Fish) how many matched in all when more were left
/// out.
pub async fn rows(
    args: &VoiceFilter,
    resolved: &Resolved,
) -> Result<(Vec<Row>, Option<u64>), CliError> {
    match resolved.provider {
        Provider::Minimax => Ok((minimax_rows(args, resolved).await?, None)),
        Provider::Fish => fish_rows(args, resolved).await,
    }
}

/// A voice as `voices --json` prints it.
pub fn row_json(v: &Row) -> serde_json::Value {
    json!({
        "type": v.kind,
        "voice_id": v.voice_id,
        "voice_name": v.name,
        "description": v.description,
        "created_time": v.created_time,
        "language": v.language,
    })
}

async fn minimax_rows(args: &VoiceFilter, resolved: &Resolved) -> Result<Vec<Row>, CliError> {
    if args.own {
        return Err(
            CliError::usage("--self is for Fish Audio's voice models").with_hint(
                "with MiniMax, use --type cloning or --type generation for your own voices",
            ),
        );
    }
    let client = resolved.minimax_http().map_err(CliError::from)?;
    let list = client
        .voices(args.voice_type.api_name())
        .await
        .map_err(CliError::from)?;
    let filter = args.filter.as_deref().map(str::to_lowercase);
    let matches = |v: &Voice| {
        filter.as_deref().is_none_or(|f| {
            v.voice_id.to_lowercase().contains(f)
                || v.voice_name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains(f))
                || v.description.iter().any(|d| d.to_lowercase().contains(f))
        })
    };
    let limit = args.limit.map_or(usize::MAX, |n| n as usize);
    Ok([
        ("system", &list.system_voice),
        ("cloning", &list.voice_cloning),
        ("generation", &list.voice_generation),
    ]
    .into_iter()
    .flat_map(|(kind, vs)| vs.iter().map(move |v| (kind, v)))
    .filter(|(_, v)| matches(v))
    .take(limit)
    .map(|(kind, v)| Row {
        kind: kind.to_string(),
        voice_id: v.voice_id.clone(),
        name: v.voice_name.clone(),
        description: v.description.clone(),
        created_time: v.created_time.clone(),
        language: Some(crate::engine::minimax::voices::language(&v.voice_id))
            .filter(|l| !l.is_empty())
            .map(str::to_string),
    })
    .collect())
}

/// Fish's public voice models (most used first, `--filter` matched against titles by the
/// server), or the key owner's own with `--self`; `--limit` of them. Also returns the
/// number that matched in all when more were not shown.
async fn fish_rows(
    args: &VoiceFilter,
    resolved: &Resolved,
) -> Result<(Vec<Row>, Option<u64>), CliError> {
    if args.voice_type != VoiceType::All {
        return Err(CliError::usage("--type is for MiniMax's voices")
            .with_hint("with Fish Audio, use --self for your own voice models"));
    }
    let client = resolved.fish_http().map_err(CliError::from)?;
    let limit = args.limit.map_or(DEFAULT_FISH_LIMIT, |n| n as usize);
    let query = VoiceQuery {
        own: args.own,
        title: args.filter.as_deref(),
        limit,
    };
    let page = client.list_models(&query).await.map_err(CliError::from)?;
    let more = page.total.filter(|&t| t > page.voices.len() as u64);
    let rows = page
        .voices
        .into_iter()
        .map(|v| Row {
            kind: if args.own {
                "own".to_string()
            } else {
                v.visibility.clone().unwrap_or_else(|| "public".into())
            },
            voice_id: v.id,
            name: v.title,
            description: v
                .description
                .into_iter()
                .chain(v.author.and_then(|a| a.nickname).map(|n| format!("by {n}")))
                .filter(|d| !d.trim().is_empty())
                .collect(),
            created_time: v.created_at,
            language: v.languages.filter(|l| !l.is_empty()).map(|l| l.join(",")),
        })
        .collect();
    Ok((rows, more))
}

/// Fish's catalogue holds many thousands of public voices: show the most used.
const DEFAULT_FISH_LIMIT: usize = 100;
