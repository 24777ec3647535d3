//! What MiniMax's voice list does not say: a voice's language, guessed from its id.

/// A language guess from the id's prefix (MiniMax has no language field).
pub fn language(voice_id: &str) -> &'static str {
    let prefix = voice_id
        .split(['_', '-'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match prefix.as_str() {
        "english" => "English",
        "chinese" | "male" | "female" | "presenter" | "audiobook" | "clever" | "cute"
        | "lovely" => "Chinese",
        "cantonese" => "Cantonese",
        "japanese" => "Japanese",
        "korean" => "Korean",
        "spanish" => "Spanish",
        "french" => "French",
        "german" => "German",
        "portuguese" => "Portuguese",
        "russian" => "Russian",
        "italian" => "Italian",
        "arabic" => "Arabic",
        "turkish" => "Turkish",
        "dutch" => "Dutch",
        "ukrainian" => "Ukrainian",
        "vietnamese" => "Vietnamese",
        "indonesian" => "Indonesian",
        "thai" => "Thai",
        "polish" => "Polish",
        "romanian" => "Romanian",
        "greek" => "Greek",
        "czech" => "Czech",
        "finnish" => "Finnish",
        "hindi" => "Hindi",
        _ => "",
    }
}
