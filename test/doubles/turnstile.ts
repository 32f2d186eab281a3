import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TURNSTILE_TEST_KEYS } from "./turnstile-keys";

/**
 * A local stand-in for Turnstile's siteverify endpoint that behaves as Cloudflare documents for
 * its test secret keys: `1x…AA` always passes, `2x…AA` always fails, `3x…AA` answers that the
 * token was already spent. Any other secret is invalid.
 */
export async function startTurnstileDouble(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (raw += chunk));
    request.on("end", () => {
      const form = new URLSearchParams(raw);
      const secret = form.get("secret");
      const token = form.get("response");
      const answer = (success: boolean, errorCodes: string[] = []) => {
        response.writeHead(200, { "Content-Type": "application/json" });
        response.end(JSON.stringify({ success, "error-codes": errorCodes, hostname: "localhost", challenge_ts: new Date().toISOString() }));
      };
      if (request.method !== "POST" || !request.url?.endsWith("/siteverify")) {
        response.writeHead(404).end();
      } else if (!token) answer(false, ["missing-input-response"]);
      else if (secret === TURNSTILE_TEST_KEYS.passingSecret) answer(true);
      else if (secret === TURNSTILE_TEST_KEYS.failingSecret) answer(false, ["invalid-input-response"]);
      else if (secret === TURNSTILE_TEST_KEYS.spentSecret) answer(false, ["timeout-or-duplicate"]);
      else answer(false, ["invalid-input-secret"]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/turnstile/v0/siteverify`, server };
}
