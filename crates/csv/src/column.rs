/// A field of an imported row; the names are what a [`crate::Mapping`] file
/// uses as keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Key,
    Title,
    What,
    Why,
    How,
    Who,
    When,
    FixVersion,
    Kind,
    Status,
    Effort,
    DependsOn,
    Blocks,
    Labels,
}

impl Column {
    pub const ALL: [Column; 14] = [
        Column::Key,
        Column::Title,
        Column::What,
        Column::Why,
        Column::How,
        Column::Who,
        Column::When,
        Column::FixVersion,
        Column::Kind,
        Column::Status,
        Column::Effort,
        Column::DependsOn,
        Column::Blocks,
        Column::Labels,
    ];

    /// The snake_case name, the same text serde writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Key => "key",
            Column::Title => "title",
            Column::What => "what",
            Column::Why => "why",
            Column::How => "how",
            Column::Who => "who",
            Column::When => "when",
            Column::FixVersion => "fix_version",
            Column::Kind => "kind",
            Column::Status => "status",
            Column::Effort => "effort",
            Column::DependsOn => "depends_on",
            Column::Blocks => "blocks",
            Column::Labels => "labels",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// Columns whose cells hold several values; the others keep one.
    pub(crate) fn is_list(self) -> bool {
        matches!(self, Column::DependsOn | Column::Blocks | Column::Labels)
    }
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
