// A browser that will not start, crashes or hangs; Ctrl-C; an unwritable folder: clear errors in
// bounded time, no Chromium left behind, nothing half-written.
import { execFile, execFileSync } from "node:child_process";
import { appendFile, readdir, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { aliveInGroups, browserGroupsOf, chromiumPids, leftoverChromium, type Running, start } from "../support/process.js";
import { copyOfTemplates, ROOT, tempDir } from "../support/project.js";

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

/** Every browser group the run starts while it runs: one may come and go between two looks at ps. */
async function browserGroupsWhile(run: Running): Promise<number[]> {
  const groups = new Set<number>();
  while (run.child.exitCode === null && run.child.signalCode === null) {
    for (const group of browserGroupsOf(run.child.pid ?? 0)) groups.add(group);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return [...groups];
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

  it("kills a browser that does not start within --timeout, with all it started", async () => {
    // A browser that never gets as far as listening, with a process of its own beside it.
    const browser = join(await tempDir(), "slow-chromium");
    await writeFile(browser, "#!/bin/sh\nsleep 600\n", { mode: 0o755 });
    const run = report(["--timeout", "5"], { PUPPETEER_EXECUTABLE_PATH: browser });
    const groups = browserGroupsWhile(run);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`error: The browser at ${browser} could not start (Timed out after 5000 ms`);
    expect(await groups).not.toEqual([]);
    expect(await aliveInGroups(await groups, 2000)).toEqual([]);
  });

  it("stops a template that loops for minutes within --timeout, and reaps the browser", async () => {
    const templates = await copyOfTemplates();
    // Ten loops nested over the nine dated facts: 9^10 turns, hours of work in one synchronous call.
    await appendFile(join(templates, "partials", "method.hbs"), `${"{{#each @root.timeline}}".repeat(10)}${"{{/each}}".repeat(10)}\n`);
    const run = report(["--templates", templates, "--timeout", "8"]);
    const groups = browserGroupsWhile(run);
    await run.waitFor(/^charts\s/m);
    const [code, ms] = await timed(run.exited);
    expect(code).toBe(1);
    // The limit, then the watchdog's grace (1 s and its 0.25 s look), then closing down.
    expect(ms).toBeLessThan(8000 + 1250 + 5000);
    expect(run.output()).toMatch(/error: The html stage took longer than 8 s \(--timeout\) and was stopped; nothing was written\.\n/);
    expect(run.output()).not.toMatch(/internal error|Waiting for the debugger/);
    expect(await readdir(out)).toEqual([]);
    expect(await aliveInGroups(await groups, 2000)).toEqual([]);
  });

  it("gives up on a remote browser that accepts the connection and never answers", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
    try {
      const run = report(["--browser-url", url, "--timeout", "6"]);
      const [code, ms] = await timed(run.exited);
      expect(code).toBe(1);
      // Tried once at the start of the build and once more by the pdf stage.
      expect(ms).toBeLessThan(2 * 6000 + 30_000);
      expect(run.output()).toContain(`error: Cannot reach the browser at ${url}: no answer within 6 s (--timeout).`);
      expect(await readdir(out)).toEqual([]);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it("ends a process whose abandoned stage is stuck in a system call (a FIFO nobody writes to)", async () => {
    // Node joins its file-system threads at exit; one blocked opening a FIFO would hold the exit forever.
    const fifo = join(out, "fifo");
    execFileSync("mkfifo", [fifo]);
    const script = `
      const { withinTime, exitProcess } = await import("./dist/time-limit.js");
      const { readFile } = await import("node:fs/promises");
      try {
        await withinTime(500, new Error("the read took too long"), () => readFile(${JSON.stringify(fifo)}));
      } catch (error) {
        process.stderr.write(error.message + "\\n");
      }
      await exitProcess(1);`;
    const startedAt = Date.now();
    const ended = await new Promise<{ signal: string | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ["--input-type=module", "-e", script],
        { cwd: ROOT, timeout: 20_000 },
        (_error, _stdout, stderr) => resolve({ signal: child.signalCode, stderr }),
      );
    });
    expect(ended.stderr).toBe("the read took too long\n");
    expect(ended.signal).toBe("SIGKILL");
    // The limit, then two seconds for pending calls to settle.
    expect(Date.now() - startedAt).toBeLessThan(500 + 2000 + 3000);
  });

  it("leaves no partial output, no browser and no browser profile on Ctrl-C during a build", async () => {
    // puppeteer makes the browser's temporary profile in the system's temporary folder.
    const tmp = await tempDir();
    const run = report([], { TMPDIR: tmp });
    await run.waitFor(/^html\s/m);
    expect((await readdir(tmp)).filter((name) => name.startsWith("puppeteer_dev_chrome_profile-"))).toHaveLength(1);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    expect((await readdir(out)).filter((name) => !name.startsWith(".build"))).toEqual([]);
    expect(await readdir(tmp)).toEqual([]);
  });

  it("explains an output folder that cannot be written", async () => {
    const run = report(["--out", "/etc/passwd/dossier"]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/error: Cannot write \/etc\/passwd\/dossier: a part of the path is a file, not a folder\./);
  });
});
