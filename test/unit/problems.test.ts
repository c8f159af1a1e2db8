// The data's problems as a person reads them: all at once, in file and line order, each saying
// what to do, with nothing hidden (invisible characters) and nothing that acts on the terminal.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, describeError, formatProblem, UserError } from "../../src/errors.js";
import { loadData } from "../../src/stages/load.js";
import { edit, lineOf, problemsIn } from "../support/data.js";
import { copyOfData } from "../support/project.js";

const messages = async (dir: string) => (await problemsIn(dir)).map((problem) => formatProblem(problem).replace(`${dir}/`, ""));

describe("the data's problems", () => {
  it("come all at once, file by file in a fixed order, then line by line", async () => {
    const dir = await copyOfData();
    // Shape problems and id problems in several files: one run reports them all.
    await edit(dir, "summary.yaml", /key_figures: \[/, "key_figures: [no-such-fact, ");
    await edit(dir, "facts.yaml", "value: 600, scale: billion", 'value: "600bn", scale: billion');
    await edit(dir, "facts.yaml", "  - id: perplexity-funding-500m", "  - id: scale-ai-investment");
    await edit(dir, "sources.yaml", "    language: fr\n", "    language: fr\n    langauge: fr\n");
    await edit(dir, "report.yaml", "author: dossier", "author: 42");
    const found = await messages(dir);
    expect(found.map((message) => message.split(":")[0])).toEqual([
      "report.yaml",
      "sources.yaml",
      "facts.yaml",
      "facts.yaml",
      "summary.yaml",
    ]);
    expect(found).toEqual([
      `report.yaml:${await lineOf(dir, "report.yaml", "author:")}:9 author: expected string (got 42): put it in quotes, "42"`,
      `sources.yaml:${await lineOf(dir, "sources.yaml", "langauge")}:5 sources[0].langauge: unknown field: did you mean "language"?`,
      expect.stringMatching(/^facts\.yaml:12:\d+ facts\[0\]\.amount\.value: expected number \(got "600bn"\)$/),
      expect.stringMatching(/^facts\.yaml:\d+:\d+ facts\[4\]\.id: duplicate id "scale-ai-investment" \(first used at facts\[1\]\.id\)$/),
      expect.stringMatching(/^summary\.yaml:\d+:\d+ key_figures\[0\]: unknown fact id "no-such-fact": it is not in facts\.yaml$/),
    ]);
  });

  it("include those of the files that could be read when another could not", async () => {
    const dir = await copyOfData();
    await edit(dir, "summary.yaml", "key_figures: [", "key_figures: [[");
    await edit(dir, "facts.yaml", "{ value: 600,", "{ value: -600,");
    expect(await messages(dir)).toEqual([
      expect.stringMatching(/^facts\.yaml:12:\d+ facts\[0\]\.amount\.value: an amount must be positive \(got -600\)$/),
      expect.stringMatching(/^summary\.yaml:\d+:\d+ invalid YAML: /),
    ]);
  });

  it("do not repeat one mistake as a second problem in another file", async () => {
    const dir = await copyOfData();
    // A source whose id is misspelt: the id says so; the facts citing it are not each a problem too.
    await edit(dir, "sources.yaml", "  - id: altman-uncapped", "  - id: Altman Uncapped");
    expect(await messages(dir)).toEqual([
      expect.stringMatching(
        /^sources\.yaml:\d+:\d+ sources\[1\]\.id: use lowercase letters, digits and single hyphens \(got "Altman Uncapped"\)$/,
      ),
    ]);
  });

  it("name an invisible character, show it as a code and never print it raw", async () => {
    const dir = await copyOfData();
    await edit(dir, "report.yaml", "en: Meta's AI strategy", "en: Meta's AI\u202e strategy\u001b[2J");
    const [only, ...rest] = await problemsIn(dir);
    expect(rest).toEqual([]);
    const printed = formatProblem(only as NonNullable<typeof only>);
    expect(printed).toMatch(
      /report\.yaml:\d+:\d+ title\.en: an invisible character \(U\+202E\) is in the text: delete it \(got "Meta's AI\\u202e strategy\\u001b\[2J"\)$/,
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: none may reach the terminal.
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const { message } = describeError(new DataError([only as NonNullable<typeof only>]), false);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: none may reach the terminal.
    expect(message).not.toMatch(/[\u001b\u202e]/);
  });

  it("explain an empty text, a text where fields belong, and a fact's kind", async () => {
    const dir = await copyOfData();
    await edit(dir, "report.yaml", "en: Meta's AI strategy", 'en: "  "');
    await edit(dir, "report.yaml", /subject:\n {2}en: .*\n {2}fr: .*\n/, "subject: A dossier\n");
    await edit(
      dir,
      "facts.yaml",
      "    kind: figure\n    topic: money\n    status: reported",
      "    kind: figur\n    topic: money\n    status: reported",
    );
    expect(await messages(dir)).toEqual([
      expect.stringMatching(/^report\.yaml:\d+:\d+ title\.en: is empty: write something here \(got " {2}"\)$/),
      expect.stringMatching(/^report\.yaml:\d+:\d+ subject: expected a group of fields: en, fr \(got "A dossier"\)$/),
      expect.stringMatching(/^facts\.yaml:6:\d+ facts\[0\]\.kind: expected one of "claim", "figure", "move", "statement" \(got "figur"\)$/),
    ]);
  });

  it("locate an alias without its anchor, and call a file of comments empty", async () => {
    const dir = await copyOfData();
    await edit(dir, "report.yaml", "author: dossier", "author: *writer");
    await writeFile(join(dir, "summary.yaml"), "# nothing here yet\n---\n");
    expect(await messages(dir)).toEqual([
      `report.yaml:${await lineOf(dir, "report.yaml", "*writer")}:9 invalid YAML: *writer has no &writer above it to refer to`,
      "summary.yaml:1:1 the file is empty (it holds only comments)",
    ]);
  });

  it("refuse aliases that would repeat forever or expand without end, rather than follow them", async () => {
    const forever = await copyOfData();
    await edit(forever, "report.yaml", "author: dossier", "author: &a [*a]");
    expect(await messages(forever)).toEqual([
      `report.yaml:${await lineOf(forever, "report.yaml", "&a [*a]")}:13 invalid YAML: *a is inside &a, which would repeat forever`,
    ]);
    const laughs = await copyOfData();
    let nested = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
    for (let level = 1; level < 9; level++)
      nested += `a${level}: &a${level} [${Array(9)
        .fill(`*a${level - 1}`)
        .join(", ")}]\n`;
    await writeFile(join(laughs, "summary.yaml"), nested);
    expect(await messages(laughs)).toEqual([expect.stringMatching(/^summary\.yaml:1:1 cannot read the YAML: Excessive alias count/)]);
  });

  it("name a key pasted twice", async () => {
    const dir = await copyOfData();
    await edit(dir, "report.yaml", "author: dossier\n", "author: dossier\nauthor: someone\n");
    expect(await messages(dir)).toEqual([
      `report.yaml:${await lineOf(dir, "report.yaml", "author: someone")}:1 invalid YAML: the key "author" appears twice here: keep one`,
    ]);
  });

  it("say so when the data folder is not there at all", async () => {
    const error = await loadData("/no/such/folder").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      "The data folder /no/such/folder does not exist: give the folder that holds report.yaml, sources.yaml, facts.yaml, summary.yaml and articles/.",
    );
  });
});

describe("describeError", () => {
  it("prints a user's mistake without a stack, and with one under --debug", async () => {
    const dir = await copyOfData();
    await edit(dir, "report.yaml", "author: dossier", "author: 42");
    const error = await loadData(dir)
      .then(() => problemsIn(dir))
      .then((problems) => new DataError(problems));
    expect(describeError(error, false)).toEqual({ message: expect.not.stringMatching(/\n\s+at /), exitCode: 1 });
    expect(describeError(error, true).message).toMatch(/\n\s+at /);
  });
});

describe("the files' names in what the command prints", () => {
  const problem = { file: "/home/ana/dossier/data/facts.yaml", line: 3, column: 5, field: "facts[0].id", message: "duplicate id" };

  it("are relative to the folder the command was run from when inside it, whole otherwise", () => {
    const from = (cwd: string) => describeError(new DataError([problem]), false, cwd).message.split("\n")[1];
    expect(from("/home/ana/dossier")).toBe("  data/facts.yaml:3:5 facts[0].id: duplicate id");
    expect(from("/home/ana/dossier/data")).toBe("  facts.yaml:3:5 facts[0].id: duplicate id");
    expect(from("/tmp")).toBe("  /home/ana/dossier/data/facts.yaml:3:5 facts[0].id: duplicate id");
  });
});
