// Which characters the dossier's fonts can draw, read from their own character maps with
// harfbuzz, so that a character none of them has is a located error at build time rather than a
// blank or a glyph from whatever fonts the printing machine happens to have.
import { readFileSync } from "node:fs";
import { FONT_FACES, readPrecut } from "../fonts.js";

/**
 * Characters that draw nothing, so that no font needs them: line breaks and tabs (white space in
 * HTML), and the default-ignorable code points, soft hyphen, zero-width spaces and joiners and
 * variation selectors among them. A soft hyphen that breaks a line is drawn as a hyphen, which
 * every face has.
 */
const NOT_DRAWN = /^(?:[\t\n\f\r\u2028\u2029]|\p{Default_Ignorable_Code_Point})$/u;

let covered: ReadonlySet<number> | undefined;

/**
 * Reads the code points at least one face has (the stylesheet makes each family fall back to the
 * other, and only to the other): once per process, about 20 ms for the five faces on top of
 * 25 ms for harfbuzz's WebAssembly. Loaded here rather than at import, since a scheduled run that
 * skips never needs it, and harfbuzz's module waits at its top level, which the bundled commands
 * (CommonJS) can only import, never require. Every check of characters needs it done first.
 */
export async function loadFontCoverage(): Promise<void> {
  if (covered !== undefined) return;
  // As the build read it (precut-fonts.mjs), from the very files installed now.
  const precut = readPrecut();
  if (precut !== null) {
    covered = new Set(precut.coverage);
    return;
  }
  covered ??= await readCoverage();
}

/** The code points the faces have, read from their character maps with harfbuzz: what the build records, and a run without it reads. */
export async function readCoverage(): Promise<Set<number>> {
  const harfbuzz = await import("harfbuzzjs");
  return new Set(FONT_FACES.flatMap((face) => [...new harfbuzz.Face(new harfbuzz.Blob(readFileSync(face.file))).collectUnicodes()]));
}

function coverage(): ReadonlySet<number> {
  if (covered === undefined) throw new Error("the fonts' character maps are not read yet: await loadFontCoverage() first");
  return covered;
}

/** The characters of a text that no face of the dossier has, each once, in the order they first come. */
export function missingCharacters(text: string): string[] {
  const fonts = coverage();
  return [...new Set(text)].filter((char) => !fonts.has(char.codePointAt(0) ?? 0) && !NOT_DRAWN.test(char));
}

/**
 * The characters of a text as the page may render it: its own, and those a CSS text-transform
 * makes of them in the page's language ("é" is "É" in capitals, "ß" is "SS"). Each character is
 * cased alone and after a letter: the Greek final sigma is the one letter whose case depends on
 * its neighbours, and "Σ" is "σ" alone but "ς" at the end of a word.
 */
export function renderedCharacters(text: string, lang: string): Set<string> {
  const characters = new Set(text);
  for (const char of [...characters])
    for (const cased of [char.toLocaleUpperCase(lang), char.toLocaleLowerCase(lang), `A${char}`.toLocaleLowerCase(lang).slice(1)])
      for (const variant of cased) characters.add(variant);
  return characters;
}

/** "U+1F680": how Unicode names a character's code point. */
function codeOf(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

const LIST = new Intl.ListFormat("en-GB");
const FAMILIES = LIST.format([...new Set(FONT_FACES.map((face) => face.family))]);

/** The most characters a message names; a text in another script would otherwise list them all. */
const NAMED = 3;

/**
 * What to say of characters no font of the dossier has, with what to do: "no font of the dossier
 * has 🚀 (U+1F680): ...". `where` follows the characters, to say where the page holds them.
 */
export function notInFonts(missing: readonly string[], where = ""): string {
  const named = missing.slice(0, NAMED).map((char) => `${char} (${codeOf(char)})`);
  const others = missing.length - named.length;
  const list = LIST.format(others > 0 ? [...named, `${others} more`] : named);
  // Said of the fonts FONT_FACES lists: keep it true when they change.
  return `no font of the dossier has ${list}${where}: ${FAMILIES} cover Latin, Greek and Cyrillic; remove or replace ${missing.length === 1 ? "it" : "them"}`;
}
