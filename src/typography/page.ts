// The typographic pass over a filled page: every text the page prints, whether it came from the
// data, the labels or the templates, is set in the language of the element that holds it (a French
// quote in the English edition is set the French way), and prose gets its hyphenation points.
// Each text node is set on its own: the data's texts hold no markup, so a quotation never spans
// two nodes of the page. An article's words quoted in a text of another language are marked in
// the article's language, so that a screen reader, and the hyphenation, read them as such.
import { type DefaultTreeAdapterTypes, defaultTreeAdapter, html, parse, serialize } from "parse5";
import { quotedRanges } from "../passages.js";
import type { ForeignQuotation } from "../stages/derive.js";
import { type Hyphenate, hyphenatorFor } from "./hyphenate.js";
import { type Typeset, typesetterFor } from "./typeset.js";

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;
type ChildNode = DefaultTreeAdapterTypes.ChildNode;

/** Elements whose text is code or markup, not prose. */
const VERBATIM = new Set(["style", "script", "svg", "math", "pre", "code", "kbd", "samp", "textarea", "template"]);

/**
 * The class the stylesheet justifies and hyphenates: only its text gets soft hyphens, since
 * Chromium draws one where no line breaks as an invisible glyph the pdf stage must then remove.
 */
const PROSE = "prose";

/** Headings, figures and captions are never hyphenated, even inside prose. */
const UNHYPHENATED = new Set(["title", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "caption", "th", "dt"]);

function isProse(element: Element): boolean {
  return element.attrs.some((attr) => attr.name === "class" && attr.value.split(/\s+/).includes(PROSE));
}

/** Attributes a reader meets as text: a chart's alternative text, a panel's name. */
const TEXT_ATTRIBUTES = new Set(["alt", "aria-label", "title"]);

interface Setting {
  lang: string;
  hyphenated: boolean;
  typeset: Typeset;
  hyphenate: Hyphenate | undefined;
  /** The language of each quotation, by its normalised words, that a text in this language quotes from another. */
  quoted: ReadonlyMap<string, string>;
}

/** The page's quotations from other languages, by the language of the text that quotes them. */
type QuotationsByLanguage = ReadonlyMap<string, ReadonlyMap<string, string>>;

function settingFor(lang: string, hyphenated: boolean, quotations: QuotationsByLanguage): Setting {
  return {
    lang,
    hyphenated,
    typeset: typesetterFor(lang),
    hyphenate: hyphenated ? hyphenatorFor(lang) : undefined,
    quoted: quotations.get(lang) ?? new Map(),
  };
}

/**
 * The typeset text cut where it quotes another language: Chromium tags a <span lang> only when it
 * has a role of its own, as the explicit generic role gives it (a NonStruct element with /Lang).
 */
function markQuotations(text: string, setting: Setting, quotations: QuotationsByLanguage): ChildNode[] {
  const nodes: ChildNode[] = [];
  let from = 0;
  const finish = (part: string, inner: Setting) => (inner.hyphenate === undefined ? part : inner.hyphenate(part));
  const ranges = setting.quoted.size === 0 ? [] : quotedRanges(text).sort((a, b) => a.start - b.start);
  for (const range of ranges) {
    const lang = setting.quoted.get(range.words);
    if (lang === undefined || range.start < from) continue;
    if (range.start > from) nodes.push(defaultTreeAdapter.createTextNode(finish(text.slice(from, range.start), setting)));
    const inner = settingFor(lang, setting.hyphenated, quotations);
    const span = defaultTreeAdapter.createElement("span", html.NS.HTML, [
      { name: "lang", value: lang },
      { name: "role", value: "generic" },
    ]);
    defaultTreeAdapter.appendChild(
      span,
      defaultTreeAdapter.createTextNode(finish(inner.typeset(text.slice(range.start, range.end)), inner)),
    );
    nodes.push(span);
    from = range.end;
  }
  if (nodes.length === 0) return [];
  if (from < text.length) nodes.push(defaultTreeAdapter.createTextNode(finish(text.slice(from), setting)));
  return nodes;
}

/** "fr-FR" → "fr": the rules and patterns are per language. */
function languageOf(element: Element): string | undefined {
  const lang = element.attrs
    .find((attr) => attr.name === "lang")
    ?.value.trim()
    .toLowerCase();
  return lang === undefined || lang === "" ? undefined : (lang.split("-")[0] ?? lang);
}

function visit(node: Node, setting: Setting, quotations: QuotationsByLanguage): void {
  if (node.nodeName === "#text" && "value" in node) {
    const typeset = setting.typeset(node.value);
    const parts = node.parentNode === null ? [] : markQuotations(typeset, setting, quotations);
    if (parts.length === 0) node.value = setting.hyphenate === undefined ? typeset : setting.hyphenate(typeset);
    else if (node.parentNode !== null) {
      for (const part of parts) defaultTreeAdapter.insertBefore(node.parentNode, part, node);
      defaultTreeAdapter.detachNode(node);
    }
    return;
  }
  if (!("childNodes" in node)) return;
  let inner = setting;
  if ("tagName" in node) {
    if (VERBATIM.has(node.tagName)) return;
    const lang = languageOf(node) ?? setting.lang;
    const hyphenated = (setting.hyphenated || isProse(node)) && !UNHYPHENATED.has(node.tagName);
    if (lang !== setting.lang || hyphenated !== setting.hyphenated) inner = settingFor(lang, hyphenated, quotations);
    for (const attr of node.attrs) if (TEXT_ATTRIBUTES.has(attr.name)) attr.value = inner.typeset(attr.value);
  }
  // A copy: marking a quotation replaces the text node being visited.
  for (const child of [...node.childNodes]) visit(child, inner, quotations);
}

/**
 * The page with its texts typeset in their languages, hyphenation points in its prose, and the
 * articles' words quoted in another language marked in theirs.
 */
export function setTypography(html: string, lang: string, quotations: readonly ForeignQuotation[] = []): string {
  const byLanguage = new Map<string, Map<string, string>>();
  for (const { within, lang: quotedIn, words } of quotations) {
    const quoted = byLanguage.get(within) ?? new Map<string, string>();
    quoted.set(words, quotedIn);
    byLanguage.set(within, quoted);
  }
  const document = parse(html);
  visit(document, settingFor(lang, false, byLanguage), byLanguage);
  return serialize(document);
}
