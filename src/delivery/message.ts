// One message of a subscription: the summary as plain text and as HTML, the PDF attached under
// its dated name, and a Message-ID derived from the dossier, the edition and the recipients, so
// that a message sent twice (after a crash) is recognised as the same by servers and readers.
import { createHash } from "node:crypto";
import { Marked } from "marked";
import type Mail from "nodemailer/lib/mailer/index.js";
import type { Subscription } from "../profile/schema.js";
import type { Edition } from "../stages/output-names.js";

export interface Letter {
  /** The subscription's key in the manifest's record of deliveries. */
  key: string;
  messageId: string;
  /** Every recipient, to, cc and bcc. */
  recipients: string[];
  mail: Mail.Options;
}

export interface LetterInput {
  /** The dossier's name: meta-ai-strategy. */
  name: string;
  edition: Edition;
  reportDate: string;
  from: string;
  subscription: Subscription;
  /** The subject with {title} and {date} filled in. */
  subject: string;
  /** summary.md: the changes since the edition before, the summary and the key figures. */
  summary: string;
  /** The dated PDF: its file name, and where it is. */
  pdf: { file: string; path: string };
}

/** A subscription as the record of deliveries knows it: who, and which edition. */
export function subscriptionKey(subscription: Subscription, edition: Edition): string {
  const who = [subscription.to, subscription.cc, subscription.bcc].map((list) => [...list].sort());
  return createHash("sha256")
    .update(JSON.stringify([who, edition.lang, edition.format]))
    .digest("hex")
    .slice(0, 16);
}

/** The domain of the sender's address, where the Message-IDs are made unique. */
function domainOf(from: string): string {
  return /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? "dossier.invalid";
}

/** The summary's markdown as an HTML body: the data's markup is already written as entities (see renderSummary). */
function htmlBody(summary: string, lang: string): string {
  const body = new Marked({ gfm: true, async: false }).parse(summary) as string;
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"></head><body>\n${body}</body></html>\n`;
}

export function composeLetter(input: LetterInput): Letter {
  const { subscription, edition } = input;
  const key = subscriptionKey(subscription, edition);
  const id = createHash("sha256")
    .update(JSON.stringify([input.name, input.reportDate, edition.lang, edition.format, key]))
    .digest("hex");
  const messageId = `<dossier.${input.name}.${input.reportDate}.${id.slice(0, 20)}@${domainOf(input.from)}>`;
  return {
    key,
    messageId,
    recipients: [...subscription.to, ...subscription.cc, ...subscription.bcc],
    mail: {
      from: input.from,
      to: subscription.to,
      cc: subscription.cc,
      bcc: subscription.bcc,
      subject: input.subject,
      messageId,
      text: input.summary,
      html: htmlBody(input.summary, edition.lang),
      attachments: [{ filename: input.pdf.file, path: input.pdf.path, contentType: "application/pdf" }],
    },
  };
}
