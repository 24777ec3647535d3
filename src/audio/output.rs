//! Where decoded samples go: the system's audio device (cpal through rodio's mixer), or,
//! for tests and headless machines, an emulated device chosen by `MINIMAX_TTS_AUDIO_SINK`:
//! `wav:PATH` records what would have been played (after rodio's conversion to 48 kHz
//! stereo) at real-time pace, `null` discards at real-time pace; `wav-fast:PATH` and
//! `null-fast` do the same without pacing, and `none` behaves as if there were no device.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::num::NonZero;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rtrb::Consumer;

use super::Shared;
use super::decode::Spec;
use super::ring::{RingSource, samples_for};
use super::wav::wav_header;
use crate::spec::PcmLayout;

/// The emulated device's layout (a typical sound card's).
const EMULATED_RATE: u32 = 48_000;
const EMULATED_CHANNELS: u16 = 2;
/// Time for the device's own buffer to play out after the last sample was handed over.
#[cfg(feature = "device")]
const DRAIN: Duration = Duration::from_millis(200);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The system's audio device (the default one, or the one named).
    Device {
        name: Option<String>,
    },
    Wav {
        path: PathBuf,
        paced: bool,
    },
    Null {
        paced: bool,
    },
    /// As if no device existed (for testing that path).
    Unavailable,
    /// A device that plays a moment, then stops taking audio (an unplugged headset),
    /// for testing the stall watchdog.
    Stalling,
}

impl Backend {
    pub const ENV: &'static str = "MINIMAX_TTS_AUDIO_SINK";

    /// The device, unless `emulated` (the test suite's `MINIMAX_TTS_AUDIO_SINK`, read
    /// with the other settings) selects an emulated one.
    pub fn choose(emulated: Option<&str>, device: Option<String>) -> Result<Backend, String> {
        let Some(value) = emulated else {
            return Ok(Backend::Device { name: device });
        };
        let backend = match value.split_once(':') {
            Some(("wav", path)) if !path.is_empty() => Backend::Wav {
                path: path.into(),
                paced: true,
            },
            Some(("wav-fast", path)) if !path.is_empty() => Backend::Wav {
                path: path.into(),
                paced: false,
            },
            None if value == "null" => Backend::Null { paced: true },
            None if value == "null-fast" => Backend::Null { paced: false },
            None if value == "none" => Backend::Unavailable,
            None if value == "stall" => Backend::Stalling,
            None if value.is_empty() || value == "device" => Backend::Device { name: device },
            _ => {
                return Err(format!(
                    "{}={value:?} is not one of wav:PATH, wav-fast:PATH, null, null-fast, none, stall, device",
                    Self::ENV
                ));
            }
        };
        Ok(backend)
    }
}

pub(crate) const THREAD_NAME: &str = "audio-out";

/// Starts the output thread; returns once the output is open (or failed to open).
pub(crate) fn spawn(
    backend: Backend,
    consumer: Consumer<f32>,
    spec_rx: Receiver<Spec>,
    shared: Arc<Shared>,
    done: tokio::sync::oneshot::Sender<()>,
    preroll: Duration,
    stall: Duration,
) -> Result<JoinHandle<()>, String> {
    let (ready_tx, ready_rx) = mpsc::sync_channel::<Result<(), String>>(1);
    let thread = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .spawn(move || {
            let output = match Output::open(&backend) {
                Ok(output) => {
                    let _ = ready_tx.send(Ok(()));
                    output
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            crate::report::debug("audio", format_args!("output open ({})", output.describe()));
            output.play(consumer, spec_rx, preroll, stall, &shared);
            shared.output_closed.store(true, Ordering::Release);
            let _ = done.send(());
        })
        .map_err(|e| format!("cannot start the audio thread: {e}"))?;
    match ready_rx.recv() {
        Ok(Ok(())) => Ok(thread),
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(_) => {
            let _ = thread.join();
            Err("the audio thread ended unexpectedly".into())
        }
    }
}

enum Output {
    #[cfg(feature = "device")]
    Device(rodio::MixerDeviceSink),
    Stalling,
    Emulated {
        recording: Option<(PathBuf, BufWriter<File>)>,
        paced: bool,
    },
}

impl Output {
    fn open(backend: &Backend) -> Result<Output, String> {
        match backend {
            Backend::Unavailable => Err(format!("no audio device ({}=none)", Backend::ENV)),
            Backend::Stalling => Ok(Output::Stalling),
            Backend::Null { paced } => Ok(Output::Emulated {
                recording: None,
                paced: *paced,
            }),
            Backend::Wav { path, paced } => {
                let mut file = File::create(path)
                    .map(BufWriter::new)
                    .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                file.write_all(&wav_header(emulated_spec(), Some(0)))
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                Ok(Output::Emulated {
                    recording: Some((path.clone(), file)),
                    paced: *paced,
                })
            }
            #[cfg(feature = "device")]
            Backend::Device { name } => device::open(name.as_deref()).map(Output::Device),
            #[cfg(not(feature = "device"))]
            Backend::Device { .. } => {
                Err("this minimax-tts was built without audio device support".into())
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            #[cfg(feature = "device")]
            Output::Device(sink) => format!(
                "device, {} Hz × {} channels",
                sink.config().sample_rate(),
                sink.config().channel_count()
            ),
            Output::Stalling => "emulated device that stalls".into(),
            Output::Emulated {
                recording: Some((path, _)),
                paced,
            } => {
                format!(
                    "recording to {}{}",
                    path.display(),
                    if *paced { "" } else { ", unpaced" }
                )
            }
            Output::Emulated {
                recording: None,
                paced,
            } => {
                format!("discarding{}", if *paced { "" } else { ", unpaced" })
            }
        }
    }

    /// Plays the ring to its end (or until stopped).
    fn play(
        self,
        consumer: Consumer<f32>,
        spec_rx: Receiver<Spec>,
        preroll: Duration,
        stall: Duration,
        shared: &Arc<Shared>,
    ) {
        // The decoder sends the layout with its first samples; no layout = no audio at all.
        let Ok((rate, channels)) = spec_rx.recv() else {
            return;
        };
        // Never more than the ring holds, or playback would wait forever.
        let preroll = samples_for(preroll, rate, channels).min(consumer.buffer().capacity() / 2);
        while consumer.slots() < preroll
            && !shared.decode_done.load(Ordering::Acquire)
            && !shared.stop.load(Ordering::Relaxed)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        let paced_output = !matches!(self, Output::Emulated { paced: false, .. });
        let Some(source) = RingSource::new(consumer, shared.clone(), rate, channels, !paced_output)
        else {
            return;
        };
        match self {
            #[cfg(feature = "device")]
            Output::Device(sink) => {
                sink.mixer().add(source);
                wait_for_end(shared, stall);
                if shared.stalled.load(Ordering::Acquire) {
                    // A wedged device may block in its own teardown; leave it to the
                    // process exit rather than hang here.
                    std::mem::forget(sink);
                    return;
                }
                if !shared.stop.load(Ordering::Relaxed) {
                    // Let the device play out its buffer: the last words are not cut.
                    std::thread::sleep(DRAIN);
                }
                drop(sink);
            }
            Output::Stalling => {
                let Some(mut mixed) = emulated_mixer(source) else {
                    return;
                };
                // A fifth of a second plays, then the callbacks stop for good.
                let moment = (EMULATED_RATE / 5) as usize * usize::from(EMULATED_CHANNELS);
                for _ in 0..moment {
                    if mixed.next().is_none() {
                        break;
                    }
                }
                wait_for_end(shared, stall);
            }
            Output::Emulated { recording, paced } => emulate(source, recording, paced),
        }
    }
}

/// Waits while the device plays the source to its end. A device that stops calling back
/// (unplugged, wedged) would leave this waiting forever: when nothing at all is taken
/// for `limit`, playback is stopped and marked stalled. Stopping (Ctrl-C) ends
/// the wait at once, whatever the device does.
fn wait_for_end(shared: &Shared, limit: Duration) {
    let progress =
        || shared.played.load(Ordering::Acquire) + shared.silent_pulls.load(Ordering::Relaxed);
    let mut last = progress();
    let mut since = Instant::now();
    while !shared.ended.load(Ordering::Acquire) && !shared.stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(5));
        let now = progress();
        if now != last {
            last = now;
            since = Instant::now();
        } else if since.elapsed() >= limit {
            shared.stalled.store(true, Ordering::Release);
            shared.stop.store(true, Ordering::SeqCst);
            return;
        }
    }
}

fn emulated_spec() -> PcmLayout {
    PcmLayout {
        sample_rate: EMULATED_RATE,
        channels: EMULATED_CHANNELS,
    }
}

/// rodio's mixer at the emulated device's layout, playing `source`: what a device's
/// callback would pull from.
fn emulated_mixer(source: RingSource) -> Option<rodio::mixer::MixerSource> {
    let channels = NonZero::new(EMULATED_CHANNELS)?;
    let rate = NonZero::new(EMULATED_RATE)?;
    let (mixer, mixed) = rodio::mixer::mixer(channels, rate);
    mixer.add(source);
    Some(mixed)
}

/// Pulls from rodio's mixer as a device callback would, in 10 ms blocks.
fn emulate(source: RingSource, recording: Option<(PathBuf, BufWriter<File>)>, paced: bool) {
    let Some(mut mixed) = emulated_mixer(source) else {
        return;
    };
    let block = (EMULATED_RATE / 100) as usize * usize::from(EMULATED_CHANNELS);
    let mut recording = recording;
    let mut bytes = Vec::with_capacity(block * 2);
    let mut data_len: u64 = 0;
    let mut frames: u64 = 0;
    let start = Instant::now();
    let mut finished = false;
    while !finished {
        bytes.clear();
        for _ in 0..block {
            match mixed.next() {
                Some(sample) => {
                    let value = (sample.clamp(-1.0, 1.0) * 32767.0).round() as i16;
                    bytes.extend_from_slice(&value.to_le_bytes());
                }
                None => {
                    finished = true;
                    break;
                }
            }
        }
        frames += (bytes.len() / 2 / usize::from(EMULATED_CHANNELS)) as u64;
        if let Some((_, file)) = recording.as_mut() {
            if file.write_all(&bytes).is_err() {
                recording = None;
            } else {
                data_len += bytes.len() as u64;
            }
        }
        if paced {
            let due = start + Duration::from_secs_f64(frames as f64 / f64::from(EMULATED_RATE));
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
    }
    if let Some((path, mut file)) = recording {
        let result = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| file.write_all(&wav_header(emulated_spec(), Some(data_len))))
            .and_then(|_| file.flush());
        if let Err(e) = result {
            crate::report::warn(format_args!("cannot finish {}: {e}", path.display()));
        }
    }
}

/// An output device as `devices` lists it.
#[derive(Clone, Debug)]
pub struct DeviceInfo {
    /// What `--device` takes (e.g. `hw:0,0`, `default`).
    pub id: String,
    /// The system's description of it.
    pub name: String,
    pub is_default: bool,
}

/// The output devices, the default one marked.
pub fn list_devices() -> Result<Vec<DeviceInfo>, String> {
    #[cfg(feature = "device")]
    {
        device::list()
    }
    #[cfg(not(feature = "device"))]
    {
        Err("this minimax-tts was built without audio device support".into())
    }
}

#[cfg(feature = "device")]
mod device {
    use std::time::{Duration, Instant};

    use rodio::cpal::traits::{DeviceTrait, HostTrait};
    use rodio::{DeviceSinkBuilder, MixerDeviceSink};

    use super::DeviceInfo;

    /// The id `--device` takes (`hw:0,0`, `default`, `pulse`), without the host prefix.
    fn device_id(device: &rodio::cpal::Device) -> Option<String> {
        device.id().ok().map(|id| id.id().to_string())
    }

    fn device_name(device: &rodio::cpal::Device) -> Option<String> {
        device.description().ok().map(|d| d.name().to_string())
    }

    fn describe(device: &rodio::cpal::Device) -> Option<DeviceInfo> {
        let id = device_id(device)?;
        let name = device_name(device).unwrap_or_else(|| id.clone());
        Some(DeviceInfo {
            id,
            name,
            is_default: false,
        })
    }

    /// Opens the default or named device. ALSA's own complaints (a wall of text when there
    /// is no sound card) are captured instead of printed; the error says it in one line.
    pub(super) fn open(name: Option<&str>) -> Result<MixerDeviceSink, String> {
        #[cfg(target_os = "linux")]
        let _alsa_messages = alsa::Output::local_error_handler().ok();
        let builder = match name {
            None => DeviceSinkBuilder::from_default_device()
                .map_err(|e| format!("no audio device ({e})"))?,
            Some(wanted) => {
                let device = find(wanted)?;
                DeviceSinkBuilder::from_device(device)
                    .map_err(|e| format!("cannot use audio device {wanted:?} ({e})"))?
            }
        };
        let mut sink = builder
            // A device's stream errors show as underruns and stalls (reported); rodio's
            // own printing of them would break the terminal's lines.
            .with_error_callback(|_| {})
            .open_sink_or_fallback()
            .map_err(|e| format!("cannot open the audio device ({e})"))?;
        sink.log_on_drop(false);
        let config = sink.config();
        sink.mixer()
            .add(WallClock::new(config.channel_count(), config.sample_rate()));
        Ok(sink)
    }

    /// How far ahead of the wall clock a device may take samples: more than a real
    /// device's buffer asks for at once, so only a device without a clock is held back.
    const LEAD: Duration = Duration::from_millis(500);
    /// How often (in samples' time) the clock is read.
    const CHECK_EVERY: Duration = Duration::from_millis(10);

    /// A silent source that holds the device's callback to real time. A device without a
    /// clock of its own (ALSA's `file` plugin on `null`, as recording rigs and CI audio
    /// checks use) takes samples as fast as they are made: rodio's mixer would then make
    /// silence as fast as the CPU can, writing gigabytes of it. Mixed in from the moment
    /// the device opens, this makes the callback wait whenever the device has taken more
    /// than [`LEAD`] beyond the time that has passed; a real device never gets that far
    /// ahead, so it never waits.
    struct WallClock {
        channels: rodio::ChannelCount,
        rate: rodio::SampleRate,
        started: Option<Instant>,
        pulled: u64,
        per_second: f64,
        lead: u64,
        check_every: u64,
    }

    impl WallClock {
        fn new(channels: rodio::ChannelCount, rate: rodio::SampleRate) -> WallClock {
            let per_second = f64::from(rate.get()) * f64::from(channels.get());
            WallClock {
                channels,
                rate,
                started: None,
                pulled: 0,
                per_second,
                lead: (LEAD.as_secs_f64() * per_second) as u64,
                check_every: ((CHECK_EVERY.as_secs_f64() * per_second) as u64).max(1),
            }
        }
    }

    impl Iterator for WallClock {
        type Item = f32;

        fn next(&mut self) -> Option<f32> {
            let started = *self.started.get_or_insert_with(Instant::now);
            self.pulled += 1;
            if self.pulled.is_multiple_of(self.check_every) && self.pulled > self.lead {
                let due = started
                    + Duration::from_secs_f64((self.pulled - self.lead) as f64 / self.per_second);
                let now = Instant::now();
                if due > now {
                    std::thread::sleep(due - now);
                }
            }
            Some(0.0)
        }
    }

    impl rodio::Source for WallClock {
        fn current_span_len(&self) -> Option<usize> {
            None
        }

        fn channels(&self) -> rodio::ChannelCount {
            self.channels
        }

        fn sample_rate(&self) -> rodio::SampleRate {
            self.rate
        }

        fn total_duration(&self) -> Option<Duration> {
            None
        }
    }

    /// A device by exact id or name, else the one device whose id or name contains
    /// `wanted` (ignoring case).
    fn find(wanted: &str) -> Result<rodio::cpal::Device, String> {
        let host = rodio::cpal::default_host();
        let devices: Vec<(DeviceInfo, rodio::cpal::Device)> = host
            .output_devices()
            .map_err(|e| format!("cannot list audio devices ({e})"))?
            .filter_map(|d| describe(&d).map(|info| (info, d)))
            .collect();
        if let Some((_, d)) = devices
            .iter()
            .find(|(info, _)| info.id == wanted || info.name == wanted)
        {
            return Ok(d.clone());
        }
        let lower = wanted.to_lowercase();
        let mut matches = devices.iter().filter(|(info, _)| {
            info.id.to_lowercase().contains(&lower) || info.name.to_lowercase().contains(&lower)
        });
        match (matches.next(), matches.next()) {
            (Some((_, d)), None) => Ok(d.clone()),
            _ => Err(format!(
                "no single audio device matches {wanted:?} (devices: {}; see `minimax-tts devices`)",
                devices
                    .iter()
                    .map(|(info, _)| info.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    pub(super) fn list() -> Result<Vec<DeviceInfo>, String> {
        #[cfg(target_os = "linux")]
        let _alsa_messages = alsa::Output::local_error_handler().ok();
        let host = rodio::cpal::default_host();
        let default = host.default_output_device().and_then(|d| device_id(&d));
        let devices = host
            .output_devices()
            .map_err(|e| format!("cannot list audio devices ({e})"))?;
        Ok(devices
            .filter_map(|d| describe(&d))
            .map(|mut info| {
                info.is_default = Some(&info.id) == default.as_ref();
                info
            })
            .collect())
    }
}
