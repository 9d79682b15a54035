// Starts the real app through tauri-driver + WebKitWebDriver (under the
// Xvfb display the caller provides) on its own data directory.
import { spawn } from "node:child_process";
import { mkdtempSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";
import { Builder, By, until } from "selenium-webdriver";

export const ROOT = resolve(import.meta.dirname, "../..");
export const APP = process.env.ACCORD_APP ?? join(ROOT, "target/debug/accord-app");
export const ARTIFACTS = join(ROOT, "artifacts");
export { By, until };

function freePort() {
  return new Promise((ok) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitForPort(port, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const open = await new Promise((ok) => {
      const c = net.connect(port, "127.0.0.1", () => { c.end(); ok(true); }).on("error", () => ok(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${port}`);
}

/** Launches the app (or another Tauri binary) on `dataDir` (a fresh one by default). */
export async function launch({ dataDir = mkdtempSync(join(tmpdir(), "accord-e2e-")), env = {}, app = APP } = {}) {
  if (!existsSync(app)) throw new Error(`build the app first: ${app} is missing`);
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, ACCORD_DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "ignore", "pipe"],
    // Its own process group, so quitting ends the app and WebKit's helpers too.
    detached: true,
  });
  let stderr = "";
  driver.stderr.on("data", (d) => (stderr += d));
  await waitForPort(port);
  const browser = await new Builder()
    .usingServer(`http://127.0.0.1:${port}/`)
    .withCapabilities({ browserName: "wry", "tauri:options": { application: app } })
    .build();
  // E2E_TRACE=1 names each WebDriver command as it is sent: where a test hangs.
  if (process.env.E2E_TRACE) {
    const execute = browser.execute.bind(browser);
    browser.execute = (c) => { process.stderr.write(`${port} ${c.getName()}\n`); return execute(c); };
  }
  return {
    browser,
    dataDir,
    async quit() {
      try { await browser.quit(); } catch { /* already gone */ }
      try { process.kill(-driver.pid, "SIGTERM"); } catch { /* already gone */ }
      driver.stderr.destroy();
      driver.unref();
      if (process.env.E2E_DEBUG) console.error(stderr);
    },
  };
}

export async function find(browser, testid, ms = 10000) {
  return browser.wait(until.elementLocated(By.css(`[data-testid="${testid}"]`)), ms, `waiting for ${testid}`);
}

export async function findAll(browser, css) {
  return browser.findElements(By.css(css));
}

/**
 * The window as a PNG (base64). WebKit's CPU drawing path (the app's
 * default without a GPU) answers a WebDriver screenshot only after its next
 * paint, which a still page never makes; a pixel in the corner that flickers
 * for two seconds makes one.
 */
export async function screenshot(b) {
  await b.executeScript(`const d = document.createElement("div");
    d.style.cssText = "position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none";
    document.body.append(d);
    let n = 0;
    const tick = () => {
      d.style.background = n % 2 ? "transparent" : "rgba(0,0,0,0.02)";
      if (++n < 40) setTimeout(tick, 50); else d.remove();
    };
    setTimeout(tick, 50);`);
  return b.takeScreenshot();
}

/** Runs a scenario; on failure keeps a screenshot of the window beside the error. */
export async function scenario(b, name, f) {
  try {
    await f();
  } catch (e) {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `failed-${name}.png`), await screenshot(b), "base64");
    throw e;
  }
}

export async function type(b, testid, text) {
  const el = await find(b, testid);
  await el.clear();
  await el.sendKeys(text);
  return el;
}

export async function click(b, testid) {
  const el = await find(b, testid);
  await b.wait(until.elementIsEnabled(el), 5000);
  await el.click();
  return el;
}

export async function gone(b, testid) {
  await b.wait(async () => (await findAll(b, `[data-testid="${testid}"]`)).length === 0, 5000, `${testid} should go`);
}

export async function actAs(b, role) {
  await click(b, `acting-${role}`);
  await b.wait(async () => (await (await find(b, `acting-${role}`)).getAttribute("aria-pressed")) === "true", 5000);
}

/**
 * Picks the option of a <select> whose text is `label`. (Typing into a
 * select relies on WebKit's type-ahead, which jumps on each word.)
 */
export async function chooseOption(b, testid, label) {
  const found = await b.executeScript(
    `const s = document.querySelector('[data-testid="' + arguments[0] + '"]');
     const o = [...s.options].find((o) => o.text.trim() === arguments[1]);
     if (!o) return false;
     s.value = o.value;
     s.dispatchEvent(new Event("change", { bubbles: true }));
     return true;`,
    testid,
    label,
  );
  if (!found) throw new Error(`${testid} has no option ${label}`);
}

/** Sets a <select> to the option whose value is `value`. */
export async function chooseValue(b, testid, value) {
  await b.executeScript(
    `const s = document.querySelector('[data-testid="${testid}"]');
     s.value = arguments[0];
     s.dispatchEvent(new Event("change", { bubbles: true }));`,
    value,
  );
}

/** First run: the person's profile and the roadmap, then the roadmap view. */
export async function firstRun(b, { name, role, passphrase, roadmap, team = "" }) {
  await type(b, "profile-name", name);
  await chooseOption(b, "profile-role", role);
  await type(b, "profile-passphrase", passphrase);
  await type(b, "roadmap-name", roadmap);
  if (team) await type(b, "roadmap-team", team);
  await click(b, "setup-submit");
  await click(b, "tab-roadmap");
}

/** Adds the second person at the same screen (who then becomes the acting one). */
export async function addPerson(b, { name, role, passphrase }) {
  await click(b, "add-person");
  await type(b, "person-name", name);
  await chooseOption(b, "person-role", role);
  await type(b, "person-passphrase", passphrase);
  await click(b, "person-submit");
}
