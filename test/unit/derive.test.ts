import { describe, expect, it } from "vitest";
import type { Dossier, Fact, Source } from "../../src/schema.js";
import { derive } from "../../src/stages/derive.js";

const text = (en: string) => ({ en, fr: en });
const source = (id: string, published?: string): Source => ({
  id,
  file: `${id}.txt`,
  language: "fr",
  headline: text(id),
  cites: [],
  ...(published ? { published } : {}),
});
const claim = (id: string, sources: string[], extra: Partial<Fact> = {}): Fact =>
  ({
    id,
    kind: "claim",
    topic: "risks",
    status: "stated",
    people: [],
    orgs: [],
    text: text(id),
    sources: sources.map((s) => ({ id: s, excerpt: "x" })),
    ...extra,
  }) as Fact;

const dossier: Dossier = {
  report: { slug: "r", title: text("T"), subtitle: text("S"), author: "a", subject: text("s"), keywords: ["k"], method: text("m") },
  sources: [source("a", "2025-09-01"), source("b"), source("c", "2026-01-22")],
  facts: [
    claim("late", ["c", "a"], { date: "2026-01" }),
    claim("early", ["b"], { date: "2025" }),
    claim("undated", ["a"], { status: "planned" }),
    {
      ...claim("small", ["a"]),
      kind: "figure",
      topic: "money",
      label: text("small"),
      amount: { value: 100, scale: "million", currency: "USD", bound: "up-to" },
      chart: "commitment",
    } as Fact,
    {
      ...claim("big", ["c"]),
      kind: "figure",
      topic: "money",
      label: text("big"),
      amount: { value: 600, scale: "billion", currency: "USD", bound: "exact" },
      chart: "commitment",
    } as Fact,
    { ...claim("stake", ["b"]), kind: "figure", topic: "money", label: text("stake"), share: 49 } as Fact,
  ],
  summary: { points: [{ text: text("p"), facts: ["late", "early"] }], key_figures: ["big"] },
};

describe("derive", () => {
  const view = derive(dossier, { reportDate: "2026-11-22" });

  it("numbers sources in file order and cites them by number", () => {
    expect(view.sources.map((s) => [s.id, s.number])).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
    expect(view.timeline.find((f) => f.id === "late")?.cites).toEqual([1, 3]);
    expect(view.summary.points[0]?.cites).toEqual([1, 2, 3]);
  });

  it("puts dated facts in order, oldest first, and leaves undated ones out", () => {
    expect(view.timeline.map((f) => f.id)).toEqual(["early", "late"]);
    expect(view.totals.undatedFacts).toBe(4);
  });

  it("takes 'facts as of' from the newest date a source states", () => {
    expect(view.factsAsOf).toBe("2026-01-22");
  });

  it("orders figures by amount and charts only those marked for it", () => {
    expect(view.figures.map((f) => f.id)).toEqual(["big", "small", "stake"]);
    expect(view.commitments.map((f) => f.id)).toEqual(["big", "small"]);
    expect(view.outlook.map((f) => f.id)).toEqual(["undated"]);
    expect(view.summary.keyFigures.map((f) => f.id)).toEqual(["big"]);
  });
});
