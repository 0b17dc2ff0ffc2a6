//! The four labels. Their ids are part of the export contract.

/// Variants are declared in id order so that the derived `Ord` sorts
/// annotations by `(start, end, label id)`, the order the export requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    Actor,
    Claim,
    Figure,
    Location,
}

impl Label {
    /// Display and shortcut order: keys `1`–`4`.
    pub const ALL: [Label; 4] = [Label::Claim, Label::Figure, Label::Actor, Label::Location];

    pub fn id(self) -> &'static str {
        match self {
            Label::Actor => "actor",
            Label::Claim => "claim",
            Label::Figure => "figure",
            Label::Location => "location",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Label::Actor => "Actor",
            Label::Claim => "Claim",
            Label::Figure => "Figure",
            Label::Location => "Location",
        }
    }

    /// Okabe–Ito colours, distinguishable with the common colour-vision
    /// deficiencies.
    pub fn color(self) -> &'static str {
        match self {
            Label::Claim => "#e69f00",
            Label::Figure => "#0072b2",
            Label::Actor => "#009e73",
            Label::Location => "#cc79a7",
        }
    }

    pub fn shortcut(self) -> char {
        match self {
            Label::Claim => '1',
            Label::Figure => '2',
            Label::Actor => '3',
            Label::Location => '4',
        }
    }

    pub fn from_id(id: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.id() == id)
    }

    pub fn from_shortcut(key: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| {
            let mut buf = [0; 4];
            l.shortcut().encode_utf8(&mut buf) == key
        })
    }
}
