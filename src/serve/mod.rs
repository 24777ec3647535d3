//! Where agents and apps reach the engine: OpenAI's speech endpoint over HTTP
//! ([`openai`]) and an MCP server over stdio ([`mcp`]), thin adapters over one request
//! path ([`speech`]) with the cache, pacer and retries the commands use.

#[cfg(feature = "serve")]
pub mod body;
#[cfg(feature = "serve")]
pub mod guard;
#[cfg(feature = "mcp")]
pub mod mcp;
#[cfg(feature = "serve")]
pub mod openai;
#[cfg(feature = "mcp")]
pub mod outdir;
pub mod speech;
#[cfg(feature = "serve")]
pub mod speech_request;
#[cfg(feature = "mcp")]
pub mod stdio;
