// SIGKILL in the middle of each stage of a real build (no handler runs, as when a machine runs out
// of memory or a supervisor gives up): the browser of that run dies with it within 2 s (in the write
// stage it is gone already: a command that builds once closes it once all is printed), a reader of
// the output folder sees the good earlier build exactly as it was, and the next build leaves no
// temporary file behind.
//
// Each stage is hit from the progress lines, which print as each stage ends: the kill follows the
// line of the stage before. Two stages need help to be hit: load, whose start prints nothing, is
// made long by a big data file (10 MB of comments) and hit once the browser, started beside it, is
// up; write, a few milliseconds, is held by its last temporary file being a FIFO, as a hung disk
// would hold it.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { appendFile, cp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { aliveInGroups, browserGroupsOf, type Running, report, start } from "../support/process.js";
import { copyOfData, DATA_DIR, sha256Of, tempDir } from "../support/project.js";

/** What a reader of the folder sees: its files but the hidden ones (the lock, temporary files). */
async function visibleFiles(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).filter((name) => !name.startsWith(".")).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await sha256Of(join(dir, name))] as const)));
}

let running: Running | undefined;
let good: string;
let goodFiles: Record<string, string>;
let bigData: string;

beforeAll(async () => {
  good = await tempDir();
  const built = await report(["--out", good]);
  expect(built.code, built.stderr).toBe(0);
  goodFiles = await visibleFiles(good);
  bigData = await copyOfData(DATA_DIR);
  const comment = `# ${"an editor's note the YAML parser reads and drops ".repeat(2)}\n`;
  await appendFile(join(bigData, "facts.yaml"), comment.repeat(100_000));
});

/**
 * Starts the command; afterEach kills it if a case fails before its own kill. With a cache of its
 * own: charts an earlier run kept would make the charts stage too short to be killed in.
 */
function launch(args: string[]): Running {
  running = start("cli.js", ["--date", "2026-11-22", ...args], { DOSSIER_CACHE_DIR: mkdtempSync(join(tmpdir(), "dossier-cache-")) });
  return running;
}

afterEach(() => {
  // A case that failed before its kill leaves no command behind.
  if (running?.child.exitCode === null) running.child.kill("SIGKILL");
});

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const STAGE_LINE = (stage: string) => new RegExp(`^${stage}\\s+\\d+ ms$`, "m");

interface Case {
  stage: string;
  /** Whether the browser still runs then: a command that builds once closes it as soon as everything printed. */
  browser: boolean;
  /** Starts the command on a copy of the good build and returns once it is inside the stage. */
  reach: (out: string) => Promise<Running>;
}

const CASES: Case[] = [
  {
    stage: "load",
    browser: true,
    async reach(out) {
      const run = launch(["--out", out, "--data", bigData]);
      await until(() => browserGroupsOf(run.child.pid ?? 0).length > 0, "the browser to start");
      return run;
    },
  },
  ...[
    ["derive", "charts"],
    ["charts", "html"],
    ["html", "pdf"],
  ].map(([before = "", stage = ""]) => ({
    stage,
    browser: true,
    async reach(out: string) {
      const run = launch(["--out", out]);
      await run.waitFor(STAGE_LINE(before));
      return run;
    },
  })),
  {
    stage: "write",
    browser: false,
    async reach(out) {
      const run = launch(["--out", out]);
      await run.waitFor(STAGE_LINE("html"));
      execFileSync("mkfifo", [join(out, `.meta-ai-strategy-latest.manifest.json.${run.child.pid}.partial`)]);
      await run.waitFor(STAGE_LINE("pdf"));
      // The other temporary files are written while the FIFO holds the stage.
      await until(async () => (await readdir(out)).filter((name) => name.endsWith(".partial")).length > 1, "the temporary files");
      return run;
    },
  },
];

describe("SIGKILL during a build", () => {
  it.each(CASES)(
    "in $stage: the browser dies with the command (if not closed already), out/ is as it was, the next build leaves no temporary file",
    async ({ stage, browser, reach }) => {
      const out = await tempDir();
      await cp(good, out, { recursive: true });
      const run = await reach(out);
      const groups = browserGroupsOf(run.child.pid ?? 0);
      run.child.kill("SIGKILL");
      await run.exited;

      // Killed inside the stage: it never printed its line.
      expect(run.output()).not.toMatch(STAGE_LINE(stage));
      if (browser) expect(groups).not.toEqual([]);
      else expect(groups).toEqual([]);
      expect(await aliveInGroups(groups, 2000)).toEqual([]);
      expect(await visibleFiles(out)).toEqual(goodFiles);

      const next = await report(["--out", out]);
      expect(next.code, next.stderr).toBe(0);
      expect((await readdir(out)).filter((name) => name.endsWith(".partial"))).toEqual([]);
    },
  );
});
