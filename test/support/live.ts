import { expect } from "vitest";
import type { LiveMessage } from "../../contract";
import { call } from "./worker";

/** Opens a widget's live socket on `slug` and collects what it hears; `next(n)` waits for the n-th message. */
export async function openWidget(slug: string) {
  const response = await call(`/api/campaigns/${slug}/live`, { headers: { Upgrade: "websocket" } });
  expect(response.status).toBe(101);
  const socket = response.webSocket!;
  const heard: LiveMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.addEventListener("message", (event) => {
    heard.push(JSON.parse(event.data as string));
    waiters.splice(0).forEach((wake) => wake());
  });
  socket.accept();
  const next = async (count: number) => {
    while (heard.length < count) await new Promise<void>((wake) => waiters.push(wake));
    return heard[count - 1];
  };
  return { socket, heard, next };
}
