// The roadmap PDF from the real window: export a signed-off roadmap (the
// save dialog answered through ACCORD_SAVE_TO), read it with pdftotext,
// verify it in the app (ACCORD_OPEN_FROM), then change the roadmap: the
// next export is a DRAFT, and says so.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, find, findAll, ARTIFACTS, scenario, type, click, gone, actAs, firstRun, addPerson, screenshot } from "./harness.mjs";

const PM_PASS = "priya signs here";
const EM_PASS = "marco signs here";
const out = join(mkdtempSync(join(tmpdir(), "accord-pdf-")), "Checkout 2027 roadmap.pdf");

let s;
before(async () => { s = await launch({ env: { ACCORD_SAVE_TO: out, ACCORD_OPEN_FROM: out } }); });
after(async () => { await s?.quit(); });

async function attribute(b, testid, name, expected, ms = 60000) {
  await b.wait(async () => (await (await find(b, testid, ms)).getAttribute(name)) === expected, ms,
    `${testid} should have ${name}=${expected}`);
}

async function exportPdf(b) {
  rmSync(out, { force: true });
  await click(b, "export-pdf");
  await find(b, "pdf-exported", 120000);
  assert.ok(existsSync(out), "the PDF was written where the dialog said");
  return execFileSync("pdftotext", ["-layout", out, "-"]).toString();
}

test("a signed-off roadmap exports as a PDF that verifies; after a change it is a draft", async () => {
  const b = s.browser;
  await scenario(b, "pdf", async () => {
    await b.manage().window().setRect({ width: 1360, height: 860 });
    await firstRun(b, { name: "Priya Raman", role: "Product manager", passphrase: PM_PASS, roadmap: "Checkout 2027" });
    await addPerson(b, { name: "Marco Keller", role: "Engineering manager", passphrase: EM_PASS });
    await actAs(b, "pm");
    await type(b, "new-item-title", "Checkout redesign");
    await click(b, "new-item-submit");
    await type(b, "dim-what-input", "One-page checkout with saved cards.");
    await click(b, "dim-what-save");
    await b.sleep(300);
    await click(b, "panel-close");
    await gone(b, "item-panel");

    await click(b, "tab-baselines");
    await type(b, "baseline-name", "Q1 plan");
    await type(b, "baseline-passphrase", PM_PASS);
    await click(b, "baseline-create");
    await actAs(b, "em");
    await click(b, "baseline-sign");
    await type(b, "baseline-sign-passphrase", EM_PASS);
    await click(b, "baseline-sign-submit");
    await attribute(b, "baseline-row", "data-status", "agreed", 8000);

    const text = await exportPdf(b);
    await attribute(b, "pdf-exported", "data-signed-off", "true");
    assert.match(text, /Checkout 2027/);
    assert.match(text, /Checkout redesign/);
    assert.match(text, /Priya Raman/);
    assert.match(text, /Marco Keller/);
    assert.doesNotMatch(text, /DRAFT/);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "pdf-exported.png"), await screenshot(b), "base64");
    await click(b, "pdf-close");

    await click(b, "verify-pdf");
    await attribute(b, "pdf-verdict", "data-verdict", "signed_off");
    const checks = await findAll(b, '[data-testid="pdf-check"]');
    assert.ok(checks.length >= 4, "each check is listed");
    for (const c of checks) assert.equal(await c.getAttribute("data-passed"), "true");
    writeFileSync(join(ARTIFACTS, "pdf-verified.png"), await screenshot(b), "base64");
    await click(b, "pdf-close");

    // A change after signing: the export is a draft, on every page.
    await click(b, "tab-roadmap");
    await (await findAll(b, '[data-testid="item-row"]'))[0].click();
    await type(b, "dim-how-input", "Tokenise cards with the provider.");
    await click(b, "dim-how-save");
    await b.sleep(300);
    await click(b, "panel-close");
    await click(b, "tab-baselines");
    const draft = await exportPdf(b);
    await attribute(b, "pdf-exported", "data-signed-off", "false");
    assert.match(draft, /DRAFT/);
    assert.match(draft, /Tokenise cards/);
    await click(b, "pdf-close");
    await click(b, "verify-pdf");
    await attribute(b, "pdf-verdict", "data-verdict", "draft");
  });
});
