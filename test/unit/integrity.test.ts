// The content checks every build makes, each shown to catch its mistake at the right place: a
// copy of the fixture is broken in one way, and the problem must name the file, line and field.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, formatProblem } from "../../src/errors.js";
import { normalise, quotedSpans, sentencesOf } from "../../src/passages.js";
import { numbersIn, quantitiesIn } from "../../src/quantities.js";
import { loadData } from "../../src/stages/load.js";
import { validate } from "../../src/stages/validate.js";
import { metaFrame } from "../support/dossiers.js";
import { copyOfData, FIXTURE_DATA_DIR } from "../support/project.js";

/** The problems a copy of the fixture gets after one edit, as the command prints them with --strict. */
async function problemsAfter(edit: (dir: string) => Promise<void>): Promise<string[]> {
  const dir = await copyOfData();
  await edit(dir);
  try {
    validate(await loadData(dir), { ...(await metaFrame()), strict: true });
  } catch (error) {
    if (error instanceof DataError) return error.problems.map((problem) => formatProblem(problem).replace(`${dir}/`, ""));
    throw error;
  }
  return [];
}

async function replaceIn(dir: string, file: string, from: string, to: string): Promise<void> {
  const path = join(dir, file);
  const text = await readFile(path, "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  await writeFile(path, text.replace(from, to));
}

async function lineOf(file: string, text: string): Promise<number> {
  const lines = (await readFile(join(FIXTURE_DATA_DIR, file), "utf8")).split("\n");
  return lines.findIndex((line) => line.includes(text)) + 1;
}

describe("reading numbers and quotations", () => {
  it("reads amounts with their scale and the qualifier before them, in French and English", () => {
    const read = (text: string) => quantitiesIn(text).map(({ value, bound, kind }) => ({ value, bound, kind }));
    expect(read("Meta a investi plus de 14 milliards de dollars")).toEqual([{ value: 14e9, bound: "more-than", kind: "amount" }]);
    expect(read("des primes pouvant atteindre les 100 millions de dollars")).toEqual([{ value: 1e8, bound: "up-to", kind: "amount" }]);
    expect(read("jusqu’à 600 milliards")).toEqual([{ value: 6e11, bound: "up-to", kind: "amount" }]);
    expect(read("environ 1,5 milliard")).toEqual([{ value: 1.5e9, bound: "about", kind: "amount" }]);
    expect(read("more than $14 billion")).toEqual([{ value: 14e9, bound: "more-than", kind: "amount" }]);
    expect(read("une participation de 49 % dans")).toEqual([{ value: 49, bound: "exact", kind: "share" }]);
    expect(read("dont des primes de 100 millions")).toEqual([{ value: 1e8, bound: "exact", kind: "amount" }]);
    expect(numbersIn("le 1er septembre 2025, 10 000 personnes")).toEqual([1, 2025, 10000]);
  });

  it("pairs quotation marks as they nest, whatever marks a text uses", () => {
    expect(quotedSpans('« Je pense qu\'il y a des gens qui se disent "copions OpenAI". Cela ne marche jamais »')).toEqual([
      "copions OpenAI",
      'Je pense qu\'il y a des gens qui se disent"copions OpenAI". Cela ne marche jamais',
    ]);
    expect(quotedSpans('He called it “chaotic” and said "never"')).toEqual(["chaotic", "never"]);
    expect(normalise("l’IA  « chaotique »")).toBe(normalise('l\'IA "chaotique"'));
  });

  it("splits an article into sentences with their line and column", () => {
    expect(sentencesOf("Titre\nUne phrase. Une autre ! « Une citation. »")).toEqual([
      { text: "Titre", line: 1, column: 1 },
      { text: "Une phrase.", line: 2, column: 1 },
      { text: "Une autre !", line: 2, column: 13 },
      { text: '"Une citation."', line: 2, column: 25 },
    ]);
  });
});

describe("the content checks of every build", () => {
  it("accept the fixture as it is", async () => {
    expect(await problemsAfter(async () => {})).toEqual([]);
  });

  it("a source whose article file is missing", async () => {
    const problems = await problemsAfter((dir) => rm(join(dir, "articles", "001_977c48ad5bda7198.txt")));
    const line = await lineOf("sources.yaml", "file: 001_977c48ad5bda7198.txt");
    expect(problems).toContain(
      `sources.yaml:${line}:11 sources[1].file: article file not found: put the article's text in articles/001_977c48ad5bda7198.txt`,
    );
  });

  it("an excerpt that is not in its article word for word", async () => {
    const problems = await problemsAfter((dir) =>
      replaceIn(dir, "facts.yaml", 'dans la start-up Scale AI"', 'dans la jeune pousse Scale AI"'),
    );
    const line = await lineOf("facts.yaml", 'dans la start-up Scale AI"');
    expect(problems).toEqual([
      `facts.yaml:${line}:18 facts[1].sources[0].excerpt: not found word for word in articles/000_2ec81d983aa082d8.txt: it agrees up to "... milliards de dollars dans la " and then reads otherwise`,
      // The sentence it quoted is now cited by nothing.
      expect.stringMatching(/^articles\/000_2ec81d983aa082d8\.txt:2:1 no fact cites this sentence/),
    ]);
  });

  it("accepts an excerpt typed with other quote marks, apostrophes and spaces", async () => {
    const problems = await problemsAfter((dir) =>
      replaceIn(dir, "facts.yaml", "D’après le Wall Street Journal", "D'après  le Wall Street Journal"),
    );
    expect(problems).toEqual([]);
  });

  it("an amount cited to a source whose excerpts do not state it", async () => {
    const problems = await problemsAfter((dir) => replaceIn(dir, "facts.yaml", "value: 500, scale: million", "value: 600, scale: million"));
    const line = await lineOf("facts.yaml", 'excerpt: "Perplexity, par exemple');
    expect(problems).toEqual([
      `facts.yaml:${line - 1}:13 facts[4].sources[0].id: source "perplexity-talks" is cited for the amount but none of its excerpts here states that number: quote the passage that does, or do not cite it for this figure`,
    ]);
  });

  it("a share cited to a source whose excerpts do not state it", async () => {
    const problems = await problemsAfter((dir) => replaceIn(dir, "facts.yaml", "share: 49", "share: 51"));
    expect(problems).toEqual([
      expect.stringMatching(/^facts\.yaml:\d+:13 facts\[2\]\.sources\[0\]\.id: source "perplexity-talks" is cited for the share but/),
    ]);
  });

  it("a qualifier that is not the article's: up to against more than", async () => {
    const problems = await problemsAfter((dir) =>
      replaceIn(dir, "facts.yaml", "currency: USD, bound: more-than }", "currency: USD, bound: up-to }"),
    );
    const line = await lineOf("facts.yaml", "currency: USD, bound: more-than }");
    expect(problems).toEqual([
      `facts.yaml:${line}:64 facts[1].amount.bound: the figure is up-to but source "superintelligence-pivot" says "a investi plus de 14 milliards", which is "more than" (plus de)`,
    ]);
  });

  it("a number in the summary that its facts do not have", async () => {
    const problems = await problemsAfter((dir) =>
      replaceIn(dir, "summary.yaml", "up to $600 billion by 2028", "up to $700 billion by 2028"),
    );
    const line = await lineOf("summary.yaml", "up to $600 billion by 2028");
    expect(problems).toEqual([`summary.yaml:${line}:11 points[0].text.en: 700 is not in the facts this cites (ai-spending-600bn)`]);
  });

  it("quotation marks around words no article quotes, and a translation that quotes more", async () => {
    const problems = await problemsAfter((dir) => replaceIn(dir, "summary.yaml", "au profit de l'IA, avec", "au profit de « l'IA », avec"));
    const line = await lineOf("summary.yaml", "au profit de l'IA, avec");
    expect(problems).toEqual([
      `summary.yaml:${line - 1}:11 points[0].text.en: 0 passages in quotation marks where the fr text has 1: quote the same words in every language`,
      `summary.yaml:${line}:11 points[0].text.fr: "l'IA" is in quotation marks, but no article cited here quotes these words: remove the marks, or quote only what the article quotes`,
    ]);
  });

  it("a date no excerpt states and that does not say it was derived", async () => {
    const problems = await problemsAfter((dir) =>
      replaceIn(
        dir,
        "facts.yaml",
        "    status: reported\n    label:\n      en: AI spending",
        '    status: reported\n    date: "2024-03"\n    label:\n      en: AI spending',
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^facts\.yaml:\d+:11 facts\[0\]\.date: no excerpt states 2024-03: quote the passage that does, or add date_derived/,
      ),
    ]);
  });

  it("an article sentence that no fact cites is a warning at its line without --strict, and the data passes", async () => {
    const dir = await copyOfData();
    const article = join("articles", "003_35b5f40da4a11d8c.txt");
    await writeFile(join(dir, article), `${await readFile(join(dir, article), "utf8")}Meta a aussi racheté la Lune.\n`);
    const warnings: string[] = [];
    const dossier = validate(await loadData(dir), {
      ...(await metaFrame()),
      warn: (problem) => warnings.push(formatProblem(problem).replace(`${dir}/`, "")),
    });
    expect(dossier.facts.length).toBeGreaterThan(0);
    const lines = (await readFile(join(FIXTURE_DATA_DIR, article), "utf8")).split("\n").length;
    expect(warnings).toEqual([
      `${article}:${lines}:1 no fact cites this sentence and articles/not-facts.yaml does not leave it out with a reason: "Meta a aussi racheté la Lune."`,
    ]);
  });

  it("an article sentence that no fact cites and that is not left out with a reason, with --strict", async () => {
    const article = join("articles", "003_35b5f40da4a11d8c.txt");
    const problems = await problemsAfter(async (dir) => {
      await writeFile(join(dir, article), `${await readFile(join(dir, article), "utf8")}Meta a aussi racheté la Lune.\n`);
    });
    const lines = (await readFile(join(FIXTURE_DATA_DIR, article), "utf8")).split("\n").length;
    expect(problems).toEqual([
      `${article}:${lines}:1 no fact cites this sentence and articles/not-facts.yaml does not leave it out with a reason: "Meta a aussi racheté la Lune."`,
    ]);
    // Left out with a reason, it passes; a reason too short to say anything does not.
    const leftOut = (reason: string) =>
      problemsAfter(async (dir) => {
        await writeFile(join(dir, article), `${await readFile(join(dir, article), "utf8")}Meta a aussi racheté la Lune.\n`);
        await writeFile(
          join(dir, "articles", "not-facts.yaml"),
          `files:\n  003_35b5f40da4a11d8c.txt:\n    - passage: "Meta a aussi racheté la Lune."\n      reason: "${reason}"\n`,
        );
      });
    expect(await leftOut("A test sentence, not part of the article.")).toEqual([]);
    expect(await leftOut("joke")).toEqual([
      'articles/not-facts.yaml:4:15 files.003_35b5f40da4a11d8c.txt[0].reason: say why in a few words (at least 10 characters) (got "joke")',
    ]);
  });

  it("an article that no source lists", async () => {
    const problems = await problemsAfter((dir) => writeFile(join(dir, "articles", "stray.txt"), "Une phrase.\n"));
    expect(problems).toEqual(["articles/stray.txt:1:1 this article is not in sources.yaml: add a source for it, or remove the file"]);
  });
});
