//! Where agents and apps reach the engine: OpenAI's speech endpoint over HTTP
//! ([`openai`]) and an MCP server over stdio ([`mcp`]), thin adapters over one request
//! path ([`speech`]) with the cache, pacer and retries the commands use.

pub mod guard;
pub mod mcp;
pub mod openai;
pub mod outdir;
pub mod speech;
pub mod stdio;
