// Control characters in the data. A carriage return in the title once ended the running footer's
// CSS string and restyled the whole PDF; now a text printed as one line (a title, a label, a name)
// refuses line breaks and tabs, prose keeps its line breaks only, and no text holds any other
// control character. Each is a located problem, the character shown, never printed raw.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { formatProblem } from "../../src/errors.js";
import { loadData } from "../../src/stages/load.js";
import { validate } from "../../src/stages/validate.js";
import { lineOf, problemsIn } from "../support/data.js";
import { metaFrame } from "../support/dossiers.js";
import { copyOfData } from "../support/project.js";

type Path = (string | number)[];

/** Sets values in a copy of the fixture, found by their path in a data file. */
async function dataWith(values: { file: string; path: Path; value: unknown }[]): Promise<string> {
  const dir = await copyOfData();
  for (const { file, path, value } of values) {
    const document = parseDocument(await readFile(join(dir, file), "utf8"));
    expect(document.hasIn(path), `${file} ${path.join(".")}`).toBe(true);
    document.setIn(path, value);
    await writeFile(join(dir, file), String(document));
  }
  return dir;
}

/** Where the fixture has each kind of one-line field. */
async function oneLineFields(): Promise<{ file: string; path: Path }[]> {
  const facts = (
    parseDocument(await readFile(join(await copyOfData(), "facts.yaml"), "utf8")).toJS() as { facts: Record<string, unknown>[] }
  ).facts;
  const first = (field: string, test: (value: unknown) => boolean = () => true) => {
    const index = facts.findIndex((fact) => field in fact && test(fact[field]));
    expect(index, field).toBeGreaterThanOrEqual(0);
    return index;
  };
  return [
    { file: "report.yaml", path: ["title", "en"] },
    { file: "report.yaml", path: ["subtitle", "fr"] },
    { file: "report.yaml", path: ["subject", "en"] },
    { file: "report.yaml", path: ["author"] },
    { file: "report.yaml", path: ["keywords", 0] },
    { file: "sources.yaml", path: ["sources", 0, "headline", "en"] },
    { file: "sources.yaml", path: ["sources", 0, "cites", 0] },
    { file: "facts.yaml", path: ["facts", first("label"), "label", "fr"] },
    { file: "facts.yaml", path: ["facts", first("according_to", (who) => typeof who === "object"), "according_to", "en"] },
    { file: "facts.yaml", path: ["facts", first("people"), "people", 0] },
    { file: "facts.yaml", path: ["facts", first("orgs"), "orgs", 0] },
  ];
}

describe("a text printed as one line", () => {
  it("refuses the carriage return that once escaped the footer's stylesheet string, where it is", async () => {
    const dir = await dataWith([
      { file: "report.yaml", path: ["title", "en"], value: "Meta\r}} main { display: none } html { background: red }" },
    ]);
    const problems = (await problemsIn(dir)).map((problem) => formatProblem(problem).replace(`${dir}/`, ""));
    // YAML writes the carriage return escaped, as \r, in a quoted string.
    const line = await lineOf(dir, "report.yaml", 'en: "Meta\\r}}');
    expect(problems).toEqual([
      `report.yaml:${line}:7 title.en: must be one line: delete the line break or tab (got "Meta\\r}} main { display: none } html { background: red }")`,
    ]);
  });

  it.each([
    ["a line break", "\n"],
    ["a carriage return", "\r"],
    ["a tab", "\t"],
    ["a line separator", "\u2028"],
  ])("refuses %s in every kind of one-line field, each a problem of its own", async (_, character) => {
    const fields = await oneLineFields();
    const dir = await dataWith(fields.map((field) => ({ ...field, value: `Before${character}after` })));
    const problems = await problemsIn(dir);
    expect(
      problems.map((problem) => `${problem.field}: ${problem.message.replace(/ \(got "Before(\\n|\\r|\\t|\\u2028)after"\)$/, "")}`).sort(),
    ).toEqual(
      fields
        .map(
          ({ path }) =>
            `${path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${key}`)).join("")}: must be one line: delete the line break or tab`,
        )
        .sort(),
    );
  });

  it("accepts a line break at either end, as YAML's folded text leaves one, and drops it", async () => {
    const dir = await dataWith([{ file: "report.yaml", path: ["title", "en"], value: "Meta's AI strategy\n" }]);
    expect(validate(await loadData(dir), await metaFrame()).report.title.en).toBe("Meta's AI strategy");
  });
});

describe("prose", () => {
  it("keeps its line breaks", async () => {
    const dir = await dataWith([{ file: "facts.yaml", path: ["facts", 0, "text", "en"], value: "First paragraph.\n\nSecond paragraph." }]);
    expect(validate(await loadData(dir), await metaFrame()).facts[0]?.text.en).toBe("First paragraph.\n\nSecond paragraph.");
  });

  it.each([
    ["a carriage return", "\r", "U+000D"],
    ["a tab", "\t", "U+0009"],
  ])("refuses %s", async (_, character, code) => {
    const dir = await dataWith([{ file: "facts.yaml", path: ["facts", 0, "text", "en"], value: `Before${character}after.` }]);
    const problems = await problemsIn(dir);
    expect(problems.map((problem) => `${problem.field}: ${problem.message}`)).toEqual([
      `facts[0].text.en: an invisible character (${code}) is in the text: delete it (got ${JSON.stringify(`Before${character}after.`)})`,
    ]);
  });
});

describe("zero-width characters", () => {
  it.each([
    ["a zero-width space", "\u200b", "U+200B"],
    ["a zero-width joiner", "\u200d", "U+200D"],
    ["a left-to-right mark", "\u200e", "U+200E"],
    ["a word joiner", "\u2060", "U+2060"],
  ])("refuse %s in prose and in a one-line field, each located and shown as a code", async (_, character, code) => {
    // Once accepted: a reader sees "Meta's AI" where the file says something else, and a search for it fails.
    const dir = await dataWith([
      { file: "report.yaml", path: ["title", "en"], value: `Meta's${character} AI strategy` },
      { file: "facts.yaml", path: ["facts", 0, "text", "en"], value: `Before${character}after.` },
    ]);
    const problems = await problemsIn(dir);
    expect(problems.map((problem) => `${problem.field}: ${problem.message}`)).toEqual([
      `title.en: an invisible character (${code}) is in the text: delete it (got ${JSON.stringify(`Meta's${character} AI strategy`)})`,
      `facts[0].text.en: an invisible character (${code}) is in the text: delete it (got ${JSON.stringify(`Before${character}after.`)})`,
    ]);
    for (const problem of problems) {
      const printed = formatProblem(problem);
      expect(printed).not.toContain(character);
      expect(printed).toContain(`\\u${code.slice(2).toLowerCase()}`);
    }
  });
});
