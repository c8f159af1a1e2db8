#!/usr/bin/env node
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PAGE_FORMATS } from "./choices.js";
// `npm run preview`: the dossier as it prints, in a browser page that follows every save. It
// builds the editions the open pages show into a private folder (the output folder is only read,
// to tell what changed since its newest edition), with one warm Chromium, and tells the pages
// over server-sent events. A bad edit is shown in the page over the last good preview.
import { defaultCacheDir } from "./disk-cache.js";
import { describeError, failed, shownPath, UserError } from "./errors.js";
import { ENGINE_TEMPLATES, PREVIEW_HELP, type PreviewOptions, parsePreviewOptions, today, userCwd } from "./options.js";
import { createPreviewServer, type PreviewEvent } from "./preview/server.js";
import { resolveDossier } from "./profile/editions.js";
import { openSession } from "./session.js";
import { onStopSignal } from "./signals.js";
import type { Edition } from "./stages/output-names.js";
import { watchInputs } from "./watch.js";

const keyOf = ({ lang, format }: Edition) => `${lang}/${format}`;

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** Listens, or says in words why it cannot (a port taken, an address not of this machine). */
async function listen(server: Server, { host, port }: PreviewOptions): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const why =
        error.code === "EADDRINUSE"
          ? `port ${port} is taken: choose another with --port, or leave it out for any free one`
          : error.code === "EADDRNOTAVAIL"
            ? `${host} is not an address of this machine`
            : error.message;
      reject(new UserError(`Cannot start the preview on ${host}:${port}: ${why}.`));
    });
    server.listen(port, host, resolve);
  });
  return server.address() as AddressInfo;
}

export async function main(argv: string[]): Promise<number> {
  let options: PreviewOptions | undefined;
  try {
    options = parsePreviewOptions(argv);
    if (options.help) {
      say(PREVIEW_HELP);
      return 0;
    }
    const chosen = options;
    const { folder } = await resolveDossier(chosen.dir, ENGINE_TEMPLATES, chosen);
    // Every paper size, the dossier's own first, in its order.
    const editions = { languages: folder.profile.languages, formats: [...new Set<string>([...folder.profile.formats, ...PAGE_FORMATS])] };
    const out = await mkdtemp(join(tmpdir(), "dossier-preview-"));
    const session = openSession({
      browserUrl: chosen.browserUrl,
      timeout: chosen.timeout,
      engineTemplates: ENGINE_TEMPLATES,
      cacheDir: defaultCacheDir(),
    });

    /** Bumped on every change of the inputs: a PDF built for an older one is stale. */
    let inputs = 0;
    let version = 0;
    let failedFor = -1;
    let last: PreviewEvent = { type: "building" };
    const built = new Map<string, { pdf: Uint8Array; inputs: number }>();
    const viewers = new Map<string, { edition: Edition; pages: number }>();
    let queue: Promise<void> = Promise.resolve();

    const tell = (event: PreviewEvent) => {
      last = event;
      preview.broadcast(event);
    };

    /** Builds the editions pages show (and `also`) that are not up to date, in one build. */
    const buildStale = async (also: Edition[] = []) => {
      const target = inputs;
      const wanted = [...[...viewers.values()].map(({ edition }) => edition), ...also].filter(
        (edition) => built.get(keyOf(edition))?.inputs !== target,
      );
      if (wanted.length === 0 || failedFor === target) return;
      tell({ type: "building" });
      const started = performance.now();
      try {
        const result = await session.build({
          dir: chosen.dir,
          date: today(),
          overrides: {
            languages: [...new Set(wanted.map((edition) => edition.lang))],
            formats: PAGE_FORMATS.filter((format) => wanted.some((edition) => edition.format === format)),
            out,
            data: chosen.data,
            templates: chosen.templates,
          },
          history: folder.outDir,
        });
        for (const { edition, path } of result.editions) built.set(keyOf(edition), { pdf: await readFile(path), inputs: target });
        version++;
        say(`built ${result.editions.map(({ edition }) => keyOf(edition)).join(", ")} in ${Math.round(performance.now() - started)} ms`);
        tell({ type: "built", version });
      } catch (error) {
        failedFor = target;
        const { message } = describeError(error, false, userCwd());
        say(message);
        tell({ type: "failed", message });
      }
    };
    const enqueue = (also: Edition[] = []) => {
      queue = queue.then(() => buildStale(also));
      return queue;
    };

    const preview = createPreviewServer(
      {
        editions,
        current: () => last,
        pdf: async (edition) => {
          if (built.get(keyOf(edition))?.inputs !== inputs) await enqueue([edition]);
          return built.get(keyOf(edition))?.pdf;
        },
        watching: (edition) => {
          const key = keyOf(edition);
          viewers.set(key, { edition, pages: (viewers.get(key)?.pages ?? 0) + 1 });
          return () => {
            const left = (viewers.get(key)?.pages ?? 1) - 1;
            if (left <= 0) viewers.delete(key);
            else viewers.set(key, { edition, pages: left });
          };
        },
      },
      () => allowedHosts,
    );
    const address = await listen(preview.server, chosen);
    const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
    // Requests must name the server: its own address, or localhost on its port.
    const allowedHosts = [
      `${shownHost}:${address.port}`,
      `localhost:${address.port}`,
      `127.0.0.1:${address.port}`,
      `[::1]:${address.port}`,
    ];
    const watcher = await watchInputs(
      chosen,
      (changed) => {
        say(`changed: ${changed.join(", ")}`);
        inputs++;
        void enqueue();
      },
      (error) => say(`watch error: ${error.message}`),
    );
    const stop = {
      close: async () => {
        preview.server.closeAllConnections();
        preview.server.close();
        await Promise.all([watcher.close(), session.close()]);
        await rm(out, { recursive: true, force: true });
      },
    };
    onStopSignal(stop);
    const first = { lang: editions.languages[0] ?? "en", format: folder.profile.formats[0] ?? "A4" };
    void enqueue([first]);
    const where = chosen.host === "0.0.0.0" || chosen.host === "::" ? `localhost:${address.port}` : `${shownHost}:${address.port}`;
    say(`preview: http://${where}/`);
    say(`watching ${watcher.paths.map((path) => shownPath(path, userCwd())).join(", ")} (Ctrl-C to stop)`);
    // Runs until a signal stops the process (see signals.ts).
    return await new Promise<number>(() => {});
  } catch (error) {
    return failed(error, options?.debug ?? false, userCwd());
  }
}

process.exitCode = await main(process.argv.slice(2));
