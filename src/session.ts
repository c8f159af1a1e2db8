// A session owns what builds share: one browser kept warm between builds (or a remote one), its
// pages, the drawn charts and cut fonts; it runs one build at a time per output folder and stops
// cleanly. The command line, --watch, the scheduler and the library API all build through one.
import puppeteer, { type Browser } from "puppeteer";
import { closeBrowser, launchBrowser } from "./browser.js";
import { createChartCache } from "./charts/index.js";
import { isRealDate } from "./choices.js";
import { PrintError, UserError } from "./errors.js";
import { lockOutput } from "./output-lock.js";
import { type BuildResult, buildDossier, type Stage } from "./pipeline.js";
import { type Overrides, resolveDossier } from "./profile/editions.js";
import type { DossierFolder } from "./profile/load.js";
import type { FontCache } from "./stages/html.js";
import { PagePool } from "./stages/pdf.js";

import { withinTime } from "./time-limit.js";

export interface SessionOptions {
  /** Print on a running Chrome (ws://... or http://host:port) instead of starting one. */
  browserUrl?: string | undefined;
  /** The longest a stage may take, in milliseconds; also bounds starting or reaching the browser. */
  timeout: number;
  /** The engine's own templates, for a dossier that has none. */
  engineTemplates: string;
  /** Receives what the page reports: refused requests, console messages, errors. */
  log?: ((message: string) => void) | undefined;
  /** Receives progress for --debug. */
  trace?: ((message: string) => void) | undefined;
  /** Where charts are kept between runs (disk-cache.ts); none: each run draws its own. */
  cacheDir?: string | undefined;
  /**
   * The session builds once, then ends (the command line without --watch): the browser is closed
   * as soon as the build has printed, while Node mends and writes the PDFs, not after.
   */
  once?: boolean | undefined;
}

/** One build of a dossier folder. */
export interface BuildRequest {
  /** The dossier folder: the one holding dossier.yaml. */
  dir: string;
  /** The report date, YYYY-MM-DD. */
  date: string;
  overrides?: Overrides | undefined;
  html?: boolean | undefined;
  keep?: number | undefined;
  /** Tell what changed since the edition of this date (YYYY-MM-DD), instead of the newest earlier one. */
  since?: string | undefined;
  /** Sentences of the articles no fact covers are errors instead of warnings. */
  strict?: boolean | undefined;
  /** Where the earlier editions are, to tell what changed since (default: the output folder). */
  history?: string | undefined;
  onStage?: ((stage: Stage, milliseconds: number) => void) | undefined;
}

export interface SessionBuild extends BuildResult {
  folder: DossierFolder;
}

export interface Session {
  /** Reads the dossier folder and builds its editions; waits for another build in the session to finish first. */
  build(request: BuildRequest): Promise<SessionBuild>;
  /** Closes the browser (or disconnects from a remote one), then waits for the build in progress to settle. */
  close(): Promise<void>;
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

export function openSession(options: SessionOptions): Session {
  let browser: Promise<Browser> | undefined;
  let pool: PagePool | undefined;
  const caches = { charts: createChartCache(), fonts: {} as FontCache };
  let current: Promise<unknown> = Promise.resolve();
  let closed = false;
  let closing: Promise<void> | undefined;
  /** Every browser being closed or disconnected, which close() waits for. */
  let discarding: Promise<unknown> = Promise.resolve();

  /** The warm browser, started (or reconnected) again if it went away since the last build. */
  async function getBrowser(): Promise<Browser> {
    if (closed) throw new UserError("Stopped before the PDF was printed; nothing was written.");
    const running = browser && (await browser.catch(() => undefined));
    if (running?.connected) return running;
    const starting = options.browserUrl ? connect(options.browserUrl, options.timeout) : launchBrowser({ timeout: options.timeout });
    browser = starting;
    // The page is opened while the data is read and the charts are drawn, off the build's path.
    starting.then(
      (started) => {
        if (browser !== starting) return;
        pool = new PagePool(started);
        pool.prepare();
      },
      () => {},
    );
    return starting;
  }

  async function getPages(): Promise<PagePool> {
    const running = await getBrowser();
    if (pool?.browser !== running) pool = new PagePool(running);
    return pool;
  }

  async function buildOnce(request: BuildRequest): Promise<SessionBuild> {
    // The date names files: a library caller's is checked as the command line's is.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(request.date) || !isRealDate(request.date))
      throw new UserError(`The report date must be a real day as YYYY-MM-DD (got "${request.date}").`);
    if (request.since !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(request.since) || !isRealDate(request.since)))
      throw new UserError(`The edition to compare with must be a real day as YYYY-MM-DD (got "${request.since}").`);
    const { folder, editions } = await resolveDossier(request.dir, options.engineTemplates, request.overrides);
    // The output folder first: one that cannot be written fails at once, with no browser started for nothing.
    const unlock = await lockOutput(folder.outDir, options.timeout);
    // Chromium starts while the data is read and the charts are drawn.
    getBrowser().catch(() => {});
    try {
      const result = await buildDossier({
        folder,
        editions,
        date: request.date,
        timeout: options.timeout,
        html: request.html,
        keep: request.keep,
        since: request.since,
        strict: request.strict,
        history: request.history,
        pages: getPages,
        ...(options.once ? { printed: () => void discardBrowser() } : {}),
        caches,
        cacheDir: options.cacheDir,
        onStage: request.onStage,
        log: options.log,
        trace: options.trace,
      });
      return { ...result, folder };
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

  /** Closes the browser (disconnects from a remote one); resolves once every browser discarded so far is gone. */
  function discardBrowser(): Promise<unknown> {
    const discarded = browser;
    const pages = pool;
    browser = undefined;
    pool = undefined;
    const gone = (async () => {
      const running = discarded && (await discarded.catch(() => undefined));
      if (running === undefined) return;
      if (options.browserUrl) {
        // Pages of a browser we do not own are closed before we go; ours close with the browser.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([pages?.release(), new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
        clearTimeout(timer);
        await running.disconnect().catch(() => {});
      } else await closeBrowser(running);
    })();
    discarding = Promise.all([discarding, gone]);
    return discarding;
  }

  return {
    build(request) {
      const once = () => buildOnce(request);
      const run = current.then(once, once);
      current = run.catch(() => {});
      return run;
    },
    close() {
      // Once: a second call (the command's own, after Ctrl-C started one) waits for the first,
      // which may still be deleting the browser's temporary profile, instead of finding nothing
      // left to close and letting the process exit under it.
      closing ??= (async () => {
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
      })();
      return closing;
    },
  };
}
