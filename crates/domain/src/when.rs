//! The structured *when*: a target (a quarter, a month, a date, or
//! now / next / later), a confidence and a note.
//!
//! An item keeps its *when* as one line of text in a canonical form that
//! reads back exactly ([`When::render`] / [`When::parse`]), so every path
//! that carries a dimension's text (edits, proposals, history, undo,
//! planning-session ops) carries the structure unchanged. Free text, as
//! written before the structure existed or as a spreadsheet holds it, is
//! read by [`When::read_free`], which keeps what it cannot place as the note.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::planning::Level;

/// Where an item is aimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Quarter { year: i32, quarter: u8 },
    Month { year: i32, month: u8 },
    Date { year: i32, month: u8, day: u8 },
    Now,
    Next,
    Later,
}

/// A calendar day, for comparing targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A calendar quarter: a timeline column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub struct Quarter {
    pub year: i32,
    pub quarter: u8,
}

impl Quarter {
    pub fn of(day: Day) -> Quarter {
        Quarter { year: day.year, quarter: (day.month - 1) / 3 + 1 }
    }

    pub fn next(self) -> Quarter {
        if self.quarter == 4 {
            Quarter { year: self.year + 1, quarter: 1 }
        } else {
            Quarter { year: self.year, quarter: self.quarter + 1 }
        }
    }

    pub fn previous(self) -> Quarter {
        if self.quarter == 1 {
            Quarter { year: self.year - 1, quarter: 4 }
        } else {
            Quarter { year: self.year, quarter: self.quarter - 1 }
        }
    }

    pub fn label(self) -> String {
        format!("{}-Q{}", self.year, self.quarter)
    }

    fn last_day(self) -> Day {
        let month = self.quarter * 3;
        Day { year: self.year, month, day: days_in_month(self.year, month) }
    }
}

/// The years a target may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl Target {
    pub fn validated(self) -> Option<Target> {
        let ok = match self {
            Target::Quarter { year, quarter } => YEARS.contains(&year) && (1..=4).contains(&quarter),
            Target::Month { year, month } => YEARS.contains(&year) && (1..=12).contains(&month),
            Target::Date { year, month, day } => {
                YEARS.contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
            }
            Target::Now | Target::Next | Target::Later => true,
        };
        ok.then_some(self)
    }

    pub fn label(self) -> String {
        match self {
            Target::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Target::Month { year, month } => format!("{year}-{month:02}"),
            Target::Date { year, month, day } => format!("{year}-{month:02}-{day:02}"),
            Target::Now => "now".into(),
            Target::Next => "next".into(),
            Target::Later => "later".into(),
        }
    }

    /// The quarter the target falls in, seen from `today`: now is this
    /// quarter, next the one after; later has none.
    pub fn quarter(self, today: Day) -> Option<Quarter> {
        match self {
            Target::Quarter { year, quarter } => Some(Quarter { year, quarter }),
            Target::Month { year, month } | Target::Date { year, month, .. } => {
                Some(Quarter::of(Day { year, month, day: 1 }))
            }
            Target::Now => Some(Quarter::of(today)),
            Target::Next => Some(Quarter::of(today).next()),
            Target::Later => None,
        }
    }

    /// The last day the target allows, seen from `today`; later is after
    /// every day.
    pub fn deadline(self, today: Day) -> Day {
        match self {
            Target::Month { year, month } => Day { year, month, day: days_in_month(year, month) },
            Target::Date { year, month, day } => Day { year, month, day },
            Target::Later => Day { year: i32::MAX, month: 12, day: 31 },
            t => t.quarter(today).map(Quarter::last_day).unwrap_or(Day { year: i32::MAX, month: 12, day: 31 }),
        }
    }

    /// The same target moved to another quarter: a quarter stays a quarter;
    /// a month or a date keeps its place within the quarter; now, next and
    /// later become that quarter.
    pub fn in_quarter(self, to: Quarter) -> Target {
        let first_month = (to.quarter - 1) * 3 + 1;
        match self {
            Target::Month { month, .. } => Target::Month { year: to.year, month: first_month + (month - 1) % 3 },
            Target::Date { month, day, .. } => {
                let month = first_month + (month - 1) % 3;
                Target::Date { year: to.year, month, day: day.min(days_in_month(to.year, month)) }
            }
            _ => Target::Quarter { year: to.year, quarter: to.quarter },
        }
    }

    fn parse_label(s: &str) -> Option<Target> {
        let t = match s {
            "now" => Target::Now,
            "next" => Target::Next,
            "later" => Target::Later,
            _ => {
                let num = |p: &str, len: usize| {
                    (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten()
                };
                let parts: Vec<&str> = s.split('-').collect();
                match parts.as_slice() {
                    [y, q] if q.starts_with('Q') => {
                        Target::Quarter { year: num(y, 4)?, quarter: num(&q[1..], 1)? as u8 }
                    }
                    [y, m] => Target::Month { year: num(y, 4)?, month: num(m, 2)? as u8 },
                    [y, m, d] => Target::Date { year: num(y, 4)?, month: num(m, 2)? as u8, day: num(d, 2)? as u8 },
                    _ => return None,
                }
            }
        };
        t.validated()
    }
}

/// An item's *when*.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct When {
    #[serde(default)]
    pub target: Option<Target>,
    #[serde(default)]
    pub confidence: Option<Level>,
    #[serde(default)]
    pub note: String,
}

const NO_TARGET: &str = "no target";
const NOTE_MARK: &str = " \u{2014} ";
const PART_MARK: &str = " \u{b7} ";

impl When {
    pub fn is_empty(&self) -> bool {
        self.target.is_none() && self.confidence.is_none() && self.note.is_empty()
    }

    /// The canonical line: `2027-Q1 · high confidence — note`, `no target — note`.
    pub fn render(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut out = self.target.map_or_else(|| NO_TARGET.to_string(), Target::label);
        if let Some(c) = self.confidence {
            out.push_str(PART_MARK);
            out.push_str(c.as_str());
            out.push_str(" confidence");
        }
        if !self.note.is_empty() {
            out.push_str(NOTE_MARK);
            out.push_str(&self.note);
        }
        out
    }

    /// Reads the canonical line back; anything else is read as free text.
    pub fn parse(text: &str) -> When {
        Self::parse_canonical(text).unwrap_or_else(|| Self::read_free(text))
    }

    fn parse_canonical(text: &str) -> Option<When> {
        if text.is_empty() {
            return Some(When::default());
        }
        let (head, note) = match text.split_once(NOTE_MARK) {
            Some((head, note)) => (head, note.to_string()),
            None => (text, String::new()),
        };
        let mut parts = head.split(PART_MARK);
        let first = parts.next()?;
        let target = if first == NO_TARGET { None } else { Some(Target::parse_label(first)?) };
        let confidence = match parts.next() {
            Some(c) => Some(Level::parse(c.strip_suffix(" confidence")?)?),
            None => None,
        };
        if parts.next().is_some() || (target.is_none() && confidence.is_none() && note.is_empty()) {
            return None;
        }
        Some(When { target, confidence, note })
    }

    /// Reads a *when* as people write it: "2027-Q1", "Q3 2027", "2027-03",
    /// "2027-03-31", "March 2027", "end of August 2027", "now". The first
    /// target found is taken; a confidence ("high confidence") likewise; the
    /// words left over are the note, so nothing written is lost.
    pub fn read_free(text: &str) -> When {
        crate::when_text::read_free(text)
    }

    /// The note trimmed and the target checked, as a request must be.
    pub fn validated(self) -> Result<When, crate::Invalid> {
        let target = match self.target {
            Some(t) => Some(t.validated().ok_or_else(|| crate::Invalid {
                field: "when",
                reason: format!(
                    "{} is not a day, month or quarter between {} and {}",
                    t.label(),
                    YEARS.start(),
                    YEARS.end()
                ),
            })?),
            None => None,
        };
        let note = crate::validate::text("when", self.note.trim(), crate::Limits::DIMENSION_MAX)?;
        Ok(When { target, confidence: self.confidence, note })
    }

    /// A *when* as a request carries it (the structure as JSON) or as a
    /// person types it (free text), in its canonical line.
    pub fn from_input(text: &str) -> Result<When, crate::Invalid> {
        let t = text.trim();
        if t.starts_with('{') {
            let when: When = serde_json::from_str(t).map_err(|e| crate::Invalid {
                field: "when",
                reason: format!("is not a target, confidence and note: {e}"),
            })?;
            // A note that names a target, with none chosen, gives it: "2027-Q1" typed as the note.
            let when = match when.target {
                None if !when.note.is_empty() => {
                    let read = When::read_free(&when.note);
                    match read.target {
                        Some(_) => When { confidence: when.confidence.or(read.confidence), ..read },
                        None => when,
                    }
                }
                _ => when,
            };
            return when.validated();
        }
        When::parse(t).validated()
    }
}
