// The scheduler's skip alone, for `schedule --once` as cron and systemd run it each day: a bundle
// of its own (dist/skip.bundle.cjs) that src/setup/launch.cjs runs before the scheduler's. Most
// such runs find nothing changed and end here, without reading the scheduler's bundle (~200 times
// this one). Any other case goes on to the scheduler, which checks again and does the rest.
import { defaultCacheDir } from "./disk-cache.js";
import { ENGINE_TEMPLATES, parseScheduleOptions } from "./options.js";
import { resultLine } from "./result.js";
import { keptFrame, logger, runDate, SKIPPED, skippedLine, unchanged } from "./unchanged.js";
import { runningSoftware } from "./version.js";

/** SKIPPED when this run has nothing to build and said so; undefined when the scheduler must run. */
export async function trySkip(argv: string[]): Promise<number | undefined> {
  const start = performance.now();
  try {
    const options = parseScheduleOptions(argv, () => {});
    if (!options.once || options.force || options.help || options.clearCache) return undefined;
    const frame = await keptFrame(
      { dir: defaultCacheDir(), software: await runningSoftware() },
      { ...options, engineTemplates: ENGINE_TEMPLATES },
    );
    // Not known yet, or a mail an earlier run could not send may go on a skip too: the scheduler's work.
    if (frame === undefined || frame.mails) return undefined;
    const date = runDate(options, frame);
    const skipped = await unchanged(frame, date);
    if (skipped === undefined) return undefined;
    const log = logger(options.json);
    log(`run started for ${date}`);
    log(skippedLine(skipped, start));
    if (options.json) process.stdout.write(resultLine("skipped", frame.outDir, skipped, performance.now() - start));
    return SKIPPED;
  } catch {
    // A wrong option or dossier: the scheduler says what is wrong, as it always has.
    return undefined;
  }
}
