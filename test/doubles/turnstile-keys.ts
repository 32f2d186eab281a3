/** Cloudflare's documented Turnstile test keys and dummy token. */
export const TURNSTILE_TEST_KEYS = {
  passingSite: "1x00000000000000000000AA",
  passingSecret: "1x0000000000000000000000000000000AA",
  failingSecret: "2x0000000000000000000000000000000AA",
  spentSecret: "3x0000000000000000000000000000000AA",
  dummyToken: "XXXX.DUMMY.TOKEN.XXXX",
};
