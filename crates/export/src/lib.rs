//! Accord's signed-off roadmap PDF.
//!
//! [`render`] turns an [`ExportDoc`] into a PDF with typst used as a library:
//! the bundled template (`template/main.typ`) over the document's canonical
//! JSON, with bundled fonts only, so the same document gives the same bytes on
//! every OS. The PDF carries the document as its attachment
//! [`EXPORT_ATTACHMENT`](accord_domain::EXPORT_ATTACHMENT).
//!
//! [`verify`] reads that attachment back and checks, offline, that its
//! snapshot hashes to its content hash, that the signatures are valid and
//! over it, who signed, and that re-rendering it gives these very pages.

mod read;
mod render;
mod verify;
mod world;

pub use accord_domain::ExportDoc;
pub use read::{read_attachment, read_document, ReadError};
pub use render::{generator, render, render_detailed, Conformance, ExportError, Rendered};
pub use verify::{verify, Check, CheckName, SignatureCheck, SignatureState, Verdict, Verification};
