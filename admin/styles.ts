import { css } from "lit";

/** Shared look of the console's parts; themed through the custom properties below. */
export const shared = css`
  :host {
    --_accent: var(--us-accent, #0b57d0);
    --_danger: var(--us-danger, #b3261e);
    --_border: var(--us-border, #d0d4da);
    --_muted: var(--us-muted, #5f6368);
    --_surface: var(--us-surface, #fff);
    display: block;
    font: inherit;
    color: inherit;
  }
  button,
  a.button {
    font: inherit;
    font-weight: 600;
    padding: 0.45rem 0.9rem;
    border-radius: 6px;
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: #fff;
    cursor: pointer;
    text-decoration: none;
    display: inline-block;
  }
  button.secondary,
  a.button.secondary {
    background: transparent;
    color: var(--_accent);
  }
  button.danger {
    background: transparent;
    border-color: var(--_danger);
    color: var(--_danger);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  :is(button, a, input, select, textarea, summary):focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  label {
    display: grid;
    /* The column may be narrower than a select's longest option: on a phone that would widen the page. */
    grid-template-columns: minmax(0, 1fr);
    gap: 0.25rem;
    font-weight: 600;
    margin: 0 0 0.9rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    font-weight: 400;
    padding: 0.45rem 0.55rem;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_surface);
  }
  [aria-invalid="true"] {
    border-color: var(--_danger);
  }
  textarea {
    min-height: 6rem;
    resize: vertical;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: 8px;
    margin: 0 0 0.9rem;
  }
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 10px;
    padding: 1rem 1.25rem;
    margin: 0 0 1rem;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.9rem;
  }
  .error {
    color: var(--_danger);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  /* A table that may be wider than a phone scrolls in its own box, not the page. */
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
  }
  td,
  th {
    padding: 0.2rem 0.75rem 0.2rem 0;
    text-align: left;
  }
`;
