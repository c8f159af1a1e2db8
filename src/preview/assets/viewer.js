// The preview page: shows the dossier's PDF page by page with pdf.js (served by the preview, no
// CDN), and follows the server's news of each rebuild without reloading, keeping its place.
import * as pdfjs from "/pdfjs/pdf.mjs";

pdfjs.GlobalWorkerOptions.workerSrc = "/pdfjs/pdf.worker.mjs";

const pages = document.getElementById("pages");
const status = document.getElementById("status");
const problems = document.getElementById("problems");
const langSelect = document.getElementById("lang");
const formatSelect = document.getElementById("format");
/** CSS pixels per PDF point at which the pages are drawn. */
const SCALE = 1.4;

let events;
let shown = -1;
let loading = Promise.resolve();

/** "English", "français": a language code named in its own language; a paper size as it is. */
function languageName(code) {
  try {
    const name = new Intl.DisplayNames([code], { type: "language" }).of(code);
    return name === code ? undefined : name;
  } catch {
    return undefined;
  }
}

function edition() {
  return `lang=${encodeURIComponent(langSelect.value)}&format=${encodeURIComponent(formatSelect.value)}`;
}

async function renderPage(pdf, number) {
  const page = await pdf.getPage(number);
  const viewport = page.getViewport({ scale: SCALE });
  const ratio = window.devicePixelRatio || 1;
  const box = document.createElement("div");
  box.className = "page";
  box.dataset.page = String(number);
  box.style.width = `${viewport.width}px`;
  box.style.height = `${viewport.height}px`;
  box.style.setProperty("--total-scale-factor", String(SCALE));
  const canvas = document.createElement("canvas");
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${viewport.width}px`;
  canvas.style.height = `${viewport.height}px`;
  box.append(canvas);
  await page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
  // The text layer: the page's words, selectable and searchable (Ctrl-F), over the drawing.
  const text = document.createElement("div");
  text.className = "textLayer";
  box.append(text);
  await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
  return box;
}

/** Draws the new PDF off screen, then swaps it in where the old one was: the reader stays where they were. */
async function show(version) {
  const response = await fetch(`/pdf?${edition()}&v=${version}`);
  if (!response.ok) return;
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(await response.arrayBuffer()), isEvalSupported: false }).promise;
  const drawn = [];
  for (let number = 1; number <= pdf.numPages; number++) drawn.push(await renderPage(pdf, number));
  const scrolled = window.scrollY;
  pages.replaceChildren(...drawn);
  window.scrollTo(0, scrolled);
  shown = version;
  document.body.dataset.version = String(version);
  await pdf.destroy();
}

function connect() {
  events?.close();
  events = new EventSource(`/events?${edition()}`);
  events.addEventListener("building", () => {
    status.textContent = "rebuilding…";
  });
  events.addEventListener("built", (event) => {
    const { version } = JSON.parse(event.data);
    problems.hidden = true;
    status.textContent = `built ${new Date().toLocaleTimeString()}`;
    if (version !== shown) loading = loading.then(() => show(version));
  });
  events.addEventListener("failed", (event) => {
    const { message } = JSON.parse(event.data);
    problems.querySelector("pre").textContent = message;
    problems.hidden = false;
    status.textContent = "the last good preview is shown";
    if (shown < 0) loading = loading.then(() => show(0));
  });
  events.addEventListener("error", () => {
    status.textContent = "disconnected: is npm run preview still running?";
  });
}

async function start() {
  const { languages, formats } = await (await fetch("/editions")).json();
  for (const [select, values] of [
    [langSelect, languages],
    [formatSelect, formats],
  ]) {
    for (const value of values) select.append(new Option(languageName(value) ?? value, value));
  }
  for (const select of [langSelect, formatSelect]) {
    // The server's first event names the newest build: the page asks for its PDF in this edition.
    select.addEventListener("change", () => {
      shown = -1;
      connect();
    });
  }
  connect();
}

start();
