// The backend a window uses to read a host's roadmap kept on this machine
// after a planning session: the document its PDF is made from, as last
// seen. It is read-only and clearly the host's; this machine's own
// roadmaps are not touched. Its PDF renders here, offline.
import { BackendError, type Backend } from "./index";
import type { DecisionSummary } from "../bindings/DecisionSummary";
import type { ExportDoc } from "../bindings/ExportDoc";
import type { Item } from "../bindings/Item";
import type { KeptRoadmap } from "../bindings/KeptRoadmap";
import type { Roadmap } from "../bindings/Roadmap";
import type { WhenSignoff } from "../bindings/WhenSignoff";
import type { ItemScore } from "../bindings/ItemScore";
import type { GoalsView } from "../bindings/GoalsView";

const NO_ATTENTION = { proposals: [], awaiting_signature: [], lapsed: [], escalations: [], incomplete: [] };

export function keptRoadmap(doc: ExportDoc): Roadmap {
  const r = doc.roadmap;
  return {
    id: r.id, uid: r.uid ?? "", name: r.name, team: r.team, em_name: r.em_name, pm_name: r.pm_name,
    director_name: r.director_name, head_of_product_name: r.head_of_product_name, created_at: "", archived: false,
  };
}

const NO_PLANNING = {
  goals: [], reach: null, impact: null, confidence: null, effort: null,
  customer_impact: null, velocity_cost: null, incident_risk: null, depends_on: [],
};

/** A number as the PDF printed it ("5,333.33"), or null. */
const figure = (s: string | undefined): number | null => (s ? Number(s.replace(/,/g, "")) : null);

export function keptItems(doc: ExportDoc): Item[] {
  return doc.snapshot.items.map((i) => {
    const p = doc.planning?.find((x) => x.item_id === i.id);
    const framing = (label: string) => {
      const f = p?.framing.find((x) => x.label === label);
      return f ? { level: f.level, note: f.note } : null;
    };
    return {
      id: i.id, roadmap_id: doc.roadmap.id, title: i.title, rank: i.rank, status: i.status, kind: i.kind,
      horizon: i.horizon, matrix: i.matrix, revision: 0, archived: false, pending: [], updated_at: "",
      // The kept copy has the when's line, not its structure: it is read, never placed or edited.
      schedule: { target: null, confidence: null, note: i.matrix.when }, when_before_upgrade: null,
      planning: {
        ...NO_PLANNING,
        goals: (doc.goals ?? []).filter((g) => g.items.includes(i.id)).map((g) => g.id),
        reach: figure(p?.reach), impact: figure(p?.impact), effort: figure(p?.effort),
        confidence: p?.confidence ? Number(p.confidence.replace(/[^0-9]/g, "")) : null,
        customer_impact: framing("Customer impact"), velocity_cost: framing("Team velocity"), incident_risk: framing("Incident risk"),
      },
    };
  });
}

export function keptBackend(base: Backend, doc: ExportDoc, kept: KeptRoadmap): Backend {
  const readOnly = (): never => {
    throw new BackendError({
      code: "not_in_session",
      message: `This is ${kept.host_name || "the host"}'s roadmap as last seen: read-only. Join their session to change it.`,
      current: null,
    });
  };
  const items = keptItems(doc);
  const item = (id: number) => {
    const found = items.find((i) => i.id === id);
    if (!found) throw new BackendError({ code: "not_found", message: "That item is not in the kept copy", current: null });
    return found;
  };
  const agreed = (id: number) => doc.snapshot.items.find((i) => i.id === id)?.when_agreed ?? false;
  const decisions: DecisionSummary[] = doc.decisions.map((d) => ({
    id: d.id, kind: d.kind, topic: d.topic, title: d.title, status: d.status,
    signed: d.signed_by.map((s) => s.role), lapsed: [], trade_off_for: null, updated_at: doc.exported_at,
  }));
  return {
    bootstrap: async () => ({ ...(await base.bootstrap()), first_screen: null, roadmaps: [keptRoadmap(doc)] }),
    createProfile: readOnly,
    setActing: readOnly,
    createRoadmap: readOnly,
    listItems: async (_roadmapId, archived) => (archived ? [] : items),
    getItem: async (id) => item(id),
    createItem: readOnly,
    updateItem: readOnly,
    editDimension: readOnly,
    moveItem: readOnly,
    proposeChange: readOnly,
    respondToProposal: readOnly,
    listProposals: async () => [],
    itemHistory: async () => [],
    signWhen: readOnly,
    whenSignoff: async (id): Promise<WhenSignoff> => {
      const yes = agreed(item(id).id);
      return {
        item_id: id, content_hash: "", signatures: [], lapsed_by: [],
        agreement: { agreed: yes, signed: yes ? ["em", "pm"] : [], lapsed: [], missing: yes ? [] : ["em", "pm"], invalid: 0 },
      };
    },
    identities: async () => doc.identities,
    whenStates: async () => items.map((i) => ({ item_id: i.id, state: agreed(i.id) ? "agreed" : "unsigned" })),
    listDecisions: async () => decisions,
    getDecision: readOnly,
    createDecision: readOnly,
    updateDecision: readOnly,
    supersedeDecision: readOnly,
    signDecision: readOnly,
    writePosition: readOnly,
    escalateDecision: readOnly,
    resolveEscalation: readOnly,
    listBaselines: async () => [],
    createBaseline: readOnly,
    signBaseline: readOnly,
    baselineDiff: readOnly,
    attention: async () => NO_ATTENTION,
    setPlanning: readOnly,
    proposePlanning: readOnly,
    proposeMove: readOnly,
    scores: async (): Promise<ItemScore[]> => {
      const scored = items
        .map((i) => ({ i, score: figure(doc.planning?.find((p) => p.item_id === i.id)?.score) }))
        .filter((x) => x.score !== null)
        .sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
      const rows: ItemScore[] = scored.map((x, n) => ({
        item_id: x.i.id, rank: x.i.rank, score: x.score, missing: [], place_by_score: n + 1, far_from_rank: false,
      }));
      for (const i of items) {
        if (!rows.some((r) => r.item_id === i.id)) {
          rows.push({ item_id: i.id, rank: i.rank, score: null, missing: [], place_by_score: null, far_from_rank: false });
        }
      }
      return rows;
    },
    capacity: readOnly,
    goals: async (): Promise<GoalsView> => ({
      goals: (doc.goals ?? []).map((g) => ({
        goal: {
          id: g.id, roadmap_id: doc.roadmap.id, objective: g.objective, metric: g.target, from_value: "", to_value: "",
          by_when: "", status: g.status, archived: false, revision: 0, created_at: "", updated_at: "",
        },
        items: g.items, committed: 0, agreed: 0,
      })),
      proposals: [],
      unlinked_items: items.filter((i) => !(doc.goals ?? []).some((g) => g.items.includes(i.id))).map((i) => i.id),
    }),
    createGoal: readOnly,
    updateGoal: readOnly,
    proposeGoalChange: readOnly,
    respondToGoalProposal: readOnly,
    health: readOnly,
    healthAnswers: readOnly,
    answerHealthCheck: readOnly,
    setHealthInterval: readOnly,
    syncAgenda: readOnly,
    markSyncHeld: readOnly,
    addComment: readOnly,
    comments: async () => [],
    undo: readOnly,
    openRoadmap: async () => keptRoadmap(doc),
    archiveRoadmap: readOnly,
    carryOver: readOnly,
    timeline: readOnly,
    moveInTime: readOnly,
    dependencyViolations: async () => [],
    chooseImportFile: readOnly,
    chooseMappingFile: readOnly,
    previewImport: readOnly,
    importFile: readOnly,
    exportFile: readOnly,
    guestMoveInTime: readOnly,
    guestExportFile: readOnly,
    exportIdentity: (profileId) => base.exportIdentity(profileId),
    importIdentity: readOnly,
    createSigningKey: readOnly,
    exportPdf: () => base.exportKeptPdf(kept.roadmap_uid),
    verifyPdf: () => base.verifyPdf(),
    openFile: (path) => base.openFile(path),
    // This machine's own file, whoever's roadmap the window shows.
    listBackups: () => base.listBackups(),
    backUpNow: () => base.backUpNow(),
    restoreBackup: (path) => base.restoreBackup(path),
    showInFolder: (path) => base.showInFolder(path),
    onPdfProgress: (f) => base.onPdfProgress(f),
    hostSession: readOnly,
    hosting: () => Promise.resolve(null),
    stopHosting: () => Promise.resolve(),
    sessionConfirmGuest: readOnly,
    discoverSessions: () => base.discoverSessions(),
    joinSession: (address, code, passphrase) => base.joinSession(address, code, passphrase),
    rejoinSession: (hostKey) => base.rejoinSession(hostKey),
    knownSessions: () => base.knownSessions(),
    forgetSession: (hostKey) => base.forgetSession(hostKey),
    joined: () => Promise.resolve(null),
    guestItems: readOnly,
    guestRead: readOnly,
    guestSubmit: readOnly,
    guestSign: readOnly,
    guestResolve: readOnly,
    guestExportPdf: () => base.exportKeptPdf(kept.roadmap_uid),
    keptRoadmaps: () => base.keptRoadmaps(),
    keptDocument: (uid) => base.keptDocument(uid),
    exportKeptPdf: (uid) => base.exportKeptPdf(uid),
    leaveSession: () => Promise.resolve(),
    sessionEditing: () => Promise.resolve(),
    onSessionChanged: (f) => base.onSessionChanged(f),
    onMenu: (f) => base.onMenu(f),
    onSecondLaunch: (f) => base.onSecondLaunch(f),
  };
}
