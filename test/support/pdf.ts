// Reads a PDF back as a reader would, with poppler's command-line tools.
import { execFileSync } from "node:child_process";

export function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
  // Intl's French formats use narrow no-break spaces; tests compare with plain spaces.
  return execFileSync("pdftotext", ["-layout", ...range, file, "-"], { encoding: "utf8" }).replace(/[\u202f\u00a0]/g, " ");
}

export function pdfInfo(file: string): Record<string, string> {
  const output = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Object.fromEntries(
    output.split("\n").flatMap((line) => {
      const match = /^([^:]+):\s*(.*)$/.exec(line);
      return match?.[1] !== undefined && match[2] !== undefined ? [[match[1], match[2]]] : [];
    }),
  );
}

export function pageCount(file: string): number {
  return Number(pdfInfo(file).Pages);
}

/** Every word of the text with runs of white space folded, so layout line breaks do not matter. */
export function folded(text: string): string {
  return text.replace(/\s+/g, " ");
}
