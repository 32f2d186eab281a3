import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signatures } from "../../schema/tables";
import { lookAlikeKey } from "../../worker/lib/names";
import { mixesScripts } from "../../worker/lib/scripts";
import { adminSend, seedOrganizer, seedSignature } from "../support/organizers";
import { call, db, postJson, seedCampaign, signAndConfirm, signOnBody } from "../support/worker";

const path = (slug: string) => `/api/campaigns/${slug}/signatures`;
const storedFor = async (email: string) => (await db.select().from(signatures).where(eq(signatures.email, email.toLowerCase())).all())[0];

describe("names are well-formed Unicode without invisible characters", () => {
  const refused: Array<[string, string, string]> = [
    ["a zero-width space", "Ox\u200Bfam", "invisible_characters"],
    ["a zero-width joiner", "Ox\u200Dfam", "invisible_characters"],
    ["a soft hyphen", "Ox\u00ADfam", "invisible_characters"],
    ["a word joiner", "Ox\u2060fam", "invisible_characters"],
    ["a left-to-right mark", "Oxfam\u200E", "invisible_characters"],
    ["a right-to-left mark", "\u200FOxfam", "invisible_characters"],
    ["a byte order mark", "Ox\uFEFFfam", "invisible_characters"],
    ["a zero-width non-joiner in a Latin word", "Ox\u200Cfam", "invisible_characters"],
    ["a Hangul filler standing for a name", "\u3164", "invisible_characters"],
    ["an unassigned code point", "Oxfam \u0378", "unassigned_characters"],
    ["a noncharacter", "Oxfam \uFFFF", "unassigned_characters"],
  ];

  for (const [label, organization, code] of refused) {
    it(`refuses ${label} with 422 and the field's code, and stores nothing`, async () => {
      const campaign = await seedCampaign();
      const body = signOnBody({ organization });

      const response = await postJson(path(campaign.slug), body);

      expect(response.status).toBe(422);
      expect((await response.json<any>()).errors).toEqual([expect.objectContaining({ field: "organization", pointer: "/organization", code })]);
      expect(await storedFor(body.email)).toBeUndefined();
    });
  }

  it("refuses a lone surrogate, which JSON can carry and UTF-8 cannot", async () => {
    const campaign = await seedCampaign();
    const body = JSON.stringify(signOnBody({ organization: "LONE" })).replace("LONE", "Oxfam \\ud800");

    const response = await postJson(path(campaign.slug), body);

    expect(response.status).toBe(422);
    expect((await response.json<any>()).errors).toEqual([expect.objectContaining({ field: "organization", code: "malformed_unicode" })]);
  });

  it("checks an individual's name, affiliation and member organizations the same way", async () => {
    const campaign = await seedCampaign({ signerKinds: ["organization", "individual"] });
    const body = signOnBody({ kind: "individual", organization: undefined, name: "Ana\u200B Pérez", affiliation: "Red\u00ADes", members: ["Uno", "Do\u2060s"] });

    const response = await postJson(path(campaign.slug), body);

    expect((await response.json<any>()).errors.map((error: any) => [error.field, error.code])).toEqual([
      ["name", "invisible_characters"],
      ["affiliation", "invisible_characters"],
      ["members.1", "invisible_characters"],
    ]);
  });

  it("keeps a zero-width non-joiner where it spells a word, between Persian letters", async () => {
    const campaign = await seedCampaign();
    const organization = "کانون نویسنده\u200Cها";
    const body = signOnBody({ organization });

    expect((await postJson(path(campaign.slug), body)).status).toBe(202);
    expect((await storedFor(body.email)).name).toBe(organization);
  });

  it("refuses the same characters in an organizer's correction", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const signature = await seedSignature(campaign);

    const response = await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}/signatures/${signature.id}`, { name: "Ox\u200Bfam", members: ["\u0378"] }, auth);

    expect(response.status).toBe(422);
    expect((await response.json<any>()).errors.map((error: any) => [error.field, error.code])).toEqual([
      ["name", "invisible_characters"],
      ["members.0", "unassigned_characters"],
    ]);
  });
});

describe("look-alike names", () => {
  it("fold to one key across scripts, case, accents and legal suffixes", () => {
    const oxfam = lookAlikeKey("Oxfam");
    // Cyrillic О, digit zero, Greek Ο, with a legal suffix.
    for (const lookAlike of ["\u041Exfam", "0XFAM", "\u039F\u03A7FAM", "Oxfam, A.C."]) expect(lookAlikeKey(lookAlike)).toBe(oxfam);
    expect(lookAlikeKey("\u041Duman R\u0456ghts Watch")).toBe(lookAlikeKey("HUMAN RIGHTS WATCH"));
    expect(lookAlikeKey("Oxford")).not.toBe(oxfam);
  });

  it("mix scripts within a word, where a bilingual name does not", () => {
    expect(mixesScripts("\u041Exfam")).toBe(true);
    expect(mixesScripts("Human R\u0456ghts Watch")).toBe(true);
    expect(mixesScripts("Fondation Ukraine / Фонд Україна")).toBe(false);
    expect(mixesScripts("Mujeres & Niñez del Sur, A.C.")).toBe(false);
    expect(mixesScripts("東京タワー")).toBe(false);
  });

  it("holds a name that imitates a published organization from another email domain, as a possible impersonation", async () => {
    const campaign = await seedCampaign();
    await signAndConfirm(campaign.slug, { organization: "Oxfam", email: "press@oxfam.org" });

    // A zero for the O: no word mixes scripts, another organization key, the same skeleton.
    const { body, confirmed } = await signAndConfirm(campaign.slug, { organization: "0XFAM", email: "press@oxfam-news.example" });
    const { body: same } = await signAndConfirm(campaign.slug, { organization: "Oxfam", email: "oxfam@mail.example" });

    expect(await confirmed.text()).toContain("El equipo organizador la revisará");
    expect(await storedFor(body.email)).toMatchObject({ status: "held", heldReason: "possible-impersonation" });
    expect(await storedFor(same.email)).toMatchObject({ status: "held", heldReason: "possible-impersonation" });
    const list = await (await call(`/api/campaigns/${campaign.slug}/signatures`)).json<any>();
    expect(list.items.map((item: any) => item.name)).toEqual(["Oxfam"]);
  });

  it("holds a name whose word mixes scripts, with nothing published to imitate, and says why to organizers", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);

    // A Cyrillic "е" in a Latin word.
    const { body } = await signAndConfirm(campaign.slug, { organization: "Amn\u0435sty International", email: "info@amnesty-intl.example" });

    expect(await storedFor(body.email)).toMatchObject({ status: "held", heldReason: "possible-impersonation" });
    const queue = await (await call(`/api/admin/campaigns/${campaign.slug}/signatures?status=held`, { headers: auth })).json<any>();
    expect(queue.items).toEqual([expect.objectContaining({ name: "Amn\u0435sty International", heldReason: "possible-impersonation" })]);
  });

  it("says possible impersonation even where the campaign holds every signature", async () => {
    const campaign = await seedCampaign({ moderation: "hold" });
    const { body } = await signAndConfirm(campaign.slug, { organization: "\u041Exfam" });

    expect(await storedFor(body.email)).toMatchObject({ status: "held", heldReason: "possible-impersonation" });
  });

  it("treats a look-alike from the same email domain as a duplicate, not an impersonation", async () => {
    const campaign = await seedCampaign();
    await signAndConfirm(campaign.slug, { organization: "Oxfam", email: "a@oxfam.org" });

    const { body } = await signAndConfirm(campaign.slug, { organization: "0XFAM", email: "b@oxfam.org" });

    expect(await storedFor(body.email)).toMatchObject({ status: "held", heldReason: "duplicate-name" });
  });

  it("shows organizers a look-alike as a possible duplicate in the review queue", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const original = await seedSignature(campaign, { name: "Oxfam" });
    await seedSignature(campaign, { name: "0XFAM", status: "held", heldReason: "possible-impersonation" });

    const queue = await (await call(`/api/admin/campaigns/${campaign.slug}/signatures?status=held`, { headers: auth })).json<any>();

    expect(queue.items[0].duplicates).toEqual([expect.objectContaining({ id: original.id, name: "Oxfam", reason: "look-alike" })]);
  });

  it("does not reveal a held entry of the same name: the confirmation reads as if there were none", async () => {
    const campaign = await seedCampaign();
    const held = await seedSignature(campaign, { name: "Colectivo Frontera Sur", status: "held", heldReason: "moderation" });

    const { body, confirmed } = await signAndConfirm(campaign.slug, { organization: "Colectivo Frontera Sur", email: "info@otro.example" });

    expect(await confirmed.text()).toContain("Colectivo Frontera Sur ya figura en la lista");
    expect(await storedFor(body.email)).toMatchObject({ status: "published", heldReason: null });
    expect(held.status).toBe("held");
  });
});
