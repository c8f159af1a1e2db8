// @ts-check
// The third step of `npm run build`: each of the dossier's faces cut once to the characters of
// Western and Central European text (PRECUT_CHARACTERS in src/fonts.ts), and the code points the
// faces have, into dist/fonts/. A run then reads them instead of starting harfbuzz's WebAssembly
// (~110 MB and ~100 ms) to cut and read the fonts again; a page with a character beyond them
// still has its faces cut at run time.
//
// Usage: node src/setup/precut-fonts.mjs   (after tsc has written dist/)
import { mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";

// The very functions a run cuts and reads with, as compiled.
/** @type {typeof import("../fonts.js")} */
const { cutFace, FONT_FACES, PRECUT_CHARACTERS, PRECUT_DIR, PRECUT_INDEX, precutFile } = await import(
  new URL("../../dist/fonts.js", import.meta.url).href
);
/** @type {typeof import("../typography/glyphs.js")} */
const { readCoverage } = await import(new URL("../../dist/typography/glyphs.js", import.meta.url).href);

/** Written whole under another name, then renamed: a build stopped half-way leaves no half file. @param {string} file @param {string | Uint8Array} data */
function writeWhole(file, data) {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

mkdirSync(PRECUT_DIR, { recursive: true });
const faces = await Promise.all(
  FONT_FACES.map(async (face) => {
    writeWhole(precutFile(face), await cutFace(face, PRECUT_CHARACTERS));
    const { size, mtimeMs } = statSync(face.file);
    return { file: precutFile(face), from: { file: face.file, size, mtimeMs } };
  }),
);
const coverage = await readCoverage();
// Last: the index says the cut faces are all there.
writeWhole(PRECUT_INDEX, JSON.stringify({ characters: PRECUT_CHARACTERS, faces, coverage: [...coverage].sort((a, b) => a - b) }));
