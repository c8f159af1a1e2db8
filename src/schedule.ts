#!/usr/bin/env node
// `npm run schedule`: rebuilds on a cron schedule, skipping runs whose inputs and date did not
// change. Only the skip check is loaded up front; the pipeline (browser, charts) on the first build.
import { join } from "node:path";
import type { MailOutcome } from "./delivery/deliver.js";
import { clearCache, defaultCacheDir } from "./disk-cache.js";
import { describeError, failed, UserError, warningLines, writeError } from "./errors.js";
import { buildRequest, ENGINE_TEMPLATES, parseScheduleOptions, SCHEDULE_HELP, type ScheduleOptions, userCwd } from "./options.js";
import { mainEdition, resolveDossier } from "./profile/editions.js";
import type { DossierFolder } from "./profile/load.js";
import { builtLine, resultLine } from "./result.js";
import type { Session } from "./session.js";
import { onStopSignal } from "./signals.js";
import type { Edition } from "./stages/output-names.js";
import { makeOutputFolder } from "./stages/write.js";
import { exitProcess } from "./time-limit.js";
import { keepFrame, type Log, logger, runDate, SKIPPED, type SkipFrame, skippedLine, unchanged } from "./unchanged.js";
import { runningSoftware } from "./version.js";

/** Built or skipped, but a mail was not accepted: it is sent again on the next run. */
const MAIL_FAILED = 4;

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

/**
 * The scheduler's own lock, held while it runs: a second scheduler of the same dossier into the
 * same folder refuses; schedulers of other dossiers share the folder.
 */
async function claimFolder(dir: string, name: string): Promise<() => Promise<void>> {
  const { default: lockfile } = await import("proper-lockfile");
  await makeOutputFolder(dir);
  try {
    // proper-lockfile keys its locks by the locked path: each lock gets a path of its own.
    return await lockfile.lock(join(dir, `.schedule-${name}`), { realpath: false, stale: 15_000, update: 5_000, retries: 0 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw writeError(dir, error);
    throw new UserError(
      `Another scheduler of ${name} is already running for ${dir} (it holds ${join(dir, `.schedule-${name}.lock`)}). Stop it first, or give this one another --out.`,
    );
  }
}

/** What the skip check needs of the dossier; kept for the quick skip. */
function frameOf(folder: DossierFolder, editions: readonly Edition[]): SkipFrame {
  return {
    profilePath: folder.file.path,
    dataDir: folder.dataDir,
    templatesDir: folder.templatesDir,
    outDir: folder.outDir,
    name: folder.profile.name,
    main: mainEdition(folder),
    editions: [...editions],
    mails: folder.profile.delivery !== undefined,
    tz: folder.profile.schedule?.tz,
  };
}

/** One build, or a skip, at a time; run() gives its exit code: 0 built, SKIPPED, or the error's. */
function createRunOnce(options: ScheduleOptions, log: Log) {
  let session: Session | undefined;
  /** Each subscription's mail of its newest edition, when the dossier has subscribers (loaded only then). */
  const send = async (folder: DossierFolder): Promise<MailOutcome[]> => {
    if (folder.profile.delivery === undefined) return [];
    const [{ deliver }, { smtpSettings }] = await Promise.all([import("./delivery/deliver.js"), import("./delivery/smtp.js")]);
    return deliver({ folder, dryRun: options.dryRun, smtp: () => smtpSettings(), log });
  };
  return {
    async run(): Promise<number> {
      const start = performance.now();
      try {
        const { folder, editions } = await resolveDossier(options.dir, ENGINE_TEMPLATES, options);
        const frame = frameOf(folder, editions);
        // For the next runs' quick skip, which knows the dossier only from this.
        keepFrame(
          { dir: defaultCacheDir(), software: await runningSoftware() },
          { ...options, engineTemplates: ENGINE_TEMPLATES },
          folder.profileDigest,
          frame,
        );
        const date = runDate(options, frame);
        log(`run started for ${date}`);
        const skipped = options.force ? undefined : await unchanged(frame, date);
        if (skipped !== undefined) {
          log(skippedLine(skipped, start));
          // A mail an earlier run could not send goes now.
          const mails = await send(folder);
          if (options.json) process.stdout.write(resultLine("skipped", folder.outDir, skipped, performance.now() - start, mails));
          return mails.some((mail) => mail.result === "failed") ? MAIL_FAILED : SKIPPED;
        }
        if (session === undefined) {
          const { openSession } = await import("./session.js");
          session = openSession({
            browserUrl: options.browserUrl,
            timeout: options.timeout,
            engineTemplates: ENGINE_TEMPLATES,
            cacheDir: defaultCacheDir(),
            log: (message) => log(`browser: ${message}`),
          });
        }
        const result = await session.build({ ...buildRequest(options)(), date });
        const warnings = warningLines(result.warnings, userCwd());
        if (warnings !== "") log(warnings.trimEnd());
        for (const { path, manifest } of result.editions)
          log(`built ${path} (${manifest.pages} pages, ${manifest.bytes} bytes) in ${Math.round(performance.now() - start)} ms`);
        const mails = await send(folder);
        if (options.json) process.stdout.write(builtLine(result, performance.now() - start, mails));
        return mails.some((mail) => mail.result === "failed") ? MAIL_FAILED : 0;
      } catch (error) {
        const { message, exitCode } = describeError(error, options.debug, userCwd());
        log(`failed in ${Math.round(performance.now() - start)} ms: ${message}`);
        return exitCode;
      }
    },
    close: async () => session?.close(),
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
    if (options.clearCache) await clearCache(defaultCacheDir());
    const log = logger(options.json);
    if (options.once) {
      const runs = createRunOnce(options, log);
      // A one-off run is not a scheduler: it may run beside one, and the build lock keeps their
      // builds from overlapping.
      onStopSignal(runs);
      try {
        return await runs.run();
      } finally {
        await runs.close();
      }
    }
    const { folder } = await resolveDossier(options.dir, ENGINE_TEMPLATES, options);
    const expression = options.cron ?? folder.profile.schedule?.cron;
    const tz = options.tz ?? folder.profile.schedule?.tz;
    if (expression === undefined)
      throw new UserError(`give --cron EXPRESSION or --once, or set schedule: { cron: ... } in ${folder.file.path} (see --help)`, 2);
    cron ??= await import("croner");
    const runs = createRunOnce(options, log);
    let job: InstanceType<typeof cron.Cron>;
    try {
      // protect: a run that outlasts the interval makes the next one wait its turn, never overlap.
      job = new cron.Cron(expression, { protect: true, paused: true, ...(tz ? { timezone: tz } : {}) }, async () => {
        await runs.run();
        log(`next run: ${inZone(job.nextRun(), tz)}`);
      });
    } catch (error) {
      throw new UserError(
        `${folder.file.path}: schedule "${expression}"${tz ? ` in ${tz}` : ""} is not a cron expression and zone: ${(error as Error).message}`,
      );
    }
    const release = await claimFolder(folder.outDir, folder.profile.name);
    job.resume();
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
    log(`scheduled "${expression}" for ${folder.profile.name}; next run: ${inZone(job.nextRun(), tz)}`);
    return await new Promise<number>(() => {});
  } catch (error) {
    return failed(error, options?.debug ?? false, userCwd());
  }
}

// Exit as soon as the work is done: a browser that crashed can leave puppeteer's connection
// timers pending for a while, and the user should not wait for them.
// No top-level await: the bundle that src/setup/launch.cjs runs is a CommonJS script.
void main(process.argv.slice(2)).then(exitProcess);
