import type { BrowserContext } from "playwright-core";
import { hashToken, newToken } from "../../worker/lib/tokens.ts";
import type { LocalWorker } from "./local-worker.ts";

// What a browser test seeds for itself on its file's worker, under names no other test uses, so
// that tests pass alone, together and in any order.

let sequence = 0;
/** A slug or name no other test on this worker uses. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++sequence}`;

/** The demo campaign `startSeededWorker` seeds (scripts/seed.ts): tests sign copies of it, never it. */
const DEMO_CAMPAIGN = "nals-2021";

const columnsOf = async (worker: LocalWorker, table: string) =>
  (await worker.sql(`SELECT name FROM pragma_table_info('${table}')`)).map((column) => String(column.name));

/**
 * A copy of the demo campaign under a slug of the test's own: the letter, its translations and its
 * 73 signatories exactly as seeded, with a count and a list that no other test's sign-ons move.
 */
export async function copyDemoCampaign(worker: LocalWorker): Promise<string> {
  const slug = unique("nals");
  // The count and list version are left to the triggers that keep them as the signatures go in.
  const notCopied = ["id", "slug", "signature_count", "list_version"];
  const campaignColumns = (await columnsOf(worker, "campaigns")).filter((column) => !notCopied.includes(column)).join(", ");
  await worker.sql(`INSERT INTO campaigns (slug, ${campaignColumns}) SELECT ?1, ${campaignColumns} FROM campaigns WHERE slug = '${DEMO_CAMPAIGN}'`, [slug]);
  const signatureColumns = (await columnsOf(worker, "signatures")).filter((column) => column !== "id" && column !== "campaign_id").join(", ");
  await worker.sql(
    `INSERT INTO signatures (id, campaign_id, ${signatureColumns})
     SELECT replace(id, '${DEMO_CAMPAIGN}', ?1), (SELECT id FROM campaigns WHERE slug = ?1), ${signatureColumns}
     FROM signatures WHERE source = 'seed' AND campaign_id = (SELECT id FROM campaigns WHERE slug = '${DEMO_CAMPAIGN}')`,
    [slug],
  );
  return slug;
}

export interface SeededOrganizer {
  email: string;
  /** An API token, as `npm run organizer` prints one. */
  token: string;
}

/** An organizer of the test's own, member of the campaigns named, with an API token. */
export async function seedOrganizer(worker: LocalWorker, ...campaigns: string[]): Promise<SeededOrganizer> {
  const email = `${unique("organizer")}@coalition.example`;
  const token = newToken();
  const organizer = `(SELECT id FROM organizers WHERE email = '${email}')`;
  const memberships = campaigns.length
    ? `INSERT INTO campaign_memberships (organizer_id, campaign_id) SELECT ${organizer}, id FROM campaigns WHERE slug IN (${campaigns.map((slug) => `'${slug}'`).join(", ")});`
    : "";
  await worker.sql(
    `INSERT INTO organizers (email) VALUES ('${email}');
     ${memberships}
     INSERT INTO api_tokens (hash, organizer_id, label) VALUES ('${await hashToken(token)}', ${organizer}, 'browser test');`,
  );
  return { email, token };
}

/** The secret of a session for the organizer, as following the emailed sign-in link opens one. */
export async function openSession(worker: LocalWorker, organizer: SeededOrganizer): Promise<string> {
  const secret = newToken();
  const expiresAt = Date.now() + 60 * 60 * 1000;
  await worker.sql(`INSERT INTO sessions (hash, organizer_id, expires_at) SELECT '${await hashToken(secret)}', id, ${expiresAt} FROM organizers WHERE email = '${organizer.email}'`);
  return secret;
}

/** Signs the organizer in within `context`, with the cookie the emailed sign-in link sets. */
export async function signInConsole(context: BrowserContext, worker: LocalWorker, organizer: SeededOrganizer): Promise<void> {
  const session = await openSession(worker, organizer);
  await context.addCookies([{ name: "undersigned_session", value: session, url: worker.url, httpOnly: true, secure: true, sameSite: "Strict" }]);
}

/** The newest link matching `path` in the local mailbox of `to` (`npm run dev`'s /dev/mailbox). */
export async function mailedLink(worker: LocalWorker, to: string, path: RegExp): Promise<string> {
  const emails: Array<{ text: string }> = await (await fetch(`${worker.url}/dev/mailbox.json?to=${encodeURIComponent(to)}`)).json();
  const link = emails.map((email) => email.text.match(path)?.[0]).find(Boolean);
  if (!link) throw new Error(`no link matching ${path} for ${to}`);
  return link;
}

/** Signs on through the public API and confirms through the emailed link, as a signer would. */
export async function signAndConfirm(worker: LocalWorker, slug: string, signOn: Record<string, unknown> & { email: string }): Promise<void> {
  const response = await fetch(`${worker.url}/api/campaigns/${slug}/signatures`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ authorized: true, ...signOn }),
  });
  if (response.status !== 202) throw new Error(`sign-on answered ${response.status}: ${await response.text()}`);
  const confirmed = await fetch(worker.url + (await mailedLink(worker, signOn.email, /\/verify\/[A-Za-z0-9_-]+/)), { method: "POST" });
  if (confirmed.status !== 200) throw new Error(`confirmation answered ${confirmed.status}`);
}
