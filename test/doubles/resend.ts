import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AccountLog, DeliveredEmail } from "./resend-account";

/**
 * A local stand-in for Resend's HTTP API (`POST /emails`, and `POST /emails/batch` for up to 100
 * at once), so tests drive the real Resend SDK across a real HTTP boundary.
 *
 * Every API key is an account of its own, as a Resend team is: its scripted answers, what it
 * delivered and its idempotency keys are seen by nobody else. Test files run in parallel against
 * this one server, so each test sends with a key of its own (test/support/resend.ts) and, with the
 * same `Authorization: Bearer <key>`, scripts its answers (`POST /__script`, a list of statuses, one
 * a request: 200, 422, 429, 500) and reads back what was delivered and every request's path and
 * status (`GET /__delivered`).
 *
 * Answers as Resend does where the product depends on it: 401 `missing_api_key` without a key, 400
 * `validation_error` for a batch of more than 100 emails, 400 `invalid_idempotency_key` for a key
 * outside 1 to 256 characters. A repeated Idempotency-Key with the same payload returns the first
 * answer and delivers nothing new; with another payload, 409 `invalid_idempotent_request`. Only
 * a request Resend took is remembered under its key: one that failed may be retried with it.
 */
interface Account extends AccountLog {
  script: number[];
  /** Answers already given, by idempotency key, with the payload they answered. */
  answered: Map<string, { payload: string; answer: unknown }>;
}

/** Resend's batch endpoint takes at most this many emails a request. */
const BATCH_LIMIT = 100;

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let data = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => (data += chunk));
    request.on("end", () => resolve(data));
    request.on("error", reject);
  });

const apiKeyOf = (request: IncomingMessage) => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];

export async function startResendDouble(): Promise<{ url: string; server: Server }> {
  const accounts = new Map<string, Account>();
  const accountFor = (apiKey: string) => {
    let account = accounts.get(apiKey);
    if (!account) accounts.set(apiKey, (account = { script: [], delivered: [], requests: [], answered: new Map() }));
    return account;
  };
  let sequence = 0;

  const server = createServer(async (request, response) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "Content-Type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };
    const problem = (status: number, name: string, message: string) => ({ statusCode: status, name, message });
    const url = new URL(request.url ?? "/", "http://double");
    const body = await readBody(request);

    const apiKey = apiKeyOf(request);
    if (!apiKey) {
      return send(401, problem(401, "missing_api_key", "Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request."));
    }
    const account = accountFor(apiKey);

    if (request.method === "POST" && url.pathname === "/__script") {
      account.script = JSON.parse(body);
      return send(200, { ok: true });
    }
    if (request.method === "GET" && url.pathname === "/__delivered") {
      return send(200, { delivered: account.delivered, requests: account.requests } satisfies AccountLog);
    }

    if (request.method === "POST" && (url.pathname === "/emails" || url.pathname === "/emails/batch")) {
      const idempotencyKey = (request.headers["idempotency-key"] as string | undefined) ?? null;
      /** Every answer to a send is logged for the account, whatever its status. */
      const answer = (status: number, answerBody: unknown, headers: Record<string, string> = {}) => {
        account.requests.push({ path: url.pathname, status, idempotencyKey });
        send(status, answerBody, headers);
      };
      const refuse = (status: number, name: string, message: string, headers: Record<string, string> = {}) =>
        answer(status, problem(status, name, message), headers);

      if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 256)) {
        return refuse(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
      }
      const emails: DeliveredEmail["body"][] = url.pathname === "/emails" ? [JSON.parse(body)] : JSON.parse(body);
      if (emails.length > BATCH_LIMIT) return refuse(400, "validation_error", `Too many emails: a batch holds at most ${BATCH_LIMIT}.`);

      const status = account.script.shift() ?? 200;
      if (status === 429) return refuse(429, "rate_limit_exceeded", "Too many requests", { "Retry-After": "1" });
      if (status === 422) return refuse(422, "validation_error", "Invalid `to` field");
      if (status >= 500) return refuse(status, "internal_server_error", "Unexpected error");

      const earlier = idempotencyKey ? account.answered.get(idempotencyKey) : undefined;
      if (earlier && earlier.payload !== body) {
        return refuse(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
      }
      if (earlier) return answer(200, earlier.answer);

      const ids = emails.map((email) => {
        const id = `double-${++sequence}`;
        account.delivered.push({ id, idempotencyKey, authorization: request.headers.authorization ?? null, body: email });
        return { id };
      });
      const taken = url.pathname === "/emails" ? ids[0] : { data: ids };
      if (idempotencyKey) account.answered.set(idempotencyKey, { payload: body, answer: taken });
      return answer(200, taken);
    }
    send(404, problem(404, "not_found", "Not found"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}
