import { execFileSync } from "node:child_process";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { signInConsole, type SeededOrganizer } from "./fixtures";
import { CHROMIUM_ARGS, startLocalWorker, type LocalWorker } from "./local-worker";

// What every console test file sets up: the console built, a worker of the file's own, Chromium,
// and pages in browser contexts of their own (their own cookies), closed after each test.

type Viewport = { width: number; height: number };

export interface ConsoleSession {
  readonly worker: LocalWorker;
  readonly browser: Browser;
  /** A page in a context of the test's own. */
  newPage(viewport?: Viewport): Promise<Page>;
  /** The console at `path` (`/admin#<slug>`) in a browser where the organizer followed the emailed sign-in link. */
  signedIn(organizer: SeededOrganizer, path?: string, viewport?: Viewport): Promise<Page>;
  /** The organizer API as a script calls it, with the organizer's API token. */
  adminApi(organizer: SeededOrganizer, path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: any }>;
}

/** Registers the file's hooks and answers what its tests use; `setUp` runs once the worker is up. */
export function useConsoleSession(setUp?: () => Promise<void>): ConsoleSession {
  let worker: LocalWorker;
  let browser: Browser;
  let contexts: BrowserContext[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, ["scripts/build-admin.ts"], { stdio: "inherit" });
    worker = await startLocalWorker();
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    await setUp?.();
    // Migrating a fresh local D1 takes a minute on a busy 2-core machine.
  }, 300_000);

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  const session: ConsoleSession = {
    get worker() {
      return worker;
    },
    get browser() {
      return browser;
    },
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      contexts.push(context);
      return context.newPage();
    },
    async signedIn(organizer, path = "/admin", viewport) {
      const page = await session.newPage(viewport);
      await signInConsole(page.context(), worker, organizer);
      await page.goto(worker.url + path);
      return page;
    },
    async adminApi(organizer, path, init = {}) {
      const response = await fetch(`${worker.url}/api/admin${path}`, {
        method: init.method ?? "GET",
        headers: { Authorization: `Bearer ${organizer.token}`, "Content-Type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { status: response.status, body: response.status === 204 ? null : await response.json() };
    },
  };
  return session;
}
