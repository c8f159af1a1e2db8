// The faces and coverage the build cuts once (src/setup/precut-fonts.mjs) must be exactly what a
// run would make without them: the PDF cannot depend on whether the build's files are there.
import { readFile } from "node:fs/promises";
import * as harfbuzz from "harfbuzzjs";
import subsetFont from "subset-font";
import { describe, expect, it } from "vitest";
import { FONT_FACES, PRECUT_CHARACTERS, precutFile, readPrecut } from "../../src/fonts.js";

describe("the faces cut at build time", () => {
  const precut = readPrecut();

  it("are there, cut from the font files installed now", () => {
    expect(precut?.faces.map((face) => face.from.file)).toEqual(FONT_FACES.map((face) => face.file));
  });

  it.each(FONT_FACES.map((face) => [`${face.family} ${face.weight} ${face.style}`, face] as const))(
    "%s: the very bytes a run cuts",
    async (_, face) => {
      const atRunTime = await subsetFont(await readFile(face.file), PRECUT_CHARACTERS, { targetFormat: "truetype" });
      expect(Buffer.compare(await readFile(precutFile(face)), Buffer.from(atRunTime))).toBe(0);
    },
  );

  it("list the code points the faces have, as harfbuzz reads them", async () => {
    const read = new Set<number>();
    for (const face of FONT_FACES)
      for (const code of new harfbuzz.Face(new harfbuzz.Blob(await readFile(face.file))).collectUnicodes()) read.add(code);
    expect(precut?.coverage).toEqual([...read].sort((a, b) => a - b));
  });
});
