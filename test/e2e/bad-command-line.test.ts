// A mistyped command line: one line saying what is wrong and where to look, exit 2, nothing built.
import { spawnSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CLI, ROOT, tempDir } from "../support/project.js";

describe("bad command lines", () => {
  it.each([
    [["--colour", "red"], /^error: Unknown option '--colour' \(see --help\)$/],
    [["--date", "2026-13-45"], /^error: --date must be a real day as YYYY-MM-DD \(got "2026-13-45"\) \(see --help\)$/],
    [["--date", "2026-02-30"], /^error: --date must be a real day as YYYY-MM-DD \(got "2026-02-30"\) \(see --help\)$/],
    [["--lang", "de"], /^error: --lang must be among the dossier's languages, en, fr \(got "de"; \S+dossier\.yaml\) \(see --help\)$/],
    [
      ["--lang", "english"],
      /^error: --lang must be one or more language codes such as en or fr, comma-separated \(got "english"\) \(see --help\)$/,
    ],
    [["--format", "A3"], /^error: --format must be one or more of A4, Letter, comma-separated \(got "A3"\) \(see --help\)$/],
    [["one", "two"], /^error: give one dossier folder \(got "one", "two"\) \(see --help\)$/],
    [["--date"], /^error: Option '--date <value>' argument missing \(see --help\)$/],
    [["--timeout", "-1"], /^error: --timeout must be a positive number of seconds, at most 3600 \(got "-1"\) \(see --help\)$/],
    [["--timeout", "2147484"], /^error: --timeout must be a positive number of seconds, at most 3600 \(got "2147484"\) \(see --help\)$/],
    [["--keep", "-1"], /^error: --keep must be a positive whole number, at most 10000 \(got "-1"\) \(see --help\)$/],
  ])("%j: one line, a hint to --help, exit 2, nothing written", async (args, message) => {
    const out = await tempDir();
    const { status, stdout, stderr } = spawnSync(process.execPath, [CLI, "--out", out, ...args], { cwd: ROOT, encoding: "utf8" });
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.endsWith("\n")).toBe(true);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(message);
    expect(await readdir(out)).toEqual([]);
  });
});
