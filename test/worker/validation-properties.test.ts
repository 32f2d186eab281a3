import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fold, organizationKey, searchPatterns, sortKey } from "../../worker/lib/names";
import { fieldErrors } from "../../worker/lib/validation";
import { SignOnBody } from "../../worker/schemas";

const validBody = {
  organization: "Red Mesoamericana Mujer Salud y Migración",
  country: "GT",
  contactName: "Ana",
  email: "ana@example.org",
  authorized: true,
};

const FORBIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

describe("SignOnBody (property-based)", () => {
  it("accepts any organization name without control characters, stored trimmed and in NFC", () => {
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
