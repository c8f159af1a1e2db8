// @ts-check
// Runs a daily command from its bundle (see bundle.mjs) with V8's code cache: the first run
// compiles the bundle and keeps the compiled code in node_modules/.cache/dossier/; every later run
// starts from it. Node 20 has no compile cache of its own (NODE_COMPILE_CACHE came with Node 22).
// `schedule --once`, as cron and systemd run it, first runs the skip alone (skip.bundle.cjs): on
// a day with nothing to build, the scheduler's bundle is never read.
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
const { cacheFolder, OURS } = require("./cache-files.cjs");

const root = join(__dirname, "..", "..");
const [command = "", ...args] = process.argv.slice(2);
if (!/^(report|schedule)$/.test(command)) {
  process.stderr.write(`usage: node src/setup/launch.cjs report|schedule [ARGS...] (got "${command}")\n`);
  process.exit(2);
}
const cacheDir = cacheFolder(root);

/** @param {(name: string) => boolean} which */
function deleteOurs(which) {
  try {
    for (const name of readdirSync(cacheDir)) if (OURS.test(name) && which(name)) rmSync(join(cacheDir, name), { force: true });
  } catch {
    // No folder yet, or one we may not write in: nothing of ours to delete.
  }
}

/** @param {string} name @returns {string} where bundle.mjs writes the bundle of that name */
const bundlePath = (name) => join(root, "dist", `${name}.bundle.cjs`);

/**
 * @param {string} name @returns {string | undefined} the bundle's code: one function expression at
 * one byte per character (see bundle.mjs), compiled as read: any change would copy its 5 MB
 */
function readBundle(name) {
  try {
    return readFileSync(bundlePath(name), "utf8");
  } catch {
    return undefined;
  }
}

/** A run that did its work (built, or skipped), not one that only printed its help or an error, whose code would be thin. */
const didItsWork = (/** @type {number} */ code) => code === 0 || code === 3;

/**
 * Runs a bundle, with its compiled code kept under its name.
 * @param {string} name @param {string} source @param {(exitCode: number) => boolean} keepCode
 * @returns {unknown} what the bundle exports
 */
function runBundled(name, source, keepCode = didItsWork) {
  const bundle = bundlePath(name);
  // Keyed by everything the compiled code depends on: the code itself, Node and V8, the machine.
  // V8 checks its own version, flags and a checksum too, and refuses data that does not fit.
  const key = createHash("sha256")
    .update(source)
    .update(`${process.version} ${process.versions.v8} ${process.arch} ${process.platform}`)
    .digest("hex")
    .slice(0, 24);
  const cacheFile = join(cacheDir, `${name}-${key}.v8`);
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // Not made yet: this run makes it.
  }
  const script = new vm.Script(source, { filename: bundle, cachedData });
  // Made at exit, once the run has compiled what it used, so that the next run finds that too;
  // only when keepCode says the run used what a usual run uses. Written whole under another name,
  // then renamed: a run killed meanwhile leaves no half file.
  const onlyHelp = args.includes("--help") || args.includes("-h");
  if ((cachedData === undefined || script.cachedDataRejected === true) && !onlyHelp) {
    process.once("exit", (code) => {
      if (!keepCode(code)) return;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
        // The code of earlier builds, and what a killed run left half written, is never read again.
        deleteOurs((file) => file.startsWith(`${name}-`) && join(cacheDir, file) !== cacheFile);
      } catch {
        // A read-only install runs without the cache: slower, never wrong.
      }
    });
  }
  const bundled = { exports: {} };
  /** @param {string} specifier */
  const importHere = (specifier) => import(specifier);
  // A CommonJS module's parameters, and __import and __bundleUrl: see bundle.mjs.
  script.runInThisContext()(
    bundled.exports,
    Module.createRequire(bundle),
    bundled,
    bundle,
    join(root, "dist"),
    importHere,
    pathToFileURL(bundle).href,
  );
  return bundled.exports;
}

/**
 * --debug: the compiled modules one by one, with their source maps, so that a stack trace names the
 * TypeScript sources' lines (src/stages/write.ts:92) and not the bundle's; ~0.3 s slower, same bytes.
 */
const debugging = args.includes("--debug");

/** The command itself: from its bundle, or (--debug, a build stopped before bundling, tsc alone) from the compiled modules. */
function runCommand() {
  const source = debugging ? undefined : readBundle(command);
  if (source !== undefined) runBundled(command, source);
  else {
    if (debugging) process.setSourceMapsEnabled(true);
    import(pathToFileURL(join(root, "dist", command === "report" ? "cli.js" : "schedule.js")).href);
  }
}

/** @param {unknown} exported @returns {exported is { trySkip: (argv: string[]) => Promise<number | undefined> }} */
const canSkip = (exported) => typeof exported === "object" && exported !== null && "trySkip" in exported;

if (args.includes("--clear-cache")) deleteOurs(() => true);
process.argv = [process.argv[0] ?? "node", bundlePath(command), ...args];
const skipSource = command === "schedule" && args.includes("--once") && !debugging ? readBundle("skip") : undefined;
if (skipSource === undefined) runCommand();
else {
  // The skip's code is kept from a run that skipped: one that handed over early (--force) used little of it.
  let skipped = false;
  /** @type {unknown} */
  let skip;
  try {
    skip = runBundled("skip", skipSource, () => skipped);
  } catch {
    // Only ever a shortcut: a skip that cannot even load leaves the run to the scheduler.
  }
  if (!canSkip(skip)) runCommand();
  else
    skip.trySkip(args).then(
      (code) => {
        if (code === undefined) runCommand();
        else {
          skipped = true;
          process.exitCode = code;
        }
      },
      () => runCommand(),
    );
}
