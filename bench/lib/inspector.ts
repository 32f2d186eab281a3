// The Worker's isolate seen through wrangler's inspector (the DevTools protocol): how much of its
// JavaScript heap is in use, which is what Workers' 128 MB isolate limit counts.

export interface Inspector {
  /** V8's heap in use in the Worker's isolate now, in bytes (garbage not yet collected included). */
  heapUsed(): Promise<number>;
  close(): void;
}

export async function openInspector(port: number): Promise<Inspector> {
  // wrangler's inspector proxy only accepts DevTools clients that say where they come from.
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Origin: "http://127.0.0.1" } } as unknown as string[]);
  const pending = new Map<number, (result: unknown) => void>();
  let lastId = 0;
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
    pending.delete(message.id!);
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve);
    socket.addEventListener("error", reject);
  });
  const send = <T>(method: string) =>
    new Promise<T>((resolve) => {
      pending.set(++lastId, resolve as (result: unknown) => void);
      socket.send(JSON.stringify({ id: lastId, method }));
    });
  return {
    heapUsed: async () => (await send<{ usedSize: number }>("Runtime.getHeapUsage")).usedSize,
    close: () => socket.close(),
  };
}
