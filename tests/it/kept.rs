//! The guest keeps the meeting: a host's roadmap kept on the guest's
//! machine as last seen, read-only, with the host's people's identities,
//! so its PDF verifies there.

use accord_api::{Accord, NewItem, NewProfile};
use accord_domain::{ItemKind, PublicIdentity, Role};

use crate::api::{new_roadmap, PASS};

fn person(app: &mut Accord, name: &str, role: Role) -> accord_domain::Profile {
    app.create_profile(NewProfile { name: name.into(), role, passphrase: PASS.into() }).unwrap()
}

#[test]
fn a_kept_roadmap_reads_as_last_seen_and_brings_the_hosts_identities_but_no_impostor() {
    let dir = tempfile::tempdir().unwrap();
    let mut host = Accord::open(&dir.path().join("host.db")).unwrap();
    let sam = person(&mut host, "Sam Okafor", Role::Em);
    let roadmap = new_roadmap(&mut host, &sam);
    let req = NewItem {
        roadmap_id: roadmap.id,
        title: "Checkout redesign".into(),
        kind: ItemKind::Feature,
        horizon: String::new(),
    };
    host.create_item(sam.id, req).unwrap();
    let mut doc = host.export_document(roadmap.id, &accord_api::now()).unwrap();

    let mut guest = Accord::open(&dir.path().join("guest.db")).unwrap();
    let priya = person(&mut guest, "Priya Raman", Role::Pm);
    let own_roadmaps = guest.bootstrap().unwrap().roadmaps;
    // A host that names someone of this machine with another key is not believed for them.
    let impostor = accord_domain::Keypair::from_seed(&[9; 32]);
    doc.identities.push(PublicIdentity::new("Priya Raman", Role::Pm, impostor.public()));

    let kept = guest.keep_host_roadmap("host-key", "Sam Okafor (EM)", &doc).unwrap();
    assert_eq!((kept.roadmap_name.as_str(), kept.items, kept.signed_off), (roadmap.name.as_str(), 1, false));
    assert_eq!(kept.roadmap_uid, roadmap.uid);
    assert_eq!(guest.kept_roadmaps().unwrap(), std::slice::from_ref(&kept));
    assert_eq!(guest.kept_document(&roadmap.uid).unwrap(), doc);
    assert_eq!(guest.bootstrap().unwrap().roadmaps, own_roadmaps, "the guest's own roadmaps are untouched");

    let known = guest.identities().unwrap();
    assert!(known.iter().any(|p| p.name == "Sam Okafor" && p.role == Role::Em), "the host's EM is known here now");
    let priyas: Vec<_> = known.iter().filter(|p| p.name == "Priya Raman").collect();
    assert_eq!(priyas.len(), 1, "{priyas:?}");
    assert_eq!(priyas[0].public_key, guest.person(priya.id).unwrap().public_key, "her own key, not the impostor's");

    // Joining again replaces the copy, not adds one.
    let again = guest.keep_host_roadmap("host-key", "Sam Okafor (EM)", &doc).unwrap();
    assert_eq!(guest.kept_roadmaps().unwrap().len(), 1);
    assert!(again.kept_at >= kept.kept_at);
    let unknown = guest.kept_document("no-such-roadmap").unwrap_err();
    assert_eq!(unknown.code, accord_api::ErrorCode::NotFound);
}
