// Backups of this machine's database, as the window shows them. The core
// takes, lists and restores them; this only words them and asks it.
import { BackendError } from "../backend";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { BackupKind } from "../bindings/BackupKind";
import type { Restored } from "../bindings/Restored";
import type { AppState } from "./app.svelte";

const kindLabels: Record<BackupKind, string> = {
  daily: "Daily",
  manual: "Made by you",
  before_upgrade: "Before an upgrade",
  before_restore: "Before a restore",
};

export function kindLabel(kind: BackupKind): string {
  return kindLabels[kind] ?? kind;
}

const UNITS = ["KB", "MB", "GB", "TB"];
// One decimal while it says something (1.2 MB), none above ten (412 KB).
const rounded = (n: number) => (n < 10 ? Math.round(n * 10) / 10 : Math.round(n));

/** A file's size as people read it: "412 KB", "1.2 MB". */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${Math.max(0, Math.round(bytes))} bytes`;
  let n = bytes / 1024;
  let u = 0;
  // 1023.97 KB would read "1024 KB": say it in the next unit up.
  while (u < UNITS.length - 1 && rounded(n) >= 1024) {
    n /= 1024;
    u++;
  }
  return `${rounded(n)} ${UNITS[u]}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A moment in local time, "2 Dec 2026, 18:48". Spelled out rather than left
 * to Intl, whose month names and separators change with the ICU version.
 */
export function formatWhen(d: Date): string {
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** When a backup was taken, in local time (its `taken_at` is UTC). */
export function backupDate(b: Pick<BackupInfo, "taken_at">): string {
  const d = new Date(b.taken_at);
  return Number.isNaN(d.getTime()) ? b.taken_at : formatWhen(d);
}

export function itemCount(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "item" : "items"}`;
}

const takenAt = (b: BackupInfo) => Date.parse(b.taken_at) || 0;

/** Newest first, whatever order they came in. */
export function newestFirst(backups: readonly BackupInfo[]): BackupInfo[] {
  return backups.slice().sort((a, b) => takenAt(b) - takenAt(a));
}

/** The backup offered first when the file cannot be opened: the newest one. */
export function latestBackup(backups: readonly BackupInfo[]): BackupInfo | null {
  return newestFirst(backups)[0] ?? null;
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

export function backedUpText(b: BackupInfo): string {
  return `Backed up: ${backupDate(b)}, ${itemCount(b.items)}, ${humanSize(b.bytes)}`;
}

export function restoredText(r: Restored): string {
  const first = `Restored the backup of ${backupDate(r.from)}.`;
  if (r.kept) return `${first} The roadmap as it was is kept as ${r.kept.file_name}.`;
  if (r.set_aside) return `${first} The damaged file is kept aside as ${fileName(r.set_aside)}.`;
  return first;
}

/**
 * A failed backup or restore, in plain words. A full disk or a read-only
 * folder is something the person can fix, so it is said without the code.
 */
export function backupErrorText(e: BackendError, doing: "backup" | "restore"): string {
  const outcome = doing === "backup" ? "nothing was written" : "nothing was restored";
  switch (e.code) {
    case "disk_full":
      return `The disk is full: ${outcome}. Free some space and try again.`;
    case "read_only":
      return `Accord's data folder is read-only: ${outcome}. Check that it can be written to and try again.`;
    default:
      return `${doing === "backup" ? "Could not back up" : "Could not restore"}: ${e.message} (${e.code})`;
  }
}

/** Where the dialog is not offered, and why: a restore replaces the file a session is using. */
export function restoreBlocked(app: Pick<AppState, "joined" | "hosting">): string | null {
  if (app.joined) return "Leave the planning session first: a restore replaces this machine's roadmap file.";
  if (app.hosting) return "Stop hosting the planning session first: a restore replaces the roadmap file it is using.";
  return null;
}

/** Opens the restore dialog (File → Restore from a backup…), or says why not. */
export function askRestore(app: AppState) {
  const why = restoreBlocked(app);
  if (why) app.info(why);
  else app.restoreDialog = true;
}

let backingUp = false;

/** File → Back up now…: one copy at a time, said in a toast either way. */
export async function backUpNow(app: AppState): Promise<BackupInfo | null> {
  if (backingUp) return null;
  backingUp = true;
  try {
    const b = await app.backend.backUpNow();
    app.info(backedUpText(b), { label: "Show in folder", run: () => app.backend.showInFolder(b.path) });
    return b;
  } catch (raw) {
    app.error(backupErrorText(BackendError.from(raw), "backup"));
    return null;
  } finally {
    backingUp = false;
  }
}

/**
 * Brings a backup back and reads everything again from it; throws when the
 * core refused, with nothing changed, so the caller can say so where asked.
 */
export async function restore(app: AppState, backup: BackupInfo): Promise<Restored> {
  const restored = await app.backend.restoreBackup(backup.path);
  await app.reloadAll();
  const keptAt = restored.kept?.path ?? restored.set_aside;
  app.info(restoredText(restored), keptAt ? { label: "Show in folder", run: () => app.backend.showInFolder(keptAt) } : undefined);
  return restored;
}
