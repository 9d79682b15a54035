// The backend a window uses while it is a guest in someone's planning
// session: items come from the guest's copy of the host's roadmap, and
// every change goes to the host as an op, answered there with this
// person's rights. What lives only in the host's file (decisions,
// baselines, sign-off, history) is not reachable from here.
import { BackendError, type Backend } from "./index";
import type { Attention } from "../bindings/Attention";
import type { Item } from "../bindings/Item";
import type { Profile } from "../bindings/Profile";
import type { Proposal } from "../bindings/Proposal";
import type { RemoteOp } from "../bindings/RemoteOp";
import type { Roadmap } from "../bindings/Roadmap";

const EMPTY_ATTENTION: Attention = { proposals: [], awaiting_signature: [], lapsed: [], escalations: [], incomplete: [] };

function hostOnly(what: string): never {
  throw new BackendError({ code: "not_in_session", message: `${what} stays on the host's machine during a planning session`, current: null });
}

/** The item an answered op left, or why there is none to show yet. */
function answered(item: Item | null, queued: boolean): Item {
  if (item) return item;
  throw new BackendError({
    code: "session_unavailable",
    message: queued
      ? "The host is out of reach: the change is queued and is sent when the link is back"
      : "The host answered without the item",
    current: null,
  });
}

export function guestBackend(base: Backend, roadmap: Roadmap, me: () => Profile | null): Backend {
  const submit = async (op: RemoteOp) => {
    const a = await base.guestSubmit(op);
    return { ...a, item: answered(a.item, a.queued) };
  };
  return {
    ...base,
    bootstrap: async () => ({ ...(await base.bootstrap()), roadmaps: [roadmap] }),
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
    editDimension: async (request) => (await submit({ kind: "edit_dimension", request })).item,
    moveItem: async (request) => {
      const a = await submit({ kind: "move_item", request });
      return { item: a.item, order: a.order };
    },
    respondToProposal: async (request) => (await submit({ kind: "respond_to_proposal", request })).item,
    proposeChange: async (request): Promise<Proposal> => {
      await submit({ kind: "propose_change", request });
      const p = me();
      // The host keeps the proposal itself; this is what was sent.
      return {
        id: 0, item_id: request.item_id, dimension: request.dimension, body: request.text, before_text: "",
        base_revision: request.base_revision, author_id: p?.id ?? 0, author_name: p?.name ?? "", author_role: p?.role ?? "pm",
        status: "pending", response_reason: "", responder_name: null, created_at: new Date().toISOString(), responded_at: null,
      };
    },
    listProposals: async () => [],
    itemHistory: async () => [],
    whenStates: async () => [],
    attention: async () => EMPTY_ATTENTION,
    listDecisions: async () => [],
    listBaselines: async () => [],
    whenSignoff: () => hostOnly("Signing off"),
    signWhen: () => hostOnly("Signing off"),
    exportPdf: () => hostOnly("The signed-off PDF"),
    hostSession: () => hostOnly("Hosting"),
  };
}
