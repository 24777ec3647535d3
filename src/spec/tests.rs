#[test]
fn one_duration_grammar() {
    use super::{parse_duration, parse_pause_ms};
    use std::time::Duration;
    assert_eq!(parse_pause_ms("400ms"), Ok(400));
    assert_eq!(parse_pause_ms("1.5s"), Ok(1500));
    assert_eq!(parse_pause_ms(" 0s "), Ok(0));
    assert_eq!(parse_pause_ms("10m"), Ok(600_000));
    assert!(parse_pause_ms("11m").unwrap_err().contains("10 minutes"));
    assert_eq!(parse_duration("30d"), Ok(Duration::from_secs(30 * 86_400)));
    assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5400)));
    assert_eq!(parse_duration("2w"), Ok(Duration::from_secs(14 * 86_400)));
    assert_eq!(parse_duration("12h"), Ok(Duration::from_secs(12 * 3600)));
    let bare = parse_duration("250").unwrap_err();
    assert!(bare.contains("needs a unit: 250ms"), "{bare}");
    for wrong in [
        "fast",
        "-1s",
        "3y",
        ".5s",
        "1.2.3s",
        "s",
        "",
        "1e3s",
        "99999999999w",
    ] {
        assert!(parse_duration(wrong).is_err(), "{wrong}");
    }
}

use super::*;

#[test]
fn values_are_checked_the_same_from_flags_and_files() {
    assert!("0.5".parse::<Speed>().is_ok() && "2".parse::<Speed>().is_ok());
    assert!("2.1".parse::<Speed>().is_err() && "fast".parse::<Speed>().is_err());
    assert!("0".parse::<Volume>().is_err() && "10".parse::<Volume>().is_ok());
    assert!("-12".parse::<Pitch>().is_ok() && "13".parse::<Pitch>().is_err());
    assert!("44100".parse::<SampleRate>().is_ok() && "4000".parse::<SampleRate>().is_err());
    assert!("3".parse::<Channels>().is_err());
    assert_eq!(
        "1e300".parse::<TimeoutSecs>().unwrap_err(),
        "timeout must be more than 0 and at most 3600 seconds, not 1e300"
    );
    assert!("9".parse::<Speed>().unwrap_err().ends_with("not 9"));
    assert!(" ".parse::<Language>().is_err());
    assert!("a/b".parse::<Pronunciation>().is_ok() && "nope".parse::<Pronunciation>().is_err());

    #[derive(Deserialize)]
    struct File {
        speed: Speed,
        rate: SampleRate,
    }
    let ok: File = toml::from_str("speed = 1\nrate = 24000").unwrap();
    assert_eq!((ok.speed.get(), ok.rate.get()), (1.0, 24000));
    let bad = toml::from_str::<File>("speed = 9\nrate = 24000")
        .err()
        .unwrap();
    assert!(
        bad.to_string().contains("speed must be between 0.5 and 2"),
        "{bad}"
    );
}

#[test]
fn wav_streams_pcm() {
    assert_eq!(AudioFormat::Wav.codec(), Codec::Pcm);
    assert_eq!(AudioFormat::from_extension("WAVE"), Some(AudioFormat::Wav));
    assert_eq!(AudioFormat::from_extension("opus"), Some(AudioFormat::Opus));
    assert_eq!(AudioFormat::from_extension("m4a"), None);
}
