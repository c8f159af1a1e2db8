// The words the templates and charts print that are not facts, per language (templates/labels.yaml),
// checked as the data is: every problem located at its line and column.
import { isMap, isNode, isScalar } from "yaml";
import { z } from "zod";
import { textsIn, type YamlFile } from "../diagnostics/yaml-fields.js";
import { type Problem, TemplateError, UserError } from "../errors.js";
import { type Language, LanguageCode } from "../profile/schema.js";
import { parseYaml } from "../stages/load.js";
import { missingCharacters, notInFonts } from "../typography/glyphs.js";

/** Every word the templates print, in one language; a partial may use any key every language defines. */
export type Labels = Readonly<Record<string, string>>;
const LabelFile = z.record(LanguageCode, z.record(z.string(), z.string()));
/** The labels of every language labels.yaml has, by language code. */
export type LabelSets = Readonly<Record<Language, Labels>>;

/** A label with its {placeholders} filled in; an unknown key is a template bug, named as such. */
export function fillLabel(labels: Labels, key: string, values: Record<string, unknown> = {}): string {
  const template = labels[key];
  if (template === undefined) throw new UserError(`the templates' labels.yaml has no label "${key}"`);
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** Where a field of labels.yaml is: its value, else its key (a field of the wrong kind), else the nearest field around it. */
function labelsProblem({ path, document, lines }: YamlFile, field: readonly PropertyKey[], message: string): Problem {
  const located = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { file: path, line, column: col, message: field.length === 0 ? message : `${field.join(".")}: ${message}` };
  };
  for (let depth = field.length; depth > 0; depth--) {
    const parent = depth === 1 ? document.contents : document.getIn(field.slice(0, depth - 1), true);
    const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === field[depth - 1]) : undefined;
    const node = depth === field.length && isNode(pair?.value) ? pair.value : pair?.key;
    if (isNode(node) && node.range) return located(node.range[0]);
  }
  return located(0);
}

/** Every key in every language, and every label in the dossier's fonts: templates are shared, so every language is checked. */
function checkLabels(parsed: YamlFile, file: z.infer<typeof LabelFile>): void {
  const languages = Object.keys(file);
  const keys = new Set(languages.flatMap((lang) => Object.keys(file[lang] ?? {})));
  const missing = languages.flatMap((lang) =>
    [...keys].filter((key) => !(key in (file[lang] ?? {}))).map((key) => labelsProblem(parsed, [lang, key], "missing in this language")),
  );
  const unprintable = textsIn(parsed).flatMap(({ path, text }) => {
    const characters = missingCharacters(text);
    return characters.length > 0 ? [labelsProblem(parsed, path, notInFonts(characters))] : [];
  });
  const problems = [...missing, ...unprintable];
  if (problems.length > 0) throw new TemplateError(problems);
}

/** labels.yaml, checked as the data is: every problem located at its line and column. */
export function readLabels(path: string, bytes: Uint8Array): LabelSets {
  const labels = parseYaml(path, bytes);
  if ("problems" in labels) throw new TemplateError(labels.problems);
  // An alias that expands too far ("billion laughs").
  if ("problem" in labels.values) throw new TemplateError([labels.values.problem]);
  const checked = LabelFile.safeParse(labels.values.data);
  if (!checked.success) {
    throw new TemplateError(
      checked.error.issues.flatMap((issue) =>
        issue.code === "invalid_key"
          ? [labelsProblem(labels, issue.path, "not a language code: each language's labels go under its code (en, fr)")]
          : [labelsProblem(labels, issue.path, issue.message)],
      ),
    );
  }
  checkLabels(labels, checked.data);
  return checked.data;
}
