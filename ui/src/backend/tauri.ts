// The one module that calls invoke(): each method is one Tauri command.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { BackendError, type Backend } from "./index";
import type { PdfProgress } from "../bindings/PdfProgress";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw BackendError.from(e);
  }
}

export const tauriBackend: Backend = {
  bootstrap: () => call("bootstrap"),
  createProfile: (req) => call("create_profile", { req }),
  setActing: (profileId) => call("set_acting", { profileId }),
  createRoadmap: (req) => call("create_roadmap", { req }),
  listItems: (roadmapId, archived) => call("list_items", { roadmapId, archived }),
  getItem: (itemId) => call("get_item", { itemId }),
  createItem: (req) => call("create_item", { req }),
  updateItem: (req) => call("update_item", { req }),
  editDimension: (req) => call("edit_dimension", { req }),
  moveItem: (req) => call("move_item", { req }),
  proposeChange: (req) => call("propose_change", { req }),
  respondToProposal: (req) => call("respond_to_proposal", { req }),
  listProposals: (itemId) => call("list_proposals", { itemId }),
  itemHistory: (itemId) => call("item_history", { itemId }),
  signWhen: (req) => call("sign_when", { req }),
  whenSignoff: (itemId) => call("when_signoff", { itemId }),
  identities: () => call("identities"),
  whenStates: (roadmapId) => call("when_states", { roadmapId }),
  listDecisions: (roadmapId) => call("list_decisions", { roadmapId }),
  getDecision: (decisionId) => call("get_decision", { decisionId }),
  createDecision: (req) => call("create_decision", { req }),
  updateDecision: (req) => call("update_decision", { req }),
  supersedeDecision: (req) => call("supersede_decision", { req }),
  signDecision: (req) => call("sign_decision", { req }),
  writePosition: (req) => call("write_position", { req }),
  escalateDecision: (req) => call("escalate_decision", { req }),
  resolveEscalation: (req) => call("resolve_escalation", { req }),
  listBaselines: (roadmapId) => call("list_baselines", { roadmapId }),
  createBaseline: (req) => call("create_baseline", { req }),
  signBaseline: (req) => call("sign_baseline", { req }),
  baselineDiff: (from, to) => call("baseline_diff", { from, to }),
  attention: (roadmapId) => call("attention", { roadmapId }),
  exportIdentity: (profileId) => call("export_identity", { profileId }),
  importIdentity: (text) => call("import_identity", { text }),
  createSigningKey: (passphrase) => call("create_signing_key", { passphrase }),
  exportPdf: (roadmapId) => call("export_pdf", { roadmapId }),
  verifyPdf: () => call("verify_pdf"),
  openFile: (path) => call("open_file", { path }),
  showInFolder: (path) => call("show_in_folder", { path }),
  hostSession: (roadmapId) => call("host_session", { roadmapId }),
  hosting: () => call("hosting"),
  stopHosting: () => call("stop_hosting"),
  discoverSessions: () => call("discover_sessions"),
  sessionConfirmGuest: (publicKey, same) => call("session_confirm_guest", { publicKey, same }),
  joinSession: (address, code, passphrase) => call("join_session", { address, code, passphrase }),
  rejoinSession: (hostKey) => call("rejoin_session", { hostKey }),
  knownSessions: () => call("known_sessions"),
  forgetSession: (hostKey) => call("forget_session", { hostKey }),
  joined: () => call("joined"),
  guestItems: () => call("guest_items"),
  guestSubmit: (op) => call("guest_submit", { op }),
  guestRead: (read) => call("guest_read", { read }),
  guestSign: (subject, baseRevision, passphrase) => call("guest_sign", { subject, baseRevision, passphrase }),
  guestResolve: (req) => call("guest_resolve", { req }),
  guestExportPdf: () => call("guest_export_pdf"),
  keptRoadmaps: () => call("kept_roadmaps"),
  keptDocument: (roadmapUid) => call("kept_document", { roadmapUid }),
  exportKeptPdf: (roadmapUid) => call("export_kept_pdf", { roadmapUid }),
  leaveSession: () => call("leave_session"),
  sessionEditing: (focus) => call("session_editing", { focus }),
  onSessionChanged: (f) => listen<{ items: boolean }>("session-changed", (e) => f(e.payload.items)),
  onPdfProgress: (f) => listen<PdfProgress>("pdf-progress", (e) => f(e.payload)),
  onMenu: (f) => listen<string>("menu", (e) => f(e.payload)),
  onSecondLaunch: (f) => listen("second-launch", () => f()),
};
