# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_minimax_tts_global_optspecs
    string join \n provider= region= transport= proxy= retries= timeout= api-key-file= base-url= no-proxy profile= config= v/verbose q/quiet h/help V/version
end

function __fish_minimax_tts_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_minimax_tts_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_minimax_tts_using_subcommand
    set -l cmd (__fish_minimax_tts_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "speak" -d 'Speak text: play it as it arrives, and/or write the audio to a file or stdout'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "stream" -d 'Speak text as it arrives on stdin (or a file or FIFO), sentence by sentence'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "async-submit" -d 'Submit long text (books, scripts) as an asynchronous job; `fetch` collects it'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "fetch" -d 'Collect the audio of an async job (default: the most recent one)'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "batch" -d 'Synthesize a manifest of lines into files: cached, concurrent, shardable'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "script" -d 'Render a dialogue script (speakers, chapters, paragraphs) into one finished file'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "serve" -d 'Serve OpenAI\'s speech API (POST /v1/audio/speech) to apps on this machine, streamed, cached and retried'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "mcp" -d 'Run an MCP server on stdio for agents (Claude Code, Cursor, …): tools speak, stop and voices'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "cache" -d 'Show or prune the audio cache that `batch` keeps'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "voices" -d 'List the voices this API key can use; clone, design, create, show and delete your own'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "devices" -d 'List the audio output devices (the default one is marked with *)'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "config" -d 'The config file: where it is, a starter file, the settings in effect'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "check" -d 'Check what works before spending anything: key, region, proxy, audio device'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "completions" -d 'Print the completion script for SHELL on stdout (e.g. `minimax-tts completions bash > ~/.local/share/bash-completion/completions/minimax-tts`)'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "man" -d 'Print the man page on stdout, of the tool or of one command (e.g. `minimax-tts man batch | man -l -`)'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "generate-assets" -d 'Write shell completions and man pages (for packagers and the repository)'
complete -c minimax-tts -n "__fish_minimax_tts_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -s f -l file -d 'Read the text from FILE (\'-\' = stdin)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -s o -l output -d 'Also write the audio to FILE (\'-\' = stdout); the format follows the extension' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l play -d 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]' -r -f -a "auto\t'Play when an audio device is available and audio is not going to stdout'
always\t'Always play; fail (exit 5) without an audio device'
never\t'Never play'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l preroll -d 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l device -d 'Audio output device (see `minimax-tts devices`) [default: the system default]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l cache-dir -d 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l subtitles -d 'Also write timed subtitles to FILE: .srt, .vtt or .json (by the extension)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l subtitle-type -d 'Subtitle timing: sentence, or word (word timings go into the .json output) [default: sentence]' -r -f -a "sentence\t'One cue per sentence'
word\t'Sentences plus the timing of each word (in the JSON output)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -s m -l model -d 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l voice -d 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l speed -d 'Speed, 0.5 to 2 [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l vol -d 'Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l pitch -d 'Pitch in semitones, -12 to 12 [default: 0]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l emotion -d 'Emotion [default: chosen by the model]' -r -f -a "happy\t''
sad\t''
angry\t''
fearful\t''
disgusted\t''
surprised\t''
calm\t''
fluent\t''
whisper\t'Not accepted by the speech-2.8 models'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l language-boost -d 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l pronounce -d 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l format -d 'Audio format [default: from the output\'s extension, else mp3]' -r -f -a "mp3\t''
pcm\t'Raw signed 16-bit little-endian samples'
flac\t''
wav\t'PCM in a WAV container'
opus\t'Opus in an Ogg container (Fish Audio; saved, not played)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l sample-rate -d 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l bitrate -d 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l channels -d 'Channels: 1 or 2 [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l effect-pitch -d 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l effect-intensity -d 'Voice effect: intensity, -100 (softer) to 100 (stronger)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l effect-timbre -d 'Voice effect: timbre, -100 (fuller) to 100 (crisper)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l sound-effect -d 'Voice effect: a sound effect (MP3 output only)' -r -f -a "spacious_echo\t''
auditorium_echo\t''
lofi_telephone\t''
robotic\t''"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l latency -d 'Fish: latency mode; lower gives earlier audio [default: balanced]' -r -f -a "low\t'Lowest delay (listed in Fish\'s API spec; least tested)'
normal\t'About 500 ms to first audio, best quality'
balanced\t'About 300 ms to first audio'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l chunk-length -d 'Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l temperature -d 'Fish: sampling temperature, 0 to 1 [default: 0.7]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l top-p -d 'Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l reference-audio -d 'Fish: clone the voice of this recording for this run (repeatable; each with a --reference-text; replaces --voice)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l reference-text -d 'Fish: what the --reference-audio at the same position says' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l loudness -d 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l true-peak -d 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l trim-threshold -d 'With --trim: what counts as silence, in dBFS [default: -50]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l trim-pad -d 'With --trim: the silence kept at each end, in ms [default: 20]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l json -d 'Print one JSON result object on stdout'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l no-cache -d 'Do not keep finished segments of a long text (an interrupted run then starts over)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l english-normalization -d 'Read numbers, dates and units in English text as words'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l no-normalize -d 'Fish: do not normalize numbers and the like before speaking (key: normalize = false)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l trim -d 'Remove silence at the start and the end (MP3: whole frames)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand speak" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -s f -l file -d 'Read the text from FILE (a FIFO works) instead of stdin' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -s o -l output -d 'Also write the whole speech to FILE (\'-\' = stdout, as it arrives)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l flush-after -d 'Speak a pending fragment after this many milliseconds without new input [default: 800]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l play -d 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]' -r -f -a "auto\t'Play when an audio device is available and audio is not going to stdout'
always\t'Always play; fail (exit 5) without an audio device'
never\t'Never play'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l preroll -d 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l device -d 'Audio output device (see `minimax-tts devices`) [default: the system default]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l subtitles -d 'Also write timed subtitles to FILE: .srt, .vtt or .json (by the extension)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l subtitle-type -d 'Subtitle timing: sentence, or word (word timings go into the .json output) [default: sentence]' -r -f -a "sentence\t'One cue per sentence'
word\t'Sentences plus the timing of each word (in the JSON output)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -s m -l model -d 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l voice -d 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l speed -d 'Speed, 0.5 to 2 [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l vol -d 'Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l pitch -d 'Pitch in semitones, -12 to 12 [default: 0]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l emotion -d 'Emotion [default: chosen by the model]' -r -f -a "happy\t''
sad\t''
angry\t''
fearful\t''
disgusted\t''
surprised\t''
calm\t''
fluent\t''
whisper\t'Not accepted by the speech-2.8 models'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l language-boost -d 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l pronounce -d 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l format -d 'Audio format [default: from the output\'s extension, else mp3]' -r -f -a "mp3\t''
pcm\t'Raw signed 16-bit little-endian samples'
flac\t''
wav\t'PCM in a WAV container'
opus\t'Opus in an Ogg container (Fish Audio; saved, not played)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l sample-rate -d 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l bitrate -d 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l channels -d 'Channels: 1 or 2 [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l effect-pitch -d 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l effect-intensity -d 'Voice effect: intensity, -100 (softer) to 100 (stronger)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l effect-timbre -d 'Voice effect: timbre, -100 (fuller) to 100 (crisper)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l sound-effect -d 'Voice effect: a sound effect (MP3 output only)' -r -f -a "spacious_echo\t''
auditorium_echo\t''
lofi_telephone\t''
robotic\t''"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l latency -d 'Fish: latency mode; lower gives earlier audio [default: balanced]' -r -f -a "low\t'Lowest delay (listed in Fish\'s API spec; least tested)'
normal\t'About 500 ms to first audio, best quality'
balanced\t'About 300 ms to first audio'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l chunk-length -d 'Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l temperature -d 'Fish: sampling temperature, 0 to 1 [default: 0.7]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l top-p -d 'Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l reference-audio -d 'Fish: clone the voice of this recording for this run (repeatable; each with a --reference-text; replaces --voice)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l reference-text -d 'Fish: what the --reference-audio at the same position says' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l loudness -d 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l true-peak -d 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l trim-threshold -d 'With --trim: what counts as silence, in dBFS [default: -50]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l trim-pad -d 'With --trim: the silence kept at each end, in ms [default: 20]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l echo -d 'Print each segment\'s text when its audio starts playing (live captions); to stderr when stdout carries audio or JSON'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l json -d 'Print NDJSON: one event per segment, then a summary'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l english-normalization -d 'Read numbers, dates and units in English text as words'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l no-normalize -d 'Fish: do not normalize numbers and the like before speaking (key: normalize = false)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l trim -d 'Remove silence at the start and the end (MP3: whole frames)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand stream" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -s f -l file -d 'Read the text from FILE (\'-\' = stdin)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -s o -l output -d 'Where `fetch` writes the audio [default: TASK_ID.EXT]; the format follows the extension' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l subtitles -d 'With --wait: also write subtitles (.srt, .vtt or .json)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -s m -l model -d 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l voice -d 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l speed -d 'Speed, 0.5 to 2 [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l vol -d 'Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l pitch -d 'Pitch in semitones, -12 to 12 [default: 0]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l emotion -d 'Emotion [default: chosen by the model]' -r -f -a "happy\t''
sad\t''
angry\t''
fearful\t''
disgusted\t''
surprised\t''
calm\t''
fluent\t''
whisper\t'Not accepted by the speech-2.8 models'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l language-boost -d 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l pronounce -d 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l format -d 'Audio format [default: from the output\'s extension, else mp3]' -r -f -a "mp3\t''
pcm\t'Raw signed 16-bit little-endian samples'
flac\t''
wav\t'PCM in a WAV container'
opus\t'Opus in an Ogg container (Fish Audio; saved, not played)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l sample-rate -d 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l bitrate -d 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l channels -d 'Channels: 1 or 2 [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l effect-pitch -d 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l effect-intensity -d 'Voice effect: intensity, -100 (softer) to 100 (stronger)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l effect-timbre -d 'Voice effect: timbre, -100 (fuller) to 100 (crisper)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l sound-effect -d 'Voice effect: a sound effect (MP3 output only)' -r -f -a "spacious_echo\t''
auditorium_echo\t''
lofi_telephone\t''
robotic\t''"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l latency -d 'Fish: latency mode; lower gives earlier audio [default: balanced]' -r -f -a "low\t'Lowest delay (listed in Fish\'s API spec; least tested)'
normal\t'About 500 ms to first audio, best quality'
balanced\t'About 300 ms to first audio'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l chunk-length -d 'Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l temperature -d 'Fish: sampling temperature, 0 to 1 [default: 0.7]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l top-p -d 'Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l loudness -d 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l true-peak -d 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l trim-threshold -d 'With --trim: what counts as silence, in dBFS [default: -50]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l trim-pad -d 'With --trim: the silence kept at each end, in ms [default: 20]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l upload -d 'Send the text as an uploaded file even when it is short enough to send inline'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l wait -d 'Wait for the job and fetch it (as `fetch --wait`)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l json -d 'Print one JSON object on stdout'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l english-normalization -d 'Read numbers, dates and units in English text as words'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l no-normalize -d 'Fish: do not normalize numbers and the like before speaking (key: normalize = false)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l trim -d 'Remove silence at the start and the end (MP3: whole frames)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand async-submit" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -s o -l output -d 'Write the audio to FILE [default: the -o given at submit time, else TASK_ID.EXT]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l subtitles -d 'Also write the subtitles: .srt, .vtt or .json' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l keep-archive -d 'Keep the raw tar archive too [default path: TASK_ID.tar]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l loudness -d 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l true-peak -d 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l trim-threshold -d 'With --trim: what counts as silence, in dBFS [default: -50]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l trim-pad -d 'With --trim: the silence kept at each end, in ms [default: 20]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l wait -d 'Wait (polling within MiniMax\'s rate limit) until the job is done'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l all -d 'Fetch every pending job in the registry'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l list -d 'Show the registry: status, age, time left before expiry'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l json -d 'Print JSON on stdout'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l trim -d 'Remove silence at the start and the end (MP3: whole frames)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand fetch" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l manifest-format -d 'The manifest\'s format [default: from the extension]' -r -f -a "jsonl\t'One JSON object per line'
csv\t'Comma-separated values with a header row'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l ignore-columns -d 'Columns (or JSON keys) to ignore, e.g. notes,speaker' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l out-dir -d 'Where the files go [default: .; with --join: a private directory, removed at the end]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l name -d 'File name template: {id}, {ext}, {provider}, {row}; without {ext}, the name\'s extension sets the format' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -s j -l jobs -d 'Rows synthesized at once' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l rpm -d 'At most N requests per minute (over all jobs); without it the service\'s limit is learned from its refusals' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l shard -d 'Only the K-th of N deterministic slices of the rows (by a hash of the id), e.g. 2/4; in a production, the slice is rendered into the cache and not joined' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l cache-dir -d 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l report -d 'Also write the per-row results (and a production\'s timeline) as JSON to FILE' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l review -d 'Also write a review page (self-contained HTML) that plays every row, with its text, loudness, status and waveform' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l join -d 'Join the rows, in manifest order, into this one file (.mp3, .flac, .wav or .pcm): chapters, gaps and one clock for subtitles' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l gap -d 'Silence between rows, e.g. 400ms, 1.5s (a row\'s pause_after wins) [default: 0]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l chapters -d 'Also write the chapters (title, start_ms, end_ms) as JSON to FILE' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l subtitles -d 'Also write subtitles on the joined file\'s clock: .srt, .vtt or .json (MiniMax rows: its sentence timings; Fish rows: one cue each)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -s m -l model -d 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l voice -d 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l speed -d 'Speed, 0.5 to 2 [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l vol -d 'Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l pitch -d 'Pitch in semitones, -12 to 12 [default: 0]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l emotion -d 'Emotion [default: chosen by the model]' -r -f -a "happy\t''
sad\t''
angry\t''
fearful\t''
disgusted\t''
surprised\t''
calm\t''
fluent\t''
whisper\t'Not accepted by the speech-2.8 models'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l language-boost -d 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l pronounce -d 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l format -d 'Audio format [default: from the output\'s extension, else mp3]' -r -f -a "mp3\t''
pcm\t'Raw signed 16-bit little-endian samples'
flac\t''
wav\t'PCM in a WAV container'
opus\t'Opus in an Ogg container (Fish Audio; saved, not played)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l sample-rate -d 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l bitrate -d 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l channels -d 'Channels: 1 or 2 [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l effect-pitch -d 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l effect-intensity -d 'Voice effect: intensity, -100 (softer) to 100 (stronger)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l effect-timbre -d 'Voice effect: timbre, -100 (fuller) to 100 (crisper)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l sound-effect -d 'Voice effect: a sound effect (MP3 output only)' -r -f -a "spacious_echo\t''
auditorium_echo\t''
lofi_telephone\t''
robotic\t''"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l latency -d 'Fish: latency mode; lower gives earlier audio [default: balanced]' -r -f -a "low\t'Lowest delay (listed in Fish\'s API spec; least tested)'
normal\t'About 500 ms to first audio, best quality'
balanced\t'About 300 ms to first audio'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l chunk-length -d 'Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l temperature -d 'Fish: sampling temperature, 0 to 1 [default: 0.7]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l top-p -d 'Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l reference-audio -d 'Fish: clone the voice of this recording for this run (repeatable; each with a --reference-text; replaces --voice)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l reference-text -d 'Fish: what the --reference-audio at the same position says' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l loudness -d 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l true-peak -d 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l trim-threshold -d 'With --trim: what counts as silence, in dBFS [default: -50]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l trim-pad -d 'With --trim: the silence kept at each end, in ms [default: 20]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l no-cache -d 'Neither read nor fill the cache'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l force -d 'Synthesize every row again, even when cached (the cache is refreshed)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l dry-run -d 'Make no request: show what would be synthesized, cached, billed and written'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l fail-fast -d 'Stop at the first failed row'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l json -d 'Print NDJSON: one event per row (and the join), then a summary'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l english-normalization -d 'Read numbers, dates and units in English text as words'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l no-normalize -d 'Fish: do not normalize numbers and the like before speaking (key: normalize = false)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l trim -d 'Remove silence at the start and the end (MP3: whole frames)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand batch" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -s o -l output -d 'The finished file: .mp3, .flac, .wav or .pcm' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l paragraph-gap -d 'Silence at a blank line [default: twice --gap, at least 750ms]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l gap -d 'Silence between rows, e.g. 400ms, 1.5s (a row\'s pause_after wins) [default: 0]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l chapters -d 'Also write the chapters (title, start_ms, end_ms) as JSON to FILE' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l subtitles -d 'Also write subtitles on the joined file\'s clock: .srt, .vtt or .json (MiniMax rows: its sentence timings; Fish rows: one cue each)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l out-dir -d 'Also keep each line\'s own file in DIR' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -s j -l jobs -d 'Rows synthesized at once' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l rpm -d 'At most N requests per minute (over all jobs); without it the service\'s limit is learned from its refusals' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l shard -d 'Only the K-th of N deterministic slices of the rows (by a hash of the id), e.g. 2/4; in a production, the slice is rendered into the cache and not joined' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l cache-dir -d 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l report -d 'Also write the per-row results (and a production\'s timeline) as JSON to FILE' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l review -d 'Also write a review page (self-contained HTML) that plays every row, with its text, loudness, status and waveform' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -s m -l model -d 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l voice -d 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l speed -d 'Speed, 0.5 to 2 [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l vol -d 'Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l pitch -d 'Pitch in semitones, -12 to 12 [default: 0]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l emotion -d 'Emotion [default: chosen by the model]' -r -f -a "happy\t''
sad\t''
angry\t''
fearful\t''
disgusted\t''
surprised\t''
calm\t''
fluent\t''
whisper\t'Not accepted by the speech-2.8 models'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l language-boost -d 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l pronounce -d 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l format -d 'Audio format [default: from the output\'s extension, else mp3]' -r -f -a "mp3\t''
pcm\t'Raw signed 16-bit little-endian samples'
flac\t''
wav\t'PCM in a WAV container'
opus\t'Opus in an Ogg container (Fish Audio; saved, not played)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l sample-rate -d 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l bitrate -d 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l channels -d 'Channels: 1 or 2 [default: 1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l effect-pitch -d 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l effect-intensity -d 'Voice effect: intensity, -100 (softer) to 100 (stronger)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l effect-timbre -d 'Voice effect: timbre, -100 (fuller) to 100 (crisper)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l sound-effect -d 'Voice effect: a sound effect (MP3 output only)' -r -f -a "spacious_echo\t''
auditorium_echo\t''
lofi_telephone\t''
robotic\t''"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l latency -d 'Fish: latency mode; lower gives earlier audio [default: balanced]' -r -f -a "low\t'Lowest delay (listed in Fish\'s API spec; least tested)'
normal\t'About 500 ms to first audio, best quality'
balanced\t'About 300 ms to first audio'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l chunk-length -d 'Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l temperature -d 'Fish: sampling temperature, 0 to 1 [default: 0.7]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l top-p -d 'Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l loudness -d 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l true-peak -d 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l trim-threshold -d 'With --trim: what counts as silence, in dBFS [default: -50]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l trim-pad -d 'With --trim: the silence kept at each end, in ms [default: 20]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l no-cache -d 'Neither read nor fill the cache'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l force -d 'Synthesize every row again, even when cached (the cache is refreshed)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l dry-run -d 'Make no request: show what would be synthesized, cached, billed and written'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l fail-fast -d 'Stop at the first failed row'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l json -d 'Print NDJSON: one event per row (and the join), then a summary'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l english-normalization -d 'Read numbers, dates and units in English text as words'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l no-normalize -d 'Fish: do not normalize numbers and the like before speaking (key: normalize = false)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l trim -d 'Remove silence at the start and the end (MP3: whole frames)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand script" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l listen -d 'Address to listen on (port 0 picks a free one); beyond loopback only with a token' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l token -d 'Requests must send this as their API key (Authorization: Bearer TOKEN); prefer the environment variable, as a flag\'s value is visible to other users in `ps`' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l allow-host -d 'Also accept requests whose Host header is NAME (a reverse proxy\'s name, with or without its port); by default only this server\'s address and localhost are' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -s j -l jobs -d 'Upstream sessions at once (over all requests)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l rpm -d 'At most N upstream requests per minute (over all requests); without it the service\'s limit is learned from its refusals' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l cache-dir -d 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l no-cache -d 'Neither read nor fill the cache'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand serve" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l out-dir -d 'The directory `speak` writes its outputs in (made if missing); names an agent gives are relative to it and cannot leave it [default: the user\'s data directory, e.g. ~/.local/share/minimax-tts/audio]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l max-chars -d 'The longest text one `speak` call may bill, in characters' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l play -d 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]' -r -f -a "auto\t'Play when an audio device is available and audio is not going to stdout'
always\t'Always play; fail (exit 5) without an audio device'
never\t'Never play'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l preroll -d 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l device -d 'Audio output device (see `minimax-tts devices`) [default: the system default]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l cache-dir -d 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l no-cache -d 'Neither read nor fill the cache'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand mcp" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l cache-dir -d 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -f -a "path" -d 'Print the cache directory'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -f -a "size" -d 'Print how many entries and bytes the cache holds'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -f -a "prune" -d 'Remove entries not used for AGE (e.g. 30d, 12h, 2w)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and not __fish_seen_subcommand_from path size prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l cache-dir -d 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l cache-dir -d 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l json -d 'Print JSON'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from size" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l older-than -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l cache-dir -d 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the cache directory'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "size" -d 'Print how many entries and bytes the cache holds'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove entries not used for AGE (e.g. 30d, 12h, 2w)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l type -d 'Which voices (MiniMax)' -r -f -a "system\t''
cloned\t''
designed\t''
all\t''"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l filter -d 'Only voices whose id, name or description contains TEXT (any case); Fish matches titles' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l limit -d 'Show at most N voices [default: all for MiniMax, 100 for Fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l self -d 'Fish: only your own voice models (otherwise public ones, most used first)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l json -d 'Print JSON on stdout'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -f -a "clone" -d 'MiniMax: clone a voice from a recording of 10 s to 5 min'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -f -a "design" -d 'Design a voice from a description (MiniMax: a new voice; Fish: candidates to keep with `voices create`)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -f -a "create" -d 'Fish: create a persistent voice model from samples (private unless you say otherwise)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -f -a "show" -d 'Show one voice (MiniMax: from the voice list; Fish: the model)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -f -a "delete" -d 'Delete voices you made (asks first on a terminal; --yes in scripts)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and not __fish_seen_subcommand_from clone design create show delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l voice-id -d 'The new voice\'s id: 8 to 256 letters, digits, - or _, starting with a letter' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l prompt-audio -d 'A short clip (under 8 s) of the same speaker, to guide the clone' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l prompt-text -d 'What the --prompt-audio clip says, exactly' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l preview -d 'Speak TEXT with the new voice (played, and saved with -o); does not count as use' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -s m -l model -d 'The model the preview is spoken with [default: speech-2.8-hd]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l language-boost -d 'Language hint for the clone and its preview: auto, English, Chinese, "Chinese,Yue", …' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l accuracy -d 'How closely the sample must match MiniMax\'s own transcript of it, 0 to 1 (lower accepts more)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -s o -l output -d 'Also write the preview audio to FILE (\'-\' = stdout)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l play -d 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]' -r -f -a "auto\t'Play when an audio device is available and audio is not going to stdout'
always\t'Always play; fail (exit 5) without an audio device'
never\t'Never play'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l preroll -d 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l device -d 'Audio output device (see `minimax-tts devices`) [default: the system default]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l noise-reduction -d 'Have MiniMax reduce the sample\'s background noise'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l normalize-volume -d 'Have MiniMax even out the sample\'s volume'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l json -d 'Print one JSON object on stdout'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from clone" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l preview -d 'The line the trial audio speaks (MiniMax: required, up to 500 characters; Fish: up to 300)' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l voice-id -d 'MiniMax: the new voice\'s id [default: chosen by MiniMax]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l candidates -d 'Fish: how many candidates, 1 to 4 [default: 2]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l seed -d 'Fish: a seed, for candidates that can be made again' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l out-dir -d 'Fish: where the candidates are saved (trial-1.wav, …) [default: .]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -s o -l output -d 'Also write the preview audio to FILE (\'-\' = stdout)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l play -d 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]' -r -f -a "auto\t'Play when an audio device is available and audio is not going to stdout'
always\t'Always play; fail (exit 5) without an audio device'
never\t'Never play'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l preroll -d 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l device -d 'Audio output device (see `minimax-tts devices`) [default: the system default]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l json -d 'Print one JSON object on stdout'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from design" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l title -d 'The model\'s name' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l text -d 'What each sample says, in the samples\' order (repeatable; all or none) [default: transcribed by Fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l description -d 'A description shown with the model' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l visibility -d 'Who can find and use it: private (you), unlist (anyone with the id), public (listed; needs --cover-image)' -r -f -a "private\t'You only'
unlist\t'Anyone with the id'
public\t'Listed in Fish\'s catalogue (needs a cover image)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l cover-image -d 'A cover image (required for a public model)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l no-enhance -d 'Send the samples as they are (Fish otherwise cleans them up)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON object on stdout'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l json -d 'Print JSON on stdout'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l type -d 'MiniMax: what the voices are, instead of looking each up' -r -f -a "cloned\t''
designed\t''"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Delete without asking (required when stdin is not a terminal)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON object on stdout'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from help" -f -a "clone" -d 'MiniMax: clone a voice from a recording of 10 s to 5 min'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from help" -f -a "design" -d 'Design a voice from a description (MiniMax: a new voice; Fish: candidates to keep with `voices create`)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from help" -f -a "create" -d 'Fish: create a persistent voice model from samples (private unless you say otherwise)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one voice (MiniMax: from the voice list; Fish: the model)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete voices you made (asks first on a terminal; --yes in scripts)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand voices; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand devices" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -f -a "path" -d 'Print where the config file is (and say whether it exists)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -f -a "init" -d 'Write a commented starter config file (never over an existing one)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -f -a "show" -d 'Show the settings in effect and where each came from (keys are never shown)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and not __fish_seen_subcommand_from path init show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print JSON'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print where the config file is (and say whether it exists)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a commented starter config file (never over an existing one)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the settings in effect and where each came from (keys are never shown)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l json -d 'Print JSON'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand check" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand completions" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand man" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l provider -d 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]' -r -f -a "minimax\t'MiniMax\'s speech API (WebSocket or HTTP stream)'
fish\t'Fish Audio\'s live WebSocket'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l region -d 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]' -r -f -a "global\t'api.minimax.io (keys from platform.minimax.io)'
cn\t'api.minimaxi.com (keys from platform.minimaxi.com)'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l transport -d 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]' -r -f -a "ws\t'One WebSocket session for all segments'
http\t'One HTTP request per segment, audio as server-sent events'"
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l proxy -d 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; \'\' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l retries -d 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l timeout -d 'Seconds to wait for the server before giving up on a step [default: 60]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l api-key-file -d 'Read the API key from this file (first line; keeps the key out of the process list)' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l base-url -d 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l profile -d 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]' -r
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l config -d 'Config file [default: <config dir>/minimax-tts/config.toml]' -r -F
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -l no-proxy -d 'Connect directly, ignoring --proxy, the environment\'s and the config file\'s proxies'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -s v -l verbose -d 'Log protocol events to stderr (never the API key)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -s q -l quiet -d 'Print nothing on success'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand generate-assets" -s V -l version -d 'Print version'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "speak" -d 'Speak text: play it as it arrives, and/or write the audio to a file or stdout'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "stream" -d 'Speak text as it arrives on stdin (or a file or FIFO), sentence by sentence'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "async-submit" -d 'Submit long text (books, scripts) as an asynchronous job; `fetch` collects it'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "fetch" -d 'Collect the audio of an async job (default: the most recent one)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "batch" -d 'Synthesize a manifest of lines into files: cached, concurrent, shardable'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "script" -d 'Render a dialogue script (speakers, chapters, paragraphs) into one finished file'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "serve" -d 'Serve OpenAI\'s speech API (POST /v1/audio/speech) to apps on this machine, streamed, cached and retried'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "mcp" -d 'Run an MCP server on stdio for agents (Claude Code, Cursor, …): tools speak, stop and voices'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "cache" -d 'Show or prune the audio cache that `batch` keeps'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "voices" -d 'List the voices this API key can use; clone, design, create, show and delete your own'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "devices" -d 'List the audio output devices (the default one is marked with *)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "config" -d 'The config file: where it is, a starter file, the settings in effect'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "check" -d 'Check what works before spending anything: key, region, proxy, audio device'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "completions" -d 'Print the completion script for SHELL on stdout (e.g. `minimax-tts completions bash > ~/.local/share/bash-completion/completions/minimax-tts`)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "man" -d 'Print the man page on stdout, of the tool or of one command (e.g. `minimax-tts man batch | man -l -`)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "generate-assets" -d 'Write shell completions and man pages (for packagers and the repository)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and not __fish_seen_subcommand_from speak stream async-submit fetch batch script serve mcp cache voices devices config check completions man generate-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "path" -d 'Print the cache directory'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "size" -d 'Print how many entries and bytes the cache holds'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "prune" -d 'Remove entries not used for AGE (e.g. 30d, 12h, 2w)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from voices" -f -a "clone" -d 'MiniMax: clone a voice from a recording of 10 s to 5 min'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from voices" -f -a "design" -d 'Design a voice from a description (MiniMax: a new voice; Fish: candidates to keep with `voices create`)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from voices" -f -a "create" -d 'Fish: create a persistent voice model from samples (private unless you say otherwise)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from voices" -f -a "show" -d 'Show one voice (MiniMax: from the voice list; Fish: the model)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from voices" -f -a "delete" -d 'Delete voices you made (asks first on a terminal; --yes in scripts)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print where the config file is (and say whether it exists)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a commented starter config file (never over an existing one)'
complete -c minimax-tts -n "__fish_minimax_tts_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Show the settings in effect and where each came from (keys are never shown)'
