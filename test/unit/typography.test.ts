import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hyphenatorFor } from "../../src/typography/hyphenate.js";
import { setTypography } from "../../src/typography/page.js";
import { typesetterFor } from "../../src/typography/typeset.js";
import { DATA_DIR, TEMPLATES_DIR } from "../support/project.js";

const NBSP = "\u00a0";
const NNBSP = "\u202f";
const SHY = "\u00ad";
const fr = typesetterFor("fr");
const en = typesetterFor("en");

describe("French typography", () => {
  it("sets a thin no-break space before ; ! ? and inside « », a no-break space before :", () => {
    expect(fr("Selon lui : « c'est fini ». Vraiment ? Oui ; enfin !")).toBe(
      `Selon lui${NBSP}: «${NNBSP}c’est fini${NNBSP}». Vraiment${NNBSP}? Oui${NNBSP}; enfin${NNBSP}!`,
    );
  });

  it("adds the space a text lacks before the marks and inside the guillemets", () => {
    expect(fr("Note: «fini»; vraiment?")).toBe(`Note${NBSP}: «${NNBSP}fini${NNBSP}»${NNBSP}; vraiment${NNBSP}?`);
  });

  it("turns straight quotes into guillemets and straight apostrophes into curly ones", () => {
    expect(fr(`Le mot "chaotique" et l'IA d'OpenAI`)).toBe(`Le mot «${NNBSP}chaotique${NNBSP}» et l’IA d’OpenAI`);
    expect(fr(`Il a dit "c'est « fini »".`)).toBe(`Il a dit «${NNBSP}c’est “fini”${NNBSP}».`);
  });

  it("writes the first day of a month as 1er, and only the first", () => {
    expect(fr("le 1 septembre 2025, le 21 septembre, le 11 mai")).toBe(
      `le 1er${NBSP}septembre 2025, le 21${NBSP}septembre, le 11${NBSP}mai`,
    );
  });

  it("keeps a number with its unit or scale word, and a percentage with its sign", () => {
    expect(fr("14 milliards de dollars, 49 % et 3 GW")).toBe(`14${NBSP}milliards de dollars, 49${NNBSP}% et 3${NBSP}GW`);
  });

  it("sets an incise between spaced hyphens with an en dash bound to the word before", () => {
    expect(fr("Meta - selon lui - recrute")).toBe(`Meta${NBSP}– selon lui${NBSP}– recrute`);
  });

  it("leaves an HTML entity whole, and sets the mark after an ampersand's word", () => {
    expect(fr("a &lt;b&gt; c &amp; d e; f")).toBe(`a &lt;b&gt; c &amp; d e${NNBSP}; f`);
    expect(fr("R&D ? AT&T !")).toBe(`R&D${NNBSP}? AT&T${NNBSP}!`);
  });

  it("leaves URLs alone", () => {
    expect(en("see https://ex.com/a--b...c?x=1&y=2 now")).toBe("see https://ex.com/a--b...c?x=1&y=2 now");
    expect(fr("voir https://ex.com/l-IA?x=1;y=2 : ici")).toBe(`voir https://ex.com/l-IA?x=1;y=2${NBSP}: ici`);
  });

  it("leaves times, addresses and marks that follow one another alone", () => {
    expect(fr("à 10:30, sur https://example.com/?a=1 et quoi?!")).toBe(`à 10:30, sur https://example.com/?a=1 et quoi${NNBSP}?!`);
  });

  it("changes no word and gives the same text when run twice", () => {
    const text = `Selon lui : « c'est fini ». "Vraiment" ? L'IA... le 1 septembre - puis 49 % et 14 milliards.`;
    const once = fr(text);
    expect(fr(once)).toBe(once);
    const words = (value: string) => value.replace(/[^\p{L}\d]+/gu, " ").trim();
    expect(words(once)).toBe(words(text).replace("1 septembre", "1er septembre"));
  });
});

/** Every text of the Meta dossier's data and labels, each with the language it is written in. */
function dossierTexts(): { lang: string; text: string }[] {
  const texts: { lang: string; text: string }[] = [];
  const walk = (value: unknown, lang: string) => {
    if (typeof value === "string") texts.push({ lang, text: value });
    else if (Array.isArray(value)) for (const item of value) walk(item, lang);
    else if (typeof value === "object" && value !== null)
      for (const [key, item] of Object.entries(value)) walk(item, key === "en" || key === "fr" ? key : lang);
  };
  const files = readdirSync(DATA_DIR).filter((name) => name.endsWith(".yaml"));
  for (const name of files) walk(parse(readFileSync(join(DATA_DIR, name), "utf8")), "fr");
  walk(parse(readFileSync(join(TEMPLATES_DIR, "labels.yaml"), "utf8")), "en");
  return texts;
}

describe("typesetting the Meta dossier's every text", () => {
  const texts = dossierTexts();
  const words = (value: string) =>
    value
      .replace(/1er(?=\u00a0)/g, "1")
      .replace(/[^\p{L}\d]+/gu, " ")
      .trim();

  it("gives the same text when run twice: a chart's words are typeset again in the page", () => {
    expect(texts.length).toBeGreaterThan(500);
    for (const { lang, text } of texts) {
      const once = typesetterFor(lang)(text);
      expect(typesetterFor(lang)(once), text).toBe(once);
    }
  });

  it("changes no word", () => {
    for (const { lang, text } of texts) expect(words(typesetterFor(lang)(text)), text).toBe(words(text));
  });
});

describe("English typography", () => {
  it("sets curly double quotes first, single inside, and curly apostrophes", () => {
    expect(en(`He said "it's 'over'" in the '90s`)).toBe("He said “it’s ‘over’” in the ’90s");
  });

  it("keeps $600 billion and 3 GW on one line, but not a year with the word after it", () => {
    expect(en("up to $600 billion in 2025 the 3 GW site")).toBe(`up to $600${NBSP}billion in 2025 the 3${NBSP}GW site`);
  });

  it("sets an ellipsis and a spaced dash", () => {
    expect(en("Meta - and others... ")).toBe(`Meta${NBSP}— and others… `);
  });

  it("leaves a text without letters as it is", () => {
    expect(en("  2025  ")).toBe("  2025  ");
  });
});

describe("hyphenation", () => {
  const hyphenate = (lang: string, text: string) => (hyphenatorFor(lang)?.(text) ?? text).replaceAll(SHY, "-");

  it("adds soft hyphens with each language's patterns", () => {
    expect(hyphenate("fr", "anticonstitutionnellement")).toBe("an-ti-cons-ti-tu-tion-nel-le-ment");
    expect(hyphenate("en", "superintelligence")).toBe("su-per-in-tel-li-gence");
  });

  it("leaves two letters before a break and three after it", () => {
    for (const word of hyphenate("en", "announcement laboratories extremely").split(" ")) {
      const parts = word.split("-");
      expect(parts[0]?.length, word).toBeGreaterThanOrEqual(2);
      expect(parts.at(-1)?.length, word).toBeGreaterThanOrEqual(3);
    }
  });

  it("never breaks an acronym, an address or a number, nor a name in French", () => {
    const text = "OpenAI LeCun https://example.com/laboratories contact@laboratories.com lemonde.fr 2025-2026";
    expect(hyphenate("en", text)).toBe(text);
    expect(hyphenate("fr", "Superintelligence")).toBe("Superintelligence");
    expect(hyphenate("en", "Superintelligence")).toBe("Su-per-in-tel-li-gence");
    expect(hyphenate("en", "extraordinarily:")).toBe("ex-traordin-ar-ily:");
  });

  it("has nothing for a language without patterns", () => {
    expect(hyphenatorFor("xx")).toBeUndefined();
  });
});

describe("the page's typographic pass", () => {
  const page = (body: string, lang = "en-GB") =>
    setTypography(`<!doctype html><html lang="${lang}"><head></head><body>${body}</body></html>`, "en");
  const bodyOf = (html: string) => html.slice(html.indexOf("<body>") + 6, html.indexOf("</body>")).replaceAll(SHY, "-");

  it("sets each text in the language of the element that holds it", () => {
    expect(bodyOf(page(`<p>Meta's "labs"</p><blockquote><p lang="fr">Selon lui : « fini »</p></blockquote>`))).toBe(
      `<p>Meta’s “labs”</p><blockquote><p lang="fr">Selon lui&nbsp;: «${NNBSP}fini${NNBSP}»</p></blockquote>`,
    );
  });

  it("hyphenates prose only, never its headings, figures or captions", () => {
    const html = bodyOf(
      page(
        '<h2>laboratories</h2><p>laboratories</p><div class="x prose">laboratories<figure><figcaption>laboratories</figcaption></figure></div>',
      ),
    );
    expect(html).toBe(
      '<h2>laboratories</h2><p>laboratories</p><div class="x prose">labor-at-or-ies<figure><figcaption>laboratories</figcaption></figure></div>',
    );
  });

  it("marks an article's words quoted in another language in the article's, hyphenated as such", () => {
    const quotations = [{ within: "en", lang: "fr", words: "semble déterminé" }];
    const html = setTypography(
      '<!doctype html><html lang="en-GB"><head></head><body><p class="prose">He "semble déterminé" and "determined"</p><p lang="fr">« semble déterminé »</p></body></html>',
      "en",
      quotations,
    );
    expect(bodyOf(html)).toBe(
      `<p class="prose">He “<span lang="fr" role="generic">semble dé-ter-miné</span>” and “de-term-ined”</p><p lang="fr">«${NNBSP}semble déterminé${NNBSP}»</p>`,
    );
  });

  it("leaves styles and code alone and typesets the text a reader meets in attributes", () => {
    const html = bodyOf(page(`<style>a::after { content: "it's" }</style><code>it's</code><img alt="Meta's chart" src="x.png">`));
    expect(html).toBe(`<style>a::after { content: "it's" }</style><code>it's</code><img alt="Meta’s chart" src="x.png">`);
  });
});
