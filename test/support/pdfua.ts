// Reads a finished PDF for its accessibility with libraries that did not write it: pikepdf (qpdf),
// through test/support/pdfua.py, for the PDF/UA-1 and PDF/A-2a checks a machine can make, and
// pdf.js (Firefox's engine) for what a reader built on it sees: outline, metadata, structure tree
// with roles and languages, link descriptions, and the text in stream and in structure order.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getDocument, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";
import { plain } from "./plain.js";

// ── pikepdf ─────────────────────────────────────────────────────────────────────────────────────

/** One failed check, as pdfua.py reports it. */
export interface Finding {
  /** Matterhorn Protocol id ("01-005"), PDF/A-2 clause ("A2 6.1.3-1") or structure-tree integrity ("PT-1"). */
  check: string;
  page: number | null;
  /** "12 0 R", "catalog", "page 3 content, operator #40"... */
  object: string | null;
  message: string;
}

export interface PdfUaStats {
  structElements: number;
  standardElements: number;
  roleMap: Record<string, string>;
  unmappedTypes: string[];
  contentMcids: number;
  structMcids: number;
  paintingOperators: number;
  untaggedOperators: number;
  artifactSequences: number;
  annotations: number;
  links: number;
  headings: string[];
}

export interface PdfUaReport {
  file: string;
  pages: number;
  findings: Finding[];
  /** Every check pdfua.py makes, with its number of findings, zero included. */
  counts: Record<string, number>;
  /** What a finding under each check means. */
  checks: Record<string, string>;
  stats: PdfUaStats;
}

const SCRIPT = fileURLToPath(new URL("./pdfua.py", import.meta.url));
/** Debian's python3, which has python3-pikepdf; the python3 first on PATH may be another one. */
const PYTHON = "/usr/bin/python3";

function isReport(value: unknown): value is PdfUaReport {
  if (typeof value !== "object" || value === null) return false;
  return "findings" in value && Array.isArray(value.findings) && "counts" in value && "stats" in value;
}

/** Runs pdfua.py on a PDF. Its exit status 1 means "findings", a result like any other. */
export function pdfUaReport(file: string): PdfUaReport {
  let output: string;
  try {
    output = execFileSync(PYTHON, [SCRIPT, file, "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { status?: number | null; stdout?: string; stderr?: string };
    if (failed.status !== 1 || typeof failed.stdout !== "string")
      throw new Error(`pdfua.py could not read ${file}: ${failed.stderr ?? String(error)}`);
    output = failed.stdout;
  }
  const report: unknown = JSON.parse(output);
  if (!isReport(report)) throw new Error(`pdfua.py printed no report for ${file}`);
  return report;
}

/** The findings under some checks. */
export function findingsUnder(report: PdfUaReport, checks: readonly string[]): Finding[] {
  return report.findings.filter((finding) => checks.includes(finding.check));
}

/** A failure message: how many, by check, then the first offenders one a line. */
export function listed(offenders: readonly (Finding | string)[], limit = 12): string {
  if (offenders.length === 0) return "none";
  const lines = offenders.map((offender) => (typeof offender === "string" ? offender : `[${offender.check}] ${offender.message}`));
  const byCheck = new Map<string, number>();
  for (const offender of offenders) if (typeof offender !== "string") byCheck.set(offender.check, (byCheck.get(offender.check) ?? 0) + 1);
  const counts = byCheck.size > 0 ? ` (${[...byCheck].map(([check, count]) => `${check}: ${count}`).join(", ")})` : "";
  const more = lines.length > limit ? `\n  … and ${lines.length - limit} more` : "";
  return `${offenders.length} found${counts}:\n  ${lines.slice(0, limit).join("\n  ")}${more}`;
}

// ── pdf.js ──────────────────────────────────────────────────────────────────────────────────────

/** A structure element as pdf.js gives it: its role already mapped through the role map. */
export interface StructNode {
  role: string;
  lang?: string;
  alt?: string;
  children: (StructNode | StructLeaf)[];
}

/** Marked content ("content", id "p12R_mc3"), an annotation or another object the element holds. */
export interface StructLeaf {
  type: string;
  id: string;
}

/** How the content stream draws a piece of text: inside an MCID, inside an /Artifact sequence, or neither. */
export type Marking = "tagged" | "artifact" | "untagged";

/** A text item of pdf.js's text content, in content-stream order (Firefox's text layer order). */
export interface StreamText {
  text: string;
  marking: Marking;
  /** The marked content's id, when tagged. */
  id?: string;
}

/** The text of one marked-content sequence, in structure order, with what it inherits from its elements. */
export interface StructText {
  text: string;
  /** The nearest /Lang of the element or its ancestors, else the catalog's. */
  lang: string | undefined;
  /** The roles from the page's top element down to the one holding the content. */
  roles: string[];
  /** Which block (paragraph, heading, cell...) it belongs to: pieces of one block read on without a break. */
  block: number;
}

export interface LinkAnnotation {
  id: string;
  contents: string;
  url: string | undefined;
  dest: string | undefined;
}

export interface PdfJsPage {
  number: number;
  /** null when pdf.js finds no structure tree for the page. */
  tree: StructNode | null;
  links: LinkAnnotation[];
  stream: StreamText[];
  structure: StructText[];
}

export interface OutlineEntry {
  title: string;
  depth: number;
}

export interface PdfJsReading {
  /** The Info dictionary and what pdf.js adds (Language is the catalog's /Lang). */
  info: Record<string, unknown>;
  /**
   * The XMP properties pdf.js parses, by lower-case "prefix:name" ("dc:title", "pdfuaid:part"):
   * only those written as elements, not as attributes of rdf:Description. null without XMP.
   */
  xmp: Map<string, string> | null;
  outline: OutlineEntry[];
  pages: PdfJsPage[];
}

/** Roles whose content reads on from the text before it; every other element starts a new block. */
const INLINE_ROLES = new Set([
  "Span",
  "Link",
  "Quote",
  "Reference",
  "Code",
  "NonStruct",
  "Annot",
  "Ruby",
  "RB",
  "RT",
  "RP",
  "Warichu",
  "WT",
  "WP",
  "BibEntry",
  "Note",
]);

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

function stringIn(value: Record<string, unknown> | undefined, key: string): string | undefined {
  const field = value?.[key];
  return typeof field === "string" ? field : undefined;
}

function structNodeOf(value: unknown): StructNode | StructLeaf | undefined {
  const node = record(value);
  if (node === undefined) return undefined;
  const id = stringIn(node, "id");
  const type = stringIn(node, "type");
  if (id !== undefined && type !== undefined) return { type, id };
  const children = Array.isArray(node.children) ? node.children.map(structNodeOf).filter((child) => child !== undefined) : [];
  const result: StructNode = { role: stringIn(node, "role") ?? "", children };
  const lang = stringIn(node, "lang");
  const alt = stringIn(node, "alt");
  if (lang !== undefined) result.lang = lang;
  if (alt !== undefined) result.alt = alt;
  return result;
}

export function isStructNode(node: StructNode | StructLeaf): node is StructNode {
  return "role" in node;
}

/** Every element of a page's tree, depth first, with its ancestors' roles. */
export function* elementsOf(node: StructNode, roles: string[] = []): Generator<{ node: StructNode; roles: string[] }> {
  const path = node.role === "Root" ? roles : [...roles, node.role];
  if (node.role !== "Root") yield { node, roles: path };
  for (const child of node.children) if (isStructNode(child)) yield* elementsOf(child, path);
}

/** The text items of a page, each with the marked content it is drawn in, and the text of each MCID. */
function streamOf(items: readonly unknown[]): { stream: StreamText[]; byId: Map<string, string> } {
  const stream: StreamText[] = [];
  const byId = new Map<string, string>();
  const open: { id: string | undefined; artifact: boolean }[] = [];
  for (const raw of items) {
    const item = record(raw);
    const type = stringIn(item, "type");
    if (type === "beginMarkedContent" || type === "beginMarkedContentProps") {
      open.push({ id: stringIn(item, "id"), artifact: stringIn(item, "tag") === "Artifact" });
      continue;
    }
    if (type === "endMarkedContent") {
      open.pop();
      continue;
    }
    const str = stringIn(item, "str");
    if (str === undefined) continue;
    // pdf.js ends a line's item with hasEOL where it reads a line break, as a separator.
    const text = item?.hasEOL === true ? `${str}\n` : str;
    // The innermost sequence that says something decides: an MCID, or an Artifact.
    const owner = [...open].reverse().find((entry) => entry.artifact || entry.id !== undefined);
    if (owner?.id !== undefined) {
      stream.push({ text, marking: "tagged", id: owner.id });
      byId.set(owner.id, (byId.get(owner.id) ?? "") + text);
    } else stream.push({ text, marking: owner?.artifact === true ? "artifact" : "untagged" });
  }
  return { stream, byId };
}

/** The page's marked content in structure order: what a reader that follows the tags reads. */
function structureOf(tree: StructNode | null, byId: ReadonlyMap<string, string>, catalogLang: string | undefined): StructText[] {
  const pieces: StructText[] = [];
  let blocks = 0;
  const walk = (node: StructNode, lang: string | undefined, roles: string[], block: number) => {
    const own = node.lang ?? lang;
    const path = node.role === "Root" ? roles : [...roles, node.role];
    // Chromium tags a <div> and a run of text alike as NonStruct: the run holds only content.
    const inline = INLINE_ROLES.has(node.role) && (node.role !== "NonStruct" || node.children.every((child) => !isStructNode(child)));
    const inBlock = node.role === "Root" || inline ? block : ++blocks;
    for (const child of node.children) {
      if (isStructNode(child)) walk(child, own, path, inBlock);
      else if (child.type === "content") pieces.push({ text: byId.get(child.id) ?? "", lang: own, roles: path, block: inBlock });
    }
  };
  if (tree !== null) walk(tree, catalogLang, [], 0);
  return pieces;
}

function linkOf(value: unknown): LinkAnnotation | undefined {
  const annotation = record(value);
  if (stringIn(annotation, "subtype") !== "Link") return undefined;
  const dest = annotation?.dest;
  return {
    id: stringIn(annotation, "id") ?? "",
    contents: stringIn(record(annotation?.contentsObj), "str") ?? "",
    url: stringIn(annotation, "url") ?? stringIn(annotation, "unsafeUrl"),
    dest: typeof dest === "string" ? dest : undefined,
  };
}

function outlineOf(items: unknown, depth = 0): OutlineEntry[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => [{ title: stringIn(record(item), "title") ?? "", depth }, ...outlineOf(record(item)?.items, depth + 1)]);
}

/** Opens the PDF in pdf.js, as Firefox does, and reads what its accessibility layer is built from. */
export async function readWithPdfJs(file: string): Promise<PdfJsReading> {
  const data = new Uint8Array(await readFile(file));
  const document = await getDocument({
    data,
    verbosity: VerbosityLevel.ERRORS,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
  }).promise;
  try {
    const metadata = await document.getMetadata();
    const info = record(metadata.info) ?? {};
    let xmp: Map<string, string> | null = null;
    if (metadata.metadata !== null) {
      xmp = new Map<string, string>();
      for (const [key, value] of metadata.metadata) if (typeof value === "string") xmp.set(key, value);
    }
    const catalogLang = stringIn(info, "Language");
    const pages: PdfJsPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const rawTree: unknown = await page.getStructTree();
      const tree = structNodeOf(rawTree);
      const content = await page.getTextContent({ includeMarkedContent: true });
      const { stream, byId } = streamOf(content.items);
      const structTree = tree !== undefined && isStructNode(tree) ? tree : null;
      const annotations: unknown[] = await page.getAnnotations();
      pages.push({
        number,
        tree: structTree,
        links: annotations.map(linkOf).filter((link) => link !== undefined),
        stream,
        structure: structureOf(structTree, byId, catalogLang),
      });
      page.cleanup();
    }
    return { info, xmp, outline: outlineOf(await document.getOutline()), pages };
  } finally {
    await document.destroy();
  }
}

/** Writes a copy of a PDF without its output intents (pikepdf, as pdfua.py reads it). */
const WITHOUT_OUTPUT_INTENTS = [
  "import sys, pikepdf",
  "with pikepdf.open(sys.argv[1]) as pdf:",
  '    if "/OutputIntents" in pdf.Root:',
  "        del pdf.Root.OutputIntents",
  "    pdf.save(sys.argv[2])",
].join("\n");

/**
 * The tagged text as poppler reads it (`pdfinfo -struct-text`): each structure element's marked
 * content, glyph by glyph, with no space that is not drawn; one "page" for the whole document.
 * Read from a copy without the sRGB output intent: poppler then converts every colour through
 * the ICC profile (lcms), and -struct-text draws a page once per structure element, 17 s instead
 * of 2 s for the dossier; the profile changes no text, only the time.
 */
export function popplerStructureText(file: string): { number: number; text: string }[] {
  const folder = mkdtempSync(join(tmpdir(), "dossier-struct-text-"));
  try {
    const copy = join(folder, basename(file));
    execFileSync(PYTHON, ["-c", WITHOUT_OUTPUT_INTENTS, file, copy]);
    return [{ number: 0, text: execFileSync("pdfinfo", ["-struct-text", copy], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }) }];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A page's text in structure order: the pieces of a block run on as they are, blocks one a line. */
export function structureText(page: PdfJsPage): string {
  let text = "";
  let block: number | undefined;
  for (const piece of page.structure) {
    if (block !== undefined && piece.block !== block) text += "\n";
    text += piece.text;
    block = piece.block;
  }
  return text;
}

// ── Words ───────────────────────────────────────────────────────────────────────────────────────

/** The words of a text as a reader compares them: typography out, lower case, apostrophes kept inside words. */
export function wordsOf(text: string): string[] {
  return [
    ...plain(text.normalize("NFKC"))
      .toLowerCase()
      .matchAll(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu),
  ].map((match) => match[0]);
}

/** Letters and digits only, lower case: for finding a passage whatever the spacing, hyphenation and quotes. */
export function squeezed(text: string): string {
  return plain(text.normalize("NFKC"))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Two words of the data that a page prints as one: "andrisks" where the data has "and risks". */
export interface RunTogether {
  page: number;
  token: string;
  first: string;
  second: string;
  context: string;
}

/**
 * The words of each page's structure text that are two words of the given texts run together,
 * words the texts separate by a space ("and risks"; not "a-t-il", whose "a" and "t" may well meet
 * as "at"), unless the joined form is itself a word of those texts ("into", "database").
 */
export function runTogetherWords(pages: readonly { number: number; text: string }[], texts: readonly string[]): RunTogether[] {
  const vocabulary = new Set<string>();
  const joined = new Map<string, [string, string]>();
  for (const text of texts) {
    const chunks = plain(text).split(/\s+/).map(wordsOf);
    for (const word of chunks.flat()) vocabulary.add(word);
    for (let index = 1; index < chunks.length; index++) {
      const first = chunks[index - 1]?.at(-1);
      const second = chunks[index]?.[0];
      if (first !== undefined && second !== undefined) joined.set(first + second, [first, second]);
    }
  }
  const found: RunTogether[] = [];
  for (const page of pages) {
    const text = plain(page.text.normalize("NFKC"));
    for (const match of text.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu)) {
      const token = match[0].toLowerCase();
      const pair = joined.get(token);
      if (pair === undefined || vocabulary.has(token)) continue;
      const at = match.index ?? 0;
      const context = text.slice(Math.max(0, at - 25), at + token.length + 25).replace(/\s+/g, " ");
      found.push({ page: page.number, token: match[0], first: pair[0], second: pair[1], context });
    }
  }
  return found;
}

/** Where a passage is read in structure order, and the languages its letters are tagged with. */
export interface PassageOccurrence {
  page: number;
  langs: string[];
}

/**
 * Every place a passage is read in structure order (spacing, quotes and hyphens aside), with the
 * languages its own letters are tagged with. The words around it in its text, when given, pick
 * the quotation out of the passage's other uses ("superintelligence" quoted once, used often).
 */
export function occurrencesOf(pages: readonly PdfJsPage[], passage: string, before = "", after = ""): PassageOccurrence[] {
  const lead = squeezed(before).length;
  const own = squeezed(passage).length;
  const wanted = squeezed(before) + squeezed(passage) + squeezed(after);
  if (own === 0) return [];
  const found: PassageOccurrence[] = [];
  for (const page of pages) {
    let letters = "";
    const langs: (string | undefined)[] = [];
    for (const piece of page.structure) {
      const squeezedPiece = squeezed(piece.text);
      letters += squeezedPiece;
      for (let index = 0; index < squeezedPiece.length; index++) langs.push(piece.lang);
    }
    for (let at = letters.indexOf(wanted); at !== -1; at = letters.indexOf(wanted, at + 1)) {
      const tagged = new Set(langs.slice(at + lead, at + lead + own).map((lang) => lang ?? "(none)"));
      found.push({ page: page.number, langs: [...tagged] });
    }
  }
  return found;
}
