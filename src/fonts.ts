// The dossier's typefaces, shipped by npm so that no page or chart depends on the fonts a machine
// happens to have. Noto Serif rather than Source Serif 4: Source Serif draws the no-break space
// with its space glyph, so the PDF's text would say "ordinary space" wherever French sets a
// no-break one (before a colon); Noto Serif has a glyph of its own for each kind of space.
// TrueType files, because node-canvas (Cairo/fontconfig) cannot read WOFF/WOFF2 and the page and
// the charts must use the very same faces.
import { createRequire } from "node:module";

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
