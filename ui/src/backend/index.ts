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
  /** Native menu commands (`view-roadmap`, `view-matrix`, `new-item`). */
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
