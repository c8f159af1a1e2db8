// Watch mode and the way editors and tools really save: a temporary file renamed over the one
// being saved. The watcher must name the file saved, never the temporary one.
import { execFileSync } from "node:child_process";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pdfText } from "../support/pdf.js";
import { chromiumPids, leftoverChromium, type Running, start } from "../support/process.js";
import { copyOfData, DATA_DIR, tempDir } from "../support/project.js";

let before: Set<number>;
let watcher: Running | undefined;

beforeEach(() => {
  before = chromiumPids();
});

afterEach(async () => {
  if (watcher?.child.exitCode === null) watcher.child.kill("SIGKILL");
  expect(await leftoverChromium(before)).toEqual([]);
});

describe("watch mode", () => {
  it("reports the file an atomic save or sed -i replaced, not their temporary files", async () => {
    const data = await copyOfData(DATA_DIR);
    const out = await tempDir();
    const facts = join(data, "facts.yaml");
    const pdf = join(out, "meta-ai-strategy-2026-11-22.pdf");
    watcher = start("cli.js", ["--watch", "--date", "2026-11-22", "--data", data, "--out", out, "--lang", "en"]);
    await watcher.waitFor(/watching /);

    // An atomic save as editors and write-file-atomic make it: the new text in a temporary file
    // beside the old one (a name no list of editors' temporary files knows), then renamed over
    // it. The pause is a big file or a slow disk: the watcher sees the temporary file.
    const temporary = join(data, ".facts.yaml.4f2a91c");
    const text = await readFile(facts, "utf8");
    await writeFile(temporary, text.replace("Hyperion and Prometheus", "Hyperion and Prometheus (saved atomically)"));
    await sleep(50);
    await rename(temporary, facts);
    await watcher.waitFor(/built /, 2);
    expect(pdfText(pdf)).toContain("(saved atomically)");

    // sed -i writes a sedXXXXXX beside the file; GNU sed's `1e sleep 0.2` keeps it there a moment.
    execFileSync("sed", ["-i", "-e", "1e sleep 0.2", "-e", "s/(saved atomically)/(saved by sed)/", facts]);
    await watcher.waitFor(/built /, 3);
    expect(pdfText(pdf)).toContain("(saved by sed)");

    expect(watcher.output().match(/^changed: .*$/gm)).toEqual([`changed: ${facts}`, `changed: ${facts}`]);
    watcher.child.kill("SIGINT");
    expect(await watcher.exited).toBe(130);
  });
});
