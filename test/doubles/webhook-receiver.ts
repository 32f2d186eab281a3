import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    webhookReceiverUrl: string;
  }
}

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
}

/**
 * A webhook receiver on loopback, for the worker's tests: each test posts to endpoints of its own,
 * `/hooks/<name>`, and reads back what arrived (`GET /received/<name>`). `POST /down/<name>` takes
 * an endpoint down, as a crashed server is (the connection is dropped), `POST /up/<name>` brings it
 * back.
 */
export async function startWebhookReceiver(): Promise<{ url: string; server: Server }> {
  const received = new Map<string, ReceivedWebhook[]>();
  const down = new Set<string>();
  const server = createServer((request, response) => {
    const [, action, name] = (request.url ?? "").split("/");
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      if (action === "hooks" && request.method === "POST") {
        if (down.has(name)) return request.socket.destroy();
        const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)]));
        received.set(name, [...(received.get(name) ?? []), { headers, body }]);
        return response.writeHead(204).end();
      }
      if (action === "received") {
        response.writeHead(200, { "Content-Type": "application/json" });
        return response.end(JSON.stringify(received.get(name) ?? []));
      }
      if (action === "down" || action === "up") {
        if (action === "down") down.add(name);
        else down.delete(name);
        return response.writeHead(204).end();
      }
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

/** Vitest global setup: the receiver for the whole run, its address given to the worker tests. */
export default async function setup(project: TestProject) {
  const receiver = await startWebhookReceiver();
  project.provide("webhookReceiverUrl", receiver.url);
  return () => new Promise<void>((resolve) => receiver.server.close(() => resolve()));
}
