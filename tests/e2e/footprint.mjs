// Footprint beside a floor measured in the same run: time from launch to
// content painted, and the idle PSS of the whole process tree (the app
// and WebKit's web and network processes), for Accord on a seeded roadmap
// and for a hello-world Tauri 2 window.
//   node footprint.mjs ACCORD_APP DATA_DIR HELLO_APP [RUNS]
// Both are started the same way (tauri-driver and WebKitWebDriver), so the
// driver's own start-up is in both figures alike.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "./harness.mjs";

const [accordApp, dataDir, helloApp, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const IDLE_MS = 3000;

/** Every process whose command line starts with `binary`, with its descendants. */
function tree(binary) {
  const procs = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
      return { pid: Number(pid), ppid, cmd };
    } catch {
      return null; // gone meanwhile
    }
  }).filter(Boolean);
  const roots = procs.filter((p) => p.cmd === binary).map((p) => p.pid);
  if (roots.length !== 1) throw new Error(`expected one ${binary}, found ${roots.length}`);
  const all = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (all.has(p.ppid) && !all.has(p.pid)) { all.add(p.pid); grew = true; }
  }
  return [...all];
}

/** Each process's PSS in kB, by its program's name. */
function pssKb(pids) {
  return pids.map((pid) => {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+) kB/m);
    const name = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0].split("/").at(-1);
    return { name, kb: Number(m[1]) };
  });
}

// Mesa's shader cache is shared by every launch and warmed before the first
// one measured: as on a machine where the app has been opened before (a cold
// cache compiles the same shaders again at each launch, in both apps).
const caches = mkdtempSync(join(tmpdir(), "accord-footprint-cache-"));

/** A fresh home for one launch: both apps open at their configured window
 * size (no remembered one), with no view or WebKit storage left from before. */
function freshHome() {
  const home = mkdtempSync(join(tmpdir(), "accord-footprint-"));
  const env = { XDG_CACHE_HOME: caches };
  for (const [k, d] of [["XDG_CONFIG_HOME", "config"], ["XDG_DATA_HOME", "data"]]) env[k] = join(home, d);
  return { home, env };
}

async function measure(app, options, content) {
  const { home, env } = freshHome();
  const started = Date.now();
  const s = await launch({ app, ...options, env: { ...env, ...options.env } });
  const paintedAt = await content(s.browser); // by the page's clock: ms after its navigation started
  const found = Date.now() - started;
  const origin = await s.browser.executeScript("return performance.timeOrigin");
  const toContent = origin + paintedAt - started;
  // Where the time went: up to the page's navigation (process, shell, window),
  // then the page's own steps by its clock: its HTML in, its scripts run
  // (DOMContentLoaded), and Accord's own stamps.
  const steps = await s.browser.executeScript(`
    const n = performance.getEntriesByType("navigation")[0];
    return { page: n?.responseEnd ?? null, loaded: n?.domContentLoadedEventEnd ?? null, ...(window.__accordMetrics ?? {}) };`);
  const phases = { navigation: origin - started, ...steps, painted: paintedAt };
  await new Promise((r) => setTimeout(r, IDLE_MS)); // idle: what it holds at rest
  const pids = tree(app);
  const each = pssKb(pids);
  const pss = each.reduce((sum, p) => sum + p.kb, 0);
  await s.quit();
  await new Promise((r) => setTimeout(r, 500)); // the processes to exit before the next launch
  rmSync(home, { recursive: true, force: true });
  return { toContent, found, pss, each, phases, processes: pids.length };
}

// When the content was first painted, by each page's clock: WebDriver finds
// it later, by as long as the page is busy when it asks (its own latency,
// printed apart). Both are the page's first contentful paint: Accord draws
// nothing before its roadmap (no loading text while the roadmap is read), so
// its first contentful paint is the roadmap's, opened in its first view (a
// fresh home). Polled by script, not by element handles: a row re-rendered
// between a find and its handle would fail the find.
const shown = (b, css) => b.wait(() => b.executeScript(`return !!document.querySelector(arguments[0])`, css).catch(() => false), 30000, css);
const firstPaint = "return performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null";
const accordContent = async (b) => {
  await shown(b, '[data-testid="item-row"]');
  return b.wait(() => b.executeScript(firstPaint), 10000);
};
const helloContent = async (b) => {
  await shown(b, '[data-testid="hello"]');
  return b.wait(() => b.executeScript(firstPaint), 10000);
};

// Without a GPU (no DRM render node) Accord draws with WebKit's CPU path
// (src-tauri/src/rendering.rs); the hello window composites, as WebKit does
// by default. The floor is also measured drawn the way Accord draws here.
const cpuPath = !existsSync("/dev/dri") || !readdirSync("/dev/dri").some((n) => n.startsWith("renderD"));
const helloAsAccord = cpuPath ? { env: { WEBKIT_DISABLE_COMPOSITING_MODE: "1" } } : null;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { accord: [], hello: [], helloAsAccord: [] };
await measure(helloApp, {}, helloContent); // warms the caches, not counted
await measure(accordApp, { dataDir }, accordContent);
for (let i = 0; i < runs; i++) {
  // Interleaved, so a slower moment of the machine weighs on both.
  results.hello.push(await measure(helloApp, {}, helloContent));
  results.accord.push(await measure(accordApp, { dataDir }, accordContent));
  if (helloAsAccord) results.helloAsAccord.push(await measure(helloApp, helloAsAccord, helloContent));
}
const summary = (rs) => ({
  ms: median(rs.map((r) => r.toContent)),
  found: median(rs.map((r) => r.found)),
  mb: median(rs.map((r) => r.pss)) / 1024,
  processes: rs[0].processes,
  phases: Object.keys(rs[0].phases)
    .map((k) => `${k} ${median(rs.map((r) => r.phases[k] ?? NaN)).toFixed(0)}`)
    .join(", "),
  each: rs.at(-1).each.map((p) => `${p.name} ${(p.kb / 1024).toFixed(0)} MB`).join(", "),
});
const [a, h] = [summary(results.accord), summary(results.hello)];
console.log(`launch → content painted, median of ${runs}: Accord ${a.ms.toFixed(0)} ms, hello-world Tauri ${h.ms.toFixed(0)} ms: ${(a.ms / h.ms).toFixed(2)}×`);
console.log(`  ms, Accord: ${a.phases}\n  ms, hello:  ${h.phases}`);
console.log(`  found by WebDriver: Accord ${a.found.toFixed(0)} ms, hello-world Tauri ${h.found.toFixed(0)} ms: ${(a.found / h.found).toFixed(2)}×`);
console.log(
  `idle PSS of the process tree: Accord ${a.mb.toFixed(1)} MB (${a.processes} processes), hello-world Tauri ${h.mb.toFixed(1)} MB (${h.processes} processes): ${(a.mb / h.mb).toFixed(2)}×`,
);
console.log(`  Accord: ${a.each}\n  hello:  ${h.each}`);
if (helloAsAccord) {
  const c = summary(results.helloAsAccord);
  console.log(`hello-world Tauri drawn on the CPU as Accord is here (no GPU): painted ${c.ms.toFixed(0)} ms (Accord ${(a.ms / c.ms).toFixed(2)}×), PSS ${c.mb.toFixed(1)} MB (Accord ${(a.mb / c.mb).toFixed(2)}×)`);
  console.log(`  hello:  ${c.each}`);
}
rmSync(caches, { recursive: true, force: true });
