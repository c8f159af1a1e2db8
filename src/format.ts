// Dates, amounts and shares in each language's conventions, all through Intl: "22 January 2026"
// and "$14 billion" in English, "22 janvier 2026" and "14 milliards de dollars" in French.
import type { Amount, Language } from "./schema.js";

/** The regional conventions each language is printed in; another language takes its own code's defaults. */
const LOCALES: Readonly<Record<Language, string>> = { en: "en-GB", fr: "fr-FR" };
const localeOf = (lang: Language): string => LOCALES[lang] ?? lang;

/**
 * Intl's formatters take long to make (tens of microseconds each, once per page's every date and
 * amount) and hold nothing of what they format: one is kept per locale and options.
 */
function reused<Options, Made>(make: (locale: string, options: Options) => Made): (locale: string, options: Options) => Made {
  const made = new Map<string, Made>();
  return (locale, options) => {
    const key = `${locale} ${JSON.stringify(options)}`;
    const known = made.get(key);
    if (known !== undefined) return known;
    const formatter = make(locale, options);
    made.set(key, formatter);
    return formatter;
  };
}

export const dateFormat = reused((locale, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options));
export const numberFormat = reused((locale, options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options));
export const listFormat = reused((locale, options: Intl.ListFormatOptions) => new Intl.ListFormat(locale, options));
export const pluralRules = reused((locale, options: Intl.PluralRulesOptions) => new Intl.PluralRules(locale, options));

const SCALE_FACTORS: Record<Amount["scale"], number> = { one: 1, thousand: 1e3, million: 1e6, billion: 1e9 };

/** The amount in units of its currency: 14 billion -> 14e9. */
export function amountValue(amount: Amount): number {
  return amount.value * SCALE_FACTORS[amount.scale];
}

/** Formats YYYY, YYYY-MM or YYYY-MM-DD at the precision it has. */
export function formatDate(iso: string, lang: Language): string {
  const [year, month = 1, day = 1] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(year ?? 1970, month - 1, day));
  const precision =
    iso.length === 4
      ? { year: "numeric" }
      : iso.length === 7
        ? { year: "numeric", month: "long" }
        : { year: "numeric", month: "long", day: "numeric" };
  const formatted = dateFormat(localeOf(lang), { ...(precision as Intl.DateTimeFormatOptions), timeZone: "UTC" }).format(date);
  // French writes the first day of a month as an ordinal, "1er septembre"; Intl writes "1 septembre".
  return lang === "fr" && iso.length === 10 && day === 1 ? formatted.replace(/^1(?=\s)/, "1er") : formatted;
}

/** Words around a formatted number, per language: where the currency goes, and how a bound reads. */
interface MoneyWords {
  currency: Record<Amount["currency"], { large: string; small: string }>;
  bound: Record<Amount["bound"], string>;
}
const MONEY_PATTERNS: { en: MoneyWords } & Partial<Record<Language, MoneyWords>> = {
  en: {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: "$" is the dollar sign before the {n} placeholder.
    currency: { USD: { large: "${n}", small: "${n}" }, EUR: { large: "€{n}", small: "€{n}" } },
    bound: { exact: "{x}", "up-to": "up to {x}", "more-than": "more than {x}", about: "about {x}" },
  },
  fr: {
    // French puts "de" after the nouns million and milliard: "14 milliards de dollars", "500 dollars".
    currency: { USD: { large: "{n} de dollars", small: "{n} dollars" }, EUR: { large: "{n} d’euros", small: "{n} euros" } },
    bound: { exact: "{x}", "up-to": "jusqu’à {x}", "more-than": "plus de {x}", about: "environ {x}" },
  },
};

/** "$600 billion", "up to $100 million", "plus de 14 milliards de dollars". */
export function formatMoney(amount: Amount, lang: Language, { withBound = true } = {}): string {
  const value = amountValue(amount);
  const large = value >= 1e6;
  const number = numberFormat(
    localeOf(lang),
    large ? { notation: "compact", compactDisplay: "long", maximumFractionDigits: 1 } : { maximumFractionDigits: 0 },
  ).format(value);
  // The words around amounts are written for English and French; other languages borrow English's.
  const patterns = MONEY_PATTERNS[lang] ?? MONEY_PATTERNS.en;
  const money = patterns.currency[amount.currency][large ? "large" : "small"].replace("{n}", number);
  return withBound ? patterns.bound[amount.bound].replace("{x}", money) : money;
}

/** "49%" or "49 %". */
export function formatShare(percent: number, lang: Language): string {
  return numberFormat(localeOf(lang), { style: "percent", maximumFractionDigits: 1 }).format(percent / 100);
}

/** Steps of a money axis in words a reader knows: "1 Md" or "1B" would be opaque. */
type AxisStep = { size: number; one: string; many: string };
const AXIS_STEPS: { en: AxisStep[] } & Partial<Record<Language, AxisStep[]>> = {
  en: [
    { size: 1e12, one: "tn", many: "tn" },
    { size: 1e9, one: "bn", many: "bn" },
    { size: 1e6, one: "m", many: "m" },
    { size: 1e3, one: "k", many: "k" },
  ],
  // A French "billion" is a thousand milliards, so the largest word is milliard: "1 000 milliards".
  fr: [
    { size: 1e9, one: " milliard", many: " milliards" },
    { size: 1e6, one: " million", many: " millions" },
  ],
};

const CURRENCY_SIGNS: Record<Amount["currency"], string> = { USD: "$", EUR: "€" };

/**
 * A tick of a money axis: "$100m", "$1bn", "€10bn" in English; "100 millions", "1 milliard" in
 * French, where the axis title names the currency: French writes it after the words, and "de
 * dollars" on every tick would be noise.
 */
export function formatAxisMoney(value: number, currency: Amount["currency"], lang: Language): string {
  const step = (AXIS_STEPS[lang] ?? AXIS_STEPS.en).find(({ size }) => value >= size);
  const count = step === undefined ? value : value / step.size;
  const number = numberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format(count);
  const words = step === undefined ? number : `${number}${count < 2 ? step.one : step.many}`;
  return lang === "fr" ? words : `${CURRENCY_SIGNS[currency]}${words}`;
}

/** "a, b and c"; with `or`, "a, b or c". */
export function formatList(items: readonly string[], lang: Language, { or = false } = {}): string {
  return listFormat(localeOf(lang), { type: or ? "disjunction" : "conjunction" }).format(items);
}

export function htmlLang(lang: Language): string {
  return localeOf(lang);
}
