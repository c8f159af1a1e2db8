// Issue #12, typography: the printed dossier read back as a proofreader reads it. French spacing
// and quotes, no English left in the French edition, numbers kept with their units, justified and
// hyphenated body text with no loose lines, words too long for a line broken rather than run off
// the page, and no heading stranded at the foot of a page. Each language is built once; failures
// name the page and quote the line.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FONT_FACES } from "../../src/fonts.js";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { edit } from "../support/data.js";
import {
  type Glyph,
  glyphsOf,
  joinedLines,
  type LaidOutPage,
  type Line,
  layoutOf,
  linesOf,
  outlineEntries,
  pageSizes,
  paragraphsOf,
  SERIF_BOX_PER_EM,
} from "../support/layout.js";
import { pdfFonts, pdfText } from "../support/pdf.js";
import { copyOfData, DATA_DIR, ROOT, TEMPLATES_DIR } from "../support/project.js";
import { seeded } from "../support/random.js";

const browser = useSharedBrowser();

type Lang = "en" | "fr";
const LANGS: readonly Lang[] = ["en", "fr"];

const MM = 72 / 25.4;
/** styles.css's @page margins: 18 mm at the sides, 20 mm at the foot, where the running footer is. */
const SIDE_MARGIN = 18 * MM;
const FOOT_MARGIN = 20 * MM;
/** A4 as PDF points; Chromium rounds it to whole CSS pixels (595.92 x 841.92), within a point. */
const A4 = { width: 595.28, height: 841.89 };

interface Printed {
  pdf: string;
  pages: LaidOutPage[];
}

async function print(lang: Lang, dataDir?: string): Promise<Printed> {
  const { path } = await buildWith(browser, dataDir === undefined ? { lang } : { lang, dataDir });
  return { pdf: path, pages: layoutOf(path) };
}

/** The running footer ("… · Page 3 of 16") is in the bottom margin, where the body never goes. */
function isFooter(page: LaidOutPage, line: Line): boolean {
  return line.yMin >= page.height - FOOT_MARGIN;
}

/** A page's lines in reading order, the running footer left out. */
function bodyLines(page: LaidOutPage): Line[] {
  return linesOf(page).filter((line) => !isFooter(page, line));
}

/** "page 3: «…the line…»", for failure messages. */
function where(page: LaidOutPage | number, text: string): string {
  return `page ${typeof page === "number" ? page : page.number}: «${text}»`;
}

/** The first offenders of a check, one a line, with how many there are in all. */
function report(offenders: readonly string[], limit = 12): string {
  const more = offenders.length > limit ? `\n  … and ${offenders.length - limit} more` : "";
  return `${offenders.length} found:\n  ${offenders.slice(0, limit).join("\n  ")}${more}`;
}

// ── The English-sentence detector ───────────────────────────────────────────────────────────────
// Every text the dossier has in both languages is known: its data and the templates' labels. Any
// run of five words of an English text that its French text does not share, printed in the French
// edition, is English left untranslated. Runs made only of names (capitalised words and numbers)
// and runs that also occur in some French text are not evidence: names and titles are the same in
// both languages.

const RUN = 5;

interface Token {
  word: string;
  /** As printed, for telling names apart. */
  raw: string;
  page: number;
}

/** Words as a reader sees them: letters and digits, apostrophes inside a word kept, any case. */
function tokens(text: string, page = 0): Token[] {
  return [...text.replace(/'/g, "’").matchAll(/[\p{L}\p{N}]+(?:’[\p{L}\p{N}]+)*/gu)].map((match) => ({
    word: match[0].toLowerCase(),
    raw: match[0],
    page,
  }));
}

/** A text's pieces between its placeholders ("{n} facts from {sources}"): what is filled in differs. */
function fragments(text: string): string[] {
  return text.split(/\{[^}]*\}/);
}

function runsOf(words: readonly Token[]): { key: string; names: boolean }[] {
  const runs: { key: string; names: boolean }[] = [];
  for (let at = 0; at + RUN <= words.length; at++) {
    const run = words.slice(at, at + RUN);
    runs.push({ key: run.map((token) => token.word).join(" "), names: run.every((token) => /^[\p{Lu}\p{N}]/u.test(token.raw)) });
  }
  return runs;
}

/** Each five-word run that only the English texts have, with the text it comes from. */
function englishOnlyRuns(english: readonly string[], french: readonly string[]): Map<string, string> {
  const shared = new Set(french.flatMap((text) => fragments(text).flatMap((piece) => runsOf(tokens(piece)).map((run) => run.key))));
  const index = new Map<string, string>();
  for (const text of english)
    for (const piece of fragments(text))
      for (const run of runsOf(tokens(piece))) if (!run.names && !shared.has(run.key) && !index.has(run.key)) index.set(run.key, text);
  return index;
}

interface EnglishRun {
  page: number;
  words: string;
  from: string;
}

/** The English runs in a text, each as long as it goes on matching. */
function englishIn(words: readonly Token[], index: ReadonlyMap<string, string>): EnglishRun[] {
  const runAt = (start: number) =>
    words
      .slice(start, start + RUN)
      .map((token) => token.word)
      .join(" ");
  const found: EnglishRun[] = [];
  let at = 0;
  while (at + RUN <= words.length) {
    const from = index.get(runAt(at));
    if (from === undefined) {
      at++;
      continue;
    }
    let end = at + RUN;
    while (end < words.length && index.has(runAt(end - RUN + 1))) end++;
    const run = words.slice(at, end).map((token) => token.raw);
    found.push({ page: words[at]?.page ?? 0, words: run.join(" "), from });
    at = end;
  }
  return found;
}

interface Bilingual {
  /** English texts that differ from their French. */
  english: string[];
  /** Every French text, and the original of every quote (the sources are French). */
  french: string[];
}

/** Collects the texts of a parsed YAML document: every { en, fr } pair, and every quote's { original, en }. */
function collect(value: unknown, into: Bilingual): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  const { en, fr, original } = record;
  if (typeof fr === "string") into.french.push(fr);
  if (typeof original === "string") into.french.push(original);
  const other = typeof fr === "string" ? fr : typeof original === "string" ? original : undefined;
  if (typeof en === "string" && other !== undefined && en.trim() !== other.trim()) into.english.push(en);
  for (const child of Object.values(record)) collect(child, into);
}

/** The dossier's texts in both languages: data/*.yaml, dossier.yaml's titles and captions, and the labels. */
async function bilingualTexts(): Promise<Bilingual> {
  const texts: Bilingual = { english: [], french: [] };
  const files = (await readdir(DATA_DIR)).filter((name) => name.endsWith(".yaml")).map((name) => join(DATA_DIR, name));
  for (const file of [...files, join(ROOT, "dossier.yaml")]) collect(parse(await readFile(file, "utf8")), texts);
  const labels = parse(await readFile(join(TEMPLATES_DIR, "labels.yaml"), "utf8")) as Record<Lang, Record<string, string>>;
  for (const [key, en] of Object.entries(labels.en)) {
    const fr = labels.fr[key];
    if (fr !== undefined) texts.french.push(fr);
    if (fr !== en) texts.english.push(en);
  }
  return texts;
}

// ── Numbers and units ───────────────────────────────────────────────────────────────────────────

/** A line that ends with a number, or a currency sign waiting for one. */
const ENDS_WITH_NUMBER = /(?:^|[\s(])[$€£]?\d[\d,.\u00a0\u202f]*$|[$€£]$/u;
/** The units and scale words a number takes, by language: a line may not start with one after a number. */
const UNITS: Readonly<Record<Lang, RegExp>> = {
  en: /^(?:billions?|millions?|thousands?|trillions?|bn|m|k|tn|GW|MW|GWh|TWh|%|per\s?cent|percent|people|employees|staff|researchers|engineers|users|dollars|euros|years?|months?|weeks?|days?|hours?|times|\d)(?=$|[\s,.;:)])/u,
  fr: /^(?:milliards?|millions?|milliers?|mille|Mds?|Md\$|M\$|M€|k|\$|€|%|GW|MW|GWh|TWh|pour\s?cent|personnes|employés|salariés|chercheurs|ingénieurs|utilisateurs|dollars|euros|ans|mois|semaines|jours|heures|\d)(?=$|[\s,.;:)\u00a0\u202f])/u,
};

// ── Justification ───────────────────────────────────────────────────────────────────────────────

/**
 * The widest word space a justified line may have, in ems. Measured on this dossier's serif at
 * 10 pt, between poppler's word boxes: an unstretched space is 0.20 to 0.26 em (0.22 at the median,
 * in the ragged text printed before justification); justified, a line's widest space is 0.33 em at
 * the median and 0.43 em at the 9th decile. TeX's default tolerance stretches Computer Modern's
 * spaces to at most 0.54 em, about two and a half natural spaces. Chromium breaks lines one at a
 * time (no Knuth-Plass), so a line before a word that cannot break early enough ("companies:",
 * "contexte,") comes out a little looser than TeX would set it: 0.58 and 0.60 em in this dossier.
 * Under three natural spaces a line still shows no river; past it, it is loose.
 */
const WIDEST_SPACE_EM = 0.65;

/**
 * A line broken at a hyphenation point ends in the hyphen Chromium draws at a soft hyphen: U+2010
 * (the font's hyphen glyph, so mapped in the PDF), or U+00AD should a printer keep the soft hyphen
 * itself. U+002D at a line's end is a compound broken after its own hyphen ("decision-" / "makers").
 */
const HYPHENATED = /[\u2010\u00ad]$/u;

interface Measure {
  /** The lines flush with both edges of a paragraph of three lines or more, its last line aside. */
  justified: { page: number; line: Line; widest: number }[];
  /** Paragraphs of three lines or more whose every line but the last is flush right. */
  justifiedParagraphs: number;
  /** Lines broken at a hyphenation point: a hyphen at the end, the word going on in lower case on the next line. */
  hyphenated: { page: number; text: string }[];
  /** Lines of a paragraph ending in U+002D before a lower-case letter: a compound broken at its own hyphen. */
  brokenAtHyphen: number;
}

/** A line's widest word space, in ems of its own size (the serif's box height, 1.362 em, gives the size). */
function widestSpace(line: Line): number {
  const em = (line.yMax - line.yMin) / SERIF_BOX_PER_EM;
  let widest = 0;
  for (let index = 1; index < line.words.length; index++) {
    const before = line.words[index - 1];
    const word = line.words[index];
    if (before !== undefined && word !== undefined) widest = Math.max(widest, (word.xMin - before.xMax) / em);
  }
  return widest;
}

function measure(pages: readonly LaidOutPage[]): Measure {
  const result: Measure = { justified: [], justifiedParagraphs: 0, hyphenated: [], brokenAtHyphen: 0 };
  for (const page of pages)
    for (const paragraph of paragraphsOf(page)) {
      const right = Math.max(...paragraph.map((line) => line.xMax));
      const flush = paragraph.slice(0, -1).filter((line) => right - line.xMax <= 1);
      if (paragraph.length >= 3) {
        for (const line of flush) if (line.words.length >= 2) result.justified.push({ page: page.number, line, widest: widestSpace(line) });
        if (flush.length === paragraph.length - 1) result.justifiedParagraphs++;
      }
      paragraph.forEach((line, index) => {
        const next = paragraph[index + 1];
        if (next === undefined || !/^\p{Ll}/u.test(next.text)) return;
        if (HYPHENATED.test(line.text)) result.hyphenated.push({ page: page.number, text: `${line.text} / ${next.text}` });
        else if (line.text.endsWith("-")) result.brokenAtHyphen++;
      });
    }
  return result;
}

// ── French spacing, glyph by glyph ──────────────────────────────────────────────────────────────

const NBSP = "\u00a0";
const NNBSP = "\u202f";

/** The space French sets before a mark (after « for the opening quote), by the Imprimerie nationale's rules. */
const SPACE_BEFORE: Readonly<Record<string, string>> = { ";": NNBSP, "!": NNBSP, "?": NNBSP, "»": NNBSP, ":": NBSP };

function shown(char: string | undefined): string {
  if (char === undefined) return "nothing";
  if (char === NBSP) return "U+00A0";
  if (char === NNBSP) return "U+202F";
  if (char === " ") return "U+0020";
  return `"${char}"`;
}

/** The glyphs around one, as text, spaces named: "…le secteur[U+202F]; le Fin…". */
function around(glyphs: readonly Glyph[], at: number): string {
  return glyphs
    .slice(Math.max(0, at - 24), at + 12)
    .map((glyph) => (glyph.text === NBSP ? "[U+00A0]" : glyph.text === NNBSP ? "[U+202F]" : glyph.text))
    .join("");
}

/** Every French mark printed with the wrong space, or none, beside it. */
function frenchSpacingFaults(glyphs: readonly Glyph[]): string[] {
  const faults: string[] = [];
  glyphs.forEach((glyph, at) => {
    const before = glyphs[at - 1]?.page === glyph.page ? glyphs[at - 1]?.text : undefined;
    const after = glyphs[at + 1]?.page === glyph.page ? glyphs[at + 1]?.text : undefined;
    const expected = SPACE_BEFORE[glyph.text];
    // "?!" and "…?" sit against each other; "10:30" is a time.
    const exempt = /^[;:!?…]$/u.test(before ?? "") || (glyph.text === ":" && /\d/.test(before ?? "") && /\d/.test(after ?? ""));
    if (expected !== undefined && before !== expected && !exempt)
      faults.push(`page ${glyph.page}: ${shown(before)} before "${glyph.text}", not ${shown(expected)}, in «${around(glyphs, at)}»`);
    if (glyph.text === "«" && after !== NNBSP)
      faults.push(`page ${glyph.page}: ${shown(after)} after "«", not U+202F, in «${around(glyphs, at)}»`);
  });
  return faults;
}

// ── Headings ──

/** The labels the templates print as sub-headings (`<h3>{{label "key_figures"}}</h3>`), in a language. */
async function subheadingLabels(lang: Lang): Promise<string[]> {
  const dir = join(TEMPLATES_DIR, "partials");
  const templates = await Promise.all((await readdir(dir)).map((name) => readFile(join(dir, name), "utf8")));
  const labels = parse(await readFile(join(TEMPLATES_DIR, "labels.yaml"), "utf8")) as Record<Lang, Record<string, string>>;
  const keys = templates.flatMap((template) =>
    [...template.matchAll(/<h3[^>]*>\{\{label "(\w+)"\}\}<\/h3>/g)].map((match) => match[1] ?? ""),
  );
  return keys.flatMap((key) => labels[lang][key] ?? []);
}

/**
 * The headings and the pages they are on: every bookmark (Chrome makes one of each heading, the
 * sub-headings included), and, should a sub-heading of the templates have none, every page on
 * which it is a line of its own.
 */
async function headingsOf(lang: Lang, { pdf, pages }: Printed): Promise<{ title: string; page: number | undefined }[]> {
  const bookmarks = outlineEntries(pdf);
  const unmarked = (await subheadingLabels(lang)).filter((label) => !bookmarks.some((bookmark) => bookmark.title === label));
  const found = unmarked.flatMap((label) =>
    pages.filter((page) => bodyLines(page).some((line) => line.text === label)).map((page) => ({ title: label, page: page.number })),
  );
  return [...bookmarks, ...found];
}

/**
 * Headings that are not on their page, or have fewer than two lines of text under them there (the
 * running footer aside): a reader turning the page would find the heading's text on the next.
 */
function strandedHeadings(headings: readonly { title: string; page: number | undefined }[], pages: readonly LaidOutPage[]): string[] {
  const faults: string[] = [];
  for (const { title, page: number } of headings) {
    const page = pages.find((candidate) => candidate.number === number);
    const lines = page === undefined ? [] : bodyLines(page);
    const found = lines.filter((line) => line.text === title);
    if (page === undefined || found.length === 0)
      faults.push(`the heading «${title}» is not a line of page ${number}, where its bookmark leads`);
    for (const heading of found) {
      const under = lines.filter((line) => line.yMin >= heading.yMax - 1);
      if (under.length < 2)
        faults.push(
          `page ${number}: the heading «${title}» has ${under.length} line(s) under it: ${under.map((line) => `«${line.text}»`).join(" ")}`,
        );
    }
  }
  return faults;
}

// ── Dates ──

const FRENCH_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre";

/** "1 septembre" (with any space) where French writes "1er septembre"; "11 septembre" and "2,1 mai" are not it. */
function firstOfMonthFaults(text: string): string[] {
  const pattern = new RegExp(`(?<![\\d,.])1[\\s\\u00a0\\u202f]+(?:${FRENCH_MONTHS})\\b`, "gu");
  return [...text.matchAll(pattern)].map((match) => `«${text.slice(Math.max(0, match.index - 30), match.index + match[0].length + 20)}»`);
}

// ── The tests ───────────────────────────────────────────────────────────────────────────────────

const printed = {} as Record<Lang, Printed>;

beforeAll(async () => {
  const [en, fr] = await Promise.all([print("en"), print("fr")]);
  printed.en = en;
  printed.fr = fr;
});

describe("the English-sentence detector, on the dossier's own texts", () => {
  let texts: Bilingual;
  let index: Map<string, string>;
  beforeAll(async () => {
    texts = await bilingualTexts();
    index = englishOnlyRuns(texts.english, texts.french);
  });

  it("knows the English of the data and the labels", () => {
    expect(texts.english.length).toBeGreaterThan(100);
    expect(index.size).toBeGreaterThan(2000);
  });

  it("finds an English sentence of the data pasted into French prose", () => {
    const sentence = texts.english.find((text) => text.startsWith("Mark Zuckerberg has recently set Meta"));
    expect(sentence).toBeDefined();
    const sample = `Meta s’est détournée du métavers. ${sentence} Zuckerberg vise à créer des systèmes d’IA.`;
    const found = englishIn(tokens(sample), index);
    expect(found.map((run) => run.words)).toEqual([
      "Mark Zuckerberg has recently set Meta’s course for artificial intelligence leaving the utopia of the metaverse behind",
    ]);
  });

  it("finds an English label, even a short one, among French words", () => {
    expect(englishIn(tokens("Une phrase française : Events the sources date, oldest first."), index)).toHaveLength(1);
  });

  it("finds nothing in the French texts, although they share names and titles with the English", () => {
    const found = texts.french.flatMap((text) => englishIn(tokens(text), index));
    expect(found, report(found.map((run) => `«${run.words}» (from «${run.from}»)`))).toEqual([]);
  });
});

describe("the checks themselves, on made-up text", () => {
  it("find a first of the month written as a cardinal, whatever the space", () => {
    expect(firstOfMonthFaults("le 1 septembre 2025, le 1\u00a0mai, le 1\u202fjuin")).toHaveLength(3);
    expect(firstOfMonthFaults("le 1er septembre 2025, le 11 septembre, le 21 mai, 2,1 mars")).toEqual([]);
  });

  it("find a heading with less than two lines under it, and one that is not where its bookmark says", () => {
    const line = (text: string, y: number): Line => ({ text, words: [], xMin: 51, xMax: 300, yMin: y, yMax: y + 13 });
    const page: LaidOutPage = {
      number: 4,
      width: 595.92,
      height: 841.92,
      blocks: [
        {
          xMin: 51,
          xMax: 300,
          yMin: 700,
          yMax: 800,
          lines: [line("Text above", 700), line("Talent", 740), line("One line", 760), line("Page 4 of 16", 800)],
        },
      ],
    };
    expect(strandedHeadings([{ title: "Talent", page: 4 }], [page])).toEqual([
      "page 4: the heading «Talent» has 1 line(s) under it: «One line»",
    ]);
    expect(strandedHeadings([{ title: "Text above", page: 4 }], [page])).toEqual([]);
    expect(strandedHeadings([{ title: "Money", page: 4 }], [page])).toHaveLength(1);
  });
});

describe("the French edition", () => {
  it("sets a thin no-break space (U+202F) before ; ! ? and inside « », a no-break space (U+00A0) before :", () => {
    const glyphs = glyphsOf(printed.fr.pdf);
    // Not vacuous: the French text has such marks by the dozen.
    expect(glyphs.filter((glyph) => /^[;:»]$/.test(glyph.text)).length).toBeGreaterThan(50);
    const faults = frenchSpacingFaults(glyphs);
    expect(faults, report(faults)).toEqual([]);
  });

  it("never breaks a line before ; : ! ? » or after «", () => {
    const faults = printed.fr.pages.flatMap((page) =>
      bodyLines(page)
        .filter((line) => /^[;:!?»]/.test(line.text) || /«$/.test(line.text))
        .map((line) => where(page, line.text)),
    );
    expect(faults, report(faults)).toEqual([]);
  });

  it("writes the first of a month 1er", () => {
    const text = printed.fr.pages.map((page) => joinedLines(bodyLines(page).map((line) => line.text))).join(" ");
    // Not vacuous: a source of the dossier is dated 1 September 2025.
    expect(text).toMatch(/1er[\s\u00a0\u202f]septembre 2025/u);
    const faults = firstOfMonthFaults(text);
    expect(faults, report(faults)).toEqual([]);
  });

  it("has no sentence of the English edition", async () => {
    const texts = await bilingualTexts();
    const index = englishOnlyRuns(texts.english, texts.french);
    const words = (lang: Lang) =>
      printed[lang].pages.flatMap((page) => tokens(joinedLines(bodyLines(page).map((line) => line.text)), page.number));
    // Not vacuous: read the same way, the English edition is English from end to end.
    expect(englishIn(words("en"), index).length).toBeGreaterThan(100);
    const found = englishIn(words("fr"), index);
    expect(found, report(found.map((run) => `${where(run.page, run.words)} (from «${run.from}»)`))).toEqual([]);
  });
});

describe.each(LANGS)("the %s edition", (lang) => {
  it("has no straight apostrophe or quote", () => {
    const faults = printed[lang].pages.flatMap((page) =>
      linesOf(page)
        .filter((line) => /['"]/.test(line.text))
        .map((line) => where(page, line.text)),
    );
    expect(faults, report(faults)).toEqual([]);
  });

  it("never ends a line with a number whose unit starts the next", () => {
    const lines = printed[lang].pages.flatMap((page) => bodyLines(page).map((line) => ({ page, text: line.text })));
    const faults = lines.flatMap((line, index) => {
      const next = lines[index + 1];
      return next !== undefined && ENDS_WITH_NUMBER.test(line.text) && UNITS[lang].test(next.text)
        ? [`${where(line.page, line.text)} / «${next.text}»`]
        : [];
    });
    expect(faults, report(faults)).toEqual([]);
  });

  it("keeps every long word of the facts whole in its text: no soft hyphen reads as a space or stays in it", async () => {
    const { facts } = parse(await readFile(join(DATA_DIR, "facts.yaml"), "utf8")) as { facts: { text: Record<Lang, string> }[] };
    // A word broken at a line's end by a hyphenation point is whole again; pdftotext reads U+2010 there.
    const text = pdfText(printed[lang].pdf).replace(/\u2010\s*\n\s*/g, "");
    expect(text).not.toContain("\u00ad");
    const words = new Set(facts.flatMap((fact) => fact.text[lang].match(/\p{Ll}{8,}/gu) ?? []));
    expect(words.size).toBeGreaterThan(100);
    const split = [...words].filter((word) => !text.includes(word));
    expect(split, report(split)).toEqual([]);
  });

  it("embeds only the dossier's own fonts", () => {
    // A PostScript name is its family's name without spaces, then the style: "NotoSerif-Italic".
    const families = [...new Set(FONT_FACES.map((face) => face.family.replace(/\s+/g, "")))];
    const fonts = pdfFonts(printed[lang].pdf).map((font) => font.name.replace(/^[A-Z]{6}\+/, ""));
    expect(fonts.length).toBeGreaterThan(0);
    const foreign = fonts.filter((name) => !families.some((family) => name.startsWith(`${family}-`)));
    expect(foreign, `fonts not of the dossier (${families.join(", ")}): ${foreign.join(", ")}`).toEqual([]);
  });

  it("justifies its body text and hyphenates it", () => {
    const { justifiedParagraphs, hyphenated, brokenAtHyphen } = measure(printed[lang].pages);
    expect(justifiedParagraphs, "paragraphs of 3 lines or more, every line but the last flush right").toBeGreaterThanOrEqual(10);
    expect(
      hyphenated.length,
      `lines broken at a hyphenation point (ending in U+2010 or U+00AD); ${brokenAtHyphen} lines ended in U+002D before a lower-case letter`,
    ).toBeGreaterThanOrEqual(10);
  });

  it(`never stretches a justified line's word spaces past ${WIDEST_SPACE_EM} em`, () => {
    const { justified } = measure(printed[lang].pages);
    expect(justified.length).toBeGreaterThan(30);
    const loose = justified.filter((line) => line.widest >= WIDEST_SPACE_EM).sort((a, b) => b.widest - a.widest);
    expect(
      loose.map((line) => `${line.widest.toFixed(2)} em on ${where(line.page, line.line.text)}`),
      `justified lines with a word space of ${WIDEST_SPACE_EM} em or more, the worst first`,
    ).toEqual([]);
  });

  it("never leaves a heading without two lines of text under it on its page", async () => {
    const faults = strandedHeadings(await headingsOf(lang, printed[lang]), printed[lang].pages);
    expect(faults, report(faults)).toEqual([]);
  });
});

describe("text too long for its line", () => {
  /** 3,000 random letters, the same on every run: a word no dictionary has, that only breaking can fit. */
  const random = seeded(12);
  const WORD = Array.from({ length: 3000 }, () => String.fromCharCode(97 + random.below(26))).join("");
  const LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis";
  /** A title of exactly 300 characters (the schema's limit), with a 45-letter word for the cover's 32 pt. */
  const TITLE =
    `${LONG_WORD} and the artificial intelligence strategy of Meta, its investments, its hires and departures, its models and products, its data centres, its partnerships and the risks and tensions the French press reported in two thousand and twenty five and in two thousand and twenty six, in many more words than a cover holds`
      .slice(0, 300)
      .trimEnd();

  /** The letters of a text with every break a line can make taken out: spaces, line ends, hyphens. */
  const letters = (text: string) => text.replace(/[\s\u00ad\u2010\u2011-]/gu, "");

  /** Words of the body whose box leaves the page's printable width (the footer is the stylesheet's to place). */
  const outside = (pages: readonly LaidOutPage[], margin: number) =>
    pages.flatMap((page) =>
      bodyLines(page).flatMap((line) =>
        line.words
          .filter((word) => word.xMin < margin - 1 || word.xMax > page.width - margin + 1)
          .map(
            (word) =>
              `page ${page.number}: «${word.text.slice(0, 40)}…» from x = ${word.xMin.toFixed(1)} to ${word.xMax.toFixed(1)} of ${page.width}`,
          ),
      ),
    );

  it("prints a 3,000-letter word of a fact whole, on A4 pages, inside the margins", async () => {
    expect(WORD).toMatch(/^[a-z]{3000}$/);
    const data = await copyOfData(DATA_DIR);
    await edit(data, "facts.yaml", 'en: "Mark Zuckerberg has recently set', `en: "Mark Zuckerberg ${WORD} has recently set`);
    const long = await print("en", data);

    const sizes = pageSizes(long.pdf);
    expect(sizes.length, "pages").toBeGreaterThanOrEqual(pageSizes(printed.en.pdf).length);
    const odd = sizes.filter((size) => Math.abs(size.width - A4.width) > 1 || Math.abs(size.height - A4.height) > 1);
    expect(
      odd.map((size) => `page ${size.page}: ${size.width} x ${size.height} pts`),
      "pages not A4",
    ).toEqual([]);

    const text = long.pages.map((page) => joinedLines(bodyLines(page).map((line) => line.text))).join("\n");
    expect(letters(text).split(WORD).length - 1, "times the whole word is in the text").toBe(1);
    const off = outside(long.pages, SIDE_MARGIN);
    expect(off, report(off)).toEqual([]);
  });

  it("keeps a 300-character title whole on the cover, inside the page's margins", async () => {
    expect(TITLE).toHaveLength(300);
    const data = await copyOfData(DATA_DIR);
    await edit(data, "report.yaml", /^ {2}en: Meta's AI strategy$/m, `  en: ${TITLE}`);
    const cover = (await print("en", data)).pages[0];
    if (cover === undefined) throw new Error("no page printed");
    const text = joinedLines(bodyLines(cover).map((line) => line.text));
    expect(letters(text), `the cover's text:\n${text}`).toContain(letters(TITLE));
    const off = outside([cover], SIDE_MARGIN);
    expect(off, report(off)).toEqual([]);
  });
});
