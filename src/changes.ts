// What changed between two editions of a dossier. Every build records in its manifest, for each
// fact, what the edition says of it (a hash of its words in the edition's language, its figure,
// status, date and sources); the next edition compares its facts with that record, so a reader
// sees what is new, what was revised and what was withdrawn since the edition they last read.
import { createHash } from "node:crypto";
import { z } from "zod";
import { Amount, type Fact, IsoDate, type Language, Status } from "./schema.js";

/** What a manifest keeps of a fact: enough to tell a change and to print what the fact said. */
export const FactRecord = z.object({
  id: z.string(),
  /** SHA-256 of everything the fact says in the edition's language. */
  hash: z.string(),
  /** Its text in the edition's language, to print it once withdrawn. */
  text: z.string(),
  status: Status,
  date: IsoDate.optional(),
  amount: Amount.optional(),
  share: z.number().optional(),
});
export type FactRecord = z.infer<typeof FactRecord>;

/** The part of a manifest this module reads; older manifests have no facts and compare with nothing. */
export const RecordedEdition = z.object({ reportDate: IsoDate, facts: z.array(FactRecord) });
export type RecordedEdition = z.infer<typeof RecordedEdition>;

/** What a reader is told changed in a fact: figure, status and date are shown before and after. */
export type ChangedField = "figure" | "status" | "date";

export interface UpdatedFact<F> {
  fact: F;
  before: FactRecord;
  /** The fields shown old and new; empty when only the wording or the sources changed. */
  fields: ChangedField[];
}

export interface Changes<F> {
  /** The report date of the edition compared with. */
  since: string;
  added: F[];
  updated: UpdatedFact<F>[];
  withdrawn: FactRecord[];
}

/** A language-keyed text's words in one language; any other value as it is. */
function inLanguage(value: unknown, lang: Language): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value);
  // A text is a record of language codes; a quote ({ original, en }) and an amount are not.
  const isText = entries.length > 0 && entries.every(([key, words]) => /^[a-z]{2,3}$/.test(key) && typeof words === "string");
  return isText ? (value as Record<string, unknown>)[lang] : value;
}

/**
 * Fields that place or label a fact rather than say something (moving a fact changes none of what
 * it says), and those a build works out from the data (the numbers of its sources in the list).
 */
const NOT_SAID = new Set(["id", "topic", "label", "chart", "people", "orgs", "cites", "original"]);

/** A stable serialisation: keys sorted, so the same fact gives the same hash whatever the YAML's order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** Everything a fact says in one language, hashed: an edit to its French words changes only the French edition. */
export function factHash(fact: Fact, lang: Language): string {
  const said = Object.fromEntries(
    Object.entries(fact)
      .filter(([key, value]) => !NOT_SAID.has(key) && value !== undefined)
      .map(([key, value]) => [key, inLanguage(value, lang)]),
  );
  return createHash("sha256").update(canonical(said)).digest("hex");
}

/** The manifest's record of every fact, as an edition in `lang` prints them. */
export function factRecords(facts: readonly Fact[], lang: Language): FactRecord[] {
  return facts.map((fact) => ({
    id: fact.id,
    hash: factHash(fact, lang),
    text: fact.text[lang] ?? "",
    status: fact.status,
    ...(fact.date === undefined ? {} : { date: fact.date }),
    ...(fact.kind === "figure" && fact.amount !== undefined ? { amount: fact.amount } : {}),
    ...(fact.kind === "figure" && fact.share !== undefined ? { share: fact.share } : {}),
  }));
}

function figureOf(record: Pick<FactRecord, "amount" | "share">): string {
  return canonical({ amount: record.amount, share: record.share });
}

/**
 * The facts added, revised and withdrawn since a recorded edition, in the order of the current
 * facts (withdrawn ones in the order they had).
 */
export function compareFacts<F extends Fact>(facts: readonly F[], previous: RecordedEdition, lang: Language): Changes<F> {
  const before = new Map(previous.facts.map((record) => [record.id, record]));
  const now = factRecords(facts, lang);
  const current = new Set(facts.map((fact) => fact.id));
  const added: F[] = [];
  const updated: UpdatedFact<F>[] = [];
  facts.forEach((fact, index) => {
    const old = before.get(fact.id);
    const record = now[index];
    if (record === undefined) return;
    if (old === undefined) added.push(fact);
    else if (old.hash !== record.hash) {
      const fields: ChangedField[] = [];
      if (figureOf(old) !== figureOf(record)) fields.push("figure");
      if (old.status !== record.status) fields.push("status");
      if (old.date !== record.date) fields.push("date");
      updated.push({ fact, before: old, fields });
    }
  });
  const withdrawn = previous.facts.filter((record) => !current.has(record.id));
  return { since: previous.reportDate, added, updated, withdrawn };
}

/**
 * An earlier edition that differs from `records` in every way a change is told (a fact added, one
 * updated in its figure, status and date, one only reworded, one withdrawn), for `npm run check`
 * to fill the templates that tell changes in every branch without a real earlier edition.
 */
export function everyKindOfChange(records: readonly FactRecord[]): RecordedEdition {
  const [, changed, reworded, ...rest] = records;
  const facts: FactRecord[] = [
    ...(changed === undefined
      ? []
      : [
          {
            ...changed,
            hash: "",
            status: changed.status === "stated" ? ("reported" as const) : ("stated" as const),
            date: changed.date === undefined ? "2000" : undefined,
            amount: { value: 1, scale: "one" as const, currency: "USD" as const, bound: "exact" as const },
          },
        ]),
    ...(reworded === undefined ? [] : [{ ...reworded, hash: "" }]),
    ...rest,
    { id: "\u0000withdrawn", hash: "", text: "A withdrawn fact.", status: "stated" },
  ];
  return { reportDate: "2000-01-01", facts };
}
