//! The planning fields beside an item's matrix: the goals it serves, its
//! RICE factors and, for tech debt, its framing in business terms. Each is
//! owned like a dimension ([`Field::owner`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::item::string_enum;
use crate::{Field, Invalid, ItemKind, Limits};

pub type GoalId = i64;

string_enum!(Level {
    Low => "low",
    Medium => "medium",
    High => "high",
});

/// One business-terms sentence of a tech-debt item, with its level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Framing {
    pub level: Level,
    pub note: String,
}

/// The RICE impact scale: massive (3) to minimal (0.25).
pub const IMPACTS: [f64; 5] = [3.0, 2.0, 1.0, 0.5, 0.25];
/// The RICE confidence scale, in per cent.
pub const CONFIDENCES: [i64; 3] = [100, 80, 50];
/// The most effort one item may carry, in person-weeks.
pub const EFFORT_MAX: f64 = 10_000.0;
/// The most people per quarter an item may reach.
pub const REACH_MAX: i64 = 1_000_000_000;
/// Goals one item may serve.
pub const GOALS_MAX: usize = 20;

/// An item's planning fields. Everything is optional: a missing RICE
/// factor makes the score incomplete, never a guess.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Planning {
    /// The goals the item serves (part of its *why*: the PM's).
    #[serde(default)]
    pub goals: Vec<GoalId>,
    /// People per quarter (PM).
    #[serde(default)]
    pub reach: Option<i64>,
    /// 3, 2, 1, 0.5 or 0.25 (PM).
    #[serde(default)]
    pub impact: Option<f64>,
    /// 100, 80 or 50 per cent (either partner).
    #[serde(default)]
    pub confidence: Option<i64>,
    /// Person-weeks, above zero (EM).
    #[serde(default)]
    pub effort: Option<f64>,
    #[serde(default)]
    pub customer_impact: Option<Framing>,
    #[serde(default)]
    pub velocity_cost: Option<Framing>,
    #[serde(default)]
    pub incident_risk: Option<Framing>,
    /// The items this one needs first (EM), sorted.
    #[serde(default)]
    pub depends_on: Vec<crate::ItemId>,
}

/// A new value for one planning field, as a request carries it and a
/// proposal stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum PlanningValue {
    Goals(Vec<GoalId>),
    Reach(Option<i64>),
    Impact(Option<f64>),
    Confidence(Option<i64>),
    Effort(Option<f64>),
    CustomerImpact(Option<Framing>),
    VelocityCost(Option<Framing>),
    IncidentRisk(Option<Framing>),
    DependsOn(Vec<crate::ItemId>),
}

impl PlanningValue {
    pub fn field(&self) -> Field {
        match self {
            PlanningValue::Goals(_) => Field::Goals,
            PlanningValue::Reach(_) => Field::Reach,
            PlanningValue::Impact(_) => Field::Impact,
            PlanningValue::Confidence(_) => Field::Confidence,
            PlanningValue::Effort(_) => Field::Effort,
            PlanningValue::CustomerImpact(_) => Field::CustomerImpact,
            PlanningValue::VelocityCost(_) => Field::VelocityCost,
            PlanningValue::IncidentRisk(_) => Field::IncidentRisk,
            PlanningValue::DependsOn(_) => Field::DependsOn,
        }
    }

    /// The value checked against its scale, with its text trimmed; goal
    /// ids are sorted and deduplicated (whether they exist is the api's to check).
    pub fn validated(self) -> Result<PlanningValue, Invalid> {
        let bad = |field, reason: &str| Invalid { field, reason: reason.into() };
        let framing = |field, f: Option<Framing>| -> Result<Option<Framing>, Invalid> {
            match f {
                None => Ok(None),
                Some(f) => {
                    let note = crate::validate::text(field, f.note.trim(), Limits::REASON_MAX)?;
                    if note.is_empty() {
                        return Err(bad(field, "say in a sentence what it costs, beside its level"));
                    }
                    Ok(Some(Framing { level: f.level, note }))
                }
            }
        };
        Ok(match self {
            PlanningValue::Goals(mut ids) => {
                ids.sort_unstable();
                ids.dedup();
                if ids.len() > GOALS_MAX {
                    return Err(bad("goals", &format!("an item serves at most {GOALS_MAX} goals")));
                }
                PlanningValue::Goals(ids)
            }
            PlanningValue::DependsOn(mut ids) => {
                ids.sort_unstable();
                ids.dedup();
                if ids.len() > crate::dependencies::DEPENDENCIES_MAX {
                    let max = crate::dependencies::DEPENDENCIES_MAX;
                    return Err(bad("depends on", &format!("an item depends on at most {max} others")));
                }
                PlanningValue::DependsOn(ids)
            }
            PlanningValue::Reach(Some(r)) if !(0..=REACH_MAX).contains(&r) => {
                return Err(bad("reach", &format!("is people per quarter, from 0 to {REACH_MAX}; {r} is not")))
            }
            PlanningValue::Impact(Some(i)) if !IMPACTS.contains(&i) => {
                return Err(bad("impact", &format!("is 3, 2, 1, 0.5 or 0.25 (massive to minimal); {i} is not")))
            }
            PlanningValue::Confidence(Some(c)) if !CONFIDENCES.contains(&c) => {
                return Err(bad("confidence", &format!("is 100, 80 or 50 %; {c} % is not")))
            }
            PlanningValue::Effort(Some(e)) if !(e.is_finite() && e > 0.0 && e <= EFFORT_MAX) => {
                return Err(bad("effort", &format!("is person-weeks above 0, at most {EFFORT_MAX}; {e} is not")))
            }
            PlanningValue::CustomerImpact(f) => PlanningValue::CustomerImpact(framing("customer impact", f)?),
            PlanningValue::VelocityCost(f) => PlanningValue::VelocityCost(framing("team velocity", f)?),
            PlanningValue::IncidentRisk(f) => PlanningValue::IncidentRisk(framing("incident risk", f)?),
            v => v,
        })
    }

    /// The value as one line of history (and the body of a proposal).
    pub fn to_text(&self) -> String {
        fn num(v: Option<f64>) -> String {
            v.map(|v| v.to_string()).unwrap_or_default()
        }
        fn framing(f: &Option<Framing>) -> String {
            f.as_ref().map(|f| format!("{}: {}", f.level.as_str(), f.note)).unwrap_or_default()
        }
        match self {
            PlanningValue::Goals(ids) | PlanningValue::DependsOn(ids) => {
                ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
            }
            PlanningValue::Reach(v) => v.map(|v| v.to_string()).unwrap_or_default(),
            PlanningValue::Impact(v) => num(*v),
            PlanningValue::Confidence(v) => v.map(|v| format!("{v}%")).unwrap_or_default(),
            PlanningValue::Effort(v) => num(*v),
            PlanningValue::CustomerImpact(f) | PlanningValue::VelocityCost(f) | PlanningValue::IncidentRisk(f) => {
                framing(f)
            }
        }
    }
}

impl Planning {
    pub fn get(&self, field: Field) -> Option<PlanningValue> {
        Some(match field {
            Field::Goals => PlanningValue::Goals(self.goals.clone()),
            Field::Reach => PlanningValue::Reach(self.reach),
            Field::Impact => PlanningValue::Impact(self.impact),
            Field::Confidence => PlanningValue::Confidence(self.confidence),
            Field::Effort => PlanningValue::Effort(self.effort),
            Field::CustomerImpact => PlanningValue::CustomerImpact(self.customer_impact.clone()),
            Field::VelocityCost => PlanningValue::VelocityCost(self.velocity_cost.clone()),
            Field::IncidentRisk => PlanningValue::IncidentRisk(self.incident_risk.clone()),
            Field::DependsOn => PlanningValue::DependsOn(self.depends_on.clone()),
            _ => return None,
        })
    }

    pub fn set(&mut self, value: PlanningValue) {
        match value {
            PlanningValue::Goals(v) => self.goals = v,
            PlanningValue::Reach(v) => self.reach = v,
            PlanningValue::Impact(v) => self.impact = v,
            PlanningValue::Confidence(v) => self.confidence = v,
            PlanningValue::Effort(v) => self.effort = v,
            PlanningValue::CustomerImpact(v) => self.customer_impact = v,
            PlanningValue::VelocityCost(v) => self.velocity_cost = v,
            PlanningValue::IncidentRisk(v) => self.incident_risk = v,
            PlanningValue::DependsOn(v) => self.depends_on = v,
        }
    }

    /// RICE: reach × impact × confidence ÷ effort, or `None` while a factor is missing.
    pub fn score(&self) -> Option<f64> {
        let (r, i, c, e) = (self.reach?, self.impact?, self.confidence?, self.effort?);
        Some(r as f64 * i * (c as f64 / 100.0) / e)
    }

    /// The RICE factors not yet given.
    pub fn missing_factors(&self) -> Vec<Field> {
        let mut out = Vec::new();
        if self.reach.is_none() {
            out.push(Field::Reach);
        }
        if self.impact.is_none() {
            out.push(Field::Impact);
        }
        if self.confidence.is_none() {
            out.push(Field::Confidence);
        }
        if self.effort.is_none() {
            out.push(Field::Effort);
        }
        out
    }

    /// The business-terms framing a tech-debt item still lacks.
    pub fn missing_framing(&self) -> Vec<Field> {
        [
            (Field::CustomerImpact, &self.customer_impact),
            (Field::VelocityCost, &self.velocity_cost),
            (Field::IncidentRisk, &self.incident_risk),
        ]
        .into_iter()
        .filter(|(_, f)| f.is_none())
        .map(|(field, _)| field)
        .collect()
    }
}

/// Why an item cannot be committed yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\u{201c}{title}\u{201d} is tech debt: before it is committed, the EM frames its {missing} in business terms")]
pub struct FramingMissing {
    pub title: String,
    pub missing: String,
}

/// A tech-debt item is committed (planned or later) only once the EM has
/// framed its customer impact, velocity cost and incident risk.
pub fn check_commitment(
    title: &str,
    kind: ItemKind,
    committed: bool,
    planning: &Planning,
) -> Result<(), FramingMissing> {
    if kind != ItemKind::TechDebt || !committed {
        return Ok(());
    }
    let missing = planning.missing_framing();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing.iter().map(|f| f.label().to_lowercase()).collect();
    Err(FramingMissing { title: title.to_string(), missing: names.join(", ") })
}

/// How far an item's place in the rank may sit from its place by score
/// before the gap is marked: a quarter of the scored items, at least 3.
pub fn rank_gap_limit(scored: usize) -> usize {
    (scored / 4).max(3)
}

/// Where a reorder asks an item to go: just above or just below another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "place", content = "item_id", rename_all = "snake_case")]
pub enum RankTarget {
    Above(crate::ItemId),
    Below(crate::ItemId),
}

impl PlanningValue {
    /// Reads back what [`PlanningValue::to_text`] wrote (an undo restores
    /// the value a history line holds).
    pub fn from_text(field: Field, text: &str) -> Option<PlanningValue> {
        let t = text.trim();
        let num = |t: &str| if t.is_empty() { Some(None) } else { t.parse::<f64>().ok().map(Some) };
        let framing = |t: &str| -> Option<Option<Framing>> {
            if t.is_empty() {
                return Some(None);
            }
            let (level, note) = t.split_once(": ")?;
            Some(Some(Framing { level: Level::parse(level)?, note: note.to_string() }))
        };
        let ids = |t: &str| -> Option<Vec<i64>> {
            if t.is_empty() {
                return Some(Vec::new());
            }
            t.split(',').map(|s| s.trim().parse().ok()).collect()
        };
        Some(match field {
            Field::Goals => PlanningValue::Goals(ids(t)?),
            Field::DependsOn => PlanningValue::DependsOn(ids(t)?),
            Field::Reach => PlanningValue::Reach(if t.is_empty() { None } else { Some(t.parse().ok()?) }),
            Field::Impact => PlanningValue::Impact(num(t)?),
            Field::Confidence => PlanningValue::Confidence(match t.strip_suffix('%') {
                Some(c) => Some(c.parse().ok()?),
                None if t.is_empty() => None,
                None => return None,
            }),
            Field::Effort => PlanningValue::Effort(num(t)?),
            Field::CustomerImpact => PlanningValue::CustomerImpact(framing(t)?),
            Field::VelocityCost => PlanningValue::VelocityCost(framing(t)?),
            Field::IncidentRisk => PlanningValue::IncidentRisk(framing(t)?),
            _ => return None,
        })
    }
}
