// Planning with substance in the real window, the two partners at one
// screen: goals and links, RICE beside the PM's rank, the EM's reorder as
// a proposal, tech debt committed only once framed, a signed capacity
// share, the health check answered blind, a comment that lapses nothing
// and Ctrl+Z.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Key } from "selenium-webdriver";
import {
  launch, find, findAll, ARTIFACTS, scenario, type, click, gone, actAs, firstRun, addPerson, chooseValue as choose, screenshot,
} from "./harness.mjs";

const PM_PASS = "priya signs here";
const EM_PASS = "marco signs here";

let s;
before(async () => { s = await launch(); });
after(async () => { await s?.quit(); });

async function shot(b, name) {
  await b.sleep(400);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${name}.png`), await screenshot(b), "base64");
}

async function titles(b) {
  return b.executeScript(
    `return [...document.querySelectorAll('[data-testid="item-title"]')].map((e) => e.textContent.trim())`,
  );
}

async function attribute(b, testid, name, expected) {
  await b.wait(
    async () => (await (await find(b, testid)).getAttribute(name)) === expected,
    8000,
    `${testid} should have ${name}=${expected}`,
  );
}

async function openItem(b, title) {
  await click(b, "tab-roadmap");
  await b.wait(async () => (await titles(b)).includes(title), 5000, `${title} should be listed`);
  const at = (await titles(b)).indexOf(title);
  await (await findAll(b, '[data-testid="item-row"]'))[at].click();
  const shown = `return document.querySelector('[data-testid="panel-title"]')?.textContent ?? ""`;
  await b.wait(async () => (await b.executeScript(shown)).includes(title), 5000, `the panel should show ${title}`);
}

async function closeItem(b) {
  await click(b, "panel-close");
  await gone(b, "item-panel");
}

async function toast(b, pattern) {
  await b.wait(async () => {
    const texts = await b.executeScript(
      `return [...document.querySelectorAll('[data-testid^="toast"]')].map((e) => e.textContent)`,
    );
    return texts.some((t) => pattern.test(t));
  }, 8000, `a toast matching ${pattern}`);
}

async function setNumber(b, field, value) {
  await type(b, `planning-${field}-input`, String(value));
  await click(b, `planning-${field}-save`);
  await gone(b, `planning-${field}-save`);
}

/** How many history lines the open item's History tab counts. */
async function historyCount(b) {
  const text = await b.executeScript(`return document.querySelector('[data-testid="tab-history"]')?.textContent ?? ""`);
  return Number(text.replace(/[^0-9]/g, "") || 0);
}

/** Picks a value that saves at once, and waits until it is saved. */
async function chooseAndSave(b, testid, value) {
  const before = await historyCount(b);
  await choose(b, testid, value);
  await b.wait(async () => (await historyCount(b)) > before, 8000, `${testid} = ${value} should be saved`);
}

async function sign(b, testid, passphrase) {
  await click(b, testid);
  await type(b, "sign-passphrase", passphrase);
  await click(b, "sign-submit");
}

test("goals, RICE, a proposed move, framed tech debt, a capacity share, the health check, comments and undo", async () => {
  const b = s.browser;
  await scenario(b, "planning", async () => {
    await b.manage().window().setRect({ width: 1380, height: 880 });
    await firstRun(b, { name: "Priya Raman", role: "Product manager", passphrase: PM_PASS, roadmap: "Checkout 2027" });
    await addPerson(b, { name: "Marco Keller", role: "Engineering manager", passphrase: EM_PASS });
    await actAs(b, "pm");
    for (const [title, kind] of [["Saved cards", "feature"], ["Checkout redesign", "feature"], ["Retire the legacy cluster", "tech_debt"]]) {
      await choose(b, "new-item-kind", kind);
      await type(b, "new-item-title", title);
      await click(b, "new-item-submit");
      await find(b, "item-panel");
      await closeItem(b);
    }
    assert.deepEqual(await titles(b), ["Saved cards", "Checkout redesign", "Retire the legacy cluster"]);

    // 1. The PM adds a goal and links two items to it.
    await click(b, "tab-goals");
    await click(b, "goal-add");
    await type(b, "goal-objective", "Grow self-serve checkout conversion");
    await type(b, "goal-metric", "checkout conversion");
    await type(b, "goal-from", "62 %");
    await type(b, "goal-to", "70 %");
    await type(b, "goal-by-when", "2027-Q2");
    await click(b, "goal-submit");
    const goal = await find(b, "goal");
    const goalId = await goal.getAttribute("data-id");
    for (const title of ["Saved cards", "Checkout redesign"]) {
      await openItem(b, title);
      await choose(b, "goal-picker", goalId);
      await b.wait(async () => (await findAll(b, '[data-testid="goal-chip"]')).length === 1, 8000, "the goal is linked");
      await closeItem(b);
    }
    await click(b, "tab-goals");
    await b.wait(async () => (await findAll(b, '[data-testid="goal-item"]')).length === 2, 8000, "two items serve the goal");
    assert.match(await (await find(b, "goal-target")).getText(), /checkout conversion.*62 %.*70 %.*2027-Q2/);
    await shot(b, "planning-goals");

    // 2. The PM sets reach, impact and confidence; the EM sets effort. The score shows.
    await openItem(b, "Saved cards");
    await setNumber(b, "reach", 1200);
    await chooseAndSave(b, "planning-impact-select", "2");
    await chooseAndSave(b, "planning-confidence-select", "80");
    await b.wait(async () => /incomplete/i.test(await (await find(b, "planning-score")).getText()), 5000);
    await actAs(b, "em");
    await find(b, "planning-effort-input");
    await setNumber(b, "effort", 4);
    await b.wait(async () => (await (await find(b, "planning-score")).getText()).includes("480"), 8000, "the score is 480");
    await closeItem(b);
    const scores = await b.executeScript(
      `return [...document.querySelectorAll('[data-testid="item-score"]')].map((e) => e.textContent.trim())`,
    );
    assert.equal(scores[0], "480");
    assert.match(scores[1], /incomplete/i);
    await shot(b, "planning-rice");

    // 3. The EM moves an item up: a proposal, which the PM accepts.
    await b.executeScript(`document.querySelector('[data-testid="item-row"][data-index="1"]').focus()`);
    await b.actions().keyDown(Key.ALT).sendKeys(Key.ARROW_UP).keyUp(Key.ALT).perform();
    await toast(b, /Proposed to the PM: move .Checkout redesign. above .Saved cards./);
    assert.deepEqual((await titles(b)).slice(0, 2), ["Saved cards", "Checkout redesign"], "the order waits for the PM");
    await actAs(b, "pm");
    await openItem(b, "Checkout redesign");
    assert.match(await (await find(b, "planning-proposal")).getText(), /above .Saved cards./);
    await click(b, "planning-proposal-accept");
    await gone(b, "planning-proposal");
    await closeItem(b);
    await b.wait(async () => (await titles(b))[0] === "Checkout redesign", 8000, "the accepted move is in the order");

    // 4. A tech-debt item is refused commitment until the EM frames it.
    await openItem(b, "Retire the legacy cluster");
    await choose(b, "status-select", "planned");
    await toast(b, /customer impact, team velocity, incident risk/);
    assert.equal(await (await find(b, "status-select")).getAttribute("value"), "idea");
    await actAs(b, "em");
    const framing = {
      customer_impact: ["high", "Report exports time out for one customer in fifty."],
      velocity_cost: ["medium", "Every schema change needs a week of manual backfill."],
      incident_risk: ["high", "Two sev-2 incidents last quarter came from the old cluster."],
    };
    for (const [field, [level, note]] of Object.entries(framing)) {
      await choose(b, `planning-${field}-level`, level);
      await type(b, `planning-${field}-note`, note);
      await click(b, `planning-${field}-save`);
      await gone(b, `planning-${field}-save`);
    }
    await gone(b, "framing-missing");
    await choose(b, "status-select", "planned");
    await attribute(b, "status-select", "value", "planned");
    await closeItem(b);

    // 5. Both sign a capacity share.
    await click(b, "tab-decisions");
    await click(b, "new-decision");
    await choose(b, "decision-topic", "capacity_share");
    await type(b, "capacity-feature", "70");
    await type(b, "capacity-tech_debt", "20");
    await type(b, "capacity-experiment", "10");
    await type(b, "decision-title", "Capacity for 2027-H1");
    await type(b, "decision-outcome", "Features 70 %, tech debt 20 %, experiments 10 %.");
    await click(b, "decision-create");
    await attribute(b, "decision-detail", "data-status", "proposed");
    assert.match(await (await find(b, "decision-capacity")).getText(), /70/);
    await sign(b, "sign-decision", EM_PASS);
    await actAs(b, "pm");
    await sign(b, "sign-decision", PM_PASS);
    await attribute(b, "decision-detail", "data-status", "agreed");
    await click(b, "tab-roadmap");
    await b.wait(async () => /agreed 70\/20\/10/.test(await (await find(b, "capacity-line")).getText()), 8000,
      "the roadmap shows the agreed share");

    // 6. Both answer the health check; the answers appear only after the second.
    await click(b, "tab-health");
    for (let q = 1; q <= 5; q++) await click(b, `health-answer-${q}-${q === 3 ? "partly" : "yes"}`);
    await type(b, "health-note-3", "We are short of a data engineer.");
    await click(b, "health-submit");
    await click(b, "health-submit-confirm");
    await find(b, "health-waiting");
    assert.equal((await findAll(b, '[data-testid="health-side-by-side"]')).length, 0, "nothing shown before both answered");
    await actAs(b, "em");
    await find(b, "health-open");
    assert.equal((await findAll(b, '[data-testid="health-side-by-side"]')).length, 0, "the EM does not see the PM's answers");
    for (let q = 1; q <= 5; q++) await click(b, `health-answer-${q}-${q === 2 ? "no" : "yes"}`);
    await click(b, "health-submit");
    await click(b, "health-submit-confirm");
    const both = await find(b, "health-side-by-side");
    assert.match(await both.getText(), /short of a data engineer/);
    await shot(b, "planning-health");

    // 7. A comment on a signed when leaves it agreed; Ctrl+Z restores an edited what.
    await actAs(b, "pm");
    await openItem(b, "Saved cards");
    await type(b, "dim-when-input", "2027-Q1");
    await click(b, "dim-when-save");
    await sign(b, "sign-when", PM_PASS);
    await actAs(b, "em");
    await sign(b, "sign-when", EM_PASS);
    await attribute(b, "when-signoff", "data-status", "agreed");
    await type(b, "comment-input", "Q1 holds only if the payments provider ships tokens in January.");
    await click(b, "comment-submit");
    await b.wait(async () => (await findAll(b, '[data-testid="comment"]')).length === 1, 8000, "the comment is listed");
    await attribute(b, "when-signoff", "data-status", "agreed");

    await actAs(b, "pm");
    await type(b, "dim-what-input", "Store cards for one-click checkout.");
    await click(b, "dim-what-save");
    await type(b, "dim-what-input", "Store cards and wallets for one-click checkout.");
    await click(b, "dim-what-save");
    await b.wait(async () => (await (await find(b, "dim-what-input")).getAttribute("value")).includes("wallets"), 5000);
    await b.executeScript("document.activeElement && document.activeElement.blur()");
    await b.actions().keyDown(Key.CONTROL).sendKeys("z").keyUp(Key.CONTROL).perform();
    await toast(b, /Undid your change of what/);
    await b.wait(
      async () => (await (await find(b, "dim-what-input")).getAttribute("value")) === "Store cards for one-click checkout.",
      8000,
      "the what is restored",
    );
  });
});
