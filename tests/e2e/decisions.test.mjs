// Shared decisions and baselines in the real window: the partners write
// their positions, escalate a decision they cannot agree on, the director
// resolves it with their own key; both sign a baseline, an item changes,
// and the diff shows the change.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, find, findAll, ARTIFACTS, scenario, type, click, gone, actAs, firstRun, addPerson, chooseValue as choose, screenshot } from "./harness.mjs";

const PM_PASS = "priya signs here";
const EM_PASS = "marco signs here";
const DIRECTOR_PASS = "dana decides here";

let s;
before(async () => { s = await launch(); });
after(async () => { await s?.quit(); });

async function attribute(b, testid, name, expected) {
  await b.wait(
    async () => (await (await find(b, testid)).getAttribute(name)) === expected,
    8000,
    `${testid} should have ${name}=${expected}`,
  );
}


async function shot(b, name) {
  await b.sleep(400);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${name}.png`), await screenshot(b), "base64");
}

async function writePosition(b, role, position) {
  await actAs(b, role);
  await type(b, "position-text", position);
  await type(b, "position-understanding", "The other side needs the date to hold for the launch campaign.");
  await type(b, "position-compromises", "Ship the admin screens a month later; or cut saved cards.");
  await click(b, "position-save");
  await b.wait(async () => (await (await find(b, `position-${role}`)).getText()).includes(position), 8000);
}

test("a decision is escalated and resolved; a signed baseline shows what changed since", async () => {
  const b = s.browser;
  await scenario(b, "decisions", async () => {
    await b.manage().window().setRect({ width: 1360, height: 860 });
    await firstRun(b, { name: "Priya Raman", role: "Product manager", passphrase: PM_PASS, roadmap: "Checkout 2027" });
    await addPerson(b, { name: "Marco Keller", role: "Engineering manager", passphrase: EM_PASS });
    await actAs(b, "pm");

    // Each partner's public identity, to recognise their signatures elsewhere.
    await click(b, "identity-open");
    const identity = await (await find(b, "identity-export")).getAttribute("value");
    assert.match(identity, /"format": "accord.identity.v1"/);
    assert.match(identity, /"name": "Priya Raman"/);
    const fingerprint = await (await find(b, "identity-fingerprint")).getAttribute("textContent");
    assert.ok(identity.includes(fingerprint), "the fingerprint shown is the exported one");
    await b.actions().sendKeys("\uE00C").perform(); // Escape closes the dialog

    for (const [n, title] of ["Checkout redesign", "Saved cards"].entries()) {
      await type(b, "new-item-title", title);
      await click(b, "new-item-submit");
      await b.wait(async () => (await findAll(b, '[data-testid="item-row"]')).length === n + 1, 5000);
      await click(b, "panel-close");
      await gone(b, "item-panel");
    }

    // A shared decision the two cannot agree on.
    await click(b, "tab-decisions");
    await click(b, "new-decision");
    await choose(b, "decision-kind", "shared");
    await choose(b, "decision-topic", "timeline");
    await type(b, "decision-title", "Launch date for the new checkout");
    await type(b, "decision-context", "Marketing has booked the campaign for October.");
    await type(b, "decision-options", "October with everything\nOctober without admin screens\nNovember");
    await type(b, "decision-outcome", "Launch everything in October");
    await click(b, "decision-create");
    await attribute(b, "decision-detail", "data-status", "proposed");

    // Escalation waits for both sides' positions.
    await writePosition(b, "pm", "October: the campaign is booked and paid for.");
    assert.equal(await (await find(b, "escalate")).isEnabled(), false, "one position is not enough");
    await writePosition(b, "em", "November: the payments migration cannot be rushed.");
    await click(b, "escalate");
    await type(b, "escalate-director", "Dana Okafor");
    await type(b, "escalate-head", "Hugo Lind");
    await click(b, "escalate-submit");
    await attribute(b, "decision-detail", "data-status", "escalated");
    await attribute(b, "escalation", "data-resolved", "false");

    // The director resolves it here, signing with their own key.
    await addPerson(b, { name: "Dana Okafor", role: "Director of engineering", passphrase: DIRECTOR_PASS });
    await actAs(b, "director_of_engineering");
    await type(b, "resolve-outcome", "Launch in November; the campaign moves two weeks.");
    await type(b, "resolve-passphrase", DIRECTOR_PASS);
    await click(b, "resolve-submit");
    await attribute(b, "escalation", "data-resolved", "true");
    await attribute(b, "decision-detail", "data-status", "agreed");
    await b.executeScript(`document.querySelector('[data-testid="decision-detail"]').scrollIntoView({ block: "start" })`);
    await shot(b, "decision-resolved-top");
    await b.executeScript(`document.querySelector('[data-testid="escalation"]').scrollIntoView({ block: "center" })`);
    const escalation = await (await find(b, "escalation")).getText();
    assert.match(escalation, /Dana Okafor/);
    assert.match(escalation, /November/);
    await shot(b, "decision-escalation-resolved");

    // Both partners sign a baseline.
    await actAs(b, "pm");
    await click(b, "tab-baselines");
    await type(b, "baseline-name", "Q1 plan");
    await type(b, "baseline-passphrase", PM_PASS);
    await click(b, "baseline-create");
    await attribute(b, "baseline-row", "data-status", "open");
    await actAs(b, "em");
    await click(b, "baseline-sign");
    await type(b, "baseline-sign-passphrase", EM_PASS);
    await click(b, "baseline-sign-submit");
    await attribute(b, "baseline-row", "data-status", "agreed");
    assert.equal((await findAll(b, '[data-testid="diff-change"]')).length, 0, "nothing changed yet");

    // An item changes; the diff against the baseline shows it.
    await click(b, "tab-roadmap");
    await (await findAll(b, '[data-testid="item-row"]'))[1].click();
    await type(b, "dim-how-input", "Tokenise cards with the payments provider.");
    await click(b, "dim-how-save");
    await b.wait(async () => (await (await find(b, "dim-how-input")).getAttribute("value")) !== null, 2000);
    await b.actions().sendKeys("\uE00C").perform();
    await click(b, "tab-baselines");
    await b.wait(async () => (await findAll(b, '[data-testid="diff-change"][data-field="how"]')).length === 1, 8000,
      "the diff should show the changed how");
    const change = await (await find(b, "baseline-diff")).getText();
    assert.match(change, /Saved cards/);
    assert.match(change, /Tokenise cards/);
    await shot(b, "baseline-diff");
  });
});
