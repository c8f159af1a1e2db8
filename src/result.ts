// --json: what a run did, as one line a script reads instead of the log.
import { join } from "node:path";
import { type Edition, latestStem } from "./stages/write.js";

/** The parts of a build's manifest the line reports. */
export interface BuiltPdf {
  /** The dated PDF's name in the output folder. */
  file: string;
  pages: number;
  sha256: string;
}

/**
 * {"result":"built"|"skipped","files":[dated PDF, latest PDF],"pages":N,"sha256":"...","durationMs":N}
 * and a newline; for a skipped run, the PDF that stands. Paths are absolute.
 */
export function resultLine(result: "built" | "skipped", out: string, edition: Edition, pdf: BuiltPdf, durationMs: number): string {
  const files = [join(out, pdf.file), join(out, `${latestStem(edition)}.pdf`)];
  return `${JSON.stringify({ result, files, pages: pdf.pages, sha256: pdf.sha256, durationMs: Math.round(durationMs) })}\n`;
}
