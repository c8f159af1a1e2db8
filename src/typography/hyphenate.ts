// Hyphenation points as soft hyphens, with the TeX patterns of each language (the `hyphen`
// package): Chromium has no hyphenation dictionaries on Linux, so `hyphens: auto` would do
// nothing, while soft hyphens work everywhere and the stylesheet still decides where they count.
import { createRequire } from "node:module";
import type { HyphenationFunctionSync } from "hyphen";

const require = createRequire(import.meta.url);

const SOFT_HYPHEN = "\u00ad";

/** Adds soft hyphens to a text's words. */
export type Hyphenate = (text: string) => string;

/** The `hyphen` patterns a language is set with: the dossier's English is British. */
const PATTERNS: Readonly<Record<string, string>> = { en: "en-gb" };

/**
 * Publishers' limits (TeX's \lefthyphenmin and \righthyphenmin): at least two letters before a
 * break and three after it, so that no line ends on "a-" or starts with "ly".
 */
const LEFT_MIN = 2;
const RIGHT_MIN = 3;
const SHORTEST = LEFT_MIN + RIGHT_MIN + 1;

/** Anything that looks like an address or a number is left whole: a hyphen would read as part of it. */
const ADDRESS = /[/@\d_]|:\/\/|www\.|\p{L}\.\p{L}{2,}/u;

/** An acronym or a name written with capitals inside ("OpenAI", "LeCun"), which no language breaks. */
const ACRONYM = /^\p{L}+\p{Lu}/u;

/**
 * Words a language leaves whole besides: French house style never breaks a proper name, while
 * English breaks a capitalised word as TeX does ("Per-plexity").
 */
const UNBROKEN: Readonly<Partial<Record<string, RegExp>>> = { fr: /^\p{Lu}/u };

function loadPatterns(lang: string): HyphenationFunctionSync | undefined {
  try {
    return (require(`hyphen/${PATTERNS[lang] ?? lang}`) as { hyphenateSync: HyphenationFunctionSync }).hyphenateSync;
  } catch {
    return undefined;
  }
}

/** Keeps the soft hyphens of a word that leave enough letters on each side. */
function withinLimits(word: string): string {
  const letters = word.replaceAll(SOFT_HYPHEN, "");
  let at = 0;
  return word
    .split(SOFT_HYPHEN)
    .map((part, index) => {
      at += part.length;
      return index === 0 || at - part.length < LEFT_MIN || letters.length - (at - part.length) < RIGHT_MIN ? part : `${SOFT_HYPHEN}${part}`;
    })
    .join("");
}

const hyphenators = new Map<string, Hyphenate | undefined>();

/**
 * The hyphenator of a language, or undefined for a language `hyphen` has no patterns for
 * (patterns are loaded on first use, ~40 ms for English).
 */
export function hyphenatorFor(lang: string): Hyphenate | undefined {
  if (hyphenators.has(lang)) return hyphenators.get(lang);
  const patterns = /^[a-z]{2,3}$/.test(lang) ? loadPatterns(lang) : undefined;
  const unbroken = (word: string) => ACRONYM.test(word) || (UNBROKEN[lang]?.test(word) ?? false);
  const hyphenate =
    patterns &&
    ((text: string) =>
      text.replace(/\S+/g, (chunk) =>
        ADDRESS.test(chunk)
          ? chunk
          : chunk.replace(/\p{L}[\p{L}\p{M}]*/gu, (word) =>
              word.length < SHORTEST || unbroken(word) ? word : withinLimits(patterns(word, { minWordLength: SHORTEST })),
            ),
      ));
  hyphenators.set(lang, hyphenate);
  return hyphenate;
}
