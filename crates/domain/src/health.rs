//! The partnership health check: the five questions of the second seed,
//! answered by each partner on their own, revealed once both have answered.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::item::string_enum;
use crate::{validate, Invalid, Limits};

/// The seed's questions, in its order.
pub const QUESTIONS: [&str; 5] = [
    "Can you and the engineering team solve the right problem?",
    "Does your team work through the best solutions?",
    "Does your team have the right set of skills?",
    "Is each team motivated to solve the problem(s)?",
    "Are people in your team motivated to succeed in their careers?",
];

/// How often the check-in comes round unless the partners choose otherwise.
pub const DEFAULT_INTERVAL_DAYS: i64 = 28;

string_enum!(HealthAnswer {
    Yes => "yes",
    Partly => "partly",
    No => "no",
});

impl HealthAnswer {
    /// Points towards a check-in's score: yes 2, partly 1, no 0.
    pub fn points(self) -> i64 {
        match self {
            HealthAnswer::Yes => 2,
            HealthAnswer::Partly => 1,
            HealthAnswer::No => 0,
        }
    }
}

/// One partner's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HealthResponse {
    pub answer: HealthAnswer,
    pub note: String,
}

/// A partner's five answers, checked: one per question, notes bounded.
pub fn validated_responses(responses: Vec<HealthResponse>) -> Result<Vec<HealthResponse>, Invalid> {
    if responses.len() != QUESTIONS.len() {
        return Err(Invalid {
            field: "answers",
            reason: format!("answer each of the {} questions; {} answers were given", QUESTIONS.len(), responses.len()),
        });
    }
    responses
        .into_iter()
        .map(|r| {
            Ok(HealthResponse { answer: r.answer, note: validate::text("note", r.note.trim(), Limits::REASON_MAX)? })
        })
        .collect()
}

/// A check-in's score for one partner: 0 (all no) to 10 (all yes).
pub fn score(responses: &[HealthResponse]) -> i64 {
    responses.iter().map(|r| r.answer.points()).sum()
}
