//! Canonical hashing, signatures and sealed keys (accord-domain).

use accord_domain::sealed_key::{self, KdfCost, SealError};
use accord_domain::{
    agreement, ContentHash, Keypair, PublicIdentity, Role, Signature, SignedRoadmap, SignoffError, Statement, Subject,
};
use proptest::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

const ROADMAP: SignedRoadmap<'static> = SignedRoadmap { id: 7, uid: "0b7e5c1a-roadmap-seven" };
const WHEN: Subject = Subject::ItemWhen(42);
const AT: &str = "2026-11-23T10:00:00Z";

fn keypair(n: u8) -> Keypair {
    Keypair::from_seed(&[n; 32])
}

fn identity(name: &str, role: Role, key: &Keypair) -> PublicIdentity {
    PublicIdentity::new(name, role, key.public())
}

#[derive(Serialize)]
struct WhenAB<'a> {
    target: &'a str,
    confidence: &'a str,
}

#[derive(Serialize)]
struct WhenBA<'a> {
    confidence: &'a str,
    target: &'a str,
}

fn sign(key: &Keypair, role: Role, content: ContentHash) -> Signature {
    key.sign(Statement::new(ROADMAP, WHEN, 3, content, role, AT)).unwrap()
}

#[test]
fn the_content_hash_is_sha256_of_rfc8785_canonical_json() {
    // Keys sorted, no whitespace, numbers in their shortest form, non-ASCII kept as UTF-8.
    let value: serde_json::Value =
        serde_json::from_str(r#"{ "target": "2027-Q1", "confidence": 1.0, "note": "Zürich \u00e9", "n": [3, 1e2] }"#)
            .unwrap();
    let canonical = r#"{"confidence":1,"n":[3,100],"note":"Zürich é","target":"2027-Q1"}"#;
    let expected: [u8; 32] = Sha256::digest(canonical.as_bytes()).into();
    assert_eq!(ContentHash::of(&value).unwrap().0, expected);
    // Pinned (computed outside Rust), so a library or platform that altered the bytes shows here.
    assert_eq!(
        ContentHash::of(&value).unwrap().to_hex(),
        "75abf2cf205303dead39c87e946051a1f4b8c358ee92a3ab95a0ddbbed6092fe"
    );
    let round = ContentHash::from_hex(&ContentHash::of(&value).unwrap().to_hex()).unwrap();
    assert_eq!(round, ContentHash::of(&value).unwrap());
    assert!(ContentHash::from_hex("not hex").is_err());
}

proptest! {
    #[test]
    fn field_order_never_changes_the_hash(target in "\\PC{0,40}", confidence in "\\PC{0,12}") {
        let a = ContentHash::of(&WhenAB { target: &target, confidence: &confidence }).unwrap();
        let b = ContentHash::of(&WhenBA { confidence: &confidence, target: &target }).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn any_change_to_the_content_changes_the_hash(target in "\\PC{1,40}", other in "\\PC{1,40}") {
        prop_assume!(target != other);
        let a = ContentHash::of(&WhenAB { target: &target, confidence: "high" }).unwrap();
        let b = ContentHash::of(&WhenAB { target: &other, confidence: "high" }).unwrap();
        prop_assert_ne!(a, b);
    }
}

#[test]
fn both_partners_signing_the_current_content_is_agreement_and_a_change_lapses_it() {
    let (pm_key, em_key) = (keypair(1), keypair(2));
    let people = [identity("Priya", Role::Pm, &pm_key), identity("Marco", Role::Em, &em_key)];
    let lookup = |hex: &str| people.iter().find(|p| p.public_key == hex).cloned();
    let both = [Role::Em, Role::Pm];
    let v1 = ContentHash::of(&WhenAB { target: "2027-Q1", confidence: "medium" }).unwrap();
    let v2 = ContentHash::of(&WhenAB { target: "2027-Q2", confidence: "medium" }).unwrap();

    let pm_v1 = sign(&pm_key, Role::Pm, v1);
    let half = agreement(ROADMAP, WHEN, v1, &both, [&pm_v1], lookup);
    assert!(!half.agreed);
    assert_eq!((half.signed.as_slice(), half.missing.as_slice()), (&[Role::Pm][..], &[Role::Em][..]));

    let em_v1 = sign(&em_key, Role::Em, v1);
    let agreed = agreement(ROADMAP, WHEN, v1, &both, [&pm_v1, &em_v1], lookup);
    assert!(agreed.agreed);
    assert_eq!(agreed.signed, [Role::Em, Role::Pm]);

    // The date moved: both signatures are now over old content.
    let lapsed = agreement(ROADMAP, WHEN, v2, &both, [&pm_v1, &em_v1], lookup);
    assert!(!lapsed.agreed);
    assert_eq!(lapsed.lapsed, [Role::Em, Role::Pm]);
    assert!(lapsed.signed.is_empty() && lapsed.missing.is_empty());

    let pm_v2 = sign(&pm_key, Role::Pm, v2);
    let again = agreement(ROADMAP, WHEN, v2, &both, [&pm_v1, &em_v1, &pm_v2], lookup);
    assert_eq!((again.signed.as_slice(), again.lapsed.as_slice()), (&[Role::Pm][..], &[Role::Em][..]));
    let em_v2 = sign(&em_key, Role::Em, v2);
    assert!(agreement(ROADMAP, WHEN, v2, &both, [&pm_v1, &em_v1, &pm_v2, &em_v2], lookup).agreed);

    // A signature on another subject or roadmap does not count here.
    let elsewhere = pm_key.sign(Statement::new(ROADMAP, Subject::ItemWhen(43), 3, v2, Role::Pm, AT)).unwrap();
    let other_map = pm_key.sign(Statement::new(SignedRoadmap { id: 8, ..ROADMAP }, WHEN, 3, v2, Role::Pm, AT)).unwrap();
    // The same local id and text in another database: its global identity differs.
    let other_db = SignedRoadmap { uid: "another-database", ..ROADMAP };
    let replayed = pm_key.sign(Statement::new(other_db, WHEN, 3, v2, Role::Pm, AT)).unwrap();
    let only_em = agreement(ROADMAP, WHEN, v2, &both, [&em_v2, &elsewhere, &other_map, &replayed], lookup);
    assert_eq!(only_em.missing, [Role::Pm]);
    assert!(agreement(other_db, WHEN, v2, &both, [&em_v2, &replayed], lookup).signed == [Role::Pm]);
}

#[test]
fn tampering_with_a_signature_its_content_or_its_key_is_detected() {
    let (pm_key, em_key) = (keypair(1), keypair(2));
    let pm = identity("Priya", Role::Pm, &pm_key);
    let content = ContentHash::of(&WhenAB { target: "2027-Q1", confidence: "high" }).unwrap();
    let good = sign(&pm_key, Role::Pm, content);
    good.verify(&pm).unwrap();

    let mut altered_content = good.clone();
    altered_content.statement.content_hash =
        ContentHash::of(&WhenAB { target: "2027-Q3", confidence: "high" }).unwrap().to_hex();
    assert_eq!(altered_content.verify(&pm), Err(SignoffError::BadSignature));

    let mut altered_time = good.clone();
    altered_time.statement.signed_at = "2026-11-24T10:00:00Z".into();
    assert_eq!(altered_time.verify(&pm), Err(SignoffError::BadSignature));

    let mut altered_sig = good.clone();
    let flipped = if altered_sig.signature.starts_with('0') { "1" } else { "0" };
    altered_sig.signature.replace_range(0..1, flipped);
    assert_eq!(altered_sig.verify(&pm), Err(SignoffError::BadSignature));

    let mut truncated = good.clone();
    truncated.signature.truncate(10);
    assert_eq!(truncated.verify(&pm), Err(SignoffError::Malformed("signature")));

    // The same signature presented with another person's key in it.
    let mut swapped_key = good.clone();
    swapped_key.public_key = em_key.public().to_hex();
    assert_eq!(swapped_key.verify(&pm), Err(SignoffError::WrongSigner));

    // A stored identity whose key was replaced no longer vouches for the signature.
    let forged_identity = PublicIdentity { public_key: em_key.public().to_hex(), ..pm.clone() };
    assert_eq!(good.verify(&forged_identity), Err(SignoffError::WrongSigner));

    let lookup = |hex: &str| (hex == pm.public_key).then(|| pm.clone());
    let seen = agreement(ROADMAP, WHEN, content, &[Role::Pm], [&altered_content, &swapped_key], lookup);
    assert_eq!((seen.agreed, seen.invalid), (false, 2));
}

#[test]
fn a_pm_key_cannot_produce_an_em_signature() {
    let (pm_key, em_key) = (keypair(1), keypair(2));
    let pm = identity("Priya", Role::Pm, &pm_key);
    let em = identity("Marco", Role::Em, &em_key);
    let content = ContentHash::of(&WhenAB { target: "2027-Q1", confidence: "high" }).unwrap();
    let posing = sign(&pm_key, Role::Em, content);
    assert_eq!(posing.verify(&pm), Err(SignoffError::WrongRole { claimed: Role::Em, holder: Role::Pm }));
    assert_eq!(posing.verify(&em), Err(SignoffError::WrongSigner));
    let people = [pm, em];
    let lookup = |hex: &str| people.iter().find(|p| p.public_key == hex).cloned();
    let seen = agreement(ROADMAP, WHEN, content, &[Role::Em, Role::Pm], [&posing], lookup);
    assert_eq!((seen.agreed, seen.invalid, seen.missing.len()), (false, 1, 2));
}

#[test]
fn fingerprints_are_stable_and_distinct() {
    let (a, b) = (keypair(1).public(), keypair(2).public());
    assert_eq!(a.fingerprint(), keypair(1).public().fingerprint());
    assert_ne!(a.fingerprint(), b.fingerprint());
    assert_eq!(a.fingerprint().len(), 8 * 4 + 7, "eight groups of four hex digits");
    assert_eq!(accord_domain::PublicKey::from_hex(&a.to_hex()).unwrap(), a);
    assert!(accord_domain::PublicKey::from_hex("abcd").is_err());
}

const CHEAP: KdfCost = KdfCost { memory_kib: 64, passes: 1, lanes: 1 };

#[test]
fn a_sealed_key_opens_only_with_its_passphrase() {
    let key = keypair(9);
    // The real cost once, to prove the defaults are accepted by Argon2.
    let sealed = sealed_key::seal(&key, "correct horse", KdfCost::default(), [1; 16], [2; 24]).unwrap();
    assert_eq!(sealed_key::open(&sealed, "correct horse").unwrap().public(), key.public());
    assert!(!sealed.ciphertext.contains(&hex::encode(*key.seed())), "the seed is stored in clear");

    let cheap = sealed_key::seal(&key, "correct horse", CHEAP, [1; 16], [2; 24]).unwrap();
    assert_eq!(sealed_key::open(&cheap, "Correct horse").err(), Some(SealError::WrongPassphrase));
    assert_eq!(sealed_key::seal(&key, "short", CHEAP, [1; 16], [2; 24]).err(), Some(SealError::WeakPassphrase));

    let mut tampered = cheap.clone();
    let last = tampered.ciphertext.pop().unwrap();
    tampered.ciphertext.push(if last == '0' { '1' } else { '0' });
    assert_eq!(sealed_key::open(&tampered, "correct horse").err(), Some(SealError::WrongPassphrase));

    // Moved onto another profile's public key: the associated data no longer matches.
    let mut moved = cheap.clone();
    moved.public_key = keypair(10).public().to_hex();
    assert_eq!(sealed_key::open(&moved, "correct horse").err(), Some(SealError::WrongPassphrase));

    let mut bad_nonce = cheap;
    bad_nonce.nonce = "zz".into();
    assert_eq!(sealed_key::open(&bad_nonce, "correct horse").err(), Some(SealError::Malformed("nonce")));
}

mod baseline_diff {
    use accord_domain::{diff, DiffKind, ItemKind, ItemStatus, Matrix, Snapshot, SnapshotItem};
    use proptest::prelude::*;

    fn snapshot(ids: &[i64]) -> Snapshot {
        Snapshot {
            roadmap_id: 1,
            roadmap_name: "Core".into(),
            em_name: "Emil".into(),
            pm_name: "Priya".into(),
            items: ids
                .iter()
                .enumerate()
                .map(|(n, &id)| SnapshotItem {
                    id,
                    rank: n as i64 + 1,
                    title: format!("Item {id}"),
                    status: ItemStatus::Planned,
                    kind: ItemKind::Feature,
                    horizon: "next".into(),
                    matrix: Matrix::default(),
                    when_agreed: false,
                })
                .collect(),
            decisions: vec![],
        }
    }

    fn moved(a: &[i64], b: &[i64]) -> Vec<i64> {
        diff(&snapshot(a), &snapshot(b)).into_iter().filter(|c| c.kind == DiffKind::ItemMoved).map(|c| c.id).collect()
    }

    #[test]
    fn an_insertion_or_one_move_reports_only_what_moved() {
        assert!(diff(&snapshot(&[1, 2, 3]), &snapshot(&[1, 2, 3])).is_empty());
        assert_eq!(moved(&[1, 2, 3, 4], &[9, 1, 2, 3, 4]), Vec::<i64>::new(), "an insertion moves nothing");
        assert_eq!(moved(&[1, 2, 3, 4], &[2, 3, 4, 1]), [1], "the first item sent to the bottom");
        assert_eq!(moved(&[1, 2, 3, 4], &[4, 1, 2, 3]), [4], "the last item brought to the top");
        let changes = diff(&snapshot(&[1, 2, 3]), &snapshot(&[1, 3]));
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].kind, changes[0].id), (DiffKind::ItemRemoved, 2));
    }

    proptest! {
        /// Moving one item anywhere reports at most that one move, and the
        /// items not reported keep their relative order.
        #[test]
        fn moves_are_the_fewest_that_explain_the_new_order(n in 2usize..40, from in 0usize..40, to in 0usize..40) {
            let a: Vec<i64> = (1..=n as i64).collect();
            let (from, to) = (from % n, to % n);
            let mut b = a.clone();
            let x = b.remove(from);
            b.insert(to, x);
            let m = moved(&a, &b);
            prop_assert!(m.len() <= 1, "{m:?}");
            let kept_a: Vec<i64> = a.iter().copied().filter(|i| !m.contains(i)).collect();
            let kept_b: Vec<i64> = b.iter().copied().filter(|i| !m.contains(i)).collect();
            prop_assert_eq!(kept_a, kept_b);
        }

        /// Any reordering: the unreported items keep their order.
        #[test]
        fn unreported_items_keep_their_order(b in Just((1..=20i64).collect::<Vec<_>>()).prop_shuffle()) {
            let a: Vec<i64> = (1..=20).collect();
            let m = moved(&a, &b);
            let kept_a: Vec<i64> = a.iter().copied().filter(|i| !m.contains(i)).collect();
            let kept_b: Vec<i64> = b.iter().copied().filter(|i| !m.contains(i)).collect();
            prop_assert_eq!(kept_a, kept_b);
        }
    }

    #[test]
    fn a_decisions_signed_content_ignores_the_order_of_its_linked_items() {
        use accord_domain::{ContentHash, Decision, DecisionKind, DecisionStatus, DecisionTopic};
        let d = Decision {
            id: 1,
            roadmap_id: 1,
            kind: DecisionKind::Shared,
            topic: DecisionTopic::Risk,
            title: "Vendor".into(),
            context: String::new(),
            options: String::new(),
            outcome: "Two vendors".into(),
            linked_items: vec![3, 1, 2],
            trade_off_for: None,
            deprioritised: vec![],
            capacity_reason: String::new(),
            capacity: None,
            status: DecisionStatus::Proposed,
            supersedes: None,
            superseded_by: None,
            revision: 4,
            created_by_name: "Priya".into(),
            created_at: String::new(),
            updated_at: String::new(),
        };
        let reordered =
            Decision { linked_items: vec![2, 3, 1], revision: 9, status: DecisionStatus::Draft, ..d.clone() };
        assert_eq!(ContentHash::of(&d.content()).unwrap(), ContentHash::of(&reordered.content()).unwrap());
        let changed = Decision { outcome: "One vendor".into(), ..d.clone() };
        assert_ne!(ContentHash::of(&d.content()).unwrap(), ContentHash::of(&changed.content()).unwrap());
    }
}
