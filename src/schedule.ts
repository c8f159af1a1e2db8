#!/usr/bin/env node
// `npm run schedule`: rebuilds on a cron schedule, skipping runs whose inputs and date did not
// change. Only the skip check is loaded up front; the pipeline (browser, charts) on the first build.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describeError, UserError, writeError } from "./errors.js";
import { hashInputs } from "./inputs.js";
import { parseScheduleOptions, SCHEDULE_HELP, type ScheduleOptions, today, userCwd } from "./options.js";
import { resultLine } from "./result.js";
import type { Runner } from "./runner.js";
import { onStopSignal } from "./signals.js";
import { latestStem, makeOutputFolder, readLatestManifest } from "./stages/write.js";
import { exitProcess } from "./time-limit.js";

/** --once found nothing to build: not an error, yet not a build, so that a script can tell them apart. */
const SKIPPED = 3;

type Log = (message: string) => void;

/** Timestamped lines on stdout, or on stderr when --json keeps stdout for the results. */
function logger(json: boolean): Log {
  const stream = json ? process.stderr : process.stdout;
  return (message) => stream.write(`[${new Date().toISOString()}] ${message}\n`);
}

/** "2026-11-24 06:00 Europe/Paris": a run's time as the person who set the schedule reads it, in its zone. */
function inZone(time: Date | null, timeZone: string | undefined): string {
  if (time === null) return "never";
  // Without --tz croner follows this machine's zone, and so does Intl.
  const zone = timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((found) => found.type === type)?.value ?? "";
  // Seconds only for the schedules that have them (a cron expression may start with seconds).
  const seconds = part("second") === "00" ? "" : `:${part("second")}`;
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}${seconds} ${zone}`;
}

/** The scheduler's own lock, held while it runs: a second scheduler on the same folder refuses. */
async function claimFolder(dir: string): Promise<() => Promise<void>> {
  const { default: lockfile } = await import("proper-lockfile");
  await makeOutputFolder(dir);
  try {
    // proper-lockfile keys its locks by the locked path: each lock gets a path of its own.
    return await lockfile.lock(join(dir, ".schedule"), { realpath: false, stale: 15_000, update: 5_000, retries: 0 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw writeError(dir, error);
    throw new UserError(
      `Another scheduler is already running for ${dir} (it holds ${join(dir, ".schedule.lock")}). Stop it first, or give this one another --out.`,
    );
  }
}

interface LatestBuild {
  inputHash: string;
  reportDate: string;
  file: string;
  pages: number;
  sha256: string;
}

/** The newest build's inputs, date and PDF, if its manifest says them and its PDF is still there. */
async function latestBuild(options: ScheduleOptions): Promise<LatestBuild | undefined> {
  const { inputHash, reportDate, file, pages, sha256 } = (await readLatestManifest(options.out, options)) ?? {};
  if (typeof inputHash !== "string" || typeof reportDate !== "string" || typeof file !== "string") return undefined;
  if (typeof pages !== "number" || typeof sha256 !== "string") return undefined;
  return existsSync(join(options.out, `${latestStem(options)}.pdf`)) ? { inputHash, reportDate, file, pages, sha256 } : undefined;
}

/** One build, or a skip, at a time; run() gives its exit code: 0 built, SKIPPED, or the error's. */
function createRunOnce(options: ScheduleOptions, log: Log) {
  let runner: Runner | undefined;
  return {
    async run(): Promise<number> {
      const start = performance.now();
      const date = options.date ?? today(options.tz);
      log(`run started for ${date}`);
      try {
        const [inputHash, latest] = await Promise.all([
          hashInputs({ dataDir: options.data, templatesDir: options.templates, lang: options.lang, format: options.format }),
          latestBuild(options),
        ]);
        if (!options.force && latest?.inputHash === inputHash && latest.reportDate === date) {
          log(
            `skipped: nothing changed since ${latest.file} (same inputs, same date) in ${Math.round(performance.now() - start)} ms; --force builds anyway`,
          );
          if (options.json) process.stdout.write(resultLine("skipped", options.out, options, latest, performance.now() - start));
          return SKIPPED;
        }
        if (runner === undefined) {
          const { createRunner } = await import("./runner.js");
          runner = createRunner({ ...options, date }, { log: (message) => log(`browser: ${message}`) });
        }
        const result = await runner.build();
        log(
          `built ${result.path} (${result.manifest.pages} pages, ${result.manifest.bytes} bytes) in ${Math.round(performance.now() - start)} ms`,
        );
        if (options.json) process.stdout.write(resultLine("built", options.out, options, result.manifest, performance.now() - start));
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
    const log = logger(options.json);
    const runs = createRunOnce(options, log);
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
    const { tz } = options;
    const release = await claimFolder(options.out);
    // protect: a run that outlasts the interval makes the next one wait its turn, never overlap.
    const job = new cron.Cron(options.cron ?? "", { protect: true, ...(options.tz ? { timezone: options.tz } : {}) }, async () => {
      await runs.run();
      log(`next run: ${inZone(job.nextRun(), tz)}`);
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
    log(`scheduled "${options.cron}"; next run: ${inZone(job.nextRun(), tz)}`);
    return await new Promise<number>(() => {});
  } catch (error) {
    const { message, exitCode } = describeError(error, options?.debug ?? false, userCwd());
    process.stderr.write(`${message}\n`);
    return exitCode;
  }
}

// Exit as soon as the work is done: a browser that crashed can leave puppeteer's connection
// timers pending for a while, and the user should not wait for them.
await exitProcess(await main(process.argv.slice(2)));
