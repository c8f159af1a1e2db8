// Two editions of the Meta dossier, built on two dates with the facts edited in between: the
// second tells its readers exactly what changed, in both languages, in the PDF and in summary.md.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith, type TestResult } from "../support/build.js";
import { edit } from "../support/data.js";
import { folded } from "../support/pdf.js";
import { report } from "../support/process.js";
import { copyOfData, DATA_DIR, tempDir } from "../support/project.js";

const browser = useSharedBrowser();
const EDITIONS = [
  { lang: "en", format: "A4" },
  { lang: "fr", format: "A4" },
] as const;

/** The PDF's text in reading order, apostrophes and spaces plain, runs of white space folded. */
function readerText(file: string): string {
  return folded(execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }))
    .replace(/[\u2019]/g, "'")
    .replace(/[\u202f\u00a0]/g, " ");
}

/** What the section between two headings says. */
function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start, text.indexOf(start) + 1);
  expect(from, `"${start}" is not a heading of the text`).toBeGreaterThan(0);
  return text.slice(from, text.indexOf(end, from));
}

const ADDED = { en: "The article calls the metaverse a utopia.", fr: "L'article qualifie le métavers d'utopie." };
const UPDATED = {
  en: "Mark Zuckerberg has recently set Meta's course for artificial intelligence",
  fr: "Mark Zuckerberg a récemment mis le cap sur l'intelligence artificielle",
};
const WITHDRAWN = {
  en: "For several months Meta has been multiplying initiatives",
  fr: "Depuis plusieurs mois, Meta multiplie les initiatives",
};
const WORDS = {
  en: {
    since: "Changes since 20 November 2026",
    next: "Timeline",
    intro: "1 fact added, 1 updated, 1 withdrawn",
    status: ["Status: stated", "Status: reported"],
    marks: ["NEW", "UPDATED"],
  },
  fr: {
    since: "Changements depuis le 20 novembre 2026",
    next: "Chronologie",
    intro: "1 fait ajouté, 1 mis à jour, 1 retiré",
    status: ["Statut : affirmé", "Statut : rapporté"],
    marks: ["NOUVEAU", "MIS À JOUR"],
  },
};

describe("what changed since the previous edition", () => {
  let data: string;
  let out: string;
  let first: TestResult;
  let second: TestResult;

  beforeAll(async () => {
    data = await copyOfData(DATA_DIR);
    out = await tempDir();
    first = await buildWith(browser, { dataDir: data, outDir: out, date: "2026-11-20", editions: [...EDITIONS] });
    // One fact withdrawn, one whose status changes, one added.
    await edit(data, "facts.yaml", / {2}- id: ai-race-push\n[\s\S]*?\n\n(?= {2}- id: ambition-dominate-ai)/, "");
    await edit(
      data,
      "facts.yaml",
      "  - id: pivot-from-metaverse\n    kind: claim\n    topic: strategy\n    status: stated",
      "  - id: pivot-from-metaverse\n    kind: claim\n    topic: strategy\n    status: reported",
    );
    await edit(
      data,
      "facts.yaml",
      "  - id: ambition-dominate-ai",
      `  - id: metaverse-utopia
    kind: claim
    topic: strategy
    status: opinion
    text:
      en: "${ADDED.en}"
      fr: "${ADDED.fr}"
    sources:
      - id: superintelligence-pivot
        excerpt: "délaissant l'utopie du métavers"

  - id: ambition-dominate-ai`,
    );
    second = await buildWith(browser, { dataDir: data, outDir: out, date: "2026-11-23", editions: [...EDITIONS] });
  }, 180_000);

  it("is not in a first edition", async () => {
    for (const { path, edition } of first.editions) {
      const lang = edition.lang as "en" | "fr";
      expect(readerText(path)).not.toContain(WORDS[lang].since.split(" 20 ")[0]);
      const summary = await readFile(path.replace(/\.pdf$/, ".summary.md"), "utf8");
      expect(summary).not.toContain(WORDS[lang].since.split(" 20 ")[0]);
    }
    expect(first.manifest.facts.map((fact) => fact.id)).toContain("ai-race-push");
  });

  it("lists exactly the fact added, the one updated (its status before and now) and the one withdrawn, in both languages", () => {
    for (const { path, edition } of second.editions) {
      const lang = edition.lang as "en" | "fr";
      const words = WORDS[lang];
      const text = readerText(path);
      // In the contents, then as a section right after the executive summary.
      expect(text.indexOf(words.since)).toBeLessThan(text.indexOf(words.since, text.indexOf(words.since) + 1));
      const section = between(text, words.since, words.next);
      expect(section).toContain(words.intro);
      expect(section).toContain(ADDED[lang]);
      expect(section).toContain(UPDATED[lang]);
      expect(section).toContain(WITHDRAWN[lang]);
      for (const status of words.status) expect(section).toContain(status);
      // Nothing else: the section holds three facts, each cited once (the withdrawn one is no longer cited).
      expect(section.match(/\[\d(, \d)*\]/g)).toHaveLength(2);
      // The marks stand beside the facts in their sections.
      const body = text.slice(text.indexOf(words.next, text.indexOf(words.since, text.indexOf(words.since) + 1)));
      for (const mark of words.marks) expect(body.split(mark).length - 1, mark).toBe(1);
    }
  });

  it("opens summary.md with the same list", async () => {
    for (const { path, edition } of second.editions) {
      const lang = edition.lang as "en" | "fr";
      const summary = (await readFile(path.replace(/\.pdf$/, ".summary.md"), "utf8"))
        .replace(/\u2019/g, "'")
        .replace(/[\u202f\u00a0]/g, " ");
      const lines = summary.split("\n");
      expect(lines[2]).toBe(`## ${WORDS[lang].since}`);
      const list = summary.slice(0, summary.indexOf("\n## ", summary.indexOf(WORDS[lang].since)));
      expect(list).toContain(WORDS[lang].intro);
      expect(list.match(/^- /gm)).toHaveLength(3);
      for (const fact of [ADDED[lang], UPDATED[lang], WITHDRAWN[lang]]) expect(list).toContain(fact);
    }
  });

  it("records each fact's hash in the manifest, and compares with a chosen edition with --since", async () => {
    expect(second.manifest.facts.find((fact) => fact.id === "metaverse-utopia")?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.manifest.facts.some((fact) => fact.id === "ai-race-push")).toBe(false);
    // Compared with the second edition, the third has nothing new; compared with the first, the same three.
    const third = await buildWith(browser, { dataDir: data, outDir: out, date: "2026-11-25" });
    expect(readerText(third.path)).toContain("Changes since 23 November 2026 No fact was added, updated or withdrawn.");
    const chosen = await buildWith(browser, { dataDir: data, outDir: out, date: "2026-11-25", since: "2026-11-20" });
    expect(between(readerText(chosen.path), "Changes since 20 November 2026", "Timeline")).toContain(
      "1 fact added, 1 updated, 1 withdrawn",
    );
  }, 120_000);

  it("refuses a --since with no edition of that date, naming the editions there (exit code 2)", async () => {
    const ran = await report(["--data", data, "--out", out, "--lang", "en", "--since", "2026-11-01"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`error: --since 2026-11-01: ${out} holds no meta-ai-strategy-2026-11-01.manifest.json`);
    expect(ran.stderr).toContain("2026-11-20, 2026-11-23, 2026-11-25");
  });
});
