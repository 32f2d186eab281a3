import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signatures } from "../../schema/tables";
import type { Bindings } from "../../worker/env";
import { TURNSTILE_TEST_KEYS as keys } from "../doubles/turnstile-keys";
import { call, db, postJson, seedCampaign, signOnBody } from "../support/worker";

// Cloudflare's documented test keys, checked by the local siteverify double over HTTP.
const withTurnstile = (secret: string): Partial<Bindings> => ({
  TURNSTILE_SITE_KEY: keys.passingSite,
  TURNSTILE_SECRET_KEY: secret,
  TURNSTILE_VERIFY_URL: env.TURNSTILE_DOUBLE_URL,
});

const stored = (campaignId: number) => db.select().from(signatures).where(eq(signatures.campaignId, campaignId)).all();

describe("Turnstile on sign-on", () => {
  it("tells the widget which site key to render, only when configured", async () => {
    const campaign = await seedCampaign();
    const configured = await (await call(`/api/campaigns/${campaign.slug}`, {}, withTurnstile(keys.passingSecret))).json<any>();
    const bare = await (await call(`/api/campaigns/${campaign.slug}`)).json<any>();
    expect(configured.turnstileSiteKey).toBe(keys.passingSite);
    expect(bare.turnstileSiteKey).toBeNull();
  });

  it("accepts a sign-on whose token siteverify passes", async () => {
    const campaign = await seedCampaign();
    const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ turnstileToken: keys.dummyToken }), {}, withTurnstile(keys.passingSecret));
    expect(response.status).toBe(202);
    expect(await stored(campaign.id)).toHaveLength(1);
  });

  for (const [label, secret, token, code] of [
    ["a missing token", keys.passingSecret, undefined, "challenge_required"],
    ["a failed challenge", keys.failingSecret, keys.dummyToken, "challenge_failed"],
    ["a spent token", keys.spentSecret, keys.dummyToken, "challenge_expired"],
  ] as const) {
    it(`refuses ${label} on the turnstileToken field and stores nothing`, async () => {
      const campaign = await seedCampaign();
      const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ turnstileToken: token }), {}, withTurnstile(secret));
      expect(response.status).toBe(422);
      expect((await response.json<any>()).errors).toEqual([expect.objectContaining({ field: "turnstileToken", code })]);
      expect(await stored(campaign.id)).toEqual([]);
    });
  }

  it("answers 503 when siteverify cannot be reached, never letting the sign-on through", async () => {
    const campaign = await seedCampaign();
    const unreachable = { ...withTurnstile(keys.passingSecret), TURNSTILE_VERIFY_URL: "http://127.0.0.1:9/siteverify" };
    const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ turnstileToken: keys.dummyToken }), {}, unreachable);
    expect(response.status).toBe(503);
    expect(await stored(campaign.id)).toEqual([]);
  });

  it("changes nothing without keys", async () => {
    const campaign = await seedCampaign();
    const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody());
    expect(response.status).toBe(202);
  });
});
