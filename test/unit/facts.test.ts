// The shipped facts against the articles they come from: nothing invented, nothing left out.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Dossier } from "../../src/schema.js";
import { loadData } from "../../src/stages/load.js";
import { validate } from "../../src/stages/validate.js";
import { DATA_DIR, ROOT } from "../support/project.js";

const ARTICLES = join(DATA_DIR, "articles");
const SEEDS = join(ROOT, "..", "shared", "seeds");

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** Lines first, then sentences: the rule data/articles/not-facts.yaml is written against. */
function sentences(article: string): string[] {
  return article
    .split("\n")
    .flatMap((line) => line.split(/(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«"“])/))
    .map(collapse)
    .filter((sentence) => sentence !== "");
}

let dossier: Dossier;
let articles: Map<string, string>;
let notFacts: Record<string, { passage: string; reason: string }[]>;

beforeAll(async () => {
  dossier = validate(await loadData(DATA_DIR));
  articles = new Map(
    await Promise.all(dossier.sources.map(async (source) => [source.id, await readFile(join(ARTICLES, source.file), "utf8")] as const)),
  );
  notFacts = (parse(await readFile(join(ARTICLES, "not-facts.yaml"), "utf8")) as { files: typeof notFacts }).files;
});

describe("the facts and their articles", () => {
  it("has one source per article, each a faithful copy of its seed", async () => {
    expect(dossier.sources.map((source) => source.file).sort()).toEqual(Object.keys(notFacts).sort());
    for (const source of dossier.sources) {
      const seed = join(SEEDS, source.file);
      if (existsSync(seed)) expect(articles.get(source.id), source.file).toBe(await readFile(seed, "utf8"));
    }
  });

  it("has every article contribute facts, and every fact cite an article", () => {
    for (const source of dossier.sources)
      expect(dossier.facts.filter((fact) => fact.sources.some(({ id }) => id === source.id)).length, source.id).toBeGreaterThan(2);
    for (const fact of dossier.facts) expect(fact.sources.length, fact.id).toBeGreaterThan(0);
  });

  it("quotes every excerpt word for word from the article it cites", () => {
    for (const fact of dossier.facts) {
      for (const { id, excerpt } of fact.sources)
        expect(collapse(articles.get(id) ?? ""), `${fact.id} cites ${id}`).toContain(collapse(excerpt));
    }
  });

  it("covers every sentence of every article: a fact's excerpt, or a passage listed as not a fact with its reason", () => {
    for (const source of dossier.sources) {
      const excluded = notFacts[source.file] ?? [];
      for (const { passage, reason } of excluded) {
        expect(collapse(articles.get(source.id) ?? ""), source.file).toContain(collapse(passage));
        expect(reason.length, passage).toBeGreaterThan(10);
      }
      const passages = [
        ...dossier.facts.flatMap((fact) => fact.sources.filter(({ id }) => id === source.id).map(({ excerpt }) => excerpt)),
        ...excluded.map(({ passage }) => passage),
      ].map(collapse);
      const uncovered = sentences(articles.get(source.id) ?? "").filter(
        (sentence) => !passages.some((passage) => sentence.includes(passage) || passage.includes(sentence)),
      );
      expect(uncovered, source.file).toEqual([]);
    }
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
