// The typographic pass over a filled page: every text the page prints, whether it came from the
// data, the labels or the templates, is set in the language of the element that holds it (a French
// quote in the English edition is set the French way), and prose gets its hyphenation points.
// Each text node is set on its own: the data's texts hold no markup, so a quotation never spans
// two nodes of the page.
import { type DefaultTreeAdapterTypes, parse, serialize } from "parse5";
import { type Hyphenate, hyphenatorFor } from "./hyphenate.js";
import { type Typeset, typesetterFor } from "./typeset.js";

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

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
}

function settingFor(lang: string, hyphenated: boolean): Setting {
  return { lang, hyphenated, typeset: typesetterFor(lang), hyphenate: hyphenated ? hyphenatorFor(lang) : undefined };
}

/** "fr-FR" → "fr": the rules and patterns are per language. */
function languageOf(element: Element): string | undefined {
  const lang = element.attrs
    .find((attr) => attr.name === "lang")
    ?.value.trim()
    .toLowerCase();
  return lang === undefined || lang === "" ? undefined : (lang.split("-")[0] ?? lang);
}

function visit(node: Node, setting: Setting): void {
  if (node.nodeName === "#text" && "value" in node) {
    const typeset = setting.typeset(node.value);
    node.value = setting.hyphenate === undefined ? typeset : setting.hyphenate(typeset);
    return;
  }
  if (!("childNodes" in node)) return;
  let inner = setting;
  if ("tagName" in node) {
    if (VERBATIM.has(node.tagName)) return;
    const lang = languageOf(node) ?? setting.lang;
    const hyphenated = (setting.hyphenated || isProse(node)) && !UNHYPHENATED.has(node.tagName);
    if (lang !== setting.lang || hyphenated !== setting.hyphenated) inner = settingFor(lang, hyphenated);
    for (const attr of node.attrs) if (TEXT_ATTRIBUTES.has(attr.name)) attr.value = inner.typeset(attr.value);
  }
  for (const child of node.childNodes) visit(child, inner);
}

/** The page with its texts typeset in their languages and hyphenation points in its prose. */
export function setTypography(html: string, lang: string): string {
  const document = parse(html);
  visit(document, settingFor(lang, false));
  return serialize(document);
}
