// The output folder when something is odd about it: temporary files of a killed build, a folder
// that cannot be written or created, older dates rebuilt with --keep, a second paper size, and
// the HTML of an earlier build.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { PageFormat } from "../../src/schema.js";
import { latestStem, outputNames, outputStem } from "../../src/stages/output-names.js";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { pdfInfo } from "../support/pdf.js";
import { runToEnd, snapshot, start } from "../support/process.js";
import { tempDir } from "../support/project.js";

const browser = useSharedBrowser();

function build(outDir: string, date: string, extra: { html?: boolean; keep?: number; format?: PageFormat } = {}) {
  return buildWith(browser, { outDir, date, ...extra });
}

/** The command with the shared browser, to its end or stopped past limitMs. */
function command(script: string, args: string[], limitMs?: number) {
  return runToEnd(script, ["--browser-url", inject("browserWSEndpoint"), ...args], limitMs);
}

const datedPdfs = async (out: string) =>
  (await readdir(out)).filter((name) => /^meta-ai-strategy-\d{4}-\d{2}-\d{2}.*\.pdf$/.test(name)).sort();

describe("temporary files", () => {
  it("of a build killed while writing are cleared by the next build; a live build's are not", async () => {
    const out = await tempDir();
    // A process that dies as a build killed in its write stage does: its temporary file stays, its PID is gone.
    const killed = spawnSync(process.execPath, [
      "-e",
      `require("fs").writeFileSync(${JSON.stringify(out)} + "/.meta-ai-strategy-latest.pdf." + process.pid + ".partial", "half a PDF"); process.kill(process.pid, "SIGKILL")`,
    ]);
    expect(killed.signal).toBe("SIGKILL");
    const ofKilled = `.meta-ai-strategy-latest.pdf.${killed.pid}.partial`;
    // A PID that lives on in another process, started after the file was written: not the writer.
    const ofReused = `.meta-ai-strategy-2026-11-22.pdf.${process.pid}.partial`;
    await writeFile(join(out, ofReused), "half a PDF");
    await utimes(join(out, ofReused), new Date("2000-01-01"), new Date("2000-01-01"));
    // A build still writing, in a process that started before its file.
    const live = spawn("sleep", ["120"]);
    const ofLive = `.meta-ai-strategy-latest.pdf.${live.pid}.partial`;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await writeFile(join(out, ofLive), "being written");
    try {
      expect((await readdir(out)).sort()).toEqual([ofKilled, ofReused, ofLive].sort());
      await build(out, "2026-11-22");
      const left = await readdir(out);
      expect(left).not.toContain(ofKilled);
      expect(left).not.toContain(ofReused);
      expect(left).toContain(ofLive);
    } finally {
      live.kill("SIGKILL");
    }
  });
});

describe("a folder that cannot be written", () => {
  const mounted: string[] = [];
  afterAll(() => {
    for (const dir of mounted) spawnSync("umount", [dir]);
  });

  /** A read-only file system, where the test may mount one (root can write past chmod); else a sysfs folder, which root cannot write either. */
  async function readOnlyFolder(): Promise<string> {
    const dir = await tempDir("dossier-readonly-");
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "ro", "tmpfs", dir]).status !== 0) return "/sys/kernel";
    mounted.push(dir);
    return dir;
  }

  it("is refused at once with a clear message (proper-lockfile used to retry for 73 s)", async () => {
    const out = await readOnlyFolder();
    const { code, stdout, stderr, ms } = command("cli.js", ["--date", "2026-11-22", "--out", out], 60_000);
    expect(stderr.trim()).toMatch(new RegExp(`^error: Cannot write ${out}: it (is on a read-only file system|is not writable)\\.$`));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(ms).toBeLessThan(15_000);
  });

  it("the scheduler says the same, at start", async () => {
    const out = await readOnlyFolder();
    const { code, stderr } = command("schedule.js", ["--cron", "0 6 * * *", "--out", out], 60_000);
    expect(stderr.trim()).toMatch(new RegExp(`^error: Cannot write ${out}: it (is on a read-only file system|is not writable)\\.$`));
    expect(code).toBe(1);
  });

  it("a folder that cannot be created (under /proc) fails at once instead of spinning", () => {
    const { code, stderr, ms } = command("cli.js", ["--date", "2026-11-22", "--out", "/proc/nope"]);
    expect(stderr.trim()).toBe("error: The output folder /proc/nope cannot be created: /proc does not take new folders.");
    expect(code).toBe(1);
    expect(ms).toBeLessThan(15_000);
  });

  it("a file named as the folder, or on its path, is named as such", async () => {
    const file = join(await tempDir(), "report.pdf");
    await writeFile(file, "not a folder");
    expect(command("cli.js", ["--out", file]).stderr.trim()).toBe(`error: The output folder ${file} is a file, not a folder.`);
    const below = command("schedule.js", ["--once", "--out", join(file, "out")]);
    expect(below.stdout).toContain(`error: Cannot write ${join(file, "out")}: a part of the path is a file, not a folder.`);
    expect(below.code).toBe(1);
  });
});

describe("--keep", () => {
  it("never deletes the PDF it has just built: an older date built with --keep 2 stays, beside the newest other", async () => {
    const out = await tempDir();
    for (const date of ["2026-11-21", "2026-11-22"]) await build(out, date, { keep: 2 });
    const { path } = await build(out, "2026-11-20", { keep: 2 });
    expect(existsSync(path)).toBe(true);
    expect(await datedPdfs(out)).toEqual(["meta-ai-strategy-2026-11-20.pdf", "meta-ai-strategy-2026-11-22.pdf"]);
    expect(await readdir(out)).not.toContain("meta-ai-strategy-2026-11-21.summary.md");
  });
});

describe("paper sizes", () => {
  it("names each edition apart: the dossier's main language and size bare, the others with their language and size", () => {
    const main = { lang: "en", format: "A4" };
    const names = (lang: string, format: string) => outputNames("meta-ai-strategy", { lang, format }, main);
    expect(outputStem(names("en", "A4"), "2026-11-22")).toBe("meta-ai-strategy-2026-11-22");
    expect(outputStem(names("fr", "A4"), "2026-11-22")).toBe("meta-ai-strategy-2026-11-22.fr");
    expect(outputStem(names("en", "Letter"), "2026-11-22")).toBe("meta-ai-strategy-2026-11-22.letter");
    expect(outputStem(names("fr", "Letter"), "2026-11-22")).toBe("meta-ai-strategy-2026-11-22.fr.letter");
    expect([latestStem(names("en", "A4")), latestStem(names("fr", "Letter"))]).toEqual([
      "meta-ai-strategy-latest",
      "meta-ai-strategy-latest.fr.letter",
    ]);
    // A French-first dossier's French edition is its bare one.
    expect(outputStem(outputNames("brief", { lang: "fr", format: "Letter" }, { lang: "fr", format: "Letter" }), "2026-11-22")).toBe(
      "brief-2026-11-22",
    );
  });

  it("a Letter build leaves the A4 files of the same date, latest.pdf included, as they were", async () => {
    const out = await tempDir();
    await build(out, "2026-11-22");
    const a4 = await snapshot(out);
    const { path, manifest } = await build(out, "2026-11-22", { format: "Letter" });
    const after = await snapshot(out);
    expect(Object.fromEntries(Object.keys(a4).map((name) => [name, after[name]]))).toEqual(a4);
    expect(Object.keys(after).filter((name) => !(name in a4))).toEqual([
      "meta-ai-strategy-2026-11-22.letter.manifest.json",
      "meta-ai-strategy-2026-11-22.letter.pdf",
      "meta-ai-strategy-2026-11-22.letter.summary.md",
      "meta-ai-strategy-latest.letter.manifest.json",
      "meta-ai-strategy-latest.letter.pdf",
    ]);
    expect(path).toBe(join(out, "meta-ai-strategy-2026-11-22.letter.pdf"));
    expect(manifest).toMatchObject({ file: "meta-ai-strategy-2026-11-22.letter.pdf", format: "Letter" });
    expect(pdfInfo(join(out, "meta-ai-strategy-latest.letter.pdf"))["Page size"]).toMatch(/^612 x 792 pts/);
    expect(pdfInfo(join(out, "meta-ai-strategy-latest.pdf"))["Page size"]).toMatch(/^595\.\d+ x 841\.\d+ pts/);
  });

  it("the scheduler compares each edition with its own last build", async () => {
    const out = await tempDir();
    const once = async (...extra: string[]) => {
      const run = start("schedule.js", [
        "--once",
        "--date",
        "2026-11-22",
        "--out",
        out,
        "--browser-url",
        inject("browserWSEndpoint"),
        ...extra,
      ]);
      await run.exited;
      return run.output();
    };
    expect(await once()).toMatch(/built .*meta-ai-strategy-2026-11-22\.pdf/);
    expect(await once("--format", "Letter")).toMatch(/built .*meta-ai-strategy-2026-11-22\.letter\.pdf/);
    expect(await once()).toMatch(/skipped: nothing changed since meta-ai-strategy-2026-11-22\.pdf/);
    expect(await once("--format", "Letter")).toMatch(/skipped: nothing changed since meta-ai-strategy-2026-11-22\.letter\.pdf/);
  });
});

describe("the HTML of --html", () => {
  it("goes when the same date is built again without --html, and with its PDF when --keep prunes it", async () => {
    const out = await tempDir();
    await build(out, "2026-11-21", { html: true });
    await build(out, "2026-11-22", { html: true });
    expect((await readdir(out)).filter((name) => name.endsWith(".html")).sort()).toEqual([
      "meta-ai-strategy-2026-11-21.html",
      "meta-ai-strategy-2026-11-22.html",
    ]);
    await build(out, "2026-11-22", { keep: 1 });
    expect((await readdir(out)).filter((name) => name.endsWith(".html"))).toEqual([]);
    expect(await datedPdfs(out)).toEqual(["meta-ai-strategy-2026-11-22.pdf"]);
  });
});
