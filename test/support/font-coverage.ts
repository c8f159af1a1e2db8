// Every check of characters needs the fonts' character maps, which the commands read at the
// start of each build (readInputs); the unit tests call those checks directly.
import { loadFontCoverage } from "../../src/typography/glyphs.js";

await loadFontCoverage();
