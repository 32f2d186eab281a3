import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Bindings } from "../../worker/env";
import worker from "../../worker/index";

/** Runs the cron as Cloudflare does, through the worker's own `scheduled` handler, at `at`. */
export async function runScheduled(at: Date | number = Date.now(), bindings: Partial<Bindings> = {}) {
  const ctx = createExecutionContext();
  const controller = createScheduledController({ scheduledTime: new Date(at).getTime(), cron: "* * * * *" });
  await worker.scheduled(controller, { ...env, ...bindings } as Bindings, ctx);
  await waitOnExecutionContext(ctx);
}
