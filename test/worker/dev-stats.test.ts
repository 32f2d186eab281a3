import { describe, expect, it } from "vitest";
import type { Bindings } from "../../worker/env";
import { call, postJson, seedCampaign, signOnBody } from "../support/worker";

// The counter is the bench's (D1_STATS=on); every other test runs on D1's own binding, as production does.
const counting: Partial<Bindings> = { D1_STATS: "on" };

const stats = async () => (await call("/dev/stats", {}, counting)).json<{ queries: number; roundTrips: number; rowsRead: number; rowsWritten: number }>();

describe("GET /dev/stats", () => {
  it("counts the statements the worker runs and sums D1's rows read and written, from the last reset", async () => {
    const campaign = await seedCampaign();
    const reset = await call("/dev/stats/reset", { method: "POST" }, counting);
    expect(await reset.json()).toMatchObject({ queries: 0, roundTrips: 0, rowsRead: 0, rowsWritten: 0 });

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody(), {}, counting);
    const afterSignOn = await stats();
    await call(`/api/campaigns/${campaign.slug}`, {}, counting);
    const afterRead = await stats();

    expect(afterSignOn.queries).toBeGreaterThan(afterSignOn.roundTrips);
    expect(afterSignOn.rowsWritten).toBeGreaterThanOrEqual(3);
    expect(afterRead.queries - afterSignOn.queries).toBe(1);
    // One campaign by its unique slug: D1 counts the index entry and the row.
    expect(afterRead.rowsRead - afterSignOn.rowsRead).toBeGreaterThanOrEqual(1);
    expect(afterRead.rowsRead - afterSignOn.rowsRead).toBeLessThanOrEqual(2);
    expect(afterRead.rowsWritten).toBe(afterSignOn.rowsWritten);
  });

  it("counts nothing while switched off, and answers 404 then", async () => {
    const campaign = await seedCampaign();
    await call("/dev/stats/reset", { method: "POST" }, counting);

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody());

    expect(await stats()).toMatchObject({ queries: 0, roundTrips: 0, rowsRead: 0, rowsWritten: 0 });
    expect((await call("/dev/stats")).status).toBe(404);
    expect((await call("/dev/stats/reset", { method: "POST" })).status).toBe(404);
  });

  it("does not exist outside development", async () => {
    const production: Partial<Bindings> = { ...counting, ENVIRONMENT: "production" };
    expect((await call("/dev/stats", {}, production)).status).toBe(404);
    expect((await call("/dev/stats/reset", { method: "POST" }, production)).status).toBe(404);
  });
});
