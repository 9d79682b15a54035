import { describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { Bootstrap } from "../bindings/Bootstrap";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { Profile } from "../bindings/Profile";
import type { Restored } from "../bindings/Restored";
import type { Roadmap } from "../bindings/Roadmap";

import "./node-window";
const { AppState } = await import("./app.svelte");
const { BackendError } = await import("../backend");
const b = await import("./backups");

/** A UTC moment whose local reading the test works out the same way the window does. */
const local = (iso: string) => {
  const d = new Date(iso);
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getMonth()];
  return `${d.getDate()} ${month} ${d.getFullYear()}, ${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
};

const backup = (taken_at: string, kind: BackupInfo["kind"] = "daily", items = 42, bytes = 421_888): BackupInfo => ({
  path: `/data/backups/accord-${taken_at}-${kind}.db`, file_name: `accord-${taken_at}-${kind}.db`, taken_at, kind, bytes, items,
});
const apiError = (code: ErrorCode, message = "it went wrong") => ({ code, message, current: null });

const me: Profile = { id: 1, uid: "me", name: "Priya Raman", role: "pm", created_at: "" };
const roadmap: Roadmap = {
  id: 1, uid: "r1", name: "Checkout", team: "Payments", em_name: "Sam", pm_name: "Priya",
  director_name: "", head_of_product_name: "", created_at: "", archived: false,
};
const boot: Bootstrap = { profiles: [me], roadmaps: [roadmap], open_roadmap: 1, acting: me, data_file: "", dimensions: [], without_key: [], first_screen: null };

/** A window's backend over a file that may be damaged until a backup is restored. */
function fake(opts: { damaged?: boolean; backups?: BackupInfo[]; fail?: ErrorCode } = {}) {
  const calls: string[] = [];
  const state = { damaged: opts.damaged ?? false };
  const backend = {
    bootstrap: async () => {
      if (state.damaged) throw apiError("damaged_database", "accord.db is not a database");
      return boot;
    },
    hosting: async () => null,
    listItems: async () => (calls.push("listItems"), []),
    whenStates: async () => [],
    attention: async () => ({ proposals: [], awaiting_signature: [], lapsed: [], escalations: [], incomplete: [] }),
    listBackups: async () => opts.backups ?? [],
    backUpNow: async () => {
      if (opts.fail) throw apiError(opts.fail);
      return backup("2026-12-02T18:48:00Z", "manual", 1204, 1_258_291);
    },
    restoreBackup: async (path: string): Promise<Restored> => {
      calls.push(`restore ${path}`);
      if (opts.fail) throw apiError(opts.fail);
      const from = (opts.backups ?? []).find((x) => x.path === path)!;
      const wasDamaged = state.damaged;
      state.damaged = false;
      return wasDamaged
        ? { from, kept: null, set_aside: "/data/accord.damaged-2026-12-03.db" }
        : { from, kept: backup("2026-12-03T09:00:00Z", "before_restore"), set_aside: null };
    },
    showInFolder: async (path: string) => void calls.push(`show ${path}`),
  } as unknown as Backend;
  return { backend, calls, state };
}

describe("words for a backup", () => {
  it("names each kind as people say it", () => {
    expect(["daily", "manual", "before_upgrade", "before_restore"].map((k) => b.kindLabel(k as BackupInfo["kind"]))).toEqual([
      "Daily", "Made by you", "Before an upgrade", "Before a restore",
    ]);
  });

  it("says a size in the unit that reads best", () => {
    expect(b.humanSize(0)).toBe("0 bytes");
    expect(b.humanSize(1)).toBe("1 byte");
    expect(b.humanSize(1023)).toBe("1023 bytes");
    expect(b.humanSize(421_888)).toBe("412 KB");
    expect(b.humanSize(5 * 1024 + 40)).toBe("5 KB");
    expect(b.humanSize(1_258_291)).toBe("1.2 MB");
    expect(b.humanSize(48 * 1024 * 1024)).toBe("48 MB");
    // Just under a megabyte reads as one, never "1024 KB".
    expect(b.humanSize(1024 * 1024 - 10)).toBe("1 MB");
    expect(b.humanSize(3.5 * 1024 ** 3)).toBe("3.5 GB");
  });

  it("dates a backup in local time", () => {
    expect(b.formatWhen(new Date(2026, 11, 2, 18, 48))).toBe("2 Dec 2026, 18:48");
    expect(b.formatWhen(new Date(2027, 0, 9, 7, 5))).toBe("9 Jan 2027, 07:05");
    expect(b.backupDate({ taken_at: "2026-12-02T18:48:00Z" })).toBe(local("2026-12-02T18:48:00Z"));
    expect(b.backupDate({ taken_at: "not a date" })).toBe("not a date");
  });

  it("counts items", () => {
    expect([b.itemCount(1), b.itemCount(0), b.itemCount(1204)]).toEqual(["1 item", "0 items", "1,204 items"]);
  });

  it("offers the newest backup as the latest good one, whatever the order", () => {
    const list = [backup("2026-11-30T08:00:00Z"), backup("2026-12-02T18:48:00Z", "manual"), backup("2026-12-01T08:00:00Z")];
    expect(b.latestBackup(list)?.taken_at).toBe("2026-12-02T18:48:00Z");
    expect(b.newestFirst(list).map((x) => x.taken_at.slice(0, 10))).toEqual(["2026-12-02", "2026-12-01", "2026-11-30"]);
    expect(b.latestBackup([])).toBeNull();
  });

  it("says what a restore kept, or where it set a damaged file aside", () => {
    const from = backup("2026-12-02T18:48:00Z");
    const kept = backup("2026-12-03T09:00:00Z", "before_restore");
    expect(b.restoredText({ from, kept, set_aside: null })).toBe(
      `Restored the backup of ${local(from.taken_at)}. The roadmap as it was is kept as ${kept.file_name}.`,
    );
    expect(b.restoredText({ from, kept: null, set_aside: "C:\\Accord\\accord.damaged.db" })).toBe(
      `Restored the backup of ${local(from.taken_at)}. The damaged file is kept aside as accord.damaged.db.`,
    );
  });

  it("says a full disk or a read-only folder plainly, anything else with its code", () => {
    const err = (code: ErrorCode) => new BackendError(apiError(code, "disk I/O error"));
    expect(b.backupErrorText(err("disk_full"), "backup")).toBe("The disk is full: nothing was written. Free some space and try again.");
    expect(b.backupErrorText(err("read_only"), "backup")).toMatch(/^Accord's data folder is read-only: nothing was written\./);
    expect(b.backupErrorText(err("disk_full"), "restore")).toMatch(/^The disk is full: nothing was restored\./);
    expect(b.backupErrorText(err("storage"), "backup")).toBe("Could not back up: disk I/O error (storage)");
    expect(b.backupErrorText(err("not_found"), "restore")).toBe("Could not restore: disk I/O error (not_found)");
  });
});

describe("backing up now", () => {
  it("says when, how many items and how big, with the file one click away", async () => {
    const { backend, calls } = fake();
    const app = new AppState(backend);
    await b.backUpNow(app);
    expect(app.toasts).toHaveLength(1);
    expect(app.toasts[0]).toMatchObject({ kind: "info", text: `Backed up: ${local("2026-12-02T18:48:00Z")}, 1,204 items, 1.2 MB` });
    await app.toasts[0].action!.run();
    expect(calls).toEqual(["show /data/backups/accord-2026-12-02T18:48:00Z-manual.db"]);
  });

  it("says a full disk plainly", async () => {
    const app = new AppState(fake({ fail: "disk_full" }).backend);
    expect(await b.backUpNow(app)).toBeNull();
    expect(app.toasts[0]).toMatchObject({ kind: "error", text: "The disk is full: nothing was written. Free some space and try again." });
  });
});

describe("restoring a backup", () => {
  const list = [backup("2026-12-02T18:48:00Z", "manual", 40), backup("2026-12-01T08:00:00Z")];

  it("is not offered during a planning session", () => {
    const app = new AppState(fake().backend);
    app.joined = {} as never;
    b.askRestore(app);
    expect(app.restoreDialog).toBe(false);
    expect(app.toasts[0].text).toMatch(/^Leave the planning session first/);
    app.joined = null;
    app.hosting = {} as never;
    expect(b.restoreBlocked(app)).toMatch(/^Stop hosting/);
    app.hosting = null;
    b.askRestore(app);
    expect(app.restoreDialog).toBe(true);
  });

  it("reads everything again afterwards, with nothing of before carried over", async () => {
    const { backend, calls } = fake({ backups: list });
    const app = new AppState(backend);
    await app.load();
    [app.selectedId, app.selectedDecisionId] = [7, 3];
    const restores = app.restores;
    await b.restore(app, list[1]);
    expect(calls).toEqual(["listItems", `restore ${list[1].path}`, "listItems"]);
    expect([app.selectedId, app.selectedDecisionId, app.fatal]).toEqual([null, null, null]);
    expect(app.restores).toBe(restores + 1);
    expect(app.toasts.at(-1)?.text).toBe(
      `Restored the backup of ${local(list[1].taken_at)}. The roadmap as it was is kept as accord-2026-12-03T09:00:00Z-before_restore.db.`,
    );
  });

  it("opens the window normally after a restore from the damaged-file screen", async () => {
    const { backend } = fake({ damaged: true, backups: list });
    const app = new AppState(backend);
    await app.load();
    expect(app.fatal?.code).toBe("damaged_database");
    await b.restore(app, b.latestBackup(await backend.listBackups())!);
    expect(app.fatal).toBeNull();
    expect(app.roadmap?.id).toBe(1);
    expect(app.toasts.at(-1)?.text).toMatch(/The damaged file is kept aside as accord\.damaged-2026-12-03\.db\.$/);
  });

  it("stays on the fatal screen, with the new reason, when the restored file does not open either", async () => {
    const { backend, state } = fake({ damaged: true, backups: list });
    const app = new AppState(backend);
    await app.load();
    const first = app.fatal;
    backend.restoreBackup = async (path) => ({ from: list.find((x) => x.path === path)!, kept: null, set_aside: null });
    state.damaged = true;
    await b.restore(app, list[0]);
    expect(app.fatal?.code).toBe("damaged_database");
    expect(app.fatal).not.toBe(first);
  });

  it("leaves everything as it was when the core refuses", async () => {
    const { backend } = fake({ backups: list, fail: "read_only" });
    const app = new AppState(backend);
    await app.load();
    const restores = app.restores;
    await expect(b.restore(app, list[0])).rejects.toMatchObject({ code: "read_only" });
    expect(app.restores).toBe(restores);
    expect(app.toasts).toEqual([]);
  });
});
