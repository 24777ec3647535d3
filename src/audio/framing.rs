//! How an output frames the audio it is given, as a value (so it can be chosen before
//! the output is opened), and the [`Framer`] that does it.

use super::join::flac::FlacJoiner;
use super::join::mp3::Mp3Joiner;
use super::wav::PcmFramer;
use crate::sink::{AsGiven, Framer};
use crate::spec::{Codec, PcmLayout};

/// How a sink frames the audio it is given.
#[derive(Clone, Debug, Default)]
pub enum Framing {
    /// As given: one stream.
    #[default]
    Raw,
    /// PCM with a WAV header in front (one header with the real sizes, however many
    /// streams).
    Wav(PcmLayout),
    /// Raw PCM of a known layout (so its length can be measured).
    Pcm(PcmLayout),
    /// Several streams joined into one file (`audio::join`): MP3 without the streams'
    /// own headers and with one Info frame; FLAC decoded and encoded again (`force`:
    /// even a single stream). `lead` is written first (an ID3v2 tag); `comments` go
    /// into a joined FLAC's VORBIS_COMMENT.
    Mp3 { lead: Vec<u8> },
    Flac {
        comments: Vec<(String, String)>,
        force: bool,
    },
}

impl Framing {
    /// The framing of an output of `codec` audio: joined when it gets several streams,
    /// else as given (`wav`: a WAV header in front).
    pub fn of(codec: Codec, wav: Option<PcmLayout>, several: bool) -> Framing {
        if several {
            Framing::joined(codec, wav)
        } else {
            Framing::single(wav)
        }
    }

    /// One stream as given, with a WAV header in front for PCM of layout `wav`.
    pub fn single(wav: Option<PcmLayout>) -> Framing {
        wav.map_or(Framing::Raw, Framing::Wav)
    }

    /// How `codec` audio of several streams is joined (PCM and WAV need nothing: one
    /// header with the real sizes).
    fn joined(codec: Codec, wav: Option<PcmLayout>) -> Framing {
        match (codec, wav) {
            (_, Some(layout)) => Framing::Wav(layout),
            (Codec::Mp3, None) => Framing::Mp3 { lead: Vec::new() },
            (Codec::Flac, None) => Framing::Flac {
                comments: Vec::new(),
                force: false,
            },
            (Codec::Pcm | Codec::Opus, None) => Framing::Raw,
        }
    }

    /// The framer that writes this framing.
    pub fn framer(self) -> Box<dyn Framer> {
        match self {
            Framing::Raw => Box::new(AsGiven),
            Framing::Wav(layout) => Box::new(PcmFramer::wav(layout)),
            Framing::Pcm(layout) => Box::new(PcmFramer::raw(layout)),
            Framing::Mp3 { lead } => Box::new(Mp3Joiner::new(lead)),
            Framing::Flac { comments, force } => {
                let joiner = FlacJoiner::new(comments);
                Box::new(if force { joiner.forced() } else { joiner })
            }
        }
    }

    /// The framer that only measures what this framing would write (a production's
    /// first pass: a FLAC join counts samples instead of encoding them).
    pub fn measurer(self) -> Box<dyn Framer> {
        match self {
            Framing::Flac { .. } => Box::new(FlacJoiner::new(Vec::new()).measuring()),
            other => other.framer(),
        }
    }
}
