//! A roadmap document as the api would build it: fixed dates, real Ed25519
//! signatures from fixed seeds, long accented and CJK text.

use accord_domain::{
    ContentHash, DecisionKind, DecisionStatus, DecisionTopic, ExportBaseline, ExportDecision, ExportDoc,
    ExportEscalation, ExportFraming, ExportGoal, ExportLink, ExportPlanning, ExportRoadmap, ExportSigner, ExportStatus,
    ExportTimeline, ExportTimelineCard, ExportTimelineColumn, ExportTradeOff, ExportViolation, GoalStatus, ItemKind,
    ItemStatus, Keypair, Level, Matrix, PublicIdentity, Role, SignedRoadmap, Snapshot, SnapshotDecision, SnapshotItem,
    Statement, Subject, EXPORT_FORMAT,
};

pub const ROADMAP_ID: i64 = 7;
pub const ROADMAP_UID: &str = "6f1c2a8e-94d3-4b57-a0e2-3c9d7b15e480";
pub const BASELINE_ID: i64 = 3;
pub const EXPORTED_AT: &str = "2027-07-02T16:45:00Z";
pub const EM_NAME: &str = "Åsa Lindqvist";
pub const PM_NAME: &str = "Tomás Ferreira";
pub const EM_SIGNED_AT: &str = "2027-07-01T09:12:00Z";
pub const PM_SIGNED_AT: &str = "2027-07-01T10:03:00Z";

pub fn em_key() -> Keypair {
    Keypair::from_seed(&[0x11; 32])
}
pub fn pm_key() -> Keypair {
    Keypair::from_seed(&[0x22; 32])
}
/// Someone else's key: a forger's, or another team's EM.
pub fn other_key() -> Keypair {
    Keypair::from_seed(&[0x33; 32])
}

pub fn em_identity() -> PublicIdentity {
    PublicIdentity::new(EM_NAME, Role::Em, em_key().public())
}
pub fn pm_identity() -> PublicIdentity {
    PublicIdentity::new(PM_NAME, Role::Pm, pm_key().public())
}

pub const ACCENTED: &str = "Réécrire l'intégration de facturation pour que chaque équipe voie ses coûts réels: \
     façade unifiée, reprise après incident, journaux d'audit lisibles et exportables. Überprüfung der \
     Zahlungsflüsse mit Ärztekammer-Schnittstelle; Zażółć gęślą jaźń; Ñandú, São Paulo, Øresund, Þórshöfn. \
     Les clients entreprise demandent depuis deux trimestres une ventilation par centre de coût, et la \
     direction financière ne peut pas clôturer le mois sans reprendre à la main les écarts de facturation.";

pub const CJK: &str = "为企业客户提供按成本中心划分的账单明细，并在季度末之前完成与财务系统的对接。\
     品質保証チームと協力して、リリース前の回帰テストを自動化し、障害発生時の復旧手順を文書化します。\
     고객 지원팀이 요청한 대로 청구서 내보내기 기능을 개선하고, 감사 로그를 검색할 수 있도록 합니다。\
     这一工作需要平台团队与数据团队共同完成，预计占用两个迭代周期的容量。";

fn item(
    id: i64,
    rank: i64,
    title: &str,
    status: ItemStatus,
    kind: ItemKind,
    horizon: &str,
    m: [&str; 5],
) -> SnapshotItem {
    SnapshotItem {
        id,
        rank,
        title: title.into(),
        status,
        kind,
        horizon: horizon.into(),
        matrix: Matrix { what: m[0].into(), why: m[1].into(), how: m[2].into(), who: m[3].into(), when: m[4].into() },
        when_agreed: false,
    }
}

pub fn items() -> Vec<SnapshotItem> {
    let mut items = vec![
        item(
            101,
            1,
            "Cost-centre billing for enterprise accounts",
            ItemStatus::InProgress,
            ItemKind::Feature,
            "now",
            [
                ACCENTED,
                "Enterprise renewals in Q3 depend on it; finance cannot close the month without manual fixes.",
                "Extend the invoicing service with a cost-centre dimension; backfill 18 months of invoices in batches.",
                "Payments squad (4 engineers), with one data engineer on loan for the backfill.",
                "End of August 2027",
            ],
        ),
        item(
            102,
            2,
            "多言語請求書 / 다국어 청구서 / 多语言账单",
            ItemStatus::Planned,
            ItemKind::Feature,
            "2027-Q3",
            [
                CJK,
                "亚太地区的客户需要本地语言的账单。",
                "Reuse the template engine; add CJK fonts to the PDF pipeline.",
                "Platform squad",
                "September 2027",
            ],
        ),
        item(
            103,
            3,
            "Retire the legacy reporting cluster",
            ItemStatus::Planned,
            ItemKind::TechDebt,
            "next",
            [
                "Move the last six reports off the 2019 cluster and switch it off.",
                "It costs €14k a month and pages the on-call twice a week.",
                "",
                "Data platform team",
                "",
            ],
        ),
        item(
            104,
            4,
            "Experiment: usage-based pricing page",
            ItemStatus::Idea,
            ItemKind::Experiment,
            "later",
            [
                "A/B test a pricing page that shows the usage-based plan first.",
                "Sales believe it shortens the cycle for small teams; we have no data yet.",
                "A feature flag and two variants of the page; measure sign-ups over four weeks.",
                "Growth squad",
                "After the billing work ships",
            ],
        ),
    ];
    items[0].when_agreed = true;
    items[1].when_agreed = true;
    items
}

pub fn decisions() -> Vec<ExportDecision> {
    vec![
        ExportDecision {
            id: 31,
            kind: DecisionKind::Shared,
            topic: DecisionTopic::Timeline,
            title: "Billing backfill runs in August, not July".into(),
            context: "The backfill needs the data engineer, who is on the migration until the end of July.".into(),
            outcome: "Start the backfill on 2 August; the cost-centre billing date moves to the end of August.".into(),
            status: DecisionStatus::Agreed,
            signed_by: vec![
                signer(EM_NAME, Role::Em, &em_key(), "2027-06-20T08:00:00Z"),
                signer(PM_NAME, Role::Pm, &pm_key(), "2027-06-20T11:30:00Z"),
            ],
        },
        ExportDecision {
            id: 32,
            kind: DecisionKind::Shared,
            topic: DecisionTopic::ScopeTradeOff,
            title: "Multilingual invoices before the pricing experiment".into(),
            context: "Both compete for the growth squad's September.".into(),
            outcome: "Invoices first; the pricing experiment moves to later.".into(),
            status: DecisionStatus::Proposed,
            signed_by: vec![signer(PM_NAME, Role::Pm, &pm_key(), "2027-06-25T14:00:00Z")],
        },
    ]
}

fn signer(name: &str, role: Role, key: &Keypair, at: &str) -> ExportSigner {
    ExportSigner { name: name.into(), role, fingerprint: key.public().fingerprint(), signed_at: at.into() }
}

pub fn snapshot(items: Vec<SnapshotItem>, decisions: &[ExportDecision]) -> Snapshot {
    Snapshot {
        roadmap_id: ROADMAP_ID,
        roadmap_name: "Payments platform".into(),
        em_name: EM_NAME.into(),
        pm_name: PM_NAME.into(),
        items,
        decisions: decisions
            .iter()
            .map(|d| SnapshotDecision {
                id: d.id,
                topic: d.topic,
                title: d.title.clone(),
                outcome: d.outcome.clone(),
                status: d.status,
                linked_items: if d.id == 31 { vec![101] } else { vec![102, 104] },
            })
            .collect(),
    }
}

/// A signed-off document over `items`.
pub fn doc_with(items: Vec<SnapshotItem>) -> ExportDoc {
    let decisions = decisions();
    let snapshot = snapshot(items, &decisions);
    let mut doc = ExportDoc {
        format: EXPORT_FORMAT.into(),
        generator: accord_export::generator(),
        exported_at: EXPORTED_AT.into(),
        status: ExportStatus::SignedOff,
        draft_reason: String::new(),
        roadmap: ExportRoadmap {
            uid: Some(ROADMAP_UID.into()),
            id: ROADMAP_ID,
            name: "Payments platform".into(),
            team: "Payments & Billing".into(),
            em_name: EM_NAME.into(),
            pm_name: PM_NAME.into(),
            director_name: "Grace Hopper".into(),
            head_of_product_name: "Marty Cagan".into(),
        },
        baseline: Some(ExportBaseline {
            id: BASELINE_ID,
            name: "Q3 2027 plan".into(),
            created_at: "2027-06-30T15:00:00Z".into(),
            created_by_name: EM_NAME.into(),
        }),
        snapshot,
        content_hash: String::new(),
        signatures: vec![],
        signers: vec![],
        identities: vec![em_identity(), pm_identity()],
        decisions,
        trade_offs: vec![ExportTradeOff {
            decision_id: 32,
            item_id: 102,
            item_title: "多言語請求書 / 다국어 청구서 / 多语言账单".into(),
            changed: "When".into(),
            deprioritised: vec!["Experiment: usage-based pricing page".into()],
            capacity_reason: String::new(),
            why: "Asia-Pacific renewals are worth more this quarter than the pricing test.".into(),
            status: DecisionStatus::Agreed,
            recorded_at: "2027-06-25T14:00:00Z".into(),
        }],
        escalations: vec![ExportEscalation {
            decision_id: 33,
            title: "Who staffs the on-call for the legacy cluster until it is retired".into(),
            director_name: "Grace Hopper".into(),
            head_of_product_name: "Marty Cagan".into(),
            escalated_by: PM_NAME.into(),
            escalated_at: "2027-06-28T09:00:00Z".into(),
        }],
        goals: goals(),
        planning: planning(),
        timeline: Some(timeline()),
        violations: vec![ExportViolation {
            item_id: 103,
            message: "\u{201c}Retire the legacy reporting cluster\u{201d} is aimed at 2027-Q3 but depends on \u{201c}Experiment: usage-based pricing page\u{201d}, aimed at later".into(),
        }],
    };
    sign(&mut doc);
    doc
}

fn card(item_id: i64, title: &str, target: &str, agreed: bool, violated: bool) -> ExportTimelineCard {
    ExportTimelineCard { item_id, title: title.into(), target: target.into(), agreed, violated }
}

pub fn timeline() -> ExportTimeline {
    let column = |label: &str, current: bool, items: Vec<ExportTimelineCard>| ExportTimelineColumn {
        label: label.into(),
        current,
        items,
    };
    ExportTimeline {
        columns: vec![
            column(
                "2027-Q3",
                true,
                vec![
                    card(101, "Cost-centre billing for enterprise accounts", "2027-08-31", true, false),
                    card(102, "多言語請求書 / 다국어 청구서 / 多语言账单", "2027-09", false, false),
                    card(103, "Retire the legacy reporting cluster", "2027-Q3", false, true),
                ],
            ),
            column("2027-Q4", false, vec![]),
            column("2028-Q1", false, vec![]),
            column("2028-Q2", false, vec![]),
            column("Later", false, vec![card(104, "Experiment: usage-based pricing page", "later", false, true)]),
            column("No target", false, vec![]),
        ],
        links: vec![
            ExportLink { from: 102, to: 101, violated: false },
            ExportLink { from: 103, to: 104, violated: true },
        ],
    }
}

pub fn goals() -> Vec<ExportGoal> {
    vec![
        ExportGoal {
            id: 1,
            objective: "Grow self-serve revenue in Asia-Pacific".into(),
            target: "monthly self-serve revenue: $180k \u{2192} $300k by 2027-Q4".into(),
            status: GoalStatus::OnTrack,
            items: vec![101, 102],
        },
        ExportGoal {
            id: 2,
            objective: "Keep checkout reliable at peak".into(),
            target: "checkout availability: 99.5 % \u{2192} 99.95 % by 2027-Q3".into(),
            status: GoalStatus::AtRisk,
            items: vec![103],
        },
    ]
}

pub fn planning() -> Vec<ExportPlanning> {
    let p = |item_id, reach: &str, impact: &str, confidence: &str, effort: &str, score: &str| ExportPlanning {
        item_id,
        reach: reach.into(),
        impact: impact.into(),
        confidence: confidence.into(),
        effort: effort.into(),
        score: score.into(),
        framing: vec![],
    };
    let mut debt = p(103, "40,000", "1", "80 %", "6", "5,333.33");
    debt.framing = vec![
        ExportFraming {
            label: "Customer impact".into(),
            level: Level::High,
            note: "Timeouts at peak fail one checkout in 400.".into(),
        },
        ExportFraming {
            label: "Team velocity".into(),
            level: Level::Medium,
            note: "Every payment change needs two days of manual retry testing.".into(),
        },
        ExportFraming {
            label: "Incident risk".into(),
            level: Level::High,
            note: "Two sev-2 incidents last quarter came from the retry queue.".into(),
        },
    ];
    vec![
        p(101, "12,000", "2", "80 %", "8", "2,400"),
        p(102, "3,500", "3", "50 %", "5", "1,050"),
        debt,
        p(104, "800", "0.5", "", "2", ""),
    ]
}

pub fn doc() -> ExportDoc {
    doc_with(items())
}

/// Hashes the snapshot and has both partners sign it, as the api does for a baseline.
pub fn sign(doc: &mut ExportDoc) {
    let hash = ContentHash::of(&doc.snapshot).unwrap();
    doc.content_hash = hash.to_hex();
    let baseline = doc.baseline.as_ref().expect("a baseline to sign").id;
    let mut signatures = Vec::new();
    let mut signers = Vec::new();
    for (key, role, name, at) in
        [(em_key(), Role::Em, EM_NAME, EM_SIGNED_AT), (pm_key(), Role::Pm, PM_NAME, PM_SIGNED_AT)]
    {
        let uid = doc.roadmap.uid.clone().unwrap_or_default();
        let roadmap = SignedRoadmap { id: doc.roadmap.id, uid: &uid };
        let statement = Statement::new(roadmap, Subject::Baseline(baseline), 4, hash, role, at);
        signatures.push(key.sign(statement).unwrap());
        signers.push(signer(name, role, &key, at));
    }
    doc.signatures = signatures;
    doc.signers = signers;
    doc.status = ExportStatus::SignedOff;
    doc.draft_reason = String::new();
}

/// The roadmap changed after the baseline was signed: the old signatures are
/// kept, the status is Draft, as the api exports it.
pub fn changed_after_signing() -> ExportDoc {
    let mut doc = doc();
    doc.snapshot.items[2].matrix.how = "Copy the reports to the warehouse, then switch the cluster off.".into();
    doc.content_hash = ContentHash::of(&doc.snapshot).unwrap().to_hex();
    doc.status = ExportStatus::Draft;
    doc.draft_reason = "The roadmap changed after the baseline \"Q3 2027 plan\" was signed.".into();
    doc
}

/// A draft with no baseline at all.
pub fn draft() -> ExportDoc {
    let mut doc = doc();
    doc.baseline = None;
    doc.signatures.clear();
    doc.signers.clear();
    doc.status = ExportStatus::Draft;
    doc.draft_reason = "No baseline has been signed by both partners yet.".into();
    doc
}

/// `n` generated items (with a long text every so often), signed off.
pub fn many(n: usize) -> ExportDoc {
    let statuses = [ItemStatus::Planned, ItemStatus::InProgress, ItemStatus::Idea, ItemStatus::Shipped];
    let kinds = [ItemKind::Feature, ItemKind::TechDebt, ItemKind::Experiment];
    let horizons = ["now", "next", "later", "2027-Q4"];
    let items = (0..n)
        .map(|i| {
            let long = if i % 10 == 0 { ACCENTED } else { "" };
            let mut it = item(
                1000 + i as i64,
                i as i64 + 1,
                &if i % 7 == 6 {
                    format!("Billing flow increment {}: move the reconciliation jobs to the new ledger", i + 1)
                } else {
                    format!("Billing flow increment {}", i + 1)
                },
                statuses[i % statuses.len()],
                kinds[i % kinds.len()],
                horizons[i % horizons.len()],
                [
                    &format!("Deliver increment {} of the billing flow. {long}", i + 1),
                    "Customers asked for it in the last review.",
                    "Small, reversible steps behind a flag.",
                    "Payments squad",
                    "Within the quarter",
                ],
            );
            it.when_agreed = i % 3 == 0;
            it
        })
        .collect();
    doc_with(items)
}
