// Joint sign-off of an item's `when` in the real window: both partners sign
// with their own passphrases, a change lapses the agreement and says why,
// and re-signing restores it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, find, ARTIFACTS, scenario, type, click, actAs, firstRun, addPerson, screenshot } from "./harness.mjs";

const PM_PASS = "priya signs here";
const EM_PASS = "marco signs here";

let s;
before(async () => { s = await launch(); });
after(async () => { await s?.quit(); });

async function status(b, expected) {
  await b.wait(
    async () => (await (await find(b, "when-signoff")).getAttribute("data-status")) === expected,
    8000,
    `sign-off should be ${expected}`,
  );
}

async function signAs(b, role, passphrase) {
  await actAs(b, role);
  await click(b, "sign-when");
  await type(b, "sign-passphrase", passphrase);
  await click(b, "sign-submit");
  await b.wait(async () => (await (await find(b, `signature-${role}`)).getAttribute("class")).includes("current"), 8000,
    `${role}'s signature should be current`);
}

async function setWhen(b, text) {
  await type(b, "dim-when-input", text);
  await click(b, "dim-when-save");
}

async function shot(b, name) {
  await b.executeScript(`document.querySelector('[data-testid="when-signoff"]').scrollIntoView({ block: "end" })`);
  await b.sleep(400);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${name}.png`), await screenshot(b), "base64");
}

test("both partners sign the when; a change lapses it with the reason; re-signing agrees again", async () => {
  const b = s.browser;
  await scenario(b, "signoff", async () => {
    await b.manage().window().setRect({ width: 1360, height: 860 });
    await firstRun(b, { name: "Priya Raman", role: "Product manager", passphrase: PM_PASS, roadmap: "Checkout 2027" });
    await addPerson(b, { name: "Marco Keller", role: "Engineering manager", passphrase: EM_PASS });
    await actAs(b, "pm");

    await type(b, "new-item-title", "Checkout redesign");
    await click(b, "new-item-submit");
    await find(b, "item-panel");
    await setWhen(b, "Beta by 2027-Q1, confidence medium");
    await status(b, "open");

    // The EM's passphrase does not open the PM's key.
    await click(b, "sign-when");
    await type(b, "sign-passphrase", EM_PASS);
    await click(b, "sign-submit");
    const error = await find(b, "toast-error");
    assert.match(await error.getText(), /wrong passphrase/i);
    await status(b, "open");

    await type(b, "sign-passphrase", PM_PASS);
    await click(b, "sign-submit");
    await b.wait(async () => (await (await find(b, "signature-pm")).getAttribute("class")).includes("current"), 8000);
    await status(b, "open");
    await signAs(b, "em", EM_PASS);
    await status(b, "agreed");

    // The PM moves the date: the agreement lapses, naming who changed what.
    await actAs(b, "pm");
    await setWhen(b, "Beta by 2027-Q2, confidence low");
    await status(b, "lapsed");
    const reason = await (await find(b, "lapse-reason")).getText();
    assert.match(reason, /Priya Raman \(PM\) changed When/);
    assert.match(reason, /2027-Q1.*→.*2027-Q2/s);
    await shot(b, "signoff-lapsed");

    await signAs(b, "pm", PM_PASS);
    await status(b, "lapsed");
    await signAs(b, "em", EM_PASS);
    await status(b, "agreed");
    await shot(b, "signoff-agreed");
  });
});
