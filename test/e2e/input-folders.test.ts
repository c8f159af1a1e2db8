// The data and templates folders as the commands read them, when something in them is not what a
// dossier holds: one clean error each, located, at once; never a hang, a stack trace, or the lines
// of a file from elsewhere.
import { execFileSync } from "node:child_process";
import { readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { runToEnd } from "../support/process.js";
import { copyOfData, copyOfTemplates, DATA_DIR, tempDir } from "../support/project.js";

const SHARED = () => ["--browser-url", inject("browserWSEndpoint")];

async function outsideFile(): Promise<string> {
  const path = join(await tempDir("dossier-elsewhere-"), "shadow");
  await writeFile(path, "root:$6$secret-hash:19000:0:99999:7:::\n");
  return path;
}

describe("the data folder", () => {
  it("a named pipe as facts.yaml: the build, the check and the scheduler refuse it at once (it used to hang for good)", async () => {
    const data = await copyOfData(DATA_DIR);
    await rm(join(data, "facts.yaml"));
    execFileSync("mkfifo", [join(data, "facts.yaml")]);
    const refused = `${join(data, "facts.yaml")}:1:1 is a named pipe (FIFO), not a regular file: only regular files are read`;
    for (const [script, args] of [
      ["cli.js", ["--date", "2026-11-22", "--out", await tempDir(), ...SHARED()]],
      ["check.js", []],
      ["schedule.js", ["--once", "--date", "2026-11-22", "--out", await tempDir(), ...SHARED()]],
    ] as const) {
      const run = runToEnd(script, [...args, "--data", data]);
      expect(`${run.stdout}${run.stderr}`, script).toContain(refused);
      expect(run.code, script).toBe(1);
      expect(run.ms, script).toBeLessThan(20_000);
    }
  });

  it("a link out of it: refused by the build and by the scheduler, named with where it points, nothing of the target printed", async () => {
    const data = await copyOfData(DATA_DIR);
    const target = await outsideFile();
    await rm(join(data, "facts.yaml"));
    await symlink(target, join(data, "facts.yaml"));
    const refused = `${join(data, "facts.yaml")}:1:1 is a link to ${target}, outside the data folder`;
    for (const script of ["cli.js", "schedule.js"]) {
      const run = runToEnd(script, [...(script === "cli.js" ? [] : ["--once"]), "--data", data, "--out", await tempDir(), ...SHARED()]);
      expect(`${run.stdout}${run.stderr}`, script).toContain(refused);
      expect(`${run.stdout}${run.stderr}`, script).not.toContain("secret-hash");
      expect(run.code, script).toBe(1);
    }
  });

  it("a --data folder that is not there: one line from the scheduler, no stack", async () => {
    const run = runToEnd("schedule.js", ["--once", "--data", "/no/such/data", "--out", await tempDir(), ...SHARED()]);
    expect(run.stdout).toMatch(
      /failed in \d+ ms: error: The data folder \/no\/such\/data does not exist: give the folder that holds report\.yaml, .* and articles\/\.\n$/,
    );
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(1);
  });
});

describe("the templates folder", () => {
  it("a broken labels.yaml: located at its line and column, no stack", async () => {
    const templates = await copyOfTemplates();
    const labels = join(templates, "labels.yaml");
    await writeFile(labels, (await readFile(labels, "utf8")).replace(/^fr:$/m, "fr: ["));
    const run = runToEnd("cli.js", ["--templates", templates, "--out", await tempDir(), ...SHARED()]);
    expect(run.stderr).toMatch(new RegExp(`^error: The templates have \\d problems?:\\n {2}${labels}:\\d+:\\d+ invalid YAML: `));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(1);
  });

  it("a --templates folder that is not there: one line, no stack", async () => {
    const run = runToEnd("cli.js", ["--templates", "/no/such/templates", "--out", await tempDir(), ...SHARED()]);
    expect(run.stderr).toBe(
      "error: The templates folder /no/such/templates does not exist: give the folder that holds layout.hbs, partials/, styles.css, summary.md.hbs and labels.yaml.\n",
    );
    expect(run.code).toBe(1);
  });

  it("a link out of it is refused as the data's are", async () => {
    const templates = await copyOfTemplates();
    const target = await outsideFile();
    await rm(join(templates, "styles.css"));
    await symlink(target, join(templates, "styles.css"));
    const run = runToEnd("cli.js", ["--templates", templates, "--out", await tempDir(), ...SHARED()]);
    expect(run.stderr).toContain(`${join(templates, "styles.css")}:1:1 is a link to ${target}, outside the templates folder`);
    expect(run.code).toBe(1);
  });
});
