// The scheduler's skip check: were the newest PDFs built from these very inputs for this date?
// Shared by the scheduler and by its quick skip (schedule-skip.ts), which must decide alike.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { editionHash, hashInputs } from "./inputs.js";
import { type ScheduleOptions, today } from "./options.js";
import { mainEdition } from "./profile/editions.js";
import type { DossierFolder } from "./profile/load.js";
import type { EditionOutcome } from "./result.js";
import { type Edition, latestStem, outputNames, readLatestManifest } from "./stages/write.js";

/** --once found nothing to build: not an error, yet not a build, so that a script can tell them apart. */
export const SKIPPED = 3;

export type Log = (message: string) => void;

/** Timestamped lines on stdout, or on stderr when --json keeps stdout for the results. */
export function logger(json: boolean): Log {
  const stream = json ? process.stderr : process.stdout;
  return (message) => stream.write(`[${new Date().toISOString()}] ${message}\n`);
}

/** The date a run builds for: --date, else "today" in the schedule's zone (--tz, else the dossier's). */
export function runDate({ date, tz }: Pick<ScheduleOptions, "date" | "tz">, folder: DossierFolder): string {
  return date ?? today(tz ?? folder.profile.schedule?.tz);
}

interface LatestBuild {
  inputHash: string;
  reportDate: string;
  file: string;
  pages: number;
  sha256: string;
}

/** An edition's newest build: its inputs, date and PDF, if its manifest says them and its PDF is still there. */
async function latestBuild(folder: DossierFolder, edition: Edition): Promise<(EditionOutcome & { latest: LatestBuild }) | undefined> {
  const names = outputNames(folder.profile.name, edition, mainEdition(folder));
  const { inputHash, reportDate, file, pages, sha256 } = (await readLatestManifest(folder.outDir, names)) ?? {};
  if (typeof inputHash !== "string" || typeof reportDate !== "string" || typeof file !== "string") return undefined;
  if (typeof pages !== "number" || typeof sha256 !== "string") return undefined;
  if (!existsSync(join(folder.outDir, `${latestStem(names)}.pdf`))) return undefined;
  return { edition, names, pdf: { file, pages, sha256 }, latest: { inputHash, reportDate, file, pages, sha256 } };
}

/** The newest build of every edition, when each was built from these inputs for this date; else undefined. */
export async function unchanged(folder: DossierFolder, editions: readonly Edition[], date: string): Promise<EditionOutcome[] | undefined> {
  const [inputHash, latest] = await Promise.all([
    hashInputs({ profilePath: folder.file.path, dataDir: folder.dataDir, templatesDir: folder.templatesDir }),
    Promise.all(editions.map((edition) => latestBuild(folder, edition))),
  ]);
  const same = latest.every(
    (build, index) => build?.latest.inputHash === editionHash(inputHash, editions[index] as Edition) && build.latest.reportDate === date,
  );
  return same ? latest.filter((build) => build !== undefined) : undefined;
}

/** The log line of a skip. */
export function skippedLine(skipped: readonly EditionOutcome[], startedAt: number): string {
  return `skipped: nothing changed since ${skipped.map(({ pdf }) => pdf.file).join(", ")} (same inputs, same date) in ${Math.round(performance.now() - startedAt)} ms; --force builds anyway`;
}
