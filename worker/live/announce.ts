import { eq } from "drizzle-orm";
import { campaigns, signatures } from "../../schema/tables";
import type { Bindings, Database } from "../env";
import { publicSignature } from "../queries/signatures";
import type { LiveMessage } from "../../contract";

/**
 * Tells a campaign's open widgets that its public list changed: the new entry when `signatureId`
 * was just published, otherwise a nudge to reread. Runs after the response (`waitUntil`); a
 * failure only delays widgets until their next reconnect or poll, so it is logged, not thrown.
 */
export async function announceListChange(env: Bindings, db: Database, campaignId: number, signatureId?: string) {
  try {
    const [[campaign], [signature]] = await db.batch([
      db
        .select({ slug: campaigns.slug, count: campaigns.signatureCount, listVersion: campaigns.listVersion, showAuthenticity: campaigns.showAuthenticity })
        .from(campaigns)
        .where(eq(campaigns.id, campaignId)),
      db.select().from(signatures).where(eq(signatures.id, signatureId ?? "")),
    ]);
    if (!campaign) return;
    const { slug, count, listVersion } = campaign;
    // An entry that asked not to be named is counted: open widgets hear the count, never the entry.
    const message: Exclude<LiveMessage, { type: "hello" }> =
      signature?.status === "published" && !signature.unnamed
        ? { type: "signature", count, listVersion, signature: publicSignature(signature, campaign) }
        : { type: "refresh", count, listVersion };
    await env.CAMPAIGN_LIVE.getByName(slug).announce(message);
  } catch (error) {
    console.error(JSON.stringify({ message: "live announcement failed", campaignId, error: String(error) }));
  }
}

/** Opens a widget's socket on the campaign's live object, handing it the state just read. */
export function openLiveSocket(env: Bindings, request: Request, state: { slug: string; count: number; listVersion: number }) {
  const headers = new Headers(request.headers);
  headers.set("X-Live-State", JSON.stringify({ count: state.count, listVersion: state.listVersion }));
  return env.CAMPAIGN_LIVE.getByName(state.slug).fetch(new Request(request.url, { headers }));
}
