import type { LetterBlock, LetterContent, LetterInline } from "../../contract/letter";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function inlineHtml(inlines: LetterInline[]): string {
  return inlines
    .map((inline) => {
      if (typeof inline === "string") return escapeHtml(inline);
      switch (inline.type) {
        case "strong":
          return `<strong>${inlineHtml(inline.children)}</strong>`;
        case "emphasis":
          return `<em>${inlineHtml(inline.children)}</em>`;
        case "link":
          return `<a href="${escapeHtml(inline.href)}">${inlineHtml(inline.children)}</a>`;
        case "code":
          return `<code>${escapeHtml(inline.text)}</code>`;
        case "break":
          return "<br>";
        case "noteRef":
          return `<sup><a href="#note-${inline.number}">${inline.number}</a></sup>`;
      }
    })
    .join("");
}

const items = (list: LetterBlock[][]) => list.map((item) => `<li>${blocksHtml(item)}</li>`).join("");

function blocksHtml(blocks: LetterBlock[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case "heading": {
          // The letter's title is the page's h1: the body's own headings sit below it.
          const tag = `h${Math.min(block.level + 1, 6)}`;
          return `<${tag}>${inlineHtml(block.children)}</${tag}>`;
        }
        case "paragraph":
          return `<p>${inlineHtml(block.children)}</p>`;
        case "orderedList":
          return `<ol${block.start === 1 ? "" : ` start="${block.start}"`}>${items(block.items)}</ol>`;
        case "bulletList":
          return `<ul>${items(block.items)}</ul>`;
        case "quote":
          return `<blockquote>${blocksHtml(block.children)}</blockquote>`;
        case "rule":
          return "<hr>";
        case "codeBlock":
          return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
      }
    })
    .join("\n");
}

/**
 * A letter's body as HTML: only the elements its structure names, every text escaped. Footnotes
 * close it as a numbered list whose items the references link to (`#note-1`…).
 */
export function letterHtml({ blocks, notes }: LetterContent): string {
  const body = blocksHtml(blocks);
  if (!notes.length) return body;
  return `${body}\n<ol class="notes">${notes.map((note, index) => `<li id="note-${index + 1}">${blocksHtml(note)}</li>`).join("")}</ol>`;
}
