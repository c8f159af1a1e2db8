// A YAML file's values, read by js-yaml, a quarter of the time the yaml library takes in a build's
// cold process (~20 against ~70 ms for facts.yaml), where the yaml library's document, whose
// nodes know their line and column, is only needed to point at a problem. Both read YAML 1.2 with
// its core schema, to the same values. Only what both read alike is taken here: a file with a tag,
// an anchor or an alias (which the yaml library counts, against "billion laughs"), a directive or
// more than one document, or one js-yaml refuses for any reason, is left to the yaml library,
// as is every problem (the yaml library's messages and positions are what the user is shown).
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

/** The one document of the text as plain data, when js-yaml reads it as the yaml library would; undefined otherwise. */
export function yamlValues(text: string): { data: unknown } | undefined {
  try {
    const events = parseEvents(text, {});
    if (!events.every(readsAlike)) return undefined;
    const documents = constructFromEvents(events, { source: text });
    return documents.length === 1 ? { data: documents[0] } : undefined;
  } catch {
    return undefined;
  }
}
