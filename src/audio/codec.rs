//! Opening a whole file or stream for decoding (symphonia): its format reader, its
//! audio track and a decoder for it, and reading its packets to the end.

use symphonia::core::codecs::audio::{AudioDecoder, AudioDecoderOptions};
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::packet::Packet;

/// A source opened for decoding.
pub struct Opened {
    pub reader: Box<dyn FormatReader>,
    pub decoder: Box<dyn AudioDecoder>,
    pub track: u32,
    /// The stored sample depth, when the container says.
    pub bits: Option<u32>,
}

/// Opens `source` (its kind hinted by `ext`).
pub fn open(source: Box<dyn MediaSource>, ext: &str) -> Result<Opened, String> {
    let stream = MediaSourceStream::new(source, Default::default());
    let mut hint = Hint::new();
    hint.with_extension(ext);
    let reader = symphonia::default::get_probe()
        .probe(
            &hint,
            stream,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|e| e.to_string())?;
    let track = reader
        .default_track(TrackType::Audio)
        .ok_or_else(|| "no audio track".to_string())?;
    let id = track.id;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|p| p.audio())
        .ok_or_else(|| "no audio parameters".to_string())?
        .clone();
    let decoder = symphonia::default::get_codecs()
        .make_audio_decoder(&params, &AudioDecoderOptions::default())
        .map_err(|e| e.to_string())?;
    Ok(Opened {
        reader,
        decoder,
        track: id,
        bits: params.bits_per_sample,
    })
}

impl Opened {
    /// The next packet of the audio track; `None` at the end (a stream that simply
    /// stops counts as ended).
    pub fn next_packet(&mut self) -> Result<Option<Packet>, String> {
        loop {
            match self.reader.next_packet() {
                Ok(Some(packet)) if packet.track_id == self.track => return Ok(Some(packet)),
                Ok(Some(_)) => continue,
                Ok(None) => return Ok(None),
                Err(symphonia::core::errors::Error::IoError(e))
                    if e.kind() == std::io::ErrorKind::UnexpectedEof =>
                {
                    return Ok(None);
                }
                Err(e) => return Err(e.to_string()),
            }
        }
    }
}
