import type { Browser, Page } from "puppeteer";
import { PrintError, UserError } from "../errors.js";
import { type Metadata, readOutline, stampMetadata } from "../pdf-document.js";
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
async function pagesOf(pdf: Uint8Array, titles: string[]): Promise<string[]> {
  const outline = await readOutline(pdf);
  let from = 0;
  return titles.map((title) => {
    const index = outline.findIndex((entry, at) => at >= from && entry.title === title);
    if (index < 0) return "";
    from = index + 1;
    return String(outline[index]?.page ?? "");
  });
}

function deadline(timeout: number): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PrintError(`Printing the PDF took longer than ${timeout / 1000} s and was stopped; nothing was written.`)),
      timeout,
    );
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export interface PrintedPdf {
  bytes: Uint8Array;
  pages: number;
  /** The final HTML, when asked for with keepHtml. */
  html?: string;
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
  let page: Page | undefined;
  try {
    options.trace?.(`printing in the browser with pid ${browser.process()?.pid ?? "(remote)"}`);
    page = await Promise.race([browser.newPage(), limit.promise]);
    return await Promise.race([printOnPage(page, html, options), limit.promise]);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError")
      throw new PrintError(`Printing the PDF took longer than ${timeout / 1000} s and was stopped; nothing was written.`, 1, {
        cause: error,
      });
    if (!browser.connected || name === "TargetCloseError" || name === "ProtocolError") {
      throw new PrintError("The browser stopped while printing (it crashed or was killed); nothing was written. Run the build again.", 1, {
        cause: error,
      });
    }
    throw error;
  } finally {
    limit.cancel();
    void page?.close().catch(() => {});
  }
}

async function printOnPage(
  page: Page,
  html: string,
  { format, timeout, metadata, keepHtml = false, log = () => {} }: PdfOptions,
): Promise<PrintedPdf> {
  // The HTML embeds its fonts and charts; anything else it asks for is refused, so no data
  // file can make the browser fetch, call home or read local files.
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url().startsWith("data:")) void request.continue();
    else {
      log(`refused a request from the page: ${request.url()}`);
      void request.abort("blockedbyclient");
    }
  });
  page.on("pageerror", (error) => log(`page error: ${error instanceof Error ? error.message : String(error)}`));
  page.on("console", (message) => log(`page console: ${message.text()}`));
  await page.setJavaScriptEnabled(false);
  await page.setContent(html, { waitUntil: "load", timeout });

  const print = () => page.pdf({ format, printBackground: true, tagged: true, outline: true, timeout });
  const titles = await listSections(page);
  let pdf = await print();
  for (let shown: string[] = [], attempt = 0; titles.length > 0 && attempt < 3; attempt++) {
    const landed = await pagesOf(pdf, titles);
    if (landed.join() === shown.join()) break;
    await fillPageNumbers(page, landed);
    shown = landed;
    pdf = await print();
  }
  const stamped = await stampMetadata(pdf, metadata);
  return keepHtml ? { ...stamped, html: await page.content() } : stamped;
}
