import { z } from "@hono/zod-openapi";
import { and, eq, inArray, notInArray } from "drizzle-orm";
import Papa from "papaparse";
import { blocklist, signatures, type Campaign } from "../../schema/tables";
import type { Database } from "../env";
import { COUNTRY_CODES, isCountryCode } from "../lib/countries";
import { fold, organizationKey, organizationKeyVariants, searchText, sortKey } from "../lib/names";
import type { FieldError } from "../lib/problem";
import { newId } from "../lib/tokens";
import { withScheme } from "../lib/urls";
import { fieldErrors, line, website } from "../lib/validation";
import { blockableNames } from "../queries/blocklist";
import { audit } from "../queries/organizers";

/**
 * Signatories collected elsewhere (a Google Form's CSV export, a spreadsheet): previewed with an
 * error per row, then stored as published entries marked `import:<source>`.
 */

/** One request writes at most this many rows: each is a statement, and D1 bounds them per call. */
export const MAX_IMPORT_ROWS = 500;

type Field = "organization" | "email" | "contactName" | "contactTitle" | "members" | "website" | "country" | "region" | "city" | "signedAt";

// Column headings as forms in English, Spanish and French name them, folded; checked in this
// order, so that "Contact name" is the contact and "Organization name" the organization.
const HEADINGS: Array<[Field, string[]]> = [
  ["email", ["email", "e mail", "correo", "courriel", "mail"]],
  ["signedAt", ["timestamp", "marca temporal", "horodateur", "fecha", "date"]],
  ["contactTitle", ["title", "cargo", "titre", "position", "puesto", "fonction"]],
  ["contactName", ["contact", "your name", "full name", "su nombre", "nombre completo", "votre nom", "nom complet", "persona", "responsable"]],
  ["members", ["member", "miembro", "membre", "coalition", "coalicion"]],
  ["website", ["website", "web", "sitio", "site", "url"]],
  ["country", ["country", "pais", "pays"]],
  ["region", ["region", "state", "estado", "province", "provincia"]],
  ["city", ["city", "ciudad", "ville", "municipio"]],
  ["organization", ["organization", "organisation", "organizacion", "organisme", "name", "nombre", "nom"]],
];

function fieldOf(heading: string): Field | undefined {
  const folded = fold(heading);
  return HEADINGS.find(([, words]) => words.some((word) => folded.includes(word)))?.[0];
}

/**
 * Each field from one column: where several headings name it, the shortest, the plain label, wins
 * ("Organization" over "Are you authorized to sign on behalf of your organization?").
 */
function fieldsOf(headings: string[]): Array<Field | undefined> {
  const fields = headings.map(fieldOf);
  const column = new Map<Field, number>();
  fields.forEach((field, i) => {
    if (!field) return;
    const chosen = column.get(field);
    if (chosen === undefined || headings[i].length < headings[chosen].length) column.set(field, i);
  });
  return fields.map((field, i) => (field && column.get(field) === i ? field : undefined));
}

const TIME = String.raw`(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})${TIME}$`);
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${TIME}$`);

/**
 * A form's timestamp: year first (2021-11-18, 2021/11/18 9:15:00), or year last, day first as
 * Spanish and French forms write it and month first as English ones do (the campaign's language
 * says which; a first number over 12 can only be a day); else ISO 8601 with its zone. Read as UTC
 * otherwise: a form's export does not say its time zone. Undefined when it is no date.
 */
function parseSignedAt(value: string, language: Campaign["language"]): Date | null | undefined {
  const text = value.trim();
  if (!text) return null;
  let parts = YEAR_FIRST.exec(text)?.slice(1).map(Number);
  if (!parts) {
    const match = YEAR_LAST.exec(text)?.slice(1).map(Number);
    if (match) {
      const [first, second, year, ...time] = match;
      const [day, month] = language !== "en" || first > 12 ? [first, second] : [second, first];
      parts = [year, month, day, ...time];
    }
  }
  if (parts) {
    const [year, month, day, hours = 0, minutes = 0, seconds = 0] = parts.map((part) => part || 0);
    const date = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds));
    return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
  }
  const time = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(time) ? undefined : new Date(time);
}

// Country names in the three languages, folded, plus the abbreviations forms are full of.
const COUNTRY_NAMES = (() => {
  const names = new Map<string, string>([
    ["usa", "US"], ["eeuu", "US"], ["ee uu", "US"], ["eua", "US"], ["uk", "GB"], ["united states of america", "US"],
  ]);
  for (const locale of ["en", "es", "fr"]) {
    const display = new Intl.DisplayNames([locale], { type: "region" });
    for (const code of COUNTRY_CODES) {
      const name = display.of(code);
      if (name) names.set(fold(name), code);
    }
  }
  return names;
})();

export function countryCode(value: string): string | undefined {
  const trimmed = value.trim();
  if (isCountryCode(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return COUNTRY_NAMES.get(fold(trimmed));
}

const optional = (schema: z.ZodType<string>) => schema.optional().transform((value) => (value ? value : null));

/** A row as the campaign reads it: its language decides how a numeric date is read. */
const importRow = (language: Campaign["language"]) =>
  z.strictObject({
    organization: line(200).min(1),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254)
      .pipe(z.union([z.literal(""), z.email()]))
      .optional()
      .transform((value) => value || null),
    contactName: optional(line(120)),
    contactTitle: optional(line(120)),
    members: z.array(line(300).min(1)).max(200).default([]),
    website: optional(website(300)),
    country: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (!value?.trim()) return null;
        const code = countryCode(value);
        if (!code) ctx.addIssue({ code: "custom", message: `“${value}” is not a country we know`, params: { code: "invalid_country" } });
        return code ?? null;
      }),
    region: optional(line(100)),
    city: optional(line(100)),
    signedAt: z
      .string()
      .optional()
      .transform((value, ctx) => {
        const date = parseSignedAt(value ?? "", language);
        if (date === undefined) {
          ctx.addIssue({ code: "custom", message: `“${value}” is not a date we can read: write 2021-11-18 or 18/11/2021`, params: { code: "invalid_date" } });
        }
        return date ?? null;
      }),
  });

type ImportValues = z.output<ReturnType<typeof importRow>>;

export interface ImportedRow {
  /** The row's line in the file, counting the heading as line 1. */
  line: number;
  status: "ok" | "error" | "duplicate";
  values: Record<string, unknown>;
  errors: FieldError[];
  /** For a duplicate: the name already on this campaign (same organization, or same email and organization). */
  duplicateOf?: string;
  /** For a duplicate of a row above it in the same file: that row's line. */
  duplicateOfLine?: number;
}

export interface ImportResult {
  columns: Record<string, Field | null>;
  rows: ImportedRow[];
  summary: { total: number; ok: number; errors: number; duplicates: number; imported: number };
}

const splitMembers = (value: string | undefined) =>
  (value ?? "")
    .split(/[;\n]/)
    .map((member) => member.trim())
    .filter(Boolean);

export async function importCsv(
  db: Database,
  campaign: Campaign,
  organizerId: number,
  { csv, source, commit }: { csv: string; source: string; commit: boolean },
): Promise<ImportResult> {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const [headings = [], ...records] = parsed.data;
  const fields = fieldsOf(headings);
  const columns = Object.fromEntries(headings.map((heading, i) => [heading, fields[i] ?? null]));
  if (!fields.includes("organization")) {
    return {
      columns,
      rows: [{ line: 1, status: "error", values: {}, errors: [{ field: "organization", pointer: "/organization", code: "required", message: "no column names the organization (e.g. “Organization”)" }] }],
      summary: { total: 0, ok: 0, errors: 1, duplicates: 0, imported: 0 },
    };
  }
  if (records.length > MAX_IMPORT_ROWS) {
    return {
      columns,
      rows: [{ line: 1, status: "error", values: {}, errors: [{ field: "(file)", pointer: "", code: "too_many", message: `at most ${MAX_IMPORT_ROWS} rows per import; split the file` }] }],
      summary: { total: records.length, ok: 0, errors: 1, duplicates: 0, imported: 0 },
    };
  }

  const schema = importRow(campaign.language);
  const rows: ImportedRow[] = records.map((record, index) => {
    const raw: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      if (!field || raw[field] !== undefined) return;
      raw[field] = field === "members" ? splitMembers(record[i]) : (record[i] ?? "");
    });
    const result = schema.safeParse(raw);
    if (!result.success) return { line: index + 2, status: "error", values: raw, errors: fieldErrors(result.error, raw) };
    return { line: index + 2, status: "ok", values: result.data, errors: [] };
  });

  // An address the campaign blocks does not come in through an import either.
  const blocked = await db.select({ kind: blocklist.kind, value: blocklist.value }).from(blocklist).where(eq(blocklist.campaignId, campaign.id)).all();
  const blockedNames = new Set(blocked.map((entry) => `${entry.kind}:${entry.value}`));
  for (const row of rows) {
    const email = row.values.email as string | null;
    if (row.status !== "ok" || !email) continue;
    const { address, domains } = blockableNames(email);
    if (blockedNames.has(`email:${address}`) || domains.some((domain) => blockedNames.has(`domain:${domain}`))) {
      row.status = "error";
      row.errors = [{ field: "email", pointer: "/email", code: "blocked", message: "is on this campaign's blocklist" }];
    }
  }

  // Already on this campaign, or twice in the file: flagged, not written.
  const candidates = rows
    .filter((row) => row.status === "ok")
    .map((row) => {
      const key = organizationKey(row.values.organization as string);
      return { row, key, variants: organizationKeyVariants(key) };
    });
  const keys = [...new Set(candidates.flatMap(({ variants }) => variants))];
  const existing = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 90) {
    const found = await db
      .select({ key: signatures.organizationKey, name: signatures.name })
      .from(signatures)
      .where(and(eq(signatures.campaignId, campaign.id), inArray(signatures.organizationKey, keys.slice(i, i + 90)), notInArray(signatures.status, ["rejected", "withdrawn"])))
      .all();
    for (const row of found) existing.set(row.key, row.name);
  }
  const earlier = new Map<string, number>();
  for (const { row, key, variants } of candidates) {
    const duplicateOf = variants.map((variant) => existing.get(variant)).find(Boolean);
    const earlierLine = variants.map((variant) => earlier.get(variant)).find(Boolean);
    if (duplicateOf) {
      row.status = "duplicate";
      row.duplicateOf = duplicateOf;
    } else if (earlierLine) {
      row.status = "duplicate";
      row.duplicateOfLine = earlierLine;
    } else {
      earlier.set(key, row.line);
    }
  }

  const ready = rows.filter((row) => row.status === "ok");
  let imported = 0;
  if (commit && ready.length) {
    const now = new Date();
    const inserts = ready.map((row) => {
      const v = row.values as ImportValues;
      const signedAt = v.signedAt ?? now;
      return db.insert(signatures).values({
        id: newId(),
        campaignId: campaign.id,
        kind: "organization",
        name: v.organization,
        city: v.city,
        region: v.region,
        country: v.country,
        website: v.website ? withScheme(v.website) : null,
        members: v.members,
        sortKey: sortKey(v.organization),
        organizationKey: organizationKey(v.organization),
        searchText: searchText([v.organization, v.city, v.region, ...v.members]),
        contactName: v.contactName,
        contactTitle: v.contactTitle,
        email: v.email,
        emailDomain: v.email?.split("@")[1] ?? null,
        locale: campaign.language,
        source: `import:${source}`,
        letterVersion: campaign.version,
        status: "published",
        createdAt: signedAt,
        publishedAt: signedAt,
        updatedAt: now,
      });
    });
    const record = audit(db, {
      organizerId,
      campaignId: campaign.id,
      entity: "signature",
      entityId: `import:${source}`,
      action: "import",
      after: { source, rows: ready.length, names: ready.map((row) => row.values.organization) },
    });
    await db.batch([record, ...inserts]);
    imported = ready.length;
  }

  return {
    columns,
    rows,
    summary: {
      total: rows.length,
      ok: ready.length,
      errors: rows.filter((row) => row.status === "error").length,
      duplicates: rows.filter((row) => row.status === "duplicate").length,
      imported,
    },
  };
}
