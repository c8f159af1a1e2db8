// @ts-check
// Where the commands keep what they keep between runs, and which files there are theirs: named
// once for the launcher (plain CommonJS, which runs before any compiled code) and disk-cache.ts.
"use strict";
const { join } = require("node:path");

/**
 * node_modules/.cache/dossier/ of the project at `root`; DOSSIER_CACHE_DIR moves it, for an
 * install whose node_modules is read-only.
 * @param {string} root @param {NodeJS.ProcessEnv} env
 */
function cacheFolder(root, env = process.env) {
  const chosen = env.DOSSIER_CACHE_DIR;
  return chosen === undefined || chosen === "" ? join(root, "node_modules", ".cache", "dossier") : chosen;
}

/**
 * The files the cache writes: each bundle's compiled code (launch.cjs), the charts and the
 * dossiers' frames (disk-cache.ts), and what a killed run left half written. The only ones ever
 * deleted, whatever else the folder holds (DOSSIER_CACHE_DIR may name a folder not ours alone).
 */
const OURS = /^((report|schedule|skip)-[0-9a-f]{24}\.v8|(chart|dossier)-[0-9a-f]{32})(\.\d+\.tmp)?$/;

module.exports = { cacheFolder, OURS };
