// The typographic pass over a text, per language, with typograf (the most complete and best kept
// typographic library on npm: locales, nested quotes, apostrophes, URLs and HTML left alone).
// Evaluated against richtypo (blunt regular expressions, no apostrophes, a thin space before the
// French colon) and smartypants (English quotes only). typograf has no French spacing rules, so
// the few French has are added here as typograf rules, run inside its pipeline, which keeps URLs
// out of their reach. Only typography changes: no rule adds, drops or reorders a word.
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

/** Quotes by language, first and second level, where typograf's own differ from the house style. */
const QUOTES: Readonly<Partial<Record<string, { left: string; right: string }>>> = {
  // Typograf's British quotes are single first; the dossier's English uses double quotes first.
  "en-GB": { left: "“‘", right: "”’" },
  // The Imprimerie nationale's second level is the English double quote, not ‹ ›.
  fr: { left: "«“", right: "»”" },
};

/** typograf's locale for a language of the dossier: its rules are per locale. */
function localeOf(lang: string): string | undefined {
  if (lang === "en") return "en-GB";
  return Typograf.hasLocale(lang) ? lang : undefined;
}

const FRENCH_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre";

Typograf.addRules([
  {
    // typograf's quote rule reads « » with spaces inside as other quotes; it gets them tight, and
    // fr/space/highPunctuation sets their thin spaces back afterwards.
    name: "fr/space/tightQuotes",
    queue: "start",
    handler: (text: string) => text.replace(new RegExp(`«${SPACES}+`, "g"), "«").replace(new RegExp(`${SPACES}+»`, "g"), "»"),
  },
  {
    // A thin no-break space before ; ! ? and inside « », a no-break space before : (Imprimerie
    // nationale), whether the text had a space there or none. "10:30" and marks that follow one
    // another ("?!") are left as they are, and so is the semicolon that ends an HTML entity
    // ("&gt;" in markdown). After the quote rule, which sees plain spaces.
    name: "fr/space/highPunctuation",
    queue: "end",
    handler: (text: string) =>
      text
        .replace(new RegExp(`(?<!&#?[a-z0-9]*)([^\\s!?;:])${SPACES}*([;!?]+)(?=$|[\\s»”)\\]…,.])`, "giu"), `$1${NNBSP}$2`)
        .replace(new RegExp(`([^\\s!?;:])${SPACES}*:(?=$|[\\s»”)\\]])`, "gu"), `$1${NBSP}:`)
        .replace(new RegExp(`«${SPACES}*`, "g"), `«${NNBSP}`)
        .replace(new RegExp(`${SPACES}*»`, "g"), `${NNBSP}»`),
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
    // French writes the first day of a month as an ordinal: "1er septembre".
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
    // Straight quotes the quote rule leaves (unpaired, or single): a quoted word or passage between
    // single quotes becomes a second-level pair; any other single quote is an apostrophe ("the '90s",
    // "l'IA"); a double quote opens after a space and closes elsewhere.
    name: "common/punctuation/leftoverQuotes",
    queue: "end",
    index: "-5",
    handler: (text: string, _settings: unknown, context: { prefs: { locale: string[] } }) => {
      const { left, right } = QUOTES[context.prefs.locale[0] ?? ""] ?? QUOTES["en-GB"] ?? { left: "“‘", right: "”’" };
      return text
        .replace(/(^|[\s([«“—–-])'([^'\n]*\p{L}[^'\n]*?)'(?=$|[\s.,;:!?)\]»”…—–-])/gu, `$1${left[1]}$2${right[1]}`)
        .replace(/'/g, "’")
        .replace(/(^|[\s([])"/g, `$1${left[0]}`)
        .replace(/"/g, right[0] ?? "”");
    },
  },
]);

/** Everything typograf does that sets typography; nothing that rewrites words or spaces between nodes. */
const RULES = [
  "common/punctuation/quote",
  "common/punctuation/apostrophe",
  "common/punctuation/hellip",
  "common/punctuation/leftoverQuotes",
  "common/nbsp/numberWithUnit",
  "en-GB/dash/main",
  "fr/space/tightQuotes",
  "fr/space/highPunctuation",
  "fr/space/percent",
  "fr/dash/main",
  "fr/date/firstOfMonth",
];

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
  const typeset: Typeset = (text) => (/[^\s\d]/.test(text) ? typograf.execute(text) : text);
  typesetters.set(lang, typeset);
  return typeset;
}
