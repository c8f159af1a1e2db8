// @ts-check
// Runs a daily command from its bundle (see bundle.mjs) with V8's code cache: the first run
// compiles the bundle and keeps the compiled code in node_modules/.cache/dossier/; every later run
// starts from it. Node 20 has no compile cache of its own (NODE_COMPILE_CACHE came with Node 22).
//
// Usage: node src/setup/launch.cjs report|schedule [ARGS...]
// --clear-cache (among the ARGS) deletes what the cache holds first; the command then runs as on a
// fresh install and keeps its code anew.
"use strict";
const { createHash } = require("node:crypto");
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");
const vm = require("node:vm");

const root = join(__dirname, "..", "..");
const [command = "", ...args] = process.argv.slice(2);
if (!/^(report|schedule)$/.test(command)) {
  process.stderr.write(`usage: node src/setup/launch.cjs report|schedule [ARGS...] (got "${command}")\n`);
  process.exit(2);
}
const bundle = join(root, "dist", `${command}.bundle.cjs`);
// DOSSIER_CACHE_DIR moves it, for an install whose node_modules is read-only.
const cacheDir = process.env.DOSSIER_CACHE_DIR || join(root, "node_modules", ".cache", "dossier");

/**
 * The files this cache writes (the compiled code, the charts of disk-cache.ts, and what a killed
 * run left half written): the only ones it ever deletes, whatever else the folder holds.
 */
const OURS = /^((report|schedule)-[0-9a-f]{24}\.v8|chart-[0-9a-f]{32})(\.\d+\.tmp)?$/;

/** @param {(name: string) => boolean} which */
function deleteOurs(which) {
  try {
    for (const name of readdirSync(cacheDir)) if (OURS.test(name) && which(name)) rmSync(join(cacheDir, name), { force: true });
  } catch {
    // No folder yet, or one we may not write in: nothing of ours to delete.
  }
}

/** @returns {string | undefined} the bundle's code, as a script (a script has no "#!" line) */
function readBundle() {
  try {
    return readFileSync(bundle, "utf8").replace(/^#!.*/, "");
  } catch {
    return undefined;
  }
}

/** @param {string} source */
function runBundled(source) {
  // Keyed by everything the compiled code depends on: the code itself, Node and V8, the machine.
  // V8 checks its own version, flags and a checksum too, and refuses data that does not fit.
  const key = createHash("sha256")
    .update(source)
    .update(`${process.version} ${process.versions.v8} ${process.arch} ${process.platform}`)
    .digest("hex")
    .slice(0, 24);
  const cacheFile = join(cacheDir, `${command}-${key}.v8`);
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // Not made yet: this run makes it.
  }
  // A CommonJS module's parameters, and __import and __bundleUrl: see bundle.mjs.
  const wrapped = `(function (exports, require, module, __filename, __dirname, __import, __bundleUrl) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: bundle, cachedData });
  // Made at exit, once the run has compiled what it used, so that the next run finds that too: a
  // run that did its work (built, or skipped), not one that only printed its help or an error,
  // whose code would be thin. Written whole under another name, then renamed: a run killed
  // meanwhile leaves no half file.
  const onlyHelp = args.includes("--help") || args.includes("-h");
  if ((cachedData === undefined || script.cachedDataRejected === true) && !onlyHelp) {
    process.once("exit", (code) => {
      if (code !== 0 && code !== 3) return;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
        // The code of earlier builds, and what a killed run left half written, is never read again.
        deleteOurs((name) => name.startsWith(`${command}-`) && join(cacheDir, name) !== cacheFile);
      } catch {
        // A read-only install runs without the cache: slower, never wrong.
      }
    });
  }
  const bundled = { exports: {} };
  /** @param {string} specifier */
  const importHere = (specifier) => import(specifier);
  script.runInThisContext()(
    bundled.exports,
    Module.createRequire(bundle),
    bundled,
    bundle,
    join(root, "dist"),
    importHere,
    pathToFileURL(bundle).href,
  );
}

if (args.includes("--clear-cache")) deleteOurs(() => true);
const source = readBundle();
process.argv = [process.argv[0] ?? "node", bundle, ...args];
// Not bundled (a build stopped before it, or tsc alone): the compiled modules, as they are.
if (source === undefined) import(pathToFileURL(join(root, "dist", command === "report" ? "cli.js" : "schedule.js")).href);
else runBundled(source);
