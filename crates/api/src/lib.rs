//! Accord's use-cases: the one boundary the desktop app, the CLI and the
//! sync host call. Each mutation checks decision rights and input, compares
//! the caller's base revision with the stored one, and writes the change
//! and its history entry in one transaction — or writes nothing.

mod attention;
mod backups;
mod baselines;
pub mod bindings;
mod comments;
mod csv_export;
mod decisions;
mod dependencies;
mod error;
mod export;
mod goals;
mod health;
mod identity;
mod import;
mod import_doc;
mod items;
mod kept;
mod people;
mod planning;
mod planning_requests;
mod proposals;
mod record;
mod remote;
mod remote_op;
mod remote_read;
mod requests;
mod session;
mod signoff;
mod switcher;
mod timeline;
mod trade_offs;
mod transfer;
mod undo;
mod weekly;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

use accord_domain::{
    authorize_roadmap_change, owner_of, validate, Dimension, HistoryEntry, Item, ItemId, Limits, Profile, ProfileId,
    Roadmap, RoadmapId,
};
use accord_store::{profiles, roadmaps, settings, Store};

pub use accord_domain as domain;
/// Current time as stored: RFC 3339, UTC, milliseconds.
pub use accord_store::now;
pub use backups::{list_backups, restore_backup};
pub use csv_export::CSV_HEADER;
pub use error::{ApiError, ApiResult, ErrorCode};
pub use export::generator;
pub use identity::IDENTITY_FORMAT;
pub use import::{ImportColumn, ImportFormat, ImportPreview, ImportRequest, ImportSkip};
pub use kept::KeptRoadmap;
pub use people::Admission;
pub use planning::{score_items, CAPACITY_TOLERANCE};
pub use planning_requests::*;
pub use record::dimension_text;
pub use remote_op::{
    CreateBaselineElsewhere, Effect, RemoteOp, RemoteOutcome, RemoteRead, ResolveElsewhere, SignElsewhere,
    CLIENT_OP_ID_MAX,
};
pub use requests::*;
pub use session::PinnedGuest;
pub use signoff::{when_hash, SIGNED_AT_TOLERANCE_SECS};
pub use switcher::{ArchiveRoadmap, CarryOver};
pub use timeline::{
    when_moved, MoveInTime, Timeline, TimelineCard, TimelineColumn, TimelineGoal, TimelineLink, TIMELINE_QUARTERS_MAX,
};
pub use transfer::{ImportChange, ImportReport, RoadmapDocument, IMPORT_MAX_BYTES, IMPORT_MAX_ITEMS, ROADMAP_FORMAT};

fn question(d: Dimension) -> &'static str {
    match d {
        Dimension::What => "What are we building? Scope and acceptance criteria.",
        Dimension::Why => "Why does it matter? Problem, value, success metric.",
        Dimension::How => "How will it be built? Approach, architecture, technical risks.",
        Dimension::Who => "Who builds it? Team, people, skills.",
        Dimension::When => "When will it be ready? Target, confidence, trade-offs.",
    }
}

const ACTING_KEY: &str = "acting_profile_id";

/// Checks a new roadmap's fields without writing anything.
pub fn check_new_roadmap(req: &NewRoadmap) -> ApiResult<()> {
    validated_roadmap(req.clone()).map(|_| ())
}

/// A roadmap's fields checked, ready to insert.
pub(crate) fn validated_roadmap(req: NewRoadmap) -> ApiResult<Roadmap> {
    let line = |field, v: &str| validate::optional_line(field, v, Limits::NAME_MAX);
    Ok(Roadmap {
        id: 0,
        uid: people::new_uid(),
        name: validate::required_line("roadmap name", &req.name, Limits::TITLE_MAX)?,
        team: line("team", &req.team)?,
        em_name: line("EM", &req.em_name)?,
        pm_name: line("PM", &req.pm_name)?,
        director_name: line("director of engineering", &req.director_name)?,
        head_of_product_name: line("head of product", &req.head_of_product_name)?,
        created_at: accord_store::now(),
        archived: false,
    })
}

pub struct Accord {
    store: Store,
    /// Why the start-up backup could not be made, if it could not.
    startup_backup: Option<ApiError>,
    /// Profiles never change once created, so each is read from disk once.
    profiles: RefCell<HashMap<ProfileId, Profile>>,
}

impl Accord {
    /// Opens the database (see [`Store::open`]) and takes the day's first
    /// backup of it. A backup that cannot be made does not stop the opening;
    /// [`Accord::startup_backup_error`] says why.
    pub fn open(path: &Path) -> ApiResult<Accord> {
        let store = Store::open(path)?;
        let startup_backup = if store.is_read_only() {
            None
        } else {
            accord_store::backups::take_daily_if_due(store.conn(), path).err().map(ApiError::from)
        };
        Ok(Accord { store, startup_backup, profiles: RefCell::default() })
    }

    pub fn open_in_memory() -> ApiResult<Accord> {
        Ok(Accord { store: Store::open_in_memory()?, startup_backup: None, profiles: RefCell::default() })
    }

    pub fn startup_backup_error(&self) -> Option<&ApiError> {
        self.startup_backup.as_ref()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What the first screen shows: more rows than the tallest window holds
    /// (the matrix's rows are 88 px), few enough to read in a millisecond.
    pub const FIRST_SCREEN_ITEMS: u32 = 60;

    pub fn bootstrap(&self) -> ApiResult<Bootstrap> {
        let conn = self.store.conn();
        let profiles = profiles::list(conn)?;
        let keyed = accord_store::signoffs::local_signers(conn)?;
        let remote: Vec<ProfileId> = accord_store::signoffs::identities(conn)?
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !keyed.contains(id))
            .collect();
        // A guest's profile here acts only through a planning session.
        let profiles: Vec<Profile> = profiles.into_iter().filter(|p| !remote.contains(&p.id)).collect();
        let roadmaps = roadmaps::list(conn)?;
        let open_roadmap = switcher::to_open(conn, &roadmaps)?;
        let first_screen = match open_roadmap {
            Some(roadmap_id) => {
                let (items, total) = accord_store::items::first(conn, roadmap_id, Self::FIRST_SCREEN_ITEMS)?;
                Some(FirstScreen { roadmap_id, items, total })
            }
            None => None,
        };
        Ok(Bootstrap {
            without_key: profiles.iter().map(|p| p.id).filter(|id| !keyed.contains(id)).collect(),
            profiles,
            open_roadmap,
            first_screen,
            roadmaps,
            acting: self.acting().ok(),
            data_file: self.store.path().map(|p| p.display().to_string()).unwrap_or_default(),
            dimensions: Dimension::ALL
                .into_iter()
                .map(|d| DimensionRule { dimension: d, owner: owner_of(d), question: question(d).into() })
                .collect(),
        })
    }

    /// Creates a person's profile. The first profile created becomes the
    /// acting one.
    pub fn create_profile(&mut self, req: NewProfile) -> ApiResult<Profile> {
        let name = validate::required_line("name", &req.name, Limits::NAME_MAX)?;
        // Every profile can sign from the start; its key is sealed under the
        // person's own passphrase (deliberately slow: done before the write lock).
        let sealed = signoff::new_sealed_key(&req.passphrase)?;
        let at = accord_store::now();
        let id = self.store.write(|tx| {
            let id = profiles::insert(tx, &people::new_uid(), &name, req.role, &at)?;
            accord_store::signoffs::insert_key(tx, id, &sealed, &at)?;
            if settings::get(tx, ACTING_KEY)?.is_none() {
                settings::set(tx, ACTING_KEY, &id.to_string())?;
            }
            Ok::<_, ApiError>(id)
        })?;
        self.profile(id)
    }

    pub fn profile(&self, id: ProfileId) -> ApiResult<Profile> {
        if let Some(p) = self.profiles.borrow().get(&id) {
            return Ok(p.clone());
        }
        let p = profiles::get(self.store.conn(), id)?.ok_or_else(|| ApiError::not_found("profile", id))?;
        self.profiles.borrow_mut().insert(id, p.clone());
        Ok(p)
    }

    /// The person currently at the keyboard (two people can share a screen).
    pub fn acting(&self) -> ApiResult<Profile> {
        let id = settings::get(self.store.conn(), ACTING_KEY)?
            .and_then(|v| v.parse::<ProfileId>().ok())
            .ok_or_else(|| ApiError::new(ErrorCode::NotSetUp, "no profile has been created on this machine yet"))?;
        self.profile(id)
    }

    pub fn set_acting(&mut self, id: ProfileId) -> ApiResult<Profile> {
        let profile = self.profile(id)?;
        if self.is_remote(id)? {
            return Err(ApiError::new(
                ErrorCode::WrongKey,
                format!(
                    "{} signs on their own machine; they act here only by joining a planning session",
                    profile.name
                ),
            ));
        }
        self.store.write(|tx| settings::set(tx, ACTING_KEY, &id.to_string()))?;
        Ok(profile)
    }

    pub fn create_roadmap(&mut self, actor: ProfileId, req: NewRoadmap) -> ApiResult<Roadmap> {
        let actor = self.profile(actor)?;
        authorize_roadmap_change(actor.role)?;
        let roadmap = validated_roadmap(req)?;
        let id = self.store.write(|tx| {
            let id = roadmaps::insert(tx, &roadmap)?;
            // The person who sets a roadmap up holds their seat on it.
            accord_store::seats::bind(tx, id, actor.role, actor.id, &roadmap.created_at)?;
            Ok::<_, ApiError>(id)
        })?;
        Ok(Roadmap { id, ..roadmap })
    }

    pub fn roadmap(&self, id: RoadmapId) -> ApiResult<Roadmap> {
        roadmaps::get(self.store.conn(), id)?.ok_or_else(|| ApiError::not_found("roadmap", id))
    }

    /// The roadmap's items in priority order (or its archive).
    pub fn items(&self, roadmap_id: RoadmapId, archived: bool) -> ApiResult<Vec<Item>> {
        self.roadmap(roadmap_id)?;
        Ok(accord_store::items::list(self.store.conn(), roadmap_id, archived)?)
    }

    pub fn item(&self, id: ItemId) -> ApiResult<Item> {
        accord_store::items::get(self.store.conn(), id)?.ok_or_else(|| ApiError::not_found("item", id))
    }

    pub fn history(&self, item_id: ItemId) -> ApiResult<Vec<HistoryEntry>> {
        self.item(item_id)?;
        Ok(accord_store::history::for_item(self.store.conn(), item_id)?)
    }
}
