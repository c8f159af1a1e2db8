// A YAML file's values, read by js-yaml, a quarter of the time the yaml library takes in a build's
// cold process (~20 against ~70 ms for facts.yaml), where the yaml library's document, whose
// nodes know their line and column, is only needed to point at a problem. Both read YAML 1.2 with
// its core schema, to the same values. Only what both read alike is taken here; anything else is
// left to the yaml library, as is every problem (its messages and positions are what the user
// is shown): a tag, an anchor or an alias (which the yaml library counts, against "billion
// laughs"), a directive, more than one document or a document end marker, and anything js-yaml
// refuses; and where the two are known to differ: a carriage return alone (a line break to
// js-yaml, a character to the yaml library), a byte order mark past the start, a number too large
// for JavaScript (text to js-yaml, Infinity to the yaml library), a key the yaml library reads
// otherwise (a null key, .inf, .nan, a boolean, which js-yaml makes text) or refuses (longer than
// 1024 characters).
import {
  constructFromEvents,
  EVENT_ALIAS,
  EVENT_DOCUMENT,
  EVENT_MAPPING,
  EVENT_SCALAR,
  EVENT_SEQUENCE,
  type Event,
  parseEvents,
} from "js-yaml";

/** Text the two read differently, wherever it stands (in a quoted text too: that file only takes the longer way). */
const READ_OTHERWISE = /\r(?!\n)|\uFEFF|^\.\.\.(?:[ \t]|$)|\d{300}|\d[eE]\+?0*(?:[3-9]\d\d|\d{4})/m;

/** Keys js-yaml makes of what the yaml library reads as null, infinite, not a number or a boolean. */
const KEYS_READ_OTHERWISE = new Set(["", "null", "Infinity", "-Infinity", "NaN", "true", "false"]);
/** Under the yaml library's limit of 1024 characters for a key, whatever its escapes. */
const LONGEST_KEY = 1000;

function readsAlike(event: Event): boolean {
  switch (event.type) {
    case EVENT_DOCUMENT:
      return event.directives.length === 0;
    case EVENT_MAPPING:
    case EVENT_SEQUENCE:
    case EVENT_SCALAR:
      return event.tagStart === -1 && event.anchorStart === -1;
    case EVENT_ALIAS:
      return false;
    default:
      return true;
  }
}

function keysAlike(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysAlike);
  if (typeof value !== "object" || value === null) return true;
  return Object.entries(value).every(([key, item]) => !KEYS_READ_OTHERWISE.has(key) && key.length <= LONGEST_KEY && keysAlike(item));
}

/** The one document of the text as plain data, when js-yaml reads it as the yaml library would; undefined otherwise. */
export function yamlValues(text: string): { data: unknown } | undefined {
  if (READ_OTHERWISE.test(text)) return undefined;
  try {
    const events = parseEvents(text, {});
    if (!events.every(readsAlike)) return undefined;
    const documents = constructFromEvents(events, { source: text });
    return documents.length === 1 && keysAlike(documents[0]) ? { data: documents[0] } : undefined;
  } catch {
    return undefined;
  }
}
