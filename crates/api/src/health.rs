//! The partnership health check: each partner answers the five questions
//! on their own; neither sees the other's answers until both have
//! answered. Beside them, signals computed from the roadmap's data.

use accord_domain::health::{self, DEFAULT_INTERVAL_DAYS, QUESTIONS};
use accord_domain::{HistoryAction, ProfileId, RoadmapId, PARTNERS};
use accord_store::meetings::{self, HealthRow};
use accord_store::{decisions, proposals, settings};
use chrono::{DateTime, Datelike, Duration, Utc};

use crate::record::record_roadmap;
use crate::{
    Accord, AnswerHealthCheck, ApiError, ApiResult, ErrorCode, HealthRound, HealthSignals, HealthView, PartnerAnswers,
    QuarterCount, SetHealthInterval,
};

fn interval_key(roadmap_id: RoadmapId) -> String {
    format!("health_interval_days:{roadmap_id}")
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

fn quarter_of(t: DateTime<Utc>) -> String {
    format!("{}-Q{}", t.year(), (t.month() - 1) / 3 + 1)
}

fn answers(row: &HealthRow) -> PartnerAnswers {
    PartnerAnswers {
        role: row.role,
        name: row.name.clone(),
        responses: row.responses.clone(),
        answered_at: row.answered_at.clone(),
        score: health::score(&row.responses),
    }
}

/// The rounds both partners answered, newest first, and the round open now.
fn rounds(rows: &[HealthRow]) -> (Vec<HealthRound>, i64) {
    let last = rows.iter().map(|r| r.round).max().unwrap_or(0);
    let mut complete = Vec::new();
    for round in 1..=last {
        let of: Vec<&HealthRow> = rows.iter().filter(|r| r.round == round).collect();
        if of.len() == PARTNERS.len() {
            let completed_at = of.iter().map(|r| r.answered_at.clone()).max().unwrap_or_default();
            complete.push(HealthRound { round, completed_at, answers: of.into_iter().map(answers).collect() });
        }
    }
    let open = if complete.last().map(|r| r.round) == Some(last) { last + 1 } else { last.max(1) };
    complete.reverse();
    (complete, open)
}

fn is_due(last_completed_at: Option<&str>, interval_days: i64) -> bool {
    match last_completed_at.and_then(parse_time) {
        Some(t) => Utc::now() - t >= Duration::days(interval_days),
        None => true,
    }
}

impl Accord {
    pub fn health_interval_days(&self, roadmap_id: RoadmapId) -> ApiResult<i64> {
        let v = settings::get(self.store.conn(), &interval_key(roadmap_id))?;
        Ok(v.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_INTERVAL_DAYS))
    }

    /// How often the check-in comes round: 7 to 182 days.
    pub fn set_health_interval(&mut self, actor: ProfileId, req: SetHealthInterval) -> ApiResult<i64> {
        let actor = self.profile(actor)?;
        accord_domain::authorize_position(actor.role)?;
        self.roadmap(req.roadmap_id)?;
        if !(7..=182).contains(&req.days) {
            return Err(ApiError::invalid(format!("a check-in comes every 7 to 182 days; {} is not", req.days)));
        }
        self.store.write(|tx| settings::set(tx, &interval_key(req.roadmap_id), &req.days.to_string()))?;
        Ok(req.days)
    }

    /// The health check as `viewer` may see it.
    pub fn health(&self, roadmap_id: RoadmapId, viewer: ProfileId) -> ApiResult<HealthView> {
        let viewer = self.profile(viewer)?;
        self.roadmap(roadmap_id)?;
        let rows = meetings::health_answers(self.store.conn(), roadmap_id)?;
        let (past, round) = rounds(&rows);
        let open: Vec<&HealthRow> = rows.iter().filter(|r| r.round == round).collect();
        let interval_days = self.health_interval_days(roadmap_id)?;
        let last_completed_at = past.first().map(|r| r.completed_at.clone());
        let due = is_due(last_completed_at.as_deref(), interval_days);
        Ok(HealthView {
            questions: QUESTIONS.iter().map(|q| q.to_string()).collect(),
            interval_days,
            round,
            answered: open.iter().map(|r| r.role).collect(),
            mine: open.iter().find(|r| r.role == viewer.role).map(|r| r.responses.clone()),
            past,
            due,
            last_completed_at,
            signals: self.health_signals(roadmap_id)?,
        })
    }

    /// A check-in is due: none completed within the interval.
    pub(crate) fn health_check_due(&self, roadmap_id: RoadmapId) -> ApiResult<bool> {
        let rows = meetings::health_answers(self.store.conn(), roadmap_id)?;
        let (past, _) = rounds(&rows);
        Ok(is_due(past.first().map(|r| r.completed_at.as_str()), self.health_interval_days(roadmap_id)?))
    }

    /// Both partners' answers to one check-in: refused until both have answered.
    pub fn health_answers(&self, roadmap_id: RoadmapId, round: i64) -> ApiResult<Vec<PartnerAnswers>> {
        self.roadmap(roadmap_id)?;
        let rows = meetings::health_answers(self.store.conn(), roadmap_id)?;
        let of: Vec<&HealthRow> = rows.iter().filter(|r| r.round == round).collect();
        if of.len() < PARTNERS.len() {
            let waiting: Vec<&str> =
                PARTNERS.iter().filter(|role| !of.iter().any(|r| r.role == **role)).map(|role| role.label()).collect();
            return Err(ApiError::new(
                ErrorCode::AnswersHidden,
                format!(
                    "the answers to check-in {round} stay hidden until both partners have answered; waiting for the {}",
                    waiting.join(" and the ")
                ),
            ));
        }
        Ok(of.into_iter().map(answers).collect())
    }

    /// A partner answers the open check-in, once.
    pub fn answer_health_check(&mut self, actor: ProfileId, req: AnswerHealthCheck) -> ApiResult<HealthView> {
        let actor = self.profile(actor)?;
        if !actor.role.is_partner() {
            return Err(ApiError::new(ErrorCode::Forbidden, "the health check is the EM's and the PM's to answer"));
        }
        self.roadmap(req.roadmap_id)?;
        let responses = health::validated_responses(req.responses)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let rows = meetings::health_answers(tx, req.roadmap_id)?;
            let (_, round) = rounds(&rows);
            if rows.iter().any(|r| r.round == round && r.role == actor.role) {
                return Err(ApiError::invalid(format!(
                    "the {} has already answered check-in {round}; answers are given once",
                    actor.role.label()
                )));
            }
            meetings::insert_health_answer(tx, req.roadmap_id, round, actor.role, actor.id, &responses, &at)?;
            let line = format!("check-in {round}");
            record_roadmap(tx, req.roadmap_id, &actor, &at, HistoryAction::HealthAnswered, "health_check", &line)?;
            Ok::<_, ApiError>(())
        })?;
        self.health(req.roadmap_id, actor.id)
    }

    fn health_signals(&self, roadmap_id: RoadmapId) -> ApiResult<HealthSignals> {
        let conn = self.store.conn();
        let now = Utc::now();
        let mut quarters: Vec<QuarterCount> = (0..4)
            .rev()
            .map(|back| {
                let t = now.checked_sub_months(chrono::Months::new(3 * back)).unwrap_or(now);
                QuarterCount { quarter: quarter_of(t), count: 0 }
            })
            .collect();
        for at in decisions::escalated_at(conn, roadmap_id)? {
            if let Some(t) = parse_time(&at) {
                let q = quarter_of(t);
                if let Some(c) = quarters.iter_mut().find(|c| c.quarter == q) {
                    c.count += 1;
                }
            }
        }
        let answered = proposals::answered(conn, roadmap_id)?;
        let mut hours: Vec<f64> = answered
            .iter()
            .filter_map(|(_, filed, answered)| {
                Some((parse_time(answered)? - parse_time(filed)?).num_seconds() as f64 / 3600.0)
            })
            .collect();
        hours.sort_by(f64::total_cmp);
        let median = match hours.len() {
            0 => None,
            n if n % 2 == 1 => Some(hours[n / 2]),
            n => Some((hours[n / 2 - 1] + hours[n / 2]) / 2.0),
        };
        Ok(HealthSignals {
            escalations_per_quarter: quarters,
            proposals_answered: answered.len() as u32,
            proposals_declined: answered.iter().filter(|(accepted, _, _)| !accepted).count() as u32,
            median_answer_hours: median.map(|h| (h * 10.0).round() / 10.0),
        })
    }
}
