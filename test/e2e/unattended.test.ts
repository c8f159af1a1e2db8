// Watch mode and the scheduler, run as a user runs them, and what they leave in the output folder.
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { edit } from "../support/data.js";
import { folded, pdfText } from "../support/pdf.js";
import { plain } from "../support/plain.js";
import { startedPerTest } from "../support/process.js";
import { copyOfData, DATA_DIR, ROOT, sha256Of, tempDir } from "../support/project.js";

const run = startedPerTest();
const runFile = promisify(execFile);

describe("watch mode", () => {
  it("rebuilds on an edit, keeps the last good PDF on a broken edit, and stops cleanly on Ctrl-C", async () => {
    const data = await copyOfData(DATA_DIR);
    const out = await tempDir();
    const pdf = join(out, "meta-ai-strategy-2026-11-22.pdf");
    const watcher = run("cli.js", ["--watch", "--date", "2026-11-22", "--data", data, "--out", out, "--lang", "en"]);
    await watcher.waitFor(/watching /);
    expect(pdfText(pdf)).toContain("Hyperion and Prometheus");

    await edit(
      data,
      "facts.yaml",
      "two colossal data centres, Hyperion and Prometheus",
      "two colossal data centres, Hyperion and Prometheus (edited in watch mode)",
    );
    await watcher.waitFor(/built /, 2);
    expect(folded(plain(pdfText(pdf)))).toContain("(edited in watch mode)");
    const good = await sha256Of(pdf);

    await edit(data, "facts.yaml", "status: stated", "status: sure");
    await watcher.waitFor(/the last good PDF is unchanged/);
    expect(watcher.output()).toMatch(/facts\.yaml:\d+:\d+ facts\[\d+\]\.status: expected one of/);
    expect(watcher.child.exitCode).toBeNull();
    expect(await sha256Of(pdf)).toBe(good);

    watcher.child.kill("SIGINT");
    expect(await watcher.exited).toBe(130);
    expect((await readdir(out)).filter((name) => name.includes(".partial"))).toEqual([]);
  });
});

describe("the scheduler", () => {
  it("builds on schedule, skips unchanged input, refuses a second scheduler, and stops cleanly on SIGTERM", async () => {
    const data = await copyOfData(DATA_DIR);
    const out = await tempDir();
    const scheduler = run("schedule.js", ["--cron", "* * * * * *", "--date", "2026-11-22", "--data", data, "--out", out, "--lang", "en"]);
    await scheduler.waitFor(/built .*meta-ai-strategy-2026-11-22\.pdf/);

    const second = run("schedule.js", ["--cron", "0 6 * * *", "--date", "2026-11-22", "--data", data, "--out", out, "--lang", "en"]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/Another scheduler of meta-ai-strategy is already running for .* Stop it first/);

    await edit(data, "facts.yaml", "Hyperion and Prometheus", "Hyperion and Prometheus (rescheduled)");
    await scheduler.waitFor(/built /, 2);
    await scheduler.waitFor(/skipped: nothing changed/);
    expect(pdfText(join(out, "meta-ai-strategy-latest.pdf"))).toContain("(rescheduled)");
    expect(scheduler.output()).toMatch(/run started for 2026-11-22/);

    scheduler.child.kill("SIGTERM");
    expect(await scheduler.exited).toBe(143);
  });

  it("--once skips when nothing changed (exit code 3), and --force builds anyway", async () => {
    const out = await tempDir();
    const args = ["--once", "--date", "2026-11-22", "--out", out];
    const first = run("schedule.js", args);
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/built /);
    const skip = run("schedule.js", args);
    expect(await skip.exited).toBe(3);
    expect(skip.output()).toMatch(/skipped: nothing changed since meta-ai-strategy-2026-11-22\.pdf/);
    const forced = run("schedule.js", [...args, "--force"]);
    expect(await forced.exited).toBe(0);
    expect(forced.output()).toMatch(/built /);
  });

  it("runs as cron and systemd start it (node src/setup/bin.mjs schedule --once): builds, then skips", async () => {
    const out = await tempDir();
    const cron = () =>
      runFile(process.execPath, [join(ROOT, "src", "setup", "bin.mjs"), "schedule", "--once", "--date", "2026-11-22", "--out", out], {
        cwd: ROOT,
        timeout: 120_000,
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code?: number; stdout?: string }) => ({ code: error.code, stdout: error.stdout ?? "" }),
      );
    const first = await cron();
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/built /) });
    expect(await cron()).toMatchObject({ code: 3, stdout: expect.stringMatching(/skipped: nothing changed/) });
  });

  it("runs as people type it (npm run report, npm run schedule -- --once): builds, then skips", async () => {
    const out = await tempDir();
    const npm = (script: string, ...args: string[]) =>
      runFile("npm", ["run", "--silent", script, "--", ...args, "--lang", "en", "--date", "2026-11-22", "--out", out, "--json"], {
        cwd: ROOT,
        timeout: 120_000,
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code?: number; stdout?: string }) => ({ code: error.code, stdout: error.stdout ?? "" }),
      );
    const built = await npm("report");
    expect(built.code, built.stdout).toBe(0);
    expect(JSON.parse(built.stdout)).toMatchObject({
      result: "built",
      editions: [{ files: [join(out, "meta-ai-strategy-2026-11-22.pdf"), expect.any(String)] }],
    });
    const skipped = await npm("schedule", "--once");
    expect(skipped.code, skipped.stdout).toBe(3);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ result: "skipped" });
  });
});
