//! The command line: the one source of `--help`, the completions and the man pages.

// These doc comments are `--help` text (clap reads them), written for a terminal, not
// for rustdoc: `[default: <dir>]` and `[user:pass@]` are what the help shows.
#![allow(rustdoc::invalid_html_tags, rustdoc::broken_intra_doc_links)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::voices::VoiceType;

use crate::options::{
    AccessOptions, CacheOptions, FinishOptions, Options, PlaybackOptions, ProductionOptions,
    RunOptions, VoiceOptions,
};
use crate::settings::CommandLine;
use crate::spec::SubtitleType;

#[derive(Parser, Debug)]
#[command(
    name = "minimax-tts",
    version,
    about = "Text to speech with MiniMax's speech API (and Fish Audio's)",
    long_about = "Text to speech with MiniMax's speech API (and Fish Audio's live API).\n\n\
        Reads text from arguments, files or a pipe, plays it as it arrives and writes the audio to a \
        file or stdout. The API key is read from --api-key-file, MINIMAX_API_KEY (FISH_API_KEY with \
        --provider fish), or the config file (~/.config/minimax-tts/config.toml on Linux).",
    after_help = "Exit codes: 0 ok, 1 failure, 2 usage, 3 API refusal (auth, quota, content), \
        4 network or retries exhausted, 5 no audio device, 6 job not ready; interrupted runs \
        die by the signal (130 after Ctrl-C).",
    propagate_version = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    #[command(flatten)]
    pub run: RunOptions,

    #[command(flatten)]
    pub access: AccessOptions,

    /// Connect directly, ignoring --proxy, the environment's and the config file's proxies
    #[arg(long, global = true, conflicts_with = "proxy")]
    pub no_proxy: bool,

    /// Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Config file [default: <config dir>/minimax-tts/config.toml]
    #[arg(long, global = true, value_name = "PATH", env = "MINIMAX_TTS_CONFIG")]
    pub config: Option<PathBuf>,

    /// Log protocol events to stderr (never the API key)
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Print nothing on success
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

impl GlobalArgs {
    /// The settings the command line gives (everything but the command's own).
    pub fn settings(&self) -> CommandLine {
        CommandLine {
            run: self.run.clone(),
            access: self.access.clone(),
            no_proxy: self.no_proxy,
            profile: self.profile.clone(),
            config: self.config.clone(),
        }
    }
}

fn batch_help() -> String {
    // A row's own keys (but the id and the text, said first), then every option's.
    let keys: Vec<&str> = crate::batch::row_keys::ROW_KEYS
        .iter()
        .copied()
        .filter(|k| !["id", "text", "text_file"].contains(k))
        .chain(VoiceOptions::KEYS.iter().copied())
        .chain(FinishOptions::KEYS.iter().copied())
        .collect();
    format!(
        "Rows: JSON Lines or CSV with id and text (or text_file), and any of {}. A row's value \
        wins over the flag, which wins over the environment and the config file.\n\
        Exit code: 0 when every row succeeded, else the most severe among the failed rows: \
        2 (a problem in the row), then 3 (refused), then 1 (local failure), then 4 (network, \
        retries exhausted).\n\
        Examples:\n  minimax-tts batch lines.jsonl --out-dir audio/\n  \
        minimax-tts batch dialogue.csv --out-dir audio --name '{{id}}.{{ext}}' --jobs 8 --shard 2/4\n  \
        minimax-tts batch lines.jsonl --dry-run --json",
        keys.join(", ")
    )
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Speak text: play it as it arrives, and/or write the audio to a file or stdout
    #[command(after_help = "Examples:\n  minimax-tts speak \"Hello there\"\n  \
            minimax-tts speak \"Hello there\" -o hello.mp3\n  \
            minimax-tts speak -f chapter.txt -o chapter.wav\n  \
            echo \"Hello\" | minimax-tts speak -o - > hello.mp3")]
    Speak(Box<SpeakArgs>),

    /// Speak text as it arrives on stdin (or a file or FIFO), sentence by sentence
    #[command(
        after_help = "Examples:\n  llm \"tell me a story\" | minimax-tts stream\n  \
            tail -f captions.txt | minimax-tts stream --echo\n  \
            minimax-tts stream -f /tmp/tts.fifo -o session.mp3"
    )]
    Stream(Box<StreamArgs>),

    /// Submit long text (books, scripts) as an asynchronous job; `fetch` collects it
    #[command(
        name = "async-submit",
        after_help = "Examples:\n  minimax-tts async-submit -f book.txt -o book.mp3\n  \
            minimax-tts async-submit -f book.txt --wait -o book.mp3 --subtitles book.srt"
    )]
    AsyncSubmit(Box<AsyncSubmitArgs>),

    /// Collect the audio of an async job (default: the most recent one)
    #[command(
        after_help = "Exit code 6 means the job is still processing: run again later, or use --wait.\n\
            Examples:\n  minimax-tts fetch\n  minimax-tts fetch 95157322514444 -o book.mp3 --subtitles book.vtt\n  \
            minimax-tts fetch --all --wait\n  minimax-tts fetch --list"
    )]
    Fetch(FetchArgs),

    /// Synthesize a manifest of lines into files: cached, concurrent, shardable
    #[command(after_help = batch_help())]
    Batch(Box<BatchArgs>),

    /// Render a dialogue script (speakers, chapters, paragraphs) into one finished file
    #[command(
        after_help = "A script is plain text:\n  +++\n  [speakers.NARRATOR]\n  voice = \"English_expressive_narrator\"\n  \
        [speakers.ALICE]\n  provider = \"fish\"\n  voice = \"<a Fish model id>\"\n  +++\n  # Chapter one\n  \
        NARRATOR: It was late when the phone rang.\n  ALICE: Who is this?\n\n\
        Speakers take any manifest key (voice, provider, model, speed, …) and may also come from [speakers.NAME] \
        in the config file. `# Title` starts a chapter, a blank line is a paragraph pause, any other line continues \
        the speaker's text. Lines are cached like batch rows: an edited line is billed again, the rest comes from the cache.\n\
        Examples:\n  minimax-tts script play.txt -o play.mp3 --chapters play.chapters.json --subtitles play.srt\n  \
        minimax-tts script book.txt -o book.flac --gap 300ms --paragraph-gap 1s --jobs 8"
    )]
    Script(Box<ScriptArgs>),

    /// Serve OpenAI's speech API (POST /v1/audio/speech) to apps on this machine, streamed, cached and retried
    #[cfg(feature = "serve")]
    #[command(
        after_help = "Apps built for OpenAI's speech API point their base URL here (http://127.0.0.1:8080/v1). \
        OpenAI's voice names map to MiniMax voices unless a [speakers.NAME] of the config file says otherwise; \
        a model \"minimax/MODEL\" or \"fish/MODEL\" picks the provider. An identical request is answered \
        from the batch cache, free.\n\
        Examples:\n  minimax-tts serve\n  minimax-tts serve --listen 127.0.0.1:0\n  \
        MINIMAX_TTS_SERVE_TOKEN=secret minimax-tts serve --listen 0.0.0.0:8080"
    )]
    Serve(ServeArgs),

    /// Run an MCP server on stdio for agents (Claude Code, Cursor, …): tools speak, stop and voices
    #[cfg(feature = "mcp")]
    #[command(
        after_help = "MCP clients launch it themselves: {\"command\": \"minimax-tts\", \"args\": [\"mcp\"]}.\n\
        Stdout carries the protocol; diagnostics go to stderr."
    )]
    Mcp(McpArgs),

    /// Show or prune the audio cache that `batch` keeps
    Cache(CacheArgs),

    /// List the voices this API key can use; clone, design, create, show and delete your own
    #[command(after_help = "Examples:\n  minimax-tts voices --type cloned\n  \
            minimax-tts voices clone anna.wav --voice-id narrator-anna-01 --preview \"Hello.\"\n  \
            minimax-tts voices design \"a calm narrator\" --preview \"Welcome back.\"\n  \
            minimax-tts voices delete narrator-anna-01\n  \
            minimax-tts --provider fish voices --self")]
    Voices(VoicesArgs),

    /// List the audio output devices (the default one is marked with *)
    Devices,

    /// The config file: where it is, a starter file, the settings in effect
    Config(ConfigArgs),

    /// Check what works before spending anything: key, region, proxy, audio device
    Check {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },

    /// Print the completion script for SHELL on stdout (e.g. `minimax-tts completions bash > ~/.local/share/bash-completion/completions/minimax-tts`)
    Completions {
        /// bash, zsh, fish, powershell or elvish
        shell: clap_complete::Shell,
    },

    /// Print the man page on stdout, of the tool or of one command (e.g. `minimax-tts man batch | man -l -`)
    Man {
        /// A command (speak, batch, …); none: the tool's page
        command: Option<String>,
    },

    /// Write shell completions and man pages (for packagers and the repository)
    #[command(hide = true)]
    GenerateAssets {
        /// Directory that receives completions/ and man/
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct SpeakArgs {
    /// Text to speak (several words are joined with spaces); omit to read -f or stdin
    #[arg(value_name = "TEXT", conflicts_with = "file")]
    pub text: Vec<String>,

    /// Read the text from FILE ('-' = stdin)
    #[arg(short, long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Also write the audio to FILE ('-' = stdout); the format follows the extension
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub playback: PlaybackOptions,

    /// Print one JSON result object on stdout
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub cache: CacheOptions,

    /// Do not keep finished segments of a long text (an interrupted run then starts over)
    #[arg(long)]
    pub no_cache: bool,

    #[command(flatten)]
    pub synthesis: SynthesisArgs,
}

#[derive(Args, Debug)]
pub struct StreamArgs {
    /// Read the text from FILE (a FIFO works) instead of stdin
    #[arg(short, long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Also write the whole speech to FILE ('-' = stdout, as it arrives)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Speak a pending fragment after this many milliseconds without new input [default: 800]
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..=600_000))]
    pub flush_after: Option<u64>,

    /// Print each segment's text when its audio starts playing (live captions); to stderr when stdout carries audio or JSON
    #[arg(long)]
    pub echo: bool,

    /// Print NDJSON: one event per segment, then a summary
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub playback: PlaybackOptions,

    #[command(flatten)]
    pub synthesis: SynthesisArgs,
}

/// What `speak` and `stream` synthesize, and how.
#[derive(Args, Debug, Clone, Default)]
pub struct SynthesisArgs {
    /// Also write timed subtitles to FILE: .srt, .vtt or .json (by the extension)
    #[arg(long, value_name = "FILE")]
    pub subtitles: Option<PathBuf>,

    /// Subtitle timing: sentence, or word (word timings go into the .json output) [default: sentence]
    #[arg(long, value_enum, requires = "subtitles")]
    pub subtitle_type: Option<SubtitleType>,

    #[command(flatten)]
    pub voice: VoiceOptions,

    #[command(flatten)]
    pub references: ReferenceArgs,

    #[command(flatten)]
    pub finish: FinishOptions,
}

/// Fish's instant cloning: samples of a voice sent with the request, in pairs.
#[derive(Args, Debug, Clone, Default)]
pub struct ReferenceArgs {
    /// Fish: clone the voice of this recording for this run (repeatable; each with a --reference-text; replaces --voice)
    #[arg(
        long,
        value_name = "FILE",
        requires = "reference_text",
        conflicts_with = "voice",
        help_heading = "Fish Audio"
    )]
    pub reference_audio: Vec<PathBuf>,

    /// Fish: what the --reference-audio at the same position says
    #[arg(
        long,
        value_name = "TEXT",
        requires = "reference_audio",
        help_heading = "Fish Audio"
    )]
    pub reference_text: Vec<String>,
}

#[derive(Args, Debug)]
pub struct BatchArgs {
    /// The manifest: .jsonl or .csv ('-' = stdin, with --manifest-format)
    #[arg(value_name = "MANIFEST")]
    pub manifest: PathBuf,

    /// The manifest's format [default: from the extension]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub manifest_format: Option<crate::batch::manifest::ManifestFormat>,

    /// Columns (or JSON keys) to ignore, e.g. notes,speaker
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub ignore_columns: Vec<String>,

    /// Where the files go [default: .; with --join: a private directory, removed at the end]
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// File name template: {id}, {ext}, {provider}, {row}; without {ext}, the name's extension sets the format
    #[arg(long, value_name = "TEMPLATE", default_value = "{id}.{ext}")]
    pub name: crate::batch::template::Template,

    #[command(flatten)]
    pub render: RenderArgs,

    /// Join the rows, in manifest order, into this one file (.mp3, .flac, .wav or .pcm): chapters, gaps and one clock for subtitles
    #[arg(long, value_name = "FILE", help_heading = "Production")]
    pub join: Option<PathBuf>,

    #[command(flatten)]
    pub production: ProductionOptions,

    #[command(flatten)]
    pub voice: VoiceOptions,

    #[command(flatten)]
    pub references: ReferenceArgs,

    /// Each row's file (with --join: the joined file; a row's own keys finish its row)
    #[command(flatten)]
    pub finish: FinishOptions,
}

/// How the rows of a batch (the lines of a script) are rendered.
#[derive(Args, Debug, Clone, Default)]
pub struct RenderArgs {
    /// Rows synthesized at once
    #[arg(long, short = 'j', value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub jobs: u32,

    /// At most N requests per minute (over all jobs); without it the service's limit is
    /// learned from its refusals
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rpm: Option<u32>,

    /// Only the K-th of N deterministic slices of the rows (by a hash of the id), e.g. 2/4; in a production, the slice is rendered into the cache and not joined
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::batch::template::Shard>,

    #[command(flatten)]
    pub cache: CacheOptions,

    /// Neither read nor fill the cache
    #[arg(long, conflicts_with = "force")]
    pub no_cache: bool,

    /// Synthesize every row again, even when cached (the cache is refreshed)
    #[arg(long)]
    pub force: bool,

    /// Make no request: show what would be synthesized, cached, billed and written
    #[arg(long)]
    pub dry_run: bool,

    /// Stop at the first failed row
    #[arg(long)]
    pub fail_fast: bool,

    /// Also write the per-row results (and a production's timeline) as JSON to FILE
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Print NDJSON: one event per row (and the join), then a summary
    #[arg(long)]
    pub json: bool,

    /// Also write a review page (self-contained HTML) that plays every row, with its text, loudness, status and waveform
    #[arg(long, value_name = "FILE.html")]
    pub review: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ScriptArgs {
    /// The script ('-' = stdin)
    #[arg(value_name = "SCRIPT")]
    pub script: PathBuf,

    /// The finished file: .mp3, .flac, .wav or .pcm
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    /// Silence at a blank line [default: twice --gap, at least 750ms]
    #[arg(long, value_name = "DURATION", value_parser = crate::spec::parse_pause_ms, help_heading = "Production")]
    pub paragraph_gap: Option<u64>,

    #[command(flatten)]
    pub production: ProductionOptions,

    /// Also keep each line's own file in DIR
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    #[command(flatten)]
    pub render: RenderArgs,

    /// Defaults for every speaker (a speaker's own settings win)
    #[command(flatten)]
    pub voice: VoiceOptions,

    /// The finished file
    #[command(flatten)]
    pub finish: FinishOptions,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free one); beyond loopback only with a token
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,

    /// Requests must send this as their API key (Authorization: Bearer TOKEN); prefer
    /// the environment variable, as a flag's value is visible to other users in `ps`
    #[arg(
        long,
        value_name = "TOKEN",
        env = "MINIMAX_TTS_SERVE_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,

    /// Also accept requests whose Host header is NAME (a reverse proxy's name, with or
    /// without its port); by default only this server's address and localhost are
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,

    /// Upstream sessions at once (over all requests)
    #[arg(long, short = 'j', value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub jobs: u32,

    /// At most N upstream requests per minute (over all requests); without it the
    /// service's limit is learned from its refusals
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rpm: Option<u32>,

    #[command(flatten)]
    pub cache: CacheOptions,

    /// Neither read nor fill the cache
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Args, Debug)]
pub struct McpArgs {
    /// The directory `speak` writes its outputs in (made if missing); names an agent
    /// gives are relative to it and cannot leave it [default: the user's data directory,
    /// e.g. ~/.local/share/minimax-tts/audio]
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// The longest text one `speak` call may bill, in characters
    #[arg(long, value_name = "N", default_value_t = crate::spec::MAX_INPUT_CHARS, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub max_chars: usize,

    #[command(flatten)]
    pub playback: PlaybackOptions,

    #[command(flatten)]
    pub cache: CacheOptions,

    /// Neither read nor fill the cache
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Args, Debug)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Subcommand, Debug)]
pub enum ConfigAction {
    /// Print where the config file is (and say whether it exists)
    Path,
    /// Write a commented starter config file (never over an existing one)
    Init,
    /// Show the settings in effect and where each came from (keys are never shown)
    Show {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct CacheArgs {
    #[command(subcommand)]
    pub action: CacheAction,

    #[command(flatten)]
    pub cache: CacheOptions,
}

#[derive(Subcommand, Debug)]
pub enum CacheAction {
    /// Print the cache directory
    Path,
    /// Print how many entries and bytes the cache holds
    Size {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Remove entries not used for AGE (e.g. 30d, 12h, 2w)
    Prune {
        #[arg(long, value_name = "AGE", value_parser = crate::spec::parse_duration)]
        older_than: std::time::Duration,
    },
}

#[derive(Args, Debug)]
pub struct AsyncSubmitArgs {
    /// Text to speak; omit to read -f or stdin
    #[arg(value_name = "TEXT", conflicts_with = "file")]
    pub text: Vec<String>,

    /// Read the text from FILE ('-' = stdin)
    #[arg(short, long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Where `fetch` writes the audio [default: TASK_ID.EXT]; the format follows the extension
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Send the text as an uploaded file even when it is short enough to send inline
    #[arg(long)]
    pub upload: bool,

    /// Wait for the job and fetch it (as `fetch --wait`)
    #[arg(long)]
    pub wait: bool,

    /// With --wait: also write subtitles (.srt, .vtt or .json)
    #[arg(long, value_name = "FILE", requires = "wait")]
    pub subtitles: Option<PathBuf>,

    /// Print one JSON object on stdout
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub voice: VoiceOptions,

    /// With --wait: the audio written
    #[command(flatten)]
    pub finish: FinishOptions,
}

#[derive(Args, Debug, Default)]
pub struct FetchArgs {
    /// The job's task id [default: the most recent job submitted from this machine]
    #[arg(value_name = "TASK_ID", conflicts_with_all = ["all", "list"])]
    pub task_id: Option<u64>,

    /// Write the audio to FILE [default: the -o given at submit time, else TASK_ID.EXT]
    #[arg(short, long, value_name = "FILE", conflicts_with_all = ["all", "list"])]
    pub output: Option<PathBuf>,

    /// Also write the subtitles: .srt, .vtt or .json
    #[arg(long, value_name = "FILE", conflicts_with_all = ["all", "list"])]
    pub subtitles: Option<PathBuf>,

    /// Keep the raw tar archive too [default path: TASK_ID.tar]
    #[arg(long, value_name = "PATH", num_args = 0..=1, conflicts_with = "list")]
    pub keep_archive: Option<Option<PathBuf>>,

    /// Wait (polling within MiniMax's rate limit) until the job is done
    #[arg(long, conflicts_with = "list")]
    pub wait: bool,

    /// Fetch every pending job in the registry
    #[arg(long)]
    pub all: bool,

    /// Show the registry: status, age, time left before expiry
    #[arg(long)]
    pub list: bool,

    /// Print JSON on stdout
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub finish: FinishOptions,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct VoicesArgs {
    #[command(subcommand)]
    pub action: Option<VoicesAction>,

    #[command(flatten)]
    pub list: VoiceListArgs,
}

/// `voices` without a subcommand: the list.
#[derive(Args, Debug, Default)]
pub struct VoiceListArgs {
    /// Which voices (MiniMax)
    #[arg(long = "type", value_enum, default_value = "all")]
    pub voice_type: VoiceType,

    /// Only voices whose id, name or description contains TEXT (any case); Fish matches titles
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,

    /// Fish: only your own voice models (otherwise public ones, most used first)
    #[arg(long = "self")]
    pub own: bool,

    /// Show at most N voices [default: all for MiniMax, 100 for Fish]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,

    /// Print JSON on stdout
    #[arg(long)]
    pub json: bool,
}

impl VoiceListArgs {
    /// The listing these flags ask for.
    pub fn query(&self) -> crate::voices::VoiceFilter {
        crate::voices::VoiceFilter {
            voice_type: self.voice_type,
            filter: self.filter.clone(),
            own: self.own,
            limit: self.limit,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum VoicesAction {
    /// MiniMax: clone a voice from a recording of 10 s to 5 min
    #[command(
        after_help = "A cloned voice is temporary: MiniMax deletes it unless it is used in a real \
        synthesis (speak, stream, batch) within 7 days; a preview does not count. Cloning is billed \
        at the voice's first use.\n\
        Examples:\n  minimax-tts voices clone anna.wav --voice-id narrator-anna-01\n  \
        minimax-tts voices clone anna.mp3 --voice-id narrator-anna-01 --preview \"Hello there.\" -o preview.mp3\n  \
        minimax-tts voices clone anna.wav --voice-id narrator-anna-02 --prompt-audio line.wav --prompt-text \"Good morning.\""
    )]
    Clone(Box<CloneArgs>),

    /// Design a voice from a description (MiniMax: a new voice; Fish: candidates to keep with `voices create`)
    #[command(
        after_help = "Examples:\n  minimax-tts voices design \"a warm, calm narrator with a slight British accent\" --preview \"Welcome back.\" -o trial.mp3\n  \
        minimax-tts --provider fish voices design \"an old sea captain, gravelly\" --preview \"Ahoy.\" --candidates 3 --out-dir trials\n  \
        minimax-tts --provider fish voices create --title Captain trials/trial-2.wav --text \"Ahoy.\""
    )]
    Design(Box<DesignArgs>),

    /// Fish: create a persistent voice model from samples (private unless you say otherwise)
    #[command(
        after_help = "Examples:\n  minimax-tts --provider fish voices create --title Anna anna-1.wav anna-2.wav\n  \
        minimax-tts --provider fish voices create --title Anna anna.wav --text \"What anna.wav says.\" --visibility unlist"
    )]
    Create(Box<CreateArgs>),

    /// Show one voice (MiniMax: from the voice list; Fish: the model)
    Show(ShowArgs),

    /// Delete voices you made (asks first on a terminal; --yes in scripts)
    #[command(
        after_help = "Examples:\n  minimax-tts voices delete narrator-anna-01\n  \
        minimax-tts voices delete narrator-anna-01 narrator-anna-02 --yes\n  \
        minimax-tts --provider fish voices delete 802e3bc2b27e49c2995d23ef70e6ac89 --yes"
    )]
    Delete(DeleteArgs),
}

/// Where a preview goes: played, and/or written like `speak`'s audio.
#[derive(Args, Debug, Default)]
pub struct PreviewOutput {
    /// Also write the preview audio to FILE ('-' = stdout)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub playback: PlaybackOptions,
}

#[derive(Args, Debug)]
pub struct CloneArgs {
    /// The recording: MP3, M4A or WAV, 10 s to 5 min, at most 20 MB
    #[arg(value_name = "SAMPLE")]
    pub sample: PathBuf,

    /// The new voice's id: 8 to 256 letters, digits, - or _, starting with a letter
    #[arg(long, value_name = "ID")]
    pub voice_id: String,

    /// A short clip (under 8 s) of the same speaker, to guide the clone
    #[arg(long, value_name = "CLIP", requires = "prompt_text")]
    pub prompt_audio: Option<PathBuf>,

    /// What the --prompt-audio clip says, exactly
    #[arg(long, value_name = "TEXT", requires = "prompt_audio")]
    pub prompt_text: Option<String>,

    /// Speak TEXT with the new voice (played, and saved with -o); does not count as use
    #[arg(long, value_name = "TEXT")]
    pub preview: Option<String>,

    /// The model the preview is spoken with [default: speech-2.8-hd]
    #[arg(short, long, value_name = "MODEL", requires = "preview")]
    pub model: Option<String>,

    /// Language hint for the clone and its preview: auto, English, Chinese, "Chinese,Yue", …
    #[arg(long, value_name = "LANGUAGE")]
    pub language_boost: Option<crate::spec::Language>,

    /// Have MiniMax reduce the sample's background noise
    #[arg(long)]
    pub noise_reduction: bool,

    /// Have MiniMax even out the sample's volume
    #[arg(long)]
    pub normalize_volume: bool,

    /// How closely the sample must match MiniMax's own transcript of it, 0 to 1 (lower accepts more)
    #[arg(long, value_name = "A")]
    pub accuracy: Option<crate::spec::Unit>,

    #[command(flatten)]
    pub preview_output: PreviewOutput,

    /// Print one JSON object on stdout
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct DesignArgs {
    /// What the voice sounds like, e.g. "a warm, calm narrator with a slight British accent"
    #[arg(value_name = "DESCRIPTION")]
    pub description: String,

    /// The line the trial audio speaks (MiniMax: required, up to 500 characters; Fish: up to 300)
    #[arg(long, value_name = "TEXT")]
    pub preview: Option<String>,

    /// MiniMax: the new voice's id [default: chosen by MiniMax]
    #[arg(long, value_name = "ID")]
    pub voice_id: Option<String>,

    /// Fish: how many candidates, 1 to 4 [default: 2]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4))]
    pub candidates: Option<u32>,

    /// Fish: a seed, for candidates that can be made again
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Fish: where the candidates are saved (trial-1.wav, …) [default: .]
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub out_dir: Option<PathBuf>,

    #[command(flatten)]
    pub preview_output: PreviewOutput,

    /// Print one JSON object on stdout
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// The model's name
    #[arg(long, value_name = "TITLE")]
    pub title: String,

    /// Recordings of the voice (at least 10 s each; 30 to 45 s works well)
    #[arg(value_name = "SAMPLE", required = true)]
    pub samples: Vec<PathBuf>,

    /// What each sample says, in the samples' order (repeatable; all or none) [default: transcribed by Fish]
    #[arg(long, value_name = "TEXT")]
    pub text: Vec<String>,

    /// A description shown with the model
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// Who can find and use it: private (you), unlist (anyone with the id), public (listed; needs --cover-image)
    #[arg(long, value_enum, default_value = "private")]
    pub visibility: crate::engine::fish::voices::Visibility,

    /// A cover image (required for a public model)
    #[arg(long, value_name = "IMAGE")]
    pub cover_image: Option<PathBuf>,

    /// Send the samples as they are (Fish otherwise cleans them up)
    #[arg(long)]
    pub no_enhance: bool,

    /// Print one JSON object on stdout
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The voice id (Fish: the model id)
    #[arg(value_name = "ID")]
    pub id: String,

    /// Print JSON on stdout
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct DeleteArgs {
    /// The voices' ids (Fish: model ids)
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,

    /// MiniMax: what the voices are, instead of looking each up
    #[arg(long = "type", value_enum)]
    pub voice_type: Option<crate::engine::minimax::cloning::MadeVoice>,

    /// Delete without asking (required when stdin is not a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Print one JSON object on stdout
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
