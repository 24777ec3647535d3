//! PCM and WAV: raw 16-bit little-endian samples, with a RIFF/WAVE header in front for
//! WAV (one header with the real sizes, however many streams are joined).

use std::io;

use crate::sink::{Framer, Out};
use crate::spec::{PcmLayout, WAV_HEADER_LEN};

/// A RIFF/WAVE header for 16-bit little-endian PCM. `data_len: None` is a stream of
/// unknown length (sizes set to the maximum, as streaming tools do).
pub fn wav_header(spec: PcmLayout, data_len: Option<u64>) -> [u8; WAV_HEADER_LEN] {
    let data_len = data_len.map_or(u32::MAX, |n| u32::try_from(n).unwrap_or(u32::MAX));
    let riff_len = data_len.saturating_add(36);
    let block_align = spec.channels * 2;
    let byte_rate = spec.sample_rate * u32::from(block_align);
    let mut h = [0u8; WAV_HEADER_LEN];
    h[0..4].copy_from_slice(b"RIFF");
    h[4..8].copy_from_slice(&riff_len.to_le_bytes());
    h[8..12].copy_from_slice(b"WAVE");
    h[12..16].copy_from_slice(b"fmt ");
    h[16..20].copy_from_slice(&16u32.to_le_bytes());
    h[20..22].copy_from_slice(&1u16.to_le_bytes()); // PCM
    h[22..24].copy_from_slice(&spec.channels.to_le_bytes());
    h[24..28].copy_from_slice(&spec.sample_rate.to_le_bytes());
    h[28..32].copy_from_slice(&byte_rate.to_le_bytes());
    h[32..34].copy_from_slice(&block_align.to_le_bytes());
    h[34..36].copy_from_slice(&16u16.to_le_bytes());
    h[36..40].copy_from_slice(b"data");
    h[40..44].copy_from_slice(&data_len.to_le_bytes());
    h
}

/// Frames PCM of a known layout: streams simply follow each other; silence is zeros; the
/// length is measured from the bytes. `header`: WAV (a header in front, its sizes
/// written at the end where the output can be patched, "unknown" on a stream).
pub struct PcmFramer {
    layout: PcmLayout,
    header: bool,
    seekable: bool,
    /// Audio bytes written (after the header).
    audio: u64,
    marked: u64,
}

impl PcmFramer {
    pub fn wav(layout: PcmLayout) -> PcmFramer {
        PcmFramer::new(layout, true)
    }

    pub fn raw(layout: PcmLayout) -> PcmFramer {
        PcmFramer::new(layout, false)
    }

    fn new(layout: PcmLayout, header: bool) -> PcmFramer {
        PcmFramer {
            layout,
            header,
            seekable: false,
            audio: 0,
            marked: 0,
        }
    }
}

impl Framer for PcmFramer {
    fn begin(&mut self, seekable: bool, out: Out<'_>) -> io::Result<()> {
        self.seekable = seekable;
        if self.header {
            // A stream cannot seek back: its length stays "unknown".
            out(&wav_header(self.layout, seekable.then_some(0)))?;
        }
        Ok(())
    }

    fn start_stream(&mut self, _out: Out<'_>) -> io::Result<()> {
        Ok(())
    }

    fn feed(&mut self, bytes: &[u8], out: Out<'_>) -> io::Result<()> {
        self.audio += bytes.len() as u64;
        out(bytes)
    }

    fn silence(&mut self, ms: u64, out: Out<'_>) -> io::Result<bool> {
        let frames = u64::from(self.layout.sample_rate) * ms / 1000;
        let zeros = vec![0u8; (frames * u64::from(self.layout.channels) * 2) as usize];
        self.feed(&zeros, out)?;
        Ok(true)
    }

    fn finish(&mut self, _out: Out<'_>) -> io::Result<Option<(u64, Vec<u8>)>> {
        Ok((self.header && self.seekable)
            .then(|| (0, wav_header(self.layout, Some(self.audio)).to_vec())))
    }

    fn millis(&self) -> Option<f64> {
        let per_second = f64::from(self.layout.sample_rate) * f64::from(self.layout.channels) * 2.0;
        Some(self.audio as f64 * 1000.0 / per_second)
    }

    fn mark(&mut self) {
        self.marked = self.audio;
    }

    fn back_to_mark(&mut self) {
        self.audio = self.marked;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_header_fields() {
        let h = wav_header(
            PcmLayout {
                sample_rate: 16000,
                channels: 1,
            },
            Some(1000),
        );
        assert_eq!(&h[0..4], b"RIFF");
        assert_eq!(u32::from_le_bytes(h[4..8].try_into().unwrap()), 1036);
        assert_eq!(u32::from_le_bytes(h[24..28].try_into().unwrap()), 16000);
        assert_eq!(u32::from_le_bytes(h[28..32].try_into().unwrap()), 32000);
        assert_eq!(u32::from_le_bytes(h[40..44].try_into().unwrap()), 1000);
    }
}
