// The shape of the facts in data/. Every TypeScript type of the dossier's content is inferred
// from these schemas, so the YAML a person edits and the code that reads it cannot drift apart.
// The texts are checked against the languages the dossier declares (dossier.yaml), so the
// schemas are made for them.
import { z } from "zod";
import { isRealDate } from "./choices.js";
import { id, type Language, LanguageCode, lineIn, oneLine, type Text, textIn } from "./profile/schema.js";

export { PAGE_FORMATS, type PageFormat } from "./choices.js";
export type { Language, Text };

/** A calendar date as precise as the source allows: YYYY, YYYY-MM or YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "use an ISO date: YYYY, YYYY-MM or YYYY-MM-DD")
  .refine(isRealDate, "no such day in the calendar");

/**
 * How the article puts the claim, never how true it is: the dossier checks nothing itself.
 * stated: the article says it in its own voice; reported: it attributes it to someone ("selon",
 * "d'après", a quote) or hedges it ("aurait", the conditional); planned: announced or expected,
 * not done; rumoured: hearsay; opinion: the journalist's own judgement or analysis.
 */
export const Status = z.enum(["stated", "reported", "planned", "rumoured", "opinion"]);
export type Status = z.infer<typeof Status>;

export const Amount = z.strictObject({
  value: z.number().positive("an amount must be positive"),
  scale: z.enum(["one", "thousand", "million", "billion"]).default("one"),
  currency: z.enum(["USD", "EUR"]),
  /** As the article words it: "jusqu'à" is up-to, "plus de" is more-than, "environ" is about. */
  bound: z.enum(["exact", "up-to", "more-than", "about"]).default("exact"),
});
export type Amount = z.infer<typeof Amount>;

/** A passage of an article that is deliberately not a fact (a caption, a byline, a teaser), and why. */
export const LeftOut = z.strictObject({
  passage: z.string().trim().min(1),
  reason: z.string().trim().min(10, "say why in a few words (at least 10 characters)"),
});
export type LeftOut = z.infer<typeof LeftOut>;

/** The data files of a dossier, in the order their problems are listed. */
export const DATA_FILE_NAMES = ["report.yaml", "sources.yaml", "facts.yaml", "summary.yaml", "articles/not-facts.yaml"] as const;
export type DataFileName = (typeof DATA_FILE_NAMES)[number];
/** Data files a dossier may do without. */
export const OPTIONAL_DATA_FILES: readonly DataFileName[] = ["articles/not-facts.yaml"];

/** One schema per file in data/, for the languages a dossier is printed in. */
export function dataSchemas(languages: readonly Language[]) {
  const Text = textIn(languages);
  const Line = lineIn(languages);
  const Source = z.strictObject({
    id,
    /** The article's file name in data/articles/ (a copy of the seed). */
    file: z.string().regex(/^[\w.-]+\.txt$/, "an article file name such as 000_2ec81d983aa082d8.txt"),
    /** Only where the article itself names where it was published. */
    outlet: oneLine.optional(),
    /** The article's own language, which need not be one the dossier is printed in. */
    language: LanguageCode,
    /** Only where the article states its own date. */
    published: IsoDate.optional(),
    /** A date read from the content, always shown as inferred and with the reason. */
    inferred: z.strictObject({ date: IsoDate, reason: Text }).optional(),
    /**
     * A short description of the article, written for the sources list. Until it is written (a
     * source just added), the list shows the article's opening words and the check says so.
     */
    headline: Line.optional(),
    /** Outlets, podcasts and people the article cites as its own sources. */
    cites: z.array(oneLine).default([]),
  });

  /** A name the same in every language ("Sam Altman"), or words that are not ("the FT", "le FT"). */
  const Attribution = z.union([oneLine, Line]);

  const factBase = {
    id,
    /** Which section prints it: a topic of a section in dossier.yaml. */
    topic: id,
    /** When it happened, as precisely as the article says. */
    date: IsoDate.optional(),
    /**
     * Present when the date is worked out rather than printed ("six months later", counted from the
     * article's own date): how, and from what. An event's date is when it happened, not the period
     * it speaks of.
     */
    date_derived: Text.optional(),
    status: Status,
    /**
     * For a plan: the latest date the article gives for it ("by the end of the year" in an article
     * of September 2025 is 2025). Once a newer source is dated past it, the dossier says no source
     * reports the outcome instead of listing it as still to come.
     */
    due: IsoDate.optional(),
    /** Who the article says makes the claim (Sam Altman, the Financial Times...), printed with it. */
    according_to: Attribution.optional(),
    people: z.array(oneLine).default([]),
    orgs: z.array(oneLine).default([]),
    text: Text,
    /** A few words naming the fact in charts; every dated fact needs one for the timeline chart. */
    label: Line.optional(),
    /** Where the sources disagree or a detail needs a caveat; from the sources only. */
    note: Text.optional(),
    /** Knowledge from outside the sources (a correction, a missing context), printed as the editor's. */
    editor_note: Text.optional(),
    /** The articles that make the claim, each with the passage that says it, word for word. */
    sources: z.array(z.strictObject({ id, excerpt: z.string().trim().min(1) })).min(1, "cite at least one source"),
  };

  const FigureFact = z
    .strictObject({
      ...factBase,
      kind: z.literal("figure"),
      label: Line,
      amount: Amount.optional(),
      /** A stake in a company, in percent. */
      share: z.number().positive().max(100).optional(),
      /** The year a spending figure runs to. */
      horizon: z.number().int().min(2000).max(2100).optional(),
      /**
       * How the money chart shows it. commitment: the subject's own money, in total; pay: what one
       * person may be paid, never drawn on the same scale as totals; context: someone else's money,
       * shown for scale.
       */
      chart: z.enum(["commitment", "pay", "context"]).optional(),
    })
    .refine((fact) => fact.amount !== undefined || fact.share !== undefined, {
      message: "a figure needs an amount or a share",
      path: ["amount"],
    });

  const MoveFact = z.strictObject({
    ...factBase,
    kind: z.literal("move"),
    direction: z.enum(["arrival", "departure"]),
    /** Who moved: a name, or a group when the article names nobody. */
    who: Line,
    role: Line.optional(),
    /** How long they stayed, as the article says it. */
    after: Line.optional(),
  });

  const StatementFact = z.strictObject({
    ...factBase,
    kind: z.literal("statement"),
    speaker: oneLine,
    /**
     * The quote as printed in the article, and its translation into each language of the dossier
     * other than the article's own.
     */
    quote: z.strictObject({ original: z.string().min(1) }).catchall(z.string().min(1)),
  });

  const ClaimFact = z.strictObject({ ...factBase, kind: z.literal("claim") });

  const Fact = z.discriminatedUnion("kind", [ClaimFact, FigureFact, MoveFact, StatementFact]);

  const Report = z.strictObject({
    /** Set large on the cover, which holds about 300 characters of it. */
    title: lineIn(languages, oneLine.max(300, "at most 300 characters: a longer title does not fit on the cover")),
    subtitle: Line,
    author: oneLine,
    subject: Line,
    /** For the PDF's metadata: a word the same in every language ("Llama"), or one per language. */
    keywords: z.array(z.union([oneLine, Line])).min(1),
    method: Text,
  });

  const Summary = z.strictObject({
    points: z.array(z.strictObject({ text: Text, facts: z.array(id).min(1) })),
    /** Facts of kind figure shown in the key-figures panel. */
    key_figures: z.array(id),
  });

  return {
    Text,
    Line,
    Attribution,
    Fact,
    /** One schema per file in data/, keyed by the file's path there. */
    files: {
      "report.yaml": Report,
      "sources.yaml": z.strictObject({ sources: z.array(Source).min(1) }),
      "facts.yaml": z.strictObject({ facts: z.array(Fact).min(1) }),
      "summary.yaml": Summary,
      /** Per article file, the passages no fact cites on purpose; optional when every sentence is cited. */
      "articles/not-facts.yaml": z.strictObject({ files: z.record(z.string(), z.array(LeftOut)) }),
    } satisfies Record<DataFileName, z.ZodType>,
  };
}

type Schemas = ReturnType<typeof dataSchemas>;
export type DataFileSchemas = Schemas["files"];
export type Attribution = z.infer<Schemas["Attribution"]>;
export type Source = z.infer<DataFileSchemas["sources.yaml"]>["sources"][number];
export type Fact = z.infer<Schemas["Fact"]>;
export type FigureFact = Extract<Fact, { kind: "figure" }>;
export type MoveFact = Extract<Fact, { kind: "move" }>;
export type StatementFact = Extract<Fact, { kind: "statement" }>;
export type Report = z.infer<DataFileSchemas["report.yaml"]>;
export type Summary = z.infer<DataFileSchemas["summary.yaml"]>;

export interface Dossier {
  report: Report;
  sources: Source[];
  facts: Fact[];
  summary: Summary;
}
