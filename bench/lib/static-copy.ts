// A static copy of a page, the floor Lighthouse's figures for the product are read against: every
// answer the page loaded in Chromium (its HTML, scripts, styles, the API answers the widget read),
// saved to a directory and served by a plain Node server, in its own process, with nothing
// computed per request. The live socket is accepted and left quiet, so that the widget neither
// falls back to polling nor logs a failed connection.
//
//   node bench/lib/static-copy.ts <directory>   serves a copy; prints its URL on the first line
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";

interface Entry {
  status: number;
  headers: Record<string, string>;
  file: string;
}

/** Answer headers the copy keeps: what the browser or Lighthouse looks at, not what describes one transfer. */
const KEPT_HEADERS = [
  "content-type",
  "cache-control",
  "content-security-policy",
  "content-language",
  "referrer-policy",
  "x-content-type-options",
  "permissions-policy",
  "access-control-allow-origin",
  "vary",
  "etag",
];

/** Saves what `url` loads in Chromium, keyed by path and query, into `directory`. */
export async function saveStaticCopy(browser: Browser, url: string, directory: string): Promise<{ answers: number; bytes: number }> {
  mkdirSync(directory, { recursive: true });
  const origin = new URL(url).origin;
  const manifest: Record<string, Entry> = {};
  let bytes = 0;
  const context = await browser.newContext({ bypassCSP: false });
  const page = await context.newPage();
  const saving: Promise<void>[] = [];
  page.on("response", (response) => {
    const address = new URL(response.url());
    if (address.origin !== origin || response.request().method() !== "GET" || response.status() === 101) return;
    saving.push(
      (async () => {
        const body = await response.body().catch(() => undefined);
        if (!body) return;
        const key = address.pathname + address.search;
        const file = createHash("sha256").update(key).digest("hex").slice(0, 24);
        writeFileSync(join(directory, file), body);
        bytes += body.byteLength;
        const headers = Object.fromEntries(Object.entries(await response.allHeaders()).filter(([name]) => KEPT_HEADERS.includes(name)));
        manifest[key] = { status: response.status(), headers, file };
      })(),
    );
  });
  await page.goto(url, { waitUntil: "load" });
  // The widget's list is its last read: once it shows, everything the page needs has come.
  await page.locator("undersigned-list li").first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await Promise.all(saving);
  await context.close();
  // What a browser or Lighthouse asks the origin for besides the page.
  for (const path of ["/robots.txt", "/favicon.ico", "/favicon.svg"]) {
    if (manifest[path]) continue;
    const response = await fetch(origin + path);
    if (!response.ok) continue;
    const body = Buffer.from(await response.arrayBuffer());
    const file = createHash("sha256").update(path).digest("hex").slice(0, 24);
    writeFileSync(join(directory, file), body);
    const headers = Object.fromEntries([...response.headers].filter(([name]) => KEPT_HEADERS.includes(name)));
    manifest[path] = { status: response.status, headers, file };
  }
  writeFileSync(join(directory, "manifest.json"), JSON.stringify(manifest, null, 1));
  return { answers: Object.keys(manifest).length, bytes };
}

export interface StaticServer {
  url: string;
  /** Requests the copy had no answer for, by path (404s): a page that asked for something new. */
  misses(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts `node bench/lib/static-copy.ts <directory>` and waits for its address. */
export async function serveStaticCopy(directory: string): Promise<StaticServer> {
  const child: ChildProcess = spawn(process.execPath, [new URL(import.meta.url).pathname, directory], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the static server exited (${code})`)));
    child.stdout!.once("data", (chunk) => resolve(String(chunk).split("\n")[0].trim()));
  });
  return {
    url,
    misses: async () => (await (await fetch(`${url}/__misses`)).json()) as string[],
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function serve(directory: string) {
  const manifest = JSON.parse(readFileSync(join(directory, "manifest.json"), "utf8")) as Record<string, Entry>;
  // Read and compressed once, before the first request: serving is a lookup.
  const answers = new Map(
    Object.entries(manifest).map(([key, entry]) => {
      const body = readFileSync(join(directory, entry.file));
      const text = /^(text\/|application\/(json|javascript|problem\+json)|image\/svg)/.test(entry.headers["content-type"] ?? "");
      return [key, { ...entry, body, gzipped: text ? gzipSync(body, { level: 9 }) : undefined }];
    }),
  );
  const misses: string[] = [];
  const server = createServer((request, response) => {
    if (request.url === "/__misses") return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(misses));
    const answer = answers.get(request.url ?? "");
    if (!answer) {
      misses.push(request.url ?? "");
      return void response.writeHead(404, { "content-type": "text/plain" }).end("not in the copy");
    }
    const gzip = answer.gzipped && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
    response.writeHead(answer.status, { ...answer.headers, ...(gzip ? { "content-encoding": "gzip" } : {}) });
    response.end(gzip ? answer.gzipped : answer.body);
  });
  // The widget's live socket: accepted (RFC 6455 handshake), then left open and silent.
  server.on("upgrade", (request, socket) => {
    const key = request.headers["sec-websocket-key"];
    const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on("error", () => socket.destroy());
  });
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as { port: number };
    console.log(`http://127.0.0.1:${port}`);
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
  // Sockets left open (the live one) would hold close() back.
  process.on("SIGTERM", () => setTimeout(() => process.exit(0), 500));
}

if (process.argv[1] === new URL(import.meta.url).pathname) serve(process.argv[2]);
