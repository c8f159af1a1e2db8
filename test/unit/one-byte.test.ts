// The bundles' text at one byte per character (src/setup/one-byte.mjs): every character above
// U+00FF escaped where the escape means the same character, the code refused where it would not.
import { describe, expect, it } from "vitest";
import { oneBytePerCharacter } from "../../src/setup/one-byte.mjs";

/** What a piece of code evaluates to, run as a function's body. */
const run = (code: string): unknown => new Function(code)();

describe("a bundle's text at one byte per character", () => {
  it("escapes every character above U+00FF, in strings, regular expressions and comments, to the same meaning", () => {
    const code = [
      "const dash = /(\\S) [-–—] (?=\\S)/g; // an incise – with an en dash",
      "const quotes = /[«“”»]/u; /* “curly” */",
      "const emoji = /^😀$/u;",
      'return ["a – b".replace(dash, "$1|"), quotes.test("”"), emoji.test("😀"), "…"];',
    ].join("\n");
    const escaped = oneBytePerCharacter(code);
    expect([...escaped].every((char) => char.charCodeAt(0) <= 0xff)).toBe(true);
    expect(escaped).toContain("[-\\u2013\\u2014]");
    expect(escaped).toContain("\\ud83d\\ude00");
    expect(run(escaped)).toEqual(run(code));
  });

  it("keeps Latin-1 characters as they are, so that a regular expression's source reads the same", () => {
    // puppeteer's selector parser rewrites its own expressions by their source.
    const code = 'return /(?<argument>¶*)/.source + "é«»";';
    expect(oneBytePerCharacter(code)).toBe(code);
    expect(run(oneBytePerCharacter(code))).toBe("(?<argument>¶*)é«»");
  });

  it("refuses a character after a backslash, and a line separator, which escaping would change", () => {
    expect(() => oneBytePerCharacter("const x = /\\—/;")).toThrow(/U\+2014 where escaping it would change the code/);
    expect(() => oneBytePerCharacter("// a comment\u2028const x = 1;")).toThrow(/U\+2028/);
    expect(oneBytePerCharacter("const x = /\\é/;")).toBe("const x = /\\é/;");
  });
});
