// @ts-check
// Plain CommonJS with no dependencies: used before node_modules exists (setup),
// by .puppeteerrc.cjs (to skip puppeteer's download) and by the pdf stage.
"use strict";
const { existsSync } = require("node:fs");
const { basename, join } = require("node:path");

/**
 * @returns {string[]} where a system Chrome or Chromium usually lives on this OS; the headless
 * shell first: it starts in a third of the time and holds a third less memory than the full browser.
 */
function systemBrowserCandidates() {
  switch (process.platform) {
    case "darwin":
      return ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "/Applications/Chromium.app/Contents/MacOS/Chromium"];
    case "win32": {
      const roots = [process.env.PROGRAMFILES, process.env["PROGRAMFILES(X86)"], process.env.LOCALAPPDATA];
      return roots.filter((root) => root !== undefined).map((root) => join(root, "Google", "Chrome", "Application", "chrome.exe"));
    }
    default:
      return [
        // The binary itself: Debian's /usr/bin/chromium-headless-shell runs it as a child of a
        // shell, so that signals sent to the browser's pid (a kill, a stop) would miss it.
        "/usr/lib/chromium/chromium-headless-shell",
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome-stable",
        "/usr/bin/google-chrome",
        "/snap/bin/chromium",
      ];
  }
}

/** @returns {string | undefined} the first system browser found, if any */
function findSystemBrowser() {
  return systemBrowserCandidates().find((path) => existsSync(path));
}

/**
 * chrome-headless-shell (puppeteer's download) or chromium-headless-shell (Debian's package).
 * @param {string} executablePath @returns {boolean}
 */
function isHeadlessShell(executablePath) {
  return /headless[-_]shell/i.test(basename(executablePath));
}

module.exports = { systemBrowserCandidates, findSystemBrowser, isHeadlessShell };
