import { describe, expect, it } from "vitest";
import { call, postJson, seedCampaign, signOnBody } from "../support/worker";

const stats = async () => (await call("/dev/stats")).json<{ queries: number; roundTrips: number; rowsRead: number; rowsWritten: number }>();

describe("GET /dev/stats", () => {
  it("counts the statements the worker runs and sums D1's rows read and written, from the last reset", async () => {
    const campaign = await seedCampaign();
    const reset = await call("/dev/stats/reset", { method: "POST" });
    expect(await reset.json()).toMatchObject({ queries: 0, roundTrips: 0, rowsRead: 0, rowsWritten: 0 });

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody());
    const afterSignOn = await stats();
    await call(`/api/campaigns/${campaign.slug}`);
    const afterRead = await stats();

    expect(afterSignOn.queries).toBeGreaterThan(afterSignOn.roundTrips);
    expect(afterSignOn.rowsWritten).toBeGreaterThanOrEqual(3);
    expect(afterRead.queries - afterSignOn.queries).toBe(1);
    // One campaign by its unique slug: D1 counts the index entry and the row.
    expect(afterRead.rowsRead - afterSignOn.rowsRead).toBeGreaterThanOrEqual(1);
    expect(afterRead.rowsRead - afterSignOn.rowsRead).toBeLessThanOrEqual(2);
    expect(afterRead.rowsWritten).toBe(afterSignOn.rowsWritten);
  });

  it("does not exist outside development", async () => {
    expect((await call("/dev/stats", {}, { ENVIRONMENT: "production" })).status).toBe(404);
    expect((await call("/dev/stats/reset", { method: "POST" }, { ENVIRONMENT: "production" })).status).toBe(404);
  });
});
