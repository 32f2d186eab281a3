import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FieldError, ProblemType } from "../../contract";

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
}

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

  toResponse(instance?: string): Response {
    const { title, detail, type, errors, headers, extensions } = this.init;
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
