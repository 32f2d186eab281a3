import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Resend's HTTP API (`POST /emails`, and `POST /emails/batch` for up to 100
 * at once), so tests drive the real Resend SDK across a real HTTP boundary. Answers can be
 * scripted (`POST /__script` with a list of statuses, one a request: 200, 422, 429, 500) and what
 * was delivered is read back from `GET /__delivered`, with every request's path. Honors the
 * Idempotency-Key header as Resend does: a repeated key returns the first answer and delivers
 * nothing new.
 */
export interface DeliveredEmail {
  id: string;
  idempotencyKey: string | null;
  authorization: string | null;
  body: { from: string; to: string | string[]; subject: string; text?: string; html?: string };
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let data = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => (data += chunk));
    request.on("end", () => resolve(data));
    request.on("error", reject);
  });

export async function startResendDouble(): Promise<{ url: string; server: Server }> {
  let script: number[] = [];
  let delivered: DeliveredEmail[] = [];
  const attempts: Array<{ path: string; status: number; idempotencyKey: string | null }> = [];
  const byKey = new Map<string, unknown>();
  let sequence = 0;

  const server = createServer(async (request, response) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "Content-Type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? "/", "http://double");
    const body = await readBody(request);

    if (request.method === "POST" && url.pathname === "/__script") {
      script = JSON.parse(body);
      return send(200, { ok: true });
    }
    if (request.method === "POST" && url.pathname === "/__reset") {
      script = [];
      delivered = [];
      attempts.length = 0;
      byKey.clear();
      return send(200, { ok: true });
    }
    if (request.method === "GET" && url.pathname === "/__delivered") return send(200, { delivered, attempts });

    if (request.method === "POST" && (url.pathname === "/emails" || url.pathname === "/emails/batch")) {
      const idempotencyKey = (request.headers["idempotency-key"] as string | undefined) ?? null;
      const status = script.shift() ?? 200;
      attempts.push({ path: url.pathname, status, idempotencyKey });
      if (status === 429) {
        return send(429, { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" }, { "Retry-After": "1" });
      }
      if (status === 422) return send(422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field" });
      if (status >= 500) return send(status, { statusCode: status, name: "internal_server_error", message: "Unexpected error" });
      if (idempotencyKey && byKey.has(idempotencyKey)) return send(200, byKey.get(idempotencyKey));
      const emails: DeliveredEmail["body"][] = url.pathname === "/emails" ? [JSON.parse(body)] : JSON.parse(body);
      const ids = emails.map((email) => {
        const id = `double-${++sequence}`;
        delivered.push({ id, idempotencyKey, authorization: request.headers.authorization ?? null, body: email });
        return { id };
      });
      const answer = url.pathname === "/emails" ? ids[0] : { data: ids };
      if (idempotencyKey) byKey.set(idempotencyKey, answer);
      return send(200, answer);
    }
    send(404, { statusCode: 404, name: "not_found", message: "Not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}
