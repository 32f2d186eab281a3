import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { campaigns, type Campaign } from "../../schema/tables";
import type { Bindings } from "../../worker/env";
import worker from "../../worker/index";

export const BASE = "https://undersigned.test";

/**
 * The timeout of a test whose work is heavy (a campaign signed a dozen times and exported in every
 * format, a PDF of thousands of names): seconds on a quiet machine, several times that on two cores
 * that also run the browser tests. Such a test sets it for itself; the rest keep Vitest's 5 s.
 */
export const HEAVY_TEST_TIMEOUT_MS = 30_000;

export const db = drizzle(env.DB);

let sequence = 0;
/** A campaign of the test's own, open unless told otherwise. */
export async function seedCampaign(overrides: Partial<typeof campaigns.$inferInsert> = {}): Promise<Campaign> {
  const slug = `test-${Date.now().toString(36)}-${++sequence}`;
  const [campaign] = await db
    .insert(campaigns)
    .values({
      slug,
      title: "Letter to the Leaders",
      body: "We, the undersigned organizations…",
      addressees: ["President of the United States", "President of Mexico", "Prime Minister of Canada"],
      letterDate: "2026-11-18",
      status: "open",
      allowedOrigins: ["*"],
      ...overrides,
    })
    .returning();
  return campaign;
}

/**
 * Sends a request through the worker's own fetch handler and waits for its `waitUntil` work
 * (email delivery) to finish, so that assertions see the settled state.
 */
export async function call(path: string, init: RequestInit = {}, bindings: Partial<Bindings> = {}) {
  const ctx = createExecutionContext();
  const request = new Request(BASE + path, init);
  // Each call comes from its own documentation-range address, so that rate limits (keyed by client)
  // only bite in the tests that set one address on purpose.
  if (!request.headers.has("CF-Connecting-IP")) request.headers.set("CF-Connecting-IP", randomClient());
  const response = await worker.fetch(request, { ...env, ...bindings } as Bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

// Rate limits count an IPv6 client by its /64: each call gets a network of its own.
const randomClient = () => `2001:db8:${crypto.getRandomValues(new Uint16Array(1))[0].toString(16)}:${(++sequence).toString(16)}::1`;

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}, bindings: Partial<Bindings> = {}) {
  return call(
    path,
    {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    },
    bindings,
  );
}

let signer = 0;
export function signOnBody(overrides: Record<string, unknown> = {}) {
  signer += 1;
  return {
    organization: `Organización de Prueba ${signer}`,
    country: "MX",
    city: "Tapachula",
    region: "Chiapas",
    website: "https://example.org",
    contactName: "Ana Pérez",
    contactTitle: "Coordinadora",
    email: `ana${signer}-${Date.now()}@example.org`,
    locale: "es",
    authorized: true,
    ...overrides,
  };
}

export interface MailboxEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  template: string;
  status: string;
  createdAt: string;
}

export async function mailbox(to: string): Promise<MailboxEmail[]> {
  const response = await call(`/dev/mailbox.json?to=${encodeURIComponent(to)}`);
  return response.json();
}

/** The path of the first `/verify/…` link in an email. */
export function verifyPath(email: MailboxEmail): string {
  const match = email.text.match(/\/verify\/[A-Za-z0-9_-]+/);
  if (!match) throw new Error(`no verification link in: ${email.text}`);
  return match[0];
}

/** Signs on and confirms through the emailed link, as a signer would. */
export async function signAndConfirm(slug: string, overrides: Record<string, unknown> = {}) {
  const body = signOnBody(overrides);
  const accepted = await postJson(`/api/campaigns/${slug}/signatures`, body);
  if (accepted.status !== 202) throw new Error(`sign-on failed: ${accepted.status} ${await accepted.text()}`);
  const [email] = await mailbox(body.email);
  const confirmed = await call(verifyPath(email), { method: "POST" });
  return { body, confirmed };
}
