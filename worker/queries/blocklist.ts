import { and, eq, inArray, or } from "drizzle-orm";
import { blocklist } from "../../schema/tables";
import type { Database } from "../env";

/**
 * The blocklist entry, if any, that stops this address for the campaign: the address itself, its
 * domain or a parent domain. A query to run in a batch: sign-on reads it with the signer's record.
 */
export function blockingEntry(db: Database, campaignId: number, email: string) {
  const address = email.toLowerCase();
  const labels = (address.split("@")[1] ?? "").split(".");
  const domains = labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
  return db
    .select({ id: blocklist.id })
    .from(blocklist)
    .where(
      and(
        eq(blocklist.campaignId, campaignId),
        or(
          and(eq(blocklist.kind, "email"), eq(blocklist.value, address)),
          and(eq(blocklist.kind, "domain"), inArray(blocklist.value, domains.length ? domains : [""])),
        ),
      ),
    )
    .limit(1);
}
