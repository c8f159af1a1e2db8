// The scheduler's e-mail delivery against a real SMTP server run in this process on 127.0.0.1:
// what arrives, retries, refusals, a crash after the server accepted, an unchanged dossier, the
// dry run, and that no credential is ever printed or recorded.
import { execFile } from "node:child_process";
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { start } from "../support/process.js";
import { DATA_DIR, ROOT, tempDir } from "../support/project.js";

const LAUNCH = join(ROOT, "src", "setup", "launch.cjs");
const run = promisify(execFile);

const PASSWORD = "s3cret-Pa55word";
const DELIVERY = `
delivery:
  from: Dossier <dossier@example.org>
  subscriptions:
    - to: [alice@example.org, bob@example.org]
      cc: [carol@example.org]
    - to: [dora@example.org]
      lang: fr
`;

interface Received {
  recipients: string[];
  raw: Buffer;
}

/** An SMTP server that takes what it is sent, refuses what a test tells it to, and can do something as a message arrives. */
class Mailbox {
  readonly received: Received[] = [];
  /** Addresses refused at RCPT TO with 550. */
  refuse = new Set<string>();
  /** Answers 451 to this many messages before accepting. */
  temporaryFailures = 0;
  /** Called once a message's data has arrived, before the server answers. */
  onArrival: (() => void) | undefined;
  readonly server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, callback) =>
      auth.username === "dossier" && auth.password === PASSWORD
        ? callback(null, { user: "dossier" })
        : callback(new Error("bad credentials")),
    onRcptTo: (address, _session, callback) =>
      this.refuse.has(address.address) ? callback(Object.assign(new Error("no such mailbox"), { responseCode: 550 })) : callback(),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (this.temporaryFailures > 0) {
          this.temporaryFailures--;
          callback(Object.assign(new Error("try again later"), { responseCode: 451 }));
          return;
        }
        this.received.push({ recipients: session.envelope.rcptTo.map((to) => to.address), raw: Buffer.concat(chunks) });
        const arrival = this.onArrival;
        this.onArrival = undefined;
        if (arrival !== undefined) arrival();
        else callback();
      });
    },
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `smtp://dossier:${PASSWORD}@127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }
}

describe("e-mail delivery", () => {
  const mailbox = new Mailbox();
  let url: string;
  let dossier: string;

  beforeAll(async () => {
    url = await mailbox.listen();
    dossier = await tempDir("dossier-delivery-");
    await writeFile(join(dossier, "dossier.yaml"), `${await readFile(join(ROOT, "dossier.yaml"), "utf8")}${DELIVERY}`);
    await cp(DATA_DIR, join(dossier, "data"), { recursive: true });
  });
  afterAll(() => new Promise<void>((resolve) => mailbox.server.close(() => resolve())));

  /** One scheduled run into `out`, as cron makes it; its exit code, its whole output and its JSON line. */
  async function runOnce(out: string, date: string, ...extra: string[]) {
    const run = start(
      "schedule.js",
      [dossier, "--once", "--date", date, "--out", out, "--json", "--browser-url", inject("browserWSEndpoint"), ...extra],
      { DOSSIER_SMTP_URL: url },
    );
    const code = await run.exited;
    const output = run.output();
    const json = output.split("\n").find((line) => line.startsWith("{"));
    return { code, output, result: JSON.parse(json ?? "{}") as { result: string; mails: { result: string; messageId: string }[] }, run };
  }

  it("sends each subscription its edition: the PDF attached byte for byte, the summary as HTML and text, the subject", async () => {
    const out = await tempDir();
    const { code, result, output } = await runOnce(out, "2026-11-22");
    expect(code, output).toBe(0);
    expect(result.result).toBe("built");
    expect(result.mails.map((mail) => mail.result)).toEqual(["sent", "sent"]);
    expect(mailbox.received.map((mail) => mail.recipients)).toEqual([
      ["alice@example.org", "bob@example.org", "carol@example.org"],
      ["dora@example.org"],
    ]);
    const [english, french] = await Promise.all(mailbox.received.map((mail) => simpleParser(mail.raw)));
    expect(english?.subject).toBe("Meta’s AI strategy, 22 November 2026");
    expect(french?.subject).toBe("La stratégie de Meta dans l’IA, 22 novembre 2026");
    expect(english?.messageId).toBe(result.mails[0]?.messageId);
    const attachment = english?.attachments[0];
    expect(attachment?.filename).toBe("meta-ai-strategy-2026-11-22.pdf");
    expect(attachment?.content.equals(await readFile(join(out, "meta-ai-strategy-2026-11-22.pdf")))).toBe(true);
    expect(french?.attachments[0]?.filename).toBe("meta-ai-strategy-2026-11-22.fr.pdf");
    const summary = await readFile(join(out, "meta-ai-strategy-2026-11-22.summary.md"), "utf8");
    expect(english?.text?.trim()).toBe(summary.trim());
    expect(english?.html).toContain("<h2>Key figures</h2>");
    expect(english?.html).toContain("<li>");
    // Recorded in the manifest, so that the next run sends nothing again.
    const manifest = JSON.parse(await readFile(join(out, "meta-ai-strategy-latest.manifest.json"), "utf8"));
    expect(
      Object.values(manifest.deliveries as Record<string, { recipients: Record<string, { status: string }> }>)[0]?.recipients,
    ).toMatchObject({
      "alice@example.org": { status: "accepted" },
    });
    mailbox.received.length = 0;

    // The next day, the same facts: a new edition is built, and sent to nobody.
    const next = await runOnce(out, "2026-11-23");
    expect(next.code, next.output).toBe(0);
    expect(next.result.mails.map((mail) => mail.result)).toEqual(["unchanged", "unchanged"]);
    expect(mailbox.received).toEqual([]);
  }, 120_000);

  it("tries again with backoff when the server refuses for a while, and gets the mail through on the third attempt", async () => {
    mailbox.received.length = 0;
    mailbox.temporaryFailures = 2;
    const { code, output, result } = await runOnce(await tempDir(), "2026-11-22", "--lang", "fr");
    expect(code, output).toBe(0);
    expect(output).toMatch(/not sent \(451 try again later\); trying again in 1 s/);
    expect(output).toMatch(/trying again in 2 s/);
    expect(result.mails.find((mail) => mail.result === "sent")).toBeDefined();
    expect(mailbox.received.map((mail) => mail.recipients)).toEqual([["dora@example.org"]]);
  }, 120_000);

  it("sends to the others when one recipient is refused with 550, says so, and exits 4", async () => {
    mailbox.received.length = 0;
    mailbox.refuse = new Set(["bob@example.org"]);
    const { code, output, result } = await runOnce(await tempDir(), "2026-11-22", "--lang", "en");
    mailbox.refuse = new Set();
    expect(code, output).toBe(4);
    expect(output).toMatch(/mail: bob@example\.org refused by the server: .*550/);
    expect(result.mails[0]?.result).toBe("failed");
    expect(mailbox.received.map((mail) => mail.recipients)).toEqual([["alice@example.org", "carol@example.org"]]);
  }, 120_000);

  it("sends a mail an earlier run could not on a day with nothing to build, when cron runs it through the launcher", async () => {
    mailbox.received.length = 0;
    // More refusals "for now" than a run's attempts.
    mailbox.temporaryFailures = 3;
    const out = await tempDir();
    const first = await runOnce(out, "2026-11-22", "--lang", "fr");
    expect(first.code, first.output).toBe(4);
    expect(mailbox.temporaryFailures, first.output).toBe(0);
    // As the cron line runs it (src/setup/bin.mjs hands it to the launcher): the quick skip leaves a dossier with mail to the scheduler.
    // Run without blocking this process, whose SMTP server must answer meanwhile.
    const cron = await run(
      process.execPath,
      [
        LAUNCH,
        "schedule",
        dossier,
        "--once",
        "--date",
        "2026-11-22",
        "--out",
        out,
        "--lang",
        "fr",
        "--browser-url",
        inject("browserWSEndpoint"),
      ],
      { cwd: ROOT, env: { ...process.env, DOSSIER_SMTP_URL: url }, timeout: 120_000 },
    ).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code, stdout: `${error.stdout}${error.stderr}` }),
    );
    expect(cron.code, cron.stdout).toBe(3);
    expect(cron.stdout).toMatch(/skipped: nothing changed/);
    expect(mailbox.received.map((mail) => mail.recipients)).toEqual([["dora@example.org"]]);
  }, 120_000);

  it("does not send twice after a crash once the server has the message", async () => {
    mailbox.received.length = 0;
    const out = await tempDir();
    const crash = start(
      "schedule.js",
      [dossier, "--once", "--date", "2026-11-22", "--out", out, "--lang", "fr", "--browser-url", inject("browserWSEndpoint")],
      { DOSSIER_SMTP_URL: url },
    );
    mailbox.onArrival = () => crash.child.kill("SIGKILL");
    expect(await crash.exited).toBeNull();
    expect(mailbox.received).toHaveLength(1);
    // The next run finds the same inputs (a skip) and the message recorded as being sent: it sends nothing.
    const again = await runOnce(out, "2026-11-22", "--lang", "fr");
    expect(again.code, again.output).toBe(3);
    expect(again.output).toMatch(
      /dora@example\.org may have received <dossier\.meta-ai-strategy\.2026-11-22\.\w+@example\.org> before a run stopped: not sent again/,
    );
    expect(mailbox.received).toHaveLength(1);
  }, 120_000);

  it("writes what it would send as .eml files with --dry-run, and sends nothing", async () => {
    mailbox.received.length = 0;
    const out = await tempDir();
    const { code, output } = await runOnce(out, "2026-11-22", "--dry-run");
    expect(code, output).toBe(0);
    expect(mailbox.received).toEqual([]);
    const emls = (await readdir(out)).filter((name) => name.endsWith(".eml")).sort();
    expect(emls).toHaveLength(2);
    const parsed = await simpleParser(await readFile(join(out, emls.find((name) => name.includes(".fr.")) ?? "")));
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : "").toBe("dora@example.org");
    expect(parsed.attachments[0]?.content.equals(await readFile(join(out, "meta-ai-strategy-2026-11-22.fr.pdf")))).toBe(true);
  }, 120_000);

  it("never prints or records the SMTP password, even when the server refuses it", async () => {
    const [out, other] = [await tempDir(), await tempDir()];
    const runs = [await runOnce(out, "2026-11-22", "--lang", "fr")];
    const wrong = start(
      "schedule.js",
      [dossier, "--once", "--date", "2026-11-22", "--out", other, "--lang", "fr", "--browser-url", inject("browserWSEndpoint")],
      { DOSSIER_SMTP_URL: url.replace(PASSWORD, `${PASSWORD}x`) },
    );
    expect(await wrong.exited).toBe(4);
    expect(wrong.output()).toMatch(/not reached, to be sent again on the next run/);
    const files: string[] = [];
    for (const dir of [out, other]) for (const name of await readdir(dir)) files.push(await readFile(join(dir, name), "latin1"));
    for (const text of [...runs.map((run) => run.output), wrong.output(), ...files]) expect(text).not.toContain(PASSWORD);
  }, 120_000);
});
