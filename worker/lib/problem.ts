import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FieldError, FieldErrorCode, Locale, ProblemType } from "../../contract";
import { t, type MessageKey } from "../i18n";

export type { FieldError };

export interface ProblemInit {
  title: string;
  detail?: string;
  /** A short name for the problem type, e.g. `invalid-fields`; `about:blank` when omitted. */
  type?: ProblemType;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extra members, e.g. `retryAfter`. */
  extensions?: Record<string, unknown>;
  /** Its title and detail in every language, when not those of its `type` (`MESSAGES_BY_TYPE`). */
  messages?: ProblemMessages;
}

/** A problem's title and detail as keys of worker/i18n.ts. */
export interface ProblemMessages {
  title: MessageKey;
  detail?: MessageKey;
  vars?: Record<string, string | number>;
}

/**
 * The problems a signer's page or a partner's own form may meet, worded in every language. The
 * organizers' problems stay in English, as the console does.
 */
const MESSAGES_BY_TYPE: Partial<Record<ProblemType, ProblemMessages>> = {
  "not-found": { title: "problemNotFound", detail: "problemNotFoundDetail" },
  "campaign-closed": { title: "problemClosed" },
  "campaign-delivered": { title: "problemDelivered" },
  "invalid-fields": { title: "problemInvalidFields" },
  "malformed-json": { title: "problemMalformed" },
  "unsupported-media-type": { title: "problemMediaType" },
  "upgrade-required": { title: "problemUpgrade" },
  "rate-limited": { title: "problemRateLimited", detail: "problemRateLimitedDetail" },
  "temporarily-unavailable": { title: "problemUnavailable", detail: "problemUnavailableDetail" },
  "origin-not-allowed": { title: "problemOriginNotAllowed", detail: "problemOriginNotAllowedDetail" },
};

/** Field errors worded for people; the English `message` stays the API's own (`field: message`). */
const FIELD_MESSAGES: Partial<Record<FieldErrorCode, MessageKey>> = {
  required: "fieldRequired",
  too_long: "fieldTooLong",
  too_many: "fieldTooMany",
  invalid_email: "fieldInvalidEmail",
  invalid_country: "fieldInvalidCountry",
  invalid_url: "fieldInvalidUrl",
  control_characters: "fieldControlCharacters",
  invisible_characters: "fieldInvisibleCharacters",
  kind_not_accepted: "fieldKindNotAccepted",
  challenge_required: "fieldChallengeRequired",
  challenge_failed: "fieldChallengeFailed",
  challenge_expired: "fieldChallengeExpired",
  unknown_field: "fieldUnknown",
};

export const fieldMessage = (locale: Locale, code: FieldErrorCode) => t(locale, (Object.hasOwn(FIELD_MESSAGES, code) && FIELD_MESSAGES[code]) || "fieldInvalid");

export const PROBLEM_TYPE_BASE = "https://undersigned.dev/problems/";

/**
 * An expected failure, answered as RFC 9457 problem details. Thrown from handlers and middleware;
 * `app.onError` turns it into the response.
 */
export class Problem extends HTTPException {
  readonly init: ProblemInit;

  constructor(status: ContentfulStatusCode, init: ProblemInit) {
    super(status, { message: init.title });
    this.init = init;
  }

  /**
   * Title, detail and field messages in `locale`. English is the problem as thrown; `type`, `code`
   * and field names never change with the language.
   */
  localized(locale: Locale): Pick<ProblemInit, "title" | "detail" | "errors"> {
    const { type, errors } = this.init;
    const messages = this.init.messages ?? (type && MESSAGES_BY_TYPE[type]);
    if (locale === "en" || !messages) return this.init;
    const fields = errors?.map((error) => ({ ...error, message: fieldMessage(locale, error.code) }));
    const detail = messages.detail
      ? t(locale, messages.detail, messages.vars)
      : fields?.map(({ field, message }) => t(locale, "problemFieldDetail", { field, message })).join(" ");
    return { title: t(locale, messages.title, messages.vars), detail, errors: fields };
  }

  toResponse(instance?: string, locale: Locale = "en"): Response {
    const { type, headers, extensions } = this.init;
    const { title, detail, errors } = this.localized(locale);
    const body = {
      type: type ? PROBLEM_TYPE_BASE + type : "about:blank",
      title,
      status: this.status,
      ...(detail ? { detail } : {}),
      ...(instance ? { instance } : {}),
      ...(errors ? { errors } : {}),
      ...extensions,
    };
    return new Response(JSON.stringify(body), {
      status: this.status,
      headers: { "Content-Type": "application/problem+json; charset=utf-8", ...headers },
    });
  }
}

export const notFound = (what: string) => new Problem(404, { title: `${what} not found`, type: "not-found" });

/** A public campaign that does not exist, or is still a draft. */
export const campaignNotFound = () =>
  new Problem(404, {
    title: "Campaign not found",
    type: "not-found",
    messages: { title: "problemCampaignNotFound", detail: "problemCampaignNotFoundDetail" },
  });

export const campaignDelivered = () =>
  new Problem(409, { title: "This letter was delivered: it takes no new signatures", type: "campaign-delivered" });

export const campaignClosed = () => new Problem(409, { title: "This letter is closed to new signatures", type: "campaign-closed" });

export const invalidFields = (errors: FieldError[]) =>
  new Problem(422, {
    title: "Some fields are invalid",
    detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
    type: "invalid-fields",
    errors,
  });
