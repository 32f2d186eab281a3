import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("schema/migrations");
  return {
    test: {
      projects: [
        {
          // Worker tests run inside workerd against real local D1, migrations applied in setup.
          plugins: [
            cloudflareTest(({ inject }) => ({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  // Development for the local mailbox; the D1 counter stays off (it is the bench's,
                  // D1_STATS=on), so the worker runs on D1's own binding as in production.
                  ENVIRONMENT: "development",
                  TEST_MIGRATIONS: migrations,
                  RESEND_DOUBLE_URL: inject("resendDoubleUrl"),
                  TURNSTILE_DOUBLE_URL: inject("turnstileDoubleUrl"),
                  WEBHOOK_RECEIVER_URL: inject("webhookReceiverUrl"),
                },
              },
            })),
          ],
          test: {
            name: "worker",
            include: ["test/worker/**/*.test.ts"],
            setupFiles: ["test/worker/apply-migrations.ts"],
            globalSetup: ["test/doubles/global-setup.ts", "test/doubles/webhook-receiver.ts"],
          },
        },
        {
          // Browser tests: real Chromium against `wrangler dev` with a local D1 of their own.
          test: {
            name: "browser",
            include: ["test/browser/**/*.test.ts"],
            environment: "node",
            testTimeout: 60_000,
            hookTimeout: 180_000,
            // A page answers through a real browser and workerd, on a CI machine also running the
            // worker tests: a second is too short a wait there. A poll ends as soon as it holds.
            expect: { poll: { timeout: 10_000 } },
          },
        },
      ],
    },
  };
});
