// The Meta dossier's articles against the seeds they were copied from. The content checks
// themselves (excerpts, figures, summary, quotations, coverage) run in every build and are tested
// in integrity.test.ts; this file is about this dossier's content only.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { dossierFrame } from "../../src/prepare.js";
import { type DossierFolder, resolveSections } from "../../src/profile/load.js";
import type { Dossier, Fact } from "../../src/schema.js";
import { derive } from "../../src/stages/derive.js";
import { loadData } from "../../src/stages/load.js";
import { validate } from "../../src/stages/validate.js";
import { folderOf, META } from "../support/dossiers.js";
import { DATA_DIR, ROOT } from "../support/project.js";

const ARTICLES = join(DATA_DIR, "articles");
const SEEDS = join(ROOT, "..", "shared", "seeds");

let folder: DossierFolder;
let dossier: Dossier;
let articles: Map<string, string>;

beforeAll(async () => {
  folder = (await folderOf(META.dir)).folder;
  expect(folder.dataDir).toBe(DATA_DIR);
  dossier = validate(await loadData(DATA_DIR), dossierFrame(folder));
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
      if (source.inferred !== undefined) expect(source.inferred.reason.en?.length, source.id).toBeGreaterThan(20);
    }
  });
});

/** The findings of the fact-check (issue "Every statement exactly as strong as its source"), each pinned. */
describe("the Meta dossier after its fact-check", () => {
  const fact = (id: string): Fact => {
    const found = dossier.facts.find((candidate) => candidate.id === id);
    if (found === undefined) throw new Error(`no fact ${id}`);
    return found;
  };
  const figure = (id: string) => {
    const found = fact(id);
    if (found.kind !== "figure") throw new Error(`${id} is not a figure`);
    return found;
  };
  const summary = () => dossier.summary.points.flatMap((point) => [point.text.en, point.text.fr]).join("\n");

  it("draws no recruiting package as a total, and attributes each to who says it", () => {
    for (const id of ["recruiting-packages-100m", "openai-signing-bonuses-100m", "bonuses-100m-openai-google"])
      expect(figure(id).chart, id).toBe("pay");
    expect(fact("recruiting-packages-100m").according_to).toEqual({ en: "the Wall Street Journal", fr: "le Wall Street Journal" });
    expect(fact("openai-signing-bonuses-100m").according_to).toBe("Sam Altman");
    expect(fact("recruiting-packages-100m").text.en).not.toMatch(/Google/);
  });

  it("gives the Scale AI figures only to the articles that state them, with their qualifier", () => {
    expect(figure("scale-ai-investment").amount).toMatchObject({ value: 14, scale: "billion", bound: "more-than" });
    expect(fact("scale-ai-investment").sources.map(({ id }) => id)).toEqual(["superintelligence-pivot"]);
    expect(fact("scale-ai-stake").sources.map(({ id }) => id)).toEqual(["perplexity-talks"]);
    expect(summary()).not.toMatch(/largest single bet|plus gros pari|for a 49% stake|pour une participation/i);
  });

  it("dates Bosworth's remark when he made it, at Davos in January 2026, and says the date is derived", () => {
    expect(fact("bosworth-chaotic-2025").date).toBe("2026-01");
    expect(fact("bosworth-chaotic-2025").date_derived?.en).toMatch(/22 January 2026/);
  });

  it("keeps what Altman and Bosworth said theirs, and the journalists' opinions opinions", () => {
    expect(fact("openai-poaching-unsuccessful").text.en).toMatch(/best/);
    for (const id of ["bets-paying-off", "models-public-launch"]) {
      expect(fact(id).status, id).toBe("reported");
      expect(fact(id).according_to, id).toBe("Andrew Bosworth");
    }
    expect(fact("bets-paying-off").text.en).not.toMatch(/\breturns\b/);
    for (const id of ["talent-war-declaration", "ai-leading-trio", "uncertain-future", "technological-sovereignty"])
      expect(fact(id).status, id).toBe("opinion");
  });

  it("lists the year-end model as a plan whose outcome no source reports, not as outlook", () => {
    const view = derive(dossier, {
      reportDate: "2026-11-23",
      sections: resolveSections(folder.profile),
      charts: folder.profile.charts,
    });
    expect(view.overdue.map(({ id }) => id)).toContain("new-model-by-year-end");
    expect(view.outlook.map(({ id }) => id)).not.toContain("new-model-by-year-end");
  });

  it("dates to the month wherever the articles allow, each derived date with its reason", () => {
    expect(fact("ai-restructuring").date).toBe("2025-07");
    const dated = dossier.facts.filter((candidate) => candidate.date !== undefined);
    const yearOnly = dated.filter((candidate) => candidate.date?.length === 4);
    expect(yearOnly.length).toBeLessThan(dated.length / 2);
    for (const candidate of yearOnly) expect(candidate.date_derived?.en, candidate.id).toMatch(/month/);
  });

  it("hedges the summary as its facts are hedged, and quotes no paraphrase", () => {
    expect(summary()).toMatch(/si l'on en croit Bosworth/i);
    expect(summary()).toMatch(/internally/);
    expect(summary()).toMatch(/n'ont pour l'instant pas/);
    expect(summary()).toMatch(/serait seulement temporaire/);
    expect(summary()).not.toMatch(/["«]\s*plus intelligent|"smarter than humans"/);
  });

  it("prints outside knowledge only as editor's notes", () => {
    expect(fact("safe-superintelligence-founders").editor_note?.en).toMatch(/Sutskever.*Gross.*Levy/);
    expect(fact("trump-political-climate").editor_note?.en).toMatch(/president of the United States since 20 January 2025/);
    expect(
      dossier.facts
        .filter((candidate) => candidate.editor_note !== undefined)
        .map(({ id }) => id)
        .sort(),
    ).toEqual(["safe-superintelligence-founders", "trump-political-climate"]);
  });

  it("does not print a figure's year twice in the money table", () => {
    const spending = figure("ai-spending-600bn");
    expect(spending.label.en).not.toContain(String(spending.horizon));
  });
});
