import type { TestProject } from "vitest/node";
import { buildWidget } from "../../scripts/build-widget.ts";
import { startLocalStack } from "./local-stack.ts";
import { startPartnerSite } from "./partner-site.ts";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    partnerUrl: string;
  }
}

/** Builds the widget, starts the local stack and a partner's site on another origin. */
export default async function setup(project: TestProject) {
  await buildWidget();
  const stack = await startLocalStack();
  const partner = await startPartnerSite(stack.url);
  project.provide("workerUrl", stack.url);
  project.provide("partnerUrl", partner.url);
  return async () => {
    await partner.close();
    await stack.stop();
  };
}
