// The data against its schema and against itself: every id it refers to exists, every topic is
// printed, every quote is translated; then the facts against the articles (integrity.ts).
import {
  checkShape,
  fieldName,
  invisibleProblems,
  isRecord,
  listAt,
  type Path,
  problemAt,
  textAt,
  textsIn,
} from "../diagnostics/yaml-fields.js";
import { DataError, type Problem } from "../errors.js";
import { type Language, LanguageCode } from "../profile/schema.js";
import { DATA_FILE_NAMES, type DataFileName, type Dossier, dataSchemas } from "../schema.js";
import { missingCharacters, notInFonts } from "../typography/glyphs.js";
import { checkEvidence } from "./integrity.js";
import { inReadingOrder, type RawData } from "./load.js";

/** What the data is checked against besides its own files: the dossier's settings. */
export interface DossierFrame {
  /** The languages every text must be in. */
  languages: readonly Language[];
  /** The topics the dossier's sections print, each with the section that prints it. */
  topics: ReadonlyMap<string, string>;
  /** dossier.yaml's path, named in messages that send the person there. */
  profilePath: string;
  /** A sentence of an article that no fact cites nor leaves out is an error, not a warning. */
  strict?: boolean | undefined;
  /** Receives what is not an error: each sentence of an article still to cover, located. */
  warn?: ((problem: Problem) => void) | undefined;
}

class ProblemList {
  readonly items: Problem[];
  constructor(
    private readonly raw: RawData,
    private readonly coverage: Pick<DossierFrame, "strict" | "warn">,
  ) {
    this.items = [...raw.problems];
  }

  /** Work still to do on a dossier being edited (an article not recorded yet): a warning, an error when strict. */
  todo(problem: Problem): void {
    if (this.coverage.strict) this.items.push(problem);
    else this.coverage.warn?.(problem);
  }

  /** The same, at a field of a data file. */
  todoAt(name: DataFileName, path: Path, message: string): void {
    const file = this.raw.files[name];
    if (file !== undefined && !this.has(name, path)) this.todo(problemAt(file, path, message));
  }

  /** Records a problem at a field, or at one of a map's keys when `key` is given. */
  add(name: DataFileName, path: Path, message: string, key?: string): void {
    const file = this.raw.files[name];
    // Only a file that was read has fields to point at.
    if (file !== undefined) this.items.push(problemAt(file, path, message, key));
  }

  private about(name: DataFileName): Problem[] {
    const path = this.raw.files[name]?.path;
    return this.items.filter((problem) => problem.file === path);
  }

  /** True when no entry of the list has a problem with its id (the schema's or a reference's). */
  idsSound(name: DataFileName, list: string): boolean {
    const idField = new RegExp(`^${list}\\[\\d+\\]\\.id$`);
    return !this.about(name).some((problem) => idField.test(problem.field ?? "") || problem.field === list || !problem.field);
  }

  has(name: DataFileName, path: Path): boolean {
    const field = fieldName(path);
    return this.about(name).some((problem) => problem.field === field);
  }

  /** Records a problem unless that field has one already: one mistake, one message. */
  addUnlessKnown(name: DataFileName, path: Path, message: string): void {
    if (!this.has(name, path)) this.add(name, path, message);
  }
}

/** Every entry's id, or undefined when one lacks it: a check against an incomplete list would cry wolf. */
function allIds(entries: unknown[] | undefined): Set<string> | undefined {
  const ids = entries?.map((entry) => textAt(entry, "id"));
  return ids?.every((id) => id !== undefined) ? new Set(ids as string[]) : undefined;
}

/** Files as plain data, before the schema: ids are checked even where the shapes have problems. */
type PlainData = Partial<Record<DataFileName, unknown>>;

function checkIds(sources: unknown[], facts: unknown[], problems: ProblemList): void {
  const firstUse = new Map<string, string>();
  const claimId = (name: DataFileName, path: Path, id: string | undefined) => {
    if (id === undefined) return;
    const earlier = firstUse.get(id);
    if (earlier !== undefined) problems.addUnlessKnown(name, path, `duplicate id "${id}" (first used at ${earlier})`);
    else firstUse.set(id, fieldName(path));
  };
  for (const [index, source] of sources.entries()) claimId("sources.yaml", ["sources", index, "id"], textAt(source, "id"));
  for (const [index, fact] of facts.entries()) claimId("facts.yaml", ["facts", index, "id"], textAt(fact, "id"));
}

function checkCitations(sources: unknown[], facts: unknown[], factsSound: boolean, problems: ProblemList): void {
  const sourceIds = allIds(sources);
  const cited = new Set<string>();
  let citationsComplete = true;
  facts.forEach((fact, index) => {
    const citations = listAt(fact, "sources");
    if (citations === undefined) citationsComplete = false;
    citations?.forEach((citation, at) => {
      const sourceId = textAt(citation, "id");
      if (sourceId === undefined) citationsComplete = false;
      else cited.add(sourceId);
      if (sourceId !== undefined && sourceIds !== undefined && !sourceIds.has(sourceId))
        problems.addUnlessKnown(
          "facts.yaml",
          ["facts", index, "sources", at, "id"],
          `unknown source id "${sourceId}": it is not in sources.yaml`,
        );
    });
  });
  if (!citationsComplete || !factsSound) return;
  sources.forEach((source, index) => {
    const id = textAt(source, "id");
    if (id !== undefined && !cited.has(id))
      problems.todoAt(
        "sources.yaml",
        ["sources", index, "id"],
        `source "${id}" is never cited by a fact: record what it says in facts.yaml`,
      );
  });
}

function checkLabels(facts: unknown[], problems: ProblemList): void {
  facts.forEach((fact, index) => {
    // A figure's label is required by the schema, which says so itself.
    if (isRecord(fact) && fact.kind !== "figure" && fact.date !== undefined && fact.label === undefined)
      problems.addUnlessKnown("facts.yaml", ["facts", index, "date"], "a dated fact needs a label (a few words for the timeline chart)");
  });
}

function checkSummary(summary: unknown, facts: unknown[], problems: ProblemList): void {
  if (allIds(facts) === undefined) return;
  // A kind the schema refused is reported there; "is a figur, not a figure" would say it twice.
  const kindOf = (fact: unknown, index: number) =>
    problems.has("facts.yaml", ["facts", index, "kind"]) ? undefined : textAt(fact, "kind");
  const kinds = new Map(facts.map((fact, index) => [textAt(fact, "id") ?? "", kindOf(fact, index)]));
  listAt(summary, "points")?.forEach((point, index) => {
    listAt(point, "facts")?.forEach((factId, at) => {
      if (typeof factId === "string" && !kinds.has(factId))
        problems.addUnlessKnown("summary.yaml", ["points", index, "facts", at], `unknown fact id "${factId}": it is not in facts.yaml`);
    });
  });
  listAt(summary, "key_figures")?.forEach((factId, at) => {
    if (typeof factId !== "string") return;
    const kind = kinds.get(factId);
    if (!kinds.has(factId))
      problems.addUnlessKnown("summary.yaml", ["key_figures", at], `unknown fact id "${factId}": it is not in facts.yaml`);
    else if (kind !== undefined && kind !== "figure")
      problems.addUnlessKnown("summary.yaml", ["key_figures", at], `"${factId}" is a ${kind}, not a figure`);
  });
}

/**
 * Ids against ids, on whatever parts of the data are readable, so that one run reports them with
 * the other problems. A list is looked up in only when its own ids are sound: a misspelt source
 * id is one problem, not one more for every fact that cites it.
 */
function checkReferences(plain: PlainData, problems: ProblemList): void {
  const sources = listAt(plain["sources.yaml"], "sources");
  const facts = listAt(plain["facts.yaml"], "facts");
  const sound = { sources: problems.idsSound("sources.yaml", "sources"), facts: problems.idsSound("facts.yaml", "facts") };
  checkIds(sources ?? [], facts ?? [], problems);
  if (facts === undefined) return;
  checkLabels(facts, problems);
  if (sources !== undefined && sound.sources) checkCitations(sources, facts, sound.facts, problems);
  if (sound.facts) checkSummary(plain["summary.yaml"], facts, problems);
}

/** A fact's topic is printed by a section of dossier.yaml: a fact no section shows would vanish from the PDF. */
function checkTopics(facts: unknown[], frame: DossierFrame, problems: ProblemList): void {
  const known = frame.topics.size === 0 ? "no section of its own prints any topic" : `use one of ${[...frame.topics.keys()].join(", ")}`;
  facts.forEach((fact, index) => {
    const topic = textAt(fact, "topic");
    if (topic !== undefined && !frame.topics.has(topic))
      problems.addUnlessKnown(
        "facts.yaml",
        ["facts", index, "topic"],
        `no section of ${frame.profilePath} prints the topic "${topic}", so the fact would be missing from the PDF: ${known}, or add it to a section's topics`,
      );
  });
}

/** A quote is printed as the article has it, and translated into every other language of the dossier. */
function checkQuotes(dossier: Dossier, frame: DossierFrame, problems: ProblemList): void {
  const languageOf = new Map(dossier.sources.map((source) => [source.id, source.language]));
  dossier.facts.forEach((fact, index) => {
    if (fact.kind !== "statement") return;
    const original = languageOf.get(fact.sources[0]?.id ?? "");
    const path = ["facts", index, "quote"];
    // Translations made ahead of an edition are kept; what is not a language is a mistake.
    for (const key of Object.keys(fact.quote))
      if (key !== "original" && !LanguageCode.safeParse(key).success)
        problems.add(
          "facts.yaml",
          [...path, key],
          `unknown field: a quote holds its original and one translation per language code (${frame.languages.join(", ")})`,
        );
    for (const lang of frame.languages) {
      const given = fact.quote[lang] !== undefined;
      if (lang !== original && !given)
        problems.add("facts.yaml", path, `missing: the quote's translation into ${lang} (the article is in ${original})`);
      if (lang === original && given)
        problems.add("facts.yaml", [...path, lang], `the article is in ${lang}: the original is printed, so remove this translation`);
    }
  });
}

/**
 * The texts of the data no page prints, which may hold any character: the names a fact is about
 * (people, orgs), the passages it copies from the articles, the keywords (the PDF's metadata only)
 * and the passages left out on purpose. Every other text reaches the page, the author and subject
 * in its head.
 */
const NEVER_PRINTED: Readonly<Partial<Record<DataFileName, RegExp>>> = {
  "report.yaml": /^keywords\b/,
  "facts.yaml": /^facts\[\d+\]\.(people|orgs|sources)\b/,
  "articles/not-facts.yaml": /^/,
};

/** Every printed text holding a character no font of the dossier has: one problem per field, naming each character. */
function checkGlyphs(raw: RawData, problems: ProblemList): void {
  for (const file of Object.values(raw.files))
    for (const { path, text } of textsIn(file)) {
      const missing = missingCharacters(text);
      if (missing.length > 0 && !NEVER_PRINTED[file.name]?.test(fieldName(path)))
        problems.addUnlessKnown(file.name, path, notInFonts(missing));
    }
}

/** Checks every data file against the schema and every id against the others; reports all problems at once. */
export function validate(raw: RawData, frame: DossierFrame): Dossier {
  const problems = new ProblemList(raw, frame);
  const schemas = dataSchemas(frame.languages).files;
  const plain: PlainData = {};
  const shaped: Partial<Record<DataFileName, unknown>> = {};
  for (const name of DATA_FILE_NAMES) {
    const file = raw.files[name];
    if (file === undefined) continue;
    const read = file.values;
    if ("problem" in read) {
      problems.items.push(read.problem);
      continue;
    }
    plain[name] = read.data;
    const checked = checkShape(schemas[name], file, read.data);
    problems.items.push(...checked.problems);
    shaped[name] = checked.value;
  }
  // After the shapes: a character the schema already refused (in an id, say) is not a second problem.
  for (const file of Object.values(raw.files))
    for (const problem of invisibleProblems(file))
      if (!problems.items.some((known) => known.file === problem.file && known.field === problem.field)) problems.items.push(problem);
  checkGlyphs(raw, problems);
  checkReferences(plain, problems);
  const facts = listAt(plain["facts.yaml"], "facts");
  if (facts !== undefined) checkTopics(facts, frame, problems);
  const report = shaped["report.yaml"] as Dossier["report"] | undefined;
  const sources = shaped["sources.yaml"] as { sources: Dossier["sources"] } | undefined;
  const factList = shaped["facts.yaml"] as { facts: Dossier["facts"] } | undefined;
  const summary = shaped["summary.yaml"] as Dossier["summary"] | undefined;
  const leftOut = (shaped["articles/not-facts.yaml"] ?? (raw.files["articles/not-facts.yaml"] ? undefined : { files: {} })) as
    | { files: Record<string, { passage: string; reason: string }[]> }
    | undefined;
  if (!(report && sources && factList && summary && leftOut && problems.items.length === 0))
    throw new DataError(inReadingOrder(problems.items));
  const dossier = { report, sources: sources.sources, facts: factList.facts, summary };
  sources.sources.forEach((source, index) => {
    if (source.headline === undefined)
      problems.todoAt(
        "sources.yaml",
        ["sources", index],
        `no headline yet: write one in ${frame.languages.join(", ")} (the sources list shows the article's opening words until then)`,
      );
  });
  checkQuotes(dossier, frame, problems);
  // What the facts say against what the articles say, once the facts are sound enough to read.
  checkEvidence(
    { dossier, articles: raw.articles, leftOut: leftOut.files, languages: frame.languages },
    {
      field: (name, path, message) => problems.add(name, path, message),
      article: (article, line, column, message) => problems.items.push({ file: article.path, line, column, field: "", message }),
      uncovered: (article, line, column, message) => problems.todo({ file: article.path, line, column, field: "", message }),
    },
  );
  if (problems.items.length > 0) throw new DataError(inReadingOrder(problems.items));
  return dossier;
}
