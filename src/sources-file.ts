// A new entry in a dossier's sources.yaml, written into the file as a person would add it: the
// rest of the file (comments, blank lines, quoting, folded texts) is kept byte for byte, which a
// parse and re-dump would not do.
import { isMap, isSeq, parseDocument, stringify } from "yaml";

/** What `add-source` knows of a new article; its headline and what it cites are the editor's to write. */
export interface NewSource {
  id: string;
  file: string;
  language: string;
  outlet?: string | undefined;
  published?: string | undefined;
}

/** A scalar as YAML writes it in a block: plain where it can be, quoted where it must. */
function scalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function entryLines(source: NewSource, indent: string): string {
  const fields = [
    `id: ${scalar(source.id)}`,
    `file: ${scalar(source.file)}`,
    ...(source.outlet === undefined ? [] : [`outlet: ${scalar(source.outlet)}`]),
    `language: ${scalar(source.language)}`,
    // A date stays a string: unquoted, YAML would read 2026-01-22 as a timestamp.
    ...(source.published === undefined ? [] : [`published: ${JSON.stringify(source.published)}`]),
    "cites: []",
  ];
  const note = `${indent}# Added by add-source: write its headline in each language and what it cites.\n`;
  return `${note}${fields.map((field, index) => `${indent}${index === 0 ? "- " : "  "}${field}\n`).join("")}`;
}

/** A field of each source the file lists, where it is a string, read as the file is (before any check). */
function fieldOfSources(text: string, field: string): string[] {
  const list = parseDocument(text).get("sources", true);
  if (!isSeq(list)) return [];
  return list.items.flatMap((item) => (isMap(item) && typeof item.get(field) === "string" ? [item.get(field) as string] : []));
}

/** The ids of the sources the file lists. */
export function sourceIds(text: string): string[] {
  return fieldOfSources(text, "id");
}

/** The language every source the file lists is in, when they share one. */
export function sharedLanguage(text: string): string | undefined {
  const languages = new Set(fieldOfSources(text, "language"));
  return languages.size === 1 ? [...languages][0] : undefined;
}

/**
 * sources.yaml's text with the source appended to its `sources` list, after the last entry, at
 * the list's indentation and with the blank line the file puts between entries. Undefined when
 * the file has no such list to append to (it is broken: the check says where).
 */
export function withSource(text: string, source: NewSource): string | undefined {
  const document = parseDocument(text);
  const list = document.get("sources", true);
  if (document.errors.length > 0 || !isSeq(list) || list.items.length === 0 || list.range === null || list.range === undefined)
    return undefined;
  const starts = list.items.map((item) => (isMap(item) ? item.range?.[0] : undefined));
  const first = starts[0];
  if (first === undefined) return undefined;
  // The dash of the first entry sets the indentation: "  - id: ..." is indented two spaces.
  const lineStart = text.lastIndexOf("\n", first) + 1;
  const dash = text.slice(lineStart, first).search(/-\s*$/);
  if (dash < 0) return undefined;
  const indent = " ".repeat(dash);
  const second = starts[1];
  const spaced = second === undefined || /\n[ \t]*\n/.test(text.slice(first, second));
  const end = list.range[1];
  const before = text.slice(0, end).replace(/\n*$/, "\n");
  return `${before}${spaced ? "\n" : ""}${entryLines(source, indent)}${text.slice(end)}`;
}
