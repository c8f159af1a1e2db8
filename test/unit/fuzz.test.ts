// Hundreds of hand-edit mistakes in the real data, each derived from a seed: every one must end
// in a dossier or in problems that point into the files; never a crash, never markup let through.
import { describe, expect, it } from "vitest";
import { resolveSections } from "../../src/profile/load.js";
import { loadTemplates } from "../../src/stages/html.js";
import { DOSSIERS, folderOf } from "../support/dossiers.js";
import { mutate, readCorpus } from "../support/fuzz.js";
import { baseline, type Outcome, outcomeOf } from "../support/outcome.js";
import { tempDir } from "../support/project.js";

const CASES = 240;
/** Change it to explore new cases; a failure names the seed that replays it. */
const FIRST_SEED = 20_261_122;

/** What the page would do beyond printing: an element, an attribute or a link that runs or loads something. */
const ACTIVE = [
  /<script/i,
  /<iframe/i,
  /<img(?![^>]*src="data:)/i,
  /<[^>]*\son\w+\s*=/i,
  /href\s*=\s*"?\s*javascript:/i,
  /<[^>]*style="[^"]*url\(/i,
];

describe.each(DOSSIERS.map((dossier) => [dossier.label, dossier] as const))("fuzz: mutated copies of the %s's data", (_, { dir }) => {
  it(`end in a dossier or in located problems, ${CASES} seeded cases`, async () => {
    const { folder } = await folderOf(dir);
    const sections = resolveSections(folder.profile).map((section) => section.id);
    const base = baseline(await tempDir(), await readCorpus(folder.dataDir), await loadTemplates(folder.templatesDir, sections), folder);
    const tally = { built: 0, rejected: 0 };
    for (let seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed++) {
      const fuzzCase = mutate(base.corpus, seed);
      const what = `seed ${seed} (${fuzzCase.changes.join("; ")})`;
      let outcome: Outcome;
      try {
        outcome = await outcomeOf(base, fuzzCase);
      } catch (error) {
        throw new Error(`${what} ended in ${error instanceof Error ? error.stack : String(error)}`, { cause: error });
      }
      tally[outcome.kind]++;
      if (outcome.kind === "built") {
        // The stylesheet is mostly embedded fonts; the data reaches it only as a CSS string (the footer's title).
        const markup = outcome.html.replace(/<style>[\s\S]*?<\/style>/, "<style></style>");
        for (const pattern of ACTIVE) expect(markup, what).not.toMatch(pattern);
      }
    }
    // Both ends are reached: a fuzzer whose every case fails to parse would prove little.
    expect(tally.built).toBeGreaterThan(CASES / 10);
    expect(tally.rejected).toBeGreaterThan(CASES / 2);
  }, 60_000);
});
