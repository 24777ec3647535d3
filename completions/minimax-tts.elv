
use builtin;
use str;

set edit:completion:arg-completer[minimax-tts] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'minimax-tts'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'minimax-tts'= {
            cand --api-key-file 'Read the API key from this file (first line; keeps the key out of the process list)'
            cand --region 'API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com)'
            cand --base-url 'API base URL (https://… or http://host:port); overrides --region'
            cand --config 'Config file [default: <config dir>/minimax-tts/config.toml]'
            cand --retries 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]'
            cand --timeout 'Seconds to wait for the server before giving up on a step [default: 60]'
            cand -v 'Log protocol events to stderr (never the API key)'
            cand --verbose 'Log protocol events to stderr (never the API key)'
            cand -q 'Print nothing on success'
            cand --quiet 'Print nothing on success'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand speak 'Speak text: play it as it arrives, and/or write the audio to a file or stdout'
            cand stream 'Speak text as it arrives on stdin (or a file or FIFO), sentence by sentence'
            cand devices 'List the audio output devices (the default one is marked with *)'
            cand generate-assets 'Write shell completions and man pages (for packagers and the repository)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'minimax-tts;speak'= {
            cand -f 'Read the text from FILE (''-'' = stdin)'
            cand --file 'Read the text from FILE (''-'' = stdin)'
            cand -o 'Also write the audio to FILE (''-'' = stdout); the format follows the extension'
            cand --output 'Also write the audio to FILE (''-'' = stdout); the format follows the extension'
            cand --format 'Audio format [default: from the -o extension, else mp3]'
            cand --play 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]'
            cand --preroll 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]'
            cand --device 'Audio output device (see `minimax-tts devices`) [default: the system default]'
            cand -m 'Model, e.g. speech-2.8-hd, speech-2.8-turbo, speech-2.6-hd [default: speech-2.8-hd]'
            cand --model 'Model, e.g. speech-2.8-hd, speech-2.8-turbo, speech-2.6-hd [default: speech-2.8-hd]'
            cand --voice 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator]'
            cand --speed 'Speed, 0.5 to 2 [default: 1]'
            cand --vol 'Volume, above 0 up to 10 [default: 1]'
            cand --pitch 'Pitch in semitones, -12 to 12 [default: 0]'
            cand --emotion 'Emotion [default: chosen by the model]'
            cand --language-boost 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …'
            cand --pronounce 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"'
            cand --sample-rate 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000]'
            cand --bitrate 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 [default: 128000]'
            cand --channels 'Channels: 1 or 2 [default: 1]'
            cand --effect-pitch 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)'
            cand --effect-intensity 'Voice effect: intensity, -100 (softer) to 100 (stronger)'
            cand --effect-timbre 'Voice effect: timbre, -100 (fuller) to 100 (crisper)'
            cand --sound-effect 'Voice effect: a sound effect (MP3 output only)'
            cand --api-key-file 'Read the API key from this file (first line; keeps the key out of the process list)'
            cand --region 'API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com)'
            cand --base-url 'API base URL (https://… or http://host:port); overrides --region'
            cand --config 'Config file [default: <config dir>/minimax-tts/config.toml]'
            cand --retries 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]'
            cand --timeout 'Seconds to wait for the server before giving up on a step [default: 60]'
            cand --json 'Print one JSON result object on stdout'
            cand --english-normalization 'Read numbers, dates and units in English text as words'
            cand -v 'Log protocol events to stderr (never the API key)'
            cand --verbose 'Log protocol events to stderr (never the API key)'
            cand -q 'Print nothing on success'
            cand --quiet 'Print nothing on success'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'minimax-tts;stream'= {
            cand -f 'Read the text from FILE (a FIFO works) instead of stdin'
            cand --file 'Read the text from FILE (a FIFO works) instead of stdin'
            cand -o 'Also write the whole speech to FILE (''-'' = stdout, as it arrives)'
            cand --output 'Also write the whole speech to FILE (''-'' = stdout, as it arrives)'
            cand --format 'Audio format [default: from the -o extension, else mp3]'
            cand --flush-after 'Speak a pending fragment after this many milliseconds without new input [default: 800]'
            cand --play 'Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]'
            cand --preroll 'Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]'
            cand --device 'Audio output device (see `minimax-tts devices`) [default: the system default]'
            cand -m 'Model, e.g. speech-2.8-hd, speech-2.8-turbo, speech-2.6-hd [default: speech-2.8-hd]'
            cand --model 'Model, e.g. speech-2.8-hd, speech-2.8-turbo, speech-2.6-hd [default: speech-2.8-hd]'
            cand --voice 'Voice id (see `minimax-tts voices`) [default: English_expressive_narrator]'
            cand --speed 'Speed, 0.5 to 2 [default: 1]'
            cand --vol 'Volume, above 0 up to 10 [default: 1]'
            cand --pitch 'Pitch in semitones, -12 to 12 [default: 0]'
            cand --emotion 'Emotion [default: chosen by the model]'
            cand --language-boost 'Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …'
            cand --pronounce 'Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"'
            cand --sample-rate 'Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000]'
            cand --bitrate 'MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 [default: 128000]'
            cand --channels 'Channels: 1 or 2 [default: 1]'
            cand --effect-pitch 'Voice effect: shift pitch, -100 (deeper) to 100 (brighter)'
            cand --effect-intensity 'Voice effect: intensity, -100 (softer) to 100 (stronger)'
            cand --effect-timbre 'Voice effect: timbre, -100 (fuller) to 100 (crisper)'
            cand --sound-effect 'Voice effect: a sound effect (MP3 output only)'
            cand --api-key-file 'Read the API key from this file (first line; keeps the key out of the process list)'
            cand --region 'API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com)'
            cand --base-url 'API base URL (https://… or http://host:port); overrides --region'
            cand --config 'Config file [default: <config dir>/minimax-tts/config.toml]'
            cand --retries 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]'
            cand --timeout 'Seconds to wait for the server before giving up on a step [default: 60]'
            cand --echo 'Print each segment''s text when its audio starts playing (live captions); to stderr when stdout carries audio or JSON'
            cand --json 'Print NDJSON: one event per segment, then a summary'
            cand --english-normalization 'Read numbers, dates and units in English text as words'
            cand -v 'Log protocol events to stderr (never the API key)'
            cand --verbose 'Log protocol events to stderr (never the API key)'
            cand -q 'Print nothing on success'
            cand --quiet 'Print nothing on success'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'minimax-tts;devices'= {
            cand --api-key-file 'Read the API key from this file (first line; keeps the key out of the process list)'
            cand --region 'API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com)'
            cand --base-url 'API base URL (https://… or http://host:port); overrides --region'
            cand --config 'Config file [default: <config dir>/minimax-tts/config.toml]'
            cand --retries 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]'
            cand --timeout 'Seconds to wait for the server before giving up on a step [default: 60]'
            cand -v 'Log protocol events to stderr (never the API key)'
            cand --verbose 'Log protocol events to stderr (never the API key)'
            cand -q 'Print nothing on success'
            cand --quiet 'Print nothing on success'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'minimax-tts;generate-assets'= {
            cand --api-key-file 'Read the API key from this file (first line; keeps the key out of the process list)'
            cand --region 'API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com)'
            cand --base-url 'API base URL (https://… or http://host:port); overrides --region'
            cand --config 'Config file [default: <config dir>/minimax-tts/config.toml]'
            cand --retries 'Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]'
            cand --timeout 'Seconds to wait for the server before giving up on a step [default: 60]'
            cand -v 'Log protocol events to stderr (never the API key)'
            cand --verbose 'Log protocol events to stderr (never the API key)'
            cand -q 'Print nothing on success'
            cand --quiet 'Print nothing on success'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'minimax-tts;help'= {
            cand speak 'Speak text: play it as it arrives, and/or write the audio to a file or stdout'
            cand stream 'Speak text as it arrives on stdin (or a file or FIFO), sentence by sentence'
            cand devices 'List the audio output devices (the default one is marked with *)'
            cand generate-assets 'Write shell completions and man pages (for packagers and the repository)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'minimax-tts;help;speak'= {
        }
        &'minimax-tts;help;stream'= {
        }
        &'minimax-tts;help;devices'= {
        }
        &'minimax-tts;help;generate-assets'= {
        }
        &'minimax-tts;help;help'= {
        }
    ]
    $completions[$command]
}
