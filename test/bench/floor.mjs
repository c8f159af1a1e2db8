// @ts-check
// The floor of `npm run bench`: what no build of the dossier can avoid, a Chromium started with
// the project's own binary and flags that loads the final HTML and prints it once. Plain
// JavaScript run by bare Node, so that it pays no TypeScript loader the real command does not.
//
// Usage: node test/bench/floor.mjs FINAL.html OUT.pdf
// Prints one JSON line of its own phases (milliseconds) for the bench to read.
import { readFile, writeFile } from "node:fs/promises";

const started = performance.now();
const [htmlPath, pdfPath] = process.argv.slice(2);
if (htmlPath === undefined || pdfPath === undefined) {
  process.stderr.write("usage: node test/bench/floor.mjs FINAL.html OUT.pdf\n");
  process.exit(2);
}

// From dist/ like the command itself; typed from src/ so that a fresh clone type-checks before dist/ exists.
/** @type {typeof import("../../src/browser.js")} */
const { closeBrowser, findBrowserExecutable, launchOptions } = await import(new URL("../../dist/browser.js", import.meta.url).href);
const { default: puppeteer } = await import("puppeteer");
const html = await readFile(htmlPath, "utf8");
const imported = performance.now();

const browser = await puppeteer.launch(launchOptions(findBrowserExecutable()));
const launched = performance.now();
const page = await browser.newPage();
await page.setContent(html, { waitUntil: "load" });
const loaded = performance.now();
const pdf = await page.pdf({ format: "A4", printBackground: true, tagged: true, outline: true });
const printed = performance.now();
await writeFile(pdfPath, pdf);
// Ended as the build ends its own.
await closeBrowser(browser);
const closed = performance.now();

process.stdout.write(
  `${JSON.stringify({
    import: imported - started,
    launch: launched - imported,
    load: loaded - launched,
    print: printed - loaded,
    close: closed - printed,
    bytes: pdf.byteLength,
  })}\n`,
);
