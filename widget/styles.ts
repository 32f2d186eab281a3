import { unsafeCSS } from "lit";

/**
 * A constant style sheet, as Lit's `css` tag makes one. Ours take no `${}` values, so they skip
 * the tag's check of them and the 200-byte message it would ship to every partner's page.
 */
export const css = ([text]: TemplateStringsArray) => unsafeCSS(text);

/**
 * What every element starts from. The partner's page reaches a shadow tree only through inherited
 * properties, so `.root` resets them all (`all: initial` keeps custom properties) and sets its own
 * from the documented `--undersigned-*` properties; sizes are in em of a pixel base, so that a page's
 * root font size does not rescale the widget either.
 */
export const base = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .root {
    all: initial;
    display: block;
    box-sizing: border-box;
    font-family: var(--undersigned-font, system-ui, sans-serif);
    font-size: var(--undersigned-font-size, 16px);
    line-height: 1.5;
    color: var(--undersigned-color, #1f2328);
    text-align: start;
  }
  * {
    box-sizing: inherit;
  }
  h2 {
    font-size: 1.25em;
    font-weight: 650;
    margin: 0 0 0.5em;
  }
  p {
    margin: 0.5em 0;
  }
  a {
    color: var(--undersigned-link, var(--undersigned-accent, #0b57d0));
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    margin: 0;
  }
  input,
  select,
  textarea {
    display: block;
    inline-size: 100%;
    padding: 0.45em 0.6em;
    border: 1px solid var(--undersigned-border, #8c959f);
    border-radius: var(--undersigned-radius, 6px);
    background: var(--undersigned-field-background, #fff);
  }
  button {
    cursor: pointer;
    padding: 0.5em 1.1em;
    border: 1px solid var(--undersigned-accent, #0b57d0);
    border-radius: var(--undersigned-radius, 6px);
    background: var(--undersigned-accent, #0b57d0);
    color: var(--undersigned-accent-text, #fff);
    font-weight: 600;
  }
  button.quiet {
    background: transparent;
    color: var(--undersigned-accent, #0b57d0);
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  :focus-visible {
    outline: 3px solid var(--undersigned-focus, #f2a900);
    outline-offset: 2px;
  }
  .muted {
    color: var(--undersigned-muted, #57606a);
  }
  .alert {
    color: var(--undersigned-error, #b3261e);
  }
`;

/** The letter's body: quotes, lists and footnotes as the hosted page shows them. */
export const letterStyles = css`
  article {
    overflow-wrap: break-word;
  }
  sup {
    line-height: 0;
  }
  blockquote {
    margin: 0.5em 0;
    padding-inline-start: 1em;
    border-inline-start: 3px solid var(--undersigned-divider, #d8dee4);
  }
  li > p {
    margin: 0.25em 0;
  }
  pre {
    white-space: pre-wrap;
  }
  .notes {
    margin: 1em 0 0;
    padding-top: 0.5em;
    border-top: 1px solid var(--undersigned-divider, #d8dee4);
    font-size: 0.9em;
  }
`;
