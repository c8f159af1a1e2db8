// --json: what a run did, as one line of JSON that a script reads instead of the log.
import { join } from "node:path";
import type { MailOutcome } from "./delivery/deliver.js";
import type { SessionBuild } from "./session.js";
import { type Edition, latestStem, type OutputNames } from "./stages/output-names.js";

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
 * {"result":"built"|"skipped","editions":[{"edition":{"lang":"en","format":"A4"},"files":[dated PDF,
 * latest PDF],"pages":N,"sha256":"..."}...],"durationMs":N,"mails":[...]} and a newline: one line
 * per run; for a skipped run, the PDFs that stand. Paths are absolute.
 */
export function resultLine(
  result: "built" | "skipped",
  out: string,
  outcomes: readonly EditionOutcome[],
  durationMs: number,
  mails: readonly MailOutcome[] = [],
): string {
  const editions = outcomes.map(({ edition, names, pdf }) => ({
    edition: { lang: edition.lang, format: edition.format },
    files: [join(out, pdf.file), join(out, `${latestStem(names)}.pdf`)],
    pages: pdf.pages,
    sha256: pdf.sha256,
  }));
  return `${JSON.stringify({ result, editions, durationMs: Math.round(durationMs), mails })}\n`;
}

/** The --json line of a build. */
export function builtLine(build: SessionBuild, durationMs: number, mails: readonly MailOutcome[] = []): string {
  const outcomes = build.editions.map(({ edition, names, manifest }) => ({ edition, names, pdf: manifest }));
  return resultLine("built", build.folder.outDir, outcomes, durationMs, mails);
}
