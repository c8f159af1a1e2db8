/** Lowercase letters, digits and single hyphens, as ids and file names are: "Scale AI brief" -> "scale-ai-brief". */
export function slug(text: string, fallback: string): string {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return words === "" ? fallback : words;
}
