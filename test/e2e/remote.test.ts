// --browser-url: printing on a Chrome someone else runs (browserless, a shared Chrome service).
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import puppeteer from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, findBrowserExecutable } from "../../src/browser.js";
import { chromiumPids, leftoverChromium, start } from "../support/process.js";
import { sha256Of, tempDir } from "../support/project.js";

describe("--browser-url", () => {
  let before: Set<number>;
  let chromium: ChildProcess;
  let endpoint: string;

  beforeAll(async () => {
    before = chromiumPids();
    chromium = spawn(findBrowserExecutable(), [
      "--headless",
      "--remote-debugging-port=0",
      `--user-data-dir=${await tempDir("remote-chrome-")}`,
      ...chromiumArgs(),
    ]);
    endpoint = await new Promise<string>((resolve, reject) => {
      let output = "";
      chromium.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      chromium.on("exit", () => reject(new Error(`Chromium exited: ${output}`)));
    });
  });

  afterAll(async () => {
    chromium.kill();
    expect(await leftoverChromium(before)).toEqual([]);
  });

  it("prints the same dossier through a remote Chromium, by WebSocket endpoint or by http address, and leaves it running", async () => {
    const [local, viaWs, viaHttp] = [await tempDir(), await tempDir(), await tempDir()];
    const port = new URL(endpoint).port;
    for (const [out, extra] of [
      [local, []],
      [viaWs, ["--browser-url", endpoint]],
      [viaHttp, ["--browser-url", `http://127.0.0.1:${port}`]],
    ] as const) {
      const run = start("cli.js", ["--date", "2026-11-22", "--out", out, ...extra]);
      expect(await run.exited, run.output()).toBe(0);
    }
    const file = "meta-ai-strategy-2026-11-22.pdf";
    expect(await sha256Of(join(viaWs, file))).toBe(await sha256Of(join(local, file)));
    expect(await sha256Of(join(viaHttp, file))).toBe(await sha256Of(join(local, file)));
    expect(chromium.exitCode).toBeNull();
    // Nothing of ours is left open in a browser others share (the headless shell starts with no tab).
    const shared = await puppeteer.connect({ browserWSEndpoint: endpoint });
    expect((await shared.pages()).map((page) => page.url())).toEqual([]);
    await shared.disconnect();
  });
});
