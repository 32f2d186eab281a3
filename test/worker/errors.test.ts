import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { seedOrganizer } from "../support/organizers";
import { postJson, seedCampaign } from "../support/worker";

/**
 * D1 answers a write with the error a trigger raises, through the same client and batch as any
 * other failure: a constraint's wording, or the wording D1 uses when it is overloaded.
 */
async function failBlocklistInsertsWith(message: string) {
  await env.DB.exec(`CREATE TRIGGER fail_blocklist_insert BEFORE INSERT ON blocklist BEGIN SELECT RAISE(ABORT, '${message}'); END`);
}

afterEach(async () => {
  await env.DB.exec("DROP TRIGGER IF EXISTS fail_blocklist_insert");
  vi.restoreAllMocks();
});

async function blockSomeone() {
  const campaign = await seedCampaign();
  const { auth } = await seedOrganizer(campaign);
  const response = await postJson(`/api/admin/campaigns/${campaign.slug}/blocklist`, { kind: "domain", value: "spam.example" }, auth);
  const audited = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE campaign_id = ?").bind(campaign.id).first<{ n: number }>();
  return { response, audited: audited?.n };
}

describe("app.onError", () => {
  it("answers a constraint failure with 500, logs it with its stack, and leaves nothing of the batch", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await failBlocklistInsertsWith("UNIQUE constraint failed: blocklist.value");

    const { response, audited } = await blockSomeone();

    expect(response.status).toBe(500);
    const problem = await response.json<{ title: string; detail: string }>();
    expect(problem.title).toBe("Something went wrong on our side");
    expect(JSON.stringify(problem)).not.toContain("constraint");
    expect(audited).toBe(0);
    const entry = JSON.parse(String(logged.mock.calls.at(-1)?.[0]));
    expect(entry.message).toBe("unhandled error");
    expect(entry.error).toContain("UNIQUE constraint failed");
    expect(entry.stack).toMatch(/\n\s+at /);
  });

  it("answers D1 being overloaded with a retryable 503, and leaves nothing of the batch", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await failBlocklistInsertsWith("D1 DB is overloaded. Too many requests queued.");

    const { response, audited } = await blockSomeone();

    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toMatchObject({ type: expect.stringContaining("temporarily-unavailable"), retryAfter: 5 });
    expect(audited).toBe(0);
  });
});
