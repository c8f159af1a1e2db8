import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Document, LineCounter, parseDocument } from "yaml";
import { DataError, type Problem } from "../errors.js";
import { type DataFileName, DataFiles } from "../schema.js";

/** One parsed YAML file, with what it takes to point back at a line and column. */
export interface DataFile {
  name: DataFileName;
  /** The path as the user would type it, used in every message about this file. */
  path: string;
  document: Document.Parsed;
  lines: LineCounter;
}

export type RawData = Record<DataFileName, DataFile>;

const utf8 = new TextDecoder("utf-8", { fatal: true });

function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  return { line: before.filter((byte) => byte === 0x0a).length + 1, column: offset - lineStart + 1 };
}

/** A truncated multi-byte sequence fails at the byte after it; point at its lead byte instead. */
function startOfSequence(bytes: Uint8Array, failedAt: number): number {
  for (let back = 1; back <= 3 && failedAt - back >= 0; back++) {
    const byte = bytes[failedAt - back] ?? 0;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 0;
    if (length > back) return failedAt - back;
  }
  return failedAt;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // The fatal decoder only says "invalid"; feeding it byte by byte finds where (on the error path only).
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let offset = 0; offset < bytes.length; offset++) {
    try {
      decoder.decode(bytes.subarray(offset, offset + 1), { stream: true });
    } catch {
      return startOfSequence(bytes, offset);
    }
  }
  return bytes.length;
}

async function loadFile(dir: string, name: DataFileName, problems: Problem[]): Promise<DataFile | undefined> {
  const path = join(dir, name);
  const problem = (message: string, line = 1, column = 1) => problems.push({ file: path, line, column, field: "", message });
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem(code === "ENOENT" ? "file not found: every dossier needs it" : `cannot read the file (${code ?? String(error)})`);
    return undefined;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const { line, column } = positionOfByte(bytes, firstInvalidUtf8(bytes));
    problem("the file is not UTF-8 text: save it as UTF-8", line, column);
    return undefined;
  }
  if (text.trim() === "") {
    problem("the file is empty");
    return undefined;
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  for (const error of document.errors) {
    const at = error.linePos?.[0] ?? { line: 1, col: 1 };
    const summary = (error.message.split("\n")[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, "");
    problem(`invalid YAML: ${summary}`, at.line, at.col);
  }
  return document.errors.length > 0 ? undefined : { name, path, document, lines };
}

/** Reads and parses every data file of a dossier; all unreadable files are reported together. */
export async function loadData(dir: string): Promise<RawData> {
  const problems: Problem[] = [];
  const names = Object.keys(DataFiles) as DataFileName[];
  const files = await Promise.all(names.map((name) => loadFile(dir, name, problems)));
  if (problems.length > 0) throw new DataError(problems);
  return Object.fromEntries(files.map((file, index) => [names[index], file])) as RawData;
}
