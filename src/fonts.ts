// The dossier's typefaces, shipped by npm so that no page or chart depends on the fonts a machine
// happens to have. Noto Serif rather than Source Serif 4: Source Serif draws the no-break space
// with its space glyph, so the PDF's text would say "ordinary space" wherever French sets a
// no-break one (before a colon); Noto Serif has a glyph of its own for each kind of space.
// TrueType files, because node-canvas (Cairo/fontconfig) cannot read WOFF/WOFF2 and the page and
// the charts must use the very same faces.
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export interface FontFace {
  family: string;
  weight: 400 | 600;
  style: "normal" | "italic";
  /** Absolute path of the .ttf file inside node_modules. */
  file: string;
}

export const SANS = "Inter";
export const SERIF = "Noto Serif";

export const FONT_FACES: readonly FontFace[] = [
  { family: SANS, weight: 400, style: "normal", file: require.resolve("@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf") },
  { family: SANS, weight: 600, style: "normal", file: require.resolve("@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf") },
  {
    family: SERIF,
    weight: 400,
    style: "normal",
    file: require.resolve("@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf"),
  },
  {
    family: SERIF,
    weight: 400,
    style: "italic",
    file: require.resolve("@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf"),
  },
  {
    family: SERIF,
    weight: 600,
    style: "normal",
    file: require.resolve("@expo-google-fonts/noto-serif/600SemiBold/NotoSerif_600SemiBold.ttf"),
  },
];

const range = (from: number, to: number) => String.fromCodePoint(...Array.from({ length: to - from + 1 }, (_, offset) => from + offset));

/**
 * The characters every face is cut to once, when the project is built (src/setup/precut-fonts.mjs),
 * rather than on every run: ASCII, Latin-1 and Latin Extended-A (the languages of Western and
 * Central Europe), the typographic spaces, dashes, quotes and bullets, and the Latin ligatures.
 * A page that shows a character beyond them has its faces cut at run time, to these and its own.
 * Chromium embeds only the glyphs a page draws, so the PDF is no larger for it.
 */
export const PRECUT_CHARACTERS = [
  range(0x20, 0x7e),
  range(0xa0, 0x17f),
  "\u2007\u2009\u200a\u202f", // figure, thin, hair and narrow no-break spaces
  "‐‑‒–—―‘’‚‛“”„‟†‡•‣…‰′″‹›⁄€™−←↑→↓◦▪",
  "\ufb00\ufb01\ufb02\ufb03\ufb04",
].join("");

/** Where the build writes the faces cut to PRECUT_CHARACTERS, and what each was cut from. */
export const PRECUT_DIR = fileURLToPath(new URL("../dist/fonts/", import.meta.url));

export interface PrecutFonts {
  /** What the faces were cut to: the build's PRECUT_CHARACTERS, which code built since may have changed. */
  characters: string;
  /** Each face's file as cut, with the size and time of the file it was cut from: a reinstalled package is cut again. */
  faces: { file: string; from: { file: string; size: number; mtimeMs: number } }[];
  /** Every code point at least one face has (glyphs.ts). */
  coverage: number[];
}

export const PRECUT_INDEX = join(PRECUT_DIR, "fonts.json");

/**
 * A face cut to `characters` (and their ligatures and variants), as TrueType: what the build cuts
 * (precut-fonts.mjs) and what a run cuts beyond that, the same call. subset-font is loaded here,
 * on first use: its WOFF2 codec's WebAssembly takes ~36 MB at load.
 */
export async function cutFace(face: FontFace, characters: string): Promise<Uint8Array> {
  const { default: subsetFont } = await import("subset-font");
  return subsetFont(readFileSync(face.file), characters, { targetFormat: "truetype" });
}

/** The file a face is cut to at build time. */
export function precutFile(face: FontFace): string {
  return join(PRECUT_DIR, `${face.family.replace(/\s+/g, "")}-${face.weight}-${face.style}.ttf`);
}

let precut: PrecutFonts | null | undefined;

/**
 * The faces and coverage the build cut, if it cut them to PRECUT_CHARACTERS from the very font
 * files installed now (by path, size and time: a reinstalled package is new files); else null, and
 * each run cuts its own. Read once per process.
 */
export function readPrecut(): PrecutFonts | null {
  if (precut !== undefined) return precut;
  try {
    const index = JSON.parse(readFileSync(PRECUT_INDEX, "utf8")) as PrecutFonts;
    const current = FONT_FACES.every((face, at) => {
      const made = index.faces[at];
      const { size, mtimeMs } = statSync(face.file);
      return made?.file === precutFile(face) && made.from.file === face.file && made.from.size === size && made.from.mtimeMs === mtimeMs;
    });
    precut = current && index.faces.length === FONT_FACES.length && index.characters === PRECUT_CHARACTERS ? index : null;
  } catch {
    precut = null;
  }
  return precut;
}
