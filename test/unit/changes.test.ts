// What an edition tells its readers changed since the one before: each fact's record, and the
// comparison of two editions' facts.
import { describe, expect, it } from "vitest";
import { compareFacts, factHash, factRecords, RecordedEdition } from "../../src/changes.js";
import type { Fact } from "../../src/schema.js";

const claim: Fact = {
  id: "pivot",
  kind: "claim",
  topic: "strategy",
  status: "stated",
  people: [],
  orgs: [],
  text: { en: "Meta turned to AI.", fr: "Meta s'est tournée vers l'IA." },
  sources: [{ id: "a", excerpt: "mis le cap sur l'intelligence artificielle" }],
};
const figure: Fact = {
  id: "stake",
  kind: "figure",
  topic: "money",
  status: "reported",
  date: "2025-06",
  label: { en: "Stake", fr: "Participation" },
  share: 49,
  people: [],
  orgs: [],
  text: { en: "Meta took 49% of Scale AI.", fr: "Meta a pris 49 % de Scale AI." },
  sources: [{ id: "b", excerpt: "49 %" }],
};
const earlier = (facts: readonly Fact[], lang = "en") => ({ reportDate: "2026-11-20", facts: factRecords(facts, lang) });

describe("a fact's hash", () => {
  it("changes with what the fact says in the edition's language, and with nothing else", () => {
    const reordered = Object.fromEntries(Object.entries(claim).reverse()) as Fact;
    expect(factHash(reordered, "en")).toBe(factHash(claim, "en"));
    // Moved to another section, or labelled otherwise: it says the same.
    expect(factHash({ ...claim, topic: "money", people: ["Mark Zuckerberg"] }, "en")).toBe(factHash(claim, "en"));
    const french = { ...claim, text: { ...claim.text, fr: "Meta a mis le cap sur l'IA." } };
    expect(factHash(french, "en")).toBe(factHash(claim, "en"));
    expect(factHash(french, "fr")).not.toBe(factHash(claim, "fr"));
    expect(factHash({ ...claim, status: "reported" }, "en")).not.toBe(factHash(claim, "en"));
    expect(factHash({ ...claim, sources: [{ id: "a", excerpt: "délaissant l'utopie" }] }, "en")).not.toBe(factHash(claim, "en"));
  });
});

describe("comparing with an earlier edition", () => {
  it("lists the facts added, updated (the figure, status and date shown before and now) and withdrawn", () => {
    const added: Fact = { ...claim, id: "new", text: { en: "New.", fr: "Nouveau." } };
    const changed: Fact = { ...figure, share: 51, status: "stated", date: "2025" };
    const changes = compareFacts([added, changed], earlier([claim, figure]), "en");
    expect(changes.since).toBe("2026-11-20");
    expect(changes.added.map((fact) => fact.id)).toEqual(["new"]);
    expect(changes.updated.map(({ fact, before, fields }) => [fact.id, before.share, fields])).toEqual([
      ["stake", 49, ["figure", "status", "date"]],
    ]);
    expect(changes.withdrawn).toEqual([expect.objectContaining({ id: "pivot", text: "Meta turned to AI." })]);
  });

  it("tells a fact reworded or re-sourced as updated with no field to show, and an unchanged dossier as no change", () => {
    const reworded: Fact = { ...claim, text: { ...claim.text, en: "Meta has turned to AI." } };
    expect(compareFacts([reworded, figure], earlier([claim, figure]), "en").updated).toEqual([
      { fact: reworded, before: expect.objectContaining({ id: "pivot" }), fields: [] },
    ]);
    expect(compareFacts([claim, figure], earlier([claim, figure]), "en")).toEqual({
      since: "2026-11-20",
      added: [],
      updated: [],
      withdrawn: [],
    });
    // The French edition of the same reworded fact is unchanged: its words did not change.
    expect(compareFacts([reworded, figure], earlier([claim, figure], "fr"), "fr").updated).toEqual([]);
  });

  it("reads only manifests that record their facts", () => {
    expect(RecordedEdition.safeParse({ reportDate: "2026-11-20", file: "x.pdf" }).success).toBe(false);
    expect(RecordedEdition.safeParse(JSON.parse(JSON.stringify(earlier([claim, figure])))).success).toBe(true);
  });
});
