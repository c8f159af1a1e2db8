// Links in the PDF open web pages and e-mails, or move within the document, and nothing else. A
// template that lets the data's markup through ({{{ }}}) once gave a reader live javascript: and
// file: links; whatever the templates do, those now reach the PDF as plain text.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { folded, internalLinks, pdfText } from "../support/pdf.js";
import { copyOfData, copyOfTemplates } from "../support/project.js";

const browser = useSharedBrowser();

const SAFE = ["https://example.com/source", "HTTP://EXAMPLE.ORG/UP", "mailto:desk@example.com"];
const UNSAFE = [
  "javascript:alert(1)",
  "JaVaScRiPt:alert(2)",
  "file:///etc/passwd",
  "data:text/html,x",
  "ftp://example.com/x",
  "vbscript:msgbox",
];

/** Every value of every object in the PDF, as qpdf reads it (object streams included). */
function pdfObjects(file: string): unknown[] {
  const json = JSON.parse(execFileSync("qpdf", ["--json=2", file], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })) as {
    qpdf: [unknown, Record<string, { value?: unknown; stream?: { dict?: unknown } }>];
  };
  return Object.values(json.qpdf[1]).map((object) => object.value ?? object.stream?.dict);
}

/** Every string and name in a value, however deep (qpdf writes strings as "u:text"). */
function atoms(value: unknown): string[] {
  if (typeof value === "string") return [value.replace(/^u:/, "")];
  if (Array.isArray(value)) return value.flatMap(atoms);
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, entry]) => [key, ...atoms(entry)]);
  return [];
}

describe("links from the data, let through by a template", () => {
  let pdf: string;

  beforeAll(async () => {
    const templates = await copyOfTemplates();
    const fact = join(templates, "partials", "fact.hbs");
    await writeFile(fact, (await readFile(fact, "utf8")).replace("{{t text}}", "{{{t text}}}"));
    const data = await copyOfData();
    const facts = join(data, "facts.yaml");
    const document = parseDocument(await readFile(facts, "utf8"));
    const links = [...SAFE, ...UNSAFE].map((href, index) => `<a href=${href}>link${index}</a>`).join(" ");
    for (const lang of ["en", "fr"]) document.setIn(["facts", 0, "text", lang], `Links: ${links} end.`);
    await writeFile(facts, String(document));
    pdf = (await buildWith(browser, { dataDir: data, templatesDir: templates })).path;
  });

  it("keeps web and e-mail links, and the links within the document", () => {
    const objects = pdfObjects(pdf);
    const uris = objects.flatMap((object) => {
      const action = (object as { "/Subtype"?: string; "/A"?: { "/S"?: string; "/URI"?: string } } | undefined)?.["/A"];
      return action?.["/S"] === "/URI" ? [String(action["/URI"]).replace(/^u:/, "")] : [];
    });
    expect(uris.sort()).toEqual(SAFE.map((uri) => uri.replace("HTTP://EXAMPLE.ORG/UP", "http://example.org/UP")).sort());
    const within = internalLinks(pdf);
    expect(within.length).toBeGreaterThan(0);
    expect(within.filter((link) => link.page === undefined)).toEqual([]);
  });

  it("leaves no other address or action anywhere in the file, and the words of every link in the text", () => {
    const everything = pdfObjects(pdf).flatMap(atoms);
    for (const uri of UNSAFE) expect(everything.filter((atom) => atom.toLowerCase().includes(`${uri.split(":")[0]}:`))).toEqual([]);
    for (const name of ["/Launch", "/JavaScript", "/JS", "/GoToR", "/SubmitForm", "/ImportData", "/AA"])
      expect(everything).not.toContain(name);
    const text = folded(pdfText(pdf));
    for (const index of [...SAFE, ...UNSAFE].keys()) expect(text).toContain(`link${index}`);
  });

  it("describes every link by its words, those that lost their action too (PDF/UA: /Contents)", () => {
    const said = pdfObjects(pdf).flatMap((object) => {
      const annotation = object as { "/Subtype"?: string; "/Contents"?: string } | undefined;
      return annotation?.["/Subtype"] === "/Link" ? [String(annotation["/Contents"] ?? "").replace(/^u:/, "")] : [];
    });
    expect(said.filter((words) => words === "")).toEqual([]);
    for (const index of [...SAFE, ...UNSAFE].keys()) expect(said).toContain(`link${index}`);
  });
});
