// @ts-check
// Runs before `npm run report`, `npm test` and `npm run bench`, and is `npm run build`, with
// nothing but Node: it makes a fresh clone usable (system packages, node_modules, compiled dist/)
// and costs a few stat calls once everything is in place. Like Playwright's `install --with-deps`,
// it installs Debian packages itself when it runs as root with apt-get, says what it installs, and
// otherwise stops with the exact command to run.
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// CommonJS required, not imported: Node's ES module loader reads a CommonJS file once more to
// find its exports, a few milliseconds the scheduled skip (a cron run) pays on every day.
const require = createRequire(import.meta.url);
/** @type {typeof import("./system-browser.cjs")} */
const systemBrowser = require("./system-browser.cjs");

/** Node's child_process, loaded when a command is to be run: a set-up that finds everything in place runs none. */
const childProcess = () => /** @type {typeof import("node:child_process")} */ (require("node:child_process"));

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Debian packages node-canvas builds against when its prebuilt binary cannot be fetched. */
const CANVAS_BUILD_PACKAGES = [
  "build-essential",
  "pkg-config",
  "libcairo2-dev",
  "libpango1.0-dev",
  "libjpeg-dev",
  "libgif-dev",
  "librsvg2-dev",
  "libpixman-1-dev",
];
/** PDF read-back tools the end-to-end tests use, by the command each package provides. */
const TEST_TOOLS = {
  pdftotext: "poppler-utils",
  pdfinfo: "poppler-utils",
  pdffonts: "poppler-utils",
  pdftoppm: "poppler-utils",
  qpdf: "qpdf",
  mutool: "mupdf-tools",
};
/** Read-back libraries the tests use that provide no command: pikepdf reads the structure tree, run as /usr/bin/python3. */
const TEST_LIBRARIES = ["python3-pikepdf"];

const HEADLESS_SHELL = "chromium-headless-shell";

class SetupError extends Error {}

/** @param {string} message */
function say(message) {
  process.stderr.write(`setup: ${message}\n`);
}

/** @param {string} path */
function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** @param {string} command */
function onPath(command) {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, command)));
}

/** @param {string} command @param {string[]} args @param {Record<string, string>} [env] */
function run(command, args, env) {
  const result = childProcess().spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

function canUseApt() {
  return process.platform === "linux" && onPath("apt-get") && typeof process.getuid === "function" && process.getuid() === 0;
}

/** @param {string[]} packages */
function missingDebianPackages(packages) {
  if (!onPath("dpkg-query")) return packages;
  return packages.filter((name) => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax.
    const result = childProcess().spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
    return !(result.status === 0 && result.stdout.includes("install ok installed"));
  });
}

/**
 * Installs Debian packages when root with apt-get; otherwise fails with the command to run.
 * @param {string[]} packages @param {string} why
 */
function aptInstall(packages, why) {
  const command = `apt-get install -y --no-install-recommends ${packages.join(" ")}`;
  if (!canUseApt()) {
    throw new SetupError(`${why} needs system packages. Install them, then run this again:\n  sudo apt-get update && sudo ${command}`);
  }
  say(`${why}: installing ${packages.join(", ")} with apt-get`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if (!run("apt-get", ["update", "-qq"], env) || !run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], env)) {
    throw new SetupError(`apt-get could not install ${packages.join(" ")}. Try by hand:\n  apt-get update && ${command}`);
  }
}

/** @param {string} name @returns {boolean} whether apt's package lists know the package */
function aptKnows(name) {
  return childProcess().spawnSync("apt-cache", ["show", name], { stdio: "ignore" }).status === 0;
}

/**
 * The headless shell prints the same PDF as the full browser, starting three times faster with
 * a third less memory; Debian packages it apart (bookworm and later). Where apt has no such
 * package, the full Chromium; without apt (macOS, Windows, non-root), puppeteer's own download
 * during npm install provides both.
 */
function ensureBrowser() {
  if (process.env.PUPPETEER_EXECUTABLE_PATH) return;
  const found = systemBrowser.findSystemBrowser();
  if ((found !== undefined && systemBrowser.isHeadlessShell(found)) || !canUseApt()) return;
  if (aptKnows(HEADLESS_SHELL)) aptInstall([HEADLESS_SHELL], "Printing the PDF");
  else if (found === undefined) {
    try {
      aptInstall([HEADLESS_SHELL], "Printing the PDF");
    } catch {
      aptInstall(["chromium"], "Printing the PDF");
    }
  }
}

const canvasBinary = join(root, "node_modules", "canvas", "build", "Release", "canvas.node");

function ensureCanvasBuildLibraries() {
  if (existsSync(canvasBinary) || process.platform !== "linux" || !onPath("apt-get")) return;
  const missing = missingDebianPackages(CANVAS_BUILD_PACKAGES);
  // Not root: node-canvas may still fetch its prebuilt binary, so only a failed install is fatal.
  if (missing.length > 0 && canUseApt()) aptInstall(missing, "Drawing the charts (node-canvas)");
}

function ensureNodeModules() {
  const lock = join(root, "package-lock.json");
  const installed = join(root, "node_modules", ".package-lock.json");
  const stale = mtime(installed) < Math.max(mtime(lock), mtime(join(root, "package.json")));
  if (!stale && existsSync(canvasBinary)) return;
  const useCi = existsSync(lock);
  say(`installing npm packages (npm ${useCi ? "ci" : "install"})`);
  if (!run("npm", [useCi ? "ci" : "install", "--no-audit", "--no-fund"])) {
    throw new SetupError(
      `npm could not install the packages (its messages are above). If node-canvas failed to build, install its libraries:\n  sudo apt-get install -y ${CANVAS_BUILD_PACKAGES.join(" ")}\n(macOS: brew install pkg-config cairo pango libpng jpeg giflib librsvg), then run this again.`,
    );
  }
}

/** @param {string} dir @returns {number} the newest modification time of any file below dir */
function newestIn(dir) {
  let newest = mtime(dir);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : mtime(path));
  }
  return newest;
}

/** @param {boolean} always build even when dist/ is newer than its sources (`npm run build`) */
function ensureBuild(always) {
  const stamp = join(root, "dist", ".built");
  // The bundles hold the installed packages too: a new install makes them anew.
  const sources = Math.max(
    newestIn(join(root, "src")),
    mtime(join(root, "tsconfig.json")),
    mtime(join(root, "node_modules", ".package-lock.json")),
  );
  if (!always && mtime(stamp) >= sources) return;
  say("compiling TypeScript (src/ -> dist/), bundling the daily commands, cutting the fonts");
  if (!run(join(root, "node_modules", ".bin", "tsc"), ["-p", "src/tsconfig.json"])) {
    throw new SetupError("the TypeScript build failed (see above).");
  }
  if (!run(process.execPath, [join(root, "src", "setup", "bundle.mjs")])) {
    throw new SetupError("bundling the commands failed (see above).");
  }
  if (!run(process.execPath, [join(root, "src", "setup", "precut-fonts.mjs")])) {
    throw new SetupError("cutting the fonts failed (see above).");
  }
  writeFileSync(stamp, "");
}

function ensureTestTools() {
  const missing = [
    ...new Set(
      Object.entries(TEST_TOOLS)
        .filter(([command]) => !onPath(command))
        .map(([, pkg]) => pkg),
    ),
    ...(process.platform === "linux" ? missingDebianPackages(TEST_LIBRARIES) : []),
  ];
  if (missing.length > 0) aptInstall(missing, "The end-to-end tests (reading PDFs back)");
}

function main() {
  const forIndex = process.argv.indexOf("--for");
  const purpose = forIndex >= 0 ? process.argv[forIndex + 1] : "report";
  // `npm run check` never prints, nor does `npm run build`: neither waits for a browser to install.
  if (purpose !== "check" && purpose !== "build") ensureBrowser();
  ensureCanvasBuildLibraries();
  if (purpose === "test") ensureTestTools();
  ensureNodeModules();
  // `npm run build` builds in any case, and leaves the mark that spares the next command a build.
  ensureBuild(purpose === "build");
}

try {
  main();
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  say(error.message);
  process.exit(1);
}

// `--then dist/check.js ARGS...` runs a command in this process once the set-up holds: a
// command that must answer in well under a second does not pay for a second Node start.
const thenIndex = process.argv.indexOf("--then");
if (thenIndex >= 0) {
  const script = join(root, process.argv[thenIndex + 1] ?? "");
  process.argv = [process.argv[0] ?? "node", script, ...process.argv.slice(thenIndex + 2)];
  if (script.endsWith(".cjs")) require(script);
  else await import(pathToFileURL(script).href);
}
