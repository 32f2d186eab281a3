import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A port nobody listens on right now (other engineers run servers on this machine too). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const bin = (name: string) => join(process.cwd(), "node_modules/.bin", name);
// Wrangler runs on the project's own Node (node_modules/.bin), whatever Node started the tests, with
// its local explorer, through which `sql()` reaches the worker's D1.
const quiet = { ...process.env, PATH: `${join(process.cwd(), "node_modules/.bin")}:${process.env.PATH}`, WRANGLER_SEND_METRICS: "false", CI: "true", X_LOCAL_EXPLORER: "true" };

/** wrangler dev's local explorer: Cloudflare's D1 REST API, answered by the running worker's own workerd. */
const EXPLORER_D1 = "/cdn-cgi/local/explorer/api/d1/database";

interface ExplorerAnswer<T> {
  success: boolean;
  errors: Array<{ message: string }>;
  result: T;
}

export interface LocalWorker {
  url: string;
  /** The `wrangler dev` process (workerd runs as its child). */
  pid: number;
  persistTo: string;
  /**
   * Runs SQL on the worker's local D1 and answers the last statement's rows. `?` placeholders take
   * `params` (strings, as D1's REST API has them), in the last statement only.
   */
  sql(statement: string, params?: string[]): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

/**
 * The real stack, locally: `wrangler dev` (workerd, local D1 in a fresh directory, the dev mailbox)
 * on a free port, after migrations, with `vars` set as wrangler's `--var`. The console's bundle
 * must be built (`npm run build`).
 */
export async function startLocalWorker(vars: Record<string, string> = {}): Promise<LocalWorker> {
  const persistTo = mkdtempSync(join(tmpdir(), "undersigned-browser-"));
  execFileSync(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { env: quiet, stdio: "ignore" });
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    bin("wrangler"),
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--inspector-port", String(inspectorPort), "--persist-to", persistTo, "--var", "ENVIRONMENT:development", ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]), "--show-interactive-dev-session=false"],
    { env: quiet, stdio: ["ignore", "pipe", "pipe"], detached: false },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`wrangler dev did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let databaseId: string | undefined;
  return {
    url,
    pid: child.pid!,
    persistTo,
    // Through the worker's own workerd, in milliseconds, where `wrangler d1 execute` would start
    // another workerd on the same database file for seconds each time.
    async sql(statement, params = []) {
      databaseId ??= (await explorer<Array<{ name: string; uuid: string }>>(url + EXPLORER_D1)).find((database) => database.name === "DB")!.uuid;
      const results = await explorer<Array<{ results: { columns?: string[]; rows?: unknown[][] } }>>(`${url}${EXPLORER_D1}/${databaseId}/raw`, { sql: statement, params });
      const { columns = [], rows = [] } = results.at(-1)!.results;
      return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])));
    },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

async function explorer<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const answer = (await response.json()) as ExplorerAnswer<T>;
  if (!answer.success) throw new Error(`wrangler's local explorer answered ${response.status} to ${url}: ${JSON.stringify(answer.errors ?? answer)}`);
  return answer.result;
}

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
