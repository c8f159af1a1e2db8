// Reads a dossier folder's dossier.yaml: its shape first (every problem located at its line), then
// what refers to what (sections to charts, topics to sections), then, once the templates are read,
// that every partial and language it names exists.
import { createHash } from "node:crypto";
import { isAbsolute, join, resolve } from "node:path";
import { checkShape, type Path, problemAt, type YamlFile } from "../diagnostics/yaml-fields.js";
import { type Problem, ProfileError, UserError } from "../errors.js";
import type { LabelSets } from "../i18n/labels.js";
import { type InputFolder, PROFILE_FILE, readInputFile, requireFolder, unreadable } from "../input-files.js";
import { parseYaml } from "../stages/load.js";
import { BUILT_IN_SECTIONS, type Profile, ProfileLanguages, profileSchema, type SectionSpec, type Text } from "./schema.js";

/** A dossier folder as read: its settings, where they are, and the folders they name, made absolute. */
export interface DossierFolder {
  dir: string;
  file: YamlFile;
  /** sha256 of dossier.yaml's bytes as read: what the scheduler's quick skip recognises it by. */
  profileDigest: string;
  profile: Profile;
  dataDir: string;
  templatesDir: string;
  outDir: string;
}

/** A section as the engine prints it: built-in sections by name, the dossier's own with their defaults. */
export interface ResolvedSection {
  id: string;
  partial: string;
  /** The dossier's heading; built-in sections take theirs from the labels. */
  title: Text | undefined;
  topics: string[];
  charts: string[];
  /** Where it stands in dossier.yaml, for messages. */
  path: Path;
}

function isBuiltIn(id: string): boolean {
  return (BUILT_IN_SECTIONS as readonly string[]).includes(id);
}

/**
 * What changed since the previous edition is told after the executive summary (or first) unless
 * dossier.yaml places the `changes` section itself; it prints nothing in a first edition.
 */
function withChanges(sections: ResolvedSection[]): ResolvedSection[] {
  if (sections.some((section) => section.id === "changes")) return sections;
  const changes: ResolvedSection = { id: "changes", partial: "changes", title: undefined, topics: [], charts: [], path: ["sections"] };
  const at = sections.findIndex((section) => section.id === "summary") + 1;
  return [...sections.slice(0, at), changes, ...sections.slice(at)];
}

export function resolveSections(profile: Profile): ResolvedSection[] {
  return withChanges(
    profile.sections.map((section: SectionSpec, index) => {
      const spec = typeof section === "string" ? { id: section, charts: [] } : section;
      const builtIn = isBuiltIn(spec.id);
      return {
        id: spec.id,
        partial: spec.partial ?? (builtIn ? spec.id : "topic"),
        title: spec.title,
        topics: spec.topics ?? (builtIn ? [] : [spec.id]),
        charts: spec.charts,
        path: ["sections", index],
      };
    }),
  );
}

/** Each topic with the section that prints it. */
export function topicsOf(profile: Profile): Map<string, string> {
  return new Map(resolveSections(profile).flatMap((section) => section.topics.map((topic) => [topic, section.id] as const)));
}

function crossChecks(file: YamlFile, profile: Profile): Problem[] {
  const problems: Problem[] = [];
  const at = (path: Path, message: string) => problems.push(problemAt(file, path, message));
  const sections = resolveSections(profile);
  const sectionIds = new Map<string, number>();
  const topicOwner = new Map<string, string>();
  // Each id's first chart: a second of the same id is the one in the wrong.
  const chartIds = new Map<string, number>();
  profile.charts.forEach((chart, index) => {
    if (!chartIds.has(chart.id)) chartIds.set(chart.id, index);
  });
  const drawn = new Set<string>();
  sections.forEach((section, index) => {
    const idPath = typeof profile.sections[section.path[1] as number] === "string" ? section.path : [...section.path, "id"];
    if (sectionIds.has(section.id)) at(idPath, `a second section "${section.id}": each section is listed once`);
    if (section.title === undefined && !isBuiltIn(section.id))
      at(section.path, `missing: title (the section's heading, in ${profile.languages.join(", ")})`);
    sectionIds.set(section.id, index);
    section.topics.forEach((topic, at_) => {
      const owner = topicOwner.get(topic);
      if (owner !== undefined) at([...section.path, "topics", at_], `the topic "${topic}" is already printed by the section "${owner}"`);
      else topicOwner.set(topic, section.id);
    });
    section.charts.forEach((chart, at_) => {
      if (!chartIds.has(chart))
        at(
          [...section.path, "charts", at_],
          `unknown chart "${chart}": ${chartIds.size === 0 ? "charts: lists none" : `the charts are ${[...chartIds.keys()].join(", ")}`}`,
        );
      drawn.add(chart);
    });
  });
  profile.charts.forEach((chart, index) => {
    if (chartIds.get(chart.id) !== index) at(["charts", index, "id"], `a second chart "${chart.id}": each chart has its own id`);
    else if (!drawn.has(chart.id))
      at(["charts", index, "id"], `the chart "${chart.id}" is in no section: add it to a section's charts, or remove it`);
  });
  profile.charts.forEach((chart, index) => {
    chart.facts.topics?.forEach((topic, at_) => {
      if (!topicOwner.has(topic))
        at(
          ["charts", index, "facts", "topics", at_],
          `no section prints the topic "${topic}": the topics are ${[...topicOwner.keys()].join(", ")}`,
        );
    });
  });
  profile.delivery?.subscriptions.forEach((entry, index) => {
    if (entry.lang !== undefined && !profile.languages.includes(entry.lang))
      at(
        ["delivery", "subscriptions", index, "lang"],
        `"${entry.lang}" is not one of the dossier's languages (${profile.languages.join(", ")})`,
      );
  });
  for (const list of ["languages", "formats"] as const) {
    const entries: readonly string[] = profile[list];
    entries.forEach((entry, index) => {
      if (entries.indexOf(entry) !== index) at([list, index], `"${entry}" is listed twice`);
    });
  }
  return problems;
}

/**
 * A chart that selects facts by id names facts of the data: a misspelt id would leave the chart
 * without them, or out of the PDF, without a word. Located in dossier.yaml.
 */
export function checkChartSelections({ file, profile }: Pick<DossierFolder, "file" | "profile">, factIds: ReadonlySet<string>): void {
  const problems = profile.charts.flatMap((chart, index) =>
    (chart.facts.ids ?? []).flatMap((id, at) =>
      factIds.has(id) ? [] : [problemAt(file, ["charts", index, "facts", "ids", at], `unknown fact id "${id}": it is not in facts.yaml`)],
    ),
  );
  if (problems.length > 0) throw new ProfileError(problems);
}

/** dossier.yaml's shape and references; pure, so that tests feed it bytes. */
export function parseProfile(path: string, bytes: Uint8Array): { file: YamlFile; profile: Profile } {
  const file = parseYaml(path, bytes);
  if ("problems" in file) throw new ProfileError(file.problems);
  const plain = file.values;
  if ("problem" in plain) throw new ProfileError([plain.problem]);
  // The languages first: every text of the file is checked against them.
  const languages = ProfileLanguages.safeParse(plain.data);
  if (!languages.success) {
    const shape = checkShape(ProfileLanguages, file, plain.data);
    throw new ProfileError(
      shape.problems.length > 0 ? shape.problems : [problemAt(file, ["languages"], "expected a list of language codes")],
    );
  }
  const checked = checkShape(profileSchema(languages.data.languages), file, plain.data);
  if (checked.value === undefined) throw new ProfileError(checked.problems);
  const problems = crossChecks(file, checked.value);
  if (problems.length > 0) throw new ProfileError(problems);
  return { file, profile: checked.value };
}

function within(dir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dir, path);
}

/** The folder's dossier.yaml, checked, with its folders made absolute. */
export async function loadDossierFolder(dir: string, engineTemplates: string): Promise<DossierFolder> {
  const folder: InputFolder = { dir, kind: "dossier" };
  await requireFolder(folder);
  const path = join(dir, PROFILE_FILE);
  let bytes: Uint8Array;
  try {
    bytes = await readInputFile(path, folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new UserError(`${dir} has no ${PROFILE_FILE}, so it is not a dossier folder: npm run init -- ${dir} makes one.`);
    throw new ProfileError([{ file: path, line: 1, column: 1, message: unreadable(error, "file") }]);
  }
  const { file, profile } = parseProfile(path, bytes);
  return {
    dir,
    file,
    profileDigest: createHash("sha256").update(bytes).digest("hex"),
    profile,
    dataDir: within(dir, profile.data),
    templatesDir: profile.templates === undefined ? engineTemplates : within(dir, profile.templates),
    outDir: within(dir, profile.output),
  };
}

/**
 * What dossier.yaml names in the templates: each section's partial, and labels for each language.
 * Checked once the templates are read, and located in dossier.yaml, where the fix goes.
 */
export function checkAgainstTemplates(
  { file, profile }: Pick<DossierFolder, "file" | "profile">,
  templates: { partials: Readonly<Record<string, string>>; labels: LabelSets; dir: string },
): void {
  const problems: Problem[] = [];
  const partials = Object.keys(templates.partials);
  for (const section of resolveSections(profile)) {
    if (partials.includes(section.partial)) continue;
    const listed = section.path.length > 1;
    const path = typeof profile.sections[section.path[1] as number] === "string" || !listed ? section.path : [...section.path, "partial"];
    const hint = listed
      ? ""
      : ` (it tells what changed since the previous edition, after the summary: copy the engine's templates/partials/changes.hbs and its labels changes_* and change_*)`;
    problems.push(
      problemAt(
        file,
        path,
        `no template prints "${section.partial}"${hint}: ${join(templates.dir, "partials")} has ${partials.join(", ")}`,
      ),
    );
  }
  profile.languages.forEach((lang, index) => {
    if (templates.labels[lang] === undefined)
      problems.push(
        problemAt(
          file,
          ["languages", index],
          `${join(templates.dir, "labels.yaml")} has no labels in "${lang}" (it has ${Object.keys(templates.labels).join(", ")}): add them there`,
        ),
      );
  });
  if (problems.length > 0) throw new ProfileError(problems);
}
