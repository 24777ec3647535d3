//! What the user can do about a failure, as data. The engines say *what* helps (this
//! format, that provider, a longer timeout); each surface words it (`crate::error`): the
//! command line names its flags, a manifest row or a script its keys, `serve` OpenAI's
//! parameters, MCP the speak tool's arguments. No advice here names a flag.

use std::borrow::Cow;

use crate::spec::Provider;

/// Steps any of which helps, and a note to know besides.
#[derive(Clone, Debug, PartialEq)]
pub struct Advice {
    /// Alternatives (worded one after the other, "… , or …").
    pub steps: Vec<Step>,
    /// Worded after the steps ("…; note").
    pub note: Option<Cow<'static, str>>,
}

/// One thing to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Give an option this value, or one of these values (`mp3, wav or flac`).
    Use {
        option: &'static str,
        value: Cow<'static, str>,
    },
    /// Give an option (its value is the user's to choose).
    Give { option: &'static str },
    /// Add a switch.
    Add { option: &'static str },
    /// Lower an option's value (to about `example`).
    Lower {
        option: &'static str,
        example: Cow<'static, str>,
    },
    /// Choose another value for an option.
    Another { option: &'static str },
    /// Leave an option out.
    Drop { option: &'static str },
    /// Words about an option, said after its name (`vol` "is a gain factor: …").
    About {
        option: &'static str,
        words: Cow<'static, str>,
    },
    /// Use this provider.
    Provider(Provider),
    /// Check where requests go: the base URL, and (MiniMax) the region.
    Endpoint { region: bool },
    /// A MiniMax key works in its own region only.
    KeyRegion,
    /// Check the proxy, or bypass it.
    Proxy,
    /// Allow the service longer to answer.
    RaiseTimeout,
    /// Allow more retries.
    RaiseRetries,
    /// List the voices (of this provider) the key can use.
    ListVoices(Provider),
    /// List the voices the account made (clones, designs, models).
    ListOwnVoices(Provider),
    /// Give some text to speak.
    GiveText,
    /// Write to a file (where failed audio can be made again) instead of a stream.
    WriteToFile,
    /// See which options there are.
    SeeOptions,
    /// Report it (a failure that should not happen), with what shows the exchange.
    ReportIt,
    /// Plain words that name nothing a surface spells its own way.
    Say(Cow<'static, str>),
}

impl Advice {
    /// Advice of one step.
    pub fn to(step: Step) -> Advice {
        Advice {
            steps: vec![step],
            note: None,
        }
    }

    /// Plain words.
    pub fn say(words: impl Into<Cow<'static, str>>) -> Advice {
        Advice::to(Step::Say(words.into()))
    }

    /// Another step that helps as well.
    pub fn or(mut self, step: Step) -> Advice {
        self.steps.push(step);
        self
    }

    /// A note to know besides.
    pub fn noting(mut self, note: impl Into<Cow<'static, str>>) -> Advice {
        self.note = Some(note.into());
        self
    }

    /// The option the advice is first about (what a server names as the `param`).
    pub fn option(&self) -> Option<&'static str> {
        self.steps.iter().find_map(|step| match step {
            Step::Use { option, .. }
            | Step::Give { option }
            | Step::Add { option }
            | Step::Lower { option, .. }
            | Step::Another { option }
            | Step::Drop { option }
            | Step::About { option, .. } => Some(*option),
            _ => None,
        })
    }
}

impl Step {
    /// Give `option` the value `value`.
    pub fn use_value(option: &'static str, value: impl Into<Cow<'static, str>>) -> Step {
        Step::Use {
            option,
            value: value.into(),
        }
    }

    pub fn say(words: impl Into<Cow<'static, str>>) -> Step {
        Step::Say(words.into())
    }
}

impl From<Step> for Advice {
    fn from(step: Step) -> Advice {
        Advice::to(step)
    }
}

impl From<&'static str> for Advice {
    fn from(words: &'static str) -> Advice {
        Advice::say(words)
    }
}

impl From<String> for Advice {
    fn from(words: String) -> Advice {
        Advice::say(words)
    }
}
