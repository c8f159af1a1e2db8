// Every kind of mistake a person makes when editing the facts by hand, made in a copy of the
// real data and run through the command as they would run it, after a good build: a located
// message, exit 1, no stack trace, and the output folder exactly as the good build left it.
import { readFileSync } from "node:fs";
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { edit } from "../support/data.js";
import { report, snapshot } from "../support/process.js";
import { copyOfData, copyOfTemplates, DATA_DIR, tempDir } from "../support/project.js";

interface Mistake {
  kind: string;
  /** Makes the mistake in a copy of the real data. */
  make: (data: string) => Promise<void>;
  /** The line the command must print for it. */
  says: RegExp;
}

/** The line of the shipped data that holds a text: where a mistake made there must be reported. */
function lineIn(file: string, text: string): number {
  return (
    readFileSync(join(DATA_DIR, file), "utf8")
      .split("\n")
      .findIndex((line) => line.includes(text)) + 1
  );
}

const MISTAKES: Mistake[] = [
  {
    kind: "malformed YAML",
    make: (data) => edit(data, "summary.yaml", "key_figures: [", "key_figures: [["),
    says: /summary\.yaml:\d+:\d+ invalid YAML: /,
  },
  {
    kind: "an empty file",
    make: (data) => writeFile(join(data, "report.yaml"), ""),
    says: /report\.yaml:1:1 the file is empty$/m,
  },
  {
    kind: "a missing field",
    make: (data) => edit(data, "sources.yaml", '    language: fr\n    published: "2026-01-22"', '    published: "2026-01-22"'),
    says: /sources\.yaml:\d+:\d+ sources\[2\]\.language: missing: add this field \(a language code such as en or fr\)$/m,
  },
  {
    kind: "a wrong type",
    make: (data) => edit(data, "facts.yaml", "    people: [Mark Zuckerberg]", "    people: Mark Zuckerberg"),
    says: /facts\.yaml:\d+:\d+ facts\[0\]\.people: expected array \(got "Mark Zuckerberg"\)$/m,
  },
  {
    kind: "an unknown source id",
    make: (data) => edit(data, "facts.yaml", "      - id: perplexity-talks", "      - id: perplexity-talk"),
    says: /facts\.yaml:\d+:\d+ facts\[1\]\.sources\[2\]\.id: unknown source id "perplexity-talk": it is not in sources\.yaml$/m,
  },
  {
    kind: "a duplicate id",
    make: (data) => edit(data, "facts.yaml", "  - id: ai-race-push", "  - id: pivot-from-metaverse"),
    says: new RegExp(
      `facts\\.yaml:${lineIn("facts.yaml", "  - id: ai-race-push")}:\\d+ facts\\[1\\]\\.id: duplicate id "pivot-from-metaverse" \\(first used at facts\\[0\\]\\.id\\)$`,
      "m",
    ),
  },
  {
    kind: "an impossible date",
    make: (data) => edit(data, "sources.yaml", 'published: "2026-01-22"', 'published: "2026-02-30"'),
    says: /sources\.yaml:\d+:\d+ sources\[2\]\.published: no such day in the calendar \(got "2026-02-30"\)$/m,
  },
  {
    kind: "a negative amount",
    make: (data) => edit(data, "facts.yaml", "{ value: 600,", "{ value: -600,"),
    says: /facts\.yaml:\d+:\d+ facts\[\d+\]\.amount\.value: an amount must be positive \(got -600\)$/m,
  },
  {
    kind: "a non-numeric amount",
    make: (data) => edit(data, "facts.yaml", "{ value: 14, scale", "{ value: 14bn, scale"),
    says: new RegExp(
      `facts\\.yaml:${lineIn("facts.yaml", "{ value: 14, scale")}:\\d+ facts\\[\\d+\\]\\.amount\\.value: expected number \\(got "14bn"\\)$`,
      "m",
    ),
  },
  {
    kind: "an unknown key",
    make: (data) => edit(data, "sources.yaml", "    outlet: Radio Sisko FM", "    outlett: Radio Sisko FM"),
    says: new RegExp(
      `sources\\.yaml:${lineIn("sources.yaml", "    outlet: Radio Sisko FM")}:5 sources\\[3\\]\\.outlett: unknown field: did you mean "outlet"\\?$`,
      "m",
    ),
  },
  {
    kind: "text that is not UTF-8 (saved as Latin-1)",
    make: async (data) => writeFile(join(data, "sources.yaml"), Buffer.from(await readFile(join(data, "sources.yaml"), "utf8"), "latin1")),
    says: /sources\.yaml:\d+:\d+ the file is not UTF-8 text: save it as UTF-8$/m,
  },
];

describe("bad data, run through the command after a good build", () => {
  let goodOut: string;
  let good: Record<string, string>;

  beforeAll(async () => {
    goodOut = await tempDir();
    const built = await report(["--out", goodOut, "--data", DATA_DIR]);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    good = await snapshot(goodOut);
    expect(Object.keys(good)).toContain("meta-ai-strategy-2026-11-22.pdf");
  });

  /** Runs the command on broken input into a copy of the good build's folder, and checks what it leaves. */
  async function rejected(args: string[]): Promise<string> {
    const out = await tempDir();
    await cp(goodOut, out, { recursive: true });
    // The shared browser: a build starts Chromium while it reads the data, which is slow to repeat.
    const { code, stderr } = await report(["--out", out, "--browser-url", inject("browserWSEndpoint"), ...args]);
    expect(code, stderr).toBe(1);
    if (!args.includes("--debug")) expect(stderr).not.toMatch(/^\s+at /m);
    // Nothing written, nothing left half-written: the same files with the same bytes.
    expect(await snapshot(out)).toEqual(good);
    return stderr;
  }

  describe.concurrent.each(MISTAKES)("$kind", ({ make, says }) => {
    it("is named with its file, line, column and field; exit 1; the last good PDF kept", async () => {
      const data = await copyOfData(DATA_DIR);
      await make(data);
      const stderr = await rejected(["--data", data]);
      const [heading, ...problems] = stderr.trimEnd().split("\n");
      expect(heading).toMatch(/^error: The data has \d+ problems?:$/);
      expect(problems.length).toBeGreaterThan(0);
      for (const problem of problems) expect(problem).toMatch(new RegExp(`^  ${data}/\\S+\\.yaml:\\d+:\\d+ `));
      expect(stderr).toMatch(says);
    });
  });

  it("a template mistake is named with the template's file and line, and changes nothing either", async () => {
    const templates = await copyOfTemplates();
    const fact = join(templates, "partials", "fact.hbs");
    await writeFile(fact, (await readFile(fact, "utf8")).replace("{{statusLabel status}}", "{{statusLable status}}"));
    const stderr = await rejected(["--templates", templates]);
    expect(stderr).toMatch(new RegExp(`^  ${fact}:\\d+:\\d+ unknown helper "statusLable"`, "m"));
  });

  it("shows the stack only with --debug", async () => {
    const data = await copyOfData(DATA_DIR);
    await writeFile(join(data, "report.yaml"), "");
    expect(await rejected(["--data", data, "--debug"])).toMatch(/^\s+at /m);
  });
});
