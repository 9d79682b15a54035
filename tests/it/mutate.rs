//! Hostile input for the fuzz tests: well-formed bytes (an export, a
//! spreadsheet, a session frame) changed the ways a bad disk, a careless
//! editor or an attacker would change them. The JSON-aware mutations keep
//! most of a file valid so the input reaches the checks behind the parser.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

#[derive(Debug, Clone)]
pub enum Mutation {
    /// XOR one byte (`at` wraps around the input).
    Flip {
        at: usize,
        mask: u8,
    },
    /// Keep only the first `at` bytes.
    Truncate {
        at: usize,
    },
    Insert {
        at: usize,
        bytes: Vec<u8>,
    },
    /// Copy a span of the input to another place in it.
    Duplicate {
        from: usize,
        len: usize,
        to: usize,
    },
    /// Replace the JSON node at `node` (children before their parent,
    /// wrapping around) with `with`.
    Replace {
        node: usize,
        with: Value,
    },
    /// Remove the JSON node at `node` from its object or array.
    Remove {
        node: usize,
    },
    /// Replace the scalar at `node` with another of its own type (a string
    /// with `text`, a number with `number`, a bool with its opposite), so
    /// the input still decodes and reaches the checks behind the parser.
    Scalar {
        node: usize,
        text: String,
        number: i64,
    },
}

/// The number of cases each fuzz test runs: a fixed budget for CI, more
/// with `ACCORD_FUZZ_CASES` for a longer run by hand.
/// A figure for the log: written to stderr itself, which the test harness
/// does not capture, so a passing run prints it too.
pub fn show(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

pub fn cases(default: u32) -> u32 {
    std::env::var("ACCORD_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// A runner whose failures are shrunk and kept beside the test's source
/// (`tests/proptest-regressions/`), so a crashing input is replayed first
/// on every later run.
pub fn runner(cases: u32, source_file: &'static str) -> TestRunner {
    TestRunner::new(Config { cases, source_file: Some(source_file), ..Config::default() })
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        ".{0,24}".prop_map(Value::String),
        // The edges of what fields accept: empty, a control character, a
        // right-to-left override, a formula, a zero id.
        prop_oneof![Just(""), Just("\u{0}"), Just("\u{202e}gpj.exe"), Just("=cmd|'/c calc'!A1"), Just("0")]
            .prop_map(|s| Value::String(s.into())),
        // Oversized text: over every field's cap, and over a frame's.
        prop_oneof![3 => Just(1024usize), 2 => Just(100 * 1024), 1 => Just(2 * 1024 * 1024)]
            .prop_map(|n| Value::String("x".repeat(n))),
    ]
}

fn text() -> impl Strategy<Value = String> {
    json_leaf().prop_filter_map("a string", |v| v.as_str().map(str::to_owned))
}

fn number() -> impl Strategy<Value = i64> {
    prop_oneof![any::<i64>(), Just(0), Just(-1), Just(i64::MAX), 1..8i64]
}

pub fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

pub fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), 1..=255u8).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        1 => any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        2 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        1 => (any::<usize>(), 1..256usize, any::<usize>())
            .prop_map(|(from, len, to)| Mutation::Duplicate { from, len, to }),
        4 => (any::<usize>(), json_value()).prop_map(|(node, with)| Mutation::Replace { node, with }),
        2 => any::<usize>().prop_map(|node| Mutation::Remove { node }),
        6 => scalar(),
    ]
}

fn scalar() -> impl Strategy<Value = Mutation> {
    (any::<usize>(), text(), number()).prop_map(|(node, text, number)| Mutation::Scalar { node, text, number })
}

/// One to four mutations of any kind, applied in turn; or, as often, one
/// to three that keep the input's shape, so half the cases get past the
/// parser to the checks behind it.
pub fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop_oneof![prop::collection::vec(mutation(), 1..=4), prop::collection::vec(scalar(), 1..=3)]
}

pub fn apply(input: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    mutations.iter().fold(input.to_vec(), apply_one)
}

fn apply_one(mut bytes: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let len = bytes.len();
    match m {
        Mutation::Flip { at, mask } if len > 0 => bytes[at % len] ^= mask,
        Mutation::Truncate { at } => bytes.truncate(at % (len + 1)),
        Mutation::Insert { at, bytes: more } => {
            let at = at % (len + 1);
            bytes.splice(at..at, more.iter().copied());
        }
        Mutation::Duplicate { from, len: n, to } if len > 0 => {
            let from = from % len;
            let span = bytes[from..(from + n).min(len)].to_vec();
            let to = to % (len + 1);
            bytes.splice(to..to, span);
        }
        Mutation::Replace { node, with } => return edit_json(bytes, *node, Some(with)),
        Mutation::Remove { node } => return edit_json(bytes, *node, None),
        Mutation::Scalar { node, text, number } => return edit_scalar(bytes, *node, text, *number),
        _ => {}
    }
    bytes
}

/// Replaces (or removes) one node of `bytes` read as JSON; input that is
/// no longer JSON is left as it is.
fn edit_json(bytes: Vec<u8>, node: usize, with: Option<&Value>) -> Vec<u8> {
    let Ok(mut root) = serde_json::from_slice::<Value>(&bytes) else { return bytes };
    let mut pointers = Vec::new();
    pointers_of(&root, String::new(), &mut pointers);
    let pointer = &pointers[node % pointers.len()];
    match (with, pointer.rsplit_once('/')) {
        (Some(value), _) => *root.pointer_mut(pointer).expect("a pointer just listed") = value.clone(),
        (None, None) => root = Value::Null,
        (None, Some((parent, last))) => match root.pointer_mut(parent).expect("a pointer just listed") {
            Value::Object(map) => {
                map.remove(&last.replace("~1", "/").replace("~0", "~"));
            }
            Value::Array(items) => {
                items.remove(last.parse::<usize>().expect("an index"));
            }
            _ => unreachable!("only containers have children"),
        },
    }
    serde_json::to_vec(&root).expect("a Value always serializes")
}

fn edit_scalar(bytes: Vec<u8>, node: usize, text: &str, number: i64) -> Vec<u8> {
    let Ok(mut root) = serde_json::from_slice::<Value>(&bytes) else { return bytes };
    let mut pointers = Vec::new();
    pointers_of(&root, String::new(), &mut pointers);
    let scalars: Vec<&String> =
        pointers.iter().filter(|p| !matches!(root.pointer(p), Some(Value::Object(_) | Value::Array(_)))).collect();
    let Some(pointer) = scalars.get(node % scalars.len().max(1)) else { return bytes };
    let at = root.pointer_mut(pointer).expect("a pointer just listed");
    *at = match at {
        Value::String(_) => Value::String(text.to_owned()),
        Value::Number(_) => Value::from(number),
        Value::Bool(b) => Value::Bool(!*b),
        _ => Value::Null,
    };
    serde_json::to_vec(&root).expect("a Value always serializes")
}

fn pointers_of(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers_of(child, format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers_of(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

#[test]
fn each_json_mutation_reaches_every_node() {
    let input = br#"{"a":[1,{"b/c":2}],"d":"e"}"#;
    let mut seen = std::collections::BTreeSet::new();
    for node in 0..6 {
        seen.insert(String::from_utf8(apply(input, &[Mutation::Remove { node }])).unwrap());
    }
    assert!(seen.contains(r#"{"a":[1,{}],"d":"e"}"#), "{seen:?}");
    assert!(seen.contains(r#"{"a":[{"b/c":2}],"d":"e"}"#), "{seen:?}");
    assert!(seen.contains(r#"{"a":[1,{"b/c":2}]}"#), "{seen:?}");
    assert!(seen.contains("null"), "the root itself: {seen:?}");
    let replaced = apply(input, &[Mutation::Replace { node: 0, with: Value::Bool(true) }]);
    assert_eq!(replaced, br#"{"a":[true,{"b/c":2}],"d":"e"}"#);
    let scalar = Mutation::Scalar { node: 1, text: "f".into(), number: 9 };
    assert_eq!(apply(input, &[scalar]), br#"{"a":[1,{"b/c":9}],"d":"e"}"#);
    assert_eq!(apply(b"abc", &[Mutation::Truncate { at: 2 }]), b"ab");
    assert_eq!(apply(b"abc", &[Mutation::Duplicate { from: 1, len: 9, to: 0 }]), b"bcabc");
}
