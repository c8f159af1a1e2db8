// Puppeteer reads this at install time. Its own Chrome download is skipped when a browser is
// already usable (Debian's chromium, a system Chrome, or PUPPETEER_EXECUTABLE_PATH), so the
// install works on machines that cannot reach Google's download host; elsewhere it downloads.
const { findSystemBrowser } = require("./src/setup/system-browser.cjs");

module.exports = {
  skipDownload: Boolean(process.env.PUPPETEER_EXECUTABLE_PATH || findSystemBrowser()),
};
