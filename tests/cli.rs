// The suite drives the binary with Unix facilities (signals, FIFOs, symlinks, chroot,
// ALSA's file plugin): it runs on Linux and macOS; on Windows the unit tests run.
#![cfg(unix)]

//! Integration tests: the real `minimax-tts` binary against the in-process fake server.

mod server;
mod support;

mod asyncjobs;
mod batch;
mod ci;
mod finish;
mod fish;
mod fuzz;
mod generated;
mod join;
mod playback;
mod proxy;
mod safety;
mod serve;
mod setup;
mod speak;
mod speak_faults;
mod speak_input;
mod standalone;
mod store;
mod stream;
mod transport;
mod voices;
