// The browser a build starts runs as few processes as printing needs: each one costs memory.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { Browser } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBrowser, findBrowserExecutable, launchBrowser } from "../../src/browser.js";
import systemBrowser from "../../src/setup/system-browser.cjs";

interface Running {
  pid: number;
  args: string;
}

/** Every process below pid, with its command line. */
function processesBelow(pid: number): Running[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, child, parent, args]) => ({ pid: Number(child), parent: Number(parent), args: args ?? "" }));
  const found: Running[] = [];
  for (let queue = [pid]; queue.length > 0; ) {
    const parent = queue.shift();
    for (const row of rows.filter((candidate) => candidate.parent === parent)) {
      found.push({ pid: row.pid, args: row.args });
      queue.push(row.pid);
    }
  }
  return found;
}

/** The names of a process's threads. */
const threadsOf = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).map((task) => readFileSync(`/proc/${pid}/task/${task}/comm`, "utf8").trim());

describe.runIf(process.platform === "linux")("the browser a build starts", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await closeBrowser(browser);
  });

  it("opens no tab of its own, and prints with one renderer, composited on its main thread, and no network process", async () => {
    // The headless shell starts with no tab; a full Chrome keeps the one it opens (launchOptions).
    const shell = systemBrowser.isHeadlessShell(findBrowserExecutable());
    if (shell) expect(await browser.pages()).toEqual([]);
    const page = await browser.newPage();
    await page.setContent("<h1>One page</h1>");
    expect(
      Buffer.from(await page.pdf({ format: "A4" }))
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const pid = browser.process()?.pid;
    expect(pid).toBeDefined();
    const processes = processesBelow(pid ?? 0);
    const renderers = processes.filter(({ args }) => args.includes("--type=renderer"));
    if (shell) expect(renderers).toHaveLength(1);
    else expect(renderers.length).toBeGreaterThan(0);
    // --disable-threaded-compositing: no compositor thread and its tiles beside the main one.
    for (const { pid } of renderers) expect(threadsOf(pid)).not.toContain("Compositor");
    // The network service runs inside the browser process (--enable-features=NetworkServiceInProcess2).
    expect(processes.filter(({ args }) => args.includes("network.mojom.NetworkService"))).toEqual([]);
    await page.close();
  });
});
