//! Integration tests: one binary, one module per crate it exercises.

mod bindings;
mod domain;
mod store;
mod api;
