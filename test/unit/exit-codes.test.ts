// The exit codes are a contract with scripts, cron and systemd: README's table, each command's
// --help and the unattended examples must say the same.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ADD_SOURCE_HELP, CHECK_HELP, PREVIEW_HELP, REPORT_HELP, SCHEDULE_HELP } from "../../src/options.js";
import { ROOT } from "../support/project.js";

const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** README's exit code table: each code and the commands that return it. */
function readmeTable(): Map<number, string[]> {
  const section = README.slice(README.indexOf("| exit code |"));
  const rows = section.slice(0, section.indexOf("\n\n")).matchAll(/^\| `(\d+)` \|.*\| ([\w, -]+) \|$/gm);
  return new Map([...rows].map(([, code, commands]) => [Number(code), (commands ?? "").split(", ")]));
}

function helpCodes(help: string): number[] {
  return [...help.slice(help.indexOf("Exit codes:")).matchAll(/\b(\d+) /g)].map(([, code]) => Number(code)).sort((a, b) => a - b);
}

describe("exit codes", () => {
  it("README lists every code, the signals' and the skip's included", () => {
    expect([...readmeTable().keys()]).toEqual([0, 1, 2, 3, 4, 137, 130, 143]);
  });

  it.each([
    ["report", REPORT_HELP],
    ["schedule", SCHEDULE_HELP],
    ["check", CHECK_HELP],
    ["add-source", ADD_SOURCE_HELP],
    ["preview", PREVIEW_HELP],
  ])("%s --help lists the codes README gives it", (command, help) => {
    const codes = [...readmeTable()]
      .filter(([, commands]) => commands.includes(command))
      .map(([code]) => code)
      .sort((a, b) => a - b);
    expect(helpCodes(help)).toEqual(codes);
  });

  it("the systemd service counts a skip as a success", () => {
    expect(readFileSync(join(ROOT, ".systemd", "dossier.service"), "utf8")).toMatch(/^SuccessExitStatus=3$/m);
  });

  it("README's cron lines and the systemd service run the scheduler as the bench times it, without npm", () => {
    const cron = [...README.matchAll(/^0 6 \* \* 1-5 +cd \/opt\/dossier && (.*?) >>/gm)].map((match) => match[1]);
    expect(cron).toEqual(["node src/setup/bin.mjs schedule --once --keep 30", "node src/setup/bin.mjs schedule --once"]);
    expect(readFileSync(join(ROOT, ".systemd", "dossier.service"), "utf8")).toMatch(
      /^ExecStart=\/usr\/bin\/node src\/setup\/bin\.mjs schedule --once --keep 30$/m,
    );
    expect(readFileSync(join(ROOT, "test", "bench", "bench.ts"), "utf8")).toContain('const BIN = "src/setup/bin.mjs";');
  });

  it("README's cron line counts 0 and 3 as success and says when a run failed", () => {
    const line = /^0 6 \* \* 1-5 .*$/m.exec(README)?.[0] ?? "";
    const afterRun = line.slice(line.indexOf("2>&1;") + "2>&1;".length);
    expect(afterRun).not.toBe("");
    const said = (code: number) => spawnSync("sh", ["-c", `(exit ${code}); ${afterRun}`], { encoding: "utf8" }).stdout;
    expect([0, 3].map(said)).toEqual(["", ""]);
    for (const code of [1, 2, 130, 143]) expect(said(code)).toMatch(/failed/);
  });
});
