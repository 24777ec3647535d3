//! Fish Audio's HTTP endpoints (<https://docs.fish.audio/api-reference>): one client with
//! the key, the timeout, the proxy and the retry policy, and one way to make a call and
//! judge its reply (the HTTP status decides; a JSON body adds Fish's words).

use std::time::Duration;

use reqwest::{Client, Method, RequestBuilder};
use serde::de::DeserializeOwned;

use super::status;
use crate::engine::error::EngineError;
use crate::engine::net::{Endpoint, ProxySettings, http_client};
use crate::engine::retry::{Retrier, RetryPolicy};

pub struct FishHttp {
    client: Client,
    endpoint: Endpoint,
    api_key: String,
    pub policy: RetryPolicy,
    timeout: Duration,
    proxy: ProxySettings,
}

/// Whether a call may be sent again after its reply was lost on the way: not for one
/// that creates (or bills) something, which may have happened.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Resend {
    Safe,
    OnlyUnsent,
}

impl FishHttp {
    pub fn new(
        endpoint: &Endpoint,
        api_key: &str,
        policy: RetryPolicy,
        timeout: Duration,
        proxy: &ProxySettings,
    ) -> Result<FishHttp, EngineError> {
        let client = http_client(timeout, proxy)
            .map_err(|e| status::connect_failed(&endpoint.http_url(""), e))?;
        Ok(FishHttp {
            client,
            endpoint: endpoint.clone(),
            api_key: api_key.to_string(),
            policy,
            timeout,
            proxy: proxy.clone(),
        })
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.endpoint.http_url(path))
            .bearer_auth(&self.api_key)
    }

    /// Sends what `build` makes and parses the JSON reply (an empty body reads as
    /// `null`), retrying what is worth retrying.
    pub async fn call<T: DeserializeOwned>(
        &self,
        what: &str,
        resend: Resend,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T, EngineError> {
        let url = self.endpoint.http_url("");
        let mut retrier = Retrier::new(self.policy);
        loop {
            let result = self
                .once(what, build())
                .await
                .map_err(|e| crate::engine::proxy::blame(&self.proxy, &url, e));
            match result {
                Ok(value) => return Ok(value),
                Err(e) if resend == Resend::OnlyUnsent && e.status.is_none() && !e.unsent => {
                    return Err(e.fatal());
                }
                Err(e) => retrier.after(e, what).await?,
            }
        }
    }

    async fn once<T: DeserializeOwned>(
        &self,
        what: &str,
        request: RequestBuilder,
    ) -> Result<T, EngineError> {
        let url = self.endpoint.http_url("");
        let response = tokio::time::timeout(self.timeout, request.send())
            .await
            .map_err(|_| status::timed_out(what, self.timeout))?
            .map_err(|e| {
                if e.is_connect() {
                    status::connect_failed(&url, e)
                } else {
                    status::dropped(e)
                }
            })?;
        let code = response.status().as_u16();
        crate::report::debug(
            "http",
            format_args!("{} -> HTTP {code}", response.url().path()),
        );
        // Kept only for a refusal's `Retry-After`; the body takes the response.
        let refusal_headers = (!(200..300).contains(&code)).then(|| response.headers().clone());
        let body = response.text().await.map_err(status::dropped)?;
        if let Some(headers) = refusal_headers {
            return Err(status::http_refusal(code, &body).with_retry_after(&headers));
        }
        let body = if body.trim().is_empty() {
            "null"
        } else {
            &body
        };
        serde_json::from_str(body)
            .map_err(|e| status::malformed(format!("the {what} reply is unexpected ({e})")))
    }
}
