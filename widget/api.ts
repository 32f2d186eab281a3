import type { Campaign, FieldError, Problem, SignatureList, SignatureListParams, SignOnAccepted, SignOnRequest } from "../contract";
import { loadMessages, type Locale } from "./i18n";

export type { Campaign, FieldError, Letter, PublicSignature, SignatureList } from "../contract";

/** A failed call: `status` 0 when the server could not be reached at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem?: Problem,
    readonly retryAfterSeconds?: number,
  ) {
    super(problem?.title ?? `HTTP ${status}`);
  }
}

/** Where this script was loaded from: the API lives on the same deployment. */
const scriptOrigin = new URL(import.meta.url).origin;

/** The API origin: the element's `api` attribute when set, else the script's own origin. */
export const apiOrigin = (api: string | undefined) => (api ? new URL(api, document.baseURI).origin : scriptOrigin);

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (init?.signal?.aborted) throw error;
    throw new ApiError(0);
  }
  if (response.ok) return (await response.json()) as T;
  const problem = (await response.json().catch(() => undefined)) as Problem | undefined;
  throw new ApiError(response.status, problem, Number(response.headers.get("Retry-After")) || problem?.retryAfter);
}

/** The campaign's address, also its cacheable read (no letter translation) that the live feed polls. */
export const campaignPath = (api: string, slug: string) => `${api}/api/campaigns/${encodeURIComponent(slug)}`;

const campaigns = new Map<string, Promise<Campaign>>();

/**
 * The campaign with its letter in `locale`, once the widget's messages in `locale` are loaded too.
 * Shared by every element on the page that shows the same campaign, so that a page with a count,
 * a list and a form asks once.
 */
export function loadCampaign(api: string, slug: string, locale: Locale): Promise<Campaign> {
  const url = `${campaignPath(api, slug)}?lang=${locale}`;
  let campaign = campaigns.get(url);
  if (!campaign) {
    campaign = Promise.all([call<Campaign>(url), loadMessages(locale)]).then(([loaded]) => loaded);
    campaigns.set(url, campaign);
    campaign.catch(() => campaigns.delete(url));
  }
  return campaign;
}

/** A page of the list: filters, the cursor of the page before, the list version the page knows of. */
export type ListQuery = Omit<SignatureListParams, "limit">;

export const PAGE_SIZE = 100;

export function fetchSignatures(api: string, slug: string, query: ListQuery, signal?: AbortSignal): Promise<SignatureList> {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  // Only what is set: an unfiltered list has one address, which caches share.
  for (const [name, value] of Object.entries(query)) if (value != null && value !== "") params.set(name, String(value));
  return call<SignatureList>(`${campaignPath(api, slug)}/signatures?${params}`, { signal });
}

export const signOn = (api: string, slug: string, body: SignOnRequest) =>
  call<SignOnAccepted>(`${campaignPath(api, slug)}/signatures`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
