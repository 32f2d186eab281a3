import { and, eq, inArray } from "drizzle-orm";
import { blocklist } from "../../schema/tables";
import type { Database } from "../env";

/** Whether an organizer blocked this address, or its domain or any parent domain, for the campaign. */
export async function isBlocked(db: Database, campaignId: number, email: string): Promise<boolean> {
  const address = email.toLowerCase();
  const labels = (address.split("@")[1] ?? "").split(".");
  const domains = labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
  const [byEmail, byDomain] = await db.batch([
    db
      .select({ id: blocklist.id })
      .from(blocklist)
      .where(and(eq(blocklist.campaignId, campaignId), eq(blocklist.kind, "email"), eq(blocklist.value, address)))
      .limit(1),
    db
      .select({ id: blocklist.id })
      .from(blocklist)
      .where(and(eq(blocklist.campaignId, campaignId), eq(blocklist.kind, "domain"), inArray(blocklist.value, domains.length ? domains : [""])))
      .limit(1),
  ]);
  return byEmail.length > 0 || byDomain.length > 0;
}
