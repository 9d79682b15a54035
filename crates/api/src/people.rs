//! People are keys. Every profile has a global identity (`uid`); a person
//! who signs on their own machine (a planning-session guest) is known here
//! by the public key they proved, never by the name or role they claim; and
//! a roadmap's EM and PM seats are each held by one profile, so another key
//! cannot take them.

use accord_domain::{validate, Keypair, Limits, Person, Profile, ProfileId, PublicKey, RoadmapId, Role};
use accord_store::rusqlite::Connection;
use accord_store::{profiles, seats, signoffs};

use crate::{Accord, ApiError, ApiResult, ErrorCode};

/// A fresh global identity for a profile or a roadmap.
pub(crate) fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Longest global identity accepted from another machine.
const UID_MAX: usize = 64;

/// The seat a role sits in on a roadmap; directors and heads of product
/// hold none (they resolve escalations, whoever they are).
fn seat_role(role: Role) -> Option<Role> {
    matches!(role, Role::Em | Role::Pm).then_some(role)
}

/// Whether a guest may come in, or the host's person must first say
/// whether they are the person a profile here without a key stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Admission {
    /// The guest is this profile. `first_time` when its key is new here.
    Admitted { profile: Profile, first_time: bool },
    /// A profile here (without a key) may be this person: the host's
    /// person confirms, or says it is someone else.
    Confirm { placeholder: Profile },
}

fn fingerprint(key: &str) -> String {
    PublicKey::from_hex(key).map(|k| k.fingerprint()).unwrap_or_default()
}

fn seat_held(conn: &Connection, holder: &Profile, role: Role, roadmap: &str) -> ApiResult<ApiError> {
    let key = signoffs::public_key_of(conn, holder.id)?;
    let held_by = match key {
        Some(key) => format!("{} (key {})", holder.name, fingerprint(&key)),
        None => holder.name.clone(),
    };
    Ok(ApiError::new(
        ErrorCode::SeatHeld,
        format!(
            "the {} seat of “{roadmap}” is held by {held_by}; another key cannot take it. If that is you, join \
             from the machine that holds your key",
            role.label()
        ),
    ))
}

impl Accord {
    /// Binds an open EM or PM seat of the roadmap to `profile` (the person
    /// hosting it, for one); a seat held already is left as it is.
    pub fn hold_seat(&mut self, roadmap_id: RoadmapId, profile: ProfileId) -> ApiResult<()> {
        let role = self.profile(profile)?.role;
        self.roadmap(roadmap_id)?;
        let Some(role) = seat_role(role) else { return Ok(()) };
        let at = accord_store::now();
        self.store.write(|tx| {
            if seats::holder(tx, roadmap_id, role)?.is_none() {
                seats::bind(tx, roadmap_id, role, profile, &at)?;
            }
            Ok(())
        })
    }

    /// Who holds the roadmap's EM or PM seat, if anyone yet.
    pub fn seat_holder(&self, roadmap_id: RoadmapId, role: Role) -> ApiResult<Option<Profile>> {
        seats::holder(self.store.conn(), roadmap_id, role)?.map(|id| self.profile(id)).transpose()
    }

    /// A paired guest coming back with `public_key`: the profile that key
    /// was admitted as, still in its seat.
    pub fn readmit_guest(&mut self, roadmap_id: RoadmapId, public_key: &str) -> ApiResult<Profile> {
        let roadmap = self.roadmap(roadmap_id)?;
        let known = match signoffs::key_holder(self.store.conn(), public_key)? {
            Some((id, false)) => self.profile(id)?,
            _ => {
                return Err(ApiError::new(
                    ErrorCode::WrongKey,
                    "this host does not know your key: join again with a new code",
                ))
            }
        };
        self.take_seat(roadmap_id, &roadmap.name, &known)?;
        Ok(known)
    }

    /// Decides who a guest who proved `person`'s key is on this roadmap.
    /// `confirmed` is the host's person's answer to an earlier
    /// [`Admission::Confirm`]: `Some(true)` "that is them", `Some(false)`
    /// "someone else". Refused: a key sealed on this machine (the host's
    /// own people), a role other than the one the key is known in, a seat
    /// held by another key.
    pub fn admit_guest(
        &mut self,
        roadmap_id: RoadmapId,
        person: &Person,
        confirmed: Option<bool>,
    ) -> ApiResult<Admission> {
        let roadmap = self.roadmap(roadmap_id)?;
        let name = validate::required_line("name", &person.name, Limits::NAME_MAX)?;
        let uid = validate::required_line("identity", &person.uid, UID_MAX)?;
        PublicKey::from_hex(&person.public_key)
            .map_err(|_| ApiError::invalid("the guest's public key is malformed"))?;
        let conn = self.store.conn();

        if let Some((id, sealed_here)) = signoffs::key_holder(conn, &person.public_key)? {
            let known = self.profile(id)?;
            if sealed_here {
                return Err(ApiError::new(
                    ErrorCode::WrongKey,
                    format!(
                        "this key belongs to {}, who signs on this machine; a guest joins with their own key",
                        known.name
                    ),
                ));
            }
            if known.role != person.role {
                return Err(ApiError::new(
                    ErrorCode::WrongKey,
                    format!(
                        "this key is known here as {} ({}); a person's role does not change",
                        known.name,
                        known.role.label()
                    ),
                ));
            }
            self.take_seat(roadmap_id, &roadmap.name, &known)?;
            return Ok(Admission::Admitted { profile: known, first_time: false });
        }

        if let Some(same_uid) = profiles::by_uid(conn, &uid)? {
            if signoffs::public_key_of(conn, same_uid.id)?.is_some() {
                return Err(ApiError::new(
                    ErrorCode::WrongKey,
                    format!("{} is known here with another key; nobody else can join as them", same_uid.name),
                ));
            }
        }

        // A new key. A seat held by a profile with a key is refused; one
        // held by (or a profile without a key that stands for) this person
        // is theirs once the host's person says so.
        let role = seat_role(person.role);
        let holder = match role {
            Some(role) => self.seat_or_local_signer(roadmap_id, role)?,
            None => None,
        };
        let placeholder = match holder {
            Some(holder) if signoffs::public_key_of(conn, holder.id)?.is_some() => {
                return Err(seat_held(conn, &holder, person.role, &roadmap.name)?);
            }
            Some(holder) => Some(holder),
            None => self.placeholder_for(person.role, &name, &uid)?,
        };
        let at = accord_store::now();
        let profile = match (placeholder, confirmed) {
            (Some(placeholder), None) => return Ok(Admission::Confirm { placeholder }),
            (Some(placeholder), Some(true)) => {
                self.store.write(|tx| signoffs::bind_remote_key(tx, placeholder.id, &person.public_key, &at))?;
                placeholder
            }
            (Some(placeholder), Some(false))
                if role.is_some() && holder_is(conn, roadmap_id, role, placeholder.id)? =>
            {
                return Err(ApiError::new(
                    ErrorCode::SeatHeld,
                    format!(
                        "the host says you are not {}, who holds the {} seat of “{}”",
                        placeholder.name,
                        person.role.label(),
                        roadmap.name
                    ),
                ));
            }
            _ => {
                let id = self.store.write(|tx| {
                    let id = profiles::insert(tx, &uid, &name, person.role, &at)?;
                    signoffs::bind_remote_key(tx, id, &person.public_key, &at)?;
                    Ok::<_, ApiError>(id)
                })?;
                self.profile(id)?
            }
        };
        self.take_seat(roadmap_id, &roadmap.name, &profile)?;
        Ok(Admission::Admitted { profile, first_time: true })
    }

    /// Who holds `role`'s seat on the roadmap: the profile bound to it, else
    /// the first profile in that role whose key is sealed on this machine
    /// (a partner at this screen holds their seat before any guest can).
    fn seat_or_local_signer(&self, roadmap_id: RoadmapId, role: Role) -> ApiResult<Option<Profile>> {
        let conn = self.store.conn();
        if let Some(id) = seats::holder(conn, roadmap_id, role)? {
            return Ok(Some(self.profile(id)?));
        }
        for id in signoffs::local_signers(conn)? {
            let p = self.profile(id)?;
            if p.role == role {
                return Ok(Some(p));
            }
        }
        Ok(None)
    }

    /// A profile here without any key, in `role`, that may stand for the
    /// person `name` (same name, or same global identity).
    fn placeholder_for(&self, role: Role, name: &str, uid: &str) -> ApiResult<Option<Profile>> {
        let conn = self.store.conn();
        let keyed = signoffs::identities(conn)?;
        let same = |p: &Profile| p.uid == uid || p.name.trim().eq_ignore_ascii_case(name.trim());
        Ok(profiles::list(conn)?
            .into_iter()
            .find(|p| p.role == role && same(p) && !keyed.iter().any(|(id, _)| *id == p.id)))
    }

    /// `profile` sits in its role's seat: bound now if open, refused if held by another.
    fn take_seat(&mut self, roadmap_id: RoadmapId, roadmap: &str, profile: &Profile) -> ApiResult<()> {
        let Some(role) = seat_role(profile.role) else { return Ok(()) };
        let conn = self.store.conn();
        match self.seat_or_local_signer(roadmap_id, role)?.map(|p| p.id) {
            Some(id) if id == profile.id => {
                if seats::holder(conn, roadmap_id, role)?.is_none() {
                    let at = accord_store::now();
                    self.store.write(|tx| seats::bind(tx, roadmap_id, role, profile.id, &at))?;
                }
                Ok(())
            }
            Some(id) => Err(seat_held(conn, &self.profile(id)?, role, roadmap)?),
            None => {
                let at = accord_store::now();
                Ok(self.store.write(|tx| seats::bind(tx, roadmap_id, role, profile.id, &at))?)
            }
        }
    }

    /// Whether `profile` signs on its own machine (a guest's profile here):
    /// it acts only through a planning session, never at this keyboard.
    pub fn is_remote(&self, profile: ProfileId) -> ApiResult<bool> {
        let conn = self.store.conn();
        Ok(signoffs::public_key_of(conn, profile)?.is_some() && signoffs::sealed_key(conn, profile)?.is_none())
    }

    /// The fingerprint of a profile's signing key ("" if it has none).
    pub fn key_fingerprint(&self, profile: ProfileId) -> ApiResult<String> {
        Ok(signoffs::public_key_of(self.store.conn(), profile)?.map(|k| fingerprint(&k)).unwrap_or_default())
    }

    /// `profile` as this machine tells another, with the key sealed here
    /// for them, opened by their passphrase to prove it (at pairing). The
    /// key leaves nothing behind when dropped, and never leaves the machine.
    pub fn unlock_person(&self, profile: ProfileId, passphrase: &str) -> ApiResult<(Person, Keypair)> {
        let p = self.profile(profile)?;
        let sealed = signoffs::sealed_key(self.store.conn(), profile)?.ok_or_else(|| {
            ApiError::new(ErrorCode::MissingKey, format!("{} has no signing key on this machine yet", p.name))
        })?;
        let key = accord_domain::sealed_key::open(&sealed, passphrase).map_err(crate::signoff::seal_error)?;
        Ok((Person { uid: p.uid, name: p.name, role: p.role, public_key: sealed.public_key }, key))
    }

    /// `profile` as this machine tells another (no secret in it).
    pub fn person(&self, profile: ProfileId) -> ApiResult<Person> {
        let p = self.profile(profile)?;
        let public_key = signoffs::public_key_of(self.store.conn(), profile)?
            .ok_or_else(|| ApiError::new(ErrorCode::MissingKey, format!("{} has no signing key yet", p.name)))?;
        Ok(Person { uid: p.uid, name: p.name, role: p.role, public_key })
    }
}

fn holder_is(conn: &Connection, roadmap_id: RoadmapId, role: Option<Role>, profile: ProfileId) -> ApiResult<bool> {
    Ok(match role {
        Some(role) => seats::holder(conn, roadmap_id, role)? == Some(profile),
        None => false,
    })
}
