// Application state shared by the views. Items are kept as an immutable
// array ($state.raw): a 2,000-item roadmap must not be deeply proxied.
import { tick } from "svelte";
import { BackendError, type Backend } from "../backend";
import { guestBackend } from "../backend/guest";
import { keptBackend } from "../backend/kept";
import type { KeptRoadmap } from "../bindings/KeptRoadmap";
import { coalesce } from "./coalesce";
import { afterPaint } from "./frames";
import { roadmapToOpen } from "./roadmaps";
import type { SessionHosting } from "../bindings/SessionHosting";
import type { SessionJoined } from "../bindings/SessionJoined";
import type { SessionPerson } from "../bindings/SessionPerson";
import type { Attention } from "../bindings/Attention";
import type { Bootstrap } from "../bindings/Bootstrap";
import type { Dimension } from "../bindings/Dimension";
import type { Owner } from "../bindings/Owner";
import type { Item } from "../bindings/Item";
import type { Roadmap } from "../bindings/Roadmap";
import type { WhenState } from "../bindings/WhenState";

export type View = "roadmap" | "matrix" | "decisions" | "baselines" | "attention" | "goals" | "health" | "timeline";
export const VIEWS: readonly View[] = ["roadmap", "matrix", "decisions", "baselines", "attention", "goals", "health", "timeline"];
/** A button on a toast, such as showing a saved file in its folder. */
export type ToastAction = { label: string; run: () => Promise<unknown> };
export type Toast = { kind: "error" | "info"; text: string; id: number; action?: ToastAction };

declare global {
  interface Window {
    __accordMetrics?: Record<string, number>;
  }
}

function storedView(): View {
  const v = localStorage.getItem("accord.view") as View | null;
  return v && VIEWS.includes(v) ? v : "roadmap";
}

/** Entries on the weekly sync's agenda, all sections together. */
export function countAttention(a: Attention | null): number {
  if (!a) return 0;
  return a.proposals.length + a.awaiting_signature.length + a.lapsed.length + a.escalations.length + a.incomplete.length;
}

/** The moment a step of loading finished (not painted: see `mark`). */
export function stamp(name: string) {
  if (typeof window === "undefined") return; // unit tests run without a page
  (window.__accordMetrics ??= {})[name] = performance.now();
}

function mark(name: string, start?: number) {
  if (typeof window === "undefined") return;
  requestAnimationFrame(() => {
    const m = (window.__accordMetrics ??= {});
    m[name] = performance.now() - (start ?? 0);
  });
}

/** A call whose failure means "nothing to show". */
async function quiet<T>(f: () => Promise<T | null>): Promise<T | null> {
  try {
    return await f();
  } catch {
    return null;
  }
}

export class AppState {
  boot = $state.raw<Bootstrap | null>(null);
  fatal = $state.raw<BackendError | null>(null);
  roadmap = $state.raw<Roadmap | null>(null);
  items = $state.raw<Item[]>([]);
  /** The roadmap's live item count while only its first screen is in `items`; null once all of it is. */
  itemsTotal = $state<number | null>(null);
  private rest: Promise<void> = Promise.resolve();
  view = $state<View>(storedView());
  selectedId = $state<number | null>(null);
  /** The decision shown in the decisions view. */
  selectedDecisionId = $state<number | null>(null);
  /** A baseline to bring into view (from the attention list). */
  focusBaselineId = $state<number | null>(null);
  /** How far each live item's `when` is agreed, by item id; one call for the whole roadmap. */
  whenStates = $state.raw<Map<number, WhenState>>(new Map());
  /** The weekly sync's agenda; refreshed with the when states after each change. */
  attention = $state.raw<Attention | null>(null);
  focusDimension = $state<string | null>(null);
  toasts = $state<Toast[]>([]);
  /** Asked from the menu or a button; the PDF dialogs act on it and clear it. */
  pdfRequest = $state<"export" | "verify" | null>(null);
  /** The new-roadmap or import dialog, asked from the menu or the roadmap switcher; cleared when it closes. */
  roadmapDialog = $state<"new" | "import" | null>(null);
  /** The restore-from-a-backup dialog, asked from the menu or the fatal screen; cleared when it closes. */
  restoreDialog = $state(false);
  /** Bumped after a backup is restored: the views are built afresh on the file brought back. */
  restores = $state(0);
  /** Bumped when the menu asks for a new item; the roadmap view focuses its input. */
  newItemRequests = $state(0);
  /** Bumped after each change so an open detail panel reloads its history. */
  changes = $state(0);

  /** The planning session this window hosts, or the one it joined as a guest. */
  hosting = $state.raw<SessionHosting | null>(null);
  joined = $state.raw<SessionJoined | null>(null);
  /** A host's roadmap kept here after a session, shown read-only instead of this window's own. */
  kept = $state.raw<KeptRoadmap | null>(null);

  acting = $derived(this.boot?.acting ?? null);
  /** The host of the session this window joined. */
  joinedHost = $derived(this.joined?.people.find((p) => p.host) ?? null);
  /** Everyone in the session but the person at this window. */
  others = $derived.by(() => {
    const me = this.acting;
    if (this.hosting) return this.hosting.people.filter((p) => !p.host);
    if (this.joined) return this.joined.people.filter((p) => p.host || p.name !== me?.name || p.role !== me?.role);
    return [] as SessionPerson[];
  });
  /** The matrix's columns with their owners, as the core reports them. */
  rules = $derived(this.boot?.dimensions ?? []);
  owners = $derived(Object.fromEntries(this.rules.map((r) => [r.dimension, r.owner])) as Record<Dimension, Owner>);
  selected = $derived(this.items.find((i) => i.id === this.selectedId) ?? null);
  attentionCount = $derived(countAttention(this.attention));

  /** What views call: the window's own roadmap, or, as a guest, the host's. */
  backend: Backend;

  constructor(readonly base: Backend) {
    this.backend = base;
  }

  /** Pairs with a host and shows its roadmap; this window's own stays as it is. */
  async joinSession(address: string, code: string, passphrase: string) {
    await this.follow(await this.base.joinSession(address, code, passphrase));
  }

  /** Comes back to a host joined before, without a code. */
  async rejoinSession(hostKey: string) {
    await this.follow(await this.base.rejoinSession(hostKey));
  }

  private async follow(joined: SessionJoined) {
    this.epoch++;
    this.lastFocus = "";
    this.backend = guestBackend(this.base, joined.roadmap, () => this.acting);
    this.joined = joined;
    this.kept = null;
    this.selectedId = null;
    this.whenStates = new Map();
    this.attention = null;
    this.roadmap = joined.roadmap;
    this.showItems(await this.backend.listItems(joined.roadmap.id, false));
    this.changes++;
  }

  /** Shows a host's roadmap kept here after a session, read-only (from the session dialog). */
  async openKept(kept: KeptRoadmap) {
    const doc = await this.base.keptDocument(kept.roadmap_uid);
    this.epoch++;
    await this.showOwn(keptBackend(this.base, doc, kept), kept);
  }

  /** Closes a kept copy: back to this window's own roadmap. */
  async closeKept() {
    await this.showOwn(this.base, null);
  }

  /** Shows this machine's own roadmap, or a kept copy: nothing of what was shown before carries over. */
  private async showOwn(backend: Backend, kept: KeptRoadmap | null) {
    this.backend = backend;
    this.kept = kept;
    this.selectedId = null;
    this.whenStates = new Map();
    this.attention = null;
    await this.load();
  }

  /** Leaves the joined session and goes back to this window's own roadmap. */
  async leaveSession() {
    this.epoch++;
    await this.base.leaveSession();
    this.backend = this.base;
    this.joined = null;
    this.selectedId = null;
    this.lastFocus = "";
    await this.load();
  }

  /** Bumped on every join and leave: answers for an earlier session are dropped. */
  private epoch = 0;
  private syncItems = false;

  /**
   * Someone came, went or moved, the link changed, or (`items`) a change
   * landed in the roadmap. Bursts collapse (see `coalesce`); items are
   * reloaded only when they changed.
   */
  sessionChanged(items = true): Promise<void> {
    this.syncItems ||= items;
    return this.syncSession();
  }

  private syncSession = coalesce(async () => {
    const epoch = this.epoch;
    const reload = this.syncItems;
    this.syncItems = false;
    if (this.joined) {
      const joined = await quiet(() => this.base.joined());
      if (epoch !== this.epoch || !joined || !this.joined) return;
      this.joined = joined;
      this.tellRefused(joined);
      if (!reload) return;
      const items = await quiet(() => this.base.guestItems());
      if (epoch !== this.epoch || !items) return;
      this.showItems(items);
      this.changes++;
      void this.refreshStates();
    } else {
      const hosting = await quiet(() => this.base.hosting());
      if (epoch !== this.epoch || this.joined) return;
      this.setHosting(hosting);
      // A guest's change landed in this roadmap: show it.
      if (hosting && reload) {
        await this.reloadItems();
        void this.refreshStates();
      }
    }
  });

  private toldRefused = new Set<string>();
  /** A change queued while the link was down and refused once it was back is said once, never dropped silently. */
  private tellRefused(joined: SessionJoined) {
    for (const r of joined.refused) {
      if (this.toldRefused.has(r.op_id)) continue;
      this.toldRefused.add(r.op_id);
      this.error(`Refused by the host: ${r.change} — ${r.message}`);
    }
  }

  /** The session this window hosts now (null: none); a new one hears where this person is afresh. */
  setHosting(hosting: SessionHosting | null) {
    if (hosting?.roadmap_id !== this.hosting?.roadmap_id) this.lastFocus = "";
    this.hosting = hosting;
  }

  /** Others in the session on `itemId`: anywhere in it (`dimension` left out), in no field (null), or in that field. */
  othersOn(itemId: number, dimension?: Dimension | null): SessionPerson[] {
    return this.others.filter((p) => p.item_id === itemId && (dimension === undefined || p.dimension === dimension));
  }

  private lastFocus = "";
  /** Tells the session where the person at this window is working (nothing outside a session). */
  focusOn(itemId: number | null, dimension: Dimension | null = null) {
    const key = itemId === null ? "" : `${itemId}:${dimension ?? ""}`;
    if ((!this.hosting && !this.joined) || key === this.lastFocus) return;
    this.lastFocus = key;
    void this.base.sessionEditing(itemId === null ? null : { item_id: itemId, dimension }).catch(() => {});
  }

  /** The items on the roadmap shown, counted before all of them are read. */
  get itemCount(): number {
    return this.itemsTotal ?? this.items.length;
  }

  /** Resolves once `items` holds the whole roadmap: at once, unless only its first screen is in. */
  whole(): Promise<void> {
    return this.rest;
  }

  private showItems(items: Item[]) {
    this.items = items;
    this.itemsTotal = null;
  }

  async load() {
    try {
      const [boot, hosting] = await Promise.all([this.backend.bootstrap(), quiet(() => this.base.hosting())]);
      this.boot = boot;
      stamp("booted");
      this.setHosting(hosting);
      const roadmap = roadmapToOpen(boot);
      this.roadmap = roadmap;
      if (roadmap) {
        // The top of the roadmap came with the bootstrap: paint it, then read the rest.
        const first = boot.first_screen?.roadmap_id === roadmap.id ? boot.first_screen : null;
        if (first && first.items.length < first.total) {
          this.items = first.items;
          this.itemsTotal = first.total;
        } else {
          this.showItems(first ? first.items : await this.backend.listItems(roadmap.id, false));
        }
        stamp("itemsLoaded");
        // The timeline paints once its own data is in (TimelineView marks it).
        if (this.view !== "timeline") mark(`${this.view}FirstPaint`);
        if (this.itemsTotal !== null) this.rest = this.readTheRest(roadmap.id);
        // After the first paint: the agreement marks arrive a moment later.
        void this.refreshStates();
      }
    } catch (e) {
      this.fatal = BackendError.from(e);
    }
  }

  /**
   * The whole roadmap, read once its first screen is on screen. A change
   * that lands meanwhile may be missing from what was read: read it again.
   * A read that fails is said; the first screen stays, counted whole.
   */
  private async readTheRest(roadmapId: number) {
    await afterPaint();
    while (this.itemsTotal !== null && this.roadmap?.id === roadmapId) {
      const changes = this.changes;
      const items = await this.run(() => this.backend.listItems(roadmapId, false));
      if (!items || this.itemsTotal === null || this.roadmap?.id !== roadmapId) return;
      if (changes === this.changes) this.showItems(items);
    }
  }

  /**
   * Reads everything again once a restore has replaced the file: nothing
   * shown from before carries over, and a window stuck on the fatal screen
   * opens normally when the restored file loads.
   */
  async reloadAll() {
    const failed = this.fatal;
    this.switching++;
    [this.backend, this.kept] = [this.base, null];
    [this.selectedId, this.selectedDecisionId, this.focusBaselineId] = [null, null, null];
    this.whenStates = new Map();
    this.attention = null;
    await this.load();
    // load() sets a new error when it fails again: the same one still there means it opened.
    if (this.fatal === failed) this.fatal = null;
    if (!this.roadmap) this.showItems([]);
    this.restores++;
    this.changes++;
  }

  /** Opens an item's detail, optionally at one decision (from a matrix cell). */
  select(itemId: number, dimension: Dimension | null = null) {
    // A new item waiting to be sent to the host has no detail yet.
    if (itemId < 0) return;
    this.selectedId = itemId;
    this.focusDimension = dimension;
  }

  /** Shows a decision record in the decisions view. */
  async openDecision(id: number) {
    this.selectedDecisionId = id;
    await this.setView("decisions");
  }

  /** Reloads the when states and the attention list (bursts collapse, see `coalesce`). */
  refreshStates = coalesce(async () => {
    const roadmap = this.roadmap;
    if (!roadmap) return;
    try {
      const [states, attention] = await Promise.all([
        this.backend.whenStates(roadmap.id),
        this.backend.attention(roadmap.id),
      ]);
      this.whenStates = new Map(states.map((s) => [s.item_id, s.state]));
      this.attention = attention;
    } catch {
      // Keep what was shown; the next change asks again.
    }
  });

  async refreshBoot() {
    this.boot = await this.backend.bootstrap();
    this.roadmap = roadmapToOpen(this.boot, this.roadmap?.id ?? null);
  }

  private switching = 0;
  /**
   * Opens another roadmap in this window; the core remembers it for the next
   * launch. Nothing shown for the previous one carries over, and when the
   * person switches again before it has loaded, the later choice wins.
   */
  async switchRoadmap(id: number) {
    const n = ++this.switching;
    const roadmap = await this.backend.openRoadmap(id);
    // A new, restored or archived roadmap changes the switcher's lists too.
    const [boot, items] = await Promise.all([this.backend.bootstrap(), this.backend.listItems(roadmap.id, false)]);
    if (n !== this.switching) return;
    this.boot = boot;
    this.roadmap = roadmap;
    this.showItems(items);
    this.selectedId = null;
    this.selectedDecisionId = null;
    this.focusBaselineId = null;
    this.whenStates = new Map();
    this.attention = null;
    this.changes++;
  }

  async setView(view: View) {
    if (view === this.view) return;
    const start = performance.now();
    this.view = view;
    localStorage.setItem("accord.view", view);
    await tick();
    mark(`${view}Switch`, start);
  }

  async switchActing(profileId: number) {
    await this.run(async () => {
      await this.backend.setActing(profileId);
      await this.refreshBoot();
      this.info(`Now acting as ${this.acting?.name}`);
    });
  }

  /** Puts a changed item in place (keeping the order by rank). */
  put(item: Item) {
    const i = this.items.findIndex((x) => x.id === item.id);
    if (item.archived) {
      this.items = this.items.filter((x) => x.id !== item.id);
    } else if (i < 0) {
      this.items = [...this.items, item].sort((a, b) => a.rank - b.rank);
    } else {
      const next = this.items.slice();
      next[i] = item;
      this.items = next;
    }
    this.changes++;
  }

  async reloadItems() {
    if (this.roadmap) this.showItems(await this.backend.listItems(this.roadmap.id, false));
    this.changes++;
  }

  /**
   * Runs a backend call, turning its failure into a visible message. A
   * stale write brings in the current version so nothing is lost silently.
   */
  async run<T>(f: () => Promise<T>): Promise<T | undefined> {
    try {
      return await f();
    } catch (raw) {
      this.fail(raw);
      return undefined;
    }
  }

  /** Shows a failed call's message; a stale write brings in the current item. */
  fail(raw: unknown): BackendError {
    const e = BackendError.from(raw);
    if (e.code === "stale_revision" && e.current) this.put(e.current);
    this.error(e.message);
    return e;
  }

  private seq = 0;
  error(text: string) {
    this.push({ kind: "error", text, id: ++this.seq });
  }
  info(text: string, action?: ToastAction) {
    this.push({ kind: "info", text, id: ++this.seq, action });
  }
  private push(t: Toast) {
    this.toasts = [...this.toasts.slice(-3), t];
    // A toast with a button stays long enough to reach it.
    const ms = t.kind === "error" || t.action ? 7000 : 3000;
    setTimeout(() => (this.toasts = this.toasts.filter((x) => x.id !== t.id)), ms);
  }
}

let moving = false;

/**
 * Moves an item in priority order through the core, then mirrors the result.
 * One move at a time: a held arrow key must not send a second move based on
 * a revision the first one is about to replace.
 */
export async function moveItem(app: AppState, itemId: number, toIndex: number) {
  if (app.itemsTotal !== null) await app.whole(); // the new order names every item
  if (app.itemsTotal !== null) return; // the rest could not be read: no order to mirror
  const item = app.items.find((i) => i.id === itemId);
  if (moving || !item || toIndex < 0 || toIndex >= app.items.length) return;
  moving = true;
  const moved = await app
    .run(() => app.backend.moveItem({ item_id: itemId, base_revision: item.revision, to_index: toIndex }))
    .finally(() => (moving = false));
  if (!moved) return;
  const byId = new Map(app.items.map((i) => [i.id, i]));
  byId.set(moved.item.id, moved.item);
  app.items = moved.order.map((id, n) => ({ ...byId.get(id)!, rank: n + 1 }));
  app.changes++;
}
