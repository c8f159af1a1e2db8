// Runs builds for the command line, watch mode and the scheduler: one browser kept warm between
// builds (or a remote one), one build at a time per output folder, and a clean stop.
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import lockfile from "proper-lockfile";
import puppeteer, { type Browser } from "puppeteer";
import { closeBrowser, launchBrowser } from "./browser.js";
import { type BuildResult, buildDossier, type Stage } from "./build.js";
import { PrintError, UserError, writeError } from "./errors.js";
import { type ReportOptions, today } from "./options.js";
import { preparePage, releasePages } from "./stages/pdf.js";
import { makeOutputFolder } from "./stages/write.js";
import { withinTime } from "./time-limit.js";

export interface RunnerEvents {
  onStage?: (stage: Stage, milliseconds: number) => void;
  log?: (message: string) => void;
  trace?: (message: string) => void;
}

export interface Runner {
  /** Builds the dossier once; waits for another build of the same output folder to finish first. */
  build(): Promise<BuildResult>;
  /** Closes the browser (or disconnects from a remote one), then waits for the build in progress to settle. */
  close(): Promise<void>;
}

/** A lock that a crashed run does not leave stuck: proper-lockfile refreshes it while held and treats it as stale after 15 s. */
async function lockOutput(dir: string, waitMs: number): Promise<() => Promise<void>> {
  await makeOutputFolder(dir);
  const deadline = Date.now() + waitMs;
  // Only a lock held by another build is waited for: proper-lockfile's own retries would retry a
  // read-only or full disk just the same, for a minute, before saying anything.
  for (;;) {
    try {
      // proper-lockfile keys its locks by the locked path: each lock gets a path of its own.
      return await lockfile.lock(join(dir, ".build"), { realpath: false, stale: 15_000, update: 5_000 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw writeError(dir, error);
      if (Date.now() >= deadline)
        throw new UserError(
          `Another build is writing to ${dir} and did not finish within ${Math.round(waitMs / 1000)} s; try again later.`,
        );
      await sleep(1000);
    }
  }
}

async function connect(url: string, timeout: number): Promise<Browser> {
  const endpoint = url.startsWith("ws") ? { browserWSEndpoint: url } : { browserURL: url };
  // protocolTimeout bounds each command, not the connection: a host that accepts and never answers would hold it.
  const connecting = puppeteer.connect({ ...endpoint, protocolTimeout: timeout });
  const silent = new UserError(`Cannot reach the browser at ${url}: no answer within ${timeout / 1000} s (--timeout).`);
  try {
    return await withinTime(timeout, silent, () => connecting);
  } catch (error) {
    // A connection that comes after we gave up is closed, not kept open in the background.
    connecting.then(
      (late) => late.disconnect(),
      () => {},
    );
    if (error === silent) throw error;
    throw new UserError(`Cannot reach the browser at ${url}: ${(error as Error).message.split("\n")[0]}`, 1, { cause: error });
  }
}

/** How long stopping may wait for the browser to close and the build in progress to clean up. */
const STOP_LIMIT_MS = 5_000;

export function createRunner(options: ReportOptions & { tz?: string | undefined }, events: RunnerEvents = {}): Runner {
  let browser: Promise<Browser> | undefined;
  let current: Promise<unknown> = Promise.resolve();
  let closed = false;

  /** The warm browser, started (or reconnected) again if it went away since the last build. */
  async function getBrowser(): Promise<Browser> {
    if (closed) throw new UserError("Stopped before the PDF was printed; nothing was written.");
    const running = browser && (await browser.catch(() => undefined));
    if (running?.connected) return running;
    browser = options.browserUrl ? connect(options.browserUrl, options.timeout) : launchBrowser({ timeout: options.timeout });
    // The page is opened while the data is read and the charts are drawn, off the build's path.
    browser.then(preparePage, () => {});
    return browser;
  }

  async function buildOnce(): Promise<BuildResult> {
    // The output folder first: one that cannot be written fails at once, with no browser started for nothing.
    const unlock = await lockOutput(options.out, options.timeout);
    // Chromium starts while the data is read and the charts are drawn.
    getBrowser().catch(() => {});
    try {
      return await buildDossier({
        dataDir: options.data,
        templatesDir: options.templates,
        outDir: options.out,
        date: options.date ?? today(options.tz),
        lang: options.lang,
        format: options.format,
        timeout: options.timeout,
        html: options.html,
        ...(options.keep === undefined ? {} : { keep: options.keep }),
        browser: getBrowser,
        ...events,
      });
    } catch (error) {
      if (closed && !(error instanceof UserError))
        throw new UserError("Stopped before the PDF was written; out/ is as it was.", 1, { cause: error });
      // A browser that crashed or stalled is not reused: the next build starts a fresh one.
      if (error instanceof PrintError) await discardBrowser();
      throw error;
    } finally {
      await unlock().catch(() => {});
    }
  }

  async function discardBrowser(): Promise<void> {
    const running = browser && (await browser.catch(() => undefined));
    browser = undefined;
    if (running === undefined) return;
    if (options.browserUrl) {
      // Pages of a browser we do not own are closed before we go; ours close with the browser.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([releasePages(running), new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
      await running.disconnect().catch(() => {});
    } else await closeBrowser(running);
  }

  return {
    build() {
      const run = current.then(buildOnce, buildOnce);
      current = run.catch(() => {});
      return run;
    },
    async close() {
      // The browser goes first, so a build in progress stops at once instead of being awaited.
      closed = true;
      const stopped = (async () => {
        await discardBrowser();
        await current;
      })();
      // A build stuck in a stage (or abandoned by the watchdog mid-launch) must not hold the exit;
      // a browser still running then dies with this process (see launchOptions).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, new Promise((resolve) => (timer = setTimeout(resolve, STOP_LIMIT_MS)))]);
      clearTimeout(timer);
    },
  };
}
