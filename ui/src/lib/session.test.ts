import { describe, expect, it } from "vitest";
import { BackendError, type Backend } from "../backend";
import { guestBackend } from "../backend/guest";
import type { Item } from "../bindings/Item";
import type { RemoteOp } from "../bindings/RemoteOp";
import type { RemoteRead } from "../bindings/RemoteRead";
import type { Subject } from "../bindings/Subject";
import type { Roadmap } from "../bindings/Roadmap";
import type { SessionAnswer } from "../bindings/SessionAnswer";
import type { SessionJoined } from "../bindings/SessionJoined";
import type { ExportDoc } from "../bindings/ExportDoc";

import "./node-window";
const { AppState } = await import("./app.svelte");

const roadmap: Roadmap = {
  id: 7, uid: "host-roadmap-uid", name: "Host's roadmap", team: "Payments", em_name: "Sam", pm_name: "Priya",
  director_name: "", head_of_product_name: "", created_at: "2026-01-01T00:00:00Z", archived: false,
};
const item = (id: number, what = ""): Item => ({
  id, roadmap_id: 7, title: `Item ${id}`, rank: id, status: "idea", kind: "feature", horizon: "later",
  matrix: { what, why: "", how: "", who: "", when: "" }, revision: 1, archived: false, updated_at: "", pending: [],
  planning: { goals: [], reach: null, impact: null, confidence: null, effort: null, customer_impact: null, velocity_cost: null, incident_risk: null, depends_on: [] },
  schedule: { target: null, confidence: null, note: "" }, when_before_upgrade: null,
});
const me = { id: 3, uid: "priya-uid", name: "Priya Raman", role: "pm" as const, created_at: "" };

/** A window's own backend, as far as a guest uses it; records what it was asked. */
function fake(answer: (op: RemoteOp) => Omit<SessionAnswer, "view"> & { view?: unknown }) {
  const sent: RemoteOp[] = [];
  const reads: RemoteRead[] = [];
  const signed: { subject: Subject; baseRevision: number | null; passphrase: string }[] = [];
  /** Calls that would reach this window's own file: a guest must make none. */
  const own: string[] = [];
  const joined: SessionJoined = {
    roadmap, address: "192.0.2.9:4100", host_key: "ab".repeat(32), link: "connected", reason: null, queued: 0, refused: [], unsent: [],
    people: [
      { name: "Sam Okafor", role: "em", host: true, says: "Sam Okafor (EM) is editing How of “Item 1”", item_id: 1, dimension: "how", fingerprint: "1a2b 3c4d", first_time: false },
      { name: "Priya Raman", role: "pm", host: false, says: "Priya Raman (PM) is here", item_id: null, dimension: null, fingerprint: "5e6f 7a8b", first_time: true },
    ],
  };
  const base = {
    bootstrap: async () => ({ acting: me, profiles: [me], roadmaps: [{ ...roadmap, id: 1, name: "Mine" }], dimensions: [] }),
    hosting: async () => null,
    listItems: async () => [item(100)],
    joinSession: async () => joined,
    joined: async () => joined,
    guestItems: async () => [item(1), item(2)],
    guestSubmit: async (op: RemoteOp) => (sent.push(op), { view: null, ...answer(op) }),
    guestRead: async (r: RemoteRead) => {
      reads.push(r);
      if (r.kind === "trade_off") return r.request.text.includes("more scope") ? "“Item 1” is committed: name a trade-off" : null;
      if (r.kind === "decisions") return [{ id: 5, title: "Host's decision" }];
      return [];
    },
    guestSign: async (subject: Subject, baseRevision: number | null, passphrase: string) => (
      signed.push({ subject, baseRevision, passphrase }), { item_id: 1, signed: true }
    ),
    leaveSession: async () => {},
    whenStates: async () => [],
    attention: async () => ({ proposals: [], awaiting_signature: [], lapsed: [], escalations: [], incomplete: [] }),
    listDecisions: async () => (own.push("listDecisions"), []),
    signWhen: async () => (own.push("signWhen"), {}),
    listProposals: async () => (own.push("listProposals"), []),
  } as unknown as Backend;
  return { base, sent, joined, reads, signed, own };
}

describe("a guest's backend", () => {
  it("sends every change to the host as an op and returns the item the host left", async () => {
    const { base, sent } = fake(() => ({ item: item(1, "Answered by the host"), order: [1, 2], queued: false }));
    const guest = guestBackend(base, roadmap, () => me);
    const req = { item_id: 1, base_revision: 1, dimension: "what" as const, text: "Sent", trade_off: null };
    expect((await guest.editDimension(req)).matrix.what).toBe("Answered by the host");
    expect(await guest.moveItem({ item_id: 1, base_revision: 1, to_index: 1 })).toEqual({ item: item(1, "Answered by the host"), order: [1, 2] });
    expect(sent.map((op) => op.kind)).toEqual(["edit_dimension", "move_item"]);
    expect(sent[0]).toEqual({ kind: "edit_dimension", request: req });
  });

  it("reads the host's roadmap and items, never the window's own", async () => {
    const { base } = fake(() => ({ item: null, order: [], queued: true }));
    const guest = guestBackend(base, roadmap, () => me);
    expect((await guest.bootstrap()).roadmaps).toEqual([roadmap]);
    expect((await guest.listItems(7, false)).map((i) => i.id)).toEqual([1, 2]);
    await expect(guest.getItem(100)).rejects.toMatchObject({ code: "not_found" });
  });

  it("says a new item made while the link is down is queued", async () => {
    const { base } = fake(() => ({ item: null, order: [], queued: true }));
    const guest = guestBackend(base, roadmap, () => me);
    const err = await guest.createItem({ roadmap_id: 7, title: "Offline idea", kind: "feature", horizon: "" }).catch((e) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err.code).toBe("session_unavailable");
    expect(err.message).toContain("queued");
  });

  it("reads decisions and proposals from the host and signs here, never through the window's own file", async () => {
    const { base, reads, signed, own } = fake(() => ({ item: item(1), order: [1, 2], queued: false }));
    const guest = guestBackend(base, roadmap, () => me);
    expect(await guest.listDecisions(1)).toEqual([{ id: 5, title: "Host's decision" }]);
    await guest.listProposals(1);
    await guest.itemHistory(2);
    expect(reads.map((r) => r.kind)).toEqual(["decisions", "proposals", "history"]);
    expect(await guest.signWhen({ item_id: 1, base_revision: 3, passphrase: "her own" })).toEqual({ item_id: 1, signed: true });
    expect(signed).toEqual([{ subject: { kind: "item_when", id: 1 }, baseRevision: 3, passphrase: "her own" }]);
    expect(own).toEqual([]);
    expect(() => guest.setActing(1)).toThrow(BackendError);
  });

  it("asks for a trade-off before sending a change that needs one", async () => {
    const { base, sent } = fake(() => ({ item: item(1), order: [1, 2], queued: false }));
    const guest = guestBackend(base, roadmap, () => me);
    const req = { item_id: 1, base_revision: 1, dimension: "what" as const, text: "more scope", trade_off: null };
    await expect(guest.editDimension(req)).rejects.toMatchObject({ code: "trade_off_required" });
    expect(sent).toEqual([]);
    const named = { ...req, trade_off: { deprioritised: [2], capacity_reason: "", why: "Room" } };
    await guest.editDimension(named);
    expect(sent.map((op) => op.kind)).toEqual(["edit_dimension"]);
  });
});

describe("joining and leaving from the window", () => {
  it("shows the host's roadmap while joined, marks where the others are, and goes back on leaving", async () => {
    const { base, joined } = fake(() => ({ item: item(1), order: [1, 2], queued: false }));
    const app = new AppState(base);
    await app.load();
    expect(app.roadmap?.name).toBe("Mine");
    await app.joinSession("192.0.2.9:4100", "123456", "her own");
    expect(app.roadmap).toEqual(roadmap);
    expect(app.items.map((i) => i.id)).toEqual([1, 2]);
    // The person at this window is not among "the others"; the host is.
    expect(app.others.map((p) => p.name)).toEqual(["Sam Okafor"]);
    expect(app.others[0].dimension).toBe("how");
    expect(app.othersOn(1, "how").map((p) => p.name)).toEqual(["Sam Okafor"]);
    expect(app.othersOn(1, null)).toEqual([]);
    expect(app.othersOn(2)).toEqual([]);
    // Decisions, baselines and the agenda are the host's, shown here.
    await app.setView("decisions");
    expect(app.view).toBe("decisions");

    // A change queued while the link was down, refused once it was back, is said once.
    joined.refused = [{ op_id: "op-1", message: "Only the EM writes the how", change: "How of “Item 1”: “Rewrite it”" }];
    await app.sessionChanged();
    await app.sessionChanged();
    expect(app.toasts.filter((t) => t.kind === "error").map((t) => t.text)).toEqual([
      "Refused by the host: How of “Item 1”: “Rewrite it” — Only the EM writes the how",
    ]);

    await app.leaveSession();
    expect(app.joined).toBeNull();
    expect(app.roadmap?.name).toBe("Mine");
    expect(app.items.map((i) => i.id)).toEqual([100]);
  });
});

describe("session updates", () => {
  it("reload items only when items changed, and an answer for a session already left is dropped", async () => {
    const { base } = fake(() => ({ item: item(1), order: [1, 2], queued: false }));
    let itemCalls = 0;
    let release: () => void = () => {};
    const counting = {
      ...base,
      guestItems: async () => (itemCalls++, [item(1), item(2)]),
    } as Backend;
    const app = new AppState(counting);
    await app.load();
    await app.joinSession("192.0.2.9:4100", "123456", "her own");
    itemCalls = 0;
    await app.sessionChanged(false);
    expect(itemCalls).toBe(0);
    await app.sessionChanged(true);
    expect(itemCalls).toBe(1);

    // A slow answer started while joined must not bring the session back after leaving.
    (counting as { joined: () => Promise<unknown> }).joined = () =>
      new Promise((ok) => (release = () => ok({ ...(app.joined as object) })));
    const late = app.sessionChanged(true);
    await app.leaveSession();
    release();
    await late;
    expect(app.joined).toBeNull();
    expect(app.roadmap?.name).toBe("Mine");
    expect(app.items.map((i) => i.id)).toEqual([100]);
  });
});

describe("a host's roadmap kept after a session", () => {
  it("reads the items, matrix and agreement from its document, exports its PDF here, and refuses every change", async () => {
    const { keptBackend } = await import("../backend/kept");
    const matrix = { what: "Saved cards", why: "Repeat buyers", how: "", who: "", when: "Beta by 2027-Q1" };
    const doc = {
      roadmap: { id: 7, uid: "host-roadmap-uid", name: "Checkout 2027", team: "Payments", em_name: "Sam", pm_name: "Priya", director_name: "", head_of_product_name: "" },
      snapshot: { items: [{ id: 4, rank: 1, title: "Checkout redesign", status: "planned", kind: "feature", horizon: "now", matrix, when_agreed: true }] },
      decisions: [], identities: [], exported_at: "2026-12-01T10:00:00Z",
    } as unknown as ExportDoc;
    const kept = { roadmap_uid: "host-roadmap-uid", roadmap_name: "Checkout 2027", host_name: "Sam Okafor (EM)", host_key: "ab", kept_at: "2026-12-01T10:00:00Z", items: 1, signed_off: true };
    const exported: string[] = [];
    const base = {
      bootstrap: async () => ({ acting: me, profiles: [me], roadmaps: [{ ...roadmap, id: 1, name: "Mine" }], dimensions: [] }),
      exportKeptPdf: async (uid: string) => (exported.push(uid), null),
    } as unknown as Backend;
    const b = keptBackend(base, doc, kept);
    expect((await b.bootstrap()).roadmaps.map((r) => r.name)).toEqual(["Checkout 2027"]);
    const items = await b.listItems(7, false);
    expect(items.map((i) => [i.title, i.matrix.what])).toEqual([["Checkout redesign", "Saved cards"]]);
    expect(await b.whenStates(7)).toEqual([{ item_id: 4, state: "agreed" }]);
    expect((await b.whenSignoff(4)).agreement.agreed).toBe(true);
    await b.exportPdf(7);
    expect(exported).toEqual(["host-roadmap-uid"]);
    expect(() => b.editDimension({ item_id: 4, base_revision: 0, dimension: "what", text: "x", trade_off: null })).toThrow(/read-only/);
    expect(() => b.createDecision({} as never)).toThrow(/Sam Okafor \(EM\)'s roadmap as last seen/);
  });
});
