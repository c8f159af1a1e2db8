// Runs the commands as a user would, and checks what they leave behind.
import { type ChildProcessWithoutNullStreams, execFile, execFileSync, spawn, spawnSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, expect } from "vitest";
import { CLI, ROOT, sha256Of } from "./project.js";

/** Process ids of every Chromium process on the machine (browser, zygotes, renderers). */
export function chromiumPids(): Set<number> {
  const output = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return new Set(
    output
      .split("\n")
      .filter((line) => /chrom(e|ium)/i.test(line) && line.includes("--user-data-dir="))
      .map((line) => Number.parseInt(line, 10)),
  );
}

/** Chromium processes that were not there before: a test must leave none. */
export async function leftoverChromium(before: Set<number>, graceMs = 3000): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = [...chromiumPids()].filter((pid) => !before.has(pid));
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** Resolves when the combined output matches, at its nth match. */
  waitFor: (pattern: RegExp, count?: number, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | null>;
}

/** Starts `node dist/<script> ...args` (with env added to the environment) and collects stdout and stderr together. */
export function start(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [`dist/${script}`, ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: ROOT, ...env } });
  let output = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = (pattern: RegExp, count = 1, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        const matches = output.match(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`)) ?? [];
        if (matches.length >= count) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for ${pattern} x${count}; output so far:\n${output}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return { child, output: () => output, waitFor, exited };
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

const run = promisify(execFile);

/** Runs `node dist/cli.js --date 2026-11-22 ...args` to its end, as a user would. */
export async function report(args: string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, "--date", "2026-11-22", ...args], { cwd: ROOT, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** Every file of a folder with its sha256: what a reader of out/ could see. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  const hashes = await Promise.all(names.map((name) => sha256Of(join(dir, name))));
  return Object.fromEntries(names.map((name, index) => [name, hashes[index] ?? ""]));
}

interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number;
  /** Exited, waiting to be reaped: dead for every purpose here. */
  zombie: boolean;
  args: string;
}

function processTable(): ProcessRow[] {
  const output = execFileSync("ps", ["-eo", "pid=,ppid=,pgid=,stat=,args="], { encoding: "utf8" });
  return output.split("\n").flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!match) return [];
    const [, pid, ppid, pgid, stat, args] = match;
    return [{ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), zombie: stat?.startsWith("Z") ?? false, args: args ?? "" }];
  });
}

/**
 * The process groups of the browsers a running command started: puppeteer makes each browser the
 * leader of a group of its own, which every process the browser starts joins. Unlike a
 * before/after count of Chromium processes, this names one run's, whatever else runs meanwhile.
 */
export function browserGroupsOf(pid: number): number[] {
  return processTable()
    .filter((row) => row.ppid === pid && /chrom/i.test(row.args))
    .map((row) => row.pgid);
}

/** Processes of those groups still alive after graceMs (at once when none is). */
export async function aliveInGroups(groups: number[], graceMs = 2000): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const alive = processTable()
      .filter((row) => groups.includes(row.pgid) && !row.zombie)
      .map((row) => row.pid);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs `node dist/<script> ...args` to its end, as a user would, stopped for good (SIGKILL: a
 * process stuck in a system call ignores SIGTERM) past limitMs, so that a hang fails a test
 * instead of holding the run.
 */
export function runToEnd(script: string, args: string[], limitMs = 30_000): Ran & { ms: number } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(ROOT, "dist", script), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: limitMs,
    killSignal: "SIGKILL",
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/**
 * A test file's way to start commands: each is killed after its test if still running, and no
 * test may leave a Chromium behind, whatever it did. Call it once, at the top of the file.
 */
export function startedPerTest(): (script: string, args: string[], env?: NodeJS.ProcessEnv) => Running {
  let before = new Set<number>();
  let running: Running[] = [];
  beforeEach(() => {
    before = chromiumPids();
    running = [];
  });
  afterEach(async () => {
    for (const started of running) if (started.child.exitCode === null) started.child.kill("SIGKILL");
    expect(await leftoverChromium(before)).toEqual([]);
  });
  return (script, args, env) => {
    const started = start(script, args, env);
    running.push(started);
    return started;
  };
}

/** The stages a run printed a time for ("html    123 ms"), in the order it printed them. */
export function stagesReported(output: string): string[] {
  return output.split("\n").flatMap((line) => /^(\w+)\s+\d+ ms$/.exec(line)?.[1] ?? []);
}
