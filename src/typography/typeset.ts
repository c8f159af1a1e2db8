// The typographic pass over a text, per language, with typograf (the most complete and best kept
// typographic library on npm: locales, nested quotes, apostrophes, URLs and HTML left alone).
// Evaluated against richtypo (blunt regular expressions, no apostrophes, a thin space before the
// French colon) and smartypants (English quotes only). typograf has no French spacing rules, so
// the few French has are added here as typograf rules, run inside its pipeline, which keeps URLs
// and HTML entities out of their reach. Only typography changes: no rule drops or reorders a word.
import { createRequire } from "node:module";

// typograf's types declare a default export, which only its ES build has; Node loads its CommonJS
// build here, whose export is the class itself.
const Typograf = createRequire(import.meta.url)("typograf") as typeof import("typograf")["default"];

const NBSP = "\u00a0";
/** U+202F: the thin no-break space French sets before ; ! ? and inside « ». */
const NNBSP = "\u202f";
const SPACES = `[ ${NBSP}${NNBSP}]`;

/** A text's typography set for a language: spaces, quotes, apostrophes, dashes, ellipses. */
export type Typeset = (text: string) => string;

interface Quotes {
  left: string;
  right: string;
}

/** typograf's British quotes are single first; the dossier's English uses double quotes first. */
const ENGLISH_QUOTES: Quotes = { left: "“‘", right: "”’" };

/** Quotes by locale, first and second level, where typograf's own differ from the house style. */
const QUOTES: Readonly<Partial<Record<string, Quotes>>> = {
  "en-GB": ENGLISH_QUOTES,
  // The Imprimerie nationale's second level is the English double quote, not ‹ ›.
  fr: { left: "«“", right: "»”" },
};

/** typograf's locale for a language of the dossier: its rules are per locale. */
function localeOf(lang: string): string | undefined {
  if (lang === "en") return "en-GB";
  return Typograf.hasLocale(lang) ? lang : undefined;
}

/** The start of an HTML entity, before its closing semicolon. */
const ENTITY = "&(?:[a-z]+|#\\d+|#x[\\da-f]+)";

const FRENCH_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre";

/**
 * The rules typograf lacks, in its default queue, where URLs, tags and HTML entities are hidden
 * from them; `index` places each among typograf's own (its quote rule is at 410).
 */
const HOUSE_RULES = [
  {
    // typograf's quote rule reads « » with spaces inside as other quotes; it gets them tight, and
    // fr/space/highPunctuation sets their thin spaces back afterwards.
    name: "fr/space/tightQuotes",
    index: 400,
    handler: (text: string) => text.replace(new RegExp(`«${SPACES}+`, "g"), "«").replace(new RegExp(`${SPACES}+»`, "g"), "»"),
  },
  {
    // A passage between single quotes is a quotation, which the quote rule then sets at the level
    // it stands at; a single quote elsewhere is an apostrophe ("the '90s", "l'IA").
    name: "common/punctuation/singleQuotes",
    index: 405,
    handler: (text: string) =>
      text.replace(/(^|[\s([«“"—–-])'([^'\n]*\p{L}[^'\n]*?)'(?=$|[\s.,;:!?)\]»”"…—–-])/gu, '$1"$2"').replace(/'/g, "’"),
  },
  {
    // A double quote the quote rule could not pair opens after a space and closes elsewhere.
    name: "common/punctuation/unpairedQuotes",
    index: 420,
    handler: (text: string, _settings: unknown, context: { prefs: { locale: string[] } }) => {
      const { left, right } = QUOTES[context.prefs.locale[0] ?? ""] ?? ENGLISH_QUOTES;
      return text.replace(/(^|[\s([])"/g, `$1${left[0]}`).replace(/"/g, right[0] ?? "”");
    },
  },
  {
    // "49 %" in French, with a thin no-break space, as Intl writes it.
    name: "fr/space/percent",
    handler: (text: string) => text.replace(new RegExp(`(\\d)${SPACES}?%`, "g"), `$1${NNBSP}%`),
  },
  {
    // An incise between spaced hyphens is set with an en dash in French, bound to the word before.
    name: "fr/dash/main",
    handler: (text: string) => text.replace(/(\S) [-–—] (?=\S)/g, `$1${NBSP}– `),
  },
  {
    // French writes the first day of a month as an ordinal, "1er septembre", in a quotation too:
    // it is how the date is set, not another word.
    name: "fr/date/firstOfMonth",
    handler: (text: string) => text.replace(new RegExp(`(^|[^\\d,.])1${SPACES}(${FRENCH_MONTHS})\\b`, "gu"), `$11er${NBSP}$2`),
  },
  {
    // A number stays on the line of its unit, currency or scale word: "14 milliards", "$600 billion",
    // "3 GW". A year ("in 2025 the") is not bound to the word after it.
    name: "common/nbsp/numberWithUnit",
    handler: (text: string) =>
      text.replace(/(^|[\s([«“‘$€£])(\d(?:[\d,.\u00a0\u202f]*\d)?) (?=\p{L}|%)/gu, (match, before: string, number: string) =>
        /^(1[89]|20)\d\d$/.test(number) ? match : `${before}${number}${NBSP}`,
      ),
  },
  {
    // A thin no-break space before ; ! ? and inside « », a no-break space before : (Imprimerie
    // nationale), whether the text had a space there or none. "10:30" and marks that follow one
    // another ("?!") are left as they are, and so is the semicolon that ends an HTML entity typograf
    // keeps as one ("&amp;" in markdown). Last, once every quote is set.
    name: "fr/space/highPunctuation",
    index: 2000,
    handler: (text: string) =>
      text
        .replace(new RegExp(`([^\\s!?;:])${SPACES}*(?<!${ENTITY})([;!?]+)(?=$|[\\s»”)\\]…,.])`, "giu"), `$1${NNBSP}$2`)
        .replace(new RegExp(`([^\\s!?;:])${SPACES}*:(?=$|[\\s»”)\\]])`, "gu"), `$1${NBSP}:`)
        .replace(new RegExp(`«${SPACES}*`, "g"), `«${NNBSP}`)
        .replace(new RegExp(`${SPACES}*»`, "g"), `${NNBSP}»`),
  },
];

// typograf keeps its rules on the class, and adds a rule twice if asked twice (a test runner may
// load this module again in one process).
if (Typograf.getRule("fr/space/highPunctuation") === null) Typograf.addRules(HOUSE_RULES);

/** Everything typograf does that sets typography; nothing that rewrites words or spaces between nodes. */
const RULES = [
  "common/punctuation/quote",
  "common/punctuation/apostrophe",
  "common/punctuation/hellip",
  "common/punctuation/singleQuotes",
  "common/punctuation/unpairedQuotes",
  "common/nbsp/numberWithUnit",
  "en-GB/dash/main",
  "fr/space/tightQuotes",
  "fr/space/highPunctuation",
  "fr/space/percent",
  "fr/dash/main",
  "fr/date/firstOfMonth",
];

/** How many texts a typesetter keeps the result of: a few dossiers' pages' worth. */
const KEPT_TEXTS = 20_000;

/** A typesetter for each language used; typograf is configured once per language. */
const typesetters = new Map<string, Typeset>();

/**
 * The typesetter of a language. A language typograf does not know still gets typographic quotes
 * and apostrophes, in English style.
 */
export function typesetterFor(lang: string): Typeset {
  const known = typesetters.get(lang);
  if (known !== undefined) return known;
  const locale = localeOf(lang);
  const typograf = new Typograf({
    locale: [locale ?? "en-GB"],
    htmlEntity: { type: "default" },
    disableRule: "*",
    enableRule: RULES,
  });
  const quotes = QUOTES[locale ?? "en-GB"];
  if (quotes !== undefined) {
    // French spacing inside « » is set by fr/space/highPunctuation, not on the second level.
    typograf.setSetting("common/punctuation/quote", locale ?? "en-GB", { ...quotes, spacing: false });
  }
  // Each text's result kept: a page repeats its labels, and a rebuild (--watch) sets the same texts again.
  const done = new Map<string, string>();
  const typeset: Typeset = (text) => {
    if (!/[^\s\d]/.test(text)) return text;
    const known = done.get(text);
    if (known !== undefined) return known;
    const result = typograf.execute(text);
    if (done.size >= KEPT_TEXTS) done.clear();
    done.set(text, result);
    return result;
  };
  typesetters.set(lang, typeset);
  return typeset;
}
