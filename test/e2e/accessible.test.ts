// Issue #13, accessibility: both editions of the Meta dossier read back for PDF/UA-1 and PDF/A-2a
// by libraries that did not write them. pikepdf (test/support/pdfua.py) makes the checks of the
// Matterhorn Protocol and of ISO 19005-2 that a machine can make; pdf.js, Firefox's engine, reads
// what a reader built on it gets: outline, metadata, structure tree, link descriptions, and the
// text in stream and in structure order. Each failure names the check, the page and the object.
// What only a person can judge (reading order making sense, alt text saying what the chart
// shows, contrast) is not faked here.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import {
  elementsOf,
  findingsUnder,
  listed,
  occurrencesOf,
  type PdfJsReading,
  type PdfUaReport,
  pdfUaReport,
  popplerStructureText,
  readWithPdfJs,
  runTogetherWords,
  structureText,
  wordsOf,
} from "../support/pdfua.js";
import { plain } from "../support/plain.js";
import { DATA_DIR, TEMPLATES_DIR } from "../support/project.js";

const browser = useSharedBrowser();

type Lang = "en" | "fr";
const LANGS: readonly Lang[] = ["en", "fr"];

interface Edition {
  pdf: string;
  /** pikepdf's findings. */
  report: PdfUaReport;
  /** What pdf.js reads. */
  pdfjs: PdfJsReading;
}

const editions = new Map<Lang, Edition>();

function edition(lang: Lang): Edition {
  const found = editions.get(lang);
  if (found === undefined) throw new Error(`the ${lang} edition was not built`);
  return found;
}

beforeAll(async () => {
  for (const lang of LANGS) {
    const { path } = await buildWith(browser, { lang });
    editions.set(lang, { pdf: path, report: pdfUaReport(path), pdfjs: await readWithPdfJs(path) });
  }
}, 180_000);

/**
 * The checks each test asserts on, by its pdfua.py id. "No other finding" asserts every check
 * that no group names, so a check pdfua.py gains is asserted too.
 */
const GROUPS = {
  content: ["01-003", "01-004", "01-005", "PT-1", "PT-2"],
  types: ["02-001", "02-003", "02-004"],
  nesting: ["09-004", "09-005", "09-006", "14-002", "14-003", "14-006", "14-007", "15-003"],
  descriptions: ["13-004", "17-002", "19-003", "19-004", "28-002", "28-008", "28-009", "28-011", "28-012"],
  document: ["01-007", "06-001", "06-002", "06-003", "07-001", "07-002", "11-001", "11-006", "A2 6.7.2", "A2 6.7.3"],
  fonts: ["10-001", "31-009", "31-027", "31-028", "31-029"],
  archive: [
    "A2 6.1.2-2",
    "A2 6.1.3-1",
    "A2 6.1.3-2",
    "A2 6.1.7-3",
    "A2 6.2.3",
    "A2 6.3.2",
    "A2 6.5.1",
    "A2 6.5.2",
    "A2 6.6.2.1",
    "A2 XMP-plain",
    "A2 Info=XMP",
    "A2 6.6.4",
    "A2 6.8",
  ],
} as const;

/** The findings under some checks, with the command that lists every one of them. */
function findings(lang: Lang, group: readonly string[]): string {
  const found = findingsUnder(edition(lang).report, group);
  const all = found.length > 12 ? `\n  (all of them: /usr/bin/python3 test/support/pdfua.py ${edition(lang).pdf} --all)` : "";
  return `${listed(found)}${all}`;
}

// ── The data the editions are printed from ──────────────────────────────────────────────────────

async function yamlOf(file: string): Promise<unknown> {
  return parse(await readFile(file, "utf8"));
}

interface DataTexts {
  /** The edition's side of every { en, fr } pair. */
  own: string[];
  /** Every string that has no translation: names, sources' excerpts, quotes' originals. */
  untranslated: string[];
}

/** Every text of data/*.yaml an edition prints. */
async function dataTexts(lang: Lang): Promise<DataTexts> {
  const texts: DataTexts = { own: [], untranslated: [] };
  const collect = (value: unknown, own: boolean) => {
    if (typeof value === "string") (own ? texts.own : texts.untranslated).push(value);
    else if (Array.isArray(value)) for (const item of value) collect(item, false);
    else if (typeof value === "object" && value !== null) {
      const fields = value as Record<string, unknown>;
      const translated = typeof fields.en === "string" && typeof fields.fr === "string";
      for (const [key, child] of Object.entries(fields))
        if (!translated || !LANGS.includes(key as Lang)) collect(child, false);
        else if (key === lang) collect(child, true);
    }
  };
  for (const name of (await readdir(DATA_DIR)).filter((file) => file.endsWith(".yaml"))) collect(await yamlOf(join(DATA_DIR, name)), false);
  // The templates' own words are printed too ("listed apart").
  const labels = (await yamlOf(join(TEMPLATES_DIR, "labels.yaml"))) as Record<string, unknown>;
  collect(labels[lang], true);
  return texts;
}

interface Quoted {
  words: string;
  /** The three words before the opening mark and after the closing one, to find this quotation and not another use of its words. */
  before: string;
  after: string;
}

/** Each passage a text puts between quotation marks, inner quotations too (French nests « … "…" … »). */
function quotedPassages(text: string): Quoted[] {
  const closing: Readonly<Record<string, string>> = { "«": "»", "\u201c": "\u201d", '"': '"' };
  const chars = [...text];
  const passages: Quoted[] = [];
  const open: { mark: string; at: number }[] = [];
  chars.forEach((char, at) => {
    const innermost = open.at(-1);
    if (innermost !== undefined && closing[innermost.mark] === char) {
      passages.push({
        words: chars.slice(innermost.at + 1, at).join(""),
        before: wordsOf(chars.slice(0, innermost.at).join("")).slice(-3).join(" "),
        after: wordsOf(chars.slice(at + 1).join(""))
          .slice(0, 3)
          .join(" "),
      });
      open.pop();
    } else if (char in closing) open.push({ mark: char, at });
  });
  return passages.filter((passage) => wordsOf(passage.words).length > 0);
}

interface Foreign extends Quoted {
  lang: string;
  where: string;
}

/**
 * The articles' own words an edition prints in another language than its own: the original of a
 * quote, and a passage its texts put in quotation marks that the cited article has word for word
 * ("semble déterminé" in an English note). A quotation the article does not have is a
 * translation; one whose words the edition's own texts also use outside quotation marks
 * ("superintelligence", "frontier models", which the French articles print in English) is not in
 * another language.
 */
async function foreignPassages(lang: Lang): Promise<Foreign[]> {
  const sources = ((await yamlOf(join(DATA_DIR, "sources.yaml"))) as { sources: { id: string; file: string; language: string }[] }).sources;
  const articleWords = new Map<string, string>();
  for (const source of sources)
    articleWords.set(source.id, ` ${wordsOf(await readFile(join(DATA_DIR, "articles", source.file), "utf8")).join(" ")} `);
  const languageOf = new Map(sources.map((source) => [source.id, source.language]));
  const ownWords = new Set(
    (await dataTexts(lang)).own.flatMap((text) =>
      wordsOf(quotedPassages(text).reduce((rest, quoted) => rest.replace(quoted.words, " "), text)),
    ),
  );
  type Texts = Partial<Record<Lang, string>>;
  interface Fact {
    id: string;
    text?: Texts;
    note?: Texts;
    quote?: { original?: string };
    sources: { id: string }[];
  }
  const facts = ((await yamlOf(join(DATA_DIR, "facts.yaml"))) as { facts: Fact[] }).facts;
  const points = ((await yamlOf(join(DATA_DIR, "summary.yaml"))) as { points: { text: Texts; facts: string[] }[] }).points;
  const found: Foreign[] = [];
  const scan = (text: string | undefined, cited: readonly string[], where: string) => {
    for (const quoted of quotedPassages(text ?? "")) {
      const words = wordsOf(quoted.words);
      if (words.every((word) => ownWords.has(word))) continue;
      const language = cited
        .map((id) => ({ language: languageOf.get(id), article: articleWords.get(id) }))
        .find(
          ({ language, article }) => language !== undefined && language !== lang && article?.includes(` ${words.join(" ")} `),
        )?.language;
      if (language !== undefined) found.push({ ...quoted, lang: language, where });
    }
  };
  const citedBy = new Map(facts.map((fact) => [fact.id, fact.sources.map((source) => source.id)]));
  for (const fact of facts) {
    const cited = citedBy.get(fact.id) ?? [];
    scan(fact.text?.[lang], cited, `fact ${fact.id}`);
    scan(fact.note?.[lang], cited, `note of fact ${fact.id}`);
    const original = languageOf.get(cited[0] ?? "");
    if (fact.quote?.original !== undefined && original !== undefined && original !== lang)
      found.push({ words: fact.quote.original, before: "", after: "", lang: original, where: `quote of fact ${fact.id}` });
  }
  points.forEach((point, index) => {
    scan(
      point.text[lang],
      point.facts.flatMap((id) => citedBy.get(id) ?? []),
      `summary point ${index + 1}`,
    );
  });
  return found;
}

/** The running footer's two texts, as the stylesheet prints them: "title · date" and the page label. */
async function footerPatterns(lang: Lang): Promise<{ label: RegExp; title: string }> {
  const labels = (await yamlOf(join(TEMPLATES_DIR, "labels.yaml"))) as Record<Lang, Record<string, string>>;
  const report = (await yamlOf(join(DATA_DIR, "report.yaml"))) as { title: Record<Lang, string> };
  const label = labels[lang]?.footer_page ?? "";
  const pattern = plain(label)
    .split(/\{pages?\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s*"))
    .join("\\d+");
  return { label: new RegExp(`^\\s*${pattern}\\s*$`), title: `${plain(report.title[lang])} · ` };
}

/** The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4), for what pdf.js reports after the role map. */
const STANDARD_TYPES = new Set(
  (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR " +
    "TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form"
  ).split(" "),
);

// ── The checks ──────────────────────────────────────────────────────────────────────────────────

describe.each(LANGS)("the %s edition, read by pikepdf", (lang) => {
  it("tags all its content or marks it /Artifact, and its structure tree and content agree (01-003, 01-004, 01-005, PT-1, PT-2)", () => {
    expect(findings(lang, GROUPS.content)).toBe("none");
  });

  it("uses standard structure types, or maps its own to one through /RoleMap (02-001, 02-003, 02-004)", () => {
    expect(findings(lang, GROUPS.types)).toBe("none");
  });

  it("nests headings, lists and tables as ISO 32000-1 defines them (09-004, 09-005, 09-006, 14-002, 14-003, 14-006, 14-007, 15-003)", () => {
    expect(findings(lang, GROUPS.nesting)).toBe("none");
    // A document of sections has headings; a checker that found none would pass vacuously.
    expect(edition(lang).report.stats.headings, "numbered headings in the structure tree").toContain("H1");
  });

  it("describes its figures and links, and puts every link in a Link element (13-004, 28-002, 28-008, 28-009, 28-011, 28-012)", () => {
    expect(findings(lang, GROUPS.descriptions)).toBe("none");
    expect(edition(lang).report.stats.links, "link annotations").toBeGreaterThan(0);
  });

  it("declares its language, title, tagging and PDF/UA-1 identity (01-007, 06-001 to 07-002, 11-001, 11-006)", () => {
    expect(findings(lang, GROUPS.document)).toBe("none");
  });

  it("embeds every font, and maps every code it draws to Unicode (10-001, 31-009, 31-027, 31-028, 31-029)", () => {
    expect(findings(lang, GROUPS.fonts)).toBe("none");
  });

  it("meets PDF/A-2a: identified, unencrypted, self-contained, colour-managed, Info and XMP agreeing (ISO 19005-2)", () => {
    expect(findings(lang, GROUPS.archive)).toBe("none");
  });

  it("has no finding under any other check of pdfua.py", () => {
    const named = new Set<string>(Object.values(GROUPS).flat());
    const others = Object.keys(edition(lang).report.checks).filter((check) => !named.has(check));
    expect(findings(lang, others)).toBe("none");
  });
});

describe.each(LANGS)("the %s edition, read by pdf.js", (lang) => {
  it("has an outline, XMP metadata titled as the Info dictionary, and the PDF/UA identifier", () => {
    const { info, xmp, outline } = edition(lang).pdfjs;
    expect(outline.length, "bookmarks").toBeGreaterThan(0);
    expect(
      outline.filter((entry) => entry.title.trim() === "").map((entry) => `depth ${entry.depth}`),
      "bookmarks without a title",
    ).toEqual([]);
    expect(typeof info.Title === "string" && info.Title.trim() !== "", `Info /Title: ${String(info.Title)}`).toBe(true);
    // pdf.js reads XMP properties written as elements, not as attributes of rdf:Description.
    expect(xmp, "XMP metadata pdf.js can read").not.toBeNull();
    expect(xmp?.get("dc:title"), "XMP dc:title").toBe(info.Title);
    expect(xmp?.get("pdfuaid:part"), "XMP pdfuaid:part, as an element").toBe("1");
  });

  it("has a structure tree on every page whose roles are standard once mapped", () => {
    const offenders: string[] = [];
    for (const page of edition(lang).pdfjs.pages) {
      if (page.tree === null) {
        offenders.push(`page ${page.number}: no structure tree`);
        continue;
      }
      const contents = page.structure.length;
      if (contents === 0) offenders.push(`page ${page.number}: a structure tree with no marked content`);
      for (const { node, roles } of elementsOf(page.tree))
        if (!STANDARD_TYPES.has(node.role)) offenders.push(`page ${page.number}: role ${node.role} (${roles.slice(-4).join(" > ")})`);
    }
    expect(listed(offenders)).toBe("none");
  });

  it("gives every link annotation a description in /Contents", () => {
    const pages = edition(lang).pdfjs.pages;
    const links = pages.flatMap((page) => page.links.map((link) => ({ page: page.number, ...link })));
    expect(links.length, "link annotations").toBeGreaterThan(0);
    const silent = links.filter((link) => link.contents.trim() === "");
    expect(
      listed(silent.map((link) => `page ${link.page}: link ${link.id} to ${link.url ?? `#${link.dest ?? "?"}`} has no /Contents`)),
    ).toBe("none");
  });

  it("reads the running footer after the body or not at all: an /Artifact, never first", async () => {
    const { label, title } = await footerPatterns(lang);
    const isFooter = (text: string) => label.test(plain(text)) || plain(text).startsWith(title);
    const offenders: string[] = [];
    let footers = 0;
    for (const page of edition(lang).pdfjs.pages) {
      // In content-stream order, what Firefox's text layer and a copy of the page give.
      page.stream.forEach((piece, index) => {
        if (!isFooter(piece.text)) return;
        footers++;
        if (piece.marking === "artifact") return;
        const bodyAfter = page.stream
          .slice(index + 1)
          .some((later) => later.marking === "tagged" && later.text.trim() !== "" && !isFooter(later.text));
        if (bodyAfter)
          offenders.push(`page ${page.number}: footer «${piece.text}» (${piece.marking}) is read before the body in stream order`);
      });
      // In structure order, what a screen reader following the tags reads.
      const tagged = page.structure.filter((piece) => piece.text.trim() !== "");
      const first = tagged[0];
      if (first !== undefined && isFooter(first.text) && tagged.length > 1)
        offenders.push(`page ${page.number}: footer «${first.text}» is the first text of the structure`);
    }
    // The label must be found at all, or the check would pass on a footer it cannot see.
    expect(footers, `footer texts matching ${label} or «${title}…»`).toBeGreaterThan(0);
    expect(listed(offenders)).toBe("none");
  });

  it("keeps the word spaces of wrapped lines in its tagged text: no two words of the data run together", async () => {
    const { own, untranslated } = await dataTexts(lang);
    const texts = [...own, ...untranslated];
    const pdfjsPages = edition(lang).pdfjs.pages.map((page) => ({ number: page.number, text: structureText(page) }));
    // poppler reads each element's glyphs as drawn: a space Chromium does not draw at a line
    // break is missing there ("andrisks"), where pdf.js reads the break as one.
    for (const [reader, pages] of [
      ["poppler", popplerStructureText(edition(lang).pdf)],
      ["pdf.js", pdfjsPages],
    ] as const) {
      const runs = runTogetherWords(pages, texts);
      expect(listed(runs.map((run) => `page ${run.page}: «${run.token}» is «${run.first} ${run.second}» (…${run.context}…)`)), reader).toBe(
        "none",
      );
    }
  });
});

describe("the English edition, read by pdf.js", () => {
  it("tags the articles' French words it quotes as French (/Lang fr on their structure elements)", async () => {
    const passages = await foreignPassages("en");
    // The English notes quote the French articles ("semble déterminé"); the data says where.
    expect(passages.length, "French passages in the English data").toBeGreaterThan(0);
    const pages = edition("en").pdfjs.pages;
    const offenders: string[] = [];
    for (const passage of passages) {
      const occurrences = occurrencesOf(pages, passage.words, passage.before, passage.after);
      if (occurrences.length === 0)
        offenders.push(
          `«${passage.words}» (${passage.where}) is not read in structure order: missing, or its letters mapped wrongly to Unicode (see 31-028)`,
        );
      for (const { page, langs } of occurrences)
        if (!langs.every((tagged) => tagged.toLowerCase().split("-")[0] === passage.lang))
          offenders.push(`page ${page}: «${passage.words}» (${passage.where}) is tagged ${langs.join(" and ")}, not ${passage.lang}`);
    }
    expect(listed(offenders)).toBe("none");
  });
});
