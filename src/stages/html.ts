import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import Handlebars from "handlebars";
import type { ChartImage } from "../charts/index.js";
import { TemplateError, UserError } from "../errors.js";
import { cutFace, FONT_FACES, type FontFace, PRECUT_CHARACTERS, precutFile, readPrecut } from "../fonts.js";
import { formatDate, formatList, formatMoney, formatShare, htmlLang, pluralRules } from "../format.js";
import { fillLabel, type LabelSets, type Labels, readLabels } from "../i18n/labels.js";
import { type InputFolder, listInputFolder, readInputFile, requireFolder, unreadable } from "../input-files.js";
import { Amount, type Language, Status } from "../schema.js";
import { checkTemplates, SECTION_HELPER } from "../templating/names.js";
import { strictCompiler, templateFailure } from "../templating/strict.js";
import { missingCharacters, notInFonts, renderedCharacters } from "../typography/glyphs.js";
import { setTypography } from "../typography/page.js";
import { typesetterFor } from "../typography/typeset.js";
import type { View } from "./derive.js";

/** The templates folder, read once: layout, partials, stylesheet and the words in each language. */
export interface Templates {
  dir: string;
  layout: string;
  partials: Record<string, string>;
  css: string;
  /** The markdown summary of the key figures, for an e-mail body (summary.md.hbs). */
  summary: string;
  labels: LabelSets;
}

/** A file of templates/ or the reason it cannot be read, located as every template problem is. */
async function readTemplateBytes(path: string, folder: InputFolder): Promise<Buffer> {
  try {
    return await readInputFile(path, folder);
  } catch (error) {
    throw new TemplateError([{ file: path, line: 1, column: 1, message: unreadable(error, "template") }]);
  }
}

async function readTemplateFile(path: string, folder: InputFolder): Promise<string> {
  return (await readTemplateBytes(path, folder)).toString("utf8");
}

/**
 * Reads templates/: layout.hbs, partials/*.hbs, styles.css and labels.yaml, and checks them
 * against the dossier's section ids (`section "id"` must name one).
 */
export async function loadTemplates(dir: string, sections: readonly string[]): Promise<Templates> {
  const folder: InputFolder = { dir, kind: "templates" };
  await requireFolder(folder);
  const partialDir = join(dir, "partials");
  const partialFiles = (
    await listInputFolder(partialDir, folder).catch((error: unknown) => {
      throw new TemplateError([{ file: partialDir, line: 1, column: 1, message: unreadable(error, "folder") }]);
    })
  )
    .filter((name) => name.endsWith(".hbs"))
    .sort();
  const partials = Object.fromEntries(
    await Promise.all(
      partialFiles.map(async (name) => [basename(name, ".hbs"), await readTemplateFile(join(partialDir, name), folder)] as const),
    ),
  );
  const labelsPath = join(dir, "labels.yaml");
  const labels = readLabels(labelsPath, await readTemplateBytes(labelsPath, folder));
  const templates = {
    dir,
    layout: await readTemplateFile(join(dir, "layout.hbs"), folder),
    partials,
    css: await readTemplateFile(join(dir, "styles.css"), folder),
    summary: await readTemplateFile(join(dir, "summary.md.hbs"), folder),
    labels,
  };
  checkTemplateFiles(templates, new Set(sections));
  return templates;
}

/** Syntax, helpers and partials of every template, checked before any data fills them. */
function checkTemplateFiles(templates: Templates, sections: ReadonlySet<string>): void {
  const summary = join(templates.dir, "summary.md.hbs");
  const known = {
    helpers: new Set(Object.keys(helpers("en", {}, { sections: [], sources: [] }))),
    partials: new Set(Object.keys(templates.partials)),
    sections,
  };
  checkTemplates(
    [
      { path: join(templates.dir, "layout.hbs"), source: templates.layout },
      ...Object.entries(templates.partials).map(([name, source]) => ({ path: join(templates.dir, "partials", `${name}.hbs`), source })),
      { path: summary, source: templates.summary },
    ],
    // The summary is filled without partials.
    (file) => (file.path === summary ? { ...known, partials: new Set<string>() } : known),
  );
}

/**
 * Characters the page may draw that its text does not hold: list bullets, the page counters'
 * digits, the ellipsis and dashes of line breaking, and the Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ. Chromium
 * writes the PDF's ToUnicode from the font's character map, where a ligature glyph cut without
 * its code point reads as U+0000: nothing for a screen reader, and a PDF/UA failure.
 */
const ALWAYS_DRAWN = "0123456789•◦▪…‐–—\u00a0\u202f\ufb00\ufb01\ufb02\ufb03\ufb04";

/**
 * Every character a page can show, as it renders it (in capitals too, where the stylesheet says
 * so): each face is cut down to these (and their ligatures and variants).
 */
function charactersOf(html: string, lang: Language): string {
  const printable = Array.from({ length: 0x7f - 0x20 }, (_, offset) => String.fromCharCode(0x20 + offset)).join("");
  // The markup and styles are cut to as well (the footer's words are in the stylesheet), not the inline images' data.
  const page = html.replace(/data:[^"')\s]+/g, "");
  return [...renderedCharacters(printable + ALWAYS_DRAWN + page, lang)].sort().join("");
}

/**
 * The last guard before the fonts are cut. The data, labels.yaml and dossier.yaml are checked
 * field by field, so a character no font has that is still on the page comes from the templates:
 * their own text, or a field of the data they print that no check reads. Chromium would draw it
 * in a font of the machine's, or as nothing.
 */
export function checkPageGlyphs(html: string, templatesDir: string): void {
  // Only what the page shows: a stylesheet's or a comment's words are not drawn (the running
  // footer's, in the stylesheet, are the title's, which the data's check reads).
  const shown = html.replace(/<style[\s\S]*?<\/style>|<!--[\s\S]*?-->|<[^>]*>/gi, " ");
  const missing = missingCharacters(shown);
  if (missing.length > 0)
    throw new TemplateError([
      { file: templatesDir, message: notInFonts(missing, ", which the templates print (in their own text, or from a field of the data)") },
    ]);
}

const PRECUT = new Set(PRECUT_CHARACTERS);

/**
 * Each face cut to the page's characters: as the build cut it (precut-fonts.mjs) when they are
 * all among PRECUT_CHARACTERS, the usual case, else cut now to those and the page's own. The
 * same cut either way, byte for byte, whether the build's files are there or not.
 */
async function faceData(face: FontFace, characters: string): Promise<Uint8Array> {
  // Line breaks and tabs are in the page's text, in no font, and draw nothing.
  const within = [...characters].every((char) => PRECUT.has(char) || char < " ");
  // A cut file gone since the build is cut again, below.
  const precut = within && readPrecut() !== null ? await readFile(precutFile(face)).catch(() => undefined) : undefined;
  if (precut !== undefined) return precut;
  return cutFace(face, within ? PRECUT_CHARACTERS : PRECUT_CHARACTERS + characters);
}

function subsetFaces(characters: string): Promise<string> {
  return Promise.all(
    FONT_FACES.map(async (face) => {
      const data = Buffer.from(await faceData(face, characters));
      return `@font-face { font-family: "${face.family}"; font-weight: ${face.weight}; font-style: ${face.style}; src: url(data:font/ttf;base64,${data.toString("base64")}) format("truetype"); }`;
    }),
  ).then((rules) => rules.join("\n"));
}

/** The last subsets cut, kept by the session: a rebuild after an edit that adds no new character cuts no font again. */
export interface FontCache {
  last?: { characters: string; css: Promise<string> } | undefined;
}

/**
 * The fonts as @font-face rules with their data inline, each cut to the Latin text they serve
 * (faceData): about 60 to 90 kB a face instead of 350 kB, which Chromium decodes in a fraction of
 * the time.
 */
function fontFaceCss(html: string, lang: Language, cache: FontCache): Promise<string> {
  const characters = charactersOf(html, lang);
  if (cache.last?.characters !== characters) {
    const css = subsetFaces(characters);
    css.catch(() => {
      if (cache.last?.css === css) cache.last = undefined;
    });
    cache.last = { characters, css };
  }
  return cache.last.css;
}

/**
 * Characters a CSS string literal holds as they are: ASCII letters, digits, space and punctuation
 * that means nothing in CSS or HTML, and visible characters beyond ASCII (which keeps them in the
 * page's text, where the fonts are cut to it). Every other character, whatever it is, is written
 * as a CSS escape: no text can end the string, the rule or the <style> element.
 */
const CSS_STRING_SAFE = /^(?:[A-Za-z0-9 .,:!?'()+\-/]|[^\p{ASCII}\p{C}\p{Z}])$/u;

/** A CSS string literal, safe by construction: see CSS_STRING_SAFE. */
function cssString(text: string): string {
  const escaped = [...text].map((char) => (CSS_STRING_SAFE.test(char) ? char : `\\${(char.codePointAt(0) ?? 0).toString(16)} `));
  return `"${escaped.join("")}"`;
}

/**
 * The running footer as CSS page-margin boxes: unlike puppeteer's footerTemplate, they get the
 * page's fonts and styles (puppeteer #1853, #6339), and a named page can leave the cover bare.
 */
function footerCss(title: string, date: string, pageLabel: string): string {
  const counter = pageLabel
    .split(/(\{page\}|\{pages\})/)
    .filter((part) => part !== "")
    .map((part) => (part === "{page}" ? "counter(page)" : part === "{pages}" ? "counter(pages)" : cssString(part)))
    .join(" ");
  // The cover keeps only its page number: the title and date are already printed on it.
  return `@page { @bottom-left { content: ${cssString(`${title} · ${date}`)}; } @bottom-right { content: ${counter}; } }
@page cover { @bottom-right { content: ${counter}; } }`;
}

/**
 * The templates are strict: a name the view lacks is an error at its file and line. Helpers that
 * test (eq) are how a template asks whether something is there, so their arguments stay lenient.
 */
const TESTING_HELPERS = ["eq", "or"];

/** A text's words in the language, or a template mistake that says which field is not a text. */
function inLanguage(text: unknown, lang: Language): string {
  const words = typeof text === "object" && text !== null ? (text as Record<string, unknown>)[lang] : undefined;
  if (typeof words !== "string") throw new UserError(`expected a text with a "${lang}" field (got ${JSON.stringify(text)?.slice(0, 60)})`);
  return words;
}

/** What an edition says of a fact in one of the fields the changes show: its figure, status or date. */
function fieldValue(
  field: unknown,
  fact: Partial<Record<"amount" | "share" | "status" | "date", unknown>>,
  lang: Language,
  label: (key: string) => string,
): string {
  if (field === "figure")
    return fact.amount !== undefined
      ? formatMoney(Amount.parse(fact.amount), lang)
      : fact.share !== undefined
        ? formatShare(Number(fact.share), lang)
        : "-";
  if (field === "status") return label(`status_${Status.parse(fact.status)}`);
  if (field === "date") return typeof fact.date === "string" ? formatDate(fact.date, lang) : label("undated");
  throw new UserError(`expected figure, status or date (got ${JSON.stringify(field)})`);
}

function helpers(
  lang: Language,
  labels: Labels,
  { sections, sources, changes }: Pick<View, "sections" | "sources" | "changes">,
): Handlebars.HelperDeclareSpec {
  const marks = new Map<string, string>([
    ...(changes?.added ?? []).map((fact) => [fact.id, "new"] as const),
    ...(changes?.updated ?? []).map(({ fact }) => [fact.id, "updated"] as const),
  ]);
  const label = (key: string, values: Record<string, unknown> = {}) => fillLabel(labels, key, values);
  /** A link to a source, titled with its headline: the title is what a screen reader says of the link, in the page and in the PDF. */
  const sourceLink = (number: number, text: string) => {
    const source = sources.find((candidate) => candidate.number === number);
    const title =
      source === undefined
        ? ""
        : ` title="${Handlebars.escapeExpression(label("link_source", { number, headline: source.headline === undefined ? source.opening : inLanguage(source.headline, lang) }))}"`;
    return `<a href="#source-${number}"${title}>${text}</a>`;
  };
  return {
    t: (text: unknown) => inLanguage(text, lang),
    /** A quote's words in this edition's language when the article's are others, else nothing. */
    translated: (quote: unknown) => {
      const words = typeof quote === "object" && quote !== null ? (quote as Record<string, unknown>)[lang] : undefined;
      return typeof words === "string" ? words : undefined;
    },
    /** A section of the dossier by id, for a layout that names its sections. */
    [SECTION_HELPER]: (id: unknown) => {
      const found = sections.find((section) => section.id === id);
      if (found === undefined)
        throw new UserError(`unknown section "${String(id)}": the sections are ${sections.map((section) => section.id).join(", ")}`);
      return found;
    },
    label: (key: string, options: Handlebars.HelperOptions) => label(key, options.hash as Record<string, unknown>),
    /** A text's paragraphs: YAML keeps a blank line in a folded text as a line break. */
    paragraphs: (text: unknown) => inLanguage(text, lang).split(/\n+/),
    date: (iso: string) => formatDate(iso, lang),
    money: (amount: unknown) => formatMoney(Amount.parse(amount), lang),
    share: (percent: number) => formatShare(percent, lang),
    /** A status word; `agrees` names the word it stands beside (a move's direction), whose gender it takes. */
    statusLabel: (status: unknown, options: Handlebars.HelperOptions) => {
      const key = `status_${Status.parse(status)}`;
      const agrees = options.hash.agrees as unknown;
      const gender = typeof agrees === "string" ? labels[`agreement_${agrees}`] : undefined;
      return label(gender !== undefined && labels[`${key}_${gender}`] !== undefined ? `${key}_${gender}` : key);
    },
    /** "according to Sam Altman": who an article says makes a claim. */
    attribution: (who: unknown) => {
      return label("according_to", { who: typeof who === "string" ? who : inLanguage(who, lang) });
    },
    list: (items: string[]) => formatList(items, lang),
    /** "1 fact", "2 facts": the label count_<what>_<plural form> the number takes in the language. */
    count: (what: string, n: number) => {
      const form = pluralRules(lang, {}).select(n);
      return label(labels[`count_${what}_${form}`] === undefined ? `count_${what}_other` : `count_${what}_${form}`, { n });
    },
    /** "new" or "updated" for a fact that is so since the edition compared with, else nothing. */
    changed: (id: unknown) => (typeof id === "string" ? marks.get(id) : undefined),
    /** "$14.3 billion": a fact's figure, status or date as an edition printed it (a changed fact's before or now). */
    changedValue: (field: unknown, fact: unknown) => {
      const record = (typeof fact === "object" && fact !== null ? fact : {}) as Record<string, unknown>;
      return fieldValue(field, record, lang, (key) => label(key));
    },
    eq: (a: unknown, b: unknown) => a === b,
    or: (...values: unknown[]) => values.slice(0, -1).some(Boolean),
    concat: (...parts: unknown[]) => parts.slice(0, -1).join(""),
    /** Citation markers linking to the sources list: [1, 3]. */
    cite: (cites: number[]) => {
      const links = cites.map((n) => sourceLink(n, String(n))).join(", ");
      return new Handlebars.SafeString(`<span class="cite">[${links}]</span>`);
    },
    /** Citation numbers as plain text, for the markdown summary: [1, 3]. */
    refs: (cites: number[]) => `[${cites.join(", ")}]`,
    /** "Source: [1]" under a chart or table. */
    sourceLine: (cites: number[]) => {
      const links = cites.map((n) => sourceLink(n, `[${n}]`));
      return new Handlebars.SafeString(
        Handlebars.escapeExpression(label(cites.length === 1 ? "source_line" : "sources_line", { list: "\u0000" })).replace(
          "\u0000",
          formatList(links, lang),
        ),
      );
    },
  };
}

export interface HtmlOptions {
  lang: Language;
}

export interface RenderOptions extends HtmlOptions {
  fonts: FontCache;
}

/** The labels of one language; the dossier's languages are checked against labels.yaml before any build. */
function labelsIn(templates: Templates, lang: Language): Labels {
  const labels = templates.labels[lang];
  if (labels === undefined) throw new UserError(`${join(templates.dir, "labels.yaml")} has no labels in "${lang}"`);
  return labels;
}

/** The filled page and the slots its fonts and charts go in: a template check needs the first, a print all. */
interface FilledPage {
  html: string;
  fontSlot: string;
  /** Each chart's SVG by the comment that stands for it in `html`. */
  chartSlots: ReadonlyMap<string, string>;
}

/** Fills the layout and its partials, strictly; no font is cut yet. */
export function fillLayout(view: View, charts: ChartImage[], templates: Templates, { lang }: HtmlOptions): FilledPage {
  const labels = labelsIn(templates, lang);
  const handlebars = Handlebars.create();
  const compile = strictCompiler(handlebars, helpers(lang, labels, view), {
    lenient: TESTING_HELPERS,
    compileOptions: { preventIndent: true },
  });
  try {
    for (const [name, source] of Object.entries(templates.partials))
      handlebars.registerPartial(name, compile(source, join(templates.dir, "partials", `${name}.hbs`)));
    const layout = compile(templates.layout, join(templates.dir, "layout.hbs"));
    // The fonts are cut to the characters of the filled page, so they go in last, in a slot no text can name.
    const fontSlot = `/* fonts ${randomUUID()} */`;
    // The charts too go in after the typographic pass, which leaves SVG as it is: parsing their
    // markup with the page's would only cost time.
    const chartSlots = new Map(charts.map((chart) => [`<!-- chart ${randomUUID()} -->`, chart.svg]));
    const slotOf = [...chartSlots.keys()];
    const html = layout({
      ...view,
      lang,
      htmlLang: htmlLang(lang),
      css: `${fontSlot}\n${templates.css}\n${footerCss(typesetterFor(lang)(inLanguage(view.report.title, lang)), formatDate(view.reportDate, lang), fillLabel(labels, "footer_page", { page: "{page}", pages: "{pages}" }))}`,
      // Drawn by the charts stage, not from any text of the data: the one markup the view passes through as it is.
      charts: Object.fromEntries(
        charts.map((chart, index) => [chart.id, { ...chart, svg: new Handlebars.SafeString(slotOf[index] ?? "") }]),
      ),
    });
    return { html, fontSlot, chartSlots };
  } catch (error) {
    throw templateFailure(error, templates.dir);
  }
}

/** Fills the templates with the view and the charts: one self-contained HTML document. */
export async function renderHtml(view: View, charts: ChartImage[], templates: Templates, options: RenderOptions): Promise<string> {
  const filled = fillLayout(view, charts, templates, options);
  const { fontSlot, chartSlots } = filled;
  let html = setTypography(filled.html, options.lang, view.quotations);
  for (const [slot, svg] of chartSlots) html = html.replaceAll(slot, () => svg);
  checkPageGlyphs(html, templates.dir);
  const fonts = await fontFaceCss(html, options.lang, options.fonts);
  return html.replace(fontSlot, () => fonts);
}

/**
 * Markdown renderers pass HTML through and make links and images of brackets: in the data's texts,
 * markup is written as entities and brackets (and the backslash that could undo their escape) are
 * escaped, so that a renderer shows each text as itself and the plain text stays readable.
 */
const MARKDOWN_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "[": "\\[", "]": "\\]" };

/** A copy of the view whose every text is inert in markdown. */
function markdownInert(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/[&<>\\[\]]/g, (char) => MARKDOWN_ESCAPES[char] ?? char);
  if (Array.isArray(value)) return value.map(markdownInert);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, markdownInert(entry)]));
  return value;
}

/** Fills summary.md.hbs: the key figures as markdown, for the body of an e-mail; the data's texts cannot add markup. */
export function renderSummary(view: View, templates: Templates, { lang }: HtmlOptions): string {
  const file = join(templates.dir, "summary.md.hbs");
  const compile = strictCompiler(Handlebars.create(), helpers(lang, labelsIn(templates, lang), view), {
    lenient: TESTING_HELPERS,
    compileOptions: { noEscape: true },
  });
  try {
    // Set like the page: the e-mail a reader gets is typeset as the PDF attached to it.
    return typesetterFor(lang)(compile(templates.summary, file)({ ...(markdownInert(view) as View), lang }));
  } catch (error) {
    throw templateFailure(error, file);
  }
}
