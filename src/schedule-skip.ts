// The scheduler's skip alone, for `schedule --once` as cron and systemd run it each day: a bundle
// of its own (dist/skip.bundle.cjs) that src/setup/launch.cjs runs before the scheduler's. Most
// such runs find nothing changed and end here, without loading the build (~10x the code). Any
// other case goes on to the scheduler, which checks again and does the rest.
import { ENGINE_TEMPLATES, parseScheduleOptions } from "./options.js";
import { resolveDossier } from "./profile/editions.js";
import { resultLine } from "./result.js";
import { logger, runDate, SKIPPED, skippedLine, unchanged } from "./unchanged.js";

/** SKIPPED when this run has nothing to build and said so; undefined when the scheduler must run. */
export async function trySkip(argv: string[]): Promise<number | undefined> {
  const start = performance.now();
  try {
    const options = parseScheduleOptions(argv, () => {});
    if (!options.once || options.force || options.help || options.clearCache || options.cron !== undefined) return undefined;
    const { folder, editions } = await resolveDossier(options.dir, ENGINE_TEMPLATES, options);
    // A mail an earlier run could not send goes on a skip too: the scheduler sends it.
    if (folder.profile.delivery !== undefined) return undefined;
    const date = runDate(options, folder);
    const skipped = await unchanged(folder, editions, date);
    if (skipped === undefined) return undefined;
    const log = logger(options.json);
    log(`run started for ${date}`);
    log(skippedLine(skipped, start));
    if (options.json) process.stdout.write(resultLine("skipped", folder.outDir, skipped, performance.now() - start));
    return SKIPPED;
  } catch {
    // A wrong option or dossier: the scheduler says what is wrong, as it always has.
    return undefined;
  }
}
