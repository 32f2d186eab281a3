import { html, type TemplateResult } from "lit";

// Links, strong and emphasis: what letters use. Anything else stays text; nothing becomes HTML.
const INLINE = /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)|\*\*([^*]+)\*\*|\*([^*]+)\*/g;

function inline(text: string): Array<string | TemplateResult> {
  const parts: Array<string | TemplateResult> = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    parts.push(text.slice(last, match.index));
    const [, label, href, strong, emphasis] = match;
    parts.push(label ? html`<a href=${href} rel="noopener" target="_blank">${label}</a>` : strong ? html`<strong>${strong}</strong>` : html`<em>${emphasis}</em>`);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** A letter body in the Markdown subset letters use: paragraphs, bullet lists, headings, inline marks. */
export function markdown(body: string): TemplateResult[] {
  return body
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const lines = block.split("\n");
      if (lines.every((line) => /^[-*]\s/.test(line))) return html`<ul>${lines.map((line) => html`<li>${inline(line.slice(2))}</li>`)}</ul>`;
      const heading = /^#{1,6}\s+(.*)$/.exec(block);
      if (heading) return html`<h3>${inline(heading[1])}</h3>`;
      return html`<p>${inline(lines.join(" "))}</p>`;
    });
}

