import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../env";
import type { LiveMessage } from "../../contract";

const STATE_KEY = "state";

/**
 * One instance per campaign holds every open widget's WebSocket and pushes each change to all of
 * them, so that D1 is read once per change rather than once per widget per poll. Sockets use the
 * hibernation API: an idle campaign costs nothing while its sockets stay open, and clients' pings
 * are answered by the runtime without waking the object.
 */
export class CampaignLive extends DurableObject<Bindings> {
  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** Accepts a widget's socket; `current` is what the worker just read from D1. */
  async fetch(request: Request): Promise<Response> {
    const current = JSON.parse(request.headers.get("X-Live-State") ?? "null") as Pick<LiveMessage, "count" | "listVersion"> | null;
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    // A change announced between the worker's read and this accept must not be missed.
    const known = await this.ctx.storage.get<Pick<LiveMessage, "count" | "listVersion">>(STATE_KEY);
    const newest = !current || (known && known.listVersion > current.listVersion) ? known : current;
    if (newest) server.send(JSON.stringify({ type: "hello", count: newest.count, listVersion: newest.listVersion } satisfies LiveMessage));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends a change to every open socket; out-of-order or repeated announcements are dropped. */
  async announce(message: Exclude<LiveMessage, { type: "hello" }>): Promise<number> {
    const known = await this.ctx.storage.get<Pick<LiveMessage, "count" | "listVersion">>(STATE_KEY);
    if (known && known.listVersion >= message.listVersion) return 0;
    await this.ctx.storage.put(STATE_KEY, { count: message.count, listVersion: message.listVersion });
    const text = JSON.stringify(message);
    let delivered = 0;
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(text);
        delivered += 1;
      } catch {
        // A socket closing as we send: its widget reconnects and gets a fresh hello.
      }
    }
    return delivered;
  }

  webSocketMessage(): void {
    // Widgets only listen; their pings are answered by the auto-response.
  }

  webSocketClose(socket: WebSocket, code: number, reason: string): void {
    try {
      socket.close(code, reason);
    } catch {
      // Already closed by the runtime.
    }
  }
}
