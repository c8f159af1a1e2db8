// How the data's words are compared with the articles' words: the same text typed with other
// quote marks, apostrophes or spaces is the same text; anything else is not.

/** Curly, angled and straight quotes as one mark each, spaces as one space, no space inside quotes. */
export function normalise(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033]/g, '"')
    .replace(/\u2026/g, "...")
    .replace(/\s+/g, " ")
    .replace(/ ?" ?/g, '"')
    .trim();
}

/** A sentence of an article and where it starts: lines first, then sentences within a line. */
export interface Sentence {
  text: string;
  line: number;
  column: number;
}

const SENTENCE_END = /(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«"“])/g;

/** The article's sentences, each with its line and column, for a person to find it. */
export function sentencesOf(article: string): Sentence[] {
  return article.split("\n").flatMap((line, index) => {
    const found: Sentence[] = [];
    let start = 0;
    for (const match of [...line.matchAll(SENTENCE_END), undefined]) {
      const end = match?.index ?? line.length;
      const raw = line.slice(start, end);
      const text = normalise(raw);
      if (text !== "") found.push({ text, line: index + 1, column: start + raw.search(/\S/) + 1 });
      start = end + (match?.[0].length ?? 0);
    }
    return found;
  });
}

/** Each opening quotation mark and the mark that closes it; a straight quote closes itself. */
const CLOSING: Readonly<Record<string, string>> = { "«": "»", "\u201c": "\u201d", "\u201e": "\u201c", '"': '"' };

/** A passage between quotation marks: where it stands in the text, marks excluded, and its normalised words. */
export interface QuotedRange {
  start: number;
  end: number;
  words: string;
}

/**
 * The passages a text puts between quotation marks, inner quotations too: French nests
 * « ... "..." ... », so the marks are paired as they open and close, not two by two. Offsets are
 * in UTF-16 code units, as String.slice counts.
 */
export function quotedRanges(text: string): QuotedRange[] {
  const ranges: QuotedRange[] = [];
  const open: { mark: string; at: number }[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    const innermost = open.at(-1);
    if (innermost !== undefined && CLOSING[innermost.mark] === char) {
      ranges.push({ start: innermost.at + 1, end: index, words: normalise(text.slice(innermost.at + 1, index)) });
      open.pop();
    } else if (char in CLOSING) open.push({ mark: char, at: index });
  }
  return ranges.filter((range) => range.words !== "");
}

/** The words of every passage a text quotes, normalised. */
export function quotedSpans(text: string): string[] {
  return quotedRanges(text.normalize("NFC")).map((range) => range.words);
}
