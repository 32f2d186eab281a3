import { describe, expect, it } from "vitest";
import { signatures } from "../../schema/tables";
import { organizationKey, searchText, sortKey } from "../../worker/lib/names";
import { call, db, seedCampaign } from "../support/worker";

let seeded = 0;
async function seedPublished(campaignId: number, entries: Array<{ name: string; country?: string; members?: string[] }>) {
  // One statement per row: D1 binds at most 100 parameters per statement.
  const rows = entries.map((entry) => ({
      id: `${campaignId}-${seeded++}`,
      campaignId,
      name: entry.name,
      country: entry.country ?? null,
      members: entry.members ?? [],
      sortKey: sortKey(entry.name),
      organizationKey: organizationKey(entry.name),
      searchText: searchText([entry.name, ...(entry.members ?? [])]),
      contactName: "Private Person",
      contactTitle: "Director",
      email: `private${seeded}@example.org`,
      source: "test",
      letterVersion: 1,
      status: "published" as const,
      publishedAt: new Date("2026-11-18T12:00:00Z"),
    }));
  await db.batch(rows.map((row) => db.insert(signatures).values(row)) as [any, ...any[]]);
}

const names = (body: any) => body.items.map((item: any) => item.name);

describe("GET /api/campaigns/:slug/signatures", () => {
  it("lists public fields only, never the contact", async () => {
    const campaign = await seedCampaign();
    await seedPublished(campaign.id, [{ name: "Grupo de Trabajo Sobre Política Migratoria-GTPM", country: "MX", members: ["IMUMI", "Sin Fronteras, IAP"] }]);

    const body = await (await call(`/api/campaigns/${campaign.slug}/signatures`)).json<any>();

    expect(body.count).toBe(1);
    expect(body.nextCursor).toBeNull();
    expect(body.items[0]).toEqual({
      id: expect.stringMatching(new RegExp(`^${campaign.id}-`)),
      kind: "organization",
      name: "Grupo de Trabajo Sobre Política Migratoria-GTPM",
      organization: "Grupo de Trabajo Sobre Política Migratoria-GTPM",
      city: null,
      region: null,
      country: "MX",
      website: null,
      members: ["IMUMI", "Sin Fronteras, IAP"],
      authenticated: null,
      signedAt: "2026-11-18T12:00:00.000Z",
    });
    expect(JSON.stringify(body)).not.toMatch(/Private Person|Director|example\.org/);
  });

  it("orders by a locale-aware folding: accents, case and leading quotes do not decide", async () => {
    const campaign = await seedCampaign();
    await seedPublished(campaign.id, [
      { name: "Zapatistas Solidarity" },
      { name: "étika Migrante" },
      { name: '"Como nacido entre nosotros"' },
      { name: "Asociación Pop No'j" },
      { name: "Espacio Migrante A.C." },
      { name: "asylum Access" },
    ]);

    const body = await (await call(`/api/campaigns/${campaign.slug}/signatures`)).json<any>();

    expect(names(body)).toEqual([
      "Asociación Pop No'j",
      "asylum Access",
      '"Como nacido entre nosotros"',
      "Espacio Migrante A.C.",
      "étika Migrante",
      "Zapatistas Solidarity",
    ]);
  });

  it("searches accent- and case-insensitively, coalition members included", async () => {
    const campaign = await seedCampaign();
    await seedPublished(campaign.id, [
      { name: "Centro de Derechos Humanos Fray Matías de Córdova A.C." },
      { name: "Coalición Pro Defensa del Migrante, A.C." },
      { name: "Grupo de Trabajo", members: ["Servicio Jesuita a Migrantes México"] },
      { name: "100% Migrant_Rights" },
    ]);

    const search = async (q: string) =>
      names(await (await call(`/api/campaigns/${campaign.slug}/signatures?q=${encodeURIComponent(q)}`)).json());

    expect(await search("MATIAS CORDOVA")).toEqual(["Centro de Derechos Humanos Fray Matías de Córdova A.C."]);
    expect(await search("coalicion")).toEqual(["Coalición Pro Defensa del Migrante, A.C."]);
    expect(await search("jesuita")).toEqual(["Grupo de Trabajo"]);
    expect(await search("100%")).toEqual(["100% Migrant_Rights"]);
    expect(await search("migrant_rights")).toEqual(["100% Migrant_Rights"]);
    expect(await search("nobody")).toEqual([]);
  });

  it("filters by country", async () => {
    const campaign = await seedCampaign();
    await seedPublished(campaign.id, [
      { name: "Al Otro Lado", country: "US" },
      { name: "Espacio Migrante", country: "MX" },
      { name: "Peace Brigades International-Canada", country: "CA" },
    ]);

    const body = await (await call(`/api/campaigns/${campaign.slug}/signatures?country=mx`)).json<any>();

    expect(names(body)).toEqual(["Espacio Migrante"]);
  });

  it("pages with a keyset cursor until the end, without repeats", async () => {
    const campaign = await seedCampaign();
    const all = Array.from({ length: 7 }, (_, i) => ({ name: `Organización ${String.fromCharCode(65 + i)}` }));
    await seedPublished(campaign.id, [...all, { name: "Organizacion a" }]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : "?limit=3";
      const body: any = await (await call(`/api/campaigns/${campaign.slug}/signatures${query}`)).json();
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...names(body));
      cursor = body.nextCursor;
    } while (cursor);

    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(seen.slice(0, 2).sort()).toEqual(["Organizacion a", "Organización A"]);
  });

  it("answers 304 to a matching ETag and a new ETag once the list changes", async () => {
    const campaign = await seedCampaign();
    await seedPublished(campaign.id, [{ name: "Hope Border Institute" }]);

    const first = await call(`/api/campaigns/${campaign.slug}/signatures`);
    const etag = first.headers.get("ETag")!;
    const again = await call(`/api/campaigns/${campaign.slug}/signatures`, { headers: { "If-None-Match": etag } });
    await seedPublished(campaign.id, [{ name: "Witness at the Border" }]);
    const changed = await call(`/api/campaigns/${campaign.slug}/signatures`, { headers: { "If-None-Match": etag } });

    expect(first.headers.get("Cache-Control")).toMatch(/public, max-age=\d+/);
    expect(again.status).toBe(304);
    expect(changed.status).toBe(200);
  });

  it("answers a repeat from the location's cache without reading D1, per Origin; conditional requests ask D1", async () => {
    const campaign = await seedCampaign();
    await seedPublished(campaign.id, [{ name: "Hope Border Institute" }, { name: "Kino Border Initiative" }]);
    const path = `/api/campaigns/${campaign.slug}/signatures`;
    // D1's statements, counted as the bench counts them (D1_STATS=on).
    const counting = { D1_STATS: "on" };
    const queries = async () => (await (await call("/dev/stats", {}, counting)).json<{ queries: number }>()).queries;
    await call("/dev/stats/reset", { method: "POST" }, counting);

    const first = await call(path, { headers: { Origin: "https://partner.example" } }, counting);
    const afterFirst = await queries();
    const repeat = await call(path, { headers: { Origin: "https://partner.example" } }, counting);
    const afterRepeat = await queries();
    const otherOrigin = await call(path, { headers: { Origin: "https://other.example" } }, counting);
    const afterOther = await queries();
    const conditional = await call(path, { headers: { "If-None-Match": first.headers.get("ETag")! } }, counting);

    expect(afterFirst).toBe(2);
    expect(afterRepeat).toBe(afterFirst);
    expect(names(await repeat.json())).toEqual(names(await first.json()));
    expect(repeat.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(repeat.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(otherOrigin.status).toBe(200);
    expect(afterOther).toBe(afterRepeat + 2);
    expect(conditional.status).toBe(304);
    expect(await queries()).toBe(afterOther + 1);
  });

  it("rereads past the copies at a list version they do not hold", async () => {
    const campaign = await seedCampaign();
    await seedPublished(campaign.id, [{ name: "Hope Border Institute" }]);
    const path = `/api/campaigns/${campaign.slug}/signatures`;
    const headers = { Origin: "https://partner.example" };

    const first = await call(path, { headers });
    await seedPublished(campaign.id, [{ name: "Kino Border Initiative" }]);
    const repeat = await call(path, { headers });
    const reread = await call(`${path}?version=7`, { headers });

    expect(names(await first.json())).toEqual(["Hope Border Institute"]);
    expect(names(await repeat.json())).toEqual(["Hope Border Institute"]);
    expect(names(await reread.json())).toEqual(["Hope Border Institute", "Kino Border Initiative"]);
    for (const response of [first, repeat, reread]) expect([...response.headers.keys()].filter((name) => name.startsWith("undersigned"))).toEqual([]);
  });

  it("rejects bad query parameters with the field named", async () => {
    const campaign = await seedCampaign();
    for (const [query, field, code] of [
      ["limit=0", "limit", "too_small"],
      ["limit=1000", "limit", "too_large"],
      ["limit=abc", "limit", "invalid_type"],
      ["country=ZZ", "country", "invalid_country"],
      ["cursor=bm90LWEtY3Vyc29y", "cursor", "invalid_cursor"],
      ["q=%00", "q", "control_characters"],
      ["version=-1", "version", "too_small"],
    ]) {
      const response = await call(`/api/campaigns/${campaign.slug}/signatures?${query}`);
      expect(response.status, query).toBe(422);
      expect((await response.json<any>()).errors[0], query).toMatchObject({ field, code });
    }
  });
});
