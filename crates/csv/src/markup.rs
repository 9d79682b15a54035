//! Jira wiki markup to plain text.
//!
//! Descriptions become an item's "what", which is shown and signed as plain
//! text: markup characters would be noise there, and turning them into HTML
//! would let an imported file inject markup into the app. So the markup is
//! taken away and what it wrapped is kept.

use std::borrow::Cow;

/// Stands in for a removed `{code}`/`{quote}`/... marker until lines holding
/// nothing else are dropped; a private-use character no export contains.
const MARK: char = '\u{E000}';

/// Block markers removed with their content kept.
const DROPPED: [&str; 4] = ["quote", "color", "panel", "anchor"];

pub(crate) fn jira_to_text(source: &str) -> String {
    let source = if source.contains(MARK) { Cow::Owned(source.replace(MARK, "")) } else { Cow::Borrowed(source) };
    let mut out = String::with_capacity(source.len());
    let mut numbers = Vec::new();
    for (verbatim, text) in segments(&source) {
        if verbatim {
            out.push_str(&text);
            continue;
        }
        // `\\` is Jira's forced line break.
        let text = if text.contains("\\\\") { Cow::Owned(text.replace("\\\\", "\n")) } else { Cow::Borrowed(&text) };
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            line_to_text(line, &mut numbers, &mut out);
        }
    }
    tidy(&out)
}

/// Splits the text at `{code}`/`{noformat}` blocks, whose content is kept
/// exactly (no markup is read inside them), and marks every removed macro.
fn segments(source: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut open: Option<&str> = None;
    let mut rest = source;
    while let Some(at) = rest.find('{') {
        current.push_str(&rest[..at]);
        let from = &rest[at..];
        let Some((name, len)) = macro_at(from) else {
            current.push('{');
            rest = &from[1..];
            continue;
        };
        match open {
            Some(block) if block == name => {
                current.push(MARK);
                out.push((true, std::mem::take(&mut current)));
                open = None;
            }
            Some(_) => current.push_str(&from[..len]),
            None if name == "code" || name == "noformat" => {
                current.push(MARK);
                out.push((false, std::mem::take(&mut current)));
                open = Some(name);
            }
            None if DROPPED.contains(&name) => current.push(MARK),
            None => current.push_str(&from[..len]),
        }
        rest = &from[len..];
    }
    current.push_str(rest);
    out.push((open.is_some(), current));
    out
}

/// `{name}` or `{name:parameters}` at the start of `text`: the name and the
/// marker's length in bytes.
fn macro_at(text: &str) -> Option<(&str, usize)> {
    let body = text.strip_prefix('{')?;
    let name_len = body.bytes().take_while(u8::is_ascii_alphabetic).count();
    if name_len == 0 {
        return None;
    }
    let end = body.find(['}', '\n'])?;
    let after_name = body.as_bytes()[name_len];
    if body.as_bytes()[end] != b'}' || (end != name_len && after_name != b':') {
        return None;
    }
    Some((&body[..name_len], end + 2))
}

fn line_to_text(line: &str, numbers: &mut Vec<usize>, out: &mut String) {
    let trimmed = line.trim_start();
    if let Some(rest) = heading(trimmed).or_else(|| trimmed.strip_prefix("bq. ")) {
        numbers.clear();
        out.push_str(&inline(rest.trim()));
        return;
    }
    if let Some((marks, rest)) = list_item(trimmed) {
        let depth = marks.len();
        if marks.ends_with('#') {
            numbers.truncate(depth);
            numbers.resize(depth, 0);
            numbers[depth - 1] += 1;
            out.push_str(&numbers[depth - 1].to_string());
            out.push_str(". ");
        } else {
            numbers.truncate(depth - 1);
            out.push_str("• ");
        }
        out.push_str(&inline(rest));
        return;
    }
    numbers.clear();
    if trimmed.starts_with('|') {
        // Table rows: `||head||head||` and `|cell|cell|`.
        let row = inline(trimmed);
        out.push_str(&row.split('|').map(str::trim).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" | "));
        return;
    }
    out.push_str(&inline(line));
}

fn heading(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let level_ok = bytes.first() == Some(&b'h') && bytes.get(1).is_some_and(|b| (b'1'..=b'6').contains(b));
    if !level_ok || bytes.get(2) != Some(&b'.') {
        return None;
    }
    match bytes.get(3) {
        None => Some(""),
        Some(b' ') => Some(&line[4..]),
        Some(_) => None,
    }
}

/// `* x`, `** x`, `# x`, `#* x` or `- x`: the marks and the item's text.
fn list_item(line: &str) -> Option<(&str, &str)> {
    let marks_len = line.bytes().take_while(|b| matches!(b, b'*' | b'#' | b'-')).count();
    let marks = &line[..marks_len];
    let valid = if marks.contains('-') { marks == "-" } else { marks_len > 0 };
    let rest = line[marks_len..].strip_prefix([' ', '\t'])?.trim();
    (valid && !rest.is_empty()).then_some((marks, rest))
}

fn inline(text: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(text);
    for step in [images, links, monospace] {
        if let Cow::Owned(changed) = step(&text) {
            text = Cow::Owned(changed);
        }
    }
    for mark in ['*', '_', '-', '+', '^', '~'] {
        if let Cow::Owned(changed) = emphasis(&text, mark) {
            text = Cow::Owned(changed);
        }
    }
    text
}

/// `!picture.png!` and `!picture.png|thumbnail!` are removed: plain text
/// cannot show them.
fn images(text: &str) -> Cow<'_, str> {
    if !text.contains('!') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('!') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let image = after.find('!').filter(|&end| is_image(&after[..end]));
        match image {
            Some(end) => {
                rest = &after[end + 1..];
                if out.ends_with(' ') && rest.starts_with(' ') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('!');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn is_image(inside: &str) -> bool {
    let name = inside.split('|').next().unwrap_or_default();
    if name.is_empty() || name.trim() != name {
        return false;
    }
    if name.starts_with("http://") || name.starts_with("https://") {
        return true;
    }
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && (1..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// `[text|url]` → `text (url)`, `[url]` → `url`, `[~user]` → `@user`,
/// `[^file]` → `file`. Brackets that are not a link (`[WIP]`) stay.
fn links(text: &str) -> Cow<'_, str> {
    if !text.contains('[') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('[') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(end) = after.find(']').filter(|&end| !after[..end].contains('[')) else {
            out.push('[');
            rest = after;
            continue;
        };
        let inside = after[..end].trim();
        if let Some(user) = inside.strip_prefix('~') {
            out.push('@');
            out.push_str(user);
        } else if let Some(file) = inside.strip_prefix('^') {
            out.push_str(file);
        } else if let Some((label, target)) = inside.split_once('|') {
            let (label, url) = (label.trim(), target.split('|').next().unwrap_or_default().trim());
            if label.is_empty() || label == url {
                out.push_str(url);
            } else {
                out.push_str(&format!("{label} ({url})"));
            }
        } else if inside.contains("://") || inside.starts_with("mailto:") || inside.starts_with("www.") {
            out.push_str(inside);
        } else {
            out.push_str(&rest[at..at + end + 2]);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn monospace(text: &str) -> Cow<'_, str> {
    if !text.contains("{{") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        let after = &rest[at + 2..];
        match after.find("}}") {
            Some(end) => {
                out.push_str(&rest[..at]);
                out.push_str(&after[..end]);
                rest = &after[end + 2..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `*bold*`, `_italic_`, `-deleted-`, `+inserted+`, `^sup^`, `~sub~` keep
/// their inner text. As in Jira, a mark only opens after a non-word
/// character and before a non-space, so `2025-07-14`, `snake_case`, `C++`
/// and `a - b` are left alone; web addresses are never touched.
fn emphasis(text: &str, mark: char) -> Cow<'_, str> {
    if !text.contains(mark) {
        return Cow::Borrowed(text);
    }
    // Marks are ASCII, so byte positions of marks are character boundaries.
    let before = |i: usize| text[..i].chars().next_back();
    let after = |i: usize| text[i + 1..].chars().next();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'h' && !word(before(i)) {
            let at = &text[i..];
            if at.starts_with("http://") || at.starts_with("https://") {
                i += at.find(char::is_whitespace).unwrap_or(at.len());
                continue;
            }
        }
        if bytes[i] == mark as u8 && !word(before(i)) && !space(after(i)) && after(i) != Some(mark) {
            let inner = i + 1 + after(i).map_or(0, char::len_utf8);
            let close = text[inner..]
                .match_indices(mark)
                .map(|(j, _)| inner + j)
                .find(|&j| !space(before(j)) && !word(after(j)));
            if let Some(j) = close {
                out.push_str(&text[copied..i]);
                out.push_str(&text[i + 1..j]);
                copied = j + 1;
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Drops lines that only held a removed marker, trailing spaces and runs of
/// blank lines.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.split('\n') {
        if line.contains(MARK) && line.chars().all(|c| c == MARK || c.is_whitespace()) {
            continue;
        }
        let line = if line.contains(MARK) { Cow::Owned(line.replace(MARK, "")) } else { Cow::Borrowed(line) };
        let line = line.trim_end();
        blank_run = if line.is_empty() { blank_run + 1 } else { 0 };
        if blank_run > 1 {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    let end = out.trim_end().len();
    out.truncate(end);
    let start = out.len() - out.trim_start().len();
    out.drain(..start);
    out
}

#[cfg(test)]
mod tests {
    use super::jira_to_text;

    #[test]
    fn headings_emphasis_and_links_become_their_text() {
        let source = "h2. Why now\n*Churn* is _up_ -a lot- +this+ quarter, see {{billing-v2}} and [the report|https://example.com/q3_churn_report].\n[https://example.com/a_b_c] [~priya] [WIP] 2025-07-14 snake_case C++ a - b";
        assert_eq!(
            jira_to_text(source),
            "Why now\nChurn is up a lot this quarter, see billing-v2 and the report (https://example.com/q3_churn_report).\nhttps://example.com/a_b_c @priya [WIP] 2025-07-14 snake_case C++ a - b"
        );
    }

    #[test]
    fn lists_are_bulleted_and_numbered() {
        let source = "* one\n** nested\n- dash\n# first\n# second\n## inner\n# third\n\n# again";
        assert_eq!(
            jira_to_text(source),
            "• one\n• nested\n• dash\n1. first\n2. second\n1. inner\n3. third\n\n1. again"
        );
    }

    #[test]
    fn code_is_kept_exactly_and_block_markers_vanish() {
        let source = "Before\n{code:java}\nint *a* = b_c_d; // [x|y]\n{code}\n{quote}Quoted {color:red}red{color} text{quote}\n{noformat}\n*raw*\n{noformat}\nAfter";
        assert_eq!(jira_to_text(source), "Before\nint *a* = b_c_d; // [x|y]\nQuoted red text\n*raw*\nAfter");
    }

    #[test]
    fn images_are_removed_and_tables_flattened() {
        let source =
            "See !screenshot.png|thumbnail! here! Wow!\n||Step||Owner||\n|Migrate|[Sam|https://example.com/sam]|";
        assert_eq!(jira_to_text(source), "See here! Wow!\nStep | Owner\nMigrate | Sam (https://example.com/sam)");
    }

    #[test]
    fn html_in_the_source_stays_literal_text() {
        let text = jira_to_text("h1. <b>Title</b>\n*<script>x</script>*");
        assert_eq!(text, "<b>Title</b>\n<script>x</script>");
    }

    #[test]
    fn marks_next_to_accented_letters() {
        assert_eq!(jira_to_text("*é* _naïve_ über-cool *ü* -€-"), "é naïve über-cool ü €");
        assert_eq!(jira_to_text("café_au_lait x*é"), "café_au_lait x*é");
    }

    #[test]
    fn any_text_converts_without_leftover_markers() {
        const PIECES: [&str; 24] = [
            "*",
            "_",
            "-",
            "+",
            "^",
            "~",
            "!",
            "[",
            "]",
            "|",
            "{",
            "}",
            "{code}",
            "{quote}",
            "{{",
            "}}",
            "h2. ",
            "\n",
            " ",
            "é",
            "a",
            "https://x.io/a_b",
            "\\\\",
            "\u{E000}",
        ];
        let mut seed = 0x2545_f491_u32;
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..(seed % 24) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(PIECES[(seed >> 16) as usize % PIECES.len()]);
            }
            let out = jira_to_text(&text);
            assert!(!out.contains(super::MARK), "{text:?} gave {out:?}");
            assert_eq!(out, out.trim(), "{text:?}");
        }
    }
}
