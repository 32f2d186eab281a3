import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fold, organizationKey, searchPatterns, sortKey } from "../../worker/lib/names";
import { fieldErrors } from "../../worker/lib/validation";
import { SignOnBody } from "../../contract";

const validBody = {
  organization: "Red Mesoamericana Mujer Salud y Migración",
  country: "GT",
  contactName: "Ana",
  email: "ana@example.org",
  authorized: true,
};

// Control, line-separator and bidi-override characters in any text; in a name also invisible
// (default-ignorable) and unassigned code points.
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\p{Default_Ignorable_Code_Point}\p{Cn}]/u;

describe("SignOnBody (property-based)", () => {
  it("accepts any organization name without control, invisible or unassigned characters, stored trimmed and in NFC", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }), (name) => {
        fc.pre(!FORBIDDEN.test(name) && name.normalize("NFC").trim().length > 0);
        const parsed = SignOnBody.safeParse({ ...validBody, organization: name });
        expect(parsed.success).toBe(true);
        if (parsed.success) expect(parsed.data.organization).toBe(name.normalize("NFC").trim());
      }),
      { numRuns: 300 },
    );
  });

  it("refuses every name carrying a control or bidi-override character, naming the field", () => {
    const forbidden = fc.oneof(
      fc.integer({ min: 0, max: 0x1f }),
      fc.integer({ min: 0x7f, max: 0x9f }),
      fc.integer({ min: 0x202a, max: 0x202e }),
      fc.integer({ min: 0x2066, max: 0x2069 }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), forbidden, fc.string({ maxLength: 20 }), (before, code, after) => {
        const name = `${before}x${String.fromCodePoint(code)}x${after}`;
        const parsed = SignOnBody.safeParse({ ...validBody, organization: name });
        expect(parsed.success).toBe(false);
        if (!parsed.success) expect(fieldErrors(parsed.error, { ...validBody, organization: name }).map((e) => e.field)).toContain("organization");
      }),
      { numRuns: 300 },
    );
  });

  it("refuses every name carrying an invisible or unassigned code point, naming the field and why", () => {
    const invisible = fc.constantFrom(0x00ad, 0x034f, 0x061c, 0x115f, 0x180e, 0x200b, 0x200d, 0x200e, 0x200f, 0x2060, 0x2064, 0x3164, 0xfe0f, 0xfeff, 0xffa0, 0xe0001);
    const unassigned = fc.constantFrom(0x0378, 0x0530, 0x2fe0, 0xfdd0, 0xffff, 0x10ffff);
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.oneof(invisible.map((code) => [code, "invisible_characters"] as const), unassigned.map((code) => [code, "unassigned_characters"] as const)), (before, [code, expected]) => {
        const name = `${before}Red${String.fromCodePoint(code)}Mesoamericana`;
        const parsed = SignOnBody.safeParse({ ...validBody, organization: name });
        expect(parsed.success).toBe(false);
        if (!parsed.success) expect(fieldErrors(parsed.error, { ...validBody, organization: name })).toContainEqual(expect.objectContaining({ field: "organization", code: expected }));
      }),
      { numRuns: 200 },
    );
  });

  it("turns any JSON value into either a valid sign-on or field errors, never a throw", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const parsed = SignOnBody.safeParse(value);
        if (!parsed.success) {
          const errors = fieldErrors(parsed.error, value);
          expect(errors.length).toBeGreaterThan(0);
          for (const error of errors) expect(error.pointer).toMatch(error.field === "(body)" ? /^$/ : /^\//);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("names each unknown field, whatever its name", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (key) => {
        fc.pre(!(key in SignOnBody.shape) && key !== "__proto__");
        const parsed = SignOnBody.safeParse({ ...validBody, [key]: 1 });
        expect(parsed.success).toBe(false);
        if (!parsed.success) expect(fieldErrors(parsed.error, { ...validBody, [key]: 1 })).toContainEqual(expect.objectContaining({ field: key, code: "unknown_field" }));
      }),
      { numRuns: 200 },
    );
  });
});

describe("name folding (property-based)", () => {
  it("is idempotent and ignores case and accents", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (name) => {
        expect(fold(fold(name))).toBe(fold(name));
        expect(fold(name.toUpperCase())).toBe(fold(name.toLowerCase()));
        expect(fold(name.normalize("NFD"))).toBe(fold(name.normalize("NFC")));
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same organization key with or without a legal suffix", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-zÁÉÍÓÚáéíóúñ][A-Za-zÁÉÍÓÚáéíóúñ ]{2,30}[a-z]$/), fc.constantFrom(", A.C.", " AC", ", I.A.P.", " Inc."), (name, suffix) => {
        expect(organizationKey(name + suffix)).toBe(organizationKey(name));
      }),
      { numRuns: 200 },
    );
  });

  it("never lets a LIKE wildcard through into a search pattern", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (query) => {
        for (const pattern of searchPatterns(query)) expect(pattern.slice(1, -1)).not.toMatch(/[%_\\]/);
      }),
      { numRuns: 300 },
    );
  });

  it("orders every name by a key that never depends on case or accents", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }), (name) => {
        expect(sortKey(name.toUpperCase())).toBe(sortKey(name.toLowerCase()));
      }),
      { numRuns: 200 },
    );
  });
});
