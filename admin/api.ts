/** The organizer API as the console calls it: same origin, session cookie, problem details. */

import type { FieldError, Problem } from "../contract";

export type {
  AdminCampaign as Campaign,
  AuditEntry,
  AuditLog,
  BlockCreateRequest,
  Blocklist,
  BlocklistEntry,
  CampaignCreateRequest,
  CampaignPatchRequest,
  Delivery,
  DeliveryCreateRequest,
  Embedding,
  BulkRejectRequest,
  BulkRejectResult,
  BulkRejectionUndone,
  CoalitionContact,
  CoalitionInvited,
  CoalitionList,
  Dashboard,
  FieldError,
  ImportRequestBody,
  ImportResult,
  Invitation,
  InvitationCreateRequest,
  InvitationList,
  LetterTranslation as Translation,
  Locale,
  LoginRequestBody,
  Me,
  Member,
  MemberList,
  MemberPatchRequest,
  MergeRequest,
  NotificationsRequest,
  OrganizerRole,
  PartnerStats,
  ResponseCreateRequest,
  ResponseList,
  ReviewPage,
  ReviewSignature as Signature,
  SignaturePatchRequest,
  UndeliveredEmail,
  UndeliveredEmailList,
  UpdateCreateRequest,
  UpdateList,
  UpdatePreview,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointCreated,
  WebhookEndpointCreateRequest,
  WebhookEndpointList,
  WebhookEventType,
} from "../contract";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(`/api/admin${path}`, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? {} : { "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
    signal: init.signal,
  });
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const problem = data as Partial<Problem>;
    const errors = problem.errors ?? [];
    throw new ApiError(response.status, errors.length ? errors.map((e) => `${e.field}: ${e.message}`).join("; ") : (problem.title ?? response.statusText), errors);
  }
  return data as T;
}
