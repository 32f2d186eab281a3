import type { Bindings } from "../env";
import type { FieldErrorCode } from "../../contract";
import { invalidFields, Problem } from "./problem";

const SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** The site key partners' widgets render with, or null when Turnstile is not configured. */
export const turnstileSiteKey = (env: Bindings) => (env.TURNSTILE_SITE_KEY && env.TURNSTILE_SECRET_KEY ? env.TURNSTILE_SITE_KEY : null);

const challengeProblem = (code: FieldErrorCode, message: string) =>
  invalidFields([{ field: "turnstileToken", pointer: "/turnstileToken", code, message }]);

/**
 * Checks a Turnstile token with siteverify when Turnstile is configured; does nothing otherwise.
 * A failed or missing challenge is a field error the widget shows; siteverify being unreachable
 * is a retryable 503, never a silent pass.
 */
export async function verifyTurnstile(env: Bindings, token: string | undefined, remoteIp: string | undefined, idempotencyKey: string) {
  if (!turnstileSiteKey(env)) return;
  if (!token) throw challengeProblem("challenge_required", "complete the anti-bot check");
  const form = new URLSearchParams({ secret: env.TURNSTILE_SECRET_KEY!, response: token, idempotency_key: idempotencyKey });
  if (remoteIp) form.set("remoteip", remoteIp);
  let outcome: { success?: boolean; "error-codes"?: string[] };
  try {
    const response = await fetch(env.TURNSTILE_VERIFY_URL || SITEVERIFY_URL, { method: "POST", body: form });
    outcome = await response.json();
  } catch (error) {
    console.error(JSON.stringify({ message: "turnstile siteverify unreachable", error: String(error) }));
    throw new Problem(503, {
      title: "Temporarily unavailable",
      detail: "The anti-bot check could not be completed. Nothing was saved; please try again.",
      type: "temporarily-unavailable",
      messages: { title: "problemUnavailable", detail: "problemChallengeUnavailableDetail" },
      headers: { "Retry-After": "5" },
    });
  }
  if (!outcome.success) {
    const expired = outcome["error-codes"]?.includes("timeout-or-duplicate");
    throw challengeProblem(expired ? "challenge_expired" : "challenge_failed", expired ? "the anti-bot check expired; try it again" : "the anti-bot check failed");
  }
}
