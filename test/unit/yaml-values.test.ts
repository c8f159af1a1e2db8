// js-yaml reads the data's values on every build, the yaml library only what js-yaml may read
// otherwise: whatever js-yaml takes, the yaml library must read without an error, to the very same
// values. Checked on the real data of both dossiers, on hundreds of hand-edit mistakes made to it,
// and on what YAML spells in more than one way.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { invisibleProblems } from "../../src/diagnostics/yaml-fields.js";
import { parseDataFile } from "../../src/stages/load.js";
import { yamlValues } from "../../src/yaml-values.js";
import { DOSSIERS, folderOf } from "../support/dossiers.js";
import { DATA_FILES, mutate, readCorpus } from "../support/fuzz.js";
import { ROOT } from "../support/project.js";

/** The values as the yaml library reads them (with the options of parseYaml), or undefined on any error. */
function byTheYamlLibrary(text: string): { data: unknown } | undefined {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) return undefined;
  try {
    return { data: document.toJS() };
  } catch {
    return undefined;
  }
}

/** Either js-yaml leaves the text to the yaml library, or both read the same values. */
function expectAlike(text: string, what: string): boolean {
  const quick = yamlValues(text);
  if (quick === undefined) return false;
  expect(byTheYamlLibrary(text), what).toEqual(quick);
  return true;
}

async function yamlFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".yaml") && !entry.parentPath.includes("node_modules"))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the data's values read by js-yaml", () => {
  it("are the yaml library's for every YAML file of the project (data, dossiers, labels, fixtures), each read by js-yaml", async () => {
    const files = [
      ...(await yamlFilesIn(join(ROOT, "data"))),
      ...(await yamlFilesIn(join(ROOT, "templates"))),
      ...(await yamlFilesIn(join(ROOT, "test", "fixtures"))),
      join(ROOT, "dossier.yaml"),
    ];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(expectAlike(await readFile(file, "utf8"), file), file).toBe(true);
  });

  it.each(DOSSIERS.map((dossier) => [dossier.label, dossier] as const))(
    "are the yaml library's, or left to it, for 400 mutated copies of the %s's data",
    async (_, { dir }) => {
      const { folder } = await folderOf(dir);
      const corpus = await readCorpus(folder.dataDir);
      let quick = 0;
      let left = 0;
      for (let seed = 1; seed <= 400; seed++) {
        const { files, changes } = mutate(corpus, seed);
        for (const name of DATA_FILES) {
          const bytes = files[name];
          if (bytes === undefined) continue;
          if (expectAlike(bytes.toString("utf8"), `seed ${seed}, ${name} (${changes.join("; ")})`)) quick++;
          else left++;
        }
      }
      // Both ways are taken: most mistakes still read as YAML, some do not.
      expect(quick).toBeGreaterThan(100);
      expect(left).toBeGreaterThan(10);
    },
  );

  it.each([
    ["nulls", "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nULL\n"],
    ["booleans", "a: true\nb: True\nc: TRUE\nd: tRue\ne: yes\nf: no\ng: on\nh: off\n"],
    [
      "integers",
      "a: 0\nb: -0\nc: +12\nd: 012\ne: 0o17\nf: 0O17\ng: 0x1F\nh: 0X1F\ni: 0b101\nj: 1_000\nk: 123456789012345678901234567890\n",
    ],
    ["floats", "a: 1.\nb: .5\nc: +.5\nd: 1e5\ne: 1.5e-3\nf: .5e3\ng: 1e\nh: .inf\ni: -.Inf\nj: .NaN\nk: inf\nl: 3.10\n"],
    ["dates and times, which YAML 1.2 leaves as text", "a: 2026-11-22\nb: 2026-11-22T10:00:00Z\nc: 12:30\nd: 1:20:30\n"],
    ["block and quoted texts", "a: |\n  x\n\n\nb: >-\n  x\n   y\n  z\nc: \"x\\ty\\u00e9\"\nd: 'it''s'\ne: plain # comment\n"],
    ["flow collections", "a: [1, two, {three: 3}]\nb: {c: [d, e], f: ''}\n"],
    ["a merge key, which YAML 1.2 reads as a key like any other", "<<: {a: 1}\nb: 2\n"],
    ["Windows line ends", "a: 1\r\nb: |\r\n  two\r\n  lines\r\n"],
    ["line and paragraph separators, and escapes beyond the BMP", 'a: "x\u2028y\u2029z"\nb: "\\U0001F600 \\ud83d"\n'],
  ])("are the yaml library's for %s", (_, text) => {
    expect(expectAlike(text, text)).toBe(true);
  });

  it.each([
    ["an anchor", "a: &x 1\nb: 2\n"],
    ["an alias", "a: &x [1]\nb: *x\n"],
    ["a tag the yaml library reads otherwise", "a: !!float 1\n"],
    ["the non-specific tag", "a: ! 12\n"],
    ["a local tag", "a: !mine x\n"],
    ["a YAML 1.1 directive", "%YAML 1.1\n---\na: yes\n"],
    ["two documents", "a: 1\n---\nb: 2\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a complex key", "? [a, b]\n: 1\n"],
    ["a tab as indentation", "a:\n\t- 1\n"],
    ["no document at all", "# nothing yet\n"],
    ["a document end marker", "...\nmethod: x\n"],
    ["a carriage return alone (old Mac line ends)", "method: x\rauthor: y\r"],
    ["a carriage return before a line end (CR CR LF)", "method: x\r\r\nauthor: y\r\r\n"],
    ["a carriage return inside a block text", "a: |\n  x\r  y\n"],
    ["a byte order mark past the start", "\n\uFEFFmethod: x\n"],
    ["a number too large for JavaScript", "a: 1e309\n"],
    ["a null key", "~: 1\nnull: 2\n"],
    ["an empty key", ": x\n"],
    [".inf as a key", ".inf: 1\n"],
    ["a key longer than 1024 characters", `method: x\n${"word ".repeat(250)}as he said: yes\n`],
  ])("are left to the yaml library for %s", (_, text) => {
    expect(yamlValues(text)).toBeUndefined();
  });
});

// Where the yaml library read a file, its document decides, as before js-yaml read any: an alias
// is no text of its own, and a key is a field's name only as a scalar of text.
describe("the checks of a file js-yaml left to the yaml library", () => {
  it.each([
    [".inf as a key", ".inf: 1\nb: 2\n"],
    ["an alias as a key", "x: &k name\n*k : v\n"],
  ])("refuse %s as a field's name", (_, text) => {
    const { file, problems } = parseDataFile("report.yaml", "report.yaml", Buffer.from(text));
    expect(file).toBeUndefined();
    expect(problems[0]?.message).toMatch(/does not hold the dossier's fields/);
  });

  it("take a quoted true as a field's name, and a bare one not", () => {
    expect(parseDataFile("report.yaml", "report.yaml", Buffer.from('"true": 1\n')).file).toBeDefined();
    expect(parseDataFile("report.yaml", "report.yaml", Buffer.from("true: 1\n")).file).toBeUndefined();
  });

  it("report an invisible character once, where the text is, not again at each alias to it", () => {
    const { file } = parseDataFile("report.yaml", "report.yaml", Buffer.from('a: &t "x\\u200by"\nb: *t\n'));
    if (file === undefined) throw new Error("the file did not parse");
    expect(file.readByValues).toBe(false);
    expect(invisibleProblems(file).map((problem) => `${problem.field}:${problem.line}`)).toEqual(["a:1"]);
  });
});
