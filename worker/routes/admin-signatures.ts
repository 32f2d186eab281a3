import type { Context } from "hono";
import {
  AuthenticityBody,
  jsonResponse,
  MergeBody,
  problemResponse,
  ReviewListQuery,
  ReviewPageSchema,
  ReviewSignatureSchema,
  SignatureIdParams,
  SignaturePatch,
  SlugParams,
} from "../../contract";
import type { Signature } from "../../schema/tables";
import type { AppEnv } from "../env";
import { deliverEmails } from "../email/outbox";
import { organizerRoute } from "../lib/openapi";
import { notFound } from "../lib/problem";
import { publicBaseUrl } from "../lib/urls";
import { createApi } from "../lib/validation";
import { announceListChange } from "../live/announce";
import { memberCampaign, requireOrganizer, reviewerOf } from "../middleware";
import { findCampaignSignature, findPossibleDuplicates, listForReview, reviewView } from "../queries/review";
import { setAuthenticity } from "../services/authenticity-marks";
import { approveCorrection, rejectCorrection } from "../services/corrections";
import { approve, correct, keepBoth, merge, reject, type ReviewOutcome } from "../services/review";

/** Reviewing a campaign's signatures, under `/api/admin/campaigns/:slug/signatures`. */
export const adminSignatures = createApi();

adminSignatures.use(requireOrganizer, memberCampaign);

async function loadSignature(c: Context<AppEnv>, id: string) {
  const signature = await findCampaignSignature(c.get("db"), c.get("campaign").id, id);
  if (!signature) throw notFound("Signature");
  return signature;
}

async function viewOf(c: Context<AppEnv>, signature: Signature) {
  const current = (await findCampaignSignature(c.get("db"), c.get("campaign").id, signature.id)) ?? signature;
  const duplicates = await findPossibleDuplicates(c.get("db"), c.get("campaign").id, [current]);
  return reviewView(current, c.get("campaign"), duplicates.get(current.id));
}

/** Tells open widgets and Resend what the action's batch wrote. */
function follow(c: Context<AppEnv>, outcome: ReviewOutcome) {
  if (outcome.listChanged) c.executionCtx.waitUntil(announceListChange(c.env, c.get("db"), c.get("campaign").id, outcome.published));
  if (outcome.emailIds.length) c.executionCtx.waitUntil(deliverEmails(c.env, c.get("db"), outcome.emailIds));
}

const one = jsonResponse("The signature as it stands now", ReviewSignatureSchema);
/** A review action on one signature that takes no body. */
const action = (name: "approve" | "reject", summary: string) =>
  organizerRoute({
    minimumRole: "reviewer",
    method: "post",
    path: `/{id}/${name}`,
    summary,
    request: { params: SignatureIdParams },
    responses: { 200: one, 404: problemResponse("No such campaign or signature"), 409: problemResponse("The signature is not in a state this applies to, or changed meanwhile") },
  });

adminSignatures.openapi(
  organizerRoute({
    minimumRole: "reviewer",
    method: "get",
    path: "/",
    summary: "Signatures for review, newest first, a page at a time",
    request: { params: SlugParams, query: ReviewListQuery },
    responses: { 200: jsonResponse("A page of signatures", ReviewPageSchema), 404: problemResponse("No such campaign"), 422: problemResponse("Invalid query") },
  }),
  async (c) => {
    const { page, nextCursor } = await listForReview(c.get("db"), c.get("campaign").id, c.req.valid("query"));
    const duplicates = await findPossibleDuplicates(c.get("db"), c.get("campaign").id, page);
    return c.json({ items: page.map((row) => reviewView(row, c.get("campaign"), duplicates.get(row.id))), nextCursor }, 200);
  },
);

adminSignatures.openapi(
  organizerRoute({
    minimumRole: "reviewer",
    method: "get",
    path: "/{id}",
    summary: "One signature, with its possible duplicates",
    request: { params: SignatureIdParams },
    responses: { 200: one, 404: problemResponse("No such campaign or signature") },
  }),
  async (c) => c.json(await viewOf(c, await loadSignature(c, c.req.valid("param").id)), 200),
);

adminSignatures.openapi(action("approve", "Approve a held or verified signature: it is listed, and its signer told"), async (c) => {
  const signature = await loadSignature(c, c.req.valid("param").id);
  follow(c, await approve(c.get("db"), reviewerOf(c), signature, publicBaseUrl(c)));
  return c.json(await viewOf(c, signature), 200);
});

adminSignatures.openapi(action("reject", "Reject a signature"), async (c) => {
  const signature = await loadSignature(c, c.req.valid("param").id);
  follow(c, await reject(c.get("db"), reviewerOf(c), signature));
  return c.json(await viewOf(c, signature), 200);
});

adminSignatures.openapi(
  organizerRoute({
    minimumRole: "reviewer",
    method: "post",
    path: "/{id}/merge",
    summary: "Merge a duplicate into another live signature, which stays; this one is rejected",
    request: { params: SignatureIdParams, body: { required: true, content: { "application/json": { schema: MergeBody } } } },
    responses: { 200: one, 404: problemResponse("No such campaign or signature"), 409: problemResponse("Not in a state this applies to"), 422: problemResponse("`into` is not another live signature") },
  }),
  async (c) => {
    const signature = await loadSignature(c, c.req.valid("param").id);
    const kept = await findCampaignSignature(c.get("db"), c.get("campaign").id, c.req.valid("json").into);
    follow(c, await merge(c.get("db"), reviewerOf(c), signature, kept));
    return c.json(await viewOf(c, signature), 200);
  },
);

adminSignatures.openapi(
  organizerRoute({
    minimumRole: "reviewer",
    method: "post",
    path: "/{id}/keep-both",
    summary: "Keep both: these are different signers; stop flagging them as possible duplicates",
    request: { params: SignatureIdParams },
    responses: { 200: one, 404: problemResponse("No such campaign or signature") },
  }),
  async (c) => {
    const signature = await loadSignature(c, c.req.valid("param").id);
    await keepBoth(c.get("db"), reviewerOf(c), signature);
    return c.json(await viewOf(c, signature), 200);
  },
);

adminSignatures.openapi(
  organizerRoute({
    minimumRole: "reviewer",
    method: "patch",
    path: "/{id}",
    summary: "Correct the public fields (an individual's name and affiliation included)",
    request: { params: SignatureIdParams, body: { required: true, content: { "application/json": { schema: SignaturePatch } } } },
    responses: { 200: one, 404: problemResponse("No such campaign or signature"), 422: problemResponse("Invalid fields; `errors` names each") },
  }),
  async (c) => {
    const signature = await loadSignature(c, c.req.valid("param").id);
    follow(c, await correct(c.get("db"), reviewerOf(c), signature, c.req.valid("json")));
    return c.json(await viewOf(c, signature), 200);
  },
);

adminSignatures.openapi(
  organizerRoute({
    minimumRole: "editor",
    method: "put",
    path: "/{id}/authenticity",
    summary: "Grant the public mark of authenticity after the organizers' own check, or take a mark back; audited",
    description: "The mark shows publicly only where the campaign's `showAuthenticity` is on.",
    request: { params: SignatureIdParams, body: { required: true, content: { "application/json": { schema: AuthenticityBody } } } },
    responses: { 200: one, 404: problemResponse("No such campaign or signature"), 422: problemResponse("Invalid body") },
  }),
  async (c) => {
    const signature = await loadSignature(c, c.req.valid("param").id);
    const listChanged = await setAuthenticity(c.get("db"), reviewerOf(c), signature, c.req.valid("json").granted);
    follow(c, { listChanged, emailIds: [] });
    return c.json(await viewOf(c, signature), 200);
  },
);

/** A decision on the correction the signer asked for through their manage link. */
const correctionAction = (name: "approve" | "reject", summary: string) =>
  organizerRoute({
    minimumRole: "reviewer",
    method: "post",
    path: `/{id}/correction/${name}`,
    summary,
    request: { params: SignatureIdParams },
    responses: { 200: one, 404: problemResponse("No such campaign or signature"), 409: problemResponse("No correction waits, or another entry of this signer has the new name") },
  });

adminSignatures.openapi(correctionAction("approve", "Publish the correction the signer asked for"), async (c) => {
  const signature = await loadSignature(c, c.req.valid("param").id);
  follow(c, await approveCorrection(c.get("db"), reviewerOf(c), signature));
  return c.json(await viewOf(c, signature), 200);
});

adminSignatures.openapi(correctionAction("reject", "Turn down the correction the signer asked for: the entry stays as it is"), async (c) => {
  const signature = await loadSignature(c, c.req.valid("param").id);
  follow(c, await rejectCorrection(c.get("db"), reviewerOf(c), signature));
  return c.json(await viewOf(c, signature), 200);
});
