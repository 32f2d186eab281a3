import { z } from "@hono/zod-openapi";
import { and, eq, inArray, notInArray } from "drizzle-orm";
import Papa from "papaparse";
import { blocklist, signatures, type Campaign, type Signature } from "../../schema/tables";
import type { Database } from "../env";
import { COUNTRY_CODES, isCountryCode, LOCALES, line, name, website, type FieldError, type ImportedRow, type ImportField, type ImportResult } from "../../contract";
import { parseFormDate } from "../lib/form-dates";
import { fold, organizationKey, organizationKeyVariants } from "../lib/names";
import { newId } from "../lib/tokens";
import { fieldErrors } from "../lib/validation";
import { blockableNames } from "../queries/blocklist";
import { audit } from "../queries/organizers";
import { emailDomainOf, storedFields } from "../lib/signature-model";
import { signaturesPublishedEvent } from "./webhook-events";

/**
 * Signatories collected elsewhere (a Google Form's CSV export, a spreadsheet): previewed with an
 * error per row, then stored as published entries marked `import:<source>`.
 */

/** One request writes at most this many rows: each is a statement, and D1 bounds them per call. */
export const MAX_IMPORT_ROWS = 500;

type Field = ImportField;

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

// Country names in the three languages, folded, plus the abbreviations forms are full of.
const COUNTRY_NAMES = (() => {
  const names = new Map<string, string>([
    ["usa", "US"], ["eeuu", "US"], ["ee uu", "US"], ["eua", "US"], ["uk", "GB"], ["united states of america", "US"],
  ]);
  for (const locale of LOCALES) {
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

/** A row as the campaign reads it: its language and time zone decide how a form's date is read. */
const importRow = (campaign: Pick<Campaign, "language" | "timeZone">) =>
  z.strictObject({
    organization: name(200).min(1),
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
    members: z.array(name(300).min(1)).max(200).default([]),
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
        const date = parseFormDate(value ?? "", campaign);
        if (date === undefined) {
          ctx.addIssue({ code: "custom", message: `“${value}” is not a date we can read: write 2021-11-18 or 18/11/2021`, params: { code: "invalid_date" } });
        }
        return date ?? null;
      }),
  });

type ImportValues = z.output<ReturnType<typeof importRow>>;

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

  const schema = importRow(campaign);
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
    const imports = ready.map((row) => {
      const v = row.values as ImportValues;
      const signedAt = v.signedAt ?? now;
      return {
        id: newId(),
        campaignId: campaign.id,
        kind: "organization",
        ...storedFields({ name: v.organization, affiliation: null, city: v.city, region: v.region, country: v.country, website: v.website, members: v.members }),
        contactName: v.contactName,
        contactTitle: v.contactTitle,
        email: v.email,
        emailDomain: emailDomainOf(v.email),
        locale: campaign.language,
        source: `import:${source}`,
        letterVersion: campaign.version,
        status: "published",
        createdAt: signedAt,
        publishedAt: signedAt,
        updatedAt: now,
      } satisfies typeof signatures.$inferInsert;
    });
    const record = audit(db, {
      organizerId,
      campaignId: campaign.id,
      entity: "signature",
      entityId: `import:${source}`,
      action: "import",
      after: { source, rows: ready.length, names: ready.map((row) => row.values.organization) },
    });
    await db.batch([record, ...imports.map((values) => db.insert(signatures).values(values)), signaturesPublishedEvent(db, campaign, imports as Signature[], now)]);
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
