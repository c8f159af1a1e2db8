import { describe, expect, it } from "vitest";
import { formatAxisMoney, formatDate, formatMoney, formatShare } from "../../src/format.js";

const nbsp = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

describe("formatMoney", () => {
  it("writes English amounts with the dollar sign and the scale in words", () => {
    expect(formatMoney({ value: 600, scale: "billion", currency: "USD", bound: "up-to" }, "en")).toBe("up to $600 billion");
    expect(formatMoney({ value: 14, scale: "billion", currency: "USD", bound: "exact" }, "en")).toBe("$14 billion");
    expect(formatMoney({ value: 14, scale: "billion", currency: "USD", bound: "more-than" }, "en")).toBe("more than $14 billion");
  });

  it("writes French amounts with 'de dollars' after million and milliard", () => {
    expect(formatMoney({ value: 14, scale: "billion", currency: "USD", bound: "exact" }, "fr")).toBe("14 milliards de dollars");
    expect(formatMoney({ value: 100, scale: "million", currency: "USD", bound: "up-to" }, "fr")).toBe("jusqu’à 100 millions de dollars");
    expect(nbsp(formatMoney({ value: 500, scale: "one", currency: "EUR", bound: "exact" }, "fr"))).toBe("500 euros");
  });
});

describe("formatAxisMoney", () => {
  it("writes the powers of ten of a money axis in words a reader knows, not '1 Md' or '1B'", () => {
    const ticks = (currency: "USD" | "EUR", lang: "en" | "fr") =>
      [1e5, 1e6, 1e8, 1e9, 1e11, 1e12].map((value) => nbsp(formatAxisMoney(value, currency, lang)));
    expect(ticks("USD", "en")).toEqual(["$100k", "$1m", "$100m", "$1bn", "$100bn", "$1tn"]);
    expect(ticks("EUR", "en")).toEqual(["€100k", "€1m", "€100m", "€1bn", "€100bn", "€1tn"]);
    expect(ticks("USD", "fr")).toEqual(["100 000", "1 million", "100 millions", "1 milliard", "100 milliards", "1 000 milliards"]);
  });
});

describe("formatDate", () => {
  it("keeps the precision the source gives", () => {
    expect(formatDate("2026-01-22", "en")).toBe("22 January 2026");
    expect(formatDate("2026-01-22", "fr")).toBe("22 janvier 2026");
    expect(formatDate("2025-05", "fr")).toBe("mai 2025");
    // The first of a month is an ordinal in French, and only the first.
    expect(nbsp(formatDate("2025-09-01", "fr"))).toBe("1er septembre 2025");
    expect(nbsp(formatDate("2025-09-11", "fr"))).toBe("11 septembre 2025");
    expect(formatDate("2025-09-01", "en")).toBe("1 September 2025");
    expect(formatDate("2025", "en")).toBe("2025");
  });
});

describe("formatShare", () => {
  it("follows each language's spacing", () => {
    expect(formatShare(49, "en")).toBe("49%");
    expect(nbsp(formatShare(49, "fr"))).toBe("49 %");
  });
});
