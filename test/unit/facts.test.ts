// The Meta dossier's articles against the seeds they were copied from. The content checks
// themselves (excerpts, figures, summary, quotations, coverage) run in every build and are tested
// in integrity.test.ts; this file is about this dossier's content only.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Dossier } from "../../src/schema.js";
import { loadData } from "../../src/stages/load.js";
import { validate } from "../../src/stages/validate.js";
import { DATA_DIR, ROOT } from "../support/project.js";

const ARTICLES = join(DATA_DIR, "articles");
const SEEDS = join(ROOT, "..", "shared", "seeds");

let dossier: Dossier;
let articles: Map<string, string>;

beforeAll(async () => {
  dossier = validate(await loadData(DATA_DIR));
  articles = new Map(
    await Promise.all(dossier.sources.map(async (source) => [source.id, await readFile(join(ARTICLES, source.file), "utf8")] as const)),
  );
});

describe("the Meta dossier's facts and their articles", () => {
  it("has one source per seed article, each a faithful copy of its seed", async () => {
    // No seeds beside the project is a failure, not a pass: the comparison is the point.
    const seeds = (await readdir(SEEDS).catch(() => [] as string[])).filter((name) => name.endsWith(".txt")).sort();
    expect(seeds, `the seed articles in ${SEEDS}`).toHaveLength(5);
    expect(dossier.sources.map((source) => source.file).sort()).toEqual(seeds);
    for (const source of dossier.sources)
      expect(articles.get(source.id), source.file).toBe(await readFile(join(SEEDS, source.file), "utf8"));
  });

  it("has every article contribute facts", () => {
    for (const source of dossier.sources)
      expect(dossier.facts.filter((fact) => fact.sources.some(({ id }) => id === source.id)).length, source.id).toBeGreaterThan(2);
  });

  it("dates only the articles that state their date, and gives a reason for every inferred one", () => {
    const dated = dossier.sources.filter((source) => source.published !== undefined).map((source) => [source.file, source.published]);
    expect(dated).toEqual([
      ["002_de97cb5d2a93d50c.txt", "2026-01-22"],
      ["004_bab072e71f1879b0.txt", "2025-09-01"],
    ]);
    for (const source of dossier.sources) {
      if (source.published !== undefined) expect(articles.get(source.id)).toContain(`date ${source.published}`);
      if (source.inferred !== undefined) expect(source.inferred.reason.en.length).toBeGreaterThan(20);
    }
  });
});
