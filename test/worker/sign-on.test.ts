import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaigns, outbox, signatures, tokens } from "../../schema/tables";
import { call, db, mailbox, postJson, seedCampaign, signAndConfirm, signOnBody, verifyPath } from "../support/worker";

const path = (slug: string) => `/api/campaigns/${slug}/signatures`;

async function rowCounts(campaignId: number) {
  const stored = await db.select().from(signatures).where(eq(signatures.campaignId, campaignId)).all();
  const emails = await db.select().from(outbox).all();
  const allTokens = await db.select().from(tokens).all();
  return { signatures: stored.length, emails: emails.length, tokens: allTokens.length };
}

describe("POST /api/campaigns/:slug/signatures", () => {
  it("records a pending signature, not yet counted, and mails a link in the signer's language", async () => {
    const campaign = await seedCampaign({ translations: { es: { title: "Carta a los líderes" } } });
    const body = signOnBody({ organization: "Mujeres & Niñez del Sur / Frontera, A.C.", email: "Coordinacion@Example.ORG " });

    const response = await postJson(path(campaign.slug), body, { Origin: "https://partner.example" });

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "pending", emailSent: "now", emailSentAt: expect.any(String) });
    const [stored] = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all();
    expect(stored).toMatchObject({
      name: "Mujeres & Niñez del Sur / Frontera, A.C.",
      email: "coordinacion@example.org",
      emailDomain: "example.org",
      status: "pending",
      locale: "es",
      letterVersion: 1,
      source: "widget:https://partner.example",
    });
    const listed = await (await call(`/api/campaigns/${campaign.slug}`)).json<any>();
    expect(listed.count).toBe(0);

    const [email] = await mailbox("coordinacion@example.org");
    expect(email.subject).toBe("Confirme su firma: Carta a los líderes");
    expect(email.text).toContain("Mujeres & Niñez del Sur / Frontera, A.C.");
    expect(email.html).toContain("Mujeres &amp; Niñez del Sur / Frontera, A.C.");
    expect(email.html).toContain('lang="es"');
    expect(verifyPath(email)).toMatch(/^\/verify\/[A-Za-z0-9_-]{43}$/);
    expect(email.status).toBe("local");
  });

  it("stores the token only as a hash", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();
    await postJson(path(campaign.slug), body);

    const [email] = await mailbox(body.email);
    const token = verifyPath(email).split("/").pop()!;
    const stored = await db.select().from(tokens).all();

    expect(stored.some((row) => row.hash === token)).toBe(false);
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.hash))).toBe(true);
  });

  it("answers the same to a repeat; a pending signer gets a fresh link at most once a minute", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();

    const first = await postJson(path(campaign.slug), body);
    const second = await postJson(path(campaign.slug), { ...body, city: "Ciudad de México" });

    expect(second.status).toBe(first.status);
    // Nothing new leaves: the answer says when the link still in the mailbox did.
    const firstAnswer = await first.json<any>();
    const secondAnswer = await second.json<any>();
    expect(firstAnswer.emailSent).toBe("now");
    expect(secondAnswer).toEqual({ status: "pending", emailSent: "earlier", emailSentAt: expect.any(String) });
    expect(Date.parse(secondAnswer.emailSentAt)).toBeLessThanOrEqual(Date.parse(firstAnswer.emailSentAt));
    expect((await mailbox(body.email)).map((e) => e.template)).toEqual(["verify"]);
    const stored = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all();
    expect(stored).toHaveLength(1);
    // No link went out with the repeat's details, so none could confirm them: they are not kept.
    expect(stored[0].city).toBe("Tapachula");

    // A minute later, asking again is how a signer gets a new link.
    await db.update(tokens).set({ createdAt: new Date(Date.now() - 61_000) }).where(eq(tokens.signatureId, stored[0].id)).run();
    await postJson(path(campaign.slug), body);

    const emails = await mailbox(body.email);
    expect(emails.map((e) => e.template)).toEqual(["verify", "verify"]);
    expect(verifyPath(emails[0])).not.toBe(verifyPath(emails[1]));
  });

  it("ends ten simultaneous copies of one form as one signature and one email", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();

    const responses = await Promise.all(Array.from({ length: 10 }, () => postJson(path(campaign.slug), body)));

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    expect(await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all()).toHaveLength(1);
    expect(await mailbox(body.email)).toHaveLength(1);
  });

  it("answers 503, retryable, when the database fails mid-request, and leaves nothing behind", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();
    const failingBatch = new Proxy(env.DB, {
      get: (target, property) =>
        property === "batch"
          ? () => Promise.reject(new Error("D1_ERROR: Network connection lost."))
          : Reflect.get(target, property).bind(target),
    });

    const response = await postJson(path(campaign.slug), body, {}, { DB: failingBatch });

    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    const problem = await response.json<any>();
    expect(problem).toMatchObject({ status: 503, type: expect.stringMatching(/temporarily-unavailable$/) });
    expect(JSON.stringify(problem)).not.toMatch(/D1_ERROR|at .*\.ts/);
    expect(await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all()).toHaveLength(0);
  });

  it("does not reveal an existing signature: same answer, an 'already signed' note to the mailbox", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug);

    const again = await postJson(path(campaign.slug), { ...body, organization: body.organization.toUpperCase() });

    expect(again.status).toBe(202);
    // The same answer as a new signer's: an email (the note) leaves now.
    expect(await again.json()).toMatchObject({ status: "pending", emailSent: "now" });
    const [latest] = await mailbox(body.email);
    expect(latest.template).toBe("already-signed");
    expect(latest.subject).toMatch(/^Firma ya registrada/);
    expect(latest.text).toContain("Esta carta ya tiene una firma de");
    expect(latest.text).toContain(`/c/${campaign.slug}?lang=es`);
    const listed = await (await call(`/api/campaigns/${campaign.slug}`)).json<any>();
    expect(listed.count).toBe(1);
  });

  it("treats one person signing for two organizations as two signatures", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();
    await postJson(path(campaign.slug), body);
    await postJson(path(campaign.slug), { ...body, organization: "Otra Organización" });

    const stored = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all();
    expect(stored.map((s) => s.name).sort()).toEqual([body.organization, "Otra Organización"].sort());
  });

  it("accepts individuals where the campaign allows them", async () => {
    const open = await seedCampaign({ signerKinds: ["organization", "individual"] });
    const orgsOnly = await seedCampaign();
    const person = signOnBody({ kind: "individual", organization: undefined, name: "Leticia Calderón", affiliation: "Analista en temas migratorios" });

    const accepted = await postJson(path(open.slug), person);
    const refused = await postJson(path(orgsOnly.slug), person);

    expect(accepted.status).toBe(202);
    const [stored] = await db.select().from(signatures).where(eq(signatures.campaignId, open.id)).all();
    expect(stored).toMatchObject({ kind: "individual", name: "Leticia Calderón", affiliation: "Analista en temas migratorios" });
    expect(refused.status).toBe(422);
    expect((await refused.json<any>()).errors).toEqual([expect.objectContaining({ field: "kind", code: "kind_not_accepted" })]);
  });

  it("keeps what was typed, trimmed and in NFC", async () => {
    const campaign = await seedCampaign();
    const decomposed = "Asociacio\u0301n Pop No'j";
    await postJson(path(campaign.slug), signOnBody({ organization: `  ${decomposed}  `, website: "popnoj.org.gt", members: [" Red  Jesuita "] }));

    const [stored] = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all();
    expect(stored.name).toBe("Asociación Pop No'j");
    expect(stored.website).toBe("https://popnoj.org.gt");
    expect(stored.members).toEqual(["Red  Jesuita"]);
  });

  it("drops a bot that fills the hidden field, with the same answer and nothing stored", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody({ fax: "+1 555 0100" });

    const response = await postJson(path(campaign.slug), body);

    expect(response.status).toBe(202);
    expect(await rowCounts(campaign.id)).toMatchObject({ signatures: 0 });
    expect(await mailbox(body.email)).toEqual([]);
  });

  it("drops a form sent faster than a person can fill it, and keeps a normal one", async () => {
    const campaign = await seedCampaign();
    const hurried = signOnBody({ fillTimeMs: 800 });
    const careful = signOnBody({ fillTimeMs: 45_000 });

    const responses = [await postJson(path(campaign.slug), hurried), await postJson(path(campaign.slug), careful)];

    expect(responses.map((response) => response.status)).toEqual([202, 202]);
    expect(await mailbox(hurried.email)).toEqual([]);
    expect(await mailbox(careful.email)).toHaveLength(1);
    expect(await rowCounts(campaign.id)).toMatchObject({ signatures: 1 });
  });

  it("keeps bots as rejected entries when the campaign asks to see them, and lets the real signer in", async () => {
    const campaign = await seedCampaign({ botPolicy: "flag" });
    const bot = signOnBody({ fax: "+1 555 0100" });

    expect((await postJson(path(campaign.slug), bot)).status).toBe(202);
    expect((await postJson(path(campaign.slug), { ...bot, fax: undefined, fillTimeMs: 30_000 })).status).toBe(202);

    const [stored] = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all();
    expect(stored).toMatchObject({ status: "pending", rejectedReason: null });
    expect(await mailbox(bot.email)).toHaveLength(1);
  });

  it("flags a bot without mailing or counting it", async () => {
    const campaign = await seedCampaign({ botPolicy: "flag" });
    const bot = signOnBody({ fillTimeMs: 500 });

    await postJson(path(campaign.slug), bot);

    const [stored] = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all();
    expect(stored).toMatchObject({ status: "rejected", rejectedReason: "bot" });
    expect(await mailbox(bot.email)).toEqual([]);
    expect((await (await call(`/api/campaigns/${campaign.slug}`)).json<any>()).count).toBe(0);
  });

  describe("bad input gets problem details and writes nothing", () => {
    const cases: Array<[string, (body: Record<string, unknown>) => unknown, number, string[]]> = [
      ["missing required fields", () => ({ authorized: true }), 422, ["organization", "contactName", "email"]],
      ["authorization not given", (b) => ({ ...b, authorized: false }), 422, ["authorized"]],
      ["an invalid email", (b) => ({ ...b, email: "not-an-email" }), 422, ["email"]],
      ["an unknown country", (b) => ({ ...b, country: "XX" }), 422, ["country"]],
      ["an unknown field", (b) => ({ ...b, isAdmin: true }), 422, ["isAdmin"]],
      ["a control character", (b) => ({ ...b, organization: "Evil\u0000Org" }), 422, ["organization"]],
      ["a bidi override", (b) => ({ ...b, organization: "Org \u202Egro" }), 422, ["organization"]],
      ["a name over 200 characters", (b) => ({ ...b, organization: "A".repeat(201) }), 422, ["organization"]],
      ["a wrong type", (b) => ({ ...b, members: "IMUMI" }), 422, ["members"]],
      ["an unknown locale", (b) => ({ ...b, locale: "de" }), 422, ["locale"]],
      ["a website that is not one", (b) => ({ ...b, website: "javascript:alert(1)" }), 422, ["website"]],
    ];

    for (const [label, mutate, status, fields] of cases) {
      it(`rejects ${label}`, async () => {
        const campaign = await seedCampaign();
        const before = await rowCounts(campaign.id);

        const body = mutate(signOnBody()) as { locale?: string };
        const response = await postJson(path(campaign.slug), body);

        expect(response.status).toBe(status);
        expect(response.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
        const problem = await response.json<any>();
        // The body's `locale`, when valid, names the language of the problem; its type and codes stay.
        const title = body.locale === "es" ? "Algunos campos no son válidos" : "Some fields are invalid";
        expect(problem).toMatchObject({ status, type: expect.stringMatching(/invalid-fields$/), title });
        expect(problem.errors.map((e: any) => e.field).sort()).toEqual([...fields].sort());
        for (const error of problem.errors) expect(error.pointer).toBe(`/${error.field.replace(/\./g, "/")}`);
        expect(await rowCounts(campaign.id)).toEqual(before);
      });
    }

    it("says what is wrong with each field in plain words, and which kind of wrong", async () => {
      const campaign = await seedCampaign();
      const errorsFor = async (body: unknown) => (await (await postJson(path(campaign.slug), body)).json<any>()).errors;

      expect(await errorsFor({ ...signOnBody(), organization: 42, locale: "de", authorized: false })).toEqual([
        { field: "organization", pointer: "/organization", code: "invalid_type", message: "must be text" },
        { field: "locale", pointer: "/locale", code: "invalid_value", message: "must be one of: en, es, fr" },
        { field: "authorized", pointer: "/authorized", code: "invalid_value", message: expect.stringMatching(/^must be true: /) },
      ]);
      expect(await errorsFor([signOnBody()])).toEqual([{ field: "(body)", pointer: "", code: "invalid_type", message: "must be a JSON object" }]);
      expect(await errorsFor({ ...signOnBody(), locale: "en", contactName: undefined })).toEqual([
        { field: "contactName", pointer: "/contactName", code: "required", message: "is required" },
      ]);
    });

    it("rejects malformed JSON with 400", async () => {
      const campaign = await seedCampaign();
      const response = await postJson(path(campaign.slug), '{"organization": "Unclosed');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ status: 400, title: "Malformed JSON in request body" });
    });

    it("rejects a body over 16 KiB with 413", async () => {
      const campaign = await seedCampaign();
      const before = await rowCounts(campaign.id);
      const response = await postJson(path(campaign.slug), signOnBody({ members: Array(100).fill("x".repeat(200)) }));
      expect(response.status).toBe(413);
      expect(await rowCounts(campaign.id)).toEqual(before);
    });

    it("rejects a body that is not JSON with 415", async () => {
      const campaign = await seedCampaign();
      const response = await call(path(campaign.slug), { method: "POST", body: "organization=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      expect(response.status).toBe(415);
    });

    it("answers 404 for an unknown campaign", async () => {
      const response = await postJson(path("no-such-letter"), signOnBody());
      expect(response.status).toBe(404);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    });

    it("answers 409 once the campaign is closed or past its deadline", async () => {
      const closed = await seedCampaign({ status: "closed" });
      const expired = await seedCampaign({ closesAt: new Date(Date.now() - 60_000) });
      for (const campaign of [closed, expired]) {
        const response = await postJson(path(campaign.slug), signOnBody());
        expect(response.status).toBe(409);
        expect(await response.json()).toMatchObject({ status: 409, type: expect.stringMatching(/campaign-closed$/) });
        expect(await rowCounts(campaign.id)).toMatchObject({ signatures: 0 });
      }
    });

    it("answers 409 to a sign-on that reaches a campaign closed a moment ago elsewhere, and keeps nothing", async () => {
      const campaign = await seedCampaign();
      const first = await postJson(path(campaign.slug), signOnBody());
      // Closed as another isolate would see it: behind the back of this one, which read it open.
      await db.update(campaigns).set({ status: "closed" }).where(eq(campaigns.id, campaign.id)).run();
      const late = signOnBody();
      const response = await postJson(path(campaign.slug), late);

      expect(first.status).toBe(202);
      expect(response.status).toBe(409);
      expect(await db.select().from(signatures).where(eq(signatures.email, late.email.toLowerCase())).all()).toEqual([]);
      expect(await mailbox(late.email)).toEqual([]);
    });

    it("opens at once to sign-ons when a closed campaign is reopened", async () => {
      const campaign = await seedCampaign({ status: "closed" });
      const refused = await postJson(path(campaign.slug), signOnBody());
      await db.update(campaigns).set({ status: "open" }).where(eq(campaigns.id, campaign.id)).run();
      const accepted = await postJson(path(campaign.slug), signOnBody());

      expect(refused.status).toBe(409);
      expect(accepted.status).toBe(202);
    });
  });
});
