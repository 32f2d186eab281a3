// Starts `wrangler dev` (workerd with a local D1 on a persist directory of its own) on free ports
// and stops it again, by the process group it was started in and nothing else.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../test/browser/local-worker.ts";

export const ROOT = new URL("../..", import.meta.url).pathname;
const BIN = join(ROOT, "node_modules/.bin");
const WRANGLER = join(BIN, "wrangler");
/**
 * The project's own Node first on PATH, for wrangler and the scripts it starts, however the bench
 * was started. Without wrangler's local explorer and its trace collector: a development UI that
 * streams every invocation's events to a collector Worker on workerd's one thread, which no deployed
 * Worker pays for. Measured here it took a sixth of a sign-on's CPU and over a third of the
 * baseline's, so leaving it on would flatter the product's ratio, not the other way round.
 */
export const ENV = {
  ...process.env,
  PATH: `${BIN}:${process.env.PATH}`,
  WRANGLER_SEND_METRICS: "false",
  X_LOCAL_EXPLORER: "false",
  X_LOCAL_OBSERVABILITY: "false",
  CI: "true",
  NO_COLOR: "1",
};

/** Runs a wrangler command to completion and returns what it printed. */
export function wrangler(args: string[]): string {
  return execFileSync(WRANGLER, args, { cwd: ROOT, env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
}

/** Runs one SQL statement on a local D1 (the worker must be stopped) and returns its rows. */
export function queryLocal<T = Record<string, unknown>>(config: string, persistTo: string, sql: string): T[] {
  const output = wrangler(["d1", "execute", "DB", "--config", config, "--local", "--persist-to", persistTo, "--json", "--command", sql]);
  return (JSON.parse(output) as Array<{ results: T[] }>)[0].results;
}

export interface RunningWorker {
  url: string;
  /** The workerd process serving it, whose memory the export scenario watches. */
  workerdPid(): number | undefined;
  stop(): Promise<void>;
}

function descendants(pid: number): Array<{ pid: number; command: string }> {
  const parents = new Map<number, { ppid: number; command: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), { ppid, command });
    } catch {
      // The process ended while we looked.
    }
  }
  const found: Array<{ pid: number; command: string }> = [];
  const walk = (parent: number) => {
    for (const [child, { ppid, command }] of parents) {
      if (ppid === parent) {
        found.push({ pid: child, command });
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

export async function startWorker(options: { config: string; persistTo: string; vars?: string[]; log: string }): Promise<RunningWorker> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = ["dev", "--config", options.config, "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort)];
  args.push("--persist-to", options.persistTo, "--show-interactive-dev-session=false");
  for (const variable of options.vars ?? []) args.push("--var", variable);
  const child: ChildProcess = spawn(WRANGLER, args, { cwd: ROOT, env: ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const log = createWriteStream(options.log);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}); see ${options.log}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`wrangler dev did not answer on ${url}; see ${options.log}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  return {
    url,
    workerdPid: () => descendants(child.pid!).find((process) => process.command === "workerd")?.pid,
    async stop() {
      if (child.exitCode !== null) return;
      process.kill(-child.pid!, "SIGTERM");
      const killed = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

/** Resident memory of a process now, in bytes (Linux). */
export function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
}
