// Backups in the real window: File → Back up now…, a change, File →
// Restore from a backup… brings the roadmap back as it was and keeps the
// file it replaced as a backup; a damaged file is refused with an offer to
// restore the latest backup, and kept aside.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Key } from "selenium-webdriver";
import { launch, find, findAll, ARTIFACTS, ROOT, scenario, type, click, gone, firstRun, screenshot } from "./harness.mjs";

const CLI = join(ROOT, "target/debug/accord");
let s;
after(async () => { await s?.quit(); });

/** Chooses a File menu item: the event the native menu sends (WebDriver cannot reach GTK's menu bar). */
async function menu(b, id) {
  await b.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "menu", payload: arguments[0] }).then(done, done);`,
    id,
  );
}

const titles = async (b) =>
  b.executeScript(`return [...document.querySelectorAll('[data-testid="item-row"] [data-testid="item-title"]')].map((e) => e.textContent.trim())`);

async function addItem(b, title) {
  // Enter adds it, whether or not the last item's panel is open over the list.
  await (await type(b, "new-item-title", title)).sendKeys(Key.ENTER);
  await b.wait(async () => (await titles(b)).includes(title), 5000, `${title} is listed`);
}

const backups = (dataDir) => JSON.parse(execFileSync(CLI, ["backups", "--json", "--data-dir", dataDir], { encoding: "utf8" }));

test("back up, change, restore: the change is gone and the replaced file is kept", async () => {
  s = await launch();
  const b = s.browser;
  await scenario(b, "backup-restore", async () => {
    await b.manage().window().setRect({ width: 1360, height: 860 });
    await firstRun(b, { name: "Priya Raman", role: "Product manager", passphrase: "priya signs here", roadmap: "Checkout 2027" });
    await find(b, "roadmap-empty");
    await addItem(b, "Checkout redesign");

    await menu(b, "back-up-now");
    const toast = await find(b, "toast-info");
    assert.match(await toast.getText(), /Backed up: .*, 1 item, /);
    await addItem(b, "Written after the backup");

    await menu(b, "restore-backup");
    await find(b, "restore-dialog");
    const rows = await b.wait(async () => {
      const r = await findAll(b, '[data-testid="backup-row"]');
      return r.length ? r : null;
    }, 5000, "the backups are listed");
    assert.match(await rows[0].getText(), /Made by you/, "newest first: the one just made");
    assert.match(await rows[0].getText(), /1 item/);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "restore-dialog.png"), await screenshot(b), "base64");

    // Cancel backs out; the list is still there and nothing changed.
    await rows[0].click();
    await find(b, "restore-confirmation");
    writeFileSync(join(ARTIFACTS, "restore-confirm.png"), await screenshot(b), "base64");
    await click(b, "restore-cancel");
    await gone(b, "restore-confirmation");
    assert.deepEqual(await titles(b), ["Checkout redesign", "Written after the backup"]);

    (await findAll(b, '[data-testid="backup-row"]'))[0].click();
    await click(b, "restore-confirm");
    await b.wait(() => b.executeScript(`return !document.querySelector('[data-testid="restore-dialog"]').open`), 10000, "the dialog closes");
    await b.wait(async () => (await titles(b)).length === 1, 10000, "the window reads the restored file");
    assert.deepEqual(await titles(b), ["Checkout redesign"]);
    await b.wait(async () => {
      const toasts = await findAll(b, '[data-testid="toast-info"]');
      const texts = await Promise.all(toasts.map((t) => t.getText()));
      return texts.some((t) => /Restored the backup of .*kept as accord-.*-before-restore\.db/s.test(t));
    }, 5000, "the restore says where the replaced file is kept");

    const kept = backups(s.dataDir).filter((x) => x.kind === "before_restore");
    assert.equal(kept.length, 1, "the file as it was is kept as a backup");
    assert.equal(kept[0].items, 2, "with the change the restore undid");
  });
});

test("a damaged file is refused untouched, kept aside, and the latest backup restored", async () => {
  const dataDir = s.dataDir;
  await s.quit();
  // The newest backup is the day's first (taken when the restored file opened).
  const latest = backups(dataDir)[0];
  writeFileSync(join(dataDir, "accord.db"), randomBytes(64 * 1024));
  s = await launch({ dataDir });
  const b = s.browser;
  await scenario(b, "damaged-database", async () => {
    await b.manage().window().setRect({ width: 1360, height: 860 });
    await find(b, "damaged-database");
    await find(b, "restore-latest");
    writeFileSync(join(ARTIFACTS, "damaged-database.png"), await screenshot(b), "base64");
    await click(b, "restore-latest");
    await b.wait(async () => (await findAll(b, '[data-testid="damaged-database"]')).length === 0, 10000, "the damaged screen goes");
    await click(b, "tab-roadmap");
    await b.wait(async () => (await titles(b)).length === latest.items, 10000, `the roadmap of the latest backup is back (${latest.items} items)`);
    assert.deepEqual(await titles(b), ["Checkout redesign"]);
    const aside = readdirSync(dataDir).filter((f) => /^accord\.db\.damaged-[0-9TZ]+$/.test(f));
    assert.equal(aside.length, 1, `the damaged file is kept aside: ${readdirSync(dataDir)}`);
  });
});
