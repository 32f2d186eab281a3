import { env } from "cloudflare:workers";
import type { Bindings } from "../../worker/env";
import type { AccountLog } from "../doubles/resend-account";

/**
 * A Resend account of the test's own on the local double (test/doubles/resend.ts, started in
 * test/doubles/global-setup.ts): its API key keeps the answers it scripts and the emails it reads
 * back apart from every other test's, in this file or in another running at the same time.
 */
export function resendAccount() {
  const apiKey = `re_test_${crypto.randomUUID().replaceAll("-", "")}`;
  const authorization = { Authorization: `Bearer ${apiKey}` };
  const log = async () => (await fetch(`${env.RESEND_DOUBLE_URL}/__delivered`, { headers: authorization })).json<AccountLog>();
  return {
    apiKey,
    /** What the worker needs to send through this account with the real Resend SDK. */
    bindings: { RESEND_API_KEY: apiKey, RESEND_BASE_URL: env.RESEND_DOUBLE_URL } satisfies Partial<Bindings>,
    /** The statuses the next requests get, one a request; 200 once they are used up. */
    script: (statuses: number[]) => fetch(`${env.RESEND_DOUBLE_URL}/__script`, { method: "POST", headers: authorization, body: JSON.stringify(statuses) }),
    /** The emails delivered through this account, or only those to `recipient`. */
    delivered: async (recipient?: string) => (await log()).delivered.filter((email) => recipient === undefined || email.body.to === recipient),
    /** The send requests answered so far: path, status and idempotency key. */
    requests: async () => (await log()).requests,
  };
}

export type ResendAccount = ReturnType<typeof resendAccount>;
