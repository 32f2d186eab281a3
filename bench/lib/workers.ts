// Starts `wrangler dev` (workerd with a local D1 on a persist directory of its own) on free ports
// and stops it again, by the process group it was started in and nothing else.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, createWriteStream, readdirSync, readFileSync } from "node:fs";
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
  // Workers give an isolate 128 MB; workerd sets no limit, and V8 then lets garbage pile up.
  MINIFLARE_WORKERD_V8_FLAGS: "--max-heap-size=128",
  CI: "true",
  NO_COLOR: "1",
};

/** Runs a wrangler command to completion and returns what it printed. */
export function wrangler(args: string[]): string {
  return execFileSync(WRANGLER, args, { cwd: ROOT, env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
}

/**
 * The product as it is now, fixed for the run: its Worker bundled once (`wrangler deploy --dry-run`,
 * the build a deploy uploads) and its static assets copied, under `directory`. `wrangler dev` run
 * on them (`productSnapshotArgs`) does not reload when someone edits the source during the run,
 * which would restart the isolate mid-scenario, reset its D1 counter and measure other code.
 */
export function snapshotProduct(config: string, directory: string) {
  const bundle = join(directory, "bundle");
  const assets = join(directory, "public");
  wrangler(["deploy", "--dry-run", "--config", config, "--outdir", bundle]);
  cpSync(join(ROOT, "public"), assets, { recursive: true });
  // wrangler also reloads when its config changes: the copy is the one it reads. (Its bindings and
  // the local D1 it opens do not depend on where the file is; its `main` and assets are given here.)
  const copiedConfig = join(directory, "wrangler.toml");
  cpSync(config, copiedConfig);
  return [join(bundle, "index.js"), "--no-bundle", "--assets", assets, "--config", copiedConfig];
}

/** Runs one SQL statement on a local D1 (the worker must be stopped) and returns its rows. */
export function queryLocal<T = Record<string, unknown>>(config: string, persistTo: string, sql: string): T[] {
  const output = wrangler(["d1", "execute", "DB", "--config", config, "--local", "--persist-to", persistTo, "--json", "--command", sql]);
  return (JSON.parse(output) as Array<{ results: T[] }>)[0].results;
}

export interface RunningWorker {
  url: string;
  /** wrangler's DevTools endpoint for the Worker (bench/lib/inspector.ts). */
  inspectorPort: number;
  /**
   * The workerd process that runs the Worker and its local D1, whose CPU the sign-on scenario
   * counts; wrangler starts a second workerd in front of it, its proxy, which serves the port.
   */
  runtimePid(): number | undefined;
  stop(): Promise<void>;
}

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
};

/** A process's command name and the fields of /proc/<pid>/stat after it (state first). */
function processStat(pid: number | string) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return { command: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), fields: stat.slice(stat.lastIndexOf(")") + 2).split(" ") };
}

function descendants(pid: number): Array<{ pid: number; command: string }> {
  const parents = new Map<number, { ppid: number; command: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { command, fields } = processStat(entry);
      parents.set(Number(entry), { ppid: Number(fields[1]), command });
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

/** `args`: more of wrangler dev's arguments (the script and options of `snapshotProduct`). */
export async function startWorker(options: { config: string; persistTo: string; vars?: string[]; args?: string[]; log: string }): Promise<RunningWorker> {
  const port = await freePort();
  const inspectorPort = await freePort();
  // The extra arguments first: the snapshot's script is positional, and `--var` would take it as one more variable.
  const extra = options.args ?? [];
  // A snapshot gives its own copy of the config (snapshotProduct).
  const config = extra.includes("--config") ? [] : ["--config", options.config];
  const args = ["dev", ...extra, ...config, "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort)];
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
      if (Date.now() > deadline) {
        // Nothing of it left running: its process group, workerd included.
        process.kill(-child.pid!, "SIGKILL");
        throw new Error(`wrangler dev did not answer on ${url}; see ${options.log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  return {
    url,
    inspectorPort,
    // The runtime is the workerd started with an inspector; the proxy has none.
    runtimePid: () =>
      descendants(child.pid!).find(({ pid, command }) => command === "workerd" && commandLine(pid).some((arg) => arg.startsWith("--inspector-addr")))?.pid,
    async stop() {
      if (child.exitCode !== null) return;
      process.kill(-child.pid!, "SIGTERM");
      const killed = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

/** CPU time a process has used so far, user and system, in seconds (Linux: clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const [utime, stime] = processStat(pid).fields.slice(11, 13).map(Number);
  return (utime + stime) / 100;
}
