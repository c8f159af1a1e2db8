// dossier.yaml: what makes a folder of facts a dossier of its own (its name, languages, paper
// sizes, sections and charts, where it goes and when it is rebuilt). The engine knows no subject;
// everything particular to one dossier is here or in its data.
import { z } from "zod";
import { PAGE_FORMATS } from "../choices.js";

export const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lowercase letters, digits and single hyphens");

/** A language as a two- or three-letter code (ISO 639): en, fr, de. */
export const LanguageCode = z
  .string()
  .regex(/^[a-z]{2,3}$/, "a two- or three-letter language code such as en or fr")
  .describe("a language code such as en or fr");
export type Language = string;

/** Text printed as one line (a title, a label, a name): a line break or a tab would break the line it is printed on. */
export const oneLine = z
  .string()
  .trim()
  .regex(/^[^\t\n\v\f\r\u0085\u2028\u2029]*$/, "must be one line: delete the line break or tab")
  .min(1);

/**
 * A text in every language the dossier is printed in. It may hold other languages too, as
 * translations made ahead of their edition (adding the language to dossier.yaml prints them), but
 * nothing that is not a language: a misspelt field is an error, not a silent loss.
 */
function inLanguages(languages: readonly Language[], words: z.ZodString) {
  return z
    .object(Object.fromEntries(languages.map((lang) => [lang, words])) as Record<Language, z.ZodString>)
    .catchall(words)
    .superRefine((text, context) => {
      for (const key of Object.keys(text))
        if (!languages.includes(key) && !LanguageCode.safeParse(key).success)
          context.addIssue({
            code: "custom",
            path: [key],
            message: `unknown field: a text has one field per language (${languages.join(", ")}), and "${key}" is not a language code`,
          });
    });
}

/** Prose in every language the dossier is printed in. */
export function textIn(languages: readonly Language[]) {
  return inLanguages(languages, z.string().trim().min(1));
}

/** A one-line text in every language of the dossier: a title, a headline, a label. */
export function lineIn(languages: readonly Language[], words: z.ZodString = oneLine) {
  return inLanguages(languages, words);
}

/** A text in each of the dossier's languages, as the templates and charts read it. */
export type Text = Readonly<Record<Language, string>>;

/** The sections the engine's templates fill from the whole dossier rather than from a topic's facts. */
export const BUILT_IN_SECTIONS = ["summary", "changes", "timeline", "outlook", "sources", "method"] as const;

/** The kinds of chart the engine draws; each dossier picks and configures its own. */
export const CHART_TYPES = ["amounts", "shares", "events", "flows"] as const;

/** Which facts a chart draws: every condition given must hold (none given: every fact). */
const Selection = z.strictObject({
  topics: z.array(id).min(1).optional(),
  kinds: z
    .array(z.enum(["claim", "figure", "move", "statement"]))
    .min(1)
    .optional(),
  ids: z.array(id).min(1).optional(),
});
export type Selection = z.infer<typeof Selection>;

function chartSpec(languages: readonly Language[]) {
  const common = {
    id,
    /** Replaces the type's own opening sentence of the caption. */
    caption: lineIn(languages).optional(),
    facts: Selection.default({}),
  };
  return z.discriminatedUnion("type", [
    /** Amounts of money, one mark per figure; one currency per axis. */
    z.strictObject({ ...common, type: z.literal("amounts"), scale: z.enum(["log", "linear"]).default("log") }),
    /** Stakes: each figure's share of a whole, as a divided bar. */
    z.strictObject({ ...common, type: z.literal("shares") }),
    /** Dated facts on a time axis. */
    z.strictObject({ ...common, type: z.literal("events") }),
    /** Moves in and out (arrivals and departures), each in its lane at its date. */
    z.strictObject({ ...common, type: z.literal("flows") }),
  ]);
}

function section(languages: readonly Language[]) {
  return z.union([
    z.enum(BUILT_IN_SECTIONS),
    z.strictObject({
      id,
      /** The heading; required for a section of the dossier's own, a built-in one's comes from the labels. */
      title: lineIn(languages).optional(),
      /** The template in templates/partials/ that prints it (default: the built-in section's own, else topic). */
      partial: id.optional(),
      /** The facts it prints, by their topic (default: a section of the dossier's own prints the topic of its id). */
      topics: z.array(id).optional(),
      /** Charts drawn at its head, by id, in order. */
      charts: z.array(id).default([]),
    }),
  ]);
}

/** A mail's subject: {title} and {date} are filled in; another name in braces is a mistake. */
const subjectTemplate = oneLine.refine(
  (subject) => [...subject.matchAll(/\{(\w*)\}/g)].every(([, name]) => name === "title" || name === "date"),
  {
    message: "a subject fills in {title} and {date} only",
  },
);

/** An e-mail address, as a person writes it in a list of recipients. */
const address = z.email("an e-mail address such as name@example.org");

/**
 * Who receives the dossier by e-mail from the scheduler, and how: one message per subscription,
 * to its recipients, with the PDF of its edition attached.
 */
const subscription = z
  .strictObject({
    to: z.array(address).default([]),
    cc: z.array(address).default([]),
    bcc: z.array(address).default([]),
    /** The edition it receives (default: the dossier's main one). */
    lang: LanguageCode.optional(),
    format: z.enum(PAGE_FORMATS).optional(),
    /** The subject, with {title} and {date} filled in (default: delivery's subject). */
    subject: subjectTemplate.optional(),
    /** changed: only an edition whose facts changed since the one before (and the first); every: each edition built. */
    send: z.enum(["changed", "every"]).default("changed"),
  })
  .refine((entry) => entry.to.length + entry.cc.length + entry.bcc.length > 0, {
    message: "name at least one recipient in to, cc or bcc",
    path: ["to"],
  });

const delivery = z.strictObject({
  /** The sender: an address, or "Name <address>". */
  from: oneLine,
  subject: subjectTemplate.default("{title}, {date}"),
  subscriptions: z.array(subscription).min(1),
});

/** The first pass reads only the languages: every text of the dossier is checked against them. */
export const ProfileLanguages = z.object({ languages: z.array(LanguageCode).min(1, "name at least one language") });

export function profileSchema(languages: readonly Language[]) {
  return z.strictObject({
    /** The file name's stem: NAME-YYYY-MM-DD.pdf, NAME-latest.pdf. */
    name: id,
    /** The editions' languages; the first is the main one, whose files carry no language suffix. */
    languages: z.array(LanguageCode).min(1),
    /** Paper sizes, one edition each; the first carries no suffix. */
    formats: z.array(z.enum(PAGE_FORMATS)).min(1).default(["A4"]),
    /** Where the PDFs go, relative to the dossier's folder. */
    output: z.string().min(1).default("out"),
    /** Folders of the facts and the templates, relative to the dossier's folder (templates: the engine's own when absent). */
    data: z.string().min(1).default("data"),
    templates: z.string().min(1).optional(),
    sections: z.array(section(languages)).min(1),
    charts: z.array(chartSpec(languages)).default([]),
    /** When `npm run schedule` rebuilds it, as a cron expression, in a time zone. */
    schedule: z.strictObject({ cron: z.string().min(1), tz: z.string().min(1).optional() }).optional(),
    /** Who the scheduler sends each new edition to, by e-mail. */
    delivery: delivery.optional(),
  });
}

type ProfileSchema = ReturnType<typeof profileSchema>;
export type Profile = z.infer<ProfileSchema>;
export type ChartSpec = Profile["charts"][number];
export type ChartType = ChartSpec["type"];
export type SectionSpec = Profile["sections"][number];
export type Delivery = NonNullable<Profile["delivery"]>;
export type Subscription = Delivery["subscriptions"][number];
