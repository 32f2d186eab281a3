import type { LetterBlock, LetterContent, LetterInline } from "../../contract/letter";
import { showsAddress } from "./plain-text";

/**
 * The letter's body as plain text, for the text export: what a reader of a text file or an email
 * needs of the formatting and nothing more. Lists keep their numbers and bullets, quotations a
 * "> ", notes their numbers in brackets; a link prints its address after its text, as on paper.
 */

function inlineText(inlines: LetterInline[]): string {
  return inlines
    .map((inline) => {
      if (typeof inline === "string") return inline;
      switch (inline.type) {
        case "link": {
          const text = inlineText(inline.children);
          return showsAddress(text, inline.href) ? text : `${text} (${inline.href.replace(/^mailto:/, "")})`;
        }
        case "code":
          return inline.text;
        case "break":
          return "\n";
        case "noteRef":
          return `[${inline.number}]`;
        default:
          return inlineText(inline.children);
      }
    })
    .join("");
}

/** Every line after the first starts with `rest`; the first with `first`. */
const hang = (text: string, first: string, rest = " ".repeat(first.length)) =>
  text
    .split("\n")
    .map((line, index) => (line ? (index ? rest : first) + line : line))
    .join("\n");

function blockText(block: LetterBlock): string {
  switch (block.type) {
    case "heading":
    case "paragraph":
      return inlineText(block.children);
    case "orderedList":
    case "bulletList":
      return block.items
        .map((item, index) => hang(blocksText(item), block.type === "orderedList" ? `${block.start + index}. ` : "- "))
        .join(block.items.some((item) => item.length > 1) ? "\n\n" : "\n");
    case "quote":
      return blocksText(block.children)
        .split("\n")
        .map((line) => (line ? `> ${line}` : ">"))
        .join("\n");
    case "rule":
      return "---";
    case "codeBlock":
      return hang(block.text, "    ", "    ");
  }
}

const blocksText = (blocks: LetterBlock[]) => blocks.map(blockText).join("\n\n");

export function letterText({ blocks, notes }: LetterContent): string {
  const body = blocksText(blocks);
  if (!notes.length) return body;
  return `${body}\n\n---\n\n${notes.map((note, index) => hang(blocksText(note), `[${index + 1}] `)).join("\n")}`;
}
