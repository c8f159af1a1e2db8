import type { Browser, Page } from "puppeteer";
import { PrintError, UserError } from "../errors.js";
import { type Metadata, type PrintedDocument, parsePdf, readOutline, stampMetadata } from "../pdf-document.js";
import type { PageFormat } from "../schema.js";

export interface PdfOptions {
  /** A running browser, owned by the caller (tests share one; watch mode keeps one warm). */
  browser: Browser;
  format: PageFormat;
  /** The longest the print may take, in milliseconds. */
  timeout: number;
  metadata: Metadata;
  /** Also return the HTML as printed, with the table of contents filled in. */
  keepHtml?: boolean;
  /** Receives what the page reports: refused requests, console messages, errors. */
  log?: (message: string) => void;
  /** Receives progress for --debug: which browser prints, and when. */
  trace?: (message: string) => void;
  /**
   * The table of contents of the last build, as LaTeX keeps it in its .aux file: when the
   * sections and their pages are unchanged, the first print already shows the right numbers and
   * is the only one. A wrong guess costs nothing but the second print it would have had anyway.
   */
  lastContents?: readonly ContentsEntry[] | undefined;
}

/** A section of the table of contents and the page it starts on. */
export interface ContentsEntry {
  title: string;
  page: number;
}

/** Where the table of contents goes: an empty list the pdf stage fills from the page's headings. */
const CONTENTS = "[data-contents]";
/** The headings the table of contents lists: one per section of the body. */
const HEADINGS = "main section > h2";
/** Wide enough for any page number, so that filling the numbers in cannot move a line. */
const PLACEHOLDER = "000";

/**
 * Lists the sections in the table of contents with placeholder page numbers, and returns their
 * titles; empty when the layout has no table of contents.
 */
function listSections(page: Page): Promise<string[]> {
  return page.evaluate(
    (contents, headings, placeholder) => {
      const list = document.querySelector(contents);
      if (list === null) return [];
      return [...document.querySelectorAll<HTMLHeadingElement>(headings)].map((heading) => {
        const title = (heading.textContent ?? "").replace(/\s+/g, " ").trim();
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = `#${heading.closest("section")?.id ?? ""}`;
        const name = document.createElement("span");
        name.className = "contents__title";
        name.textContent = title;
        const number = document.createElement("span");
        number.className = "contents__page";
        number.textContent = placeholder;
        link.append(name, number);
        item.append(link);
        list.append(item);
        return title;
      });
    },
    CONTENTS,
    HEADINGS,
    PLACEHOLDER,
  );
}

function fillPageNumbers(page: Page, numbers: string[]): Promise<void> {
  return page.evaluate(
    (contents, numbers) => {
      document.querySelectorAll(`${contents} .contents__page`).forEach((cell, index) => {
        cell.textContent = numbers[index] ?? "";
      });
    },
    CONTENTS,
    numbers,
  );
}

/** The page each title landed on, read from the bookmarks Chrome wrote for the headings. */
function pagesOf(document: PrintedDocument, titles: string[]): string[] {
  const outline = readOutline(document);
  let from = 0;
  return titles.map((title) => {
    const index = outline.findIndex((entry, at) => at >= from && entry.title === title);
    if (index < 0) return "";
    from = index + 1;
    return String(outline[index]?.page ?? "");
  });
}

/** Our own deadline and puppeteer's per-command timeout say the same thing to the user. */
function tookTooLong(timeout: number, cause?: unknown): PrintError {
  return new PrintError(`Printing the PDF took longer than ${timeout / 1000} s and was stopped; nothing was written.`, 1, { cause });
}

function deadline(timeout: number): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tookTooLong(timeout)), timeout);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export interface PrintedPdf {
  bytes: Uint8Array;
  pages: number;
  /** The table of contents as printed, for the next build's first guess. */
  contents: ContentsEntry[];
  /** The final HTML, when asked for with keepHtml. */
  html?: string;
}

/** A page set up for printing: no script, no request but embedded data, its messages to the current build's log. */
interface PrintPage {
  page: Page;
  log: (message: string) => void;
}

/**
 * Pages that printed and were kept, by browser. A kept page loads the next dossier in half the
 * time of a new one (Chromium still holds its decoded fonts and images), which is most of what a
 * rebuild in watch mode costs; a page that failed in any way is closed, never kept.
 */
const idlePages = new WeakMap<Browser, Promise<PrintPage>[]>();

function keep(browser: Browser, printPage: Promise<PrintPage>): void {
  idlePages.set(browser, [...(idlePages.get(browser) ?? []), printPage]);
}

async function setUpPage(browser: Browser): Promise<PrintPage> {
  const page = await browser.newPage();
  const printPage: PrintPage = { page, log: () => {} };
  // The HTML embeds its fonts and charts; anything else it asks for is refused, so no data
  // file can make the browser fetch, call home or read local files.
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url().startsWith("data:")) void request.continue();
    else {
      printPage.log(`refused a request from the page: ${request.url()}`);
      void request.abort("blockedbyclient");
    }
  });
  page.on("pageerror", (error) => printPage.log(`page error: ${error instanceof Error ? error.message : String(error)}`));
  page.on("console", (message) => printPage.log(`page console: ${message.text()}`));
  // A page whose renderer crashed between two builds is closed, so that the next build opens another.
  page.on("error", () => void page.close().catch(() => {}));
  await page.setJavaScriptEnabled(false);
  return printPage;
}

/** Opens a page ready to print while the caller does other work: the first print then skips that step. */
export function preparePage(browser: Browser): void {
  const printPage = setUpPage(browser);
  printPage.catch(() => {});
  keep(browser, printPage);
}

async function takePage(browser: Browser): Promise<PrintPage> {
  const kept = await idlePages
    .get(browser)
    ?.pop()
    ?.catch(() => undefined);
  return kept !== undefined && !kept.page.isClosed() ? kept : setUpPage(browser);
}

/** Closes the kept pages: a shared remote browser must not be left holding them. */
export async function releasePages(browser: Browser): Promise<void> {
  const kept = idlePages.get(browser) ?? [];
  idlePages.delete(browser);
  await Promise.all(kept.map((printPage) => printPage.then(({ page }) => page.close()).catch(() => {})));
}

/**
 * Prints the HTML to PDF. Chrome cannot tell where a heading lands (puppeteer #1778), so a
 * document with a table of contents is printed twice: the first print's bookmarks give each
 * heading's page, the second prints them in place of same-width placeholders, and the bookmarks
 * of that second print are checked against the numbers it shows.
 */
export async function printPdf(html: string, options: PdfOptions): Promise<PrintedPdf> {
  const { browser, timeout } = options;
  const limit = deadline(timeout);
  limit.promise.catch(() => {});
  let printPage: PrintPage | undefined;
  let printed = false;
  try {
    options.trace?.(`printing in the browser with pid ${browser.process()?.pid ?? "(remote)"}`);
    printPage = await Promise.race([takePage(browser), limit.promise]);
    printPage.log = options.log ?? (() => {});
    const result = await Promise.race([printOnPage(printPage.page, html, options), limit.promise]);
    printed = true;
    return result;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError") throw tookTooLong(timeout, error);
    if (!browser.connected || name === "TargetCloseError" || name === "ProtocolError") {
      throw new PrintError("The browser stopped while printing (it crashed or was killed); nothing was written. Run the build again.", 1, {
        cause: error,
      });
    }
    throw error;
  } finally {
    limit.cancel();
    if (printPage !== undefined) {
      if (printed) {
        printPage.log = () => {};
        keep(browser, Promise.resolve(printPage));
      } else void printPage.page.close().catch(() => {});
    }
  }
}

/** The last build's page numbers when it listed the very same sections; nothing to go on otherwise. */
function guessFrom(titles: string[], lastContents: readonly ContentsEntry[] | undefined): string[] {
  const same = lastContents?.length === titles.length && lastContents.every((entry, index) => entry.title === titles[index]);
  return same ? lastContents.map((entry) => String(entry.page)) : [];
}

async function printOnPage(
  page: Page,
  html: string,
  { format, timeout, metadata, keepHtml = false, lastContents, trace }: PdfOptions,
): Promise<PrintedPdf> {
  await page.setContent(html, { waitUntil: "load", timeout });

  const print = () => page.pdf({ format, printBackground: true, tagged: true, outline: true, timeout });
  const titles = await listSections(page);
  let shown = guessFrom(titles, lastContents);
  if (shown.length > 0) await fillPageNumbers(page, shown);
  let document = await parsePdf(await print());
  let prints = 1;
  for (let attempt = 0; titles.length > 0 && attempt < 3; attempt++) {
    const landed = pagesOf(document, titles);
    if (landed.join() === shown.join()) break;
    await fillPageNumbers(page, landed);
    shown = landed;
    document = await parsePdf(await print());
    prints++;
  }
  trace?.(`printed ${prints === 1 ? "once" : `${prints} times`} to put the page numbers in the table of contents`);
  const stamped = await stampMetadata(document, metadata);
  const contents = titles.map((title, index) => ({ title, page: Number(shown[index]) }));
  return { ...stamped, contents, ...(keepHtml ? { html: await page.content() } : {}) };
}
