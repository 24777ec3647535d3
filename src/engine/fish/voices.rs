//! Fish Audio's voice models: `GET /model` (https://docs.fish.audio/api-reference/endpoint/model/list-models),
//! paginated, parsed leniently (any field may be missing).

use std::time::Duration;

use reqwest::Client;
use serde::Deserialize;
use serde_json::Value;

use super::status;
use crate::engine::error::EngineError;
use crate::engine::net::{Endpoint, ProxySettings};
use crate::engine::retry::{RetryPolicy, retry};

/// Models asked for per page.
const PAGE_SIZE: usize = 100;

/// One voice model; `id` is what `--voice` (the `reference_id`) takes.
#[derive(Deserialize, Debug, Clone, Default)]
#[serde(default)]
pub struct FishVoice {
    #[serde(rename = "_id")]
    pub id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub languages: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    /// `public`, `unlist` or `private`.
    pub visibility: Option<String>,
    pub created_at: Option<String>,
    pub author: Option<Author>,
}

#[derive(Deserialize, Debug, Clone, Default)]
#[serde(default)]
pub struct Author {
    pub nickname: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Page {
    total: Option<u64>,
    items: Vec<Value>,
}

/// What to list.
pub struct VoiceQuery<'a> {
    /// Only the key owner's own models.
    pub own: bool,
    /// Title substring (matched by the server).
    pub title: Option<&'a str>,
    /// Stop after this many.
    pub limit: usize,
}

/// Voices found, and how many matched in all.
pub struct VoicePage {
    pub voices: Vec<FishVoice>,
    pub total: Option<u64>,
}

pub async fn list(
    client: &Client,
    endpoint: &Endpoint,
    api_key: &str,
    policy: RetryPolicy,
    timeout: Duration,
    proxy: &ProxySettings,
    query: &VoiceQuery<'_>,
) -> Result<VoicePage, EngineError> {
    let url = endpoint.http_url("/model");
    list_pages(client, &url, api_key, policy, timeout, query)
        .await
        .map_err(|e| crate::engine::proxy::blame(proxy, &url, e))
}

async fn list_pages(
    client: &Client,
    url: &str,
    api_key: &str,
    policy: RetryPolicy,
    timeout: Duration,
    query: &VoiceQuery<'_>,
) -> Result<VoicePage, EngineError> {
    let mut voices = Vec::new();
    let mut total = None;
    for page_number in 1.. {
        let mut params: Vec<(&str, String)> = vec![
            ("page_size", PAGE_SIZE.to_string()),
            ("page_number", page_number.to_string()),
        ];
        if query.own {
            params.push(("self", "true".into()));
        } else {
            params.push(("sort_by", "task_count".into()));
        }
        if let Some(title) = query.title {
            params.push(("title", title.to_string()));
        }
        let page: Page = retry(policy, "listing voices", async || {
            let response = tokio::time::timeout(
                timeout,
                client.get(url).bearer_auth(api_key).query(&params).send(),
            )
            .await
            .map_err(|_| status::timed_out("the voice list", timeout))?
            .map_err(|e| status::connect_failed(url, e))?;
            let code = response.status().as_u16();
            crate::report::debug(
                "http",
                format_args!("GET /model page {page_number} -> HTTP {code}"),
            );
            let body = response.text().await.map_err(status::dropped)?;
            if !(200..300).contains(&code) {
                return Err(status::http_refusal(code, &body));
            }
            serde_json::from_str(&body)
                .map_err(|e| status::malformed(format!("the voice list is not JSON ({e})")))
        })
        .await?;
        total = page.total.or(total);
        let received = page.items.len();
        voices.extend(
            page.items
                .into_iter()
                .filter_map(|item| serde_json::from_value::<FishVoice>(item).ok())
                .filter(|v| !v.id.is_empty()),
        );
        let all_seen = total.is_some_and(|t| (page_number * PAGE_SIZE) as u64 >= t);
        if received == 0 || all_seen || voices.len() >= query.limit {
            break;
        }
    }
    voices.truncate(query.limit);
    Ok(VoicePage { voices, total })
}
