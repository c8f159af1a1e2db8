// A browser that will not start, crashes or hangs; Ctrl-C; an unwritable folder: clear errors in
// bounded time, no Chromium left behind, nothing half-written.
import { readdir } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chromiumPids, leftoverChromium, type Running, start } from "../support/process.js";
import { tempDir } from "../support/project.js";

let before: Set<number>;
let out: string;
let running: Running | undefined;

beforeEach(async () => {
  before = chromiumPids();
  out = await tempDir();
  running = undefined;
});

afterEach(async () => {
  if (running?.child.exitCode === null) running.child.kill("SIGKILL");
  expect(await leftoverChromium(before, 8000)).toEqual([]);
});

function report(args: string[], env: Record<string, string> = {}): Running {
  const previous = { ...process.env };
  Object.assign(process.env, env);
  running = start("cli.js", ["--date", "2026-11-22", "--out", out, ...args]);
  process.env = previous;
  return running;
}

async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const startedAt = Date.now();
  const result = await work;
  return [result, Date.now() - startedAt];
}

describe("faults", () => {
  it("names a browser path that does not exist, and the fix", async () => {
    const run = report([], { PUPPETEER_EXECUTABLE_PATH: "/opt/no-such-chrome" });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(
      /error: PUPPETEER_EXECUTABLE_PATH is \/opt\/no-such-chrome, but there is no browser there\. Fix the path, or unset it/,
    );
    expect(await readdir(out)).toEqual([]);
  });

  it("names a browser that cannot start, and the fix", async () => {
    const run = report([], { PUPPETEER_EXECUTABLE_PATH: "/bin/true" });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/error: The browser at \/bin\/true could not start .*PUPPETEER_EXECUTABLE_PATH/);
  });

  it("reports a browser that crashes mid-print, writes nothing and leaves no process", async () => {
    const run = report(["--debug"]);
    // Once the print has begun: a browser that died before the pdf stage is simply started again.
    await run.waitFor(/debug: printing in the browser with pid (\d+)/);
    const browser = Number(/printing in the browser with pid (\d+)/.exec(run.output())?.[1]);
    process.kill(-browser, "SIGKILL");
    const [code, ms] = await timed(run.exited);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(15_000);
    expect(run.output()).toMatch(/error: The browser stopped while printing \(it crashed or was killed\); nothing was written/);
    expect(await readdir(out)).toEqual([]);
  });

  it("stops a browser that hangs mid-print within --timeout, and reaps it", async () => {
    const run = report(["--timeout", "4", "--debug"]);
    await run.waitFor(/debug: printing in the browser with pid (\d+)/);
    process.kill(Number(/printing in the browser with pid (\d+)/.exec(run.output())?.[1]), "SIGSTOP");
    const [code, ms] = await timed(run.exited);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(4000 + 5000);
    expect(run.output()).toMatch(/error: Printing the PDF took longer than 4 s and was stopped; nothing was written/);
    expect(await readdir(out)).toEqual([]);
  });

  it("leaves no partial output and no browser on Ctrl-C during a build", async () => {
    const run = report([]);
    await run.waitFor(/^html\s/m);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    expect((await readdir(out)).filter((name) => !name.startsWith(".build"))).toEqual([]);
  });

  it("explains an output folder that cannot be written", async () => {
    const run = report(["--out", "/etc/passwd/dossier"]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/error: Cannot write \/etc\/passwd\/dossier: a part of the path is a file, not a folder\./);
  });
});
