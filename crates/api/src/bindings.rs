//! The TypeScript bindings of every type that crosses the IPC boundary.
//! They are generated into `ui/src/bindings` and committed; a test fails
//! when the committed files differ from what the Rust types generate.

use std::collections::BTreeMap;
use std::path::Path;

use ts_rs::{Config, TS};

use crate::*;
use accord_domain::*;

/// Renders every exported type (and what it depends on), file name → contents.
/// Rendered once per process: ts-rs skips files it has already exported.
pub fn render() -> BTreeMap<String, String> {
    static RENDERED: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    RENDERED.get_or_init(render_uncached).clone()
}

fn render_uncached() -> BTreeMap<String, String> {
    let dir = std::env::temp_dir().join(format!("accord-bindings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cfg = Config::new().with_out_dir(&dir).with_large_int("number");
    macro_rules! export {
        ($($t:ty),+ $(,)?) => { $( <$t as TS>::export_all(&cfg).expect(concat!("export ", stringify!($t))); )+ };
    }
    export!(
        ApiError,
        ErrorCode,
        Bootstrap,
        DimensionRule,
        NewProfile,
        NewRoadmap,
        NewItem,
        ItemChange,
        UpdateItem,
        EditDimension,
        MoveItem,
        Moved,
        ProposeChange,
        RespondToProposal,
        Profile,
        Roadmap,
        Item,
        Matrix,
        Proposal,
        HistoryEntry,
        HistoryAction,
        Role,
        Dimension,
        Owner,
        Action,
        ItemStatus,
        ItemKind,
        ProposalStatus,
        SignWhen,
        SignatureView,
        WhenSignoff,
        Agreement,
        PublicIdentity,
        Subject,
        TradeOff,
        SignoffState,
        NewDecision,
        UpdateDecision,
        SupersedeDecision,
        SignDecision,
        WritePosition,
        EscalateDecision,
        ResolveEscalation,
        EscalationView,
        ResolutionView,
        DecisionView,
        DecisionSummary,
        Decision,
        DecisionKind,
        DecisionTopic,
        DecisionStatus,
        Position,
        NewBaseline,
        SignBaseline,
        BaselineView,
        BaselineDiff,
        DiffChange,
        DiffKind,
        WhenState,
        ItemWhenState,
        Attention,
        AttentionEntry,
        PdfExported,
        SessionHosting,
        SessionPerson,
        SessionFocus,
        SessionLink,
        SessionJoined,
        SessionFound,
        SessionKnown,
        SessionRefused,
        SessionAnswer,
        RemoteOp,
        RemoteRead,
        KeptRoadmap,
        ExportDoc,
        SessionAwaiting,
        PdfProgress,
        PdfVerdict,
        PdfCheck,
        PdfVerified,
        Field,
        Planning,
        PlanningValue,
        Framing,
        Level,
        RankTarget,
        SetPlanning,
        ProposeMove,
        ItemScore,
        Goal,
        GoalFields,
        GoalStatus,
        GoalProposal,
        NewGoal,
        UpdateGoal,
        ProposeGoalChange,
        RespondToGoalProposal,
        GoalRow,
        GoalsView,
        CapacityShare,
        CapacityPart,
        CapacityView,
        HealthAnswer,
        HealthResponse,
        AnswerHealthCheck,
        PartnerAnswers,
        HealthRound,
        QuarterCount,
        HealthSignals,
        HealthView,
        SetHealthInterval,
        MarkSyncHeld,
        SyncMeeting,
        SinceLastSync,
        SyncAgenda,
        Comment,
        NewComment,
        Undone,
        When,
        Target,
        Day,
        Quarter,
        Violation,
        ViolationKind,
        Timeline,
        TimelineCard,
        TimelineColumn,
        TimelineLink,
        TimelineGoal,
        MoveInTime,
        CarryOver,
        ArchiveRoadmap,
        ImportFormat,
        ImportRequest,
        ImportPreview,
        ImportColumn,
        ImportSkip,
        ImportChange,
        ImportReport,
        BackupInfo,
        BackupKind,
        Restored,
    );
    let out = read_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    out
}

pub fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".ts") {
                out.insert(name, std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
    }
    out
}

/// Replaces the contents of `dir` with freshly generated bindings.
pub fn write(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for name in read_dir(dir).keys() {
        std::fs::remove_file(dir.join(name))?;
    }
    for (name, body) in render() {
        std::fs::write(dir.join(name), body)?;
    }
    Ok(())
}
