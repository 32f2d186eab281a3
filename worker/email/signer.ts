import type { Campaign, Signature } from "../../schema/tables";
import { campaignPageUrl } from "../lib/urls";
import { titleIn } from "../queries/campaigns";
import type { QueuedEmail } from "./outbox";
import { renderEmail } from "./render";

/**
 * An email about a stored signature to its signer, in their language, with the letter's page. Its
 * id is the template's and the signature's: queued twice, it goes out once.
 */
export function signerEmail(
  template: "confirmed" | "listed",
  signature: Signature,
  campaign: Campaign,
  baseUrl: string,
  vars: { withdrawLink?: string; manageLink?: string; held?: boolean } = {},
): QueuedEmail {
  const locale = signature.locale;
  return {
    id: `${template}-${signature.id}`,
    recipient: signature.email!,
    replyTo: campaign.replyTo,
    senderName: titleIn(campaign, locale),
    template,
    locale,
    signatureId: signature.id,
    ...renderEmail(template, locale, {
      contactName: signature.contactName ?? "",
      organization: signature.name,
      title: titleIn(campaign, locale),
      campaignUrl: campaignPageUrl(baseUrl, campaign, locale),
      unnamed: signature.unnamed,
      ...vars,
    }),
  };
}
