//! Offline verification of a roadmap PDF: the embedded document's hash and
//! signatures, who signed it, and whether the pages are the ones this build
//! renders from it.

use accord_domain::{
    ContentHash, ExportDoc, ExportStatus, PublicIdentity, PublicKey, Role, Signature, SignedRoadmap, Subject,
    EXPORT_ATTACHMENT,
};

use crate::read::{parse_document, read_attachment, ReadError};
use crate::render::{generator, render};

/// The checks `verify` makes, in the order it reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckName {
    /// The PDF carries a readable Accord document (else `verify` is an error).
    Document,
    /// The signed snapshot hashes to the document's content hash.
    ContentHash,
    /// Every signature is valid, by the identity it names, over this content.
    Signatures,
    /// Every signer's key is among the identities the caller knows.
    KnownSigners,
    /// Re-rendering the document gives these very pages.
    Pages,
    /// The EM and the PM both validly signed this content.
    SignedOff,
}

impl CheckName {
    pub const ALL: [CheckName; 6] = [
        CheckName::Document,
        CheckName::ContentHash,
        CheckName::Signatures,
        CheckName::KnownSigners,
        CheckName::Pages,
        CheckName::SignedOff,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CheckName::Document => "Document",
            CheckName::ContentHash => "Content hash",
            CheckName::Signatures => "Signatures",
            CheckName::KnownSigners => "Known signers",
            CheckName::Pages => "Pages",
            CheckName::SignedOff => "Signed off",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: CheckName,
    /// The check was made and passed.
    pub passed: bool,
    /// The check could not be made (`passed` is then false); `detail` says why.
    pub skipped: bool,
    /// What was found, naming exactly what failed.
    pub detail: String,
}

impl Check {
    fn pass(name: CheckName, detail: impl Into<String>) -> Self {
        Check { name, passed: true, skipped: false, detail: detail.into() }
    }
    fn fail(name: CheckName, detail: impl Into<String>) -> Self {
        Check { name, passed: false, skipped: false, detail: detail.into() }
    }
    fn skip(name: CheckName, detail: impl Into<String>) -> Self {
        Check { name, passed: false, skipped: true, detail: detail.into() }
    }
    fn failed(&self) -> bool {
        !self.passed && !self.skipped
    }
}

/// What one of the document's signatures proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureState {
    /// Valid, by the identity it names, over this very content.
    Valid,
    /// Valid, but over another (earlier) content hash: the roadmap changed since.
    Lapsed { signed_hash: String },
    /// Not valid: altered, by another key than the one named, over another
    /// roadmap or baseline, or not what the sign-off block shows.
    Invalid { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureCheck {
    /// Who the document says signed (the identity holding the key, else the sign-off block's name).
    pub name: String,
    pub role: Role,
    /// The fingerprint of the key that made the signature.
    pub fingerprint: String,
    pub signed_at: String,
    pub state: SignatureState,
}

/// The one-word answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Intact, and signed off: the EM and the PM validly signed exactly this
    /// content, and the pages are the ones it renders to.
    SignedOff,
    /// Intact, but a draft: it claims no sign-off (signatures it carries may
    /// be over an earlier version).
    Draft,
    /// The content and its signatures are intact, but not all could be
    /// confirmed: the pages were made by another version of Accord, or a
    /// signer's key is not among the known identities.
    Unconfirmed,
    /// Something does not match: the content, a signature, or the pages.
    Tampered,
}

#[derive(Debug, Clone)]
pub struct Verification {
    /// One per [`CheckName`], in that order.
    pub checks: Vec<Check>,
    /// The document the PDF carries.
    pub doc: ExportDoc,
    /// One per signature in the document, in its order.
    pub signatures: Vec<SignatureCheck>,
    pub verdict: Verdict,
}

impl Verification {
    pub fn check(&self, name: CheckName) -> &Check {
        self.checks.iter().find(|c| c.name == name).expect("verify makes every check")
    }

    /// Intact and signed off.
    pub fn is_signed_off(&self) -> bool {
        self.verdict == Verdict::SignedOff
    }

    /// One sentence for a person.
    pub fn summary(&self) -> String {
        let name = &self.doc.snapshot.roadmap_name;
        match self.verdict {
            Verdict::SignedOff => {
                let who: Vec<String> = self
                    .signatures
                    .iter()
                    .filter(|s| s.state == SignatureState::Valid)
                    .map(|s| format!("{} ({})", s.name, s.role.label()))
                    .collect();
                format!("\"{name}\" is intact and signed off by {}.", who.join(" and "))
            }
            Verdict::Draft => {
                format!("\"{name}\" is an intact DRAFT, not signed off: {}", self.doc.draft_reason)
            }
            Verdict::Unconfirmed => {
                let open: Vec<String> = self
                    .checks
                    .iter()
                    .filter(|c| c.name != CheckName::SignedOff && !c.passed)
                    .map(|c| c.name.label().to_lowercase())
                    .collect();
                format!(
                    "\"{name}\" carries intact content signed off by both partners, but could not be fully confirmed \
                     ({} not confirmed).",
                    open.join(", ")
                )
            }
            Verdict::Tampered => {
                let failed: Vec<&str> = self.checks.iter().filter(|c| c.failed()).map(|c| c.name.label()).collect();
                format!("\"{name}\" does NOT verify: {} failed.", failed.join(", "))
            }
        }
    }
}

/// Verifies a roadmap PDF offline. `known` are the public identities the
/// caller trusts (e.g. those imported on this machine); `None` skips that
/// comparison. Only an unreadable PDF is an error: a PDF that reads but does
/// not verify is a [`Verification`] whose checks say what failed.
pub fn verify(pdf: &[u8], known: Option<&[PublicIdentity]>) -> Result<Verification, ReadError> {
    let attachment = read_attachment(pdf)?;
    let doc = parse_document(&attachment)?;

    let mut checks = vec![Check::pass(
        CheckName::Document,
        format!(
            "the PDF carries an Accord document ({EXPORT_ATTACHMENT}, {} bytes), exported {} by {}",
            attachment.len(),
            doc.exported_at,
            doc.generator
        ),
    )];
    let (hash_check, hash_ok) = content_hash_check(&doc);
    checks.push(hash_check);
    let signatures = signature_states(&doc);
    checks.push(signatures_check(&doc, &signatures));
    checks.push(known_signers_check(&signatures, &doc, known));
    checks.push(pages_check(&doc, pdf));
    checks.push(signed_off_check(&doc, &signatures));

    let integrity_broken = !hash_ok
        || checks.iter().any(|c| c.name == CheckName::Pages && c.failed())
        || signatures.iter().any(|s| matches!(s.state, SignatureState::Invalid { .. }));
    let failed = |name: CheckName| checks.iter().any(|c| c.name == name && c.failed());
    let open = |name: CheckName| checks.iter().any(|c| c.name == name && !c.passed);
    let verdict = if integrity_broken {
        Verdict::Tampered
    } else if doc.status == ExportStatus::Draft {
        Verdict::Draft
    } else if failed(CheckName::SignedOff) {
        // It says SIGNED OFF, and the signatures do not bear that out.
        Verdict::Tampered
    } else if open(CheckName::Pages) || failed(CheckName::KnownSigners) {
        Verdict::Unconfirmed
    } else {
        Verdict::SignedOff
    };
    Ok(Verification { checks, doc, signatures, verdict })
}

fn short(hash: &str) -> &str {
    hash.get(..16).unwrap_or(hash)
}

fn content_hash_check(doc: &ExportDoc) -> (Check, bool) {
    let name = CheckName::ContentHash;
    let actual = match ContentHash::of(&doc.snapshot) {
        Ok(h) => h.to_hex(),
        Err(e) => return (Check::fail(name, format!("the signed content cannot be hashed: {e}")), false),
    };
    if actual != doc.content_hash {
        let detail = format!(
            "the items and decisions hash to {}…, but the document says {}…: the content was changed after it \
             was hashed",
            short(&actual),
            short(&doc.content_hash)
        );
        return (Check::fail(name, detail), false);
    }
    if doc.snapshot.roadmap_id != doc.roadmap.id {
        let detail = format!(
            "the signed content is roadmap {}, but the document says roadmap {}",
            doc.snapshot.roadmap_id, doc.roadmap.id
        );
        return (Check::fail(name, detail), false);
    }
    (Check::pass(name, format!("the items and decisions hash to {}…, as the document says", short(&actual))), true)
}

fn fingerprint_of(public_key: &str) -> String {
    PublicKey::from_hex(public_key).map(|k| k.fingerprint()).unwrap_or_else(|_| "(malformed key)".into())
}

fn signature_states(doc: &ExportDoc) -> Vec<SignatureCheck> {
    doc.signatures
        .iter()
        .enumerate()
        .map(|(i, sig)| {
            let identity = doc.identities.iter().find(|p| p.public_key == sig.public_key);
            let shown = doc.signers.get(i);
            let name = identity
                .map(|p| p.name.clone())
                .or_else(|| shown.map(|s| s.name.clone()))
                .unwrap_or_else(|| "an unnamed signer".into());
            let fingerprint = fingerprint_of(&sig.public_key);
            let state = signature_state(doc, sig, identity, shown, &fingerprint);
            SignatureCheck {
                name,
                role: sig.statement.role,
                fingerprint,
                signed_at: sig.statement.signed_at.clone(),
                state,
            }
        })
        .collect()
}

fn signature_state(
    doc: &ExportDoc,
    sig: &Signature,
    identity: Option<&PublicIdentity>,
    shown: Option<&accord_domain::ExportSigner>,
    fingerprint: &str,
) -> SignatureState {
    let invalid = |reason: String| SignatureState::Invalid { reason };
    let st = &sig.statement;
    let Some(identity) = identity else {
        return invalid(format!(
            "it was made with a key (fingerprint {fingerprint}) that the document names no one for"
        ));
    };
    let Some(baseline) = &doc.baseline else {
        return invalid("it is over a baseline, but the document has none".into());
    };
    let roadmap = SignedRoadmap { id: doc.roadmap.id, uid: doc.roadmap.uid.as_deref().unwrap_or_default() };
    if !st.names(roadmap) {
        return invalid(format!("it is over roadmap {}, not this one ({})", st.roadmap_id, doc.roadmap.id));
    }
    if st.subject != Subject::Baseline(baseline.id) {
        return invalid(format!("it is over {:?}, not this baseline ({})", st.subject, baseline.id));
    }
    if let Err(e) = sig.verify(identity) {
        return invalid(e.to_string());
    }
    // What the sign-off block on the pages shows must be what was signed.
    match shown {
        None => return invalid("the sign-off block does not list it".into()),
        Some(s) => {
            if s.name != identity.name
                || s.role != st.role
                || s.fingerprint != fingerprint
                || s.signed_at != st.signed_at
            {
                return invalid(format!(
                    "the sign-off block shows {} ({}, {}, key {}), but the signature is by {} ({}, {}, key {})",
                    s.name,
                    s.role.label(),
                    s.signed_at,
                    s.fingerprint,
                    identity.name,
                    st.role.label(),
                    st.signed_at,
                    fingerprint
                ));
            }
        }
    }
    if st.content_hash != doc.content_hash {
        return SignatureState::Lapsed { signed_hash: st.content_hash.clone() };
    }
    SignatureState::Valid
}

fn who(s: &SignatureCheck) -> String {
    format!("{} ({})", s.name, s.role.label())
}

fn signatures_check(doc: &ExportDoc, states: &[SignatureCheck]) -> Check {
    let name = CheckName::Signatures;
    let mut problems: Vec<String> = states
        .iter()
        .filter_map(|s| match &s.state {
            SignatureState::Valid => None,
            SignatureState::Lapsed { signed_hash } => Some(format!(
                "{}'s signature is valid but over an earlier version of the roadmap (hash {}…), not this content \
                 ({}…)",
                who(s),
                short(signed_hash),
                short(&doc.content_hash)
            )),
            SignatureState::Invalid { reason } => Some(format!("{}'s signature is not valid: {reason}", who(s))),
        })
        .collect();
    if doc.signers.len() > doc.signatures.len() {
        let extra: Vec<&str> = doc.signers[doc.signatures.len()..].iter().map(|s| s.name.as_str()).collect();
        problems.push(format!("the sign-off block lists {} without a signature", extra.join(", ")));
    }
    if !problems.is_empty() {
        return Check::fail(name, problems.join("; "));
    }
    if states.is_empty() {
        return Check::pass(name, "the document carries no signatures");
    }
    let all: Vec<String> = states.iter().map(who).collect();
    Check::pass(name, format!("{} valid, each over this content: {}", states.len(), all.join(", ")))
}

fn known_signers_check(states: &[SignatureCheck], doc: &ExportDoc, known: Option<&[PublicIdentity]>) -> Check {
    let name = CheckName::KnownSigners;
    let Some(known) = known else {
        return Check::skip(
            name,
            "not compared: no known identities were given; compare the key fingerprints on the sign-off page with \
             the ones the partners show in Accord",
        );
    };
    if states.is_empty() {
        return Check::pass(name, "there are no signers to compare");
    }
    let unknown: Vec<String> = states
        .iter()
        .zip(&doc.signatures)
        .filter(|(s, sig)| !known.iter().any(|k| k.public_key == sig.public_key && k.role == s.role))
        .map(|(s, _)| format!("{} (key {})", who(s), s.fingerprint))
        .collect();
    if unknown.is_empty() {
        Check::pass(name, format!("every signer's key is among the {} known identities", known.len()))
    } else {
        Check::fail(name, format!("not among the {} known identities: {}", known.len(), unknown.join(", ")))
    }
}

fn pages_check(doc: &ExportDoc, pdf: &[u8]) -> Check {
    let name = CheckName::Pages;
    let this = generator();
    if doc.generator != this {
        return Check::skip(
            name,
            format!(
                "not compared: the PDF was made by {}, and this is {this}; only the same version re-renders the \
                 same pages",
                doc.generator
            ),
        );
    }
    match render(doc) {
        Err(e) => Check::fail(name, format!("the document could not be re-rendered to compare: {e}")),
        Ok(expected) if expected == pdf => {
            Check::pass(name, format!("re-rendering the document gives these very pages ({} bytes)", pdf.len()))
        }
        Ok(expected) => {
            let at = expected.iter().zip(pdf).position(|(a, b)| a != b).unwrap_or(expected.len().min(pdf.len()));
            Check::fail(
                name,
                format!(
                    "the PDF is not what its document renders to ({} bytes, expected {}; first difference at byte \
                     {at}): the pages or the file were changed after export",
                    pdf.len(),
                    expected.len()
                ),
            )
        }
    }
}

fn signed_off_check(doc: &ExportDoc, states: &[SignatureCheck]) -> Check {
    let name = CheckName::SignedOff;
    let valid = |role: Role| states.iter().find(|s| s.role == role && s.state == SignatureState::Valid);
    let lapsed: Vec<String> =
        states.iter().filter(|s| matches!(s.state, SignatureState::Lapsed { .. })).map(who).collect();
    if doc.status == ExportStatus::Draft {
        let mut detail = format!("no: this is a DRAFT ({})", doc.draft_reason);
        if !lapsed.is_empty() {
            detail.push_str(&format!(
                "; the signatures it carries, by {}, are over an earlier version",
                lapsed.join(" and ")
            ));
        }
        return Check::fail(name, detail);
    }
    let mut missing = Vec::new();
    for role in [Role::Em, Role::Pm] {
        if valid(role).is_none() {
            let why = match states.iter().find(|s| s.role == role).map(|s| (&s.name, &s.state)) {
                Some((who, SignatureState::Lapsed { .. })) => format!("({who}) signed an earlier version only"),
                Some((who, SignatureState::Invalid { .. })) => format!("({who}) has no valid signature"),
                _ => "has not signed".to_string(),
            };
            missing.push(format!("the {} {why}", role.label()));
        }
    }
    if missing.is_empty() {
        let both: Vec<String> = [Role::Em, Role::Pm]
            .into_iter()
            .filter_map(valid)
            .map(|s| format!("{} on {}", who(s), s.signed_at))
            .collect();
        Check::pass(name, format!("signed off by {}", both.join(" and ")))
    } else {
        Check::fail(name, format!("the document says SIGNED OFF, but {}", missing.join(", and ")))
    }
}
