import { z } from "@hono/zod-openapi";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { Hono } from "hono";
import type { Context } from "hono";
import { campaigns, signatures, type Signature, type SignatureStatus } from "../../schema/tables";
import { BulkReject, SignatureListQuery, SignaturePatch } from "../admin-schemas";
import type { AppEnv } from "../env";
import { deliverEmails, queueEmail } from "../email/outbox";
import { signerEmail } from "../email/signer";
import { notFound, Problem } from "../lib/problem";
import { organizationKey, searchText, sortKey } from "../lib/names";
import { publicBaseUrl, withScheme } from "../lib/urls";
import { validated } from "../lib/validation";
import { announceListChange } from "../live/announce";
import { memberCampaign, requireOrganizer } from "../middleware";
import { audit, changedFields } from "../queries/organizers";
import { bulkRejectionFilter, findCampaignSignature, findPossibleDuplicates, listForReview, reviewView } from "../queries/review";

/** Reviewing a campaign's signatures, under `/api/admin/campaigns/:slug/signatures`. */
export const adminSignatures = new Hono<AppEnv>();

adminSignatures.use(requireOrganizer, memberCampaign);

const IdParam = z.object({ slug: z.string(), id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

adminSignatures.get("/", validated("query", SignatureListQuery), async (c) => {
  const { page, nextCursor } = await listForReview(c.var.db, c.var.campaign.id, c.req.valid("query"));
  const duplicates = await findPossibleDuplicates(c.var.db, c.var.campaign.id, page);
  return c.json({ items: page.map((row) => reviewView(row, c.var.campaign, duplicates.get(row.id))), nextCursor });
});

async function loadSignature(c: Context<AppEnv>, id: string) {
  const signature = await findCampaignSignature(c.var.db, c.var.campaign.id, id);
  if (!signature) throw notFound("Signature");
  return signature;
}

async function respondWith(c: Context<AppEnv>, id: string) {
  const signature = await loadSignature(c, id);
  const duplicates = await findPossibleDuplicates(c.var.db, c.var.campaign.id, [signature]);
  return c.json(reviewView(signature, c.var.campaign, duplicates.get(signature.id)));
}

adminSignatures.get("/:id", validated("param", IdParam), (c) => respondWith(c, c.req.valid("param").id));

const wrongState = (signature: Signature, action: string) =>
  new Problem(409, { title: `A ${signature.status} signature cannot be ${action}`, type: "wrong-state" });

/**
 * Moves one signature to `status` (guarded by the status it was read in, so that two organizers
 * acting at once change it once), with its audit entry, in one batch.
 */
async function transition(c: Context<AppEnv>, signature: Signature, action: string, set: Partial<Signature> & { status: SignatureStatus }) {
  const db = c.var.db;
  const now = new Date();
  const [changed] = await db.batch([
    db
      .update(signatures)
      .set({ ...set, updatedAt: now })
      .where(and(eq(signatures.id, signature.id), eq(signatures.status, signature.status)))
      .returning({ id: signatures.id }),
    audit(db, {
      organizerId: c.var.organizer.id,
      campaignId: c.var.campaign.id,
      entity: "signature",
      entityId: signature.id,
      action,
      before: { status: signature.status },
      after: { status: set.status, ...(set.rejectedReason ? { rejectedReason: set.rejectedReason } : {}), ...(set.duplicateOf ? { duplicateOf: set.duplicateOf } : {}) },
    }),
  ]);
  if (!changed.length) throw new Problem(409, { title: "The signature changed meanwhile; reload and try again", type: "conflict" });
  if (signature.status === "published" || set.status === "published") {
    c.executionCtx.waitUntil(announceListChange(c.env, db, c.var.campaign.id, set.status === "published" ? signature.id : undefined));
  }
}

adminSignatures.post("/:id/approve", validated("param", IdParam), async (c) => {
  const signature = await loadSignature(c, c.req.valid("param").id);
  if (!["held", "verified"].includes(signature.status)) throw wrongState(signature, "approved");
  await transition(c, signature, "approve", { status: "published", heldReason: null, publishedAt: new Date() });
  // The confirmation told this signer the organizers would review it: they hear how it ended.
  if (signature.email) {
    const listed = queueEmail(c.var.db, signerEmail("listed", signature, c.var.campaign, publicBaseUrl(c)));
    await listed.query.run();
    c.executionCtx.waitUntil(deliverEmails(c.env, c.var.db, [listed.id]));
  }
  return respondWith(c, signature.id);
});

adminSignatures.post("/:id/reject", validated("param", IdParam), async (c) => {
  const signature = await loadSignature(c, c.req.valid("param").id);
  if (["rejected", "withdrawn"].includes(signature.status)) throw wrongState(signature, "rejected");
  await transition(c, signature, "reject", { status: "rejected", rejectedReason: "organizer" });
  return respondWith(c, signature.id);
});

/** Merge: this signature is a duplicate of `into`, which stays; this one is rejected. */
adminSignatures.post("/:id/merge", validated("param", IdParam), validated("json", z.strictObject({ into: IdParam.shape.id })), async (c) => {
  const signature = await loadSignature(c, c.req.valid("param").id);
  const { into } = c.req.valid("json");
  const kept = await findCampaignSignature(c.var.db, c.var.campaign.id, into);
  if (!kept || kept.id === signature.id || ["rejected", "withdrawn"].includes(kept.status)) {
    throw new Problem(422, {
      title: "Merge into another live signature of this campaign",
      type: "invalid-fields",
      errors: [{ field: "into", pointer: "/into", code: "invalid_value", message: "is not another live signature of this campaign" }],
    });
  }
  if (["rejected", "withdrawn"].includes(signature.status)) throw wrongState(signature, "merged");
  await transition(c, signature, "merge", { status: "rejected", rejectedReason: "duplicate", duplicateOf: kept.id });
  return respondWith(c, signature.id);
});

/** Keep both: the organizer looked and these are different signers; stop flagging the pair. */
adminSignatures.post("/:id/keep-both", validated("param", IdParam), async (c) => {
  const signature = await loadSignature(c, c.req.valid("param").id);
  const duplicates = (await findPossibleDuplicates(c.var.db, c.var.campaign.id, [signature])).get(signature.id) ?? [];
  const ids = [signature.id, ...duplicates.map((other) => other.id)];
  const now = new Date();
  await c.var.db.batch([
    c.var.db.update(signatures).set({ duplicatesReviewedAt: now }).where(inArray(signatures.id, ids)),
    audit(c.var.db, {
      organizerId: c.var.organizer.id,
      campaignId: c.var.campaign.id,
      entity: "signature",
      entityId: signature.id,
      action: "keep-both",
      after: { keptWith: duplicates.map((other) => other.id) },
    }),
  ]);
  return respondWith(c, signature.id);
});

/** Corrects the public fields; the folded keys follow the name, and the audit log keeps both versions. */
adminSignatures.patch("/:id", validated("param", IdParam), validated("json", SignaturePatch), async (c) => {
  const signature = await loadSignature(c, c.req.valid("param").id);
  const { website: typedWebsite, ...rest } = c.req.valid("json");
  // Stored (and audited) as sign-on stores it: a blank is no website, a bare host gets https://.
  const website = typedWebsite === undefined ? undefined : typedWebsite ? withScheme(typedWebsite) : null;
  const input = { ...rest, ...(website === undefined ? {} : { website }) };
  const changes = changedFields(signature as unknown as Record<string, unknown>, input);
  if (!changes) return respondWith(c, signature.id);
  const next = { ...signature, ...input };
  const db = c.var.db;
  const listed = signature.status === "published";
  await db.batch([
    db
      .update(signatures)
      .set({
        ...input,
        sortKey: sortKey(next.name),
        organizationKey: organizationKey(next.name),
        searchText: searchText([next.name, next.affiliation, next.city, next.region, ...next.members]),
        updatedAt: new Date(),
      })
      .where(eq(signatures.id, signature.id)),
    audit(db, {
      organizerId: c.var.organizer.id,
      campaignId: c.var.campaign.id,
      entity: "signature",
      entityId: signature.id,
      action: "update",
      ...changes,
    }),
    // The public list shows these fields: bump its version (the list's ETag) for a listed entry.
    db
      .update(campaigns)
      .set({ listVersion: sql`${campaigns.listVersion} + ${listed ? 1 : 0}` })
      .where(eq(campaigns.id, c.var.campaign.id)),
  ]);
  if (listed) c.executionCtx.waitUntil(announceListChange(c.env, db, c.var.campaign.id));
  return respondWith(c, signature.id);
});

adminSignatures.post("/bulk-reject", validated("json", BulkReject), async (c) => {
  const input = c.req.valid("json");
  const db = c.var.db;
  const filter = bulkRejectionFilter(c.var.campaign.id, {
    domain: input.domain,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
  });
  // A rejection cannot be undone: the console first asks how many it would hit, and says so.
  if (input.dryRun) {
    const [{ matching }] = await db.select({ matching: count() }).from(signatures).where(filter);
    return c.json({ matching });
  }
  const now = new Date();
  // One statement over the filter, however many rows it hits (D1 binds at most 100 values, so no
  // id lists); the audit entry records the filter, and the rows carry reason `bulk` and the time.
  const [, rejected] = await db.batch([
    audit(db, {
      organizerId: c.var.organizer.id,
      campaignId: c.var.campaign.id,
      entity: "signature",
      entityId: "bulk",
      action: "bulk-reject",
      after: { ...input, status: "rejected", at: now.toISOString() },
    }),
    db
      .update(signatures)
      .set({ status: "rejected", rejectedReason: "bulk", updatedAt: now })
      .where(filter)
      .returning({ id: signatures.id }),
  ]);
  c.executionCtx.waitUntil(announceListChange(c.env, db, c.var.campaign.id));
  return c.json({ rejected: rejected.length });
});
