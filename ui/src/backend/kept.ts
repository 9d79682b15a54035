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

const NO_ATTENTION = { proposals: [], awaiting_signature: [], lapsed: [], escalations: [], incomplete: [] };

export function keptRoadmap(doc: ExportDoc): Roadmap {
  const r = doc.roadmap;
  return {
    id: r.id, uid: r.uid ?? "", name: r.name, team: r.team, em_name: r.em_name, pm_name: r.pm_name,
    director_name: r.director_name, head_of_product_name: r.head_of_product_name, created_at: "",
  };
}

export function keptItems(doc: ExportDoc): Item[] {
  return doc.snapshot.items.map((i) => ({
    id: i.id, roadmap_id: doc.roadmap.id, title: i.title, rank: i.rank, status: i.status, kind: i.kind,
    horizon: i.horizon, matrix: i.matrix, revision: 0, archived: false, pending: [], updated_at: "",
  }));
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
    bootstrap: async () => ({ ...(await base.bootstrap()), roadmaps: [keptRoadmap(doc)] }),
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
    exportIdentity: (profileId) => base.exportIdentity(profileId),
    importIdentity: readOnly,
    createSigningKey: readOnly,
    exportPdf: () => base.exportKeptPdf(kept.roadmap_uid),
    verifyPdf: () => base.verifyPdf(),
    openFile: (path) => base.openFile(path),
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
