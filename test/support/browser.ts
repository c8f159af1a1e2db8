import puppeteer, { type Browser } from "puppeteer";
import { afterAll, beforeAll, inject } from "vitest";
import { PagePool } from "../../src/stages/pdf.js";

/** The pages each browser of this test file keeps between builds, as a session keeps them. */
const pools = new WeakMap<Browser, PagePool>();

export function poolOf(browser: Browser): PagePool {
  let pool = pools.get(browser);
  if (pool === undefined) {
    pool = new PagePool(browser);
    pools.set(browser, pool);
  }
  return pool;
}

/** Connects the test file to the Chromium that globalSetup started; closes its pages and disconnects (not closes) after. */
export function useSharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await puppeteer.connect({ browserWSEndpoint: inject("browserWSEndpoint") });
  });
  afterAll(async () => {
    if (browser !== undefined) await pools.get(browser)?.release();
    await browser?.disconnect();
  });
  return () => {
    if (browser === undefined) throw new Error("the shared browser is not connected yet");
    return browser;
  };
}
