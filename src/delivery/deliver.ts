// Sends each subscription its edition after a scheduled run, exactly once as far as SMTP allows:
// a temporary failure (server down, 4xx) is retried with backoff within the run and, failing
// that, on the next run; a permanent refusal (5xx) of one recipient stops neither the others nor
// the run; a recipient the server may have accepted before a crash is not sent to again.
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { UserError } from "../errors.js";
import { formatDate } from "../format.js";
import { fillLabel } from "../i18n/labels.js";
import { mainEdition } from "../profile/editions.js";
import type { DossierFolder } from "../profile/load.js";
import type { Subscription } from "../profile/schema.js";
import { type Edition, outputNames, outputStem } from "../stages/output-names.js";
import { type DeliveredEdition, type DeliveryRecord, readDeliveredEdition, recordDelivery } from "./ledger.js";
import { composeLetter, type Letter } from "./message.js";
import { redact, type SmtpSettings } from "./smtp.js";

/** What happened to one subscription's message in this run. */
export interface MailOutcome {
  edition: Edition;
  /** The dated PDF it carries. */
  file: string;
  messageId: string;
  /**
   * sent: accepted for every recipient it went to; failed: some recipient was not (see recipients);
   * unchanged: nothing to send (the facts did not change); done: sent by an earlier run; dry-run: written as .eml.
   */
  result: "sent" | "failed" | "unchanged" | "done" | "dry-run";
  recipients: Record<string, { status: string; response?: string | undefined }>;
  /** The .eml file written instead, with --dry-run. */
  eml?: string;
}

export interface DeliveryOptions {
  folder: DossierFolder;
  /** Write .eml files into the output folder instead of sending. */
  dryRun: boolean;
  /** The SMTP server, read only when something is to be sent. */
  smtp: () => Promise<SmtpSettings>;
  log: (message: string) => void;
  /** Attempts per message within the run, and the first wait between two (doubled each time). */
  attempts?: number;
  backoffMs?: number;
}

/**
 * A failure worth trying again: no connection, a timeout, a 4xx answer, or credentials the server
 * refused (the settings' fault, not the recipient's: fixed, the next run sends). A 5xx answer to
 * the message or its recipients is final.
 */
function isTemporary(error: { responseCode?: number; code?: string }): boolean {
  return error.code === "EAUTH" || error.responseCode === undefined || error.responseCode < 500;
}

type SendInfo = {
  accepted: (string | { address: string })[];
  rejected: (string | { address: string })[];
  rejectedErrors?: { recipient?: string; response?: string }[];
  response?: string;
};

const addressOf = (entry: string | { address: string }) => (typeof entry === "string" ? entry : entry.address);

/** The subject as mail clients show it: the title as printed, the date in the edition's language; plain spaces, which every client renders. */
function subjectOf(subscription: Subscription, template: string, title: string, edition: Edition, reportDate: string): string {
  return fillLabel({ subject: subscription.subject ?? template }, "subject", { title, date: formatDate(reportDate, edition.lang) }).replace(
    /[\u00a0\u202f]/g,
    " ",
  );
}

async function writeEml(dir: string, stem: string, letter: Letter): Promise<string> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const { message } = (await transport.sendMail(letter.mail)) as unknown as { message: Buffer };
  const path = join(dir, `${stem}.${letter.key}.eml`);
  const partial = join(dir, `.${stem}.${letter.key}.eml.${process.pid}.partial`);
  await writeFile(partial, message);
  await rename(partial, path);
  return path;
}

/** Records each recipient's state in the edition's manifest (see ledger.ts). */
type Mark = (recipients: readonly string[], status: "sending" | "accepted" | "refused" | "failed", response?: string) => Promise<void>;

interface Sending {
  transport: Transporter;
  letter: Letter;
  from: string;
  attempts: number;
  backoffMs: number;
  secrets: readonly string[];
  mark: Mark;
  log: (message: string) => void;
}

/**
 * Sends the letter to the recipients still to reach. Each is marked "sending" before the server
 * is asked, so that a crash from then on never sends it twice, and marked with the answer after.
 * A server that is down or answers 4xx is asked again (after backoffMs, then twice that...) up to
 * `attempts` times; what it still refuses stays "failed", for the next run. A 5xx is final.
 */
async function sendWithRetries(
  pending: readonly string[],
  { transport, letter, from, attempts, backoffMs, secrets, mark, log }: Sending,
): Promise<void> {
  const left = pending;
  for (let attempt = 1; attempt <= attempts && left.length > 0; attempt++) {
    await mark(left, "sending");
    try {
      const info = (await transport.sendMail({ ...letter.mail, envelope: { from, to: [...left] } })) as unknown as SendInfo;
      await mark(info.accepted.map(addressOf), "accepted", info.response);
      for (const recipient of info.rejected.map(addressOf)) {
        const why = info.rejectedErrors?.find((error) => error.recipient === recipient)?.response ?? "refused";
        await mark([recipient], "refused", why);
      }
      return;
    } catch (caught) {
      const error = caught as { responseCode?: number; code?: string; response?: string; message?: string };
      const why = redact(error.response ?? error.message ?? String(caught), secrets);
      if (!isTemporary(error)) {
        await mark(left, "refused", why);
        return;
      }
      await mark(left, "failed", why);
      if (attempt < attempts) {
        const wait = backoffMs * 2 ** (attempt - 1);
        log(`mail: ${letter.messageId} not sent (${why}); trying again in ${wait / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

export async function deliver(options: DeliveryOptions): Promise<MailOutcome[]> {
  const { folder, log } = options;
  const delivery = folder.profile.delivery;
  if (delivery === undefined) return [];
  const main = mainEdition(folder);
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 1000;
  let settings: SmtpSettings | undefined;
  let transport: Transporter | undefined;
  const outcomes: MailOutcome[] = [];
  try {
    for (const subscription of delivery.subscriptions) {
      const edition = { lang: subscription.lang ?? main.lang, format: subscription.format ?? main.format };
      const names = outputNames(folder.profile.name, edition, main);
      const built: DeliveredEdition | undefined = await readDeliveredEdition(folder.outDir, names);
      if (built === undefined) {
        log(
          `mail: no ${edition.lang}/${edition.format} edition built yet for ${subscription.to.join(", ") || "its recipients"}: nothing sent`,
        );
        continue;
      }
      const stem = outputStem(names, built.reportDate);
      const letter = composeLetter({
        name: folder.profile.name,
        edition,
        reportDate: built.reportDate,
        from: delivery.from,
        subscription,
        subject: subjectOf(subscription, delivery.subject, built.title, edition, built.reportDate),
        summary: await readFile(join(folder.outDir, `${stem}.summary.md`), "utf8"),
        pdf: { file: built.file, path: join(folder.outDir, built.file) },
      });
      const record: DeliveryRecord = built.deliveries[letter.key] ?? { messageId: letter.messageId, recipients: {} };
      const outcome = (result: MailOutcome["result"], extra: Partial<MailOutcome> = {}): MailOutcome => ({
        edition,
        file: built.file,
        messageId: letter.messageId,
        result,
        recipients: record.recipients,
        ...extra,
      });
      if (subscription.send === "changed" && !built.changed) {
        outcomes.push(outcome("unchanged"));
        continue;
      }
      for (const recipient of letter.recipients)
        if (record.recipients[recipient]?.status === "sending")
          log(`mail: ${recipient} may have received ${letter.messageId} before a run stopped: not sent again`);
      const pending = letter.recipients.filter((recipient) => {
        const status = record.recipients[recipient]?.status;
        return status === undefined || status === "failed";
      });
      if (pending.length === 0) {
        outcomes.push(outcome("done"));
        continue;
      }
      if (options.dryRun) {
        const eml = await writeEml(folder.outDir, stem, letter);
        log(`mail: --dry-run wrote ${eml} (to ${pending.join(", ")})`);
        outcomes.push(outcome("dry-run", { eml }));
        continue;
      }
      settings ??= await options.smtp();
      transport ??= nodemailer.createTransport(settings.url);
      const secrets = settings.secrets;
      const mark: Mark = async (recipients, status, response) => {
        for (const recipient of recipients)
          record.recipients[recipient] = {
            status,
            ...(response === undefined ? {} : { response: redact(response, secrets) }),
            attempts: (record.recipients[recipient]?.attempts ?? 0) + (status === "sending" ? 1 : 0),
          };
        await recordDelivery(folder.outDir, names, built, letter.key, record);
      };
      await sendWithRetries(pending, { transport, letter, from: delivery.from, attempts, backoffMs, secrets, mark, log });
      const failed = letter.recipients.filter((recipient) => ["failed", "refused"].includes(record.recipients[recipient]?.status ?? ""));
      for (const recipient of failed) {
        const state = record.recipients[recipient];
        log(
          `mail: ${recipient} ${state?.status === "refused" ? "refused by the server" : "not reached, to be sent again on the next run"}: ${state?.response ?? ""}`,
        );
      }
      const sent = letter.recipients.filter((recipient) => record.recipients[recipient]?.status === "accepted");
      if (sent.length > 0) log(`mail: ${built.file} sent to ${sent.join(", ")} (${letter.messageId})`);
      outcomes.push(outcome(failed.length > 0 ? "failed" : "sent"));
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Sending the dossier failed: ${redact((error as Error).message, settings?.secrets ?? [])}`, 1, { cause: error });
  } finally {
    transport?.close();
  }
  return outcomes;
}
