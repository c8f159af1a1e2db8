// @ts-check
// A bundle's text as V8 holds it at one byte per character. One character above U+00FF anywhere
// (a dash in a comment, a curly quote in a regular expression) makes V8 hold the whole 5 MB
// bundle at two bytes per character. esbuild escapes strings and names, not comments or regular
// expressions, so those characters are escaped here, as \uXXXX: the same character in a string,
// a regular expression (a surrogate pair for one beyond the BMP, which a /u expression reads as
// one) or a comment. Latin-1 characters stay as they are, since they already fit: a regular
// expression's source, which a library may read back (puppeteer's selector parser does), is
// changed only where it must be.

/** A character that would mean something else escaped: after a backslash, or a line separator, which ends a // comment. */
const UNSAFE = /\\[^\0-\xff]|[\u2028\u2029]/;

/**
 * The code with every character above U+00FF written as \uXXXX; throws where that would change
 * what the code means.
 * @param {string} code
 * @returns {string}
 */
export function oneBytePerCharacter(code) {
  const unsafe = UNSAFE.exec(code);
  if (unsafe !== null) {
    const at = `U+${(unsafe[0].codePointAt(unsafe[0].length - 1) ?? 0).toString(16).toUpperCase()}`;
    throw new Error(`the bundle holds ${at} where escaping it would change the code: cannot write it one byte per character`);
  }
  return code.replace(/[^\0-\xff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
