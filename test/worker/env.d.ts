declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    RESEND_DOUBLE_URL: string;
    TURNSTILE_DOUBLE_URL: string;
    WEBHOOK_RECEIVER_URL: string;
  }
}
