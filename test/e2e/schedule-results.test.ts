// What the scheduler tells the person and the script that run it: when it runs next, whether it
// built or skipped (exit code and --json), and that new code or a new browser is not skipped.
import { spawnSync } from "node:child_process";
import { appendFile, copyFile, cp, symlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { findBrowserExecutable } from "../../src/browser.js";
import { startedPerTest } from "../support/process.js";
import { CLI, copyOfData, ROOT, sha256Of, TEMPLATES_DIR, tempDir } from "../support/project.js";

const started = startedPerTest();

function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, INIT_CWD: ROOT, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the next run", () => {
  it("is said in the --tz zone, and without --tz in this machine's", async () => {
    const paris = started("schedule.js", ["--cron", "0 6 * * 1-5", "--tz", "Europe/Paris", "--out", await tempDir()]);
    await paris.waitFor(/next run: .*\n/, 1, 30_000);
    const [, day] = /next run: (\d{4}-\d{2}-\d{2}) 06:00 Europe\/Paris$/m.exec(paris.output()) ?? [];
    expect(day, paris.output()).toBeDefined();
    expect([1, 2, 3, 4, 5]).toContain(new Date(`${day}T12:00:00Z`).getUTCDay());

    const tokyo = started("schedule.js", ["--cron", "30 7 * * *", "--out", await tempDir()], { TZ: "Asia/Tokyo" });
    await tokyo.waitFor(/next run: .*\n/, 1, 30_000);
    expect(tokyo.output()).toMatch(/next run: \d{4}-\d{2}-\d{2} 07:30 Asia\/Tokyo$/m);

    paris.child.kill("SIGTERM");
    tokyo.child.kill("SIGINT");
    expect(await paris.exited).toBe(143);
    expect(await tokyo.exited).toBe(130);
  });
});

describe("--json", () => {
  it("prints one line per run, each edition in it, for a build (report and --once) and for a skip, with exit codes 0 and 3", async () => {
    const out = await tempDir();
    const line = (stdout: string) => {
      // stdout is the result alone, one line; the stages and the log go to stderr.
      expect(stdout).toMatch(/^\{.*\}\n$/);
      return JSON.parse(stdout);
    };
    const edition = async (lang: string, suffix: string) => {
      const dated = join(out, `meta-ai-strategy-2026-11-22${suffix}.pdf`);
      return {
        edition: { lang, format: "A4" },
        files: [dated, join(out, `meta-ai-strategy-latest${suffix}.pdf`)],
        pages: expect.any(Number),
        sha256: await sha256Of(dated),
      };
    };
    const runLine = (result: string, editions: unknown[]) => ({ result, editions, durationMs: expect.any(Number), mails: [] });

    const report = run(CLI, ["--date", "2026-11-22", "--out", out, "--json"]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).toMatch(/^load\s+\d+ ms$/m);
    const built = [await edition("en", ""), await edition("fr", ".fr")];
    expect(line(report.stdout)).toEqual(runLine("built", built));

    const skipped = run("dist/schedule.js", ["--once", "--date", "2026-11-22", "--out", out, "--json"]);
    expect(skipped.code, skipped.stderr).toBe(3);
    expect(skipped.stderr).toMatch(/skipped: nothing changed/);
    expect(line(skipped.stdout)).toEqual(runLine("skipped", built));

    // One edition chosen: its skip is its own.
    const french = run("dist/schedule.js", ["--once", "--date", "2026-11-22", "--out", out, "--json", "--lang", "fr"]);
    expect(french.code, french.stderr).toBe(3);
    expect(line(french.stdout)).toEqual(runLine("skipped", [built[1]]));

    const forced = run("dist/schedule.js", ["--once", "--date", "2026-11-22", "--out", out, "--json", "--force", "--lang", "en"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(line(forced.stdout)).toEqual(runLine("built", [built[0]]));
  });
});

describe("what runs is part of the inputs", () => {
  it("a code change or another browser is built, without a version bump", async () => {
    // A project of its own whose compiled code this test may change.
    const project = await tempDir("dossier-project-");
    await cp(join(ROOT, "dist"), join(project, "dist"), { recursive: true });
    await copyFile(join(ROOT, "package.json"), join(project, "package.json"));
    await copyFile(join(ROOT, "dossier.yaml"), join(project, "dossier.yaml"));
    await symlink(join(ROOT, "node_modules"), join(project, "node_modules"));
    const data = await copyOfData();
    const out = await tempDir();
    const once = (env: NodeJS.ProcessEnv = {}) =>
      run(
        join(project, "dist", "schedule.js"),
        ["--once", "--date", "2026-11-22", "--data", data, "--templates", TEMPLATES_DIR, "--out", out, "--lang", "en"],
        env,
      );

    expect(once().code).toBe(0);
    expect(once().code).toBe(3);

    await appendFile(join(project, "dist", "stages", "html.js"), "\n// a fix that changes nothing but the code\n");
    const afterFix = once();
    expect(afterFix.code, afterFix.stdout).toBe(0);
    expect(afterFix.stdout).toMatch(/built /);
    expect(once().code).toBe(3);

    // A browser at another path counts as another one: browsers are known by path, size and date.
    const browser = join(await tempDir("dossier-browser-"), basename(findBrowserExecutable()));
    await symlink(findBrowserExecutable(), browser);
    const otherBrowser = once({ PUPPETEER_EXECUTABLE_PATH: browser });
    expect(otherBrowser.code, otherBrowser.stdout).toBe(0);
    expect(otherBrowser.stdout).toMatch(/built /);
    expect(once({ PUPPETEER_EXECUTABLE_PATH: browser }).code).toBe(3);
  });
});
