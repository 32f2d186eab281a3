import type { TestProject } from "vitest/node";
import { startResendDouble } from "./resend";

declare module "vitest" {
  export interface ProvidedContext {
    resendDoubleUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const { url, server } = await startResendDouble();
  project.provide("resendDoubleUrl", url);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
