import type { TestProject } from "vitest/node";
import { startResendDouble } from "./resend";
import { startTurnstileDouble } from "./turnstile";

declare module "vitest" {
  export interface ProvidedContext {
    resendDoubleUrl: string;
    turnstileDoubleUrl: string;
  }
}

/** Starts the local doubles of the outside services the worker talks to over HTTP. */
export default async function setup(project: TestProject) {
  const resend = await startResendDouble();
  const turnstile = await startTurnstileDouble();
  project.provide("resendDoubleUrl", resend.url);
  project.provide("turnstileDoubleUrl", turnstile.url);
  return async () => {
    for (const { server } of [resend, turnstile]) await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
