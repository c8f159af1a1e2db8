// The daily commands run from one bundle each, with V8's code cache (src/setup/launch.cjs): the
// bundle, with and without its cache, must print the very PDF the sources print.
import { execFile } from "node:child_process";
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { CLI, ROOT, sha256Of, tempDir } from "../support/project.js";

const browser = useSharedBrowser();
const run = promisify(execFile);
const LAUNCH = join(ROOT, "src", "setup", "launch.cjs");
const ARGS = ["--date", "2026-11-22", "--lang", "en"];
const PDF = "meta-ai-strategy-2026-11-22.pdf";

describe("the bundled commands", () => {
  it("print the same bytes as the unbundled modules and the TypeScript sources, before and after their cache is made", async () => {
    const cache = await tempDir("dossier-cache-");
    const env = { ...process.env, DOSSIER_CACHE_DIR: cache };
    const bundledCold = await tempDir();
    await run(process.execPath, [LAUNCH, "report", ...ARGS, "--out", bundledCold], { cwd: ROOT, env, timeout: 120_000 });
    // The compiled code and the four charts.
    const made = (await readdir(cache)).sort();
    expect(made.filter((name) => /^report-[0-9a-f]{24}\.v8$/.test(name))).toHaveLength(1);
    expect(made.filter((name) => /^chart-[0-9a-f]{32}$/.test(name))).toHaveLength(4);
    expect(made).toHaveLength(5);
    // From the kept code and charts.
    const bundledWarm = await tempDir();
    await run(process.execPath, [LAUNCH, "report", ...ARGS, "--out", bundledWarm], { cwd: ROOT, env, timeout: 120_000 });
    expect((await readdir(cache)).sort()).toEqual(made);
    const modules = await tempDir();
    await run(process.execPath, [CLI, ...ARGS, "--out", modules], { cwd: ROOT, timeout: 120_000 });
    const sources = (await buildWith(browser, { lang: "en" })).path;

    const bytes = await sha256Of(sources);
    expect(await sha256Of(join(modules, PDF))).toBe(bytes);
    expect(await sha256Of(join(bundledCold, PDF))).toBe(bytes);
    expect(await sha256Of(join(bundledWarm, PDF))).toBe(bytes);
  });

  it("print the French edition as the modules do: its typography's expressions, written in ASCII in the bundle, mean the same", async () => {
    const env = { ...process.env, DOSSIER_CACHE_DIR: await tempDir("dossier-cache-") };
    const french = ["--date", "2026-11-22", "--lang", "fr"];
    const [bundled, modules] = [await tempDir(), await tempDir()];
    await run(process.execPath, [LAUNCH, "report", ...french, "--out", bundled], { cwd: ROOT, env, timeout: 120_000 });
    await run(process.execPath, [CLI, ...french, "--out", modules], { cwd: ROOT, timeout: 120_000 });
    const name = "meta-ai-strategy-2026-11-22.fr.pdf";
    expect(await sha256Of(join(bundled, name))).toBe(await sha256Of(join(modules, name)));
  });

  it("are each one function expression at one byte per character, which the launcher compiles as it reads it", async () => {
    for (const name of ["report", "schedule", "skip"]) {
      const text = await readFile(join(ROOT, "dist", `${name}.bundle.cjs`), "utf8");
      expect(
        [...text].findIndex((char) => char.charCodeAt(0) > 0xff),
        name,
      ).toBe(-1);
      expect(text, name).toMatch(/^\(function \(exports, require, module, __filename, __dirname,/);
    }
  });

  it("keep the code of a run that did its work, start again with --clear-cache, and take a damaged cache for none", async () => {
    const cache = await tempDir("dossier-cache-");
    const env = { ...process.env, DOSSIER_CACHE_DIR: cache };
    const compiled = async () => (await readdir(cache)).filter((name) => name.startsWith("schedule-"));
    // The help alone would keep thin code: nothing is written.
    await run(process.execPath, [LAUNCH, "schedule", "--help"], { cwd: ROOT, env });
    expect(await readdir(cache)).toEqual([]);
    const out = await tempDir();
    const schedule = (...extra: string[]) =>
      run(process.execPath, [LAUNCH, "schedule", "--once", ...ARGS, "--out", out, ...extra], { cwd: ROOT, env, timeout: 120_000 }).then(
        () => 0,
        (error: { code?: number }) => error.code,
      );
    expect(await schedule()).toBe(0);
    const [made = ""] = await compiled();
    expect(made).toMatch(/^schedule-[0-9a-f]{24}\.v8$/);

    // The skip handed over at once: its code is kept from a run that skipped.
    expect((await readdir(cache)).filter((name) => name.startsWith("skip-"))).toEqual([]);
    expect(await schedule()).toBe(3);
    const [skip = ""] = (await readdir(cache)).filter((name) => name.startsWith("skip-"));
    expect(skip).toMatch(/^skip-[0-9a-f]{24}\.v8$/);

    // As a run killed while writing, or a disk fault, would leave it: V8 refuses it, the run goes on and writes it anew.
    await writeFile(join(cache, made), "not compiled code");
    await writeFile(join(cache, skip), "not compiled code");
    expect(await schedule()).toBe(3);
    expect((await readFile(join(cache, skip))).length).toBeGreaterThan(10_000);
    expect(await schedule("--force")).toBe(0);
    expect((await readFile(join(cache, made))).length).toBeGreaterThan(100_000);

    // Its own files only: DOSSIER_CACHE_DIR may name a folder that holds others.
    await writeFile(join(cache, `chart-${"0".repeat(32)}`), "");
    await writeFile(join(cache, `dossier-${"0".repeat(32)}`), "");
    await writeFile(join(cache, "notes.txt"), "");
    expect(await schedule("--clear-cache")).toBe(3);
    // The scheduler skipped, after the quick skip handed --clear-cache over.
    const left = await readdir(cache);
    expect(left.filter((name) => !name.startsWith("dossier-")).sort()).toEqual(["notes.txt", made].sort());
    // ...and kept anew what the quick skip needs of the dossier.
    expect(left.filter((name) => /^dossier-[0-9a-f]{32}$/.test(name))).toHaveLength(1);
    expect(left).not.toContain(`dossier-${"0".repeat(32)}`);
    await expect(run(process.execPath, [LAUNCH, "nothing"], { cwd: ROOT, env })).rejects.toMatchObject({ code: 2 });
  });

  it("decide a day with nothing to build by the skip alone, as the scheduler decides it, and leave every other day to the scheduler", async () => {
    const out = await tempDir();
    const once = async (cache: string, ...extra: string[]) =>
      run(process.execPath, [LAUNCH, "schedule", "--once", ...ARGS, "--out", out, ...extra], {
        cwd: ROOT,
        env: { ...process.env, DOSSIER_CACHE_DIR: cache },
        timeout: 120_000,
      }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({
          code: error.code,
          stdout: error.stdout ?? "",
          stderr: error.stderr ?? "",
        }),
      );
    /** What a cache folder holds, by kind: "schedule" is the scheduler's code, kept by every run of it that did its work. */
    const kinds = async (cache: string) =>
      [...new Set((await readdir(cache)).map((name) => name.replace(/-([0-9a-f]{24}\.v8|[0-9a-f]{32})$/, "")))].sort();
    const dossierOnly = async (from: string) => {
      const to = await tempDir("dossier-cache-");
      await cp(from, to, { recursive: true, filter: (path) => path === from || /\/dossier-[0-9a-f]{32}$/.test(path) });
      return to;
    };
    // Nothing built yet: the skip hands over, the scheduler builds, and keeps what the skip needs of the dossier.
    const building = await tempDir("dossier-cache-");
    expect((await once(building)).code).toBe(0);
    expect(await kinds(building)).toEqual(["chart", "dossier", "schedule"]);

    // The dossier not known to the skip (no scheduler ran on it with this command line): the scheduler skips.
    const unknown = await tempDir("dossier-cache-");
    expect((await once(unknown)).code).toBe(3);
    expect(await kinds(unknown)).toEqual(["dossier", "schedule"]);

    // Known, nothing changed: only the skip's code ran.
    const skipping = await dossierOnly(building);
    const quick = await once(skipping, "--json");
    expect(quick.code).toBe(3);
    expect(await kinds(skipping)).toEqual(["dossier", "skip"]);

    // What was kept, damaged (a disk fault): never trusted, the scheduler decides and keeps it anew.
    const damaged = await dossierOnly(building);
    const [kept = ""] = await readdir(damaged);
    await writeFile(join(damaged, kept), "{not json");
    expect((await once(damaged)).code).toBe(3);
    expect(await kinds(damaged)).toEqual(["dossier", "schedule"]);
    expect(JSON.parse(await readFile(join(damaged, kept), "utf8"))).toMatchObject({ outDir: out });

    // What the scheduler itself says of the same skip, but the time and the milliseconds.
    const scheduler = await run(process.execPath, [join(ROOT, "dist", "schedule.js"), "--once", ...ARGS, "--out", out, "--json"], {
      cwd: ROOT,
      env: { ...process.env, DOSSIER_CACHE_DIR: await tempDir("dossier-cache-") },
    }).catch((error: { code?: number; stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? "",
      stderr: error.stderr ?? "",
      code: error.code,
    }));
    expect(scheduler).toMatchObject({ code: 3 });
    const timeless = (text: string) =>
      text
        .replace(/\[[^\]]+\]/g, "[time]")
        .replace(/\d+ ms/g, "N ms")
        .replace(/"durationMs":\d+/g, '"durationMs":N');
    expect(timeless(quick.stdout)).toBe(timeless(scheduler.stdout));
    expect(timeless(quick.stderr)).toBe(timeless(scheduler.stderr));
    expect(quick.stdout).toMatch(/^\{"result":"skipped"/m);
    expect(quick.stderr).toMatch(/skipped: nothing changed/);

    // Known, but another day: the skip hands over, and the scheduler builds.
    const nextDay = await dossierOnly(building);
    const built = await run(process.execPath, [LAUNCH, "schedule", "--once", "--date", "2026-11-23", "--lang", "en", "--out", out], {
      cwd: ROOT,
      env: { ...process.env, DOSSIER_CACHE_DIR: nextDay },
      timeout: 120_000,
    });
    expect(built.stdout).toMatch(/built .*meta-ai-strategy-2026-11-23\.pdf/);
    expect(await kinds(nextDay)).toEqual(["chart", "dossier", "schedule"]);
  });

  it("with --debug, name the TypeScript sources' lines in a stack trace, not the bundle's", async () => {
    const file = join(await tempDir(), "a-file");
    await writeFile(file, "");
    for (const command of [["report"], ["schedule", "--once"]]) {
      const failed = await run(process.execPath, [LAUNCH, ...command, ...ARGS, "--out", join(file, "out"), "--debug"], {
        cwd: ROOT,
        env: { ...process.env, DOSSIER_CACHE_DIR: await tempDir("dossier-cache-") },
        timeout: 120_000,
      }).then(
        () => "",
        (error: { stdout?: string; stderr?: string }) => `${error.stdout}${error.stderr}`,
      );
      expect(failed).toMatch(/a part of the path is a file/);
      expect(failed).toMatch(/src\/stages\/write\.ts:\d+:\d+/);
      expect(failed).not.toMatch(/\.bundle\.cjs/);
    }
  });

  it("--clear-cache empties the folder for the unbundled commands too, which keep their charts there", async () => {
    const cache = await tempDir("dossier-cache-");
    const env = { ...process.env, DOSSIER_CACHE_DIR: cache };
    const out = await tempDir();
    await run(process.execPath, [CLI, ...ARGS, "--out", out], { cwd: ROOT, env, timeout: 120_000 });
    const charts = (await readdir(cache)).sort();
    expect(charts.filter((name) => name.startsWith("chart-"))).toHaveLength(4);
    await writeFile(join(cache, `chart-${"0".repeat(32)}`), "");
    await writeFile(join(cache, `dossier-${"0".repeat(32)}`), "");
    await writeFile(join(cache, "notes.txt"), "");
    await run(process.execPath, [CLI, ...ARGS, "--out", out, "--clear-cache"], { cwd: ROOT, env, timeout: 120_000 });
    expect((await readdir(cache)).sort()).toEqual([...charts, "notes.txt"].sort());
  });
});
