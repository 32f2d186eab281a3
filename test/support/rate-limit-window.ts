/**
 * Local Workers Rate Limiting (miniflare) counts in windows aligned to the clock's minutes, so a
 * burst that straddles a minute starts counting again. A test that spends a budget and expects the
 * next request refused first waits, if it must, for a window with `needMs` left.
 */
export async function withinOneRateLimitWindow(needMs: number) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

/** A test that may wait for a fresh window (up to `needMs`) and then spend a budget. */
export const RATE_LIMIT_TEST_TIMEOUT_MS = 30_000;
