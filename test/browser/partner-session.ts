import { execFileSync } from "node:child_process";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildWidget } from "../../scripts/build-widget.ts";
import { launchChromium, startSeededWorker } from "./chromium.ts";
import { startLocalWorker, type LocalWorker } from "./local-worker.ts";
import { startPartnerSite, type PartnerSite } from "./partner-site.ts";

// What every widget test file sets up: the widget built, a worker of the file's own, a partner's
// site embedding it from another origin, and Chromium.

export interface PartnerSession {
  readonly worker: LocalWorker;
  /** The worker as the partner's page reaches it: 127.0.0.1, where the page is on localhost, two origins as on the web. */
  readonly workerUrl: string;
  readonly partner: PartnerSite;
  readonly browser: Browser;
}

interface Options {
  /** With the demo campaign `nals-2021` seeded (default), or an empty database. */
  seeded?: boolean;
  /** The console built too, for files that also sign organizers in. */
  console?: boolean;
  /** More of the worker's variables, once the file's own doubles are up (answered before the worker starts). */
  vars?: () => Promise<Record<string, string>> | Record<string, string>;
}

/** Registers the file's hooks and answers what its tests use. */
export function usePartnerSession({ seeded = true, console: withConsole = false, vars }: Options = {}): PartnerSession {
  let worker: LocalWorker;
  let workerUrl: string;
  let partner: PartnerSite;
  let browser: Browser;

  beforeAll(async () => {
    await buildWidget();
    if (withConsole) execFileSync(process.execPath, ["scripts/build-admin.ts"], { stdio: "ignore" });
    const variables = (await vars?.()) ?? {};
    worker = seeded ? await startSeededWorker(variables) : await startLocalWorker(variables);
    workerUrl = worker.url.replace("localhost", "127.0.0.1");
    partner = await startPartnerSite(workerUrl);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await partner?.close();
    await worker?.stop();
  });

  return {
    get worker() {
      return worker;
    },
    get workerUrl() {
      return workerUrl;
    },
    get partner() {
      return partner;
    },
    get browser() {
      return browser;
    },
  };
}
