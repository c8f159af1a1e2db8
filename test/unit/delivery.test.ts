// The parts of e-mail delivery that need no server: the message a subscription gets, and the SMTP
// settings read from the environment without ever repeating the password.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeLetter, subscriptionKey } from "../../src/delivery/message.js";
import { redact, smtpSettings } from "../../src/delivery/smtp.js";
import { UserError } from "../../src/errors.js";
import { tempDir } from "../support/project.js";

const subscription = { to: ["b@example.org", "a@example.org"], cc: ["c@example.org"], bcc: [], send: "changed" as const };
const input = {
  name: "meta-ai-strategy",
  edition: { lang: "en", format: "A4" },
  reportDate: "2026-11-22",
  from: "Dossier <dossier@example.org>",
  subscription,
  subject: "Meta's AI strategy, 22 November 2026",
  summary: "# Meta's AI strategy\n\n- up to $600 billion &lt;script&gt; [1]\n",
  pdf: { file: "meta-ai-strategy-2026-11-22.pdf", path: "/out/meta-ai-strategy-2026-11-22.pdf" },
};

describe("a subscription's message", () => {
  it("carries the summary as text and HTML, the dated PDF, and a Message-ID of the dossier, edition and recipients", () => {
    const letter = composeLetter(input);
    expect(letter.recipients).toEqual(["b@example.org", "a@example.org", "c@example.org"]);
    expect(letter.messageId).toMatch(/^<dossier\.meta-ai-strategy\.2026-11-22\.[0-9a-f]{20}@example\.org>$/);
    expect(letter.mail.text).toBe(input.summary);
    expect(letter.mail.html).toContain('<html lang="en">');
    expect(letter.mail.html).toContain("<li>up to $600 billion &lt;script&gt; [1]</li>");
    expect(letter.mail.attachments).toEqual([{ filename: input.pdf.file, path: input.pdf.path, contentType: "application/pdf" }]);
    // The same message for the same edition and recipients, whatever their order; another for another edition.
    expect(composeLetter({ ...input, subscription: { ...subscription, to: ["a@example.org", "b@example.org"] } }).messageId).toBe(
      letter.messageId,
    );
    expect(composeLetter({ ...input, reportDate: "2026-11-23" }).messageId).not.toBe(letter.messageId);
    expect(subscriptionKey(subscription, { lang: "fr", format: "A4" })).not.toBe(letter.key);
  });
});

describe("the SMTP settings", () => {
  it("come from DOSSIER_SMTP_URL or the file DOSSIER_SMTP_URL_FILE names, with the password as a secret", async () => {
    const settings = await smtpSettings({ DOSSIER_SMTP_URL: "smtps://me:p%40ss@mail.example.org:465" });
    expect(settings.url).toBe("smtps://me:p%40ss@mail.example.org:465");
    expect(redact("535 auth failed for smtps://me:p%40ss@mail.example.org:465 (p@ss)", settings.secrets)).toBe(
      "535 auth failed for *** (***)",
    );
    const file = join(await tempDir(), "smtp-url");
    await writeFile(file, "smtp://me:secret@127.0.0.1:2525\n");
    expect((await smtpSettings({ DOSSIER_SMTP_URL_FILE: file })).url).toBe("smtp://me:secret@127.0.0.1:2525");
  });

  it("are refused in words that never repeat the value", async () => {
    await expect(smtpSettings({})).rejects.toThrow(/set DOSSIER_SMTP_URL/);
    await expect(smtpSettings({ DOSSIER_SMTP_URL: "not a url with secret" })).rejects.toThrow(UserError);
    await expect(smtpSettings({ DOSSIER_SMTP_URL: "not a url with secret" })).rejects.not.toThrow(/secret/);
    await expect(smtpSettings({ DOSSIER_SMTP_URL: "https://me:secret@example.org" })).rejects.toThrow(
      /must start with smtp:\/\/ or smtps:\/\/ \(got https:\/\/\.\.\.\)/,
    );
  });
});
