// The page content streams Chrome (Skia) writes, mended for PDF/UA-1: the running footer, drawn
// outside any marked content, becomes a pagination artifact drawn last (Firefox's reader reads in
// drawing order), any other untagged painting an artifact, and the space at which a line wraps,
// which Chrome never draws, is drawn, so that the tagged text keeps its words apart.
import { deflateSync, inflateSync } from "node:zlib";
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef } from "pdf-lib";
import type { PrintedDocument } from "./document.js";

/** An operator with its operands: the text from `start` (its first operand) to `end`. */
export interface Operation {
  operator: string;
  /** What the operator does, as KIND bits, looked up once: every pass reads it, a page has thousands. */
  kind: number;
  operands: string[];
  start: number;
  end: number;
}

const SHOWS_TEXT = 1;
const PAINTS_PATH = 2;
const BUILDS_PATH = 4;
const PAINTS_OTHER = 8;
/** Operators across which an artifact wrapped in place may not stretch. */
const BOUNDARY = 16;
/** Operators that set where text is drawn, and in which font. */
const PLACES_TEXT = 32;
const PAINTS = SHOWS_TEXT | PAINTS_PATH | PAINTS_OTHER;

const KIND = new Map<string, number>();
for (const [operators, kind] of [
  ["Tj TJ ' \"", SHOWS_TEXT],
  ["S s f F f* B B* b b*", PAINTS_PATH],
  ["m l c v y h re W W*", BUILDS_PATH],
  ["Do sh BI", PAINTS_OTHER],
  ["BT ET q Q BDC BMC EMC BX EX", BOUNDARY],
  ["BT Tf Tm Td TD", PLACES_TEXT],
] as const)
  for (const operator of operators.split(" ")) KIND.set(operator, (KIND.get(operator) ?? 0) | kind);

/** The operations that paint: text, paths, images and shadings. */
const paints = ({ kind }: Operation) => (kind & PAINTS) !== 0;

/** The end of a literal string starting at `from` (its opening parenthesis): nested pairs and escapes count. */
function literalEnd(text: string, from: number): number {
  let depth = 0;
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (char === "\\") at++;
    else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return at + 1;
  }
  return text.length;
}

/** The end of an inline image (BI ... ID data EI) whose BI starts at `from`. */
function inlineImageEnd(text: string, from: number): number {
  const data = /\sID\s/g;
  data.lastIndex = from;
  const id = data.exec(text);
  const end = /\sEI(?=[\0\t\n\f\r ]|$)/g;
  end.lastIndex = id === null ? from : id.index + id[0].length;
  const found = end.exec(text);
  return found === null ? text.length : found.index + found[0].length;
}

const OPERATOR = /^[A-Za-z'"*]+$/;

/** The operators whose operands the mending reads; a path's hundreds of thousands of numbers are not copied. */
const READ_OPERANDS = new Set(["BDC", "BMC", "Tf", "Tm", "Td", "TD", "Tj", "TJ", "'", '"', "cm"]);

/** White space and delimiters (ISO 32000-1, 7.2.2), by character code: what ends a name or a number. */
const DELIMITS = new Uint8Array(128);
for (const char of "\0\t\n\f\r ()<>[]{}/%") DELIMITS[char.charCodeAt(0)] = 1;
const isWhiteSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0c || code === 0;

/** Where a name or a run of regular characters that starts at `from` ends. */
function regularEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code < 128 && DELIMITS[code] === 1) break;
    at++;
  }
  return at;
}

/**
 * Where the token at `from` ends, or -1 for white space and comments: a name, a dictionary's
 * brackets, a hex string, a literal string (read on by literalEnd), an array's or a procedure's
 * bracket, or a run of regular characters (a number, a keyword, an operator). Read character by
 * character: a chart's content stream is ~100,000 tokens, mostly numbers.
 */
function tokenEnd(text: string, from: number): number {
  const code = text.charCodeAt(from);
  const next = text.charCodeAt(from + 1);
  switch (code) {
    case 0x25: // % a comment, skipped
      return -1;
    case 0x28: // ( a literal string
      return literalEnd(text, from);
    case 0x2f: // / a name
      return regularEnd(text, from + 1);
    case 0x3c: {
      // << or a hex string, to its > or the end
      if (next === 0x3c) return from + 2;
      const close = text.indexOf(">", from + 1);
      return close < 0 ? text.length : close + 1;
    }
    case 0x3e: // >> or a stray >
      return next === 0x3e ? from + 2 : from + 1;
    case 0x5b:
    case 0x5d:
    case 0x7b:
    case 0x7d:
    case 0x29: // [ ] { } and a stray )
      return from + 1;
    default:
      return isWhiteSpace(code) ? -1 : regularEnd(text, from);
  }
}

/** Where the white space or the comment at `from` ends. */
function skipEnd(text: string, from: number): number {
  let at = from;
  if (text.charCodeAt(at) === 0x25) {
    while (at < text.length && text.charCodeAt(at) !== 0x0a && text.charCodeAt(at) !== 0x0d) at++;
    return at;
  }
  while (at < text.length && isWhiteSpace(text.charCodeAt(at))) at++;
  return at;
}

/**
 * The stream's operations (ISO 32000-1, 7.2 and 7.8.2), each with its operands' text where the
 * mending reads them; comments are left out.
 */
export function operationsOf(text: string): Operation[] {
  const operations: Operation[] = [];
  // The operands' bounds, start and end in turn (the first `bounded` of them): only read for the
  // operators that need them.
  const bounds: number[] = [];
  let bounded = 0;
  let at = 0;
  while (at < text.length) {
    const start = at;
    const end = tokenEnd(text, start);
    if (end < 0) {
      at = skipEnd(text, start);
      continue;
    }
    at = end;
    const word = mayBeOperator(text.charCodeAt(start)) ? text.slice(start, end) : "";
    if (!OPERATOR.test(word) || word === "true" || word === "false" || word === "null") {
      bounds[bounded++] = start;
      bounds[bounded++] = end;
      continue;
    }
    if (word === "BI") at = inlineImageEnd(text, at);
    const operands: string[] = [];
    if (READ_OPERANDS.has(word))
      for (let index = 0; index < bounded; index += 2) operands.push(text.slice(bounds[index], bounds[index + 1]));
    operations.push({ operator: word, kind: KIND.get(word) ?? 0, operands, start: bounded > 0 ? (bounds[0] as number) : start, end: at });
    bounded = 0;
  }
  return operations;
}

/** Whether a token starting with this character may be an operator (OPERATOR): a letter, ', " or *. */
function mayBeOperator(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x27 || code === 0x22 || code === 0x2a;
}

/** What a page's fonts say of their glyphs: which code draws a space, and what each code means. */
export interface PageFont {
  spaceCode: string | undefined;
  textOf: ReadonlyMap<string, string>;
}

/** Glyph codes after which a wrapped line needs no space: a space drawn, or a hyphen that joins the word. */
const JOINS = /^[\s\u00ad\u2010\u2011-]$/u;

/**
 * The text a text-showing operation draws, each glyph's code read as four hex digits (Chrome's
 * fonts are two-byte Identity-H) and looked up in the font's ToUnicode map.
 */
function textDrawn(operation: Operation, textOf: ReadonlyMap<string, string> | undefined): string {
  // A TJ's operands are its array's tokens, each hex string one of them; Tj, ' and " show their last operand.
  const { operands } = operation;
  let text = "";
  for (let index = operation.operator === "TJ" ? 0 : Math.max(operands.length - 1, 0); index < operands.length; index++) {
    const string = operands[index] as string;
    if (!string.startsWith("<")) continue;
    const hex = /\s/.test(string) ? string.slice(1, -1).replace(/\s/g, "") : string.slice(1, -1);
    for (let at = 0; at + 4 <= hex.length; at += 4) text += textOf?.get(hex.slice(at, at + 4)) ?? "";
  }
  return text;
}

interface Rewrite {
  at: number;
  insert: string;
  /** How many characters from `at` the insert replaces. */
  remove?: number;
}

/** Where the running footer is: a q...Q block of the page's own drawing, outside all marked content. */
interface Block {
  first: number;
  last: number;
}

/**
 * The first q...Q block at the outermost level that paints and holds no marked content, when what
 * follows it restores every state it saves (so that it can be drawn last with the state it had).
 */
function footerBlock(operations: Operation[], paintsUntagged: boolean[]): Block | undefined {
  let depth = 0;
  let open: number | undefined;
  let marked = false;
  let painted = false;
  for (let index = 0; index < operations.length; index++) {
    const { operator } = operations[index] as Operation;
    if (operator === "BDC" || operator === "BMC") {
      if (depth === 0) return undefined;
      marked = true;
    }
    if (paintsUntagged[index]) painted = true;
    if (operator === "q" && depth++ === 0) {
      open = index;
      marked = false;
      painted = false;
    }
    if (operator === "Q" && --depth === 0 && open !== undefined && painted && !marked) {
      return restoresAfter(operations, index) ? { first: open, last: index } : undefined;
    }
  }
  return undefined;
}

function restoresAfter(operations: Operation[], index: number): boolean {
  let depth = 0;
  for (const { operator } of operations.slice(index + 1)) {
    if (operator === "q") depth++;
    if (operator === "Q" && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Whether the block's first text is in the lower half of the page: a footer, else a header. Only
 * the vertical part of the transformations counts: Chrome neither rotates nor skews a page.
 */
function isLowerHalf(operations: Operation[], block: Block, pageHeight: number): boolean {
  let matrices: { scale: number; offset: number }[] = [];
  const saved: (typeof matrices)[] = [];
  for (const { operator, operands } of operations.slice(0, block.last)) {
    if (operator === "q") saved.push([...matrices]);
    else if (operator === "Q") matrices = saved.pop() ?? [];
    else if (operator === "cm") matrices.push({ scale: Number(operands[3]), offset: Number(operands[5]) });
    else if (operator === "Tm") {
      const y = matrices.reduceRight((value, { scale, offset }) => value * scale + offset, Number(operands[5]));
      return y < pageHeight / 2;
    }
  }
  return true;
}

/**
 * Rewrites one content stream: the untagged footer block drawn last as a pagination artifact,
 * other untagged painting wrapped as artifacts where it stands, and a space glyph after the last
 * glyph of every wrapped line of tagged text.
 */
export function mendContent(
  text: string,
  fonts: ReadonlyMap<string, PageFont>,
  pageHeight: number,
  decorative: ReadonlySet<number> = new Set(),
  pageText?: string,
): string {
  const operations = operationsOf(text);
  // Marked content the structure tree gives up as decoration (see detachDecorations): its BDC
  // becomes an artifact's, replaced in place (a rewrite that inserts and removes).
  const decorations: Rewrite[] = [];
  const marks: { mcid: boolean; artifact: boolean }[] = [];
  // How many of the open marks are content of the tree, and how many artifacts.
  let contentMarks = 0;
  let artifactMarks = 0;
  const untagged: boolean[] = new Array(operations.length).fill(false);
  const tagged: boolean[] = new Array(operations.length).fill(false);
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index] as Operation;
    const { operator, operands } = operation;
    if (operator === "BDC" || operator === "BMC") {
      const mcid = mcidOf(operands);
      const decoration = mcid !== undefined && decorative.has(mcid);
      if (decoration) decorations.push({ at: operation.start, insert: "/Artifact BMC", remove: operation.end - operation.start });
      const mark = { mcid: mcid !== undefined && !decoration, artifact: operands[0] === "/Artifact" || decoration };
      marks.push(mark);
      if (mark.mcid) contentMarks++;
      if (mark.artifact) artifactMarks++;
    } else if (operator === "EMC") {
      const mark = marks.pop();
      if (mark?.mcid) contentMarks--;
      if (mark?.artifact) artifactMarks--;
    } else if (paints(operation)) {
      untagged[index] = marks.length === 0;
      tagged[index] = contentMarks > 0 && artifactMarks === 0;
    }
  }
  const footer = footerBlock(operations, untagged);
  const inFooter = (index: number) => footer !== undefined && index >= footer.first && index <= footer.last;
  const rewrites = [
    ...decorations,
    ...artifactsInPlace(operations, untagged, inFooter),
    ...wordSpaces(operations, tagged, fonts, pageText),
  ];
  if (footer === undefined && rewrites.length === 0) return text;

  rewrites.sort((a, b) => a.at - b.at);
  const cut =
    footer === undefined
      ? undefined
      : { start: (operations[footer.first] as Operation).start, end: (operations[footer.last] as Operation).end };
  let out = "";
  let from = 0;
  for (const { at, insert, remove = 0 } of rewrites) {
    out += text.slice(from, at) + insert;
    from = at + remove;
  }
  out += text.slice(from);
  if (cut === undefined) return out;
  // The offsets moved by what was inserted before the block; the block itself holds no rewrite.
  const shift = rewrites
    .filter((rewrite) => rewrite.at <= cut.start)
    .reduce((sum, rewrite) => sum + rewrite.insert.length - (rewrite.remove ?? 0), 0);
  const block = text.slice(cut.start, cut.end);
  const subtype = isLowerHalf(operations, footer as Block, pageHeight) ? "Footer" : "Header";
  return `${out.slice(0, cut.start + shift)}q\n${out.slice(cut.end + shift)}\nQ\n/Artifact <</Type /Pagination /Subtype /${subtype}>> BDC\n${block}\nEMC\n`;
}

/** The marked-content id a BDC's properties give (its operands after the tag), if any. */
function mcidOf(operands: readonly string[]): number | undefined {
  const id = /\/MCID\s+(\d+)/.exec(operands.slice(1).join(" "))?.[1];
  return id === undefined ? undefined : Number(id);
}

/** Untagged painting outside the footer block, each run wrapped as an artifact where it is drawn. */
function artifactsInPlace(operations: Operation[], untagged: boolean[], inFooter: (index: number) => boolean): Rewrite[] {
  const rewrites: Rewrite[] = [];
  let run: { start: number; end: number } | undefined;
  let pathStart: number | undefined;
  const close = () => {
    if (run !== undefined) rewrites.push({ at: run.start, insert: "/Artifact BMC\n" }, { at: run.end, insert: "\nEMC" });
    run = undefined;
  };
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index] as Operation;
    const { operator, kind } = operation;
    if ((kind & BUILDS_PATH) !== 0) pathStart ??= operation.start;
    if ((kind & BOUNDARY) !== 0) close();
    if (untagged[index] && !inFooter(index)) {
      const start = (kind & PAINTS_PATH) !== 0 ? (pathStart ?? operation.start) : operation.start;
      run = run === undefined ? { start, end: operation.end } : { start: run.start, end: operation.end };
    } else if (paints(operation) || operator === "n") close();
    if ((kind & PAINTS_PATH) !== 0 || operator === "n") pathStart = undefined;
  }
  close();
  return rewrites;
}

/** A text as both the page and the PDF give it: ligatures as letters, soft hyphens out, any space one space. */
export function comparable(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\u00ad/g, "")
    .replace(/\s+/g, " ");
}

/** A piece of tagged text as drawn: one text-showing operation, where it ends, and on which line. */
interface Drawn {
  end: number;
  font: string;
  size: string;
  line: number;
  /** Its line's height, to tell a new line from a glyph raised on the same one. */
  lineHeight: number;
  text: string;
}

/** The tagged text a page draws, operation by operation. */
function drawnText(operations: Operation[], tagged: boolean[], fonts: ReadonlyMap<string, PageFont>): Drawn[] {
  const drawn: Drawn[] = [];
  let font = "";
  let size = "0";
  // The text line matrix's vertical scale and offset: a line is where Tm and Td put it.
  let lineScale = 1;
  let line = 0;
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index] as Operation;
    const { operator, operands, kind } = operation;
    if ((kind & PLACES_TEXT) !== 0) {
      if (operator === "Tf") {
        font = operands[0]?.slice(1) ?? "";
        size = operands[1] ?? "0";
      } else if (operator === "BT") {
        lineScale = 1;
        line = 0;
      } else if (operator === "Tm") {
        lineScale = Number(operands[3]);
        line = Number(operands[5]);
      } else if (operator === "Td" || operator === "TD") line += Number(operands[1]) * lineScale;
    }
    if (!tagged[index] || (kind & SHOWS_TEXT) === 0) continue;
    const text = textDrawn(operation, fonts.get(font)?.textOf);
    drawn.push({ end: operation.end, font, size, line, lineHeight: Number(size) * Math.abs(lineScale), text });
  }
  return drawn;
}

/** Up to `length` characters of the word that ends before `from` (backwards) or starts at it. */
function wordAt(drawn: Drawn[], from: number, step: 1 | -1, length = 16): string {
  let word = "";
  for (let index = from; index >= 0 && index < drawn.length && word.length < length; index += step) {
    const text = (drawn[index] as Drawn).text;
    const piece = step > 0 ? /^\S*/u.exec(text)?.[0] : /\S*$/u.exec(text)?.[0];
    word = step > 0 ? word + (piece ?? "") : (piece ?? "") + word;
    if ((piece ?? "").length < text.length) break;
  }
  return step > 0 ? word.slice(0, length) : word.slice(-length);
}

/**
 * Chrome draws no glyph for the space at which a line wraps, so the tagged text runs the last word
 * of a line into the first of the next ("andrisks"). A space glyph is drawn after the last glyph
 * of the line (blank and of no width; the next line is placed from the line's start anyway), in
 * that glyph's font, or in another of the page's fonts that has one. Where
 * the page's own text (`pageText`, see comparable) has the two pieces as one word and never apart,
 * the line broke inside a word too long for it, and no space is drawn.
 */
function wordSpaces(operations: Operation[], tagged: boolean[], fonts: ReadonlyMap<string, PageFont>, pageText?: string): Rewrite[] {
  const rewrites: Rewrite[] = [];
  const spaced = [...fonts].find(([, face]) => face.spaceCode !== undefined);
  const drawn = drawnText(operations, tagged, fonts).filter((piece) => piece.text !== "");
  for (let index = 1; index < drawn.length; index++) {
    const last = drawn[index - 1] as Drawn;
    const next = drawn[index] as Drawn;
    if (Math.abs(next.line - last.line) <= next.lineHeight * 0.3) continue;
    if (JOINS.test(last.text.at(-1) ?? " ") || JOINS.test(next.text.charAt(0))) continue;
    if (pageText !== undefined) {
      const [tail, head] = [comparable(wordAt(drawn, index - 1, -1)), comparable(wordAt(drawn, index, 1))];
      if (pageText.includes(tail + head) && !pageText.includes(`${tail} ${head}`)) continue;
    }
    // Scaled to no width (Chrome never sets Tz, so 100 is what it was): a space is read, nothing
    // reaches past the line's end, not even a blank glyph's box.
    const own = fonts.get(last.font)?.spaceCode;
    if (own !== undefined) rewrites.push({ at: last.end, insert: `\n0 Tz <${own}> Tj 100 Tz` });
    else if (spaced !== undefined)
      rewrites.push({
        at: last.end,
        insert: `\n/${spaced[0]} ${last.size} Tf 0 Tz <${spaced[1].spaceCode}> Tj 100 Tz /${last.font} ${last.size} Tf`,
      });
  }
  return rewrites;
}

/**
 * A soft hyphen where the line does not break: Chrome draws it as a space glyph of no width,
 * wrapped in a span whose ActualText is U+00AD. Readers take the glyph for a space ("ta lents"
 * in pdftotext, pdf.js and screen readers) and search misses the word. The glyph and its span go;
 * the move to its place stays, so that every other glyph keeps its position. A soft hyphen where
 * the line breaks is drawn as a hyphen, without such a span, and is kept.
 */
const HIDDEN_SOFT_HYPHEN =
  /\/Span\s*<<\s*\/ActualText\s*<feff00ad>\s*>>\s*BDC\s+((?:-?[\d.]+\s+-?[\d.]+\s+Td\s+)?)<[0-9a-fA-F]+>\s*Tj\s+EMC\s+/gi;

/** A ligature drawn across a soft hyphen ("of-fensive") says so in its ActualText, <FEFF 0066 00AD 0066>. */
const ACTUAL_TEXT = /(\/ActualText\s*<FEFF)((?:[0-9A-F]{4})*)>/gi;

function withoutSoftHyphens(utf16: string): string {
  return (utf16.match(/.{4}/g) ?? []).filter((unit) => unit.toUpperCase() !== "00AD").join("");
}

/** A content stream without the soft hyphens that break no line (see HIDDEN_SOFT_HYPHEN); the page looks the same. */
export function withoutHiddenSoftHyphens(text: string): string {
  if (!/00ad/i.test(text)) return text;
  return text
    .replace(HIDDEN_SOFT_HYPHEN, (_, move: string) => move)
    .replace(ACTUAL_TEXT, (_, start: string, units: string) => `${start}${withoutSoftHyphens(units)}>`);
}

/** A ToUnicode CMap's single-code mappings: bfchar entries and bfrange runs, as four-digit codes. */
export function readToUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((unit) => Number.parseInt(unit, 16)));
  const code = (value: number) => value.toString(16).toUpperCase().padStart(4, "0");
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, from, to] of (block[1] ?? "").matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g))
      map.set((from ?? "").toUpperCase().padStart(4, "0"), utf16(to ?? ""));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, low, high, to] of (block[1] ?? "").matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const start = Number.parseInt(low ?? "0", 16);
      const base = Number.parseInt(to ?? "0", 16);
      for (let value = start; value <= Number.parseInt(high ?? "0", 16); value++)
        map.set(code(value), String.fromCodePoint(base + value - start));
    }
  return map;
}

function streamText(stream: PDFRawStream): string {
  const deflated = stream.dict.lookup(PDFName.of("Filter")) === PDFName.of("FlateDecode");
  return Buffer.from(deflated ? inflateSync(stream.contents) : decodePDFRawStream(stream).decode()).toString("latin1");
}

/** A font's space glyph and the text of each code, read from its ToUnicode CMap. */
function readFont(font: unknown): PageFont {
  const cmap = font instanceof PDFDict ? font.lookup(PDFName.of("ToUnicode")) : undefined;
  const textOf = cmap instanceof PDFRawStream ? readToUnicode(streamText(cmap)) : new Map<string, string>();
  return { spaceCode: [...textOf].find(([, text]) => text === " ")?.[0], textOf };
}

/** The page's fonts by resource name; a font the pages share is read once (`read`, by its object). */
function pageFonts(resources: PDFDict | undefined, read: Map<string, PageFont>): Map<string, PageFont> {
  const fonts = new Map<string, PageFont>();
  const dict = resources?.lookup(PDFName.of("Font"));
  if (!(dict instanceof PDFDict)) return fonts;
  for (const [name, ref] of dict.entries()) {
    const key = ref instanceof PDFRef ? ref.toString() : undefined;
    const font = (key === undefined ? undefined : read.get(key)) ?? readFont(dict.context.lookup(ref));
    if (key !== undefined) read.set(key, font);
    fonts.set(name.decodeText(), font);
  }
  return fonts;
}

/**
 * Mends every page's content streams (see mendContent), soft hyphens that break no line taken out
 * first; the pages look the same. Chrome draws no text in form XObjects, so only pages are read.
 * `pageText`, the text of the page printed (its innerText), tells a line broken inside a word. `decorative`
 * gives, by page, the marked content the structure tree no longer holds, to mark as artifacts.
 */
export function mendPageContents(
  document: PrintedDocument,
  decorative: ReadonlyMap<string, ReadonlySet<number>> = new Map(),
  pageText?: string,
): void {
  const text = pageText === undefined ? undefined : comparable(pageText);
  const fontsRead = new Map<string, PageFont>();
  for (const page of document.getPages()) {
    const resources = page.node.lookup(PDFName.of("Resources"));
    const fonts = pageFonts(resources instanceof PDFDict ? resources : undefined, fontsRead);
    const contents = page.node.get(PDFName.of("Contents"));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    // A footer split over two streams cannot move; Chrome writes one stream per page.
    if (refs.length !== 1) continue;
    const ref = refs[0];
    const stream = ref instanceof PDFRef ? document.context.lookup(ref) : undefined;
    if (!(ref instanceof PDFRef) || !(stream instanceof PDFRawStream)) continue;
    const content = streamText(stream);
    const mended = mendContent(withoutHiddenSoftHyphens(content), fonts, page.getHeight(), decorative.get(page.ref.toString()), text);
    if (mended === content) continue;
    document.context.assign(ref, document.context.stream(deflateSync(Buffer.from(mended, "latin1")), { Filter: "FlateDecode" }));
  }
}
