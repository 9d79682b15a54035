//! Dates from date columns, written out as ISO `YYYY-MM-DD`.
//!
//! Only unambiguous shapes are read: ISO dates (what Linear writes, with or
//! without a time) and Jira's `14/Jul/25 3:42 PM`. A numeric `07/08/25`
//! could be either day or month first, so it is refused rather than guessed.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The ISO date a cell names, or `None` when it is not a date.
pub(crate) fn parse(text: &str) -> Option<String> {
    let text = text.trim();
    // ISO's `T` only counts after a digit, so a month written "OCT" stays whole.
    let bytes = text.as_bytes();
    let split =
        (0..bytes.len()).find(|&i| bytes[i] == b' ' || (bytes[i] == b'T' && i > 0 && bytes[i - 1].is_ascii_digit()));
    let (date, time) = match split {
        Some(at) => (&text[..at], Some(text[at + 1..].trim())),
        None => (text, None),
    };
    let (year, month, day) = iso(date).or_else(|| day_month_year(date))?;
    if !exists(year, month, day) {
        return None;
    }
    if let Some(time) = time {
        if !clock(time) {
            return None;
        }
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

fn iso(date: &str) -> Option<(u32, u32, u32)> {
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    Some((digits(y)?, digits(m)?, digits(d)?))
}

/// Jira's `14/Jul/25`, also with a four-digit year or a full month name.
fn day_month_year(date: &str) -> Option<(u32, u32, u32)> {
    let mut parts = date.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !(1..=2).contains(&d.len()) {
        return None;
    }
    let m = m.to_ascii_lowercase();
    let month = MONTHS.iter().position(|name| m.len() >= 3 && name.starts_with(&m))? as u32 + 1;
    let year = match y.len() {
        // Jira writes two-digit years; roadmaps are about this century.
        2 => 2000 + digits(y)?,
        4 => digits(y)?,
        _ => return None,
    };
    Some((year, month, digits(d)?))
}

/// The time after a date: `3:42 PM`, `15:42`, `00:00:00`, `00:00:00.000Z`,
/// `10:00:00+02:00`. Checked so that "14/Jul/25 or later" is not a date.
fn clock(time: &str) -> bool {
    let (time, twelve_hour) = match time.rsplit_once(' ') {
        Some((t, half)) if half.eq_ignore_ascii_case("am") || half.eq_ignore_ascii_case("pm") => (t, true),
        Some(_) => return false,
        None => (time, false),
    };
    let time = time.strip_suffix(['Z', 'z']).unwrap_or(time);
    let time = match time.rfind(['+', '-']) {
        Some(at) if !twelve_hour && offset(&time[at + 1..]) => &time[..at],
        Some(_) => return false,
        None => time,
    };
    let mut parts = time.split(':');
    let (Some(h), Some(m)) = (parts.next(), parts.next()) else { return false };
    let seconds = parts.next();
    if parts.next().is_some() || !(1..=2).contains(&h.len()) || m.len() != 2 {
        return false;
    }
    let (Some(h), Some(m)) = (digits(h), digits(m)) else { return false };
    let hours_ok = if twelve_hour { (1..=12).contains(&h) } else { h <= 23 };
    let seconds_ok = match seconds {
        None => true,
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
            whole.len() == 2
                && digits(whole).is_some_and(|s| s <= 60)
                && !fraction.is_empty()
                && digits(fraction).is_some()
        }
    };
    hours_ok && m <= 59 && seconds_ok
}

fn offset(text: &str) -> bool {
    let (h, m) = text.split_once(':').unwrap_or((text, "00"));
    h.len() == 2 && m.len() == 2 && digits(h).is_some_and(|h| h <= 14) && digits(m).is_some_and(|m| m <= 59)
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn exists(year: u32, month: u32, day: u32) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_the_shapes_jira_and_linear_write() {
        for (text, want) in [
            ("14/Jul/25 3:42 PM", "2025-07-14"),
            ("14/Jul/25", "2025-07-14"),
            ("4/jul/2025 12:05 am", "2025-07-04"),
            ("1/September/26", "2026-09-01"),
            ("3/OCT/25", "2025-10-03"),
            ("14/Jul/25 15:42", "2025-07-14"),
            ("2025-07-14", "2025-07-14"),
            ("2025-7-4", "2025-07-04"),
            ("2025-07-14T00:00:00.000Z", "2025-07-14"),
            ("2025-07-14 00:00:00", "2025-07-14"),
            ("2025-07-14T10:00:00+02:00", "2025-07-14"),
            ("2024-02-29", "2024-02-29"),
        ] {
            assert_eq!(parse(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        for text in [
            "sometime soon",
            "07/08/25",
            "2025-02-29",
            "2025-13-01",
            "31/Apr/25",
            "14/Ju/25",
            "14/Jul/125",
            "14/Jul/25 or later",
            "14/Jul/25 13:42 PM",
            "2025-07-14T25:00",
            "2025-07",
            "Q3 2027",
            "",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
