import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signatures, tokens } from "../../schema/tables";
import type { Bindings } from "../../worker/env";
import worker from "../../worker/index";
import { sha256Hex } from "../../worker/lib/tokens";
import { newSignerLink } from "../../worker/services/signer-links";
import { adminGet, seedOrganizer, seedSignature } from "../support/organizers";
import { resendAccount, type ResendAccount } from "../support/resend";
import { call, db, HEAVY_TEST_TIMEOUT_MS, postJson, seedCampaign, signOnBody } from "../support/worker";

const admin = (slug: string) => `/api/admin/campaigns/${slug}`;

async function deliveredCampaign(signers = 3) {
  const campaign = await seedCampaign({ signerKinds: ["organization"], timeZone: "America/Mexico_City" });
  const { auth } = await seedOrganizer(campaign);
  const signed = [];
  for (let i = 0; i < signers; i++) signed.push(await seedSignature(campaign, { name: `Red por la Paz ${i + 1}` }));
  return { campaign, auth, signed };
}

const deliver = (slug: string, auth: Record<string, string>) =>
  postJson(`${admin(slug)}/delivery`, { recipients: ["President of Mexico", "Prime Minister of Canada"], method: "email", deliveredAt: "2026-12-10T18:00:00Z" }, auth);

describe("POST /api/admin/campaigns/:slug/delivery", () => {
  it("freezes the list: a sign-on then gets 409, withdrawal and review are refused", async () => {
    const { campaign, auth, signed } = await deliveredCampaign();
    const held = await seedSignature(campaign, { status: "held" });

    const delivered = await deliver(campaign.slug, auth);
    expect(delivered.status).toBe(201);
    expect(await delivered.json()).toMatchObject({ count: 3, method: "email", letterVersion: campaign.version, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const signOn = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody());
    expect(signOn.status).toBe(409);
    // In the sign-on's language (Spanish).
    expect(await signOn.json()).toMatchObject({ type: expect.stringContaining("campaign-delivered"), title: expect.stringContaining("se entregó") });

    const withdrawal = await newSignerLink(db, "withdraw", signed[0].id);
    await withdrawal.query.run();
    const withdraw = await call(`/withdraw/${withdrawal.token}`, { method: "POST", headers: { Accept: "text/html" } });
    expect(withdraw.status).toBe(409);
    expect(await withdraw.text()).toContain("delivered");
    expect((await db.select().from(signatures).where(eq(signatures.id, signed[0].id)).get())?.status).toBe("published");

    const approve = await postJson(`${admin(campaign.slug)}/signatures/${held.id}/approve`, {}, auth);
    expect(approve.status).toBe(409);
    expect((await deliver(campaign.slug, auth)).status).toBe(409);
  });

  it("publishes a record whose fingerprint anyone can recompute from its canonical text", async () => {
    const { campaign, auth, signed } = await deliveredCampaign();
    const { fingerprint } = await (await deliver(campaign.slug, auth)).json<{ fingerprint: string }>();

    const record = await call(`/c/${campaign.slug}/delivery`);
    expect(record.status).toBe(200);
    const body = await record.json<{ fingerprint: string; canonical: string; count: number; canonicalUrl: string }>();
    expect(body.fingerprint).toBe(fingerprint);
    expect(await sha256Hex(body.canonical)).toBe(fingerprint);
    for (const signature of signed) expect(body.canonical).toContain(`${signature.id}\t${signature.name}\tMX`);
    expect(body.canonicalUrl).toMatch(new RegExp(`/c/${campaign.slug}/delivery.txt$`));

    const text = await (await call(`/c/${campaign.slug}/delivery.txt`)).text();
    expect(text).toBe(body.canonical);
  });

  it("says so on the public API in the reader's language and the campaign's time zone", async () => {
    const { campaign, auth } = await deliveredCampaign();
    await deliver(campaign.slug, auth);

    const texts: Record<string, string> = {};
    for (const lang of ["en", "es", "fr"]) {
      const view = await (await call(`/api/campaigns/${campaign.slug}?lang=${lang}`)).json<{ status: string; delivery: { text: string } }>();
      expect(view.status).toBe("delivered");
      texts[lang] = view.delivery.text;
    }
    expect(texts.en).toBe("Delivered to President of Mexico and Prime Minister of Canada on December 10, 2026, with 3 organizations.");
    expect(texts.es).toBe("Entregada a President of Mexico y Prime Minister of Canada el 10 de diciembre de 2026, con 3 organizaciones.");
    expect(texts.fr).toBe("Remise à President of Mexico et Prime Minister of Canada le 10 décembre 2026, avec 3 organisations.");
  });
});

describe("POST /api/admin/campaigns/:slug/responses", () => {
  it("records an answer once the letter is delivered, shown in the reader's language", async () => {
    const { campaign, auth } = await deliveredCampaign(1);
    const response = { respondent: "Office of the Prime Minister", respondedOn: "2027-01-15", summary: { en: "They will meet the coalition.", es: "Se reunirán con la coalición." }, url: "https://pm.example/answer" };

    expect((await postJson(`${admin(campaign.slug)}/responses`, response, auth)).status).toBe(409);
    await deliver(campaign.slug, auth);
    expect((await postJson(`${admin(campaign.slug)}/responses`, response, auth)).status).toBe(201);

    const es = await (await call(`/api/campaigns/${campaign.slug}?lang=es`)).json<{ responses: Array<{ summary: string; lang: string }> }>();
    expect(es.responses).toEqual([expect.objectContaining({ respondent: "Office of the Prime Minister", summary: "Se reunirán con la coalición.", lang: "es" })]);
    // No French summary: the campaign's own language, said.
    const fr = await (await call(`/api/campaigns/${campaign.slug}?lang=fr`)).json<{ responses: Array<{ summary: string; lang: string }> }>();
    expect(fr.responses[0]).toMatchObject({ summary: "They will meet the coalition.", lang: "en" });

    const invalid = await postJson(`${admin(campaign.slug)}/responses`, { ...response, summary: {}, url: "javascript:alert(1)" }, auth);
    expect(invalid.status).toBe(422);
    expect((await invalid.json<{ errors: Array<{ field: string }> }>()).errors.map((error) => error.field).sort()).toEqual(["summary", "url"]);
  });
});

/** Runs the cron as Cloudflare would, sending through the given Resend account. */
async function runCron(resend: ResendAccount) {
  const ctx = createExecutionContext();
  const controller = createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" });
  await worker.scheduled(controller, { ...env, ...resend.bindings } as Bindings, ctx);
  await waitOnExecutionContext(ctx);
}

const update = {
  subject: { en: "We delivered the letter", es: "Entregamos la carta", fr: "Nous avons remis la lettre" },
  body: { en: "**Thank you.** The leaders have it.", es: "**Gracias.** Los mandatarios la tienen.", fr: "**Merci.** Les dirigeants l’ont reçue." },
};

describe("POST /api/admin/campaigns/:slug/updates", () => {
  it(
    "reaches each of 1,000 signatories once, in their language, with a one-click unsubscribe that later updates honour",
    async () => {
      const resend = resendAccount();
      const campaign = await seedCampaign();
      const { auth } = await seedOrganizer(campaign);
      const locales = ["en", "es", "fr"] as const;
      // Seeded in statements of 10 rows (D1 binds at most 100 values a statement).
      const rows = Array.from({ length: 1000 }, (_, i) => ({ i, locale: locales[i % 3] }));
      for (let start = 0; start < rows.length; start += 50) {
        await Promise.all(rows.slice(start, start + 50).map(({ i, locale }) => seedSignature(campaign, { name: `Organización ${i}`, email: `firmante${i}@org${i}.example`, locale })));
      }
      await seedSignature(campaign, { name: "Sin contacto", email: null });
      await seedSignature(campaign, { name: "Pendiente", status: "pending" });

      const dryRun = await postJson(`${admin(campaign.slug)}/updates`, { ...update, dryRun: true }, auth, resend.bindings);
      expect(await dryRun.json()).toMatchObject({ dryRun: true, recipients: 1000, byLanguage: { en: 334, es: 333, fr: 333 } });
      expect(await resend.delivered()).toHaveLength(0);

      const sent = await postJson(`${admin(campaign.slug)}/updates`, update, auth, resend.bindings);
      expect(sent.status).toBe(202);
      for (let run = 0; run < 5 && (await resend.delivered()).length < 1000; run++) await runCron(resend);

      const delivered = await resend.delivered();
      expect(delivered).toHaveLength(1000);
      expect(new Set(delivered.map((email) => email.body.to)).size).toBe(1000);
      const sample = delivered.find((email) => email.body.to === "firmante4@org4.example")!;
      expect(sample.body.subject).toBe("Entregamos la carta");
      expect(sample.body.html).toContain("<strong>Gracias.</strong>");
      expect(sample.body.text).toContain("Organización 4");
      const unsubscribeUrl = /<(.+)>/.exec(sample.body.headers!["List-Unsubscribe"])![1];
      expect(sample.body.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(sample.body.text).toContain(unsubscribeUrl);
      expect(delivered.find((email) => email.body.to === "firmante5@org5.example")!.body.subject).toBe("Nous avons remis la lettre");
      // Resend's batch limits: 100 emails a request.
      expect((await resend.requests()).filter((request) => request.path === "/emails/batch").length).toBe(10);

      // The mail client's one click.
      const path = new URL(unsubscribeUrl).pathname;
      const oneClick = await call(path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
      expect(oneClick.status).toBe(200);
      const updates = await (await adminGet(`${admin(campaign.slug)}/updates`, auth)).json<{ items: Array<{ status: string; queued: number }> }>();
      expect(updates.items[0]).toMatchObject({ status: "sent", queued: 1000 });

      const later = resendAccount();
      await postJson(`${admin(campaign.slug)}/updates`, update, auth, later.bindings);
      for (let run = 0; run < 5 && (await later.delivered()).length < 999; run++) await runCron(later);
      expect(await later.delivered()).toHaveLength(999);
      expect(await later.delivered("firmante4@org4.example")).toHaveLength(0);
      // Unsubscribe links are stored only as hashes.
      const stored = await db.select({ hash: tokens.hash }).from(tokens).where(eq(tokens.purpose, "unsubscribe")).limit(1).all();
      expect(stored[0].hash).toMatch(/^[0-9a-f]{64}$/);
    },
    HEAVY_TEST_TIMEOUT_MS * 4,
  );
});
