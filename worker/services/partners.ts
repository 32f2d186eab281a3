import { and, eq, isNotNull, isNull, like, ne, not, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { PartnerStats } from "../../contract";
import { signatures, type Campaign } from "../../schema/tables";
import type { Database } from "../env";

type Tally = "signOns" | "confirmations" | "publications";

const dayOf = (column: SQLWrapper) => sql<string>`strftime('%Y-%m-%d', ${column} / 1000, 'unixepoch')`;

/**
 * Which partner brought whom: sign-ons, confirmations and publications per partner (direct ones
 * under null) and per day, and each country's published count against its target with the
 * partners that brought sign-ons from it. Sign-ons are what signers sent: imports and bot-flagged
 * entries are not counted. One batch of grouped reads.
 */
export async function partnerStats(db: Database, campaign: Campaign): Promise<PartnerStats> {
  const signed = and(
    eq(signatures.campaignId, campaign.id),
    not(like(signatures.source, "import:%")),
    or(isNull(signatures.rejectedReason), ne(signatures.rejectedReason, "bot")),
  );
  const perDay = (tally: Tally, day: SQL<string>, where: SQL | undefined) =>
    db
      .select({ tally: sql<Tally>`${tally}`, day, partner: signatures.partner, count: sql<number>`count(*)` })
      .from(signatures)
      .where(where)
      .groupBy(day, signatures.partner);
  const [signOns, confirmations, publications, byCountry] = await db.batch([
    perDay("signOns", dayOf(signatures.createdAt), signed),
    perDay("confirmations", dayOf(signatures.verifiedAt), and(signed, isNotNull(signatures.verifiedAt))),
    perDay("publications", dayOf(signatures.publishedAt), and(eq(signatures.campaignId, campaign.id), eq(signatures.status, "published"))),
    db
      .select({
        country: signatures.country,
        published: sql<number>`sum(${signatures.status} = 'published')`,
        partners: sql<string | null>`json_group_array(distinct ${signatures.partner}) filter (where ${signatures.partner} is not null)`,
      })
      .from(signatures)
      .where(and(eq(signatures.campaignId, campaign.id), isNotNull(signatures.country), or(isNull(signatures.rejectedReason), ne(signatures.rejectedReason, "bot"))))
      .groupBy(signatures.country),
  ]);

  const days = new Map<string, PartnerStats["perDay"][number]>();
  const totals = new Map<string | null, PartnerStats["partners"][number]>();
  const zero = (partner: string | null) => ({ partner, signOns: 0, confirmations: 0, publications: 0 });
  for (const row of [...signOns, ...confirmations, ...publications]) {
    const key = `${row.day} ${row.partner ?? ""}`;
    const day = days.get(key) ?? { day: row.day, ...zero(row.partner) };
    day[row.tally] += row.count;
    days.set(key, day);
    const total = totals.get(row.partner) ?? zero(row.partner);
    total[row.tally] += row.count;
    totals.set(row.partner, total);
  }

  const targets = campaign.countryTargets;
  const seen = new Map(byCountry.map((row) => [row.country!, row]));
  const coverage = (country: string) => {
    const row = seen.get(country);
    return { country, target: targets[country] ?? null, published: row?.published ?? 0, partners: row?.partners ? (JSON.parse(row.partners) as string[]).sort() : [] };
  };
  const untargeted = [...seen.keys()].filter((country) => !(country in targets)).map(coverage);
  return {
    partners: [...totals.values()].sort(
      (a, b) => b.signOns - a.signOns || Number(a.partner === null) - Number(b.partner === null) || (a.partner ?? "").localeCompare(b.partner ?? ""),
    ),
    perDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day) || (a.partner ?? "").localeCompare(b.partner ?? "")),
    countries: [...Object.keys(targets).map(coverage), ...untargeted.sort((a, b) => b.published - a.published || a.country.localeCompare(b.country))],
  };
}
