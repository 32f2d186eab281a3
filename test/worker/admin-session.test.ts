import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loginLinks } from "../../schema/tables";
import { BASE, call, db, mailbox, postJson, seedCampaign } from "../support/worker";
import { seedOrganizer, seedSession } from "../support/organizers";
import { RATE_LIMIT_TEST_TIMEOUT_MS, withinOneRateLimitWindow } from "../support/rate-limit-window";

/** The README's promise, written out: a test that read the code's constant would follow it anywhere. */
const SIGN_IN_EMAILS_PER_HOUR = 5;

const loginPath = (text: string) => text.match(/\/admin\/login\/[A-Za-z0-9_-]+/)![0];

describe("POST /api/admin/login", () => {
  it("mails an organizer a one-time link that opens a strict session cookie", async () => {
    const campaign = await seedCampaign();
    const { organizer } = await seedOrganizer(campaign);

    const requested = await postJson("/api/admin/login", { email: organizer.email.toUpperCase() });
    const [email] = await mailbox(organizer.email);
    const link = loginPath(email.text);
    const page = await call(link);
    const signedIn = await call(link, { method: "POST", redirect: "manual" });
    const cookie = signedIn.headers.get("Set-Cookie")!;
    const me = await call("/api/admin/me", { headers: { Cookie: cookie.split(";")[0] } });
    const again = await call(link, { method: "POST", redirect: "manual" });

    expect(requested.status).toBe(202);
    expect(email.template).toBe("login");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("Location")).toBe("/admin");
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(await me.json()).toMatchObject({ email: organizer.email, campaigns: [{ slug: campaign.slug }] });
    expect(again.status).toBe(410);
  });

  it("answers the same for an address that is not an organizer, and mails nothing", async () => {
    const response = await postJson("/api/admin/login", { email: "stranger@example.org" });
    expect(response.status).toBe(202);
    expect(await mailbox("stranger@example.org")).toEqual([]);
  });

  it("refuses an expired link", async () => {
    const { organizer } = await seedOrganizer();
    await postJson("/api/admin/login", { email: organizer.email });
    const link = loginPath((await mailbox(organizer.email))[0].text);
    await db.update(loginLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(loginLinks.organizerId, organizer.id));

    expect((await call(link, { method: "POST" })).status).toBe(410);
  });

  it("limits requests per address and client with 429 and Retry-After, so that a stranger cannot lock an organizer out", async () => {
    const { organizer } = await seedOrganizer();
    const client = { "CF-Connecting-IP": "203.0.113.40" };
    await withinOneRateLimitWindow(15_000);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await postJson("/api/admin/login", { email: organizer.email }, client)).status);
    const limited = await postJson("/api/admin/login", { email: organizer.email }, client);
    const organizerElsewhere = await postJson("/api/admin/login", { email: organizer.email }, { "CF-Connecting-IP": "203.0.113.41" });

    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(organizerElsewhere.status).toBe(202);
  }, RATE_LIMIT_TEST_TIMEOUT_MS);

  it(`mails one address at most ${SIGN_IN_EMAILS_PER_HOUR} sign-in links an hour, whoever asks, and answers the rest the same`, async () => {
    const { organizer } = await seedOrganizer();
    const statuses: number[] = [];
    // From a new client each time, as many clients together would.
    for (let i = 0; i < SIGN_IN_EMAILS_PER_HOUR + 2; i++) statuses.push((await postJson("/api/admin/login", { email: organizer.email })).status);
    const sent = await mailbox(organizer.email);
    await db.update(loginLinks).set({ createdAt: new Date(Date.now() - 61 * 60_000) }).where(eq(loginLinks.organizerId, organizer.id));
    await postJson("/api/admin/login", { email: organizer.email });

    expect(statuses).toEqual(Array(SIGN_IN_EMAILS_PER_HOUR + 2).fill(202));
    expect(sent).toHaveLength(SIGN_IN_EMAILS_PER_HOUR);
    expect(await mailbox(organizer.email)).toHaveLength(SIGN_IN_EMAILS_PER_HOUR + 1);
  });

  it("signs in only from our own pages: a link posted from another site opens no session", async () => {
    const { organizer } = await seedOrganizer();
    await postJson("/api/admin/login", { email: organizer.email });
    const link = loginPath((await mailbox(organizer.email))[0].text);

    const forged = await call(link, { method: "POST", redirect: "manual", headers: { Origin: "https://evil.example" } });
    const own = await call(link, { method: "POST", redirect: "manual", headers: { Origin: BASE } });

    expect(forged.status).toBe(403);
    expect(forged.headers.get("Set-Cookie")).toBeNull();
    expect(own.status).toBe(303);
  });

  it("rejects a malformed address with the field named", async () => {
    const response = await postJson("/api/admin/login", { email: "not an address" });
    expect(response.status).toBe(422);
    expect((await response.json<any>()).errors).toEqual([expect.objectContaining({ field: "email" })]);
  });
});

describe("POST /api/admin/logout", () => {
  it("ends the session", async () => {
    const { organizer } = await seedOrganizer();
    const cookie = await seedSession(organizer);

    const out = await call("/api/admin/logout", { method: "POST", headers: cookie });
    const me = await call("/api/admin/me", { headers: cookie });

    expect(out.status).toBe(204);
    expect(out.headers.get("Set-Cookie")).toMatch(/undersigned_session=;/);
    expect(me.status).toBe(401);
  });
});

describe("/api/admin/tokens", () => {
  it("creates a token shown once, lists it without the secret, and revokes it", async () => {
    const { auth } = await seedOrganizer();
    const created = await postJson("/api/admin/tokens", { label: "export script" }, auth);
    const { id, token } = await created.json<any>();
    const listed = await (await call("/api/admin/tokens", { headers: auth })).json<any>();
    const revoked = await call(`/api/admin/tokens/${id}`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
    const afterwards = await call("/api/admin/me", { headers: { Authorization: `Bearer ${token}` } });

    expect(created.status).toBe(201);
    expect(listed.items.map((item: any) => item.label)).toContain("export script");
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(revoked.status).toBe(204);
    expect(afterwards.status).toBe(401);
  });

  it("refuses a cookie-authenticated write from another site", async () => {
    const { organizer } = await seedOrganizer();
    const cookie = await seedSession(organizer);
    const response = await postJson("/api/admin/tokens", { label: "x" }, { ...cookie, Origin: "https://evil.example" });
    expect(response.status).toBe(403);
  });
});

describe("GET /admin", () => {
  it("serves the console page with a strict CSP that allows only our script and forbids framing", async () => {
    const response = await call("/admin");
    const csp = response.headers.get("Content-Security-Policy")!;

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<script type="module" src="/admin.js"></script>');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("keeps the sign-in link page script-free and unframeable, its token out of other sites' Referer", async () => {
    const response = await call(`/admin/login/${"x".repeat(43)}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("Content-Security-Policy")).not.toContain("script-src");
    expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
  });
});
