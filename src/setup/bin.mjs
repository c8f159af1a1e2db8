#!/usr/bin/env node
// @ts-check
// The `dossier` command, after `npm install -g` or through npx: `dossier report|schedule|check|init|add-source|preview`
// with the same arguments as the npm scripts. Each runs after the set-up (ensure.mjs), in one process.

/** @type {Record<string, [purpose: string, script: string, ...args: string[]]>} */
const COMMANDS = {
  // The daily commands from their bundles, with V8's code cache (launch.cjs).
  report: ["report", "src/setup/launch.cjs", "report"],
  schedule: ["report", "src/setup/launch.cjs", "schedule"],
  check: ["check", "dist/check.js"],
  init: ["check", "dist/init.js"],
  "add-source": ["check", "dist/add-source.js"],
  preview: ["report", "dist/preview.js"],
};

const [command = "", ...rest] = process.argv.slice(2);
const chosen = COMMANDS[command];
if (chosen === undefined) {
  const usage = `Usage: dossier report|schedule|check|init|add-source|preview [DIR] [options]   (dossier COMMAND --help for each)`;
  process.stderr.write(
    command === "" || command === "--help" || command === "-h" ? `${usage}\n` : `unknown command "${command}"\n${usage}\n`,
  );
  process.exit(command === "--help" || command === "-h" ? 0 : 2);
}
const [purpose, script, ...first] = chosen;
// Paths are the user's, relative to where they typed the command: an npm script around it (which
// sets INIT_CWD to its own folder) must not move them.
process.env.INIT_CWD = process.cwd();
process.argv = [process.argv[0] ?? "node", "ensure.mjs", "--for", purpose, "--then", script, ...first, ...rest];
await import("./ensure.mjs");
