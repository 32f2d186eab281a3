// Loaded only for campaigns that require a Turnstile challenge: everyone else downloads none of it.

const SCRIPT = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";

interface Turnstile {
  render(container: HTMLElement, options: Record<string, unknown>): string;
  reset(id: string): void;
}

let loading: Promise<Turnstile> | undefined;

/** Cloudflare's challenge script, once per page. */
function loadTurnstile(): Promise<Turnstile> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = SCRIPT;
    script.onload = () => resolve((window as unknown as { turnstile: Turnstile }).turnstile);
    script.onerror = () => {
      loading = undefined;
      reject(new Error("Turnstile did not load"));
    };
    document.head.appendChild(script);
  });
  return loading;
}

export interface Challenge {
  /** The current token, until it is used or expires. */
  token?: string;
  /** A token is good for one submission: after each, the challenge runs again. */
  reset(): void;
}

/** Renders the challenge into `container`; its token is read from the returned object. */
export async function renderChallenge(container: HTMLElement, siteKey: string, language: string): Promise<Challenge> {
  const turnstile = await loadTurnstile();
  const challenge: Challenge = {
    reset() {
      challenge.token = undefined;
      turnstile.reset(id);
    },
  };
  const id = turnstile.render(container, {
    sitekey: siteKey,
    language,
    callback: (token: string) => (challenge.token = token),
    "expired-callback": () => (challenge.token = undefined),
  });
  return challenge;
}
