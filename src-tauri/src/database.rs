//! The roadmap database the commands reach. It is opened on its own thread
//! while the window is being created: the integrity check and the day's
//! backup then overlap WebKit's start-up instead of delaying it, and the
//! first command waits only for what is left of the opening.

use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;

use accord_api::{Accord, ApiError, ErrorCode};

type Opened = Result<Accord, ApiError>;

#[allow(clippy::large_enum_variant, reason = "one per window, for its whole life")]
enum State {
    Opening(JoinHandle<Opened>),
    Done(Opened),
}

pub struct Database(Mutex<State>);

impl Database {
    /// Starts `open` on a thread of its own.
    pub fn opening(open: impl FnOnce() -> Opened + Send + 'static) -> Database {
        Database(Mutex::new(State::Opening(std::thread::spawn(open))))
    }

    /// Already known, such as why the data directory cannot be used.
    pub fn ready(opened: Opened) -> Database {
        Database(Mutex::new(State::Done(opened)))
    }

    /// The open database, or why it could not be opened, once the opening
    /// has finished; held until the guard is dropped.
    pub fn lock(&self) -> Guard<'_> {
        let mut state = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if matches!(*state, State::Opening(_)) {
            let State::Opening(thread) = std::mem::replace(&mut *state, State::Done(Err(interrupted()))) else {
                unreachable!("matched just above")
            };
            *state = State::Done(thread.join().unwrap_or_else(|_| Err(interrupted())));
        }
        Guard(state)
    }
}

fn interrupted() -> ApiError {
    ApiError::new(ErrorCode::Internal, "opening the database was interrupted")
}

pub struct Guard<'a>(MutexGuard<'a, State>);

impl std::ops::Deref for Guard<'_> {
    type Target = Opened;
    fn deref(&self) -> &Opened {
        match &*self.0 {
            State::Done(opened) => opened,
            State::Opening(_) => unreachable!("a guard is made only once the opening is done"),
        }
    }
}

impl std::ops::DerefMut for Guard<'_> {
    fn deref_mut(&mut self) -> &mut Opened {
        match &mut *self.0 {
            State::Done(opened) => opened,
            State::Opening(_) => unreachable!("a guard is made only once the opening is done"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn the_first_lock_waits_for_the_opening() {
        let (go, wait) = mpsc::channel::<()>();
        let db = Database::opening(move || {
            wait.recv().unwrap();
            Accord::open_in_memory()
        });
        let waiter = std::thread::scope(|s| {
            let waiter = s.spawn(|| db.lock().as_ref().map(|_| ()).map_err(|e| e.code));
            go.send(()).unwrap();
            waiter.join().unwrap()
        });
        assert_eq!(waiter, Ok(()));
        assert!(db.lock().is_ok(), "opened once, then kept");
    }

    #[test]
    fn an_opening_that_panics_is_an_internal_error() {
        let db = Database::opening(|| panic!("disk gone"));
        let code = db.lock().as_ref().err().map(|e| e.code);
        assert_eq!(code, Some(ErrorCode::Internal));
    }

    #[test]
    fn a_restore_replaces_what_is_open() {
        let db = Database::ready(Err(ApiError::new(ErrorCode::Storage, "cannot use the data directory")));
        assert!(db.lock().is_err());
        *db.lock() = Accord::open_in_memory();
        assert!(db.lock().is_ok());
    }
}
