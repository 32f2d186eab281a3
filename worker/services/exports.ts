import { and, asc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { signatures, type Campaign, type Locale, type Signature } from "../../schema/tables";
import type { Database } from "../env";
import { csvRow, UTF8_BOM } from "../lib/csv";
import { t } from "../i18n";
import { collationText } from "../lib/names";
import { afterCursor } from "../queries/signatures";
import { deliveryRecord, deliveryRecordText, escapeMarkdown, exportedLetter, letterHead } from "./export-letter";
import { unnamedNote } from "./public-notes";

/**
 * The signatory list in the forms organizers hand over. Rows are read a keyset page at a time and
 * written out as they come, so that a campaign of 100,000 signatures never sits in memory whole.
 */

export const EXPORT_PAGE_SIZE = 500;

export interface ExportOptions {
  /** Only published signatures (the letter's list), or every status (the organizers' records). */
  publishedOnly: boolean;
  /** Headings per country in the letter-ready formats. */
  groupByCountry: boolean;
  /** The contact's name, title and email in the spreadsheet and JSON: not for a campaign's viewers. */
  withContacts: boolean;
  /** The letter-ready formats' language, one the campaign has: its text, labels, country names and collation. */
  lang: Locale;
  /** The deployment's public origin: a delivered letter's export says where its record can be checked. */
  baseUrl: string;
}

/** Every matching signature in (sort key, id) order, one page per query. */
export async function* signaturesInOrder(db: Database, campaignId: number, publishedOnly: boolean, country?: string | null): AsyncGenerator<Signature> {
  let after: { sortKey: string; id: string } | undefined;
  for (;;) {
    const filters: SQL[] = [eq(signatures.campaignId, campaignId)];
    if (publishedOnly) filters.push(eq(signatures.status, "published"));
    if (country !== undefined) filters.push(country === null ? isNull(signatures.country) : eq(signatures.country, country));
    if (after) filters.push(afterCursor(after));
    const page = await db
      .select()
      .from(signatures)
      .where(and(...filters))
      .orderBy(asc(signatures.sortKey), asc(signatures.id))
      .limit(EXPORT_PAGE_SIZE)
      .all();
    yield* page;
    if (page.length < EXPORT_PAGE_SIZE) return;
    const last = page.at(-1)!;
    after = { sortKey: last.sortKey, id: last.id };
  }
}

/**
 * The same rows in the campaign language's collation order. The database orders by folded key,
 * which agrees with the collator on the first letter (an "Ñ" folds to "n" and the Spanish collator
 * puts it after every other "n", still before "o"); so rows are collated one initial at a time,
 * and memory holds at most one initial's worth.
 */
export async function* collated(rows: AsyncIterable<Signature>, language: Locale): AsyncGenerator<Signature> {
  const collator = new Intl.Collator(language, { sensitivity: "base", numeric: true });
  let bucket: Signature[] = [];
  let initial: string | undefined;
  // Each name's collation text once, not once per comparison.
  const flush = () =>
    bucket
      .map((row) => ({ row, text: collationText(row.name) }))
      .sort((a, b) => collator.compare(a.text, b.text) || (a.row.id < b.row.id ? -1 : 1))
      .map(({ row }) => row);
  for await (const row of rows) {
    const first = [...row.sortKey][0] ?? "";
    if (first !== initial && bucket.length) {
      yield* flush();
      bucket = [];
    }
    initial = first;
    bucket.push(row);
  }
  yield* flush();
}

export async function countExported(db: Database, campaignId: number, publishedOnly: boolean) {
  const row = await db
    .select({ count: sql<number>`count(*)` })
    .from(signatures)
    .where(and(eq(signatures.campaignId, campaignId), publishedOnly ? eq(signatures.status, "published") : undefined))
    .get();
  return row?.count ?? 0;
}

/** The countries of the list, named and ordered in `lang`; no country last. */
async function countryGroups(db: Database, campaign: Campaign, publishedOnly: boolean, lang: Locale) {
  const rows = await db
    .select({ country: signatures.country })
    .from(signatures)
    // Countries of named entries only: a heading of its own would point at those not named.
    .where(and(eq(signatures.campaignId, campaign.id), eq(signatures.unnamed, false), publishedOnly ? eq(signatures.status, "published") : undefined))
    .groupBy(signatures.country)
    .all();
  const names = new Intl.DisplayNames([lang], { type: "region" });
  const collator = new Intl.Collator(lang);
  const named = rows
    .filter((row) => row.country)
    .map((row) => ({ country: row.country as string | null, label: names.of(row.country!) ?? row.country! }))
    .sort((a, b) => collator.compare(a.label, b.label));
  if (rows.some((row) => !row.country)) named.push({ country: null, label: t(lang, "exportOther") });
  return named;
}

export interface ListSection {
  /** A country's name when grouping, else null. */
  heading: string | null;
  rows: AsyncGenerator<Signature>;
}

/** The entries that may be named in a letter: those who asked not to be are counted by `unnamedNote` instead. */
async function* named(rows: AsyncIterable<Signature>): AsyncGenerator<Signature> {
  for await (const row of rows) if (!row.unnamed) yield row;
}

/**
 * The letter's list in sections (one, or one per country), each in the export language's collation
 * order: the named entries. The letter-ready formats close it with `unnamedNote`.
 */
export async function* letterList(db: Database, campaign: Campaign, options: ExportOptions): AsyncGenerator<ListSection> {
  if (!options.groupByCountry) {
    yield { heading: null, rows: collated(named(signaturesInOrder(db, campaign.id, options.publishedOnly)), options.lang) };
    return;
  }
  for (const group of await countryGroups(db, campaign, options.publishedOnly, options.lang)) {
    yield { heading: group.label, rows: collated(named(signaturesInOrder(db, campaign.id, options.publishedOnly, group.country)), options.lang) };
  }
}

/** One entry as the letters print it: "Name", "Name, Affiliation", or "Coalition: member; member". */
export function letterEntry(signature: Pick<Signature, "kind" | "name" | "affiliation" | "members">): string {
  const name = signature.kind === "individual" && signature.affiliation ? `${signature.name}, ${signature.affiliation}` : signature.name;
  return signature.members.length ? `${name}: ${signature.members.join("; ")}` : name;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const CSV_COLUMNS = [
  "id", "status", "kind", "name", "affiliation", "members", "city", "region", "country", "website",
  "contact_name", "contact_title", "email", "locale", "source", "partner", "letter_version",
  "signed_at", "verified_at", "published_at", "held_reason", "rejected_reason", "unnamed", "authenticated",
] as const;

const CONTACT_COLUMNS = new Set<string>(["contact_name", "contact_title", "email"]);

function csvValues(row: Signature) {
  return [
    row.id, row.status, row.kind, row.name, row.affiliation, row.members.join("; "), row.city, row.region, row.country, row.website,
    row.contactName, row.contactTitle, row.email, row.locale, row.source, row.partner, row.letterVersion,
    iso(row.createdAt), iso(row.verifiedAt), iso(row.publishedAt), row.heldReason, row.rejectedReason,
    // Blank for the usual case, so that the few not to be named stand out in a sheet.
    row.unnamed ? "yes" : "", row.authenticated,
  ];
}

/** The JSON export's signature: every field, typed (arrays, numbers, ISO times or null); the contact's only `withContacts`. */
export function jsonSignature(row: Signature, withContacts: boolean) {
  const signature = {
    id: row.id,
    status: row.status,
    kind: row.kind,
    name: row.name,
    affiliation: row.affiliation,
    members: row.members,
    city: row.city,
    region: row.region,
    country: row.country,
    website: row.website,
    contactName: row.contactName,
    contactTitle: row.contactTitle,
    email: row.email,
    locale: row.locale,
    source: row.source,
    partner: row.partner,
    letterVersion: row.letterVersion,
    signedAt: row.createdAt.toISOString(),
    verifiedAt: iso(row.verifiedAt),
    publishedAt: iso(row.publishedAt),
    heldReason: row.heldReason,
    rejectedReason: row.rejectedReason,
    /** Asked not to be named publicly: counted, never to be published by name. */
    unnamed: row.unnamed,
    authenticated: row.authenticated,
  };
  if (withContacts) return signature;
  const { contactName, contactTitle, email, ...withoutContact } = signature;
  return withoutContact;
}

export async function* csvExport(db: Database, campaign: Campaign, options: ExportOptions): AsyncGenerator<string> {
  const kept = CSV_COLUMNS.flatMap((column, index) => (options.withContacts || !CONTACT_COLUMNS.has(column) ? [index] : []));
  yield UTF8_BOM + csvRow(kept.map((index) => CSV_COLUMNS[index]));
  for await (const row of signaturesInOrder(db, campaign.id, options.publishedOnly)) {
    const values = csvValues(row);
    yield csvRow(kept.map((index) => values[index]));
  }
}

export async function* jsonExport(db: Database, campaign: Campaign, options: ExportOptions): AsyncGenerator<string> {
  const head = {
    slug: campaign.slug,
    title: campaign.title,
    letterDate: campaign.letterDate,
    version: campaign.version,
    count: campaign.signatureCount,
    exportedAt: new Date().toISOString(),
  };
  yield `{"campaign":${JSON.stringify(head)},"signatures":[`;
  let first = true;
  for await (const row of signaturesInOrder(db, campaign.id, options.publishedOnly)) {
    yield (first ? "\n" : ",\n") + JSON.stringify(jsonSignature(row, options.withContacts));
    first = false;
  }
  yield "\n]}\n";
}

/**
 * The letter with its list, in the export's language: the letter's parts (`letterHead`), then
 * the names as plain lines (`txt`) or a Markdown list (`md`), in sections per country, and, once
 * delivered, the delivery record with its fingerprint.
 */
export async function* letterExport(db: Database, campaign: Campaign, options: ExportOptions, format: "txt" | "md"): AsyncGenerator<string> {
  yield letterHead(exportedLetter(campaign, options.lang), format);
  let firstSection = true;
  for await (const section of letterList(db, campaign, options)) {
    if (section.heading) yield `${firstSection ? "" : "\n"}${format === "md" ? `### ${escapeMarkdown(section.heading)}` : section.heading}\n\n`;
    firstSection = false;
    let lines: string[] = [];
    for await (const row of section.rows) {
      lines.push(format === "md" ? `- ${escapeMarkdown(letterEntry(row))}` : letterEntry(row));
      if (lines.length >= 200) {
        yield lines.join("\n") + "\n";
        lines = [];
      }
    }
    if (lines.length) yield lines.join("\n") + "\n";
  }
  const unnamed = unnamedNote(campaign, campaign.unnamedCount, options.lang);
  if (unnamed) yield `\n${format === "md" ? escapeMarkdown(unnamed) : unnamed}\n`;
  const record = await deliveryRecord(db, campaign, options.lang, options.baseUrl);
  if (record) yield `\n${deliveryRecordText(record, format)}`;
}

/** An async generator of text as a byte stream that reads the next piece only when asked. */
export function textStream(pieces: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await pieces.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
}
