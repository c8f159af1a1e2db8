import { appendFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatProblem } from "../../src/errors.js";
import { PROFILE_FILE } from "../../src/input-files.js";
import { dossierFrame } from "../../src/prepare.js";
import { loadData } from "../../src/stages/load.js";
import { type DossierFrame, validate } from "../../src/stages/validate.js";
import { edit, lineOf, problemsIn } from "../support/data.js";
import { BRIEF, folderOf, META, metaFrame } from "../support/dossiers.js";
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
  it.each([
    ["the Meta dossier's data", META.dir, undefined, 5],
    ["the test fixture, as the Meta dossier's", META.dir, FIXTURE_DATA_DIR, 5],
    ["the Scale AI brief's data", BRIEF.dir, undefined, 3],
  ])("accepts %s against its dossier.yaml", async (_, dossierDir, dataDir, sources) => {
    const { folder } = await folderOf(dossierDir);
    const dossier = validate(await loadData(dataDir ?? folder.dataDir), dossierFrame(folder));
    expect(dossier.sources).toHaveLength(sources);
    expect(dossier.facts.length).toBeGreaterThan(0);
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

describe("validate, against the dossier's settings", () => {
  it("refuses a fact whose topic no section prints, at the topic, naming the topics there are", async () => {
    const dir = await copyOfData();
    await edit(dir, "facts.yaml", "    topic: deals", "    topic: finance");
    const frame = await metaFrame();
    expect(frame.profilePath).toBe(join(META.dir, PROFILE_FILE));
    const problems = await problemsIn(dir, frame);
    expect(problems).toEqual([
      {
        file: join(dir, "facts.yaml"),
        line: await lineOf(dir, "facts.yaml", "topic: finance"),
        column: 12,
        field: "facts[4].topic",
        message: `no section of ${frame.profilePath} prints the topic "finance", so the fact would be missing from the PDF: use one of ${[...frame.topics.keys()].join(", ")}, or add it to a section's topics`,
      },
    ]);
    // The topics are those of the dossier's own sections, not the built-in ones.
    expect([...frame.topics.keys()]).toEqual(["strategy", "money", "talent", "models", "infrastructure", "deals", "competition", "risks"]);
  });

  it("accepts any topic a section prints, whatever its name", async () => {
    const dir = await copyOfData();
    await edit(dir, "facts.yaml", "    topic: deals", "    topic: finance");
    const frame = await metaFrame();
    const topics = new Map([...frame.topics, ["finance", "money"]]);
    expect(validate(await loadData(dir), { ...frame, topics }).facts[4]?.topic).toBe("finance");
  });

  describe("an English-only dossier", () => {
    let frame: DossierFrame;
    let dataDir: string;
    beforeAll(async () => {
      const { folder } = await folderOf(BRIEF.dir);
      expect(folder.profile.languages).toEqual(["en"]);
      frame = dossierFrame(folder);
      dataDir = folder.dataDir;
    });

    it("accepts texts in English alone", async () => {
      const dossier = validate(await loadData(dataDir), frame);
      expect(Object.keys(dossier.facts[0]?.text ?? {})).toEqual(["en"]);
      expect(Object.keys(dossier.report.title)).toEqual(["en"]);
    });

    it("keeps a French translation made ahead of its edition, and refuses a field that is no language, at its key", async () => {
      const dir = await copyOfData(dataDir);
      const english = "      en: Meta invested more than $14 billion in the start-up Scale AI.\n";
      await edit(dir, "facts.yaml", english, `${english}      fr: Meta a investi plus de 14 milliards de dollars dans Scale AI.\n`);
      expect(validate(await loadData(dir), frame).facts[0]?.text.fr).toBe("Meta a investi plus de 14 milliards de dollars dans Scale AI.");
      await edit(dir, "facts.yaml", "      fr: Meta a investi", "      french: Meta a investi");
      expect(await problemsIn(dir, frame)).toEqual([
        {
          file: join(dir, "facts.yaml"),
          line: await lineOf(dir, "facts.yaml", "french: Meta a investi"),
          column: 15,
          field: "facts[0].text.french",
          message: expect.stringMatching(
            /^unknown field: a text has one field per language \(en\), and "french" is not a language code \(got "Meta a investi/,
          ),
        },
      ]);
    });
  });

  it("refuses, in a French and English dossier, a text without its French", async () => {
    const dir = await copyOfData();
    await edit(dir, "report.yaml", /\n {2}fr: La stratégie de Meta dans l'IA/, "");
    // Where the texts of title: begin, as for any missing field.
    expect(await problemsIn(dir)).toEqual([
      {
        file: join(dir, "report.yaml"),
        line: await lineOf(dir, "report.yaml", "en: Meta's AI strategy"),
        column: 3,
        field: "title.fr",
        message: "missing: add this field (string)",
      },
    ]);
  });

  describe("a quote", () => {
    /** The Meta dossier's own data, whose quotes are all from French articles. */
    const quoted = '    quote:\n      original: "raisons personnelles"\n      en: "personal reasons"\n';

    it("is refused without its translation into each language of the dossier but the article's", async () => {
      const dir = await copyOfData(DATA_DIR);
      await edit(dir, "facts.yaml", quoted, '    quote:\n      original: "raisons personnelles"\n');
      const problems = await problemsIn(dir);
      expect(problems).toEqual([
        expect.objectContaining({
          file: join(dir, "facts.yaml"),
          line: await lineOf(dir, "facts.yaml", 'original: "raisons personnelles"'),
          field: expect.stringMatching(/^facts\[\d+\]\.quote$/),
          message: "missing: the quote's translation into en (the article is in fr)",
        }),
      ]);
    });

    it("is refused with a translation into the article's own language, or under a field that is no language", async () => {
      const dir = await copyOfData(DATA_DIR);
      await edit(dir, "facts.yaml", quoted, `${quoted}      fr: "raisons personnelles"\n      german: "persönliche Gründe"\n`);
      const problems = await problemsIn(dir);
      expect(problems.map(({ line, field, message }) => ({ line, field: field?.replace(/\[\d+\]/, "[i]"), message }))).toEqual([
        {
          line: await lineOf(dir, "facts.yaml", 'fr: "raisons personnelles"'),
          field: "facts[i].quote.fr",
          message: "the article is in fr: the original is printed, so remove this translation",
        },
        {
          line: await lineOf(dir, "facts.yaml", 'german: "persönliche'),
          field: "facts[i].quote.german",
          message: "unknown field: a quote holds its original and one translation per language code (en, fr)",
        },
      ]);
    });
  });
});
