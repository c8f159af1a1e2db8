// Printed text and the data it came from, compared for their words: the typographic pass sets
// spaces, quotes, dashes and hyphenation points (its own tests check them), so tests about what a
// page says compare both sides with the typography taken out.

const ENTITIES: Readonly<Record<string, string>> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&nbsp;": " " };

/** The words of a text, whatever its typography: plain spaces, straight quotes, no soft hyphens or hyphenation breaks. */
export function plain(text: string): string {
  return (
    text
      .replace(/&(?:amp|lt|gt|quot|nbsp|#x27);/g, (entity) => ENTITIES[entity] ?? entity)
      .replace(/\u00ad/g, "")
      // A word hyphenated at a line's end (Chromium draws U+2010 where a soft hyphen breaks) is whole again.
      .replace(/\u2010[^\S\n]*\n\s*/g, "")
      .replace(/[\u00a0\u202f\u2009]/g, " ")
      .replace(/[‘’]/g, "'")
      .replace(/[“”]/g, '"')
      .replace(/…/g, "...")
      .replace(/ [–—] /g, " - ")
      .replace(/1er /g, "1 ")
      .replace(/\s+([;:!?»%])/g, "$1")
      .replace(/«\s+/g, "«")
  );
}
