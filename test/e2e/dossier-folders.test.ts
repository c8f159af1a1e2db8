// A dossier is a folder: made with init, built by naming it, sharing an output folder with another
// dossier, and refused with located errors when its settings and data disagree.
import { spawnSync } from "node:child_process";
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { edit } from "../support/data.js";
import { BRIEF, META } from "../support/dossiers.js";
import { pdfInfo, pdfText } from "../support/pdf.js";
import { ROOT, tempDir } from "../support/project.js";

function run(script: string, args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, "dist", script), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, INIT_CWD: ROOT },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Through the shared browser: starting one per run would make the tests slow for nothing. */
const shared = () => ["--browser-url", inject("browserWSEndpoint"), "--date", "2026-11-22"];

/** A writable copy of a dossier folder (its data and settings; the engine's templates). */
async function copyOfDossier(dir: string): Promise<string> {
  const copy = join(await tempDir("dossier-folder-"), "brief");
  await cp(join(dir, "dossier.yaml"), join(copy, "dossier.yaml"));
  await cp(join(dir, "data"), join(copy, "data"), { recursive: true });
  return copy;
}

describe("npm run init", () => {
  it("makes a folder that builds at once, and prints both editions in one run once a language is added", async () => {
    const dir = join(await tempDir(), "Scale AI brief");
    const made = run("init.js", [dir]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain("npm run report -- ");
    expect((await readFile(join(dir, "dossier.yaml"), "utf8")).match(/^name: .*$/m)?.[0]).toBe("name: scale-ai-brief");

    const first = run("cli.js", [dir, ...shared()]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim().split("\n").at(-1)).toBe(join(dir, "out", "scale-ai-brief-2026-11-22.pdf"));

    await edit(dir, "dossier.yaml", /^languages: \[en\]$/m, "languages: [en, fr]");
    const both = run("cli.js", [dir, ...shared()]);
    expect(both.code, both.stderr).toBe(0);
    const paths = both.stdout.trim().split("\n").slice(-2);
    expect(paths).toEqual([join(dir, "out", "scale-ai-brief-2026-11-22.pdf"), join(dir, "out", "scale-ai-brief-2026-11-22.fr.pdf")]);
    expect(pdfText(paths[1] ?? "", 1)).toContain("22 novembre 2026");
    // One load and one validation for both: the data is read once.
    expect(both.stdout.match(/^load /gm)).toHaveLength(1);
    expect(both.stdout.match(/^pdf /gm)).toHaveLength(2);
  });

  it("refuses a folder that is not empty, and changes nothing in it", async () => {
    const dir = await copyOfDossier(BRIEF.dir);
    const before = await readdir(dir);
    const refused = run("init.js", [dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already exists and is not empty/);
    expect(await readdir(dir)).toEqual(before);
  });
});

describe("two dossiers in one output folder", () => {
  it("keep their own latest files, and the scheduler skips each on its own", async () => {
    const out = await tempDir();
    const brief = await copyOfDossier(BRIEF.dir);
    expect(run("cli.js", [META.dir, "--out", out, "--lang", "en", ...shared()]).code).toBe(0);
    expect(run("cli.js", [brief, "--out", out, ...shared()]).code).toBe(0);
    const latest = (await readdir(out)).filter((name) => name.includes("-latest")).sort();
    expect(latest).toEqual([
      "meta-ai-strategy-latest.manifest.json",
      "meta-ai-strategy-latest.pdf",
      "scale-ai-brief-latest.manifest.json",
      "scale-ai-brief-latest.pdf",
    ]);
    expect(pdfInfo(join(out, "meta-ai-strategy-latest.pdf")).Title).toBe("Meta’s AI strategy");
    expect(pdfInfo(join(out, "scale-ai-brief-latest.pdf")).Title).not.toBe("Meta’s AI strategy");

    const once = (dir: string, ...extra: string[]) => run("schedule.js", [dir, "--once", "--out", out, ...extra, ...shared()]);
    expect(once(META.dir, "--lang", "en").code).toBe(3);
    expect(once(brief).code).toBe(3);
    // The brief's facts change: it builds, the Meta dossier still skips.
    await edit(brief, "data/report.yaml", /^( {2}en: .+)$/m, "$1 (revised)");
    const rebuilt = once(brief);
    expect(rebuilt.code, rebuilt.stdout).toBe(0);
    expect(once(META.dir, "--lang", "en").code).toBe(3);
    expect(once(brief).code).toBe(3);
  });

  it("write the A4 and Letter editions of one date as two files", async () => {
    const out = await tempDir();
    const brief = await copyOfDossier(BRIEF.dir);
    const built = run("cli.js", [brief, "--out", out, "--format", "A4,Letter", ...shared()]);
    expect(built.code, built.stderr).toBe(0);
    expect(pdfInfo(join(out, "scale-ai-brief-2026-11-22.pdf"))["Page size"]).toContain("(A4)");
    expect(pdfInfo(join(out, "scale-ai-brief-2026-11-22.letter.pdf"))["Page size"]).toMatch(/^612 x 792 pts/);
    expect(pdfInfo(join(out, "scale-ai-brief-latest.letter.pdf"))["Page size"]).toMatch(/^612 x 792 pts/);
  });
});

describe("settings and data that disagree", () => {
  const located = (file: string) => new RegExp(`${file.replaceAll("/", "\\/").replaceAll(".", "\\.")}:\\d+:\\d+ `);

  it("a fact in no printed section is a located error, and nothing is built", async () => {
    const dir = await copyOfDossier(BRIEF.dir);
    await edit(dir, "data/facts.yaml", /^ {4}topic: people$/m, "    topic: peoples");
    const refused = run("cli.js", [dir, ...shared()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(located(join(dir, "data", "facts.yaml")));
    expect(refused.stderr).toMatch(/facts\[\d+\]\.topic: no section of .*dossier\.yaml prints the topic "peoples"/);
    expect((await readdir(join(dir, "out"))).filter((name) => !name.startsWith("."))).toEqual([]);
  });

  it("a chart of an unknown type is a located error in dossier.yaml", async () => {
    const dir = await copyOfDossier(BRIEF.dir);
    await edit(dir, "dossier.yaml", /type: shares/, "type: pie");
    const refused = run("check.js", [dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(located(join(dir, "dossier.yaml")));
    expect(refused.stderr).toMatch(/charts\[\d+\]\.type: expected one of "amounts", "shares", "events", "flows" \(got "pie"\)/);
  });

  it("a template naming an unknown section, and a layout that leaves a section out, are located errors", async () => {
    const dir = await copyOfDossier(BRIEF.dir);
    const templates = join(dir, "templates");
    await cp(join(ROOT, "templates"), templates, { recursive: true });
    await writeFile(join(dir, "dossier.yaml"), `${await readFile(join(dir, "dossier.yaml"), "utf8")}\ntemplates: templates\n`);
    const layout = join(templates, "layout.hbs");
    const original = await readFile(layout, "utf8");

    await writeFile(layout, original.replace("<main>", '<main>\n{{#with (section "peopel")}}{{/with}}'));
    const misspelt = run("check.js", [dir]);
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toMatch(new RegExp(`${layout.replaceAll(".", "\\.")}:\\d+:\\d+ unknown section "peopel"`));

    // Each section named by hand, one forgotten: its facts would vanish.
    const named = '{{> topic @root section=(section "deal")}}{{> sources}}';
    await writeFile(layout, original.replace(/\{\{#each sections\}\}.*\{\{\/each\}\}/, named));
    const lost = run("check.js", [dir]);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/dossier\.yaml:\d+:\d+ sections\[\d+\]: the templates do not print this section/);
  });
});
