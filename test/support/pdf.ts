// Reads a PDF back as a reader would, with poppler's command-line tools.
import { execFileSync } from "node:child_process";

/** For each object kept in an object stream, that stream's number, as qpdf's cross-reference listing gives them. */
export function objectStreamsOf(file: string): string[] {
  const xref = execFileSync("qpdf", ["--show-xref", file], { encoding: "utf8" });
  return [...xref.matchAll(/compressed; stream = (\d+),/g)].map((match) => match[1] ?? "");
}

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

interface Outline {
  title: string;
  kids: Outline[];
}

interface QpdfJson {
  pages: { object: string; pageposfrom1: number }[];
  outlines: Outline[];
  qpdf: [unknown, Record<string, { value?: unknown }>];
}

type PdfDict = Record<string, unknown>;

function qpdfJson(file: string): QpdfJson {
  return JSON.parse(execFileSync("qpdf", ["--json=2", file], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })) as QpdfJson;
}

/** The bookmarks' titles, depth first. */
export function outlineTitles(file: string): string[] {
  const walk = (items: Outline[]): string[] => items.flatMap((item) => [item.title, ...walk(item.kids)]);
  return walk(qpdfJson(file).outlines);
}

/** Internal links as a reader follows them: each link's target name and the page it lands on. */
export function internalLinks(file: string): { dest: string; page: number | undefined }[] {
  const json = qpdfJson(file);
  const objects = json.qpdf[1];
  const value = (ref: unknown): PdfDict => (objects[`obj:${String(ref)}`]?.value ?? {}) as PdfDict;
  const pageOf = new Map(json.pages.map((page) => [page.object, page.pageposfrom1]));
  const trailer = (objects.trailer?.value ?? {}) as PdfDict;
  const root = value(trailer["/Root"]);
  const dests = value(root["/Dests"]);
  return Object.values(objects).flatMap(({ value: object }) => {
    const dict = object as PdfDict | undefined;
    if (dict?.["/Subtype"] !== "/Link" || typeof dict["/Dest"] !== "string") return [];
    const target = dests[dict["/Dest"]] as unknown[] | undefined;
    return [{ dest: dict["/Dest"].slice(1), page: pageOf.get(String(target?.[0])) }];
  });
}

export function pdfFonts(file: string): { name: string; embedded: boolean; subset: boolean }[] {
  const lines = execFileSync("pdffonts", [file], { encoding: "utf8" }).trim().split("\n").slice(2);
  return lines.map((line) => {
    // name type... encoding emb sub uni object-id: the yes/no columns are the 3rd to 5th from the end.
    const columns = line.trim().split(/\s+/);
    return { name: columns[0] ?? "", embedded: columns.at(-5) === "yes", subset: columns.at(-4) === "yes" };
  });
}
