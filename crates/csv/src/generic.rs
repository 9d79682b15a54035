//! Any other CSV: its headers are mapped to columns by a mapping file, or,
//! without one, recognised by their names.

use std::collections::BTreeMap;

use crate::error::list;
use crate::sheet::Slot;
use crate::{Column, CsvError};

/// How a generic CSV's headers map to columns, read from a JSON object such
/// as `{"title": "Name", "depends_on": "Blocked by", "labels": "Tags"}`: keys
/// are [`Column::as_str`] names, values header names, matched
/// case-insensitively after trimming.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    pub columns: BTreeMap<Column, String>,
}

impl Mapping {
    pub fn from_json(text: &str) -> Result<Mapping, CsvError> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| CsvError::BadMapping(format!("the mapping file is not valid JSON ({e})")))?;
        let serde_json::Value::Object(object) = value else {
            return Err(CsvError::BadMapping(
                "the mapping file must be one JSON object, such as {\"title\": \"Name\"}".to_string(),
            ));
        };
        let mut columns = BTreeMap::new();
        for (name, header) in object {
            let column = Column::from_name(&name).ok_or_else(|| {
                let known: Vec<&str> = Column::ALL.iter().map(|c| c.as_str()).collect();
                CsvError::BadMapping(format!("\"{name}\" is not a column; use one of {}", known.join(", ")))
            })?;
            let header = match header {
                serde_json::Value::String(h) if !h.trim().is_empty() => h,
                _ => {
                    return Err(CsvError::BadMapping(format!(
                        "\"{name}\" must name a header of the file as a text value, such as \"{name}\": \"Name\""
                    )))
                }
            };
            columns.insert(column, header);
        }
        Ok(Mapping { columns })
    }
}

fn matches(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

pub(crate) fn mapped_slots(header: &[String], mapping: &Mapping) -> Result<Vec<Option<Slot>>, CsvError> {
    let mut slots = vec![None; header.len()];
    for (&column, wanted) in &mapping.columns {
        let mut found = false;
        for (position, name) in header.iter().enumerate() {
            if !matches(name, wanted) {
                continue;
            }
            found = true;
            if let Some(Slot { column: taken, .. }) = slots[position] {
                return Err(CsvError::BadMapping(format!(
                    "the header \"{name}\" is mapped to both {taken} and {column}; map it to one of them"
                )));
            }
            slots[position] = Some(Slot::plain(column));
        }
        if !found {
            return Err(CsvError::BadMapping(format!(
                "{column} is mapped to the header \"{}\", which the file does not have; its headers are {}",
                wanted.trim(),
                list(header)
            )));
        }
    }
    Ok(slots)
}

/// Headers named like a column, or as people usually write it.
pub(crate) fn named_slots(header: &[String]) -> Vec<Option<Slot>> {
    header.iter().map(|h| column_named(h).map(Slot::plain)).collect()
}

fn column_named(header: &str) -> Option<Column> {
    // "Depends on", "depends_on" and "Depends-On" are the same header.
    let name = header.trim().to_lowercase().replace(['_', '-'], " ");
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match name.as_str() {
        "key" | "id" => Column::Key,
        "title" | "name" | "summary" => Column::Title,
        "what" => Column::What,
        "why" => Column::Why,
        "how" => Column::How,
        "who" => Column::Who,
        "when" | "target" | "due" | "due date" => Column::When,
        "fix version" | "fix versions" => Column::FixVersion,
        "type" | "kind" => Column::Kind,
        "status" => Column::Status,
        "estimate" | "effort" | "points" => Column::Effort,
        "depends on" | "blocked by" => Column::DependsOn,
        "blocks" => Column::Blocks,
        "labels" | "tags" => Column::Labels,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_spellings_are_recognised() {
        assert_eq!(column_named(" Depends_On "), Some(Column::DependsOn));
        assert_eq!(column_named("Blocked  by"), Some(Column::DependsOn));
        assert_eq!(column_named("Due-Date"), Some(Column::When));
        assert_eq!(column_named("NAME"), Some(Column::Title));
        assert_eq!(column_named("Tags"), Some(Column::Labels));
        assert_eq!(column_named("Notes"), None);
    }

    #[test]
    fn a_header_can_feed_one_column_only() {
        let mapping = Mapping::from_json(r#"{"title": "Name", "what": " name "}"#).unwrap();
        let got = mapped_slots(&["Name".to_string()], &mapping);
        assert!(matches!(got, Err(CsvError::BadMapping(m)) if m.contains("both title and what")));
    }

    #[test]
    fn mapping_values_must_be_header_names() {
        for text in [r#"{"title": 3}"#, r#"{"title": ""}"#, r#"["title"]"#, "{title: Name}"] {
            assert!(matches!(Mapping::from_json(text), Err(CsvError::BadMapping(_))), "{text}");
        }
    }
}
