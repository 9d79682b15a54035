// Both laptops carry the whole product. The EM hosts, the PM joins from
// her own window with the code and her passphrase; then, each from their
// own keyboard and with their own key: the PM accepts the EM's proposal on
// the why, both sign a when and see it agreed, the EM changes it and both
// see it lapsed with the reason; the PM creates a shared decision that
// both sign, a second one is escalated with each position written on its
// own laptop, and both sign a baseline. The PM leaves: the roadmap stays
// readable on her laptop and she exports its PDF there, which `accord
// verify` passes on both machines, naming both signers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, find, findAll, scenario, type, click, firstRun, ARTIFACTS, ROOT, chooseValue as choose, screenshot } from "./harness.mjs";

const EM_PASS = "sam signs here";
const PM_PASS = "priya signs here";
const CLI = process.env.ACCORD_CLI ?? join(ROOT, "target/debug/accord");
const WHY = "Returning shoppers abandon at the card form; saved cards lift repeat conversion.";

const text = (b, el) => b.executeScript("return arguments[0].textContent", el);
const bodyText = (b) => b.executeScript("return document.body.innerText");
const shot = async (b, name) => {
  await b.sleep(300);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), await screenshot(b), "base64");
};
const attribute = (b, testid, name, expected, what) =>
  b.wait(async () => {
    const els = await findAll(b, `[data-testid="${testid}"]`);
    return els.length > 0 && (await els[0].getAttribute(name)) === expected;
  }, 15000, what ?? `${testid} ${name}=${expected}`);
const escape = (b) => b.actions().sendKeys("\uE00C").perform();
const openItem = (b) => b.executeScript(`document.querySelector('[data-testid="item-row"]').click()`);

async function signHere(b, signTestid, passphrase) {
  await click(b, signTestid);
  await type(b, "sign-passphrase", passphrase);
  await click(b, "sign-submit");
}


async function newDecision(b, title, outcome) {
  await click(b, "tab-decisions");
  await click(b, "new-decision");
  await choose(b, "decision-kind", "shared");
  await choose(b, "decision-topic", "timeline");
  await type(b, "decision-title", title);
  await type(b, "decision-context", "Marketing has booked the campaign for October.");
  await type(b, "decision-options", "October\nNovember");
  await type(b, "decision-outcome", outcome);
  await click(b, "decision-create");
  await b.wait(async () => (await text(b, await find(b, "decision-detail"))).includes(title), 15000, `${title} shown`);
}

async function openDecision(b, title) {
  await click(b, "tab-decisions");
  await b.wait(async () => {
    for (const row of await findAll(b, '[data-testid="decision-row"]')) {
      if ((await text(b, row)).includes(title)) { await row.click(); return true; }
    }
    return false;
  }, 15000, `the decision “${title}” is listed`);
  await b.wait(async () => (await text(b, await find(b, "decision-detail"))).includes(title), 15000);
}

async function writePosition(b, role, position) {
  await type(b, "position-text", position);
  await type(b, "position-understanding", "The other side needs the date to hold for the launch campaign.");
  await type(b, "position-compromises", "Ship the admin screens a month later.");
  await click(b, "position-save");
  await b.wait(async () => (await (await find(b, `position-${role}`)).getText()).includes(position), 15000);
}

function verify(pdf, dataDir) {
  const run = spawnSync(CLI, ["--data-dir", dataDir, "verify", pdf], { encoding: "utf8" });
  return { code: run.status, out: run.stdout + run.stderr };
}

test("each partner signs, decides and escalates from their own laptop; the PM keeps the meeting and its PDF verifies on both", async () => {
  const pdfDir = mkdtempSync(join(tmpdir(), "accord-both-"));
  const hostPdf = join(pdfDir, "host.pdf");
  const guestPdf = join(pdfDir, "guest.pdf");
  const host = await launch({ env: { ACCORD_SAVE_TO: hostPdf } });
  const guest = await launch({ env: { ACCORD_SAVE_TO: guestPdf } });
  const h = host.browser;
  const g = guest.browser;
  try {
    await scenario(g, "both-laptops", async () => {
      await h.manage().window().setRect({ width: 1360, height: 860 });
      await g.manage().window().setRect({ width: 1360, height: 860 });
      await firstRun(h, { name: "Sam Okafor", role: "Engineering manager", passphrase: EM_PASS, roadmap: "Checkout 2027", team: "Payments" });
      await type(h, "new-item-title", "Checkout redesign");
      await click(h, "new-item-submit");
      await find(h, "item-panel");
      // The EM proposes a why (the PM's to write), and sets the when.
      await click(h, "dim-why-propose");
      await type(h, "dim-why-proposal-input", WHY);
      await click(h, "dim-why-proposal-submit");
      await find(h, "proposal");
      await type(h, "dim-when-input", "Beta by 2027-Q1");
      await click(h, "dim-when-save");
      await escape(h);
      await click(h, "session-open");
      await click(h, "session-host");
      const code = (await text(h, await find(h, "session-code"))).replace(/\s/g, "");
      const address = (await h.executeScript(
        `return [...document.querySelectorAll('[data-testid="session-address"]')].map((e) => e.textContent)`,
      )).find((a) => a.startsWith("127.0.0.1:"));
      await escape(h);

      await firstRun(g, { name: "Priya Raman", role: "Product manager", passphrase: PM_PASS, roadmap: "Priya's drafts" });
      await click(g, "session-open");
      await click(g, "session-mode-join");
      await type(g, "join-address", address);
      await type(g, "join-code", code);
      await type(g, "join-passphrase", PM_PASS);
      await click(g, "join-submit");
      await g.wait(async () => (await text(g, await find(g, "roadmap-title"))) === "Checkout 2027", 20000, "joined");

      // The host sees who joined: her name, role and key fingerprint, new here.
      await click(h, "session-open");
      await h.wait(async () => (await bodyText(h)).includes("first time"), 10000, "the new key is shown as such");
      assert.match(await text(h, await find(h, "session-person-key")), /key [0-9a-f]{4} [0-9a-f]{4}/);
      await shot(h, "both-host-session.png");
      await escape(h);

      // 1. The PM accepts the EM's proposal on the why, from her window.
      await openItem(g);
      await (await find(g, "proposal-accept")).click();
      await openItem(h);
      await h.wait(async () => (await text(h, await find(h, "dim-why-readonly"))).includes(WHY), 15000, "the accepted why in the host's window");

      // 2. Each signs the when from their own window; both show Agreed.
      await signHere(h, "sign-when", EM_PASS);
      await attribute(h, "when-signoff", "data-status", "open", "the EM signed; waiting for the PM");
      await signHere(g, "sign-when", PM_PASS);
      await attribute(g, "when-signoff", "data-status", "agreed", "agreed in the PM's window");
      await attribute(h, "when-signoff", "data-status", "agreed", "agreed in the EM's window");

      // 3. The EM moves it: both windows show it lapsed, and why.
      await type(h, "dim-when-input", "Beta by 2027-Q2");
      await click(h, "dim-when-save");
      await attribute(h, "when-signoff", "data-status", "lapsed", "lapsed in the EM's window");
      await attribute(g, "when-signoff", "data-status", "lapsed", "lapsed in the PM's window");
      assert.match(await text(g, await find(g, "lapse-reason")), /Sam Okafor \(EM\) changed When/);
      await escape(g);
      await escape(h);

      // 4. The PM creates a shared decision, and both sign it.
      await newDecision(g, "Launch date for the new checkout", "Launch in October");
      await signHere(g, "sign-decision", PM_PASS);
      await openDecision(h, "Launch date for the new checkout");
      await signHere(h, "sign-decision", EM_PASS);
      await attribute(h, "decision-detail", "data-status", "agreed", "agreed on the host");
      await attribute(g, "decision-detail", "data-status", "agreed", "agreed in the PM's window");

      // 5. A second one is escalated, each position written on its own laptop.
      await newDecision(g, "Admin screens in the first release", "Ship them with the launch");
      await writePosition(g, "pm", "Ship them: support needs them on day one.");
      await openDecision(h, "Admin screens in the first release");
      await writePosition(h, "em", "Later: the migration cannot be rushed.");
      await openDecision(g, "Admin screens in the first release");
      await g.wait(async () => (await (await find(g, "position-em")).getText()).includes("migration"), 15000, "the EM's position reaches the PM");
      await click(g, "escalate");
      await type(g, "escalate-director", "Dana Okafor");
      await type(g, "escalate-head", "Hugo Lind");
      await click(g, "escalate-submit");
      await attribute(g, "decision-detail", "data-status", "escalated");
      await attribute(h, "decision-detail", "data-status", "escalated", "escalated on the host");
      await shot(g, "both-guest-decisions.png");

      // 6. Both sign a baseline.
      await click(g, "tab-baselines");
      await type(g, "baseline-name", "Q1 plan");
      await type(g, "baseline-passphrase", PM_PASS);
      await click(g, "baseline-create");
      await find(g, "baseline-row");
      await click(h, "tab-baselines");
      await find(h, "baseline-row", 15000);
      await click(h, "baseline-sign");
      await type(h, "baseline-sign-passphrase", EM_PASS);
      await click(h, "baseline-sign-submit");
      await attribute(h, "baseline-row", "data-status", "agreed", "the baseline is agreed on the host");
      await attribute(g, "baseline-row", "data-status", "agreed", "the baseline is agreed in the PM's window");
      await shot(g, "both-guest-baselines.png");

      // 7. The PM leaves; the host's roadmap stays readable on her laptop, and she exports its PDF there.
      await click(g, "session-open");
      await click(g, "session-leave");
      await click(g, "session-leave-confirm");
      await g.wait(async () => (await text(g, await find(g, "roadmap-title"))) === "Priya's drafts", 15000, "her own roadmap again");
      await click(g, "session-open");
      await click(g, "session-mode-join");
      await click(g, "session-kept");
      await find(g, "kept-banner");
      await g.wait(async () => (await text(g, await find(g, "roadmap-title"))) === "Checkout 2027", 15000, "the kept copy");
      await click(g, "tab-matrix");
      await g.wait(async () => (await bodyText(g)).includes(WHY), 15000, "the kept matrix reads as last seen");
      await shot(g, "both-guest-kept.png");
      await click(g, "kept-export");
      await g.wait(() => existsSync(guestPdf), 60000, "the PDF is written on the PM's laptop");
      await click(h, "export-pdf");
      await h.wait(() => existsSync(hostPdf), 60000, "the PDF is written on the EM's laptop");
    });

    // 8. `accord verify` passes on both machines and names both signers.
    for (const [pdf, dataDir, machine] of [[guestPdf, guest.dataDir, "the PM's"], [hostPdf, host.dataDir, "the EM's"]]) {
      const text = execFileSync("pdftotext", [pdf, "-"]).toString();
      assert.ok(text.includes("SIGNED OFF"), `${machine} PDF is signed off`);
      const { code, out } = verify(pdf, dataDir);
      assert.equal(code, 0, `${machine} verify: ${out}`);
      assert.match(out, /Sam Okafor/, out);
      assert.match(out, /Priya Raman/, out);
    }
  } finally {
    await guest.quit();
    await host.quit();
  }
});
