// The preview's HTTP server: a fixed set of routes and nothing else. The viewer page and pdf.js
// come from this project's own files, the PDFs from memory, the news of each rebuild as
// server-sent events; any other path, `..` and absolute paths included, is a 404. It answers
// only requests addressed to it by name (no DNS rebinding), and the page may load nothing from
// elsewhere (its Content-Security-Policy says so to the browser).
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Edition } from "../stages/output-names.js";

const ASSETS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src", "preview", "assets");
const PDFJS = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

/** Every file the server sends, by path: nothing else can be asked for. */
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  "/": { file: join(ASSETS, "index.html"), type: "text/html; charset=utf-8" },
  "/viewer.js": { file: join(ASSETS, "viewer.js"), type: "text/javascript; charset=utf-8" },
  "/viewer.css": { file: join(ASSETS, "viewer.css"), type: "text/css; charset=utf-8" },
  "/pdfjs/pdf.mjs": { file: join(PDFJS, "build", "pdf.mjs"), type: "text/javascript; charset=utf-8" },
  "/pdfjs/pdf.worker.mjs": { file: join(PDFJS, "build", "pdf.worker.mjs"), type: "text/javascript; charset=utf-8" },
  "/pdfjs/pdf_viewer.css": { file: join(PDFJS, "web", "pdf_viewer.css"), type: "text/css; charset=utf-8" },
};

const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** What the page is told: a rebuild began, finished (with its version), or failed with its located errors. */
export type PreviewEvent = { type: "building" } | { type: "built"; version: number } | { type: "failed"; message: string };

export interface PreviewSource {
  /** The dossier's languages and paper sizes, for the page's switches. */
  editions: { languages: readonly string[]; formats: readonly string[] };
  /** The newest good PDF of an edition, built first if it has not been; undefined when none could be. */
  pdf(edition: Edition): Promise<Uint8Array | undefined>;
  /** The event a page that connects is told first: where things stand. */
  current(): PreviewEvent;
  /** A page showing this edition is connected (it is rebuilt on every change) until `left` is called. */
  watching(edition: Edition): () => void;
}

export interface PreviewServer {
  server: Server;
  /** Tells every connected page. */
  broadcast(event: PreviewEvent): void;
}

function editionOf(url: URL, source: PreviewSource): Edition | undefined {
  const lang = url.searchParams.get("lang") ?? source.editions.languages[0];
  const format = url.searchParams.get("format") ?? source.editions.formats[0];
  return lang !== undefined && format !== undefined && source.editions.languages.includes(lang) && source.editions.formats.includes(format)
    ? { lang, format }
    : undefined;
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
}

export function createPreviewServer(source: PreviewSource, allowedHosts: () => readonly string[]): PreviewServer {
  const clients = new Set<ServerResponse>();
  const send = (response: ServerResponse, event: PreviewEvent) =>
    response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    response.setHeader("content-security-policy", POLICY);
    response.setHeader("x-content-type-options", "nosniff");
    response.setHeader("cache-control", "no-store");
    if (!allowedHosts().includes(request.headers.host ?? "")) {
      response.writeHead(421, { "content-type": "text/plain; charset=utf-8" }).end("this server answers only to its own address\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    // The raw target, before any URL parser resolves "..": only exact routes match.
    const target = request.url ?? "";
    const path = target.split("?")[0] ?? "";
    const url = new URL(target.startsWith("/") && !target.startsWith("//") ? target : "/#", "http://preview.invalid");
    const file = Object.hasOwn(FILES, path) ? FILES[path] : undefined;
    if (file !== undefined) {
      response.writeHead(200, { "content-type": file.type }).end(await readFile(file.file));
      return;
    }
    if (path === "/editions") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(source.editions));
      return;
    }
    const edition = editionOf(url, source);
    if (path === "/pdf" && edition !== undefined) {
      const pdf = await source.pdf(edition);
      if (pdf === undefined) response.writeHead(503, { "content-type": "text/plain; charset=utf-8" }).end("no good build yet\n");
      else response.writeHead(200, { "content-type": "application/pdf" }).end(pdf);
      return;
    }
    if (path === "/events" && edition !== undefined) {
      response.writeHead(200, { "content-type": "text/event-stream", connection: "keep-alive" });
      clients.add(response);
      const left = source.watching(edition);
      request.on("close", () => {
        clients.delete(response);
        left();
      });
      send(response, source.current());
      return;
    }
    notFound(response);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end(`${(error as Error).message}\n`);
    });
  });
  return {
    server,
    broadcast: (event) => {
      for (const client of clients) send(client, event);
    },
  };
}
