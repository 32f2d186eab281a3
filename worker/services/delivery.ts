import { and, eq, ne } from "drizzle-orm";
import type { Delivery as DeliveryView, DeliveryCreateRequest } from "../../contract";
import { deliveries, type Delivery } from "../../schema/delivery";
import { auditLog, campaigns, type Campaign } from "../../schema/tables";
import type { Database } from "../env";
import { insertWhere } from "../lib/insert-where";
import { Problem } from "../lib/problem";
import { forgetCampaign, letterIn } from "../queries/campaigns";
import { signaturesInOrder } from "./exports";
import { campaignBecame, campaignDeliveredEvent } from "./webhook-events";

/**
 * The canonical text a delivery's fingerprint is computed over, line by line (LF, UTF-8): a
 * header naming the format, the campaign and the letter version; the letter in its own language
 * (title, addressees, salutation, body as written); then one line per published signature in the
 * list's order (sort key, then id): its id, name and country, separated by tabs; then, when some
 * asked not to be named, the line `Not named: N` instead of theirs. Anyone can fetch
 * it from `/c/{slug}/delivery.txt` and recompute the fingerprint with `sha256sum`.
 */
export async function* canonicalText(db: Database, campaign: Campaign, letterVersion: number): AsyncGenerator<string> {
  const letter = letterIn(campaign, campaign.language);
  yield "Undersigned delivery record, format 1\n";
  yield `Campaign: ${campaign.slug}\nLetter version: ${letterVersion}\nLanguage: ${campaign.language}\n\n`;
  yield `${letter.title}\n\n`;
  if (letter.addressees.length) yield `${letter.addressees.join("\n")}\n\n`;
  if (letter.salutation) yield `${letter.salutation}\n\n`;
  yield `${letter.body.replace(/\r\n?/g, "\n").trimEnd()}\n\nSignatories:\n`;
  let unnamed = 0;
  for await (const signature of signaturesInOrder(db, campaign.id, true)) {
    if (signature.unnamed) unnamed++;
    else yield `${signature.id}\t${signature.name}\t${signature.country ?? ""}\n`;
  }
  // Those who asked not to be named went with the letter and are counted; no line of theirs, not
  // even an id and a country, says anything more about them.
  if (unnamed) yield `Not named: ${unnamed}\n`;
}

/** SHA-256 (hex) of the canonical text, streamed: the list is never held whole. */
export async function fingerprintOf(db: Database, campaign: Campaign, letterVersion: number): Promise<{ fingerprint: string; count: number }> {
  // workerd's streaming digest; the DOM's Crypto type, also in scope for the apps, does not know it.
  const digest = new (crypto as unknown as { DigestStream: typeof DigestStream }).DigestStream("SHA-256");
  const writer = digest.getWriter();
  const encoder = new TextEncoder();
  let count = -1;
  for await (const piece of canonicalText(db, campaign, letterVersion)) {
    if (piece.includes("\t")) count++;
    else if (piece.endsWith("Signatories:\n")) count = 0;
    else if (piece.startsWith("Not named: ")) count += Number(piece.slice("Not named: ".length));
    await writer.write(encoder.encode(piece));
  }
  await writer.close();
  const bytes = new Uint8Array(await digest.digest);
  return { fingerprint: [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(""), count: Math.max(count, 0) };
}

export const findDelivery = (db: Database, campaignId: number) => db.select().from(deliveries).where(eq(deliveries.campaignId, campaignId)).get();

export const canonicalUrl = (baseUrl: string, campaign: Pick<Campaign, "slug">) => `${baseUrl}/c/${campaign.slug}/delivery.txt`;

export function deliveryView(delivery: Delivery, campaign: Campaign, baseUrl: string): DeliveryView {
  return {
    deliveredAt: delivery.deliveredAt.toISOString(),
    recipients: delivery.recipients,
    method: delivery.method as DeliveryView["method"],
    note: delivery.note,
    letterVersion: delivery.letterVersion,
    count: delivery.signatureCount,
    fingerprint: delivery.fingerprint,
    canonicalUrl: canonicalUrl(baseUrl, campaign),
  };
}

export const listFrozen = () =>
  new Problem(409, { title: "The letter was delivered: its list is frozen", detail: "Corrections to public fields are still possible, and recorded.", type: "campaign-delivered" });

/**
 * Marks the letter delivered: the list and the letter version freeze (no new signatures, no
 * withdrawals, no review), and the record keeps when, to whom, how, and the fingerprint of the
 * exact text and list delivered. The campaign moves only if its list is still the one
 * fingerprinted (its `listVersion` unchanged): a confirmation meanwhile asks for a new try.
 */
export async function deliver(db: Database, organizerId: number, campaign: Campaign, input: DeliveryCreateRequest, baseUrl: string) {
  if (campaign.status === "delivered") throw new Problem(409, { title: "This letter is already delivered", type: "campaign-delivered" });
  if (campaign.status === "draft") throw new Problem(409, { title: "A draft cannot be delivered: open or close it first", type: "wrong-state" });
  const { fingerprint, count } = await fingerprintOf(db, campaign, campaign.version);
  const deliveredAt = input.deliveredAt ? new Date(input.deliveredAt) : new Date();
  const record = {
    campaignId: campaign.id,
    deliveredAt,
    recipients: input.recipients,
    method: input.method,
    note: input.note ?? null,
    letterVersion: campaign.version,
    signatureCount: count,
    fingerprint,
    organizerId,
  };
  // Written only if the freeze took: the record and its audit entry stand or fall with it.
  const frozenNow = and(eq(campaigns.id, campaign.id), eq(campaigns.status, "delivered"), eq(campaigns.listVersion, campaign.listVersion));
  const at = new Date();
  const view: DeliveryView = {
    deliveredAt: deliveredAt.toISOString(),
    recipients: record.recipients,
    method: record.method,
    note: record.note,
    letterVersion: record.letterVersion,
    count,
    fingerprint,
    canonicalUrl: canonicalUrl(baseUrl, campaign),
  };
  const [frozen] = await db.batch([
    db
      .update(campaigns)
      .set({ status: "delivered", updatedAt: at })
      .where(and(eq(campaigns.id, campaign.id), eq(campaigns.listVersion, campaign.listVersion), ne(campaigns.status, "delivered")))
      .returning({ id: campaigns.id }),
    insertWhere(db, deliveries, record, campaigns, frozenNow).onConflictDoNothing(),
    insertWhere(
      db,
      auditLog,
      {
        organizerId,
        campaignId: campaign.id,
        entity: "campaign",
        entityId: campaign.slug,
        action: "deliver",
        before: { status: campaign.status },
        after: { status: "delivered", recipients: record.recipients, method: record.method, fingerprint, count },
      },
      campaigns,
      frozenNow,
    ),
    campaignDeliveredEvent(db, campaign, view, { at, happened: campaignBecame(db, campaign.id, "delivered", at) }),
  ]);
  forgetCampaign(campaign.slug);
  if (!frozen.length) throw new Problem(409, { title: "The list changed while it was being fingerprinted; try again", type: "conflict" });
  return record;
}
