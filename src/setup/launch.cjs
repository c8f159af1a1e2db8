// @ts-check
// Runs a daily command from its bundle (see bundle.mjs) with V8's code cache: the first run
// compiles the bundle and keeps the compiled code in node_modules/.cache/dossier/; every later run
// starts from it. Node 20 has no compile cache of its own (NODE_COMPILE_CACHE came with Node 22).
//
// Usage: node src/setup/launch.cjs report|schedule [ARGS...]
// --clear-cache (among the ARGS) deletes the cache folder first; the command then runs as on a
// fresh install and writes the cache anew.
"use strict";
const { createHash } = require("node:crypto");
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { join } = require("node:path");
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
if (args.includes("--clear-cache")) rmSync(cacheDir, { recursive: true, force: true });

// A script has no "#!" line: the bundle keeps the one of the module it starts from.
const source = readFileSync(bundle, "utf8").replace(/^#!.*/, "");
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

// A CommonJS module's parameters, and __import: see bundle.mjs.
const wrapped = `(function (exports, require, module, __filename, __dirname, __import) {${source}\n})`;
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
      for (const name of readdirSync(cacheDir))
        if (name.startsWith(`${command}-`) && join(cacheDir, name) !== cacheFile) rmSync(join(cacheDir, name), { force: true });
    } catch {
      // A read-only install runs without the cache: slower, never wrong.
    }
  });
}

process.argv = [process.argv[0] ?? "node", bundle, ...args];
const bundled = { exports: {} };
/** @param {string} specifier */
const importHere = (specifier) => import(specifier);
script.runInThisContext()(bundled.exports, Module.createRequire(bundle), bundled, bundle, join(root, "dist"), importHere);
