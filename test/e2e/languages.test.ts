// The whole dossier in both languages, read back as a reader sees it.
import { beforeAll, describe, expect, it } from "vitest";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { folded, internalLinks, outlineTitles, pageCount, pdfInfo, pdfText } from "../support/pdf.js";

const browser = useSharedBrowser();

/** Names that must survive into either language: people, models, data centres, companies, outlets. */
const NAMES = [
  "Mark Zuckerberg",
  "Alexandr Wang",
  "Yann LeCun",
  "Ruben Mayer",
  "Andrew Bosworth",
  "Sam Altman",
  "Daniel Gross",
  "Nat Friedman",
  "Avocado",
  "Mango",
  "Llama 4",
  "Llama 3",
  "Gemini 3",
  "Meta AI",
  "Meta Superintelligence Labs",
  "Hyperion",
  "Prometheus",
  "Scale AI",
  "Perplexity",
  "Thinking Machines",
  "Safe Superintelligence",
  "Anthropic",
  "OpenAI",
  "Google DeepMind",
  "Surge",
  "Mercor",
  "Financial Times",
  "New York Times",
  "Wall Street Journal",
  "The Verge",
  "CNBC",
  "Uncapped",
  "Radio Sisko FM",
];

const EXPECTED: Record<"en" | "fr", { figures: string[]; dates: string[]; sections: string[]; undated: string }> = {
  en: {
    figures: ["$600 billion", "$14 billion", "49%", "$100 million", "$500 million"],
    dates: ["22 January 2026", "1 September 2025"],
    sections: [
      "Executive summary",
      "Key figures",
      "Timeline",
      "Money",
      "Talent",
      "Models and products",
      "Infrastructure",
      "Deals and partnerships",
      "Competitive landscape",
      "Risks and tensions",
      "Outlook",
      "Sources",
      "Method",
    ],
    undated: "Undated",
  },
  fr: {
    figures: ["600 milliards de dollars", "14 milliards de dollars", "49 %", "100 millions de dollars", "500 millions de dollars"],
    dates: ["22 janvier 2026", "1er septembre 2025"],
    sections: [
      "Synthèse",
      "Chiffres clés",
      "Chronologie",
      "Argent",
      "Talents",
      "Modèles et produits",
      "Infrastructures",
      "Accords et partenariats",
      "Paysage concurrentiel",
      "Risques et tensions",
      "Perspectives",
      "Sources",
      "Méthode",
    ],
    undated: "Non daté",
  },
};

describe.each(["en", "fr"] as const)("the %s dossier", (lang) => {
  let pdf: string;
  let text: string;
  beforeAll(async () => {
    const result = await buildWith(browser, { lang });
    pdf = result.path;
    text = folded(pdfText(pdf));
  });

  it("is named for its language", () => {
    expect(pdf).toMatch(lang === "en" ? /meta-ai-strategy-2026-11-22\.pdf$/ : /meta-ai-strategy-2026-11-22\.fr\.pdf$/);
    expect(pdfInfo(pdf).Title).toBe(lang === "en" ? "Meta’s AI strategy" : "La stratégie de Meta dans l’IA");
  });

  it("holds the key figures and the sources' dates in the language's conventions", () => {
    for (const figure of EXPECTED[lang].figures) expect(text).toContain(figure);
    for (const date of EXPECTED[lang].dates) expect(text).toContain(date);
    expect(text).toContain(EXPECTED[lang].undated);
  });

  it("quotes the articles in their own words, translated only in the English edition", () => {
    // Altman's quote, as the article prints it, and its English translation.
    expect(text).toContain("aucun de nos meilleurs éléments");
    expect(text.includes("none of our best people")).toBe(lang === "en");
  });

  it("makes a move's status agree with the move in French", () => {
    if (lang === "fr") {
      expect(text).toMatch(/ARRIVÉE\s+PRÉVUE/);
      expect(text).not.toMatch(/ARRIVÉE\s+(PRÉVU|AFFIRMÉ|RAPPORTÉ)\b(?!E)/);
      expect(text).not.toMatch(/\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b/);
    } else expect(text).toMatch(/ARRIVAL\s+PLANNED/);
  });

  it("names the people, models, data centres, companies and outlets of the articles", () => {
    const missing = NAMES.filter((name) => !text.includes(name));
    expect(missing).toEqual([]);
  });

  it("has every section, each in the outline", () => {
    const titles = outlineTitles(pdf);
    for (const section of EXPECTED[lang].sections) expect(titles).toContain(section);
    expect(pageCount(pdf)).toBeGreaterThan(5);
  });

  it("links every citation marker to its entry in the sources list", () => {
    const links = internalLinks(pdf).filter((link) => link.dest.startsWith("source-"));
    expect(links.length).toBeGreaterThan(100);
    const pages = new Map<number, string>();
    const textOf = (page: number) => pages.get(page) ?? pages.set(page, folded(pdfText(pdf, page))).get(page) ?? "";
    for (const link of links) {
      expect(link.page, link.dest).toBeDefined();
      // The target page holds the numbered entry, e.g. "3. Bosworth at Davos..."
      expect(textOf(link.page ?? 0)).toContain(`${link.dest.slice("source-".length)}. `);
      expect(textOf(link.page ?? 0)).toContain(EXPECTED[lang].sections.at(-2));
    }
  });
});
