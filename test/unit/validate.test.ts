import { appendFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/errors.js";
import { loadData } from "../../src/stages/load.js";
import { validate } from "../../src/stages/validate.js";
import { edit, lineOf, problemsIn } from "../support/data.js";
import { copyOfData, DATA_DIR, FIXTURE_DATA_DIR } from "../support/project.js";

/** An unknown source id and a duplicate fact id: mistakes only the cross-reference checks find. */
async function breakReferences(dir: string): Promise<void> {
  await edit(
    dir,
    "facts.yaml",
    '      - id: perplexity-talks\n        excerpt: "Perplexity, par exemple',
    '      - id: no-such-source\n        excerpt: "Perplexity, par exemple',
  );
  await edit(dir, "facts.yaml", "  - id: scale-ai-stake", "  - id: scale-ai-investment");
}

describe("validate", () => {
  it("accepts the shipped data and the test fixture", async () => {
    for (const dir of [DATA_DIR, FIXTURE_DATA_DIR]) {
      const dossier = validate(await loadData(dir));
      expect(dossier.sources).toHaveLength(5);
      expect(dossier.facts.length).toBeGreaterThan(0);
    }
  });

  it("reports a wrong type at the value's line, with the value it got", async () => {
    const dir = await copyOfData();
    await edit(dir, "facts.yaml", "{ value: 14, scale: billion", '{ value: "14bn", scale: billion');
    const [problem, ...rest] = await problemsIn(dir);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: join(dir, "facts.yaml"), line: await lineOf(dir, "facts.yaml", '"14bn"') });
    expect(problem?.field).toMatch(/^facts\[\d+\]\.amount\.value$/);
    expect(problem?.message).toBe('expected number (got "14bn")');
  });

  it("reports a missing field where its parent stands", async () => {
    const dir = await copyOfData();
    await edit(dir, "sources.yaml", /\n {4}language: fr\n {4}published: "2026-01-22"/, '\n    published: "2026-01-22"');
    const problems = await problemsIn(dir);
    expect(problems).toEqual([
      expect.objectContaining({
        field: "sources[2].language",
        line: await lineOf(dir, "sources.yaml", "id: bosworth-davos"),
        message: expect.stringMatching(/^missing/),
      }),
    ]);
  });

  it("reports an unknown field at its key", async () => {
    const dir = await copyOfData();
    await edit(dir, "sources.yaml", "    outlet: Radio Sisko FM", "    outlet: Radio Sisko FM\n    outlett: typo");
    const problems = await problemsIn(dir);
    expect(problems).toEqual([
      expect.objectContaining({ field: "sources[3].outlett", line: await lineOf(dir, "sources.yaml", "outlett"), column: 5 }),
    ]);
  });

  it("reports every problem at once: unknown source, duplicate id, impossible date, negative amount", async () => {
    const dir = await copyOfData();
    await breakReferences(dir);
    await edit(dir, "sources.yaml", 'published: "2025-09-01"', 'published: "2025-02-30"');
    await edit(dir, "facts.yaml", "{ value: 600,", "{ value: -600,");
    const messages = (await problemsIn(dir)).map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/sources\.yaml:\d+:\d+ sources\[4\]\.published: no such day in the calendar \(got "2025-02-30"\)$/),
        expect.stringMatching(/facts\.yaml:\d+:\d+ facts\[\d+\]\.amount\.value: an amount must be positive \(got -600\)$/),
      ]),
    );
  });

  it("checks references once the shapes are right", async () => {
    const dir = await copyOfData();
    await breakReferences(dir);
    const messages = (await problemsIn(dir)).map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /facts\.yaml:\d+:\d+ facts\[\d+\]\.sources\[0\]\.id: unknown source id "no-such-source": it is not in sources\.yaml$/,
        ),
        expect.stringMatching(
          /facts\.yaml:\d+:\d+ facts\[\d+\]\.id: duplicate id "scale-ai-investment" \(first used at facts\[\d+\]\.id\)$/,
        ),
      ]),
    );
  });

  it("asks for a short label on a dated fact, for the timeline chart", async () => {
    const dir = await copyOfData();
    const dated = [
      "  - id: dated-claim",
      "    kind: claim",
      "    topic: risks",
      "    status: stated",
      '    date: "2025-05"',
      "    text: { en: In May., fr: En mai. }",
      "    sources: [{ id: perplexity-talks, excerpt: En mai }]",
      "",
    ];
    await appendFile(join(dir, "facts.yaml"), dated.join("\n"));
    const problems = await problemsIn(dir);
    expect(problems).toEqual([
      expect.objectContaining({
        field: "facts[6].date",
        line: await lineOf(dir, "facts.yaml", 'date: "2025-05"'),
        message: expect.stringContaining("needs a label"),
      }),
    ]);
  });

  it("names a YAML syntax error's line, an empty file and a file that is not UTF-8", async () => {
    const dir = await copyOfData();
    await edit(dir, "summary.yaml", "key_figures: [", "key_figures: [[");
    await writeFile(join(dir, "report.yaml"), "");
    await writeFile(
      join(dir, "sources.yaml"),
      Buffer.concat([Buffer.from("sources:\n  - id: caf"), Buffer.from([0xe9]), Buffer.from("\n")]),
    );
    const messages = (await problemsIn(dir)).map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        `${join(dir, "report.yaml")}:1:1 the file is empty`,
        `${join(dir, "sources.yaml")}:2:12 the file is not UTF-8 text: save it as UTF-8`,
        expect.stringMatching(/summary\.yaml:\d+:\d+ invalid YAML/),
      ]),
    );
  });
});
