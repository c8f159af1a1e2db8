// --json: what a run did, as one line per edition that a script reads instead of the log.
import { join } from "node:path";
import type { SessionBuild } from "./session.js";
import { type Edition, latestStem, type OutputNames } from "./stages/write.js";

/** The parts of a build's manifest the line reports. */
export interface BuiltPdf {
  /** The dated PDF's name in the output folder. */
  file: string;
  pages: number;
  sha256: string;
}

export interface EditionOutcome {
  edition: Edition;
  names: OutputNames;
  pdf: BuiltPdf;
}

/**
 * {"result":"built"|"skipped","edition":{"lang":"en","format":"A4"},"files":[dated PDF, latest PDF],
 * "pages":N,"sha256":"...","durationMs":N} and a newline, for each edition; for a skipped run, the
 * PDF that stands. Paths are absolute.
 */
export function resultLines(result: "built" | "skipped", out: string, outcomes: readonly EditionOutcome[], durationMs: number): string {
  return outcomes
    .map(({ edition, names, pdf }) => {
      const files = [join(out, pdf.file), join(out, `${latestStem(names)}.pdf`)];
      const line = { result, edition: { lang: edition.lang, format: edition.format }, files, pages: pdf.pages, sha256: pdf.sha256 };
      return `${JSON.stringify({ ...line, durationMs: Math.round(durationMs) })}\n`;
    })
    .join("");
}

/** The --json lines of a build, one per edition. */
export function builtLines(build: SessionBuild, durationMs: number): string {
  const outcomes = build.editions.map(({ edition, names, manifest }) => ({ edition, names, pdf: manifest }));
  return resultLines("built", build.folder.outDir, outcomes, durationMs);
}
