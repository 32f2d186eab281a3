import { html } from "lit";

/** A letter's body as the hosted campaign page shows it: paragraphs split at blank lines, as text. */
export const paragraphs = (body: string) =>
  body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => html`<p>${paragraph}</p>`);
