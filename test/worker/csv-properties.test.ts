import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvRow } from "../../worker/lib/csv";
import { newId } from "../../worker/lib/tokens";

const FORMULA_START = /^[=+\-@\t\r]/;
// Strings rich in what breaks CSV: separators, quotes, line ends and formula prefixes.
const cell = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(",", '"', "\n", "\r", "=", "+", "-", "@", "\t", " ", "a", "é", "𝔸"), maxLength: 12 }),
);

describe("csvRow", () => {
  it("reads back, through a CSV parser, as the same cells, formulas neutralized", () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 2, maxLength: 8 }), (cells) => {
        const { data, errors } = Papa.parse<string[]>(csvRow(cells) + csvRow(cells), { newline: "\r\n", delimiter: "," });
        expect(errors).toEqual([]);
        const expected = cells.map((value) => (FORMULA_START.test(value) ? `'${value}` : value));
        expect(data.slice(0, 2)).toEqual([expected, expected]);
        for (const value of data[0]) expect(value).not.toMatch(FORMULA_START);
      }),
      { numRuns: 500 },
    );
  });
});

describe("newId", () => {
  it("never makes an id that a CSV export would have to neutralize", () => {
    // One base64url id in 64 began with "-" before: 10,000 would all but surely include one.
    const ids = Array.from({ length: 10_000 }, newId);
    for (const id of ids) expect(csvRow([id])).toBe(`${id}\r\n`);
  });
});
