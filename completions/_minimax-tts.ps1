
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'minimax-tts' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'minimax-tts'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'minimax-tts' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('speak', 'speak', [CompletionResultType]::ParameterValue, 'Speak text: play it as it arrives, and/or write the audio to a file or stdout')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'Speak text as it arrives on stdin (or a file or FIFO), sentence by sentence')
            [CompletionResult]::new('async-submit', 'async-submit', [CompletionResultType]::ParameterValue, 'Submit long text (books, scripts) as an asynchronous job; `fetch` collects it')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Collect the audio of an async job (default: the most recent one)')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Synthesize a manifest of lines into files: cached, concurrent, shardable')
            [CompletionResult]::new('script', 'script', [CompletionResultType]::ParameterValue, 'Render a dialogue script (speakers, chapters, paragraphs) into one finished file')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve OpenAI''s speech API (POST /v1/audio/speech) to apps on this machine, streamed, cached and retried')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Run an MCP server on stdio for agents (Claude Code, Cursor, …): tools speak, stop and voices')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Show or prune the audio cache that `batch` keeps')
            [CompletionResult]::new('voices', 'voices', [CompletionResultType]::ParameterValue, 'List the voices this API key can use; clone, design, create, show and delete your own')
            [CompletionResult]::new('devices', 'devices', [CompletionResultType]::ParameterValue, 'List the audio output devices (the default one is marked with *)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The config file: where it is, a starter file, the settings in effect')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check what works before spending anything: key, region, proxy, audio device')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for SHELL on stdout (e.g. `minimax-tts completions bash > ~/.local/share/bash-completion/completions/minimax-tts`)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page on stdout, of the tool or of one command (e.g. `minimax-tts man batch | man -l -`)')
            [CompletionResult]::new('generate-assets', 'generate-assets', [CompletionResultType]::ParameterValue, 'Write shell completions and man pages (for packagers and the repository)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'minimax-tts;speak' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the text from FILE (''-'' = stdin)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the text from FILE (''-'' = stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also write the audio to FILE (''-'' = stdout); the format follows the extension')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Also write the audio to FILE (''-'' = stdout); the format follows the extension')
            [CompletionResult]::new('--play', '--play', [CompletionResultType]::ParameterName, 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]')
            [CompletionResult]::new('--preroll', '--preroll', [CompletionResultType]::ParameterName, 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Audio output device (see `minimax-tts devices`) [default: the system default]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]')
            [CompletionResult]::new('--subtitles', '--subtitles', [CompletionResultType]::ParameterName, 'Also write timed subtitles to FILE: .srt, .vtt or .json (by the extension)')
            [CompletionResult]::new('--subtitle-type', '--subtitle-type', [CompletionResultType]::ParameterName, 'Subtitle timing: sentence, or word (word timings go into the .json output) [default: sentence]')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]')
            [CompletionResult]::new('--voice', '--voice', [CompletionResultType]::ParameterName, 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Speed, 0.5 to 2 [default: 1]')
            [CompletionResult]::new('--vol', '--vol', [CompletionResultType]::ParameterName, 'Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]')
            [CompletionResult]::new('--pitch', '--pitch', [CompletionResultType]::ParameterName, 'Pitch in semitones, -12 to 12 [default: 0]')
            [CompletionResult]::new('--emotion', '--emotion', [CompletionResultType]::ParameterName, 'Emotion [default: chosen by the model]')
            [CompletionResult]::new('--language-boost', '--language-boost', [CompletionResultType]::ParameterName, 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …')
            [CompletionResult]::new('--pronounce', '--pronounce', [CompletionResultType]::ParameterName, 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Audio format [default: from the output''s extension, else mp3]')
            [CompletionResult]::new('--sample-rate', '--sample-rate', [CompletionResultType]::ParameterName, 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]')
            [CompletionResult]::new('--bitrate', '--bitrate', [CompletionResultType]::ParameterName, 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Channels: 1 or 2 [default: 1]')
            [CompletionResult]::new('--effect-pitch', '--effect-pitch', [CompletionResultType]::ParameterName, 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)')
            [CompletionResult]::new('--effect-intensity', '--effect-intensity', [CompletionResultType]::ParameterName, 'Voice effect: intensity, -100 (softer) to 100 (stronger)')
            [CompletionResult]::new('--effect-timbre', '--effect-timbre', [CompletionResultType]::ParameterName, 'Voice effect: timbre, -100 (fuller) to 100 (crisper)')
            [CompletionResult]::new('--sound-effect', '--sound-effect', [CompletionResultType]::ParameterName, 'Voice effect: a sound effect (MP3 output only)')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Fish: latency mode; lower gives earlier audio [default: balanced]')
            [CompletionResult]::new('--chunk-length', '--chunk-length', [CompletionResultType]::ParameterName, 'Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Fish: sampling temperature, 0 to 1 [default: 0.7]')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]')
            [CompletionResult]::new('--reference-audio', '--reference-audio', [CompletionResultType]::ParameterName, 'Fish: clone the voice of this recording for this run (repeatable; each with a --reference-text; replaces --voice)')
            [CompletionResult]::new('--reference-text', '--reference-text', [CompletionResultType]::ParameterName, 'Fish: what the --reference-audio at the same position says')
            [CompletionResult]::new('--loudness', '--loudness', [CompletionResultType]::ParameterName, 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)')
            [CompletionResult]::new('--true-peak', '--true-peak', [CompletionResultType]::ParameterName, 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]')
            [CompletionResult]::new('--trim-threshold', '--trim-threshold', [CompletionResultType]::ParameterName, 'With --trim: what counts as silence, in dBFS [default: -50]')
            [CompletionResult]::new('--trim-pad', '--trim-pad', [CompletionResultType]::ParameterName, 'With --trim: the silence kept at each end, in ms [default: 20]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON result object on stdout')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Do not keep finished segments of a long text (an interrupted run then starts over)')
            [CompletionResult]::new('--english-normalization', '--english-normalization', [CompletionResultType]::ParameterName, 'Read numbers, dates and units in English text as words')
            [CompletionResult]::new('--no-normalize', '--no-normalize', [CompletionResultType]::ParameterName, 'Fish: do not normalize numbers and the like before speaking (key: normalize = false)')
            [CompletionResult]::new('--trim', '--trim', [CompletionResultType]::ParameterName, 'Remove silence at the start and the end (MP3: whole frames)')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;stream' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the text from FILE (a FIFO works) instead of stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the text from FILE (a FIFO works) instead of stdin')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also write the whole speech to FILE (''-'' = stdout, as it arrives)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Also write the whole speech to FILE (''-'' = stdout, as it arrives)')
            [CompletionResult]::new('--flush-after', '--flush-after', [CompletionResultType]::ParameterName, 'Speak a pending fragment after this many milliseconds without new input [default: 800]')
            [CompletionResult]::new('--play', '--play', [CompletionResultType]::ParameterName, 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]')
            [CompletionResult]::new('--preroll', '--preroll', [CompletionResultType]::ParameterName, 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Audio output device (see `minimax-tts devices`) [default: the system default]')
            [CompletionResult]::new('--subtitles', '--subtitles', [CompletionResultType]::ParameterName, 'Also write timed subtitles to FILE: .srt, .vtt or .json (by the extension)')
            [CompletionResult]::new('--subtitle-type', '--subtitle-type', [CompletionResultType]::ParameterName, 'Subtitle timing: sentence, or word (word timings go into the .json output) [default: sentence]')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]')
            [CompletionResult]::new('--voice', '--voice', [CompletionResultType]::ParameterName, 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Speed, 0.5 to 2 [default: 1]')
            [CompletionResult]::new('--vol', '--vol', [CompletionResultType]::ParameterName, 'Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]')
            [CompletionResult]::new('--pitch', '--pitch', [CompletionResultType]::ParameterName, 'Pitch in semitones, -12 to 12 [default: 0]')
            [CompletionResult]::new('--emotion', '--emotion', [CompletionResultType]::ParameterName, 'Emotion [default: chosen by the model]')
            [CompletionResult]::new('--language-boost', '--language-boost', [CompletionResultType]::ParameterName, 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …')
            [CompletionResult]::new('--pronounce', '--pronounce', [CompletionResultType]::ParameterName, 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Audio format [default: from the output''s extension, else mp3]')
            [CompletionResult]::new('--sample-rate', '--sample-rate', [CompletionResultType]::ParameterName, 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]')
            [CompletionResult]::new('--bitrate', '--bitrate', [CompletionResultType]::ParameterName, 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Channels: 1 or 2 [default: 1]')
            [CompletionResult]::new('--effect-pitch', '--effect-pitch', [CompletionResultType]::ParameterName, 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)')
            [CompletionResult]::new('--effect-intensity', '--effect-intensity', [CompletionResultType]::ParameterName, 'Voice effect: intensity, -100 (softer) to 100 (stronger)')
            [CompletionResult]::new('--effect-timbre', '--effect-timbre', [CompletionResultType]::ParameterName, 'Voice effect: timbre, -100 (fuller) to 100 (crisper)')
            [CompletionResult]::new('--sound-effect', '--sound-effect', [CompletionResultType]::ParameterName, 'Voice effect: a sound effect (MP3 output only)')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Fish: latency mode; lower gives earlier audio [default: balanced]')
            [CompletionResult]::new('--chunk-length', '--chunk-length', [CompletionResultType]::ParameterName, 'Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Fish: sampling temperature, 0 to 1 [default: 0.7]')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]')
            [CompletionResult]::new('--reference-audio', '--reference-audio', [CompletionResultType]::ParameterName, 'Fish: clone the voice of this recording for this run (repeatable; each with a --reference-text; replaces --voice)')
            [CompletionResult]::new('--reference-text', '--reference-text', [CompletionResultType]::ParameterName, 'Fish: what the --reference-audio at the same position says')
            [CompletionResult]::new('--loudness', '--loudness', [CompletionResultType]::ParameterName, 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)')
            [CompletionResult]::new('--true-peak', '--true-peak', [CompletionResultType]::ParameterName, 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]')
            [CompletionResult]::new('--trim-threshold', '--trim-threshold', [CompletionResultType]::ParameterName, 'With --trim: what counts as silence, in dBFS [default: -50]')
            [CompletionResult]::new('--trim-pad', '--trim-pad', [CompletionResultType]::ParameterName, 'With --trim: the silence kept at each end, in ms [default: 20]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--echo', '--echo', [CompletionResultType]::ParameterName, 'Print each segment''s text when its audio starts playing (live captions); to stderr when stdout carries audio or JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print NDJSON: one event per segment, then a summary')
            [CompletionResult]::new('--english-normalization', '--english-normalization', [CompletionResultType]::ParameterName, 'Read numbers, dates and units in English text as words')
            [CompletionResult]::new('--no-normalize', '--no-normalize', [CompletionResultType]::ParameterName, 'Fish: do not normalize numbers and the like before speaking (key: normalize = false)')
            [CompletionResult]::new('--trim', '--trim', [CompletionResultType]::ParameterName, 'Remove silence at the start and the end (MP3: whole frames)')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;async-submit' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the text from FILE (''-'' = stdin)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the text from FILE (''-'' = stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where `fetch` writes the audio [default: TASK_ID.EXT]; the format follows the extension')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where `fetch` writes the audio [default: TASK_ID.EXT]; the format follows the extension')
            [CompletionResult]::new('--subtitles', '--subtitles', [CompletionResultType]::ParameterName, 'With --wait: also write subtitles (.srt, .vtt or .json)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]')
            [CompletionResult]::new('--voice', '--voice', [CompletionResultType]::ParameterName, 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Speed, 0.5 to 2 [default: 1]')
            [CompletionResult]::new('--vol', '--vol', [CompletionResultType]::ParameterName, 'Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]')
            [CompletionResult]::new('--pitch', '--pitch', [CompletionResultType]::ParameterName, 'Pitch in semitones, -12 to 12 [default: 0]')
            [CompletionResult]::new('--emotion', '--emotion', [CompletionResultType]::ParameterName, 'Emotion [default: chosen by the model]')
            [CompletionResult]::new('--language-boost', '--language-boost', [CompletionResultType]::ParameterName, 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …')
            [CompletionResult]::new('--pronounce', '--pronounce', [CompletionResultType]::ParameterName, 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Audio format [default: from the output''s extension, else mp3]')
            [CompletionResult]::new('--sample-rate', '--sample-rate', [CompletionResultType]::ParameterName, 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]')
            [CompletionResult]::new('--bitrate', '--bitrate', [CompletionResultType]::ParameterName, 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Channels: 1 or 2 [default: 1]')
            [CompletionResult]::new('--effect-pitch', '--effect-pitch', [CompletionResultType]::ParameterName, 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)')
            [CompletionResult]::new('--effect-intensity', '--effect-intensity', [CompletionResultType]::ParameterName, 'Voice effect: intensity, -100 (softer) to 100 (stronger)')
            [CompletionResult]::new('--effect-timbre', '--effect-timbre', [CompletionResultType]::ParameterName, 'Voice effect: timbre, -100 (fuller) to 100 (crisper)')
            [CompletionResult]::new('--sound-effect', '--sound-effect', [CompletionResultType]::ParameterName, 'Voice effect: a sound effect (MP3 output only)')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Fish: latency mode; lower gives earlier audio [default: balanced]')
            [CompletionResult]::new('--chunk-length', '--chunk-length', [CompletionResultType]::ParameterName, 'Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Fish: sampling temperature, 0 to 1 [default: 0.7]')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]')
            [CompletionResult]::new('--loudness', '--loudness', [CompletionResultType]::ParameterName, 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)')
            [CompletionResult]::new('--true-peak', '--true-peak', [CompletionResultType]::ParameterName, 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]')
            [CompletionResult]::new('--trim-threshold', '--trim-threshold', [CompletionResultType]::ParameterName, 'With --trim: what counts as silence, in dBFS [default: -50]')
            [CompletionResult]::new('--trim-pad', '--trim-pad', [CompletionResultType]::ParameterName, 'With --trim: the silence kept at each end, in ms [default: 20]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--upload', '--upload', [CompletionResultType]::ParameterName, 'Send the text as an uploaded file even when it is short enough to send inline')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the job and fetch it (as `fetch --wait`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout')
            [CompletionResult]::new('--english-normalization', '--english-normalization', [CompletionResultType]::ParameterName, 'Read numbers, dates and units in English text as words')
            [CompletionResult]::new('--no-normalize', '--no-normalize', [CompletionResultType]::ParameterName, 'Fish: do not normalize numbers and the like before speaking (key: normalize = false)')
            [CompletionResult]::new('--trim', '--trim', [CompletionResultType]::ParameterName, 'Remove silence at the start and the end (MP3: whole frames)')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;fetch' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the audio to FILE [default: the -o given at submit time, else TASK_ID.EXT]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the audio to FILE [default: the -o given at submit time, else TASK_ID.EXT]')
            [CompletionResult]::new('--subtitles', '--subtitles', [CompletionResultType]::ParameterName, 'Also write the subtitles: .srt, .vtt or .json')
            [CompletionResult]::new('--keep-archive', '--keep-archive', [CompletionResultType]::ParameterName, 'Keep the raw tar archive too [default path: TASK_ID.tar]')
            [CompletionResult]::new('--loudness', '--loudness', [CompletionResultType]::ParameterName, 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)')
            [CompletionResult]::new('--true-peak', '--true-peak', [CompletionResultType]::ParameterName, 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]')
            [CompletionResult]::new('--trim-threshold', '--trim-threshold', [CompletionResultType]::ParameterName, 'With --trim: what counts as silence, in dBFS [default: -50]')
            [CompletionResult]::new('--trim-pad', '--trim-pad', [CompletionResultType]::ParameterName, 'With --trim: the silence kept at each end, in ms [default: 20]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait (polling within MiniMax''s rate limit) until the job is done')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Fetch every pending job in the registry')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Show the registry: status, age, time left before expiry')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout')
            [CompletionResult]::new('--trim', '--trim', [CompletionResultType]::ParameterName, 'Remove silence at the start and the end (MP3: whole frames)')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;batch' {
            [CompletionResult]::new('--manifest-format', '--manifest-format', [CompletionResultType]::ParameterName, 'The manifest''s format [default: from the extension]')
            [CompletionResult]::new('--ignore-columns', '--ignore-columns', [CompletionResultType]::ParameterName, 'Columns (or JSON keys) to ignore, e.g. notes,speaker')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Where the files go [default: .; with --join: a private directory, removed at the end]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'File name template: {id}, {ext}, {provider}, {row}; without {ext}, the name''s extension sets the format')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Rows synthesized at once')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Rows synthesized at once')
            [CompletionResult]::new('--rpm', '--rpm', [CompletionResultType]::ParameterName, 'At most N requests per minute (over all jobs); without it the service''s limit is learned from its refusals')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Only the K-th of N deterministic slices of the rows (by a hash of the id), e.g. 2/4; in a production, the slice is rendered into the cache and not joined')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Also write the per-row results (and a production''s timeline) as JSON to FILE')
            [CompletionResult]::new('--review', '--review', [CompletionResultType]::ParameterName, 'Also write a review page (self-contained HTML) that plays every row, with its text, loudness, status and waveform')
            [CompletionResult]::new('--join', '--join', [CompletionResultType]::ParameterName, 'Join the rows, in manifest order, into this one file (.mp3, .flac, .wav or .pcm): chapters, gaps and one clock for subtitles')
            [CompletionResult]::new('--gap', '--gap', [CompletionResultType]::ParameterName, 'Silence between rows, e.g. 400ms, 1.5s (a row''s pause_after wins) [default: 0]')
            [CompletionResult]::new('--chapters', '--chapters', [CompletionResultType]::ParameterName, 'Also write the chapters (title, start_ms, end_ms) as JSON to FILE')
            [CompletionResult]::new('--subtitles', '--subtitles', [CompletionResultType]::ParameterName, 'Also write subtitles on the joined file''s clock: .srt, .vtt or .json (MiniMax rows: its sentence timings; Fish rows: one cue each)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]')
            [CompletionResult]::new('--voice', '--voice', [CompletionResultType]::ParameterName, 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Speed, 0.5 to 2 [default: 1]')
            [CompletionResult]::new('--vol', '--vol', [CompletionResultType]::ParameterName, 'Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]')
            [CompletionResult]::new('--pitch', '--pitch', [CompletionResultType]::ParameterName, 'Pitch in semitones, -12 to 12 [default: 0]')
            [CompletionResult]::new('--emotion', '--emotion', [CompletionResultType]::ParameterName, 'Emotion [default: chosen by the model]')
            [CompletionResult]::new('--language-boost', '--language-boost', [CompletionResultType]::ParameterName, 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …')
            [CompletionResult]::new('--pronounce', '--pronounce', [CompletionResultType]::ParameterName, 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Audio format [default: from the output''s extension, else mp3]')
            [CompletionResult]::new('--sample-rate', '--sample-rate', [CompletionResultType]::ParameterName, 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]')
            [CompletionResult]::new('--bitrate', '--bitrate', [CompletionResultType]::ParameterName, 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Channels: 1 or 2 [default: 1]')
            [CompletionResult]::new('--effect-pitch', '--effect-pitch', [CompletionResultType]::ParameterName, 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)')
            [CompletionResult]::new('--effect-intensity', '--effect-intensity', [CompletionResultType]::ParameterName, 'Voice effect: intensity, -100 (softer) to 100 (stronger)')
            [CompletionResult]::new('--effect-timbre', '--effect-timbre', [CompletionResultType]::ParameterName, 'Voice effect: timbre, -100 (fuller) to 100 (crisper)')
            [CompletionResult]::new('--sound-effect', '--sound-effect', [CompletionResultType]::ParameterName, 'Voice effect: a sound effect (MP3 output only)')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Fish: latency mode; lower gives earlier audio [default: balanced]')
            [CompletionResult]::new('--chunk-length', '--chunk-length', [CompletionResultType]::ParameterName, 'Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Fish: sampling temperature, 0 to 1 [default: 0.7]')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]')
            [CompletionResult]::new('--reference-audio', '--reference-audio', [CompletionResultType]::ParameterName, 'Fish: clone the voice of this recording for this run (repeatable; each with a --reference-text; replaces --voice)')
            [CompletionResult]::new('--reference-text', '--reference-text', [CompletionResultType]::ParameterName, 'Fish: what the --reference-audio at the same position says')
            [CompletionResult]::new('--loudness', '--loudness', [CompletionResultType]::ParameterName, 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)')
            [CompletionResult]::new('--true-peak', '--true-peak', [CompletionResultType]::ParameterName, 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]')
            [CompletionResult]::new('--trim-threshold', '--trim-threshold', [CompletionResultType]::ParameterName, 'With --trim: what counts as silence, in dBFS [default: -50]')
            [CompletionResult]::new('--trim-pad', '--trim-pad', [CompletionResultType]::ParameterName, 'With --trim: the silence kept at each end, in ms [default: 20]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor fill the cache')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Synthesize every row again, even when cached (the cache is refreshed)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Make no request: show what would be synthesized, cached, billed and written')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first failed row')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print NDJSON: one event per row (and the join), then a summary')
            [CompletionResult]::new('--english-normalization', '--english-normalization', [CompletionResultType]::ParameterName, 'Read numbers, dates and units in English text as words')
            [CompletionResult]::new('--no-normalize', '--no-normalize', [CompletionResultType]::ParameterName, 'Fish: do not normalize numbers and the like before speaking (key: normalize = false)')
            [CompletionResult]::new('--trim', '--trim', [CompletionResultType]::ParameterName, 'Remove silence at the start and the end (MP3: whole frames)')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;script' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The finished file: .mp3, .flac, .wav or .pcm')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The finished file: .mp3, .flac, .wav or .pcm')
            [CompletionResult]::new('--paragraph-gap', '--paragraph-gap', [CompletionResultType]::ParameterName, 'Silence at a blank line [default: twice --gap, at least 750ms]')
            [CompletionResult]::new('--gap', '--gap', [CompletionResultType]::ParameterName, 'Silence between rows, e.g. 400ms, 1.5s (a row''s pause_after wins) [default: 0]')
            [CompletionResult]::new('--chapters', '--chapters', [CompletionResultType]::ParameterName, 'Also write the chapters (title, start_ms, end_ms) as JSON to FILE')
            [CompletionResult]::new('--subtitles', '--subtitles', [CompletionResultType]::ParameterName, 'Also write subtitles on the joined file''s clock: .srt, .vtt or .json (MiniMax rows: its sentence timings; Fish rows: one cue each)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Also keep each line''s own file in DIR')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Rows synthesized at once')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Rows synthesized at once')
            [CompletionResult]::new('--rpm', '--rpm', [CompletionResultType]::ParameterName, 'At most N requests per minute (over all jobs); without it the service''s limit is learned from its refusals')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Only the K-th of N deterministic slices of the rows (by a hash of the id), e.g. 2/4; in a production, the slice is rendered into the cache and not joined')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Also write the per-row results (and a production''s timeline) as JSON to FILE')
            [CompletionResult]::new('--review', '--review', [CompletionResultType]::ParameterName, 'Also write a review page (self-contained HTML) that plays every row, with its text, loudness, status and waveform')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]')
            [CompletionResult]::new('--voice', '--voice', [CompletionResultType]::ParameterName, 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Speed, 0.5 to 2 [default: 1]')
            [CompletionResult]::new('--vol', '--vol', [CompletionResultType]::ParameterName, 'Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]')
            [CompletionResult]::new('--pitch', '--pitch', [CompletionResultType]::ParameterName, 'Pitch in semitones, -12 to 12 [default: 0]')
            [CompletionResult]::new('--emotion', '--emotion', [CompletionResultType]::ParameterName, 'Emotion [default: chosen by the model]')
            [CompletionResult]::new('--language-boost', '--language-boost', [CompletionResultType]::ParameterName, 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …')
            [CompletionResult]::new('--pronounce', '--pronounce', [CompletionResultType]::ParameterName, 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Audio format [default: from the output''s extension, else mp3]')
            [CompletionResult]::new('--sample-rate', '--sample-rate', [CompletionResultType]::ParameterName, 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]')
            [CompletionResult]::new('--bitrate', '--bitrate', [CompletionResultType]::ParameterName, 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]')
            [CompletionResult]::new('--channels', '--channels', [CompletionResultType]::ParameterName, 'Channels: 1 or 2 [default: 1]')
            [CompletionResult]::new('--effect-pitch', '--effect-pitch', [CompletionResultType]::ParameterName, 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)')
            [CompletionResult]::new('--effect-intensity', '--effect-intensity', [CompletionResultType]::ParameterName, 'Voice effect: intensity, -100 (softer) to 100 (stronger)')
            [CompletionResult]::new('--effect-timbre', '--effect-timbre', [CompletionResultType]::ParameterName, 'Voice effect: timbre, -100 (fuller) to 100 (crisper)')
            [CompletionResult]::new('--sound-effect', '--sound-effect', [CompletionResultType]::ParameterName, 'Voice effect: a sound effect (MP3 output only)')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Fish: latency mode; lower gives earlier audio [default: balanced]')
            [CompletionResult]::new('--chunk-length', '--chunk-length', [CompletionResultType]::ParameterName, 'Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Fish: sampling temperature, 0 to 1 [default: 0.7]')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]')
            [CompletionResult]::new('--loudness', '--loudness', [CompletionResultType]::ParameterName, 'Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)')
            [CompletionResult]::new('--true-peak', '--true-peak', [CompletionResultType]::ParameterName, 'With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]')
            [CompletionResult]::new('--trim-threshold', '--trim-threshold', [CompletionResultType]::ParameterName, 'With --trim: what counts as silence, in dBFS [default: -50]')
            [CompletionResult]::new('--trim-pad', '--trim-pad', [CompletionResultType]::ParameterName, 'With --trim: the silence kept at each end, in ms [default: 20]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor fill the cache')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Synthesize every row again, even when cached (the cache is refreshed)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Make no request: show what would be synthesized, cached, billed and written')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first failed row')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print NDJSON: one event per row (and the join), then a summary')
            [CompletionResult]::new('--english-normalization', '--english-normalization', [CompletionResultType]::ParameterName, 'Read numbers, dates and units in English text as words')
            [CompletionResult]::new('--no-normalize', '--no-normalize', [CompletionResultType]::ParameterName, 'Fish: do not normalize numbers and the like before speaking (key: normalize = false)')
            [CompletionResult]::new('--trim', '--trim', [CompletionResultType]::ParameterName, 'Remove silence at the start and the end (MP3: whole frames)')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (port 0 picks a free one); beyond loopback only with a token')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Requests must send this as their API key (Authorization: Bearer TOKEN); prefer the environment variable, as a flag''s value is visible to other users in `ps`')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Also accept requests whose Host header is NAME (a reverse proxy''s name, with or without its port); by default only this server''s address and localhost are')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Upstream sessions at once (over all requests)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Upstream sessions at once (over all requests)')
            [CompletionResult]::new('--rpm', '--rpm', [CompletionResultType]::ParameterName, 'At most N upstream requests per minute (over all requests); without it the service''s limit is learned from its refusals')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor fill the cache')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;mcp' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'The directory `speak` writes its outputs in (made if missing); names an agent gives are relative to it and cannot leave it [default: the user''s data directory, e.g. ~/.local/share/minimax-tts/audio]')
            [CompletionResult]::new('--max-chars', '--max-chars', [CompletionResultType]::ParameterName, 'The longest text one `speak` call may bill, in characters')
            [CompletionResult]::new('--play', '--play', [CompletionResultType]::ParameterName, 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]')
            [CompletionResult]::new('--preroll', '--preroll', [CompletionResultType]::ParameterName, 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Audio output device (see `minimax-tts devices`) [default: the system default]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor fill the cache')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;cache' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the cache directory')
            [CompletionResult]::new('size', 'size', [CompletionResultType]::ParameterValue, 'Print how many entries and bytes the cache holds')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove entries not used for AGE (e.g. 30d, 12h, 2w)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'minimax-tts;cache;path' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;cache;size' {
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;cache;prune' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'older-than')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;cache;help' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the cache directory')
            [CompletionResult]::new('size', 'size', [CompletionResultType]::ParameterValue, 'Print how many entries and bytes the cache holds')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove entries not used for AGE (e.g. 30d, 12h, 2w)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'minimax-tts;cache;help;path' {
            break
        }
        'minimax-tts;cache;help;size' {
            break
        }
        'minimax-tts;cache;help;prune' {
            break
        }
        'minimax-tts;cache;help;help' {
            break
        }
        'minimax-tts;voices' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Which voices (MiniMax)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only voices whose id, name or description contains TEXT (any case); Fish matches titles')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N voices [default: all for MiniMax, 100 for Fish]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--self', '--self', [CompletionResultType]::ParameterName, 'Fish: only your own voice models (otherwise public ones, most used first)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'MiniMax: clone a voice from a recording of 10 s to 5 min')
            [CompletionResult]::new('design', 'design', [CompletionResultType]::ParameterValue, 'Design a voice from a description (MiniMax: a new voice; Fish: candidates to keep with `voices create`)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Fish: create a persistent voice model from samples (private unless you say otherwise)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one voice (MiniMax: from the voice list; Fish: the model)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete voices you made (asks first on a terminal; --yes in scripts)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'minimax-tts;voices;clone' {
            [CompletionResult]::new('--voice-id', '--voice-id', [CompletionResultType]::ParameterName, 'The new voice''s id: 8 to 256 letters, digits, - or _, starting with a letter')
            [CompletionResult]::new('--prompt-audio', '--prompt-audio', [CompletionResultType]::ParameterName, 'A short clip (under 8 s) of the same speaker, to guide the clone')
            [CompletionResult]::new('--prompt-text', '--prompt-text', [CompletionResultType]::ParameterName, 'What the --prompt-audio clip says, exactly')
            [CompletionResult]::new('--preview', '--preview', [CompletionResultType]::ParameterName, 'Speak TEXT with the new voice (played, and saved with -o); does not count as use')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The model the preview is spoken with [default: speech-2.8-hd]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The model the preview is spoken with [default: speech-2.8-hd]')
            [CompletionResult]::new('--language-boost', '--language-boost', [CompletionResultType]::ParameterName, 'Language hint for the clone and its preview: auto, English, Chinese, "Chinese,Yue", …')
            [CompletionResult]::new('--accuracy', '--accuracy', [CompletionResultType]::ParameterName, 'How closely the sample must match MiniMax''s own transcript of it, 0 to 1 (lower accepts more)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also write the preview audio to FILE (''-'' = stdout)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Also write the preview audio to FILE (''-'' = stdout)')
            [CompletionResult]::new('--play', '--play', [CompletionResultType]::ParameterName, 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]')
            [CompletionResult]::new('--preroll', '--preroll', [CompletionResultType]::ParameterName, 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Audio output device (see `minimax-tts devices`) [default: the system default]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--noise-reduction', '--noise-reduction', [CompletionResultType]::ParameterName, 'Have MiniMax reduce the sample''s background noise')
            [CompletionResult]::new('--normalize-volume', '--normalize-volume', [CompletionResultType]::ParameterName, 'Have MiniMax even out the sample''s volume')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;voices;design' {
            [CompletionResult]::new('--preview', '--preview', [CompletionResultType]::ParameterName, 'The line the trial audio speaks (MiniMax: required, up to 500 characters; Fish: up to 300)')
            [CompletionResult]::new('--voice-id', '--voice-id', [CompletionResultType]::ParameterName, 'MiniMax: the new voice''s id [default: chosen by MiniMax]')
            [CompletionResult]::new('--candidates', '--candidates', [CompletionResultType]::ParameterName, 'Fish: how many candidates, 1 to 4 [default: 2]')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Fish: a seed, for candidates that can be made again')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Fish: where the candidates are saved (trial-1.wav, …) [default: .]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also write the preview audio to FILE (''-'' = stdout)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Also write the preview audio to FILE (''-'' = stdout)')
            [CompletionResult]::new('--play', '--play', [CompletionResultType]::ParameterName, 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]')
            [CompletionResult]::new('--preroll', '--preroll', [CompletionResultType]::ParameterName, 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Audio output device (see `minimax-tts devices`) [default: the system default]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;voices;create' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The model''s name')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'What each sample says, in the samples'' order (repeatable; all or none) [default: transcribed by Fish]')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description shown with the model')
            [CompletionResult]::new('--visibility', '--visibility', [CompletionResultType]::ParameterName, 'Who can find and use it: private (you), unlist (anyone with the id), public (listed; needs --cover-image)')
            [CompletionResult]::new('--cover-image', '--cover-image', [CompletionResultType]::ParameterName, 'A cover image (required for a public model)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-enhance', '--no-enhance', [CompletionResultType]::ParameterName, 'Send the samples as they are (Fish otherwise cleans them up)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;voices;show' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;voices;delete' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'MiniMax: what the voices are, instead of looking each up')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete without asking (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete without asking (required when stdin is not a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;voices;help' {
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'MiniMax: clone a voice from a recording of 10 s to 5 min')
            [CompletionResult]::new('design', 'design', [CompletionResultType]::ParameterValue, 'Design a voice from a description (MiniMax: a new voice; Fish: candidates to keep with `voices create`)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Fish: create a persistent voice model from samples (private unless you say otherwise)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one voice (MiniMax: from the voice list; Fish: the model)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete voices you made (asks first on a terminal; --yes in scripts)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'minimax-tts;voices;help;clone' {
            break
        }
        'minimax-tts;voices;help;design' {
            break
        }
        'minimax-tts;voices;help;create' {
            break
        }
        'minimax-tts;voices;help;show' {
            break
        }
        'minimax-tts;voices;help;delete' {
            break
        }
        'minimax-tts;voices;help;help' {
            break
        }
        'minimax-tts;devices' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;config' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the config file is (and say whether it exists)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented starter config file (never over an existing one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the settings in effect and where each came from (keys are never shown)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'minimax-tts;config;path' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;config;init' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;config;show' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;config;help' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the config file is (and say whether it exists)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented starter config file (never over an existing one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the settings in effect and where each came from (keys are never shown)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'minimax-tts;config;help;path' {
            break
        }
        'minimax-tts;config;help;init' {
            break
        }
        'minimax-tts;config;help;show' {
            break
        }
        'minimax-tts;config;help;help' {
            break
        }
        'minimax-tts;check' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;completions' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;man' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;generate-assets' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]')
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '''' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up on a step [default: 60]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (first line; keeps the key out of the process list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file (over its top-level ones) [env: MINIMAX_TTS_PROFILE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/minimax-tts/config.toml]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Connect directly, ignoring --proxy, the environment''s and the config file''s proxies')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log protocol events to stderr (never the API key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on success')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'minimax-tts;help' {
            [CompletionResult]::new('speak', 'speak', [CompletionResultType]::ParameterValue, 'Speak text: play it as it arrives, and/or write the audio to a file or stdout')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'Speak text as it arrives on stdin (or a file or FIFO), sentence by sentence')
            [CompletionResult]::new('async-submit', 'async-submit', [CompletionResultType]::ParameterValue, 'Submit long text (books, scripts) as an asynchronous job; `fetch` collects it')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Collect the audio of an async job (default: the most recent one)')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Synthesize a manifest of lines into files: cached, concurrent, shardable')
            [CompletionResult]::new('script', 'script', [CompletionResultType]::ParameterValue, 'Render a dialogue script (speakers, chapters, paragraphs) into one finished file')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve OpenAI''s speech API (POST /v1/audio/speech) to apps on this machine, streamed, cached and retried')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Run an MCP server on stdio for agents (Claude Code, Cursor, …): tools speak, stop and voices')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Show or prune the audio cache that `batch` keeps')
            [CompletionResult]::new('voices', 'voices', [CompletionResultType]::ParameterValue, 'List the voices this API key can use; clone, design, create, show and delete your own')
            [CompletionResult]::new('devices', 'devices', [CompletionResultType]::ParameterValue, 'List the audio output devices (the default one is marked with *)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The config file: where it is, a starter file, the settings in effect')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check what works before spending anything: key, region, proxy, audio device')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for SHELL on stdout (e.g. `minimax-tts completions bash > ~/.local/share/bash-completion/completions/minimax-tts`)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page on stdout, of the tool or of one command (e.g. `minimax-tts man batch | man -l -`)')
            [CompletionResult]::new('generate-assets', 'generate-assets', [CompletionResultType]::ParameterValue, 'Write shell completions and man pages (for packagers and the repository)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'minimax-tts;help;speak' {
            break
        }
        'minimax-tts;help;stream' {
            break
        }
        'minimax-tts;help;async-submit' {
            break
        }
        'minimax-tts;help;fetch' {
            break
        }
        'minimax-tts;help;batch' {
            break
        }
        'minimax-tts;help;script' {
            break
        }
        'minimax-tts;help;serve' {
            break
        }
        'minimax-tts;help;mcp' {
            break
        }
        'minimax-tts;help;cache' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the cache directory')
            [CompletionResult]::new('size', 'size', [CompletionResultType]::ParameterValue, 'Print how many entries and bytes the cache holds')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove entries not used for AGE (e.g. 30d, 12h, 2w)')
            break
        }
        'minimax-tts;help;cache;path' {
            break
        }
        'minimax-tts;help;cache;size' {
            break
        }
        'minimax-tts;help;cache;prune' {
            break
        }
        'minimax-tts;help;voices' {
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'MiniMax: clone a voice from a recording of 10 s to 5 min')
            [CompletionResult]::new('design', 'design', [CompletionResultType]::ParameterValue, 'Design a voice from a description (MiniMax: a new voice; Fish: candidates to keep with `voices create`)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Fish: create a persistent voice model from samples (private unless you say otherwise)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one voice (MiniMax: from the voice list; Fish: the model)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete voices you made (asks first on a terminal; --yes in scripts)')
            break
        }
        'minimax-tts;help;voices;clone' {
            break
        }
        'minimax-tts;help;voices;design' {
            break
        }
        'minimax-tts;help;voices;create' {
            break
        }
        'minimax-tts;help;voices;show' {
            break
        }
        'minimax-tts;help;voices;delete' {
            break
        }
        'minimax-tts;help;devices' {
            break
        }
        'minimax-tts;help;config' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the config file is (and say whether it exists)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented starter config file (never over an existing one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the settings in effect and where each came from (keys are never shown)')
            break
        }
        'minimax-tts;help;config;path' {
            break
        }
        'minimax-tts;help;config;init' {
            break
        }
        'minimax-tts;help;config;show' {
            break
        }
        'minimax-tts;help;check' {
            break
        }
        'minimax-tts;help;completions' {
            break
        }
        'minimax-tts;help;man' {
            break
        }
        'minimax-tts;help;generate-assets' {
            break
        }
        'minimax-tts;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
