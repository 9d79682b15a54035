//! Discussion threads on items and decisions. A comment sits outside
//! anything signed, so it lapses nothing; it is kept as written and shows
//! in the history and in the weekly sync.

use accord_domain::{validate, Comment, HistoryAction, ItemId, Limits, ProfileId};
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
        let roadmap_id = match (req.item_id, req.decision_id) {
            (Some(id), None) => self.item(id)?.roadmap_id,
            (None, Some(id)) => crate::decisions::load(self.store.conn(), id)?.roadmap_id,
            _ => return Err(ApiError::invalid("a comment is on one item or one decision")),
        };
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
        self.comments_on(req.item_id, req.decision_id)?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| ApiError::not_found("comment", id))
    }

    /// An item's or a decision's thread, oldest first.
    pub fn comments_on(&self, item_id: Option<ItemId>, decision_id: Option<i64>) -> ApiResult<Vec<Comment>> {
        match (item_id, decision_id) {
            (Some(id), None) => {
                self.item(id)?;
            }
            (None, Some(id)) => {
                crate::decisions::load(self.store.conn(), id)?;
            }
            _ => return Err(ApiError::invalid("a thread is of one item or one decision")),
        }
        Ok(comments::thread(self.store.conn(), item_id, decision_id)?)
    }
}
