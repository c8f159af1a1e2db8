import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import Handlebars from "handlebars";
import subsetFont from "subset-font";
import { type Document, isMap, isNode, isScalar, type LineCounter } from "yaml";
import { z } from "zod";
import { TemplateError, type TemplateProblem, UserError } from "../errors.js";
import { FONT_FACES } from "../fonts.js";
import { formatDate, formatList, formatMoney, formatShare, htmlLang } from "../format.js";
import { type InputFolder, listInputFolder, readInputFile, requireFolder, unreadable } from "../input-files.js";
import { Amount, Attribution, LANGUAGES, type Language, Status, Text } from "../schema.js";
import type { ChartImage } from "./charts.js";
import type { View } from "./derive.js";
import { parseYaml } from "./load.js";
import { checkTemplates, strictCompiler, templateFailure } from "./template-check.js";

/** Every word the templates print, per language; a partial may use any key both languages define. */
export type Labels = Readonly<Record<string, string>>;
const LabelFile = z.strictObject(
  Object.fromEntries(LANGUAGES.map((lang) => [lang, z.record(z.string(), z.string())])) as Record<
    Language,
    z.ZodRecord<z.ZodString, z.ZodString>
  >,
);

/** A label with its {placeholders} filled in; an unknown key is a template bug, named as such. */
export function fillLabel(labels: Labels, key: string, values: Record<string, unknown> = {}): string {
  const template = labels[key];
  if (template === undefined) throw new UserError(`templates/labels.yaml has no label "${key}"`);
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** labels.yaml as parsed, to point at a line and column. */
interface LabelsDocument {
  path: string;
  document: Document.Parsed;
  lines: LineCounter;
}

/** Where a field of labels.yaml is: its value, else its key (a field of the wrong kind), else the nearest field around it. */
function labelsProblem({ path, document, lines }: LabelsDocument, field: readonly PropertyKey[], message: string): TemplateProblem {
  const located = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { file: path, line, column: col, message: field.length === 0 ? message : `${field.join(".")}: ${message}` };
  };
  for (let depth = field.length; depth > 0; depth--) {
    const parent = depth === 1 ? document.contents : document.getIn(field.slice(0, depth - 1), true);
    const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === field[depth - 1]) : undefined;
    const node = depth === field.length && isNode(pair?.value) ? pair.value : pair?.key;
    if (isNode(node) && node.range) return located(node.range[0]);
  }
  return located(0);
}

function checkLabels(parsed: LabelsDocument, file: z.infer<typeof LabelFile>): void {
  const keys = new Set(LANGUAGES.flatMap((lang) => Object.keys(file[lang])));
  const missing = LANGUAGES.flatMap((lang) =>
    [...keys].filter((key) => !(key in file[lang])).map((key) => labelsProblem(parsed, [lang, key], "missing in this language")),
  );
  if (missing.length > 0) throw new TemplateError(missing);
}

/** labels.yaml, checked as the data is: every problem located at its line and column. */
function readLabels(path: string, bytes: Uint8Array): z.infer<typeof LabelFile> {
  const parsed = parseYaml(path, bytes);
  if ("problems" in parsed) throw new TemplateError(parsed.problems);
  const labels: LabelsDocument = { path, ...parsed };
  let value: unknown;
  try {
    value = parsed.document.toJS();
  } catch (error) {
    // An alias that expands too far ("billion laughs").
    throw new TemplateError([labelsProblem(labels, [], `cannot read the YAML: ${(error as Error).message}`)]);
  }
  const checked = LabelFile.safeParse(value);
  if (!checked.success) {
    throw new TemplateError(
      checked.error.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => labelsProblem(labels, [...issue.path, key], `unknown language: the labels are ${LANGUAGES.join(", ")}`))
          : [labelsProblem(labels, issue.path, issue.message)],
      ),
    );
  }
  checkLabels(labels, checked.data);
  return checked.data;
}

/** The templates folder, read once: layout, partials, stylesheet and the words in each language. */
export interface Templates {
  dir: string;
  layout: string;
  partials: Record<string, string>;
  css: string;
  /** The markdown summary of the key figures, for an e-mail body (summary.md.hbs). */
  summary: string;
  labels: Record<Language, Labels>;
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

/** Reads templates/: layout.hbs, partials/*.hbs, styles.css and labels.yaml. */
export async function loadTemplates(dir: string): Promise<Templates> {
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
  checkTemplateFiles(templates);
  return templates;
}

/** Syntax, helpers and partials of every template, checked before any data fills them. */
function checkTemplateFiles(templates: Templates): void {
  const summary = join(templates.dir, "summary.md.hbs");
  const known = { helpers: new Set(Object.keys(helpers("en", {}))), partials: new Set(Object.keys(templates.partials)) };
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
 * digits, the ellipsis and dashes of line breaking.
 */
const ALWAYS_DRAWN = "0123456789•◦▪…‐–—\u00a0\u202f";

/** Every character a page can show: each face is cut down to these (and their ligatures and variants). */
function charactersOf(html: string): string {
  const printable = Array.from({ length: 0x7f - 0x20 }, (_, offset) => String.fromCharCode(0x20 + offset)).join("");
  const text = html.replace(/data:[^"')\s]+/g, "");
  return [...new Set(printable + ALWAYS_DRAWN + text)].sort().join("");
}

/** The last subsets cut: a watch-mode rebuild after an edit that adds no new character cuts no font again. */
let lastSubsets: { characters: string; css: Promise<string> } | undefined;

function subsetFaces(characters: string): Promise<string> {
  return Promise.all(
    FONT_FACES.map(async (face) => {
      const subset = await subsetFont(await readFile(face.file), characters, { targetFormat: "truetype" });
      return `@font-face { font-family: "${face.family}"; font-weight: ${face.weight}; font-style: ${face.style}; src: url(data:font/ttf;base64,${subset.toString("base64")}) format("truetype"); }`;
    }),
  ).then((rules) => rules.join("\n"));
}

/**
 * The fonts as @font-face rules with their data inline, each cut to the characters the page
 * uses: about 60 kB a face instead of 350 kB, which Chromium decodes in a fraction of the time.
 */
function fontFaceCss(html: string): Promise<string> {
  const characters = charactersOf(html);
  if (lastSubsets?.characters !== characters) {
    const css = subsetFaces(characters);
    css.catch(() => {
      if (lastSubsets?.css === css) lastSubsets = undefined;
    });
    lastSubsets = { characters, css };
  }
  return lastSubsets.css;
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

function helpers(lang: Language, labels: Labels): Handlebars.HelperDeclareSpec {
  const label = (key: string, values: Record<string, unknown> = {}) => fillLabel(labels, key, values);
  return {
    t: (text: unknown) => Text.parse(text)[lang],
    label: (key: string, options: Handlebars.HelperOptions) => label(key, options.hash as Record<string, unknown>),
    /** A text's paragraphs: YAML keeps a blank line in a folded text as a line break. */
    paragraphs: (text: unknown) => Text.parse(text)[lang].split(/\n+/),
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
      const parsed = Attribution.parse(who);
      return label("according_to", { who: typeof parsed === "string" ? parsed : parsed[lang] });
    },
    list: (items: string[]) => formatList(items, lang),
    eq: (a: unknown, b: unknown) => a === b,
    or: (...values: unknown[]) => values.slice(0, -1).some(Boolean),
    concat: (...parts: unknown[]) => parts.slice(0, -1).join(""),
    /** Citation markers linking to the sources list: [1, 3]. */
    cite: (cites: number[]) => {
      const links = cites.map((n) => `<a href="#source-${n}">${n}</a>`).join(", ");
      return new Handlebars.SafeString(`<span class="cite">[${links}]</span>`);
    },
    /** Citation numbers as plain text, for the markdown summary: [1, 3]. */
    refs: (cites: number[]) => `[${cites.join(", ")}]`,
    /** "Source: [1]" under a chart or table. */
    sourceLine: (cites: number[]) => {
      const links = cites.map((n) => `<a href="#source-${n}">[${n}]</a>`);
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

/** The filled page and the slot its fonts go in: a template check needs the first, a print both. */
interface FilledPage {
  html: string;
  fontSlot: string;
}

/** Fills the layout and its partials, strictly; no font is cut yet. */
export function fillLayout(view: View, charts: ChartImage[], templates: Templates, { lang }: HtmlOptions): FilledPage {
  const labels = templates.labels[lang];
  const handlebars = Handlebars.create();
  const compile = strictCompiler(handlebars, helpers(lang, labels), { lenient: TESTING_HELPERS, compileOptions: { preventIndent: true } });
  try {
    for (const [name, source] of Object.entries(templates.partials))
      handlebars.registerPartial(name, compile(source, join(templates.dir, "partials", `${name}.hbs`)));
    const layout = compile(templates.layout, join(templates.dir, "layout.hbs"));
    // The fonts are cut to the characters of the filled page, so they go in last, in a slot no text can name.
    const fontSlot = `/* fonts ${randomUUID()} */`;
    const html = layout({
      ...view,
      lang,
      htmlLang: htmlLang(lang),
      css: `${fontSlot}\n${templates.css}\n${footerCss(view.report.title[lang], formatDate(view.reportDate, lang), fillLabel(labels, "footer_page", { page: "{page}", pages: "{pages}" }))}`,
      charts: Object.fromEntries(
        charts.map((chart) => [chart.id, { ...chart, src: `data:image/svg+xml;base64,${Buffer.from(chart.svg).toString("base64")}` }]),
      ),
    });
    return { html, fontSlot };
  } catch (error) {
    throw templateFailure(error, templates.dir);
  }
}

/** Fills the templates with the view and the charts: one self-contained HTML document. */
export async function renderHtml(view: View, charts: ChartImage[], templates: Templates, options: HtmlOptions): Promise<string> {
  const { html, fontSlot } = fillLayout(view, charts, templates, options);
  const fonts = await fontFaceCss(html);
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
  const compile = strictCompiler(Handlebars.create(), helpers(lang, templates.labels[lang]), {
    lenient: TESTING_HELPERS,
    compileOptions: { noEscape: true },
  });
  try {
    return compile(templates.summary, file)({ ...(markdownInert(view) as View), lang });
  } catch (error) {
    throw templateFailure(error, file);
  }
}
