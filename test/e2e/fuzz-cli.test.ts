// A few of the fuzz cases (test/unit/fuzz.test.ts) through the whole command, over a folder that
// holds a good build: each ends in exit 0 and a new PDF, or exit 1, located messages and the
// folder untouched. Never a stack trace, never a lost PDF.
import { cp, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { META, prepare } from "../support/dossiers.js";
import { type FuzzCase, mutate, readCorpus } from "../support/fuzz.js";
import { type Baseline, baseline, outcomeOf, writeCase } from "../support/outcome.js";
import { report, snapshot } from "../support/process.js";
import { copyOfData, DATA_DIR, tempDir } from "../support/project.js";

const FIRST_SEED = 20_261_122;
const PDF = "meta-ai-strategy-2026-11-22.pdf";

/** Through the shared browser: starting one per run would make the test slow for nothing. */
const reportShared = (args: string[]) => report(["--browser-url", inject("browserWSEndpoint"), "--lang", "en", ...args]);

/** The first cases, from the fixed seed on, that the pure stages build (2) and reject (3): both ends, every run. */
async function pickCases(base: Baseline): Promise<{ fuzzCase: FuzzCase; builds: boolean }[]> {
  const picked: { fuzzCase: FuzzCase; builds: boolean }[] = [];
  const wanted = { built: 2, rejected: 3 };
  for (let seed = FIRST_SEED; wanted.built + wanted.rejected > 0; seed++) {
    const fuzzCase = mutate(base.corpus, seed);
    const { kind } = await outcomeOf(base, fuzzCase);
    if (wanted[kind] === 0) continue;
    wanted[kind]--;
    picked.push({ fuzzCase, builds: kind === "built" });
  }
  return picked;
}

describe("fuzz cases through the command", () => {
  let goodOut: string;
  let good: Record<string, string>;
  let cases: { fuzzCase: FuzzCase; builds: boolean }[] = [];

  beforeAll(async () => {
    goodOut = await tempDir();
    expect((await reportShared(["--out", goodOut, "--data", DATA_DIR])).code).toBe(0);
    good = await snapshot(goodOut);
    const { folder, templates } = await prepare(META.dir);
    cases = await pickCases(baseline(await tempDir(), await readCorpus(DATA_DIR), templates, folder));
  });

  it("end in a new PDF, or in located problems with the output folder as it was", async () => {
    expect(cases).toHaveLength(5);
    await Promise.all(
      cases.map(async ({ fuzzCase, builds }) => {
        const what = `seed ${fuzzCase.seed}: ${fuzzCase.changes.join("; ")}`;
        const data = await copyOfData(DATA_DIR);
        await writeCase(data, fuzzCase);
        const out = await tempDir();
        await cp(goodOut, out, { recursive: true });
        const { code, stdout, stderr } = await reportShared(["--out", out, "--data", data]);
        expect(stderr, what).not.toMatch(/^\s+at /m);
        if (builds) {
          expect(code, `${what}\n${stderr}`).toBe(0);
          expect(stdout.trimEnd().split("\n").at(-1)).toBe(join(out, PDF));
          const pdf = await readFile(join(out, PDF));
          expect(pdf.subarray(0, 5).toString(), what).toBe("%PDF-");
          expect(await readFile(join(out, "meta-ai-strategy-latest.pdf"))).toEqual(pdf);
        } else {
          expect(code, `${what}\n${stderr}`).toBe(1);
          const [heading, ...problems] = stderr.trimEnd().split("\n");
          expect(heading, what).toMatch(/^error: The data has \d+ problems?:$/);
          for (const problem of problems) expect(problem, what).toMatch(new RegExp(`^  ${data}/\\S+\\.yaml:\\d+:\\d+ \\S`));
          expect(await snapshot(out), what).toEqual(good);
        }
      }),
    );
  });
});
