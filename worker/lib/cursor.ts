import { invalidFields } from "./problem";

/** Keyset cursors: the last row's (sort key, id), opaque and URL-safe. */
export const encodeCursor = (sortKey: string, id: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify([sortKey, id]))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

export function decodeCursor(cursor: string): { sortKey: string; id: string } {
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const [sortKey, id] = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
    if (typeof sortKey === "string" && typeof id === "string") return { sortKey, id };
  } catch {
    // fall through to the problem below
  }
  throw invalidFields([{ field: "cursor", pointer: "/cursor", code: "invalid_cursor", message: "is not a cursor this API gave out" }]);
}
