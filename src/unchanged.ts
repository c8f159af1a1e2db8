// The scheduler's skip check: were the newest PDFs built from these very inputs for this date?
// Shared by the scheduler and by its quick skip (schedule-skip.ts), which must decide alike. Light
// on purpose (no schema, no YAML): the quick skip knows the dossier from what the scheduler kept
// of it, not by reading dossier.yaml's fields.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type DiskCache, readCached, writeCached } from "./disk-cache.js";
import { PROFILE_FILE, readInputFile } from "./input-files.js";
import { editionHash, hashInputs } from "./inputs.js";
import { type ScheduleOptions, today } from "./options.js";
import type { EditionOutcome } from "./result.js";
import { type Edition, latestStem, outputNames, readLatestManifest } from "./stages/output-names.js";

/** --once found nothing to build: not an error, yet not a build, so that a script can tell them apart. */
export const SKIPPED = 3;

export type Log = (message: string) => void;

/** Timestamped lines on stdout, or on stderr when --json keeps stdout for the results. */
export function logger(json: boolean): Log {
  const stream = json ? process.stderr : process.stdout;
  return (message) => stream.write(`[${new Date().toISOString()}] ${message}\n`);
}

/** What the skip check needs of a dossier as the command line resolves it. */
export interface SkipFrame {
  profilePath: string;
  dataDir: string;
  templatesDir: string;
  outDir: string;
  name: string;
  main: Edition;
  editions: Edition[];
  /** The dossier has subscribers: a skip may still have a mail to send, which is the scheduler's work. */
  mails: boolean;
  /** The schedule's own zone, which says what "today" is. */
  tz: string | undefined;
}

/**
 * What resolveDossier makes a frame of, besides dossier.yaml: the folder, the overrides, and the
 * engine's own templates (a path of this install; another install may share the cache folder).
 * The code is the cache's own key.
 */
interface Resolving extends Pick<ScheduleOptions, "dir" | "languages" | "formats" | "out" | "data" | "templates"> {
  engineTemplates: string;
}

function frameKey({ dir, engineTemplates, languages, formats, out, data, templates }: Resolving, profileDigest: string): string {
  return JSON.stringify([dir, engineTemplates, languages, formats, out, data, templates, profileDigest]);
}

/** Keeps the frame for the quick skip: the same options on the same dossier.yaml, read by the same code, resolve alike. */
export function keepFrame(cache: DiskCache, options: Resolving, profileDigest: string, frame: SkipFrame): void {
  writeCached(cache, "dossier", frameKey(options, profileDigest), JSON.stringify(frame));
}

/** The frame kept for this command line and dossier.yaml as it now is, if the scheduler kept one. */
export async function keptFrame(cache: DiskCache, options: Resolving): Promise<SkipFrame | undefined> {
  const bytes = await readInputFile(join(options.dir, PROFILE_FILE), { dir: options.dir, kind: "dossier" });
  const kept = readCached(cache, "dossier", frameKey(options, createHash("sha256").update(bytes).digest("hex")));
  return kept === undefined ? undefined : (JSON.parse(kept) as SkipFrame);
}

/** The date a run builds for: --date, else "today" in the schedule's zone (--tz, else the dossier's). */
export function runDate({ date, tz }: Pick<ScheduleOptions, "date" | "tz">, frame: SkipFrame): string {
  return date ?? today(tz ?? frame.tz);
}

interface LatestBuild {
  inputHash: string;
  reportDate: string;
  file: string;
  pages: number;
  sha256: string;
}

/** An edition's newest build: its inputs, date and PDF, if its manifest says them and its PDF is still there. */
async function latestBuild(frame: SkipFrame, edition: Edition): Promise<(EditionOutcome & { latest: LatestBuild }) | undefined> {
  const names = outputNames(frame.name, edition, frame.main);
  const { inputHash, reportDate, file, pages, sha256 } = (await readLatestManifest(frame.outDir, names)) ?? {};
  if (typeof inputHash !== "string" || typeof reportDate !== "string" || typeof file !== "string") return undefined;
  if (typeof pages !== "number" || typeof sha256 !== "string") return undefined;
  if (!existsSync(join(frame.outDir, `${latestStem(names)}.pdf`))) return undefined;
  return { edition, names, pdf: { file, pages, sha256 }, latest: { inputHash, reportDate, file, pages, sha256 } };
}

/** The newest build of every edition, when each was built from these inputs for this date; else undefined. */
export async function unchanged(frame: SkipFrame, date: string): Promise<EditionOutcome[] | undefined> {
  const { editions } = frame;
  const [inputHash, latest] = await Promise.all([
    hashInputs({ profilePath: frame.profilePath, dataDir: frame.dataDir, templatesDir: frame.templatesDir }),
    Promise.all(editions.map((edition) => latestBuild(frame, edition))),
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
