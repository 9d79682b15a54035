// The backend a window uses while it is a guest in someone's planning
// session. It declares every call it serves, one by one: reads go to the
// host's file (with this person's rights), changes go to the host as ops,
// and what this person signs is signed on this machine with their own key
// (only the signature travels). Nothing falls through to this window's own
// file, except what is this machine's by nature: verifying a PDF, the
// session's own calls, and events.
import { BackendError, type Backend } from "./index";
import type { Attention } from "../bindings/Attention";
import type { BaselineDiff } from "../bindings/BaselineDiff";
import type { BaselineView } from "../bindings/BaselineView";
import type { DecisionSummary } from "../bindings/DecisionSummary";
import type { DecisionView } from "../bindings/DecisionView";
import type { HistoryEntry } from "../bindings/HistoryEntry";
import type { Item } from "../bindings/Item";
import type { ItemWhenState } from "../bindings/ItemWhenState";
import type { Profile } from "../bindings/Profile";
import type { Proposal } from "../bindings/Proposal";
import type { PublicIdentity } from "../bindings/PublicIdentity";
import type { RemoteOp } from "../bindings/RemoteOp";
import type { RemoteRead } from "../bindings/RemoteRead";
import type { Roadmap } from "../bindings/Roadmap";
import type { WhenSignoff } from "../bindings/WhenSignoff";
import type { ItemScore } from "../bindings/ItemScore";
import type { CapacityView } from "../bindings/CapacityView";
import type { GoalsView } from "../bindings/GoalsView";
import type { Goal } from "../bindings/Goal";
import type { GoalProposal } from "../bindings/GoalProposal";
import type { HealthView } from "../bindings/HealthView";
import type { PartnerAnswers } from "../bindings/PartnerAnswers";
import type { SyncAgenda } from "../bindings/SyncAgenda";
import type { SyncMeeting } from "../bindings/SyncMeeting";
import type { Comment } from "../bindings/Comment";
import type { Undone } from "../bindings/Undone";
import type { Timeline } from "../bindings/Timeline";
import type { Violation } from "../bindings/Violation";

function hostOnly(what: string): never {
  throw new BackendError({ code: "not_in_session", message: `${what} is not part of a planning session`, current: null });
}

function queuedError(): BackendError {
  return new BackendError({
    code: "session_unavailable",
    message: "The host is out of reach: the change is queued and is sent when the link is back",
    current: null,
  });
}

/** The item an answered op left, or why there is none to show yet. */
function answered(item: Item | null, queued: boolean): Item {
  if (item) return item;
  if (queued) throw queuedError();
  throw new BackendError({ code: "session_unavailable", message: "The host answered without the item", current: null });
}

export function guestBackend(base: Backend, roadmap: Roadmap, me: () => Profile | null): Backend {
  const read = <T>(r: RemoteRead) => base.guestRead(r) as Promise<T>;
  const submit = async (op: RemoteOp) => {
    const a = await base.guestSubmit(op);
    return { ...a, item: answered(a.item, a.queued) };
  };
  /** An op on something other than an item: what its command returns, once applied. */
  const change = async <T>(op: RemoteOp): Promise<T> => {
    const a = await base.guestSubmit(op);
    if (a.queued || a.view === null || a.view === undefined) throw queuedError();
    return a.view as T;
  };
  return {
    // Who is at this window, and the host's roadmap as the only one shown.
    bootstrap: async () => ({ ...(await base.bootstrap()), first_screen: null, roadmaps: [roadmap] }),
    createProfile: () => hostOnly("Creating a profile"),
    setActing: () => hostOnly("Switching who acts"),
    createRoadmap: () => hostOnly("Creating a roadmap"),

    listItems: (_roadmapId, archived) => (archived ? Promise.resolve([]) : base.guestItems()),
    getItem: async (itemId) => {
      const item = (await base.guestItems()).find((i) => i.id === itemId);
      if (!item) throw new BackendError({ code: "not_found", message: "The item is no longer on the host's roadmap", current: null });
      return item;
    },
    createItem: async (request) => (await submit({ kind: "create_item", request })).item,
    updateItem: async (request) => (await submit({ kind: "update_item", request })).item,
    editDimension: async (request) => {
      // A change that needs a named trade-off is asked for before it is sent.
      if (!request.trade_off && (request.dimension === "what" || request.dimension === "when")) {
        const prompt = await read<string | null>({
          kind: "trade_off",
          request: { item_id: request.item_id, dimension: request.dimension, text: request.text },
        }).catch(() => null);
        if (prompt) throw new BackendError({ code: "trade_off_required", message: prompt, current: null });
      }
      return (await submit({ kind: "edit_dimension", request })).item;
    },
    moveItem: async (request) => {
      const a = await submit({ kind: "move_item", request });
      return { item: a.item, order: a.order };
    },
    proposeChange: async (request): Promise<Proposal> => {
      const a = await base.guestSubmit({ kind: "propose_change", request });
      if (!a.queued && a.view) return a.view as Proposal;
      // Queued while the link is down: the host files it when it arrives; this is what was sent.
      const p = me();
      return {
        id: 0, item_id: request.item_id, field: request.dimension, body: request.text, before_text: "",
        base_revision: request.base_revision, author_id: p?.id ?? 0, author_name: p?.name ?? "", author_role: p?.role ?? "pm",
        status: "pending", response_reason: "", responder_name: null, created_at: new Date().toISOString(), responded_at: null,
      };
    },
    respondToProposal: async (request) => (await submit({ kind: "respond_to_proposal", request })).item,
    listProposals: (itemId) => read<Proposal[]>({ kind: "proposals", request: { item_id: itemId } }),
    itemHistory: (itemId) => read<HistoryEntry[]>({ kind: "history", request: { item_id: itemId } }),

    signWhen: (req) => base.guestSign({ kind: "item_when", id: req.item_id }, req.base_revision, req.passphrase) as Promise<WhenSignoff>,
    whenSignoff: (itemId) => read<WhenSignoff>({ kind: "when_signoff", request: { item_id: itemId } }),
    identities: () => read<PublicIdentity[]>({ kind: "identities" }),
    whenStates: () => read<ItemWhenState[]>({ kind: "when_states" }),

    listDecisions: () => read<DecisionSummary[]>({ kind: "decisions" }),
    getDecision: (decisionId) => read<DecisionView>({ kind: "decision", request: { decision_id: decisionId } }),
    createDecision: (request) => change<DecisionView>({ kind: "create_decision", request }),
    updateDecision: (request) => change<DecisionView>({ kind: "update_decision", request }),
    supersedeDecision: (request) => change<DecisionView>({ kind: "supersede_decision", request }),
    signDecision: (req) =>
      base.guestSign({ kind: "decision", id: req.decision_id }, req.base_revision, req.passphrase) as Promise<DecisionView>,
    writePosition: (request) => change<DecisionView>({ kind: "write_position", request }),
    escalateDecision: (request) => change<DecisionView>({ kind: "escalate_decision", request }),
    resolveEscalation: (req) => base.guestResolve(req) as Promise<DecisionView>,

    listBaselines: () => read<BaselineView[]>({ kind: "baselines" }),
    createBaseline: async (req) => {
      // The snapshot is taken on the host; its creator signs it here next.
      const made = await change<BaselineView>({ kind: "create_baseline", request: { roadmap_id: req.roadmap_id, name: req.name } });
      return (await base.guestSign({ kind: "baseline", id: made.id }, 1, req.passphrase)) as BaselineView;
    },
    signBaseline: (req) => base.guestSign({ kind: "baseline", id: req.baseline_id }, 1, req.passphrase) as Promise<BaselineView>,
    baselineDiff: (from, to) => read<BaselineDiff>({ kind: "baseline_diff", request: { from, to } }),
    attention: () => read<Attention>({ kind: "attention" }),

    // Planning: goals, RICE, framing, the rank, the capacity share, the health check, the weekly sync.
    setPlanning: async (request) => (await submit({ kind: "set_planning", request })).item,
    proposePlanning: (request) => change<Proposal>({ kind: "propose_planning", request }),
    proposeMove: (request) => change<Proposal>({ kind: "propose_move", request }),
    scores: () => read<ItemScore[]>({ kind: "scores" }),
    capacity: () => read<CapacityView>({ kind: "capacity" }),
    goals: () => read<GoalsView>({ kind: "goals" }),
    createGoal: (request) => change<Goal>({ kind: "create_goal", request }),
    updateGoal: (request) => change<Goal>({ kind: "update_goal", request }),
    proposeGoalChange: (request) => change<GoalProposal>({ kind: "propose_goal_change", request }),
    respondToGoalProposal: (request) => change<Goal>({ kind: "respond_to_goal_proposal", request }),
    health: () => read<HealthView>({ kind: "health" }),
    healthAnswers: (_roadmapId, round) => read<PartnerAnswers[]>({ kind: "health_answers", request: { round } }),
    answerHealthCheck: (request) => change<HealthView>({ kind: "answer_health_check", request }),
    setHealthInterval: (request) => change<number>({ kind: "set_health_interval", request }),
    syncAgenda: () => read<SyncAgenda>({ kind: "sync_agenda" }),
    markSyncHeld: (request) => change<SyncMeeting>({ kind: "mark_sync_held", request }),
    addComment: (request) => change<Comment>({ kind: "add_comment", request }),
    comments: (itemId, decisionId) =>
      read<Comment[]>({ kind: "comments", request: { item_id: itemId, decision_id: decisionId } }),
    undo: (roadmapId) => change<Undone>({ kind: "undo", request: { roadmap_id: roadmapId } }),

    // Several roadmaps and files: the session is one roadmap of the host's.
    openRoadmap: async () => roadmap,
    archiveRoadmap: () => hostOnly("Archiving a roadmap"),
    carryOver: () => hostOnly("Starting a new roadmap"),
    chooseImportFile: () => hostOnly("Importing"),
    chooseMappingFile: () => hostOnly("Importing"),
    previewImport: () => hostOnly("Importing"),
    importFile: () => hostOnly("Importing"),
    exportFile: (_roadmapId, format) => base.guestExportFile(format),
    timeline: () => read<Timeline>({ kind: "timeline" }),
    moveInTime: async (request) => {
      const a = await base.guestMoveInTime(request);
      return answered(a.item, a.queued);
    },
    dependencyViolations: () => read<Violation[]>({ kind: "dependency_violations" }),

    // People: this person's own identity is this machine's.
    exportIdentity: (profileId) => base.exportIdentity(profileId),
    importIdentity: () => hostOnly("Importing an identity"),
    createSigningKey: () => hostOnly("Creating a signing key"),

    // The PDF: rendered here from the host's document; verifying is local and offline.
    exportPdf: () => base.guestExportPdf(),
    verifyPdf: () => base.verifyPdf(),
    openFile: (path) => base.openFile(path),
    // This machine's own file, whoever's roadmap the window shows.
    listBackups: () => base.listBackups(),
    backUpNow: () => base.backUpNow(),
    restoreBackup: (path) => base.restoreBackup(path),
    showInFolder: (path) => base.showInFolder(path),
    onPdfProgress: (f) => base.onPdfProgress(f),

    // The session itself.
    hostSession: () => hostOnly("Hosting while joined"),
    hosting: () => Promise.resolve(null),
    stopHosting: () => Promise.resolve(),
    sessionConfirmGuest: () => hostOnly("Confirming a guest"),
    discoverSessions: () => base.discoverSessions(),
    joinSession: (address, code, passphrase) => base.joinSession(address, code, passphrase),
    rejoinSession: (hostKey) => base.rejoinSession(hostKey),
    knownSessions: () => base.knownSessions(),
    forgetSession: (hostKey) => base.forgetSession(hostKey),
    joined: () => base.joined(),
    guestItems: () => base.guestItems(),
    guestRead: (r) => base.guestRead(r),
    guestSubmit: (op) => base.guestSubmit(op),
    guestSign: (subject, baseRevision, passphrase) => base.guestSign(subject, baseRevision, passphrase),
    guestResolve: (req) => base.guestResolve(req),
    guestExportPdf: () => base.guestExportPdf(),
    guestMoveInTime: (req) => base.guestMoveInTime(req),
    guestExportFile: (format) => base.guestExportFile(format),
    keptRoadmaps: () => base.keptRoadmaps(),
    keptDocument: (uid) => base.keptDocument(uid),
    exportKeptPdf: (roadmapUid) => base.exportKeptPdf(roadmapUid),
    leaveSession: () => base.leaveSession(),
    sessionEditing: (focus) => base.sessionEditing(focus),
    onSessionChanged: (f) => base.onSessionChanged(f),
    onMenu: (f) => base.onMenu(f),
    onSecondLaunch: (f) => base.onSecondLaunch(f),
  };
}
