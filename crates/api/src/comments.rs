//! Discussion threads on items and decisions. A comment sits outside
//! anything signed, so it lapses nothing; it is kept as written and shows
//! in the history and in the weekly sync.

use accord_domain::{validate, Comment, HistoryAction, ItemId, Limits, ProfileId, RoadmapId};
use accord_store::comments::{self, NewComment as NewRow};
use accord_store::history::{self, Change};

use crate::{Accord, ApiError, ApiResult, NewComment};

impl Accord {
    pub fn add_comment(&mut self, actor: ProfileId, req: NewComment) -> ApiResult<Comment> {
        let actor = self.profile(actor)?;
        if !actor.role.is_partner() {
            return Err(ApiError::new(crate::ErrorCode::Forbidden, "the EM and the PM discuss the roadmap here"));
        }
        let body = validate::text("comment", req.body.trim(), Limits::REASON_MAX)?;
        if body.is_empty() {
            return Err(ApiError::invalid("comment: write something first"));
        }
        let roadmap_id = self.thread_roadmap(req.item_id, req.decision_id)?;
        let at = accord_store::now();
        let id = self.store.write(|tx| {
            let row = NewRow {
                roadmap_id,
                item_id: req.item_id,
                decision_id: req.decision_id,
                field: req.field,
                author_id: actor.id,
                body: &body,
                at: &at,
            };
            let id = comments::insert(tx, &row)?;
            history::append(
                tx,
                &Change {
                    roadmap_id,
                    item_id: req.item_id,
                    decision_id: req.decision_id,
                    actor: &actor,
                    at: &at,
                    action: HistoryAction::Commented,
                    field: req.field.map_or("", |f| f.as_str()),
                    before: "",
                    after: &body,
                    undoes: None,
                },
            )?;
            Ok::<_, ApiError>(id)
        })?;
        comments::get(self.store.conn(), id)?.ok_or_else(|| ApiError::not_found("comment", id))
    }

    /// The roadmap of a thread: that of its one item or its one decision.
    pub(crate) fn thread_roadmap(&self, item_id: Option<ItemId>, decision_id: Option<i64>) -> ApiResult<RoadmapId> {
        match (item_id, decision_id) {
            (Some(id), None) => Ok(self.item(id)?.roadmap_id),
            (None, Some(id)) => Ok(crate::decisions::load(self.store.conn(), id)?.roadmap_id),
            _ => Err(ApiError::invalid("a comment and its thread are on one item or one decision")),
        }
    }

    /// An item's or a decision's thread, oldest first.
    pub fn comments_on(&self, item_id: Option<ItemId>, decision_id: Option<i64>) -> ApiResult<Vec<Comment>> {
        self.thread_roadmap(item_id, decision_id)?;
        Ok(comments::thread(self.store.conn(), item_id, decision_id)?)
    }
}
