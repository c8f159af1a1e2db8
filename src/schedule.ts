#!/usr/bin/env node
// `npm run schedule`: rebuilds on a cron schedule, skipping runs whose inputs and date did not
// change. Only the skip check is loaded up front; the pipeline (browser, charts) on the first build.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describeError, UserError, writeError } from "./errors.js";
import { hashInputs } from "./inputs.js";
import { parseScheduleOptions, SCHEDULE_HELP, type ScheduleOptions, today, userCwd } from "./options.js";
import type { Runner } from "./runner.js";
import { onStopSignal } from "./signals.js";
import { latestStem, readLatestManifest } from "./stages/write.js";
import { VERSION } from "./version.js";

const log = (message: string) => process.stdout.write(`[${new Date().toISOString()}] ${message}\n`);

/** The scheduler's own lock, held while it runs: a second scheduler on the same folder refuses. */
async function claimFolder(dir: string): Promise<() => Promise<void>> {
  const { default: lockfile } = await import("proper-lockfile");
  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw writeError(dir, error);
  });
  try {
    // proper-lockfile keys its locks by the locked path: each lock gets a path of its own.
    return await lockfile.lock(join(dir, ".schedule"), { realpath: false, stale: 15_000, update: 5_000, retries: 0 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    throw new UserError(
      `Another scheduler is already running for ${dir} (it holds ${join(dir, ".schedule.lock")}). Stop it first, or give this one another --out.`,
    );
  }
}

/** The newest build's inputs and date, if its manifest says them and its PDF is still there. */
async function latestBuild(options: ScheduleOptions): Promise<{ inputHash: string; reportDate: string; file: string } | undefined> {
  const { inputHash, reportDate, file } = (await readLatestManifest(options.out, options.lang)) ?? {};
  if (typeof inputHash !== "string" || typeof reportDate !== "string" || typeof file !== "string") return undefined;
  return existsSync(join(options.out, `${latestStem(options.lang)}.pdf`)) ? { inputHash, reportDate, file } : undefined;
}

function createRunOnce(options: ScheduleOptions) {
  let runner: Runner | undefined;
  return {
    async run(): Promise<number> {
      const start = performance.now();
      const date = options.date ?? today(options.tz);
      log(`run started for ${date}`);
      try {
        const inputHash = await hashInputs({
          dataDir: options.data,
          templatesDir: options.templates,
          lang: options.lang,
          format: options.format,
          version: VERSION,
        });
        const latest = await latestBuild(options);
        if (!options.force && latest?.inputHash === inputHash && latest.reportDate === date) {
          log(
            `skipped: nothing changed since ${latest.file} (same inputs, same date) in ${Math.round(performance.now() - start)} ms; --force builds anyway`,
          );
          return 0;
        }
        if (runner === undefined) {
          const { createRunner } = await import("./runner.js");
          runner = createRunner({ ...options, date }, { log: (message) => log(`browser: ${message}`) });
        }
        const result = await runner.build();
        log(
          `built ${result.path} (${result.manifest.pages} pages, ${result.manifest.bytes} bytes) in ${Math.round(performance.now() - start)} ms`,
        );
        return 0;
      } catch (error) {
        const { message, exitCode } = describeError(error, options.debug, userCwd());
        log(`failed in ${Math.round(performance.now() - start)} ms: ${message}`);
        return exitCode;
      }
    },
    close: async () => runner?.close(),
  };
}

export async function main(argv: string[]): Promise<number> {
  let options: ScheduleOptions | undefined;
  try {
    // croner is loaded only for --cron, so that a `--once` that skips stays quick.
    let cron: typeof import("croner") | undefined;
    if (argv.includes("--cron")) cron = await import("croner");
    options = parseScheduleOptions(argv, (expression, timezone) =>
      cron ? new cron.Cron(expression, { paused: true, ...(timezone ? { timezone } : {}) }).stop() : undefined,
    );
    if (options.help) {
      process.stdout.write(`${SCHEDULE_HELP}\n`);
      return 0;
    }
    const runs = createRunOnce(options);
    if (options.once || cron === undefined) {
      // A one-off run is not a scheduler: it may run beside one, and the build lock keeps their
      // builds from overlapping.
      onStopSignal(runs);
      try {
        return await runs.run();
      } finally {
        await runs.close();
      }
    }
    const release = await claimFolder(options.out);
    // protect: a run that outlasts the interval makes the next one wait its turn, never overlap.
    const job = new cron.Cron(options.cron ?? "", { protect: true, ...(options.tz ? { timezone: options.tz } : {}) }, async () => {
      await runs.run();
      log(`next run at ${job.nextRun()?.toISOString() ?? "never"}`);
    });
    onStopSignal(
      {
        close: async () => {
          job.stop();
          await runs.close();
          await release().catch(() => {});
        },
      },
      log,
    );
    log(`scheduled "${options.cron}"${options.tz ? ` (${options.tz})` : ""}; next run at ${job.nextRun()?.toISOString() ?? "never"}`);
    return await new Promise<number>(() => {});
  } catch (error) {
    const { message, exitCode } = describeError(error, options?.debug ?? false, userCwd());
    process.stderr.write(`${message}\n`);
    return exitCode;
  }
}

// Exit as soon as the work is done: a browser that crashed can leave puppeteer's connection
// timers pending for a while, and the user should not wait for them.
process.exit(await main(process.argv.slice(2)));
