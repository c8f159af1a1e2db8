// Where the mail goes out: an SMTP server named by the environment, never by the repository.
// DOSSIER_SMTP_URL (smtp://user:password@host:587, STARTTLS when the server offers it, or
// smtps://...:465 for TLS from the start), or DOSSIER_SMTP_URL_FILE naming a file that holds it
// (a secret mounted by systemd, Docker or Kubernetes). Whatever the run prints is cleared of it.
import { readFile } from "node:fs/promises";
import { UserError } from "../errors.js";

export interface SmtpSettings {
  url: string;
  /** The words that must never be printed: the URL and its password, as written and decoded. */
  secrets: string[];
}

export async function smtpSettings(env: NodeJS.ProcessEnv = process.env): Promise<SmtpSettings> {
  const file = env.DOSSIER_SMTP_URL_FILE;
  const url = (
    env.DOSSIER_SMTP_URL ??
    (file === undefined
      ? undefined
      : await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
          throw new UserError(`Cannot read DOSSIER_SMTP_URL_FILE (${file}): ${error.code === "ENOENT" ? "no such file" : error.code}.`);
        }))
  )?.trim();
  if (url === undefined || url === "")
    throw new UserError(
      "No SMTP server to send the dossier with: set DOSSIER_SMTP_URL (smtp://user:password@host:587) or DOSSIER_SMTP_URL_FILE (a file holding it), or run with --dry-run.",
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(
      "DOSSIER_SMTP_URL is not a URL such as smtp://user:password@host:587 (its value is not printed: it may hold a password).",
    );
  }
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:")
    throw new UserError(`DOSSIER_SMTP_URL must start with smtp:// or smtps:// (got ${parsed.protocol}//...).`);
  const secrets = [url, parsed.password, decodeURIComponent(parsed.password)].filter((secret) => secret.length > 0);
  return { url, secrets };
}

/** Text with every secret replaced by "***": for messages that quote a server's or a library's words. */
export function redact(text: string, secrets: readonly string[]): string {
  return [...secrets].sort((a, b) => b.length - a.length).reduce((said, secret) => said.split(secret).join("***"), text);
}
