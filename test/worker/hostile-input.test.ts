import { eq } from "drizzle-orm";
import Papa from "papaparse";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { signatures } from "../../schema/tables";
import { seedOrganizer } from "../support/organizers";
import { call, db, HEAVY_TEST_TIMEOUT_MS, mailbox, postJson, seedCampaign, signAndConfirm, signOnBody, verifyPath } from "../support/worker";

/** Names a hostile or careless signer might type, each acceptable as data and dangerous as markup. */
export const HOSTILE_NAMES = [
  `<script>alert("x")</script>`,
  `"><img src=x onerror=alert(1)>`,
  "=HYPERLINK(\"http://evil.example\",\"click\")",
  "+1+cmd|' /C calc'!A0",
  "@SUM(1+1)",
  "-2+3",
  // Invisible characters are refused (look-alikes.test.ts); an address is kept, and linked nowhere.
  "Visit https://evil.example/pay now",
  "مؤسسة العدالة",
  "{{constructor.constructor('alert(1)')()}}",
  "${7*7}",
  "Robert'); DROP TABLE signatures;--",
];

describe("hostile input", () => {
  for (const name of HOSTILE_NAMES) {
    it(`stores ${JSON.stringify(name)} as typed and never lets it act as markup`, async () => {
      const campaign = await seedCampaign();
      const { body, confirmed } = await signAndConfirm(campaign.slug, { organization: name, contactName: name });

      const confirmation = await confirmed.text();
      const list = await (await call(`/api/campaigns/${campaign.slug}/signatures`)).json<any>();
      const emails = await mailbox(body.email);

      expect(list.items.map((item: any) => item.name)).toEqual([name]);
      expect(confirmation).not.toContain("<script>alert");
      expect(confirmation).not.toContain("<img src=x");
      for (const email of emails) {
        expect(email.html).not.toContain("<script>alert");
        expect(email.html).not.toContain("<img src=x");
      }
    });
  }

  it("refuses a 10,000-character string cleanly and stores nothing", async () => {
    const campaign = await seedCampaign();
    const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ organization: "x".repeat(10_000) }));
    expect([413, 422]).toContain(response.status);
    expect(await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all()).toEqual([]);
  });

  it("refuses invalid UTF-8 as malformed or invalid, never storing replacement garbage", async () => {
    const campaign = await seedCampaign();
    const [before, after] = JSON.stringify(signOnBody({ organization: "SPLIT" })).split("SPLIT");
    const bytes = new Uint8Array([...new TextEncoder().encode(before), 0xc3, 0x28, 0xff, ...new TextEncoder().encode(after)]);
    const response = await call(`/api/campaigns/${campaign.slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: bytes,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ title: "Request body is not valid UTF-8" });
    expect(await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all()).toEqual([]);
  });

  it("refuses deeply nested JSON and wrong types with field errors", async () => {
    const campaign = await seedCampaign();
    let nested: unknown = "deep";
    for (let depth = 0; depth < 500; depth++) nested = { nested };
    for (const body of [
      signOnBody({ members: [nested] }),
      signOnBody({ organization: { toString: "x" } }),
      signOnBody({ authorized: "true" }),
      signOnBody({ email: ["a@example.org"] }),
      [signOnBody()],
      null,
      JSON.stringify("a string"),
    ]) {
      const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(422);
    }
    expect(await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all()).toEqual([]);
  });

  it("does not let a link path smuggle anything into the verification page", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);
    const [email] = await mailbox(body.email);
    const response = await call(`${verifyPath(email)}%3Cscript%3E`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("<script>");
  });

  it("comes out of every export as data: never a formula, markup or a broken file", async () => {
    const campaign = await seedCampaign();
    for (const name of HOSTILE_NAMES) await signAndConfirm(campaign.slug, { organization: name, contactName: name });
    const { auth } = await seedOrganizer(campaign);
    const exported = async (format: string) => {
      const response = await call(`/api/admin/campaigns/${campaign.slug}/export?format=${format}`, { headers: auth });
      expect(response.status, format).toBe(200);
      return response;
    };

    const csv = Papa.parse<Record<string, string>>((await (await exported("csv")).text()).replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true });
    const json: { signatures: Array<{ name: string }> } = await (await exported("json")).json();
    const txt = await (await exported("txt")).text();
    const md = await (await exported("md")).text();
    const pdf = await getDocumentProxy(new Uint8Array(await (await exported("pdf")).arrayBuffer()));

    expect(csv.errors).toEqual([]);
    for (const row of csv.data) {
      for (const cell of [row.name, row.contact_name]) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(csv.data.map((row) => row.name.replace(/^'(?=[=+\-@\t\r])/, "")).sort()).toEqual([...HOSTILE_NAMES].sort());
    expect(json.signatures.map((row) => row.name).sort()).toEqual([...HOSTILE_NAMES].sort());
    // The names follow the letter, under the list's heading.
    expect(txt.split(/^Signatories \(\d+\)\n\n/m)[1].trim().split("\n").sort()).toEqual([...HOSTILE_NAMES].sort());
    // Every "<" is escaped, so Markdown renderers print it instead of opening a tag.
    expect(md).not.toMatch(/(^|[^\\])</m);
    expect((await extractText(pdf, { mergePages: true })).text).toContain("DROP TABLE signatures");
  }, HEAVY_TEST_TIMEOUT_MS);
});
