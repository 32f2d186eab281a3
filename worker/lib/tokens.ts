const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** A bearer secret: 256 random bits, URL-safe. Only its hash is ever stored. */
export function newToken(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Public identifier: 96 random bits, not guessable, short enough for URLs. Never begins with "-",
 * which spreadsheets read as a formula: an id exported to CSV stays the id, not a neutralized copy.
 */
export function newId(): string {
  const id = toBase64Url(crypto.getRandomValues(new Uint8Array(12)));
  return id.startsWith("-") ? newId() : id;
}

/** SHA-256 of a text, in hex. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** What is stored of a token: its hash, never the token. */
export const hashToken = sha256Hex;

export const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
