//! Reading a *when* from free text: the values written before the *when*
//! had a structure, and the cells of an imported spreadsheet.

use crate::planning::Level;
use crate::when::{days_in_month, Target, When};

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

/// Words that only introduce the target ("by March 2027", "end of Q3 2027"):
/// they go with it rather than into the note.
const LEAD_INS: [&str; 6] = ["by", "in", "for", "due", "target", "targeting"];

struct Token {
    text: String,
    start: usize,
    end: usize,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    let word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '/' | '\'');
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (start, word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(Token { text: text[s..i].to_lowercase(), start: s, end: i });
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn year(t: &str) -> Option<i32> {
    let t = t.strip_suffix(',').unwrap_or(t);
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten()
}

fn quarter(t: &str) -> Option<u8> {
    let q = t.strip_prefix('q')?;
    (q.len() == 1).then(|| q.parse().ok()).flatten().filter(|q| (1..=4).contains(q))
}

fn month(t: &str) -> Option<u8> {
    if t.len() < 3 {
        return None;
    }
    let t = t.strip_suffix('.').unwrap_or(t);
    MONTHS.iter().position(|m| m.starts_with(t)).map(|i| i as u8 + 1)
}

fn day(t: &str) -> Option<u8> {
    let t = t.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 31st, 1st
    (1..=2).contains(&t.len()).then(|| t.parse().ok()).flatten()
}

fn numbers(t: &str, sep: char) -> Option<Vec<u32>> {
    t.split(sep)
        .map(|p| (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten())
        .collect()
}

/// A target starting at token `i`, and how many tokens it takes.
fn target_at(tokens: &[Token], i: usize) -> Option<(Target, usize)> {
    let t = tokens[i].text.as_str();
    let next = tokens.get(i + 1).map(|t| t.text.as_str());
    let after = tokens.get(i + 2).map(|t| t.text.as_str());
    let checked = |target: Target, len| target.validated().map(|t| (t, len));
    match t {
        "now" => return Some((Target::Now, 1)),
        "next" if next.is_none() || next.is_some_and(|n| n == "quarter") => {
            return Some((Target::Next, if next.is_some() { 2 } else { 1 }))
        }
        "later" => return Some((Target::Later, 1)),
        _ => {}
    }
    // 2027-Q1, 2027-03, 2027-03-31, 2027/03/31, Q1-2027, Q1/2027
    for sep in ['-', '/'] {
        if let Some((a, b)) = t.split_once(sep) {
            if let (Some(y), Some(q)) = (year(a), quarter(b)) {
                return checked(Target::Quarter { year: y, quarter: q }, 1);
            }
            if let (Some(q), Some(y)) = (quarter(a), year(b)) {
                return checked(Target::Quarter { year: y, quarter: q }, 1);
            }
        }
        if let Some(n) = numbers(t, sep) {
            match n.as_slice() {
                [y, m] if (2000..=2100).contains(y) => {
                    return checked(Target::Month { year: *y as i32, month: *m as u8 }, 1)
                }
                [y, m, d] if (2000..=2100).contains(y) => {
                    return checked(Target::Date { year: *y as i32, month: *m as u8, day: *d as u8 }, 1)
                }
                _ => {}
            }
        }
    }
    // Q3 2027, 2027 Q3
    if let (Some(q), Some(y)) = (quarter(t), next.and_then(year)) {
        return checked(Target::Quarter { year: y, quarter: q }, 2);
    }
    if let (Some(y), Some(q)) = (year(t), next.and_then(quarter)) {
        return checked(Target::Quarter { year: y, quarter: q }, 2);
    }
    // March 31 2027, March 2027, 31 March 2027
    if let Some(m) = month(t) {
        if let (Some(d), Some(y)) = (next.and_then(day), after.and_then(year)) {
            return checked(Target::Date { year: y, month: m, day: d }, 3);
        }
        if let Some(y) = next.and_then(year) {
            return checked(Target::Month { year: y, month: m }, 2);
        }
    }
    if let (Some(d), Some(m), Some(y)) = (day(t), next.and_then(month), after.and_then(year)) {
        return checked(Target::Date { year: y, month: m, day: d }, 3);
    }
    None
}

fn confidence_at(tokens: &[Token], i: usize) -> Option<(Level, usize)> {
    let t = tokens[i].text.as_str();
    let next = tokens.get(i + 1).map(|t| t.text.as_str());
    if next == Some("confidence") {
        return Level::parse(t).map(|l| (l, 2));
    }
    if t == "confidence" {
        return next.and_then(Level::parse).map(|l| (l, 2));
    }
    None
}

pub(crate) fn read_free(text: &str) -> When {
    let text = text.trim();
    let toks = tokens(text);
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut target = None;
    let mut confidence = None;
    let mut i = 0;
    while i < toks.len() {
        if target.is_none() {
            if let Some((t, len)) = target_at(&toks, i) {
                // Relative words name a target only when they stand alone.
                let relative = matches!(t, Target::Now | Target::Next | Target::Later);
                if !relative || toks.len() - len <= 2 {
                    let mut start = i;
                    let mut t = t;
                    if start >= 2 && toks[start - 2].text == "end" && toks[start - 1].text == "of" {
                        start -= 2;
                        t = end_of(t);
                        if start >= 1 && toks[start - 1].text == "the" {
                            start -= 1;
                        }
                    }
                    if start >= 1 && LEAD_INS.contains(&toks[start - 1].text.as_str()) {
                        start -= 1;
                    }
                    cut.push((toks[start].start, toks[i + len - 1].end));
                    target = Some(t);
                    i += len;
                    continue;
                }
            }
        }
        if confidence.is_none() {
            if let Some((c, len)) = confidence_at(&toks, i) {
                cut.push((toks[i].start, toks[i + len - 1].end));
                confidence = Some(c);
                i += len;
                continue;
            }
        }
        i += 1;
    }
    let mut note = String::new();
    let mut at = 0;
    for (s, e) in &cut {
        note.push_str(&text[at..*s]);
        note.push(' ');
        at = *e;
    }
    note.push_str(&text[at..]);
    let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
    let note = note.trim_matches(|c: char| c.is_whitespace() || ",;:()-\u{2013}\u{2014}\u{b7}.".contains(c));
    When { target, confidence, note: note.to_string() }
}

/// "End of" a month is its last day; of a quarter, the quarter.
fn end_of(t: Target) -> Target {
    match t {
        Target::Month { year, month } => Target::Date { year, month, day: days_in_month(year, month) },
        t => t,
    }
}
