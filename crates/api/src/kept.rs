//! The guest keeps the meeting: a host's roadmap as this machine last saw
//! it in a planning session (the document its PDF is made from), readable
//! and exportable offline afterwards, clearly the host's. The host's
//! people's public identities come with it, so the PDF verifies here too.

use accord_domain::{ExportDoc, ExportStatus, PublicKey};
use accord_store::session::{self, KeptRow};
use accord_store::signoffs;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Accord, ApiError, ApiResult, ErrorCode};

/// A host's roadmap kept here, as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KeptRoadmap {
    pub roadmap_uid: String,
    pub roadmap_name: String,
    /// Who hosted it ("Sam Okafor (EM)").
    pub host_name: String,
    pub host_key: String,
    /// When it was last seen.
    pub kept_at: String,
    pub items: u32,
    /// It matched a baseline both partners signed when last seen.
    pub signed_off: bool,
}

fn summary(row: &KeptRow, doc: &ExportDoc) -> KeptRoadmap {
    KeptRoadmap {
        roadmap_uid: row.roadmap_uid.clone(),
        roadmap_name: row.roadmap_name.clone(),
        host_name: row.host_name.clone(),
        host_key: row.host_key.clone(),
        kept_at: row.kept_at.clone(),
        items: u32::try_from(doc.snapshot.items.len()).unwrap_or(u32::MAX),
        signed_off: doc.status == ExportStatus::SignedOff,
    }
}

fn parse(row: &KeptRow) -> ApiResult<ExportDoc> {
    serde_json::from_str(&row.document).map_err(|e| {
        ApiError::new(ErrorCode::Storage, format!("the kept copy of “{}” is unreadable: {e}", row.roadmap_name))
    })
}

impl Accord {
    /// Keeps the host's roadmap as seen now (`doc`, from the host at
    /// `host_key`), replacing an earlier copy of the same roadmap, and
    /// learns the public identities it names that this machine does not
    /// know yet (a key already known keeps its name and role).
    pub fn keep_host_roadmap(&mut self, host_key: &str, host_name: &str, doc: &ExportDoc) -> ApiResult<KeptRoadmap> {
        let uid =
            doc.roadmap.uid.clone().ok_or_else(|| ApiError::invalid("the host's roadmap has no global identity"))?;
        let document = serde_json::to_string(doc).map_err(|e| ApiError::invalid(e.to_string()))?;
        let row = KeptRow {
            roadmap_uid: uid,
            host_key: host_key.to_string(),
            host_name: host_name.to_string(),
            roadmap_name: doc.roadmap.name.clone(),
            document,
            kept_at: accord_store::now(),
        };
        let at = row.kept_at.clone();
        // Someone here is known by their own key: an identity from elsewhere
        // with their name and role but another key is not taken for them.
        let here: Vec<(String, accord_domain::Role)> =
            signoffs::identities(self.store.conn())?.into_iter().map(|(_, who)| (who.name, who.role)).collect();
        self.store.write(|tx| {
            session::keep_roadmap(tx, &row)?;
            for who in &doc.identities {
                // Only well-formed keys whose fingerprint is theirs, and never over one known here.
                let Ok(key) = PublicKey::from_hex(&who.public_key) else { continue };
                let posing = here.iter().any(|(name, role)| *name == who.name && *role == who.role);
                if key.fingerprint() != who.fingerprint
                    || posing
                    || signoffs::key_holder(tx, &who.public_key)?.is_some()
                {
                    continue;
                }
                signoffs::insert_known_identity(tx, who, &at)?;
            }
            Ok::<_, ApiError>(())
        })?;
        Ok(summary(&row, doc))
    }

    /// The hosts' roadmaps kept here, the latest first.
    pub fn kept_roadmaps(&self) -> ApiResult<Vec<KeptRoadmap>> {
        session::kept_roadmaps(self.store.conn())?.iter().map(|row| Ok(summary(row, &parse(row)?))).collect()
    }

    /// A kept roadmap's document, to read or to render its PDF offline.
    pub fn kept_document(&self, roadmap_uid: &str) -> ApiResult<ExportDoc> {
        let rows = session::kept_roadmaps(self.store.conn())?;
        let row = rows
            .iter()
            .find(|r| r.roadmap_uid == roadmap_uid)
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no copy of that roadmap is kept here"))?;
        parse(row)
    }
}
