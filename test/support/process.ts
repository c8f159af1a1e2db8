// Runs the commands as a user would, and checks what they leave behind.
import { type ChildProcessWithoutNullStreams, execFile, execFileSync, spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
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

/** Starts `node dist/<script> ...args` and collects stdout and stderr together. */
export function start(script: string, args: string[]): Running {
  const child = spawn(process.execPath, [`dist/${script}`, ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: ROOT } });
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
