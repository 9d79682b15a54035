// The typed interface every view calls. Only tauri.ts talks to the Rust side.
import type { ApiError } from "../bindings/ApiError";
import type { Bootstrap } from "../bindings/Bootstrap";
import type { EditDimension } from "../bindings/EditDimension";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { HistoryEntry } from "../bindings/HistoryEntry";
import type { Item } from "../bindings/Item";
import type { MoveItem } from "../bindings/MoveItem";
import type { Moved } from "../bindings/Moved";
import type { NewItem } from "../bindings/NewItem";
import type { NewProfile } from "../bindings/NewProfile";
import type { NewRoadmap } from "../bindings/NewRoadmap";
import type { Profile } from "../bindings/Profile";
import type { Proposal } from "../bindings/Proposal";
import type { ProposeChange } from "../bindings/ProposeChange";
import type { RespondToProposal } from "../bindings/RespondToProposal";
import type { Roadmap } from "../bindings/Roadmap";
import type { UpdateItem } from "../bindings/UpdateItem";
import type { PublicIdentity } from "../bindings/PublicIdentity";
import type { SignWhen } from "../bindings/SignWhen";
import type { WhenSignoff } from "../bindings/WhenSignoff";
import type { Attention } from "../bindings/Attention";
import type { BaselineDiff } from "../bindings/BaselineDiff";
import type { BaselineView } from "../bindings/BaselineView";
import type { DecisionSummary } from "../bindings/DecisionSummary";
import type { DecisionView } from "../bindings/DecisionView";
import type { EscalateDecision } from "../bindings/EscalateDecision";
import type { ItemWhenState } from "../bindings/ItemWhenState";
import type { NewBaseline } from "../bindings/NewBaseline";
import type { NewDecision } from "../bindings/NewDecision";
import type { ResolveEscalation } from "../bindings/ResolveEscalation";
import type { SignBaseline } from "../bindings/SignBaseline";
import type { SignDecision } from "../bindings/SignDecision";
import type { SupersedeDecision } from "../bindings/SupersedeDecision";
import type { UpdateDecision } from "../bindings/UpdateDecision";
import type { WritePosition } from "../bindings/WritePosition";
import type { PdfExported } from "../bindings/PdfExported";
import type { PdfProgress } from "../bindings/PdfProgress";
import type { PdfVerified } from "../bindings/PdfVerified";
import type { SessionHosting } from "../bindings/SessionHosting";
import type { SessionJoined } from "../bindings/SessionJoined";
import type { SessionFound } from "../bindings/SessionFound";
import type { SessionKnown } from "../bindings/SessionKnown";
import type { SessionFocus } from "../bindings/SessionFocus";
import type { SessionAnswer } from "../bindings/SessionAnswer";
import type { RemoteOp } from "../bindings/RemoteOp";
import type { RemoteRead } from "../bindings/RemoteRead";
import type { KeptRoadmap } from "../bindings/KeptRoadmap";
import type { ExportDoc } from "../bindings/ExportDoc";
import type { Subject } from "../bindings/Subject";
import type { SetPlanning } from "../bindings/SetPlanning";
import type { ProposeMove } from "../bindings/ProposeMove";
import type { ItemScore } from "../bindings/ItemScore";
import type { CapacityView } from "../bindings/CapacityView";
import type { GoalsView } from "../bindings/GoalsView";
import type { Goal } from "../bindings/Goal";
import type { NewGoal } from "../bindings/NewGoal";
import type { UpdateGoal } from "../bindings/UpdateGoal";
import type { ProposeGoalChange } from "../bindings/ProposeGoalChange";
import type { GoalProposal } from "../bindings/GoalProposal";
import type { RespondToGoalProposal } from "../bindings/RespondToGoalProposal";
import type { HealthView } from "../bindings/HealthView";
import type { PartnerAnswers } from "../bindings/PartnerAnswers";
import type { AnswerHealthCheck } from "../bindings/AnswerHealthCheck";
import type { SetHealthInterval } from "../bindings/SetHealthInterval";
import type { SyncAgenda } from "../bindings/SyncAgenda";
import type { MarkSyncHeld } from "../bindings/MarkSyncHeld";
import type { SyncMeeting } from "../bindings/SyncMeeting";
import type { Comment } from "../bindings/Comment";
import type { NewComment } from "../bindings/NewComment";
import type { Undone } from "../bindings/Undone";
import type { ArchiveRoadmap } from "../bindings/ArchiveRoadmap";
import type { CarryOver } from "../bindings/CarryOver";
import type { Timeline } from "../bindings/Timeline";
import type { MoveInTime } from "../bindings/MoveInTime";
import type { Violation } from "../bindings/Violation";
import type { ImportRequest } from "../bindings/ImportRequest";
import type { ImportPreview } from "../bindings/ImportPreview";
import type { ImportReport } from "../bindings/ImportReport";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { Restored } from "../bindings/Restored";

export interface Backend {
  bootstrap(): Promise<Bootstrap>;
  createProfile(req: NewProfile): Promise<Profile>;
  setActing(profileId: number): Promise<Profile>;
  createRoadmap(req: NewRoadmap): Promise<Roadmap>;
  listItems(roadmapId: number, archived: boolean): Promise<Item[]>;
  getItem(itemId: number): Promise<Item>;
  createItem(req: NewItem): Promise<Item>;
  updateItem(req: UpdateItem): Promise<Item>;
  editDimension(req: EditDimension): Promise<Item>;
  moveItem(req: MoveItem): Promise<Moved>;
  proposeChange(req: ProposeChange): Promise<Proposal>;
  respondToProposal(req: RespondToProposal): Promise<Item>;
  listProposals(itemId: number): Promise<Proposal[]>;
  itemHistory(itemId: number): Promise<HistoryEntry[]>;
  signWhen(req: SignWhen): Promise<WhenSignoff>;
  whenSignoff(itemId: number): Promise<WhenSignoff>;
  identities(): Promise<PublicIdentity[]>;
  /** How far each live item's `when` is agreed. */
  whenStates(roadmapId: number): Promise<ItemWhenState[]>;
  listDecisions(roadmapId: number): Promise<DecisionSummary[]>;
  getDecision(decisionId: number): Promise<DecisionView>;
  createDecision(req: NewDecision): Promise<DecisionView>;
  updateDecision(req: UpdateDecision): Promise<DecisionView>;
  supersedeDecision(req: SupersedeDecision): Promise<DecisionView>;
  signDecision(req: SignDecision): Promise<DecisionView>;
  writePosition(req: WritePosition): Promise<DecisionView>;
  escalateDecision(req: EscalateDecision): Promise<DecisionView>;
  resolveEscalation(req: ResolveEscalation): Promise<DecisionView>;
  listBaselines(roadmapId: number): Promise<BaselineView[]>;
  createBaseline(req: NewBaseline): Promise<BaselineView>;
  signBaseline(req: SignBaseline): Promise<BaselineView>;
  /** From baseline `from` to baseline `to`, or to the roadmap now when `to` is null. */
  baselineDiff(from: number, to: number | null): Promise<BaselineDiff>;
  attention(roadmapId: number): Promise<Attention>;
  /** The owner (confidence: either partner) sets a goal link, RICE factor or tech-debt framing. */
  setPlanning(req: SetPlanning): Promise<Item>;
  /** The other partner proposes a planning value to its owner. */
  proposePlanning(req: SetPlanning): Promise<Proposal>;
  /** The EM's reorder: a proposal to the PM ("move X above Y"). */
  proposeMove(req: ProposeMove): Promise<Proposal>;
  /** RICE scores in score order, incomplete last, marked where far from the rank. */
  scores(roadmapId: number): Promise<ItemScore[]>;
  /** Committed effort in the current horizon against the agreed capacity share. */
  capacity(roadmapId: number): Promise<CapacityView>;
  goals(roadmapId: number): Promise<GoalsView>;
  createGoal(req: NewGoal): Promise<Goal>;
  updateGoal(req: UpdateGoal): Promise<Goal>;
  proposeGoalChange(req: ProposeGoalChange): Promise<GoalProposal>;
  respondToGoalProposal(req: RespondToGoalProposal): Promise<Goal>;
  /** The health check as the acting person may see it. */
  health(roadmapId: number): Promise<HealthView>;
  /** Both partners' answers to one check-in (refused until both have answered). */
  healthAnswers(roadmapId: number, round: number): Promise<PartnerAnswers[]>;
  answerHealthCheck(req: AnswerHealthCheck): Promise<HealthView>;
  setHealthInterval(req: SetHealthInterval): Promise<number>;
  /** What changed since the last sync, goals and items that do not meet, the health check's reminder. */
  syncAgenda(roadmapId: number): Promise<SyncAgenda>;
  markSyncHeld(req: MarkSyncHeld): Promise<SyncMeeting>;
  addComment(req: NewComment): Promise<Comment>;
  /** An item's (or a decision's) discussion, oldest first. */
  comments(itemId: number | null, decisionId: number | null): Promise<Comment[]>;
  /** Reverses the acting person's own last change on the roadmap. */
  undo(roadmapId: number): Promise<Undone>;
  /** Remembers the roadmap open in the window, to reopen it next time. */
  openRoadmap(roadmapId: number): Promise<Roadmap>;
  /** Archives a roadmap (or restores it); nothing is deleted. */
  archiveRoadmap(req: ArchiveRoadmap): Promise<Roadmap>;
  /** A new roadmap with chosen items of another, carried over with their matrix. */
  carryOver(req: CarryOver): Promise<Roadmap>;
  /** Quarters as columns, items placed by their when, dependencies and the ones broken. */
  timeline(roadmapId: number): Promise<Timeline>;
  /** A card dragged (or moved by keys) on the timeline: an edit of the shared when. */
  moveInTime(req: MoveInTime): Promise<Item>;
  /** Dependencies the live items' when or status break. */
  dependencyViolations(roadmapId: number): Promise<Violation[]>;
  /** Asks for a file to import; null if the dialog was cancelled. */
  chooseImportFile(): Promise<string | null>;
  /** Asks for a generic CSV's column mapping; null if cancelled. */
  chooseMappingFile(): Promise<string | null>;
  /** What importing the file would write, and what would become proposals; nothing is written. */
  previewImport(req: ImportRequest): Promise<ImportPreview>;
  /** Imports the file as a new roadmap: all of it or nothing. */
  importFile(req: ImportRequest): Promise<ImportReport>;
  /** Asks where to save the roadmap as CSV or JSON; the path written, or null if cancelled. */
  exportFile(roadmapId: number, format: "csv" | "json"): Promise<string | null>;
  /** Moves an item of the host's roadmap in time, from this guest's copy. */
  guestMoveInTime(req: MoveInTime): Promise<SessionAnswer>;
  /** Saves the host's roadmap as CSV or JSON on this machine. */
  guestExportFile(format: "csv" | "json"): Promise<string | null>;
  /** A profile's public identity as a JSON document for the other machine. */
  exportIdentity(profileId: number): Promise<string>;
  importIdentity(text: string): Promise<PublicIdentity>;
  /** A signing key for the acting profile, if it predates sign-off. */
  createSigningKey(passphrase: string): Promise<PublicIdentity>;
  /** Asks where to save, renders the roadmap PDF; null if the dialog was cancelled. */
  exportPdf(roadmapId: number): Promise<PdfExported | null>;
  /** Asks for a PDF and verifies it offline; null if the dialog was cancelled. */
  verifyPdf(): Promise<PdfVerified | null>;
  openFile(path: string): Promise<void>;
  /** The backups beside this machine's database, newest first (also while it cannot be opened). */
  listBackups(): Promise<BackupInfo[]>;
  /** A consistent copy of the database now, beside it. */
  backUpNow(): Promise<BackupInfo>;
  /** Brings a backup back: the file as it is is kept as a backup first (or set aside, renamed, if it is damaged). */
  restoreBackup(path: string): Promise<Restored>;
  showInFolder(path: string): Promise<void>;
  onPdfProgress(f: (p: PdfProgress) => void): Promise<() => void>;
  /** Starts hosting a planning session for the roadmap (or shows the one hosted). */
  hostSession(roadmapId: number): Promise<SessionHosting>;
  /** The hosted session now, or null. */
  hosting(): Promise<SessionHosting | null>;
  stopHosting(): Promise<void>;
  /** Planning sessions other machines advertise on the LAN now. */
  discoverSessions(): Promise<SessionFound[]>;
  /** The host's person says whether a guest awaiting confirmation is the person a profile without a key stands for. */
  sessionConfirmGuest(publicKey: string, same: boolean): Promise<void>;
  /** Pairs with a host's one-time code as the acting person, proving their key (opened by the passphrase, which stays here). */
  joinSession(address: string, code: string, passphrase: string): Promise<SessionJoined>;
  /** Rejoins a host joined before, without a code (both keys pinned). */
  rejoinSession(hostKey: string): Promise<SessionJoined>;
  /** Hosts joined from this machine before, the latest first. */
  knownSessions(): Promise<SessionKnown[]>;
  forgetSession(hostKey: string): Promise<void>;
  /** The joined session now, or null. */
  joined(): Promise<SessionJoined | null>;
  /** The host's live items, as this guest's copy holds them. */
  guestItems(): Promise<Item[]>;
  /** Sends a change to the host; resolves with its answer (or queued, while the link is down). */
  guestSubmit(op: RemoteOp): Promise<SessionAnswer>;
  /** Reads from the host's file, with this person's rights. */
  guestRead(read: RemoteRead): Promise<unknown>;
  /** Signs a subject of the host's roadmap here, with this person's own key; only the signature is sent. */
  guestSign(subject: Subject, baseRevision: number | null, passphrase: string): Promise<unknown>;
  /** Resolves an escalation from here; a director or head of product signs the resolution here. */
  guestResolve(req: ResolveEscalation): Promise<unknown>;
  /** Renders the host's roadmap PDF on this machine (asks where to save it; null if cancelled). */
  guestExportPdf(): Promise<PdfExported | null>;
  /** Hosts' roadmaps kept on this machine after sessions, the latest first. */
  keptRoadmaps(): Promise<KeptRoadmap[]>;
  /** A kept roadmap's document (its items, matrix, decisions and signatures as last seen). */
  keptDocument(roadmapUid: string): Promise<ExportDoc>;
  /** Renders a kept roadmap's PDF offline (asks where to save it; null if cancelled). */
  exportKeptPdf(roadmapUid: string): Promise<PdfExported | null>;
  leaveSession(): Promise<void>;
  /** Where the person at this window is working, for the others in the session. */
  sessionEditing(focus: SessionFocus | null): Promise<void>;
  /** Someone came, went or moved, the link changed, or (`items`) the roadmap's items changed. */
  onSessionChanged(f: (items: boolean) => void): Promise<() => void>;
  /** Native menu commands (`view-*`, `new-item`, `export-pdf`, `verify-pdf`). */
  onMenu(f: (id: string) => void): Promise<() => void>;
  /** Someone launched Accord again on the same data directory. */
  onSecondLaunch(f: () => void): Promise<() => void>;
}

/** A failed call, carrying the core's error code for views to switch on. */
export class BackendError extends Error {
  readonly code: ErrorCode;
  readonly current: Item | null;

  constructor(e: ApiError) {
    super(e.message);
    this.code = e.code;
    this.current = e.current;
  }

  static from(raw: unknown): BackendError {
    if (raw instanceof BackendError) return raw;
    if (raw && typeof raw === "object" && "code" in raw && "message" in raw) {
      const e = raw as ApiError;
      return new BackendError({ code: e.code, message: e.message, current: e.current ?? null });
    }
    return new BackendError({ code: "storage", message: String(raw), current: null });
  }
}
