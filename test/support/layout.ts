// Reads where things landed on the printed page, and which characters were really printed there:
// word boxes from poppler (`pdftotext -bbox-layout`), page sizes from `pdfinfo`, and the glyphs
// themselves from MuPDF (`mutool trace`), for what every text extractor folds away.
import { execFileSync } from "node:child_process";

export interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface Word extends Box {
  text: string;
}

export interface Line extends Box {
  words: Word[];
  /** The words joined by single spaces. */
  text: string;
}

/** What poppler takes for one paragraph or column: lines laid one under the other. */
export interface Block extends Box {
  lines: Line[];
}

export interface LaidOutPage {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  /** In poppler's reading order. */
  blocks: Block[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** The numeric attributes of a tag, by name. */
function numbers(tag: string): Record<string, number> {
  return Object.fromEntries([...tag.matchAll(/(\w+)="(-?[\d.]+)"/g)].map((match) => [match[1], Number(match[2])]));
}

function boxOf(tag: string): Box {
  const { xMin = 0, yMin = 0, xMax = 0, yMax = 0 } = numbers(tag);
  return { xMin, yMin, xMax, yMax };
}

/**
 * Every page's blocks, lines and words with their boxes, in PDF points from the page's top left.
 * poppler writes XHTML with one element per line of output, so each element is read on its own.
 */
export function layoutOf(file: string): LaidOutPage[] {
  const output = execFileSync("pdftotext", ["-bbox-layout", file, "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const pages: LaidOutPage[] = [];
  for (const match of output.matchAll(/<(page|block|line)\b([^>]*)>|<word\b([^>]*)>([^<]*)<\/word>/g)) {
    const [, element, attributes = "", wordAttributes, wordText] = match;
    const page = pages.at(-1);
    if (element === "page") {
      const { width = 0, height = 0 } = numbers(attributes);
      pages.push({ number: pages.length + 1, width, height, blocks: [] });
    } else if (element === "block") page?.blocks.push({ ...boxOf(attributes), lines: [] });
    else if (element === "line") page?.blocks.at(-1)?.lines.push({ ...boxOf(attributes), words: [], text: "" });
    else if (wordAttributes !== undefined) {
      const line = page?.blocks.at(-1)?.lines.at(-1);
      if (line === undefined) continue;
      const word = { ...boxOf(wordAttributes), text: unescapeXml(wordText ?? "") };
      line.words.push(word);
      line.text = line.text === "" ? word.text : `${line.text} ${word.text}`;
    }
  }
  return pages;
}

/** A page's lines in reading order, block after block. */
export function linesOf(page: LaidOutPage): Line[] {
  return page.blocks.flatMap((block) => block.lines);
}

/** Each page's size in points, as `pdfinfo -f 1 -l N` gives it ("Page    3 size: 595.92 x 841.92 pts (A4)"). */
export function pageSizes(file: string): { page: number; width: number; height: number }[] {
  const pages = execFileSync("pdfinfo", [file], { encoding: "utf8" }).match(/^Pages:\s+(\d+)/m)?.[1] ?? "0";
  const output = execFileSync("pdfinfo", ["-f", "1", "-l", pages, file], { encoding: "utf8" });
  return [...output.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((match) => ({
    page: Number(match[1]),
    width: Number(match[2]),
    height: Number(match[3]),
  }));
}

/**
 * The text of a run of lines as a reader reads it: a word broken at a hyphenation point (the line
 * ends in a hyphen Chromium drew for a soft hyphen, U+2010, or the soft hyphen itself) is joined
 * back, a word broken after its own hyphen ("decision-" / "makers") keeps it, and every other line
 * break is a space.
 */
export function joinedLines(lines: readonly string[]): string {
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join("\n")
    .replace(/[\u2010\u00ad]\n(?=\p{Ll})/gu, "")
    .replace(/-\n(?=\p{Ll})/gu, "-")
    .replace(/\u00ad/g, "")
    .replace(/\s+/g, " ");
}

export interface Glyph {
  /** 1-based page. */
  page: number;
  /** The character the glyph stands for, a no-break (U+00A0) or thin (U+202F) space among them. */
  text: string;
  font: string;
}

/** A font's ToUnicode map, glyph code to text, from its bfchar and bfrange entries. */
function toUnicodeOf(file: string, fontObject: string): Map<number, string> {
  const cmap = execFileSync("mutool", ["show", "-b", file, `${fontObject}/ToUnicode`], { encoding: "latin1" });
  const hex = (digits: string) => Number.parseInt(digits, 16);
  const text = (digits: string) => String.fromCharCode(...(digits.match(/.{4}/g) ?? []).map(hex));
  const map = new Map<number, string>();
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code = "", target = ""] of (section[1] ?? "").matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi))
      map.set(hex(code), text(target));
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, low = "", high = "", start = "", list] of (section[1] ?? "").matchAll(
      /<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(?:<([0-9a-f]+)>|\[([^\]]*)\])/gi,
    )) {
      const targets = list === undefined ? [] : [...list.matchAll(/<([0-9a-f]+)>/gi)].map((target) => text(target[1] ?? ""));
      for (let code = hex(low); code <= hex(high); code++) {
        const offset = code - hex(low);
        // A range's target counts up in its last UTF-16 unit.
        map.set(
          code,
          list === undefined
            ? text(start).slice(0, -1) + String.fromCharCode(text(start).slice(-1).charCodeAt(0) + offset)
            : (targets[offset] ?? ""),
        );
      }
    }
  return map;
}

/** Each font's name and the number of its PDF object, from `pdffonts` (its last two columns). */
function fontObjectsOf(file: string): Map<string, string> {
  const rows = execFileSync("pdffonts", [file], { encoding: "utf8" }).trim().split("\n").slice(2);
  return new Map(
    rows.map((row) => {
      const columns = row.trim().split(/\s+/);
      return [columns[0] ?? "", columns.at(-2) ?? ""];
    }),
  );
}

/**
 * Every glyph drawn, page by page, in the order the page draws them (Chromium draws a line's text
 * left to right, lines top to bottom), with the character its font maps it to. Text extractors
 * (poppler, MuPDF's text output, pdf.js) all turn no-break and thin spaces into plain spaces, so
 * which space was printed before a French colon is only told by the glyph, read here with
 * `mutool trace` and each font's own ToUnicode map.
 */
export function glyphsOf(file: string): Glyph[] {
  const maps = new Map<string, Map<number, string>>();
  const fontObjects = fontObjectsOf(file);
  const mapOf = (font: string) => {
    let map = maps.get(font);
    if (map === undefined) {
      const object = fontObjects.get(font);
      map = object === undefined ? new Map() : toUnicodeOf(file, object);
      maps.set(font, map);
    }
    return map;
  };
  const trace = execFileSync("mutool", ["trace", file], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const glyphs: Glyph[] = [];
  let page = 0;
  let font = "";
  for (const match of trace.matchAll(/<page number="(\d+)"|<span font="([^"]*)"|<g unicode="([^"]*)"(?: glyph="(\d+)")?/g)) {
    const [, pageNumber, spanFont, unicode, glyph] = match;
    if (pageNumber !== undefined) page = Number(pageNumber);
    else if (spanFont !== undefined) font = spanFont;
    else if (unicode !== undefined) {
      // MuPDF's own reading is kept but for spaces, which it folds into U+0020: the font's map is
      // asked only then, since a ligature maps to several letters, which MuPDF already spreads
      // over the ligature's glyph and the empty ones it adds after it.
      const mapped = unicode === " " && glyph !== undefined ? mapOf(font).get(Number(glyph)) : undefined;
      glyphs.push({ page, font, text: mapped !== undefined && /^\s$/u.test(mapped) ? mapped : unescapeXml(unicode) });
    }
  }
  return glyphs;
}

/** A word box's height per point of font size: the serif's ascent plus descent (Noto Serif: 1.069 + 0.293). */
export const SERIF_BOX_PER_EM = 1.362;

/**
 * A page's lines grouped into paragraphs as the eye groups them: a line belongs with the one
 * above it when it starts at the same left edge, is set at the same size and sits right under it
 * (less than a third of a line's height between them; paragraphs and list items are further
 * apart). poppler's own blocks will not do: it often starts a new block after a hyphenated line.
 */
export function paragraphsOf(page: LaidOutPage): Line[][] {
  const paragraphs: Line[][] = [];
  for (const line of linesOf(page)) {
    const current = paragraphs.at(-1);
    const above = current?.at(-1);
    const height = line.yMax - line.yMin;
    const continues =
      above !== undefined &&
      Math.abs(line.xMin - above.xMin) <= 1 &&
      Math.abs(height - (above.yMax - above.yMin)) <= 0.5 &&
      line.yMin >= above.yMax - 1 &&
      line.yMin - above.yMax < height / 3;
    if (continues && current !== undefined) current.push(line);
    else paragraphs.push([line]);
  }
  return paragraphs;
}

interface OutlineItem {
  title: string;
  destpageposfrom1?: number | null;
  kids: OutlineItem[];
}

/** The bookmarks, depth first, each with the page its heading is on (as qpdf resolves its destination). */
export function outlineEntries(file: string): { title: string; page: number | undefined }[] {
  const json = JSON.parse(
    execFileSync("qpdf", ["--json=2", "--json-key=outlines", file], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }),
  ) as {
    outlines: OutlineItem[];
  };
  const walk = (items: OutlineItem[]): { title: string; page: number | undefined }[] =>
    items.flatMap((item) => [{ title: item.title, page: item.destpageposfrom1 ?? undefined }, ...walk(item.kids)]);
  return walk(json.outlines);
}
