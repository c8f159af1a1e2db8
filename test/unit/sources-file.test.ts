// A source appended to sources.yaml as a person would write it: the rest of the file unchanged.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sourceIds, withSource } from "../../src/sources-file.js";
import { DATA_DIR } from "../support/project.js";

const added = { id: "new-article", file: "new-article.txt", language: "fr", outlet: "Le Monde: Pixels", published: "2026-02-03" };

describe("adding a source to sources.yaml", () => {
  it("keeps every byte of the file and appends the entry after the last, as the others are laid out", async () => {
    const text = await readFile(join(DATA_DIR, "sources.yaml"), "utf8");
    const updated = withSource(text, added) ?? "";
    expect(updated.startsWith(text)).toBe(true);
    expect(updated.slice(text.length)).toBe(
      [
        "",
        "  # Added by add-source: write its headline in each language and what it cites.",
        "  - id: new-article",
        "    file: new-article.txt",
        '    outlet: "Le Monde: Pixels"',
        "    language: fr",
        '    published: "2026-02-03"',
        "    cites: []",
        "",
      ].join("\n"),
    );
    const sources = (parse(updated) as { sources: Record<string, unknown>[] }).sources;
    expect(sources.at(-1)).toEqual({ ...added, cites: [] });
    expect(sourceIds(updated)).toEqual([...sourceIds(text), "new-article"]);
  });

  it("follows another indentation and spacing, keeps what follows the list, and leaves out what it was not told", () => {
    const text = "# my sources\nsources:\n- id: one\n  file: one.txt  # the first\n- id: two\n  file: two.txt\n# end of the list\n";
    expect(withSource(text, { id: "three", file: "three.txt", language: "en" })).toBe(
      "# my sources\nsources:\n- id: one\n  file: one.txt  # the first\n- id: two\n  file: two.txt\n# Added by add-source: write its headline in each language and what it cites.\n- id: three\n  file: three.txt\n  language: en\n  cites: []\n# end of the list\n",
    );
  });

  it("refuses a file with no list of sources to add to", () => {
    expect(withSource("sources: [", added)).toBeUndefined();
    expect(withSource("facts: []\n", added)).toBeUndefined();
  });
});
