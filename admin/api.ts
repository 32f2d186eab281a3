/** The organizer API as the console calls it: same origin, session cookie, problem details. */

/** One wrong field of a request, as the API's problem details name it. */
export interface FieldError {
  /** The request field, e.g. `website` or `members.2`. */
  field: string;
  pointer: string;
  /** Stable reason, e.g. `required` or `invalid_url`: what the console words its message after. */
  code: string;
  message: string;
}

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
    const problem = data as { errors?: FieldError[]; title?: string };
    const errors = problem.errors ?? [];
    throw new ApiError(response.status, errors.length ? errors.map((e) => `${e.field}: ${e.message}`).join("; ") : (problem.title ?? response.statusText), errors);
  }
  return data as T;
}

export interface Me {
  email: string;
  campaigns: Array<{ slug: string; title: string; status: string; count: number; notifications: "each" | "daily" | "none" }>;
}

export type Locale = "en" | "es" | "fr";

export interface Translation {
  title?: string;
  body?: string;
  addressees?: string[];
  cc?: string[];
  salutation?: string;
}

export interface Campaign {
  slug: string;
  title: string;
  body: string;
  addressees: string[];
  cc: string[];
  salutation: string | null;
  letterDate: string | null;
  language: Locale;
  translations: Partial<Record<Locale, Translation>>;
  status: "draft" | "open" | "closed";
  closesAt: string | null;
  moderation: "publish" | "hold";
  signerKinds: Array<"organization" | "individual">;
  allowedOrigins: string[];
  botPolicy: "drop" | "flag";
  replyTo: string | null;
  version: number;
  count: number;
}

export interface Signature {
  id: string;
  name: string;
  city: string | null;
  region: string | null;
  country: string | null;
  website: string | null;
  members: string[];
  contactName: string | null;
  contactTitle: string | null;
  email: string | null;
  source: string;
  status: string;
  heldReason: string | null;
  rejectedReason: string | null;
  letterVersion: number;
  signedOlderVersion: boolean;
  createdAt: string;
  signals: { domainMatchesWebsite: boolean; freeMail: boolean };
  duplicates: Array<{ id: string; name: string; reason: string }>;
}
