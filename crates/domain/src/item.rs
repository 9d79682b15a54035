//! Item attributes outside the ownership matrix.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! string_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(ItemStatus {
    Idea => "idea",
    Planned => "planned",
    InProgress => "in_progress",
    Shipped => "shipped",
    Dropped => "dropped",
});

impl ItemStatus {
    /// The status as a sentence says it.
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Idea => "an idea",
            ItemStatus::Planned => "planned",
            ItemStatus::InProgress => "in progress",
            ItemStatus::Shipped => "shipped",
            ItemStatus::Dropped => "dropped",
        }
    }

    /// Planned or further along: the team has committed to it, so changes
    /// to its scope or date are trade-offs, not edits.
    pub fn is_committed(self) -> bool {
        matches!(self, ItemStatus::Planned | ItemStatus::InProgress | ItemStatus::Shipped)
    }
}

string_enum!(ItemKind {
    Feature => "feature",
    TechDebt => "tech_debt",
    Experiment => "experiment",
});

/// When an item is expected: a coarse bucket, or a calendar quarter.
/// Carried as text (`now`, `next`, `later`, `2027-Q1`) and validated here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Horizon {
    Now,
    Next,
    Later,
    Quarter { year: u16, quarter: u8 },
}

impl Horizon {
    pub fn parse(s: &str) -> Option<Horizon> {
        match s {
            "now" => Some(Horizon::Now),
            "next" => Some(Horizon::Next),
            "later" => Some(Horizon::Later),
            _ => {
                let (year, q) = s.split_once("-Q")?;
                if year.len() != 4 || q.len() != 1 {
                    return None;
                }
                let year: u16 = year.parse().ok()?;
                let quarter: u8 = q.parse().ok()?;
                ((2000..=2100).contains(&year) && (1..=4).contains(&quarter))
                    .then_some(Horizon::Quarter { year, quarter })
            }
        }
    }

    pub fn to_text(&self) -> String {
        match self {
            Horizon::Now => "now".into(),
            Horizon::Next => "next".into(),
            Horizon::Later => "later".into(),
            Horizon::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
        }
    }
}
