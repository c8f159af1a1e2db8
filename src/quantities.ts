// The numbers a passage states, read as a fact-checker reads them: "plus de 14 milliards" is
// more than 14 billion, "jusqu'à 100 millions" up to 100 million, "49 %" a share. French and
// English, the languages the dossier's articles and texts are written in.

import { normalise } from "./passages.js";
import type { Amount } from "./schema.js";

export type Bound = Amount["bound"];

export interface Quantity {
  /** In units: 14 billion is 14e9; a share is its percentage. */
  value: number;
  kind: "amount" | "share";
  bound: Bound;
  /** The words as the passage has them, for messages. */
  words: string;
}

const SCALES: [RegExp, number][] = [
  [/^(milliards?|billions?|bn|mds?)\b/, 1e9],
  [/^(millions?|mn)\b/, 1e6],
  [/^(mille|thousands?)\b/, 1e3],
];
const PERCENT = /^(%|pour ?cent\b|per ?cent\b|percent\b)/;

/** Words right before a number that bound it; a determiner and a currency sign may stand between. */
const BOUNDS: [RegExp, Bound][] = [
  [/(plus de|plus d'|au-delà de|more than|over|upwards of|above)$/, "more-than"],
  [/(jusqu'à|jusqu'a|pouvant atteindre|up to|as much as|as high as)$/, "up-to"],
  [/(environ|près de|pres de|quelque|autour de|about|around|nearly|almost|roughly|approximately)$/, "about"],
];
const BETWEEN = /\s*(?:les|la|le|des|de|d'|the)?\s*[$€£]?\s*$/;

/** "14", "1,5", "1.5", "10 000": a number as either language writes it. */
const NUMBER = /(?<![\d.,])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:[.,](\d+))?(?![\d])/g;

function numberValue(whole: string, fraction: string | undefined): number {
  return Number(`${whole.replace(/[ .]/g, "")}${fraction === undefined ? "" : `.${fraction}`}`);
}

function boundBefore(before: string): Bound {
  const lower = before.toLowerCase();
  // "plus de 14": the "de" belongs to the bound; "pouvant atteindre les 100": "les" stands between.
  const leads = [lower.replace(/[\s$€£]+$/, ""), lower.replace(BETWEEN, "")];
  return BOUNDS.find(([pattern]) => leads.some((lead) => pattern.test(lead)))?.[1] ?? "exact";
}

/** Every amount and share a passage states, with the bound its words give it. */
export function quantitiesIn(passage: string): Quantity[] {
  const text = normalise(passage);
  return [...text.matchAll(NUMBER)].map((match) => {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const after = text.slice(end).replace(/^\s+/, "").toLowerCase();
    const number = numberValue(match[1] ?? "0", match[2]);
    const scale = SCALES.find(([pattern]) => pattern.test(after));
    const percent = PERCENT.test(after);
    const unit = scale ? (scale[0].exec(after)?.[0] ?? "") : percent ? (PERCENT.exec(after)?.[0] ?? "") : "";
    return {
      value: number * (scale?.[1] ?? 1),
      kind: percent ? "share" : "amount",
      bound: boundBefore(text.slice(Math.max(0, start - 40), start)),
      words: `${text.slice(Math.max(0, start - 20), start).replace(/^\S*\s/, "")}${match[0]} ${unit}`.trim(),
    } satisfies Quantity;
  });
}

/** The bare numbers a text holds, whatever follows them: 600, 2028, 49, 1 (of "1er"). */
export function numbersIn(text: string): number[] {
  return [...normalise(text).matchAll(NUMBER)].map((match) => numberValue(match[1] ?? "0", match[2]));
}

/** The same number, give or take the rounding of a decimal written in a passage. */
export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1);
}

export const BOUND_WORDS: Record<Bound, string> = {
  exact: "no qualifier",
  "up-to": '"up to" (jusqu\'à)',
  "more-than": '"more than" (plus de)',
  about: '"about" (environ)',
};
