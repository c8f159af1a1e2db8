// `npm run check`: the build's data and template checks as a command of their own, for editors
// and pre-commit hooks. It must need no browser at all, and fail with located messages.
import { spawnSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyOfData, copyOfTemplates, FIXTURE_DATA_DIR, ROOT } from "../support/project.js";

const CHECK = join(ROOT, "dist", "check.js");

/** Runs the command with no browser to be found: a check that tried to start one would fail. */
function check(args: string[]) {
  return spawnSync(process.execPath, [CHECK, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chromium", PATH: "/nonexistent" },
  });
}

describe("npm run check", () => {
  it("passes the shipped dossier without a browser, and says what it checked", () => {
    const { status, stdout, stderr } = check([]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toMatch(/^ok: meta-ai-strategy: \d+ facts, 5 sources, 5 articles and the templates checked in \d+ ms\n$/);
  });

  it("passes the shipped dossier with --strict: every sentence of its articles is covered", () => {
    const { status, stderr } = check(["--strict"]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });

  it("lists a sentence no fact covers as a located warning, and as an error with --strict", async () => {
    const data = await copyOfData();
    const article = join(data, "articles", "003_35b5f40da4a11d8c.txt");
    const text = await readFile(article, "utf8");
    await writeFile(article, `${text}Meta aurait aussi racheté une start-up de robots.\n`);
    const line = text.split("\n").length;
    const where = `${article}:${line}:1 no fact cites this sentence and articles/not-facts.yaml does not leave it out with a reason: "Meta aurait aussi racheté une start-up de robots."`;
    const warned = check(["--data", data]);
    expect(warned.status).toBe(0);
    expect(warned.stdout).toMatch(/^ok: /);
    expect(warned.stderr).toBe(`warning: 1 thing still to record (--strict makes them errors):\n  ${where}\n`);
    const strict = check(["--data", data, "--strict"]);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toBe(`error: The data has 1 problem:\n  ${where}\n`);
  });

  it("fails with every located problem, data and articles alike, exit 1", async () => {
    const data = await copyOfData();
    await rm(join(data, "articles", "001_977c48ad5bda7198.txt"));
    const facts = join(data, "facts.yaml");
    await writeFile(facts, (await readFile(facts, "utf8")).replace("value: 500, scale: million", "value: 600, scale: million"));
    const { status, stdout, stderr } = check(["--data", data]);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("error: The data has 2 problems:");
    expect(lines[1]).toMatch(/sources\.yaml:\d+:11 sources\[1\]\.file: article file not found/);
    expect(lines[2]).toMatch(/facts\.yaml:\d+:13 facts\[4\]\.sources\[0\]\.id: source "perplexity-talks" is cited for the amount/);
  });

  it("fills every template in every language: a name the view lacks is found without printing", async () => {
    const templates = await copyOfTemplates();
    const partial = join(templates, "partials", "sources.hbs");
    await writeFile(partial, (await readFile(partial, "utf8")).replace("{{t headline}}", "{{t headlin}}"));
    const { status, stderr } = check(["--templates", templates, "--data", FIXTURE_DATA_DIR]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/partials\/sources\.hbs:\d+:\d+ .*headlin/);
  });

  it("takes only its own options", () => {
    const { status, stderr } = check(["--lang", "fr"]);
    expect(status).toBe(2);
    expect(stderr).toBe("error: Unknown option '--lang' (see --help)\n");
  });
});
