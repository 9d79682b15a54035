// Seeing the roadmap in time and bringing one in, in the real window: a
// Jira CSV imported through the dialog with its preview checked first,
// switching roadmaps (and the window reopening the last one), the timeline
// with items in their quarters and a dependency arrow, and dragging an
// agreed item to the next quarter, which lapses the agreement with the reason.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { launch, find, findAll, ARTIFACTS, scenario, type, click, actAs, firstRun, addPerson, screenshot } from "./harness.mjs";

const EM_PASS = "marco signs here";
const PM_PASS = "priya signs here";
const JIRA = resolve("../fixtures/import/jira-all-fields.csv");

let s;
after(async () => { await s?.quit(); });

async function shot(b, name) {
  await b.sleep(300);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${name}.png`), await screenshot(b), "base64");
}

async function status(b, expected) {
  await b.wait(async () => (await (await find(b, "when-signoff")).getAttribute("data-status")) === expected, 8000,
    `sign-off should be ${expected}`);
}

async function signAs(b, role, passphrase) {
  await actAs(b, role);
  await click(b, "sign-when");
  await type(b, "sign-passphrase", passphrase);
  await click(b, "sign-submit");
  await b.wait(async () => (await (await find(b, `signature-${role}`)).getAttribute("class")).includes("current"), 8000);
}

/** All the text in an element, also where it is cut off by an ellipsis. */
async function textOf(b, testid) {
  return b.executeScript("return arguments[0].textContent", await find(b, testid));
}

async function title(b) {
  return (await textOf(b, "roadmap-title")).trim();
}

async function switchTo(b, name) {
  await click(b, "roadmap-switcher");
  await find(b, "roadmap-option");
  for (const option of await findAll(b, '[data-testid="roadmap-option"]')) {
    const text = await b.executeScript("return arguments[0].textContent", option);
    if (text.includes(name)) { await option.click(); break; }
  }
  await b.wait(async () => (await title(b)) === name, 8000, `the open roadmap should be ${name}`);
}

/** A card's cell on the timeline. */
async function cellOf(b, itemTitle) {
  return b.executeScript(`
    const card = [...document.querySelectorAll('[data-testid="timeline-card"]')].find(c => c.textContent.includes(arguments[0]));
    return card ? card.closest('[data-testid="timeline-cell"]')?.dataset.quarter ?? "tray" : null;`, itemTitle);
}

test("a Jira CSV is imported after its preview; roadmaps switch; the timeline places items and a drag lapses an agreement", async () => {
  s = await launch({ env: { ACCORD_IMPORT_FROM: JIRA } });
  const b = s.browser;
  await scenario(b, "timeline-import", async () => {
    await b.manage().window().setRect({ width: 1400, height: 880 });
    await firstRun(b, { name: "Marco Keller", role: "Engineering manager", passphrase: EM_PASS, roadmap: "Checkout 2027" });
    await addPerson(b, { name: "Priya Raman", role: "Product manager", passphrase: PM_PASS });

    // An agreed item on the first roadmap.
    await actAs(b, "pm");
    await type(b, "new-item-title", "Saved cards");
    await click(b, "new-item-submit");
    await find(b, "item-panel");
    await type(b, "dim-when-input", "2027-Q1");
    await click(b, "dim-when-save");
    await b.wait(async () => (await (await find(b, "dim-when-current")).getText()).includes("2027-Q1"), 8000);
    await signAs(b, "pm", PM_PASS);
    await signAs(b, "em", EM_PASS);
    await status(b, "agreed");

    // The timeline places it in its quarter with the agreed tick; dragging it to the next quarter lapses it.
    await click(b, "tab-timeline");
    await find(b, "timeline");
    await b.wait(async () => (await cellOf(b, "Saved cards")) === "2027-Q1", 8000, "Saved cards sits in 2027-Q1");
    assert.equal((await findAll(b, '[data-testid="timeline-agreed"]')).length, 1);
    await b.executeScript(`
      const card = [...document.querySelectorAll('[data-testid="timeline-card"]')].find(c => c.textContent.includes("Saved cards"));
      const cell = [...document.querySelectorAll('[data-testid="timeline-cell"]')].find(c => c.dataset.quarter === "2027-Q2");
      const data = new DataTransfer();
      card.dispatchEvent(new DragEvent("dragstart", { bubbles: true, dataTransfer: data }));
      cell.dispatchEvent(new DragEvent("dragover", { bubbles: true, cancelable: true, dataTransfer: data }));
      cell.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: data }));
      card.dispatchEvent(new DragEvent("dragend", { bubbles: true, dataTransfer: data }));`);
    await b.wait(async () => (await cellOf(b, "Saved cards")) === "2027-Q2", 8000, "the drop moves it to 2027-Q2");
    assert.equal((await findAll(b, '[data-testid="timeline-agreed"]')).length, 0, "the tick is gone");
    await b.wait(async () => {
      for (const t of await findAll(b, '[data-testid="toast-info"]')) if (/lapsed/.test(await t.getText())) return true;
      return false;
    }, 8000, "a toast says the agreement lapsed");
    // Its panel (still open) says who lapsed it, and how.
    await status(b, "lapsed");
    const reason = await (await find(b, "lapse-reason")).getText();
    assert.match(reason, /Marco Keller \(EM\) changed When/);
    assert.match(reason, /2027-Q1.*→.*2027-Q2/s);

    // The keyboard does the same: Alt+→ moves the focused card on a quarter.
    await b.executeScript(`[...document.querySelectorAll('[data-testid="timeline-card"]')].find(c => c.textContent.includes("Saved cards")).focus()`);
    await b.actions().keyDown("\uE00A").sendKeys("\uE014").keyUp("\uE00A").perform();
    await b.wait(async () => (await cellOf(b, "Saved cards")) === "2027-Q3", 8000, "Alt+→ moves it to 2027-Q3");

    // Import a Jira export as the EM: the preview first, nothing written until confirmed.
    await actAs(b, "em");
    await click(b, "roadmap-switcher");
    await click(b, "roadmap-import");
    await find(b, "import-dialog");
    await click(b, "import-choose");
    const preview = await find(b, "import-preview", 15000);
    const columns = await textOf(b, "import-columns");
    assert.match(columns, /Summary/);
    assert.match(columns, /Outward issue link \(Blocks\)/);
    assert.match(await textOf(b, "import-counts"), /6\s*items/i);
    const changes = await textOf(b, "import-changes");
    assert.match(changes, /Proposal/i, "what the PM owns becomes proposals");
    assert.ok(await preview.isDisplayed());
    await shot(b, "import-preview");
    assert.equal(await title(b), "Checkout 2027", "nothing is imported before confirming");
    await click(b, "import-confirm");
    await b.wait(async () => (await title(b)) === "jira-all-fields", 20000, "the imported roadmap opens");

    // Its timeline: items in their quarters, and a dependency arrow.
    await click(b, "tab-timeline");
    await b.wait(async () => (await cellOf(b, "Checkout redesign")) === "2025-Q3", 8000, "the epic sits in its due quarter");
    await b.wait(async () => (await findAll(b, '[data-testid="timeline-arrow"]')).length > 0, 8000, "a dependency arrow");
    await shot(b, "timeline");

    // Switching roadmaps, and the window reopens the last one.
    await switchTo(b, "Checkout 2027");
    await switchTo(b, "jira-all-fields");
  });
  const dataDir = s.dataDir;
  await s.quit();
  s = await launch({ dataDir });
  await scenario(s.browser, "timeline-import-reopen", async () => {
    await s.browser.wait(async () => (await title(s.browser)) === "jira-all-fields", 10000, "the last roadmap reopens");
  });
});
