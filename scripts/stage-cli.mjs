// Run by the macOS and Windows bundles (tauri.<os>.conf.json) before they
// package the app: builds the `accord` command and puts it where Tauri's
// externalBin expects it (target/cli/accord-<target triple>), so the app
// bundle carries it (macOS: Contents/MacOS/accord; Windows: beside the app).
// Linux packages link /usr/bin/accord to the app's binary instead.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";

const triple = execFileSync("rustc", ["-vV"], { encoding: "utf8" }).match(/^host: (.+)$/m)[1];
execFileSync("cargo", ["build", "--release", "--locked", "-p", "accord-cli", "--bin", "accord"], { stdio: "inherit" });
const exe = process.platform === "win32" ? ".exe" : "";
mkdirSync("target/cli", { recursive: true });
copyFileSync(`target/release/accord${exe}`, `target/cli/accord-${triple}${exe}`);
console.log(`staged target/cli/accord-${triple}${exe}`);
