import { and, asc, eq } from "drizzle-orm";
import type { Locale, LetterResponse, ResponseCreateRequest } from "../../contract";
import { responses, type LetterResponse as StoredResponse } from "../../schema/delivery";
import type { Campaign } from "../../schema/tables";
import type { Database } from "../env";
import { notFound, Problem } from "../lib/problem";
import { forgetCampaign } from "../queries/campaigns";
import { audit } from "../queries/organizers";

/** What the letter's addressees answered, recorded by the organizers once it was delivered. */

export const listResponses = (db: Database, campaignId: number) =>
  db.select().from(responses).where(eq(responses.campaignId, campaignId)).orderBy(asc(responses.respondedOn), asc(responses.id)).all();

/** A response as a reader sees it: the summary in their language where the organizers wrote one. */
export function responseIn(response: StoredResponse, campaign: Campaign, lang: Locale): LetterResponse {
  const shown = response.summary[lang] ? lang : response.summary[campaign.language] ? campaign.language : (Object.keys(response.summary)[0] as Locale);
  return { id: response.id, respondent: response.respondent, respondedOn: response.respondedOn, summary: response.summary[shown] ?? "", lang: shown, url: response.url };
}

export const adminResponseView = (response: StoredResponse) => ({
  id: response.id,
  respondent: response.respondent,
  respondedOn: response.respondedOn,
  summary: response.summary,
  url: response.url,
  createdAt: response.createdAt.toISOString(),
});

export async function recordResponse(db: Database, organizerId: number, campaign: Campaign, input: ResponseCreateRequest) {
  if (campaign.status !== "delivered") {
    throw new Problem(409, { title: "Record responses once the letter is delivered", detail: "Mark the letter delivered first.", type: "wrong-state" });
  }
  const summary = Object.fromEntries(Object.entries(input.summary).filter(([, text]) => text));
  const [[created]] = await db.batch([
    db.insert(responses).values({ campaignId: campaign.id, respondent: input.respondent, respondedOn: input.respondedOn, summary, url: input.url ?? null }).returning(),
    audit(db, { organizerId, campaignId: campaign.id, entity: "campaign", entityId: campaign.slug, action: "record-response", after: { respondent: input.respondent, respondedOn: input.respondedOn } }),
  ]);
  forgetCampaign(campaign.slug);
  return created;
}

export async function deleteResponse(db: Database, organizerId: number, campaign: Campaign, id: number) {
  const response = await db.select().from(responses).where(and(eq(responses.id, id), eq(responses.campaignId, campaign.id))).get();
  if (!response) throw notFound("Response");
  await db.batch([
    db.delete(responses).where(eq(responses.id, id)),
    audit(db, { organizerId, campaignId: campaign.id, entity: "campaign", entityId: campaign.slug, action: "delete-response", before: adminResponseView(response) }),
  ]);
  forgetCampaign(campaign.slug);
}
