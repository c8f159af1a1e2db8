// The browser a build starts runs as few processes as printing needs: each one costs memory.
import { execFileSync } from "node:child_process";
import type { Browser } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBrowser, launchBrowser } from "../../src/browser.js";

/** Every process below pid, with its command line. */
function processesBelow(pid: number): string[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, child, parent, args]) => ({ pid: Number(child), parent: Number(parent), args: args ?? "" }));
  const found: string[] = [];
  for (let queue = [pid]; queue.length > 0; ) {
    const parent = queue.shift();
    for (const row of rows.filter((candidate) => candidate.parent === parent)) {
      found.push(row.args);
      queue.push(row.pid);
    }
  }
  return found;
}

describe.runIf(process.platform === "linux")("the browser a build starts", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await closeBrowser(browser);
  });

  it("opens no tab of its own, and prints with one renderer and no network process", async () => {
    expect(await browser.pages()).toEqual([]);
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
    expect(processes.filter((args) => args.includes("--type=renderer"))).toHaveLength(1);
    // The network service runs inside the browser process (--enable-features=NetworkServiceInProcess2).
    expect(processes.filter((args) => args.includes("network.mojom.NetworkService"))).toEqual([]);
    await page.close();
  });
});
