// Template mistakes found before any data fills them, on each file's syntax tree: syntax errors,
// unknown helpers, missing partials and unknown sections, each with its file and line.
import Handlebars from "handlebars";
import { type Problem, TemplateError } from "../errors.js";
import { BUILTIN_HELPERS, type Call, isHelperCall, isPath, type Node, nodesOf, type Partial, type Program, simpleName } from "./tree.js";

function syntaxProblem(file: string, error: unknown): Problem {
  const exception = error as Handlebars.Exception;
  const message = exception.message ?? String(error);
  if (typeof exception.lineNumber === "number") {
    // "if doesn't match each - 3:4": a closing tag that closes another block.
    const text = message.replace(/ - \d+:\d+$/, "").replace(/^(\S+) doesn't match (\S+)$/, "{{#$1}} is closed by {{/$2}}");
    return { file, line: exception.lineNumber, column: Number(exception.column) + 1, message: `syntax error: ${text}` };
  }
  const parsed = /^Parse error on line (\d+):\n(.*)\n-*\^\n(.*)$/s.exec(message);
  if (parsed === null) return { file, message: `syntax error: ${message.split("\n")[0]}` };
  const [, line, excerpt, expected = ""] = parsed;
  const got = /got '(\w+)'$/.exec(expected)?.[1] ?? "";
  const hint =
    got === "EOF" ? "a block is not closed ({{/if}}, {{/each}}...)" : got === "INVALID" ? "a {{ }} tag is not written right" : expected;
  return { file, line: Number(line), message: `syntax error near "${excerpt}": ${hint}` };
}

export interface TemplateFile {
  path: string;
  source: string;
}

export interface KnownNames {
  helpers: ReadonlySet<string>;
  /** The partials the file may include; none for a file filled without them. */
  partials: ReadonlySet<string>;
  /** The dossier's sections, which `section "id"` names; undefined where any name is accepted. */
  sections?: ReadonlySet<string> | undefined;
}

/** The helper by which a template names a section of the dossier: {{#with (section "money")}}. */
export const SECTION_HELPER = "section";

function namingProblems(file: string, program: Program, known: KnownNames): Problem[] {
  const problems: Problem[] = [];
  const at = (node: Node, message: string) =>
    problems.push({ file, line: node.loc.start.line, column: node.loc.start.column + 1, message });
  for (const node of nodesOf(program)) {
    if (node.type === "MustacheStatement" || node.type === "BlockStatement" || node.type === "SubExpression") {
      const call = node as Call;
      const name = isPath(call.path) ? simpleName(call.path) : undefined;
      if (name !== undefined && isHelperCall(call) && !known.helpers.has(name) && !BUILTIN_HELPERS.has(name))
        at(call, `unknown helper "${name}" (the helpers are ${[...known.helpers].join(", ")})`);
      const named = call.params[0];
      if (name === SECTION_HELPER && known.sections !== undefined && named?.type === "StringLiteral") {
        const id = (named as hbs.AST.StringLiteral).value;
        if (!known.sections.has(id))
          at(named, `unknown section "${id}": the dossier's sections are ${[...known.sections].join(", ")} (dossier.yaml)`);
      }
    } else if (node.type === "PartialStatement" || node.type === "PartialBlockStatement") {
      const partial = node as Partial;
      // {{> (expression)}} and {{> @partial-block}} are named at run time.
      if (isPath(partial.name) && !partial.name.data && !known.partials.has(partial.name.original))
        at(
          partial,
          known.partials.size === 0
            ? `unknown partial "${partial.name.original}": this template is filled without partials`
            : `unknown partial "${partial.name.original}": there is no partials/${partial.name.original}.hbs`,
        );
    }
  }
  return problems;
}

/** Parses every template and names each syntax error, unknown helper and missing partial, with file and line. */
export function checkTemplates(files: readonly TemplateFile[], known: (file: TemplateFile) => KnownNames): void {
  const problems = files.flatMap((file) => {
    try {
      return namingProblems(file.path, Handlebars.parseWithoutProcessing(file.source), known(file));
    } catch (error) {
      return [syntaxProblem(file.path, error)];
    }
  });
  if (problems.length > 0) throw new TemplateError(problems);
}
