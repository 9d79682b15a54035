//! Input limits, checked before anything is written.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct Invalid {
    pub field: &'static str,
    pub reason: String,
}

pub struct Limits;

impl Limits {
    pub const TITLE_MAX: usize = 200;
    pub const NAME_MAX: usize = 100;
    pub const DIMENSION_MAX: usize = 10_000;
    pub const REASON_MAX: usize = 2_000;
    /// A decision record's context, options or outcome.
    pub const DECISION_TEXT_MAX: usize = 25_000;
    /// Items linked to one decision.
    pub const LINKED_MAX: usize = 100;
}

/// A required single-line text: trimmed, non-empty, at most `max` characters.
pub fn required_line(field: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Invalid { field, reason: "must not be empty".into() });
    }
    if v.contains(['\n', '\r']) {
        return Err(Invalid { field, reason: "must be a single line".into() });
    }
    check_len(field, v, max)?;
    Ok(v.to_string())
}

/// An optional single-line text: empty is allowed.
pub fn optional_line(field: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    if value.trim().is_empty() {
        Ok(String::new())
    } else {
        required_line(field, value, max)
    }
}

/// Free text (a dimension's content, a reason): trailing space trimmed, bounded.
pub fn text(field: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    let v = value.trim_end();
    check_len(field, v, max)?;
    Ok(v.to_string())
}

fn check_len(field: &'static str, v: &str, max: usize) -> Result<(), Invalid> {
    let n = v.chars().count();
    if n > max {
        return Err(Invalid { field, reason: format!("is {n} characters; the limit is {max}") });
    }
    Ok(())
}
