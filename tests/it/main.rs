//! Integration tests: one binary, one module per crate it exercises.

mod api;
mod api_decisions;
mod api_signoff;
mod api_transfer;
mod backups;
mod bindings;
mod dependencies;
mod domain;
mod health;
mod import;
mod kept;
mod people;
mod people_sign;
mod planning;
mod planning_rights;
mod planning_transfer;
mod signoff;
mod store;
mod switcher;
mod sync;
mod sync_net;
mod sync_net_people;
mod undo;
mod weekly;
mod when;
