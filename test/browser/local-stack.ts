import { spawn, execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A port nobody listens on right now: other engineers run servers on this machine too. */
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

export interface LocalStack {
  /** The worker's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The real stack as `npm run dev` runs it: `wrangler dev` (workerd, local D1, the live Durable
 * Object, static assets from public/) in development mode, on a database of its own in a temporary
 * directory, freshly migrated and seeded with the demo campaign.
 */
export async function startLocalStack(): Promise<LocalStack> {
  const persist = await mkdtemp(join(tmpdir(), "undersigned-stack-"));
  const env = {
    ...process.env,
    PATH: `${ROOT}node_modules/.bin:${process.env.PATH}`,
    CI: "true",
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_LOG: "warn",
  };
  const run = promisify(execFile);
  await run("wrangler", ["d1", "migrations", "apply", "DB", "--local", `--persist-to=${persist}`], { cwd: ROOT, env });
  await run("node", ["scripts/seed.ts", `--persist-to=${persist}`], { cwd: ROOT, env });

  const [port, inspectorPort] = [await freePort(), await freePort()];
  const wrangler = spawn(
    "wrangler",
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), `--persist-to=${persist}`, "--var", "ENVIRONMENT:development", "--show-interactive-dev-session=false"],
    // Its own process group, so that stopping it also stops the workerd it starts.
    { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  wrangler.stdout.on("data", (chunk) => (output += chunk));
  wrangler.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => wrangler.once("exit", () => resolve()));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (wrangler.exitCode === null) {
      process.kill(-wrangler.pid!, "SIGTERM");
      await exited;
    }
    await rm(persist, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (wrangler.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    const ready = await fetch(`${url}/api/campaigns/nals-2021`).then((response) => response.ok, () => false);
    if (ready) return { url, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer within 2 minutes:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
