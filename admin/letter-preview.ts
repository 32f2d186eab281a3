import { css, html, LitElement, type PropertyValues } from "lit";
import type { LetterContent } from "../contract/letter";
import { letterNodes } from "../widget/letter";
import { api } from "./api";
import { msg } from "./messages";
import { shared } from "./styles";

/** A pause in typing this long asks for a new preview. */
const TYPING_PAUSE_MS = 400;

/**
 * A letter body as signers will see it: parsed by the server, as every surface has it, and drawn
 * by the widget's own renderer.
 */
export class UsLetterPreview extends LitElement {
  static properties = {
    body: {},
    language: {},
    content: { state: true },
    failed: { state: true },
  };

  static styles = [
    shared,
    css`
      h3 {
        font-size: 1rem;
        margin: 0;
      }
      article {
        max-height: 24rem;
        overflow: auto;
      }
      blockquote {
        margin: 0.5em 0;
        padding-inline-start: 1em;
        border-inline-start: 3px solid var(--_border);
      }
      li > p {
        margin: 0.25em 0;
      }
      pre {
        white-space: pre-wrap;
      }
      .notes {
        border-top: 1px solid var(--_border);
        padding-top: 0.5em;
        font-size: 0.9em;
      }
    `,
  ];

  body = "";
  language = "en";
  content?: LetterContent;
  failed = false;
  #timer?: ReturnType<typeof setTimeout>;
  #request?: AbortController;

  protected updated(changed: PropertyValues<this>) {
    if (!changed.has("body")) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#load(this.body), TYPING_PAUSE_MS);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#request?.abort();
  }

  async #load(body: string) {
    this.#request?.abort();
    const request = (this.#request = new AbortController());
    try {
      this.content = await api<LetterContent>("/letter-preview", { method: "POST", body: { body }, signal: request.signal });
      this.failed = false;
    } catch {
      if (!request.signal.aborted) this.failed = true;
    }
  }

  render() {
    return html`<section class="card">
      <h3 id="preview-heading">${msg("previewOf", { lang: this.language })}</h3>
      ${this.failed ? html`<p class="error">${msg("previewFailed")}</p>` : ""}
      <!-- It scrolls: focusable, so that a keyboard can scroll it too. -->
      <article lang=${this.language} tabindex="0" aria-labelledby="preview-heading">${this.content ? letterNodes(this.content) : msg("loading")}</article>
    </section>`;
  }
}
