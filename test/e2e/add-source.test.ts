// `npm run add-source`: a new article into a copy of the Meta dossier, as an editor would add one.
import { spawnSync } from "node:child_process";
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DATA_DIR, ROOT, tempDir } from "../support/project.js";

const ARTICLE = [
  "Meta a annoncé un nouveau centre de données en Louisiane. Le projet coûterait plusieurs milliards de dollars.",
  "",
  "Selon la presse, les travaux dureront deux ans.",
  "",
].join("\n");

function run(script: string, args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, "dist", script), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, INIT_CWD: ROOT },
  });
}

describe("npm run add-source", () => {
  let dossier: string;
  let file: string;
  let added: ReturnType<typeof run>;

  beforeAll(async () => {
    dossier = await tempDir("dossier-add-source-");
    await cp(join(ROOT, "dossier.yaml"), join(dossier, "dossier.yaml"));
    await cp(DATA_DIR, join(dossier, "data"), { recursive: true });
    file = join(await tempDir("dossier-article-"), "Louisiane, Le Monde.txt");
    await writeFile(file, ARTICLE);
    added = run("add-source.js", [file, "--outlet", "Le Monde", "--date", "2026-02-03", "--dossier", dossier]);
  });

  it("copies the article and registers it in sources.yaml, whose comments and layout stay as they were", async () => {
    expect(added.stderr).toBe("");
    expect(added.status).toBe(0);
    expect(await readFile(join(dossier, "data", "articles", "louisiane-le-monde.txt"), "utf8")).toBe(ARTICLE);
    const before = await readFile(join(DATA_DIR, "sources.yaml"), "utf8");
    const after = await readFile(join(dossier, "data", "sources.yaml"), "utf8");
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toContain(
      '  - id: louisiane-le-monde\n    file: louisiane-le-monde.txt\n    outlet: Le Monde\n    language: fr\n    published: "2026-02-03"\n',
    );
  });

  it("prints each sentence of the article at its line, as the claims still to record", () => {
    const path = join(dossier, "data", "articles", "louisiane-le-monde.txt");
    expect(added.stdout.split("\n").slice(2, -1)).toEqual([
      `  ${path}:1:1 Meta a annoncé un nouveau centre de données en Louisiane.`,
      `  ${path}:1:59 Le projet coûterait plusieurs milliards de dollars.`,
      `  ${path}:3:1 Selon la presse, les travaux dureront deux ans.`,
    ]);
  });

  it("leaves npm run check listing what is left to record as located warnings, errors with --strict", () => {
    const path = join(dossier, "data", "articles", "louisiane-le-monde.txt");
    const checked = run("check.js", [dossier]);
    expect(checked.status).toBe(0);
    const warnings = checked.stderr.split("\n");
    expect(warnings[0]).toBe("warning: 5 things still to record (--strict makes them errors):");
    expect(warnings).toContain(
      `  ${path}:3:1 no fact cites this sentence and articles/not-facts.yaml does not leave it out with a reason: "Selon la presse, les travaux dureront deux ans."`,
    );
    expect(checked.stderr).toMatch(/sources\.yaml:\d+:\d+ sources\[5\]: no headline yet: write one in en, fr/);
    expect(checked.stderr).toMatch(/sources\.yaml:\d+:\d+ sources\[5\]\.id: source "louisiane-le-monde" is never cited by a fact/);
    const strict = run("check.js", [dossier, "--strict"]);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/^error: The data has/);
  });

  it("is wired as an npm script and a dossier command", () => {
    for (const [command, args] of [
      ["npm", ["run", "--silent", "add-source", "--", "--help"]],
      [process.execPath, [join(ROOT, "src", "setup", "bin.mjs"), "add-source", "--help"]],
    ] as const) {
      const help = spawnSync(command, args, { cwd: ROOT, encoding: "utf8" });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/^Usage: npm run add-source -- FILE\.txt \[options\]/);
    }
  });

  it("refuses the same article twice, and a bad date on the command line", () => {
    const again = run("add-source.js", [file, "--dossier", dossier]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("is already in the dossier: the article was added before.");
    const badDate = run("add-source.js", [file, "--date", "2026-02-30", "--dossier", dossier]);
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toBe('error: --date must be a real day as YYYY-MM-DD (got "2026-02-30") (see --help)\n');
  });
});
