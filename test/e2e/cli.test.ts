import { spawnSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edit } from "../support/data.js";
import { pdfText } from "../support/pdf.js";
import { stagesReported } from "../support/process.js";
import { CLI, copyOfData, ROOT, sha256Of, tempDir } from "../support/project.js";

function run(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the command line", () => {
  it("builds every edition the dossier declares where --out says: one line per stage, then each path", async () => {
    const out = await tempDir();
    const { code, stdout, stderr } = run(["--date", "2026-11-22", "--out", out]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    // Read and checked once; drawn, filled and printed per edition; written together.
    const edition = ["charts", "html", "pdf"];
    expect(stagesReported(stdout)).toEqual(["load", "validate", "derive", ...edition, ...edition, "write"]);
    for (const line of lines.slice(0, -2)) expect(line).toMatch(/^\w+\s+\d+ ms$/);
    expect(lines.slice(-2)).toEqual([join(out, "meta-ai-strategy-2026-11-22.pdf"), join(out, "meta-ai-strategy-2026-11-22.fr.pdf")]);
    expect(pdfText(join(out, "meta-ai-strategy-2026-11-22.pdf"), 1)).toContain("22 November 2026");
    expect(pdfText(join(out, "meta-ai-strategy-2026-11-22.fr.pdf"), 1)).toContain("22 novembre 2026");
  });

  it("prints help and exits 0", () => {
    const { code, stdout } = run(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--date YYYY-MM-DD");
  });

  it("refuses an unknown flag with one line and exit 2", () => {
    const { code, stderr } = run(["--colour", "red"]);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^error: Unknown option '--colour'.*\(see --help\)/);
  });

  it("reports bad data with file, line and field, exits 1, and leaves the last good PDF as it was", async () => {
    const out = await tempDir();
    const data = await copyOfData();
    expect(run(["--date", "2026-11-22", "--out", out, "--data", data]).code).toBe(0);
    const pdf = join(out, "meta-ai-strategy-2026-11-22.pdf");
    const before = await sha256Of(pdf);
    const filesAfterGoodBuild = (await readdir(out)).length;

    await edit(data, "facts.yaml", "{ value: 14, scale: billion", '{ value: "14bn", scale: billion');
    const { code, stderr } = run(["--date", "2026-11-22", "--out", out, "--data", data]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/facts\.yaml:\d+:\d+ facts\[\d+\]\.amount\.value: expected number \(got "14bn"\)/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await sha256Of(pdf)).toBe(before);
    expect((await readdir(out)).filter((name) => name.includes("partial"))).toEqual([]);
    expect((await readdir(out)).length).toBe(filesAfterGoodBuild);
  });
});
