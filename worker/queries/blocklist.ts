import { and, eq, inArray, or, type Placeholder } from "drizzle-orm";
import { blocklist } from "../../schema/tables";
import type { Database } from "../env";

/** What a blocklist entry can name for an address: itself, its domain and each parent domain but the top level. */
export function blockableNames(email: string) {
  const address = email.toLowerCase();
  const labels = (address.split("@")[1] ?? "").split(".");
  return { address, domains: labels.slice(0, -1).map((_, i) => labels.slice(i).join(".")) };
}

type Value<T> = T | Placeholder;

/**
 * The blocklist entry, if any, that stops this address for the campaign (`blockableNames`). A
 * query to run in a batch: sign-on reads it with the signer's record, or writes only if it is empty.
 */
export function blockingEntry(db: Database, campaignId: Value<number>, { address, domains }: { address: Value<string>; domains: Value<string>[] }) {
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
