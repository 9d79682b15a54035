//! The typst `World` the roadmap is compiled in: the bundled template, one
//! virtual data file and the bundled fonts. Nothing is read from disk, the
//! system's fonts or the clock, so the same document renders to the same
//! bytes everywhere.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The template's entry point.
const MAIN_PATH: &str = "/main.typ";
/// The document, as RFC 8785 canonical JSON (exactly the PDF's attachment).
pub(crate) const DATA_PATH: &str = "/data.json";

const MAIN: &str = include_str!("../template/main.typ");

/// The fonts, in the order the template falls back through them.
const FONT_FILES: [&[u8]; 6] = [
    include_bytes!("../fonts/Inter-Regular.otf"),
    include_bytes!("../fonts/Inter-Italic.otf"),
    include_bytes!("../fonts/Inter-SemiBold.otf"),
    include_bytes!("../fonts/Inter-Bold.otf"),
    include_bytes!("../fonts/DejaVuSansMono.ttf"),
    include_bytes!("../fonts/DroidSansFallback.ttf"),
];

/// Parsed once per process: the standard library and the font book.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    data: FileId,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: file_id(MAIN_PATH),
        data: file_id(DATA_PATH),
    }
});

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed, valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One compilation: the template over one document.
pub(crate) struct RoadmapWorld {
    main: Source,
    data: Bytes,
    today: Datetime,
}

impl RoadmapWorld {
    /// `data` is the canonical JSON of the document; `today` its export date.
    pub(crate) fn new(data: Vec<u8>, today: Datetime) -> Self {
        let shared = &*SHARED;
        RoadmapWorld { main: Source::new(shared.main, MAIN.to_string()), data: Bytes::new(data), today }
    }
}

impl World for RoadmapWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        SHARED.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == SHARED.main {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == SHARED.data {
            Ok(self.data.clone())
        } else if id == SHARED.main {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    /// The document's export date, never the clock.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_font_parses_and_only_those_are_known() {
        assert_eq!(SHARED.fonts.len(), FONT_FILES.len());
        for family in ["inter", "dejavu sans mono", "droid sans fallback"] {
            assert!(SHARED.book.contains_family(family), "{family} is missing from the font book");
        }
    }
}
