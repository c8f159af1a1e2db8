import { beforeAll, describe, expect, it } from "vitest";
import { compareDates } from "../../src/choices.js";
import { amountValue } from "../../src/format.js";
import { parseProfile, resolveSections } from "../../src/profile/load.js";
import type { Selection } from "../../src/profile/schema.js";
import type { Dossier, Fact, FigureFact, Source } from "../../src/schema.js";
import { type Cited, derive, type View } from "../../src/stages/derive.js";
import { DOSSIERS, type Prepared, prepare } from "../support/dossiers.js";

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
  report: { title: text("T"), subtitle: text("S"), author: "a", subject: text("s"), keywords: ["k"], method: text("m") },
  sources: [source("a", "2025-09-01"), { ...source("b"), language: "en" }, source("c", "2026-01-22")],
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

/** A dossier.yaml of the dossier's own: two sections of its own between built-in ones, four charts. */
const { profile } = parseProfile(
  "dossier.yaml",
  Buffer.from(`name: test
languages: [en, fr]
sections:
  - summary
  - id: money
    title: { en: Money, fr: Argent }
    partial: money
    charts: [sizes, stake]
  - id: other
    title: { en: Other, fr: Autres }
    topics: [risks, talent]
    charts: [when, picked]
  - sources
charts:
  - id: sizes
    type: amounts
    facts: { kinds: [figure] }
  - id: stake
    type: shares
    facts: { ids: [stake] }
  - id: when
    type: events
  - id: picked
    type: flows
    facts: { topics: [risks], kinds: [claim] }
`),
);

const ids = (facts: readonly { id: string }[]) => facts.map((fact) => fact.id);

describe("derive", () => {
  const view = derive(dossier, { reportDate: "2026-11-22", sections: resolveSections(profile), charts: profile.charts });

  it("finds the article's words an English text quotes, not its translations nor a text in the article's language", () => {
    const quoting = {
      ...dossier,
      facts: [claim("q", ["a"], { text: { en: 'He "semble déterminé", "determined"', fr: "Il « semble déterminé »" } })],
      summary: { points: [], key_figures: [] },
    };
    const articles = new Map([["a.txt", { text: "Zuckerberg semble  déterminé à mener Meta." }]]);
    const found = derive(quoting, { reportDate: "2026-11-22", sections: [], charts: [], articles }).quotations;
    expect(found).toEqual([{ within: "en", lang: "fr", words: "semble déterminé" }]);
  });

  it("numbers sources in file order and cites them by number", () => {
    expect(view.sources.map((s) => [s.id, s.number])).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
    expect(view.timeline.find((f) => f.id === "late")?.cites).toEqual([1, 3]);
    expect(view.summary.points[0]?.cites).toEqual([1, 2, 3]);
  });

  it("gives each fact the language of its first source, in which a quote's original is printed", () => {
    const original = Object.fromEntries(view.figures.map((fact) => [fact.id, fact.original]));
    expect(original).toEqual({ big: "fr", small: "fr", stake: "en" });
  });

  it("puts dated facts in order, oldest first, and leaves undated ones out", () => {
    expect(ids(view.timeline)).toEqual(["early", "late"]);
    expect(view.totals.undatedFacts).toBe(4);
  });

  it("orders YYYY, YYYY-MM and YYYY-MM-DD dates as localeCompare does: a year before its months, a month before its days", () => {
    const dates = ["2025-11-03", "2024", "2025-01-31", "2025-11", "2025", "2024-12-01", "2025-01", "2025-11-30", "2024-12"];
    const expected = ["2024", "2024-12", "2024-12-01", "2025", "2025-01", "2025-01-31", "2025-11", "2025-11-03", "2025-11-30"];
    expect([...dates].sort(compareDates)).toEqual(expected);
    expect([...dates].sort((a, b) => a.localeCompare(b))).toEqual(expected);
    expect(compareDates("2025-11", "2025-11")).toBe(0);
  });

  it("takes 'facts as of' from the newest date a source states", () => {
    expect(view.factsAsOf).toBe("2026-01-22");
  });

  it("orders figures by amount, shares after amounts", () => {
    expect(ids(view.figures)).toEqual(["big", "small", "stake"]);
    expect(ids(view.outlook)).toEqual(["undated"]);
    expect(ids(view.summary.keyFigures)).toEqual(["big"]);
  });

  it("lists the sections in dossier.yaml's order, each with its partial, title, charts and the facts of its topics", () => {
    expect(view.sections.map(({ id, partial, title, charts }) => ({ id, partial, title, charts }))).toEqual([
      { id: "summary", partial: "summary", title: undefined, charts: [] },
      // What changed since the previous edition follows the summary unless dossier.yaml places it.
      { id: "changes", partial: "changes", title: undefined, charts: [] },
      { id: "money", partial: "money", title: { en: "Money", fr: "Argent" }, charts: ["sizes", "stake"] },
      { id: "other", partial: "topic", title: { en: "Other", fr: "Autres" }, charts: ["when", "picked"] },
      { id: "sources", partial: "sources", title: undefined, charts: [] },
    ]);
    // Facts in the data's order; a section's figures the largest first; built-in sections print no topic.
    expect(view.sections.map((section) => ids(section.facts))).toEqual([
      [],
      [],
      ["small", "big", "stake"],
      ["late", "early", "undated"],
      [],
    ]);
    expect(ids(view.sections[2]?.figures ?? [])).toEqual(["big", "small", "stake"]);
    expect(ids(view.sections[3]?.figures ?? [])).toEqual([]);
  });

  it("gives each chart of dossier.yaml, in its order, the facts its selection picks, in the order its type reads them", () => {
    expect(view.charts.map(({ spec, facts }) => [spec.id, ids(facts)])).toEqual([
      // Amounts and shares: by size, the largest first.
      ["sizes", ["big", "small", "stake"]],
      ["stake", ["stake"]],
      // Events: by date, the undated left out.
      ["when", ["early", "late"]],
      // Flows: in the data's order, of the topic and kind asked.
      ["picked", ["late", "early", "undated"]],
    ]);
    expect(view.charts.map(({ spec }) => spec)).toEqual(profile.charts);
  });

  it("draws no chart and prints no section that dossier.yaml does not list", () => {
    const bare = derive(dossier, { reportDate: "2026-11-22", sections: [], charts: [] });
    expect(bare.sections).toEqual([]);
    expect(bare.charts).toEqual([]);
    // The rest of the view does not depend on them.
    expect(ids(bare.figures)).toEqual(ids(view.figures));
  });
});

/** The facts a chart's selection picks, as dossier.yaml describes it: every condition given holds. */
function picks(selection: Selection, fact: Fact): boolean {
  return (
    (selection.topics === undefined || selection.topics.includes(fact.topic)) &&
    (selection.kinds === undefined || selection.kinds.includes(fact.kind)) &&
    (selection.ids === undefined || selection.ids.includes(fact.id))
  );
}

const size = (fact: Cited<FigureFact>) => (fact.amount === undefined ? -1 : amountValue(fact.amount));

describe.each(DOSSIERS.map((dossier) => [dossier.label, dossier] as const))("derive, on the %s", (_, { dir }) => {
  let prepared: Prepared;
  let view: View;
  beforeAll(async () => {
    prepared = await prepare(dir);
    view = prepared.view;
  });

  it("lists the sections in dossier.yaml's order, with their partials, titles and charts", () => {
    const sections = resolveSections(prepared.folder.profile);
    expect(view.sections.map(({ id, partial, title, charts }) => ({ id, partial, title, charts }))).toEqual(
      sections.map(({ id, partial, title, charts }) => ({ id, partial, title, charts })),
    );
  });

  it("prints every fact in exactly one section, in the data's order", () => {
    const printed = view.sections.flatMap((section) => ids(section.facts));
    expect([...printed].sort()).toEqual(ids(prepared.dossier.facts).sort());
    const order = new Map(prepared.dossier.facts.map((fact, index) => [fact.id, index]));
    for (const section of view.sections) {
      const positions = section.facts.map((fact) => order.get(fact.id) ?? -1);
      expect(positions, section.id).toEqual([...positions].sort((a, b) => a - b));
    }
    // A section of the dossier's own prints facts: an empty one would be a heading over nothing.
    for (const section of view.sections.filter((candidate) => candidate.partial === "topic"))
      expect(section.facts.length, section.id).toBeGreaterThan(0);
  });

  it("orders the figures the largest amount first, shares after, and the timeline the oldest first", () => {
    const sizes = view.figures.map(size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    for (const section of view.sections) {
      expect(ids(section.figures), section.id).toEqual(ids(view.figures.filter((fact) => section.facts.includes(fact))));
    }
    const dates = view.timeline.map((fact) => fact.date ?? "");
    expect(dates).toEqual([...dates].sort());
    expect(view.timeline).toHaveLength(view.totals.facts - view.totals.undatedFacts);
  });

  it("gives each chart of dossier.yaml, in its order, the facts its selection picks in its type's order", () => {
    const { profile } = prepared.folder;
    expect(view.charts.map(({ spec }) => spec)).toEqual(profile.charts);
    // Amounts and shares read the figures by size, events the timeline, flows the data's order.
    const inOrder = { amounts: view.figures, shares: view.figures, events: view.timeline, flows: prepared.dossier.facts };
    for (const { spec, facts } of view.charts) {
      expect(ids(facts), spec.id).toEqual(ids(inOrder[spec.type].filter((fact: Fact) => picks(spec.facts, fact))));
      // The dossier's charts all have something to draw.
      expect(facts.length, spec.id).toBeGreaterThan(0);
    }
    // Every chart a section names is one of them.
    for (const section of view.sections)
      for (const chart of section.charts)
        expect(
          profile.charts.map((spec) => spec.id),
          section.id,
        ).toContain(chart);
  });
});
