import type { LetterBlock, LetterContent, LetterInline } from "../../contract/letter";
import type { Layout } from "../services/pdf-export";
import type { Span } from "../services/pdf-lines";
import { plainText, showsAddress } from "./plain-text";

const TEXT_SIZE = 11;
const NOTE_SIZE = 9;
/** Heading sizes by level: all bold, the first levels larger than the text. */
const HEADING_SIZES = [14, 13, 12, 11, 11, 11];
/** A list item's text starts this far in; its number or bullet hangs in that space. */
const LIST_INDENT = 18;
const QUOTE_INDENT = 16;
const CODE_INDENT = 12;

type Style = Omit<Span, "text">;

/** Inlines as styled text. A link prints its address after its text: paper has no links to follow. */
function spans(inlines: LetterInline[], style: Style = {}): Span[] {
  return inlines.flatMap((inline): Span[] => {
    if (typeof inline === "string") return [{ text: inline, ...style }];
    switch (inline.type) {
      case "strong":
        return spans(inline.children, { ...style, bold: true });
      case "emphasis":
        return spans(inline.children, { ...style, oblique: true });
      case "link": {
        const text = spans(inline.children, style);
        if (showsAddress(plainText(inline.children), inline.href)) return text;
        return [...text, { text: ` (${inline.href.replace(/^mailto:/, "")})`, ...style }];
      }
      case "code":
        return [{ text: inline.text, ...style }];
      case "break":
        return [{ text: "\n" }];
      case "noteRef":
        return [{ text: `[${inline.number}]`, ...style, superscript: true }];
    }
  });
}

interface Place {
  size: number;
  indent: number;
  /** Inside a quotation: every line carries its bar. */
  bar: boolean;
  /** Space after a paragraph: less between a list's items than between the letter's paragraphs. */
  after: number;
}

/** Blocks in order; `label`, a list item's number or bullet, hangs left of the first line. */
function layBlocks(layout: Layout, blocks: LetterBlock[], place: Place, label?: string) {
  blocks.forEach((block, index) => {
    const first = index === 0 ? label : undefined;
    const { size, indent, bar, after } = place;
    switch (block.type) {
      case "heading": {
        const headingSize = HEADING_SIZES[block.level - 1];
        layout.gap(4);
        layout.keepWithNext(headingSize * 5);
        layout.styled(spans(block.children, { bold: true }), { size: headingSize, indent, bar, label: first, after: 6 });
        break;
      }
      case "paragraph":
        layout.styled(spans(block.children), { size, indent, bar, label: first, after });
        break;
      case "orderedList":
      case "bulletList": {
        const item = { ...place, indent: indent + LIST_INDENT, after: 3 };
        block.items.forEach((blocks, number) => layBlocks(layout, blocks, item, block.type === "orderedList" ? `${block.start + number}.` : "•"));
        layout.gap(after - 3);
        break;
      }
      case "quote":
        layBlocks(layout, block.children, { ...place, indent: indent + QUOTE_INDENT, bar: true }, first);
        break;
      case "rule":
        layout.rule({ indent });
        break;
      case "codeBlock":
        for (const line of block.text.split("\n")) layout.styled([{ text: line }], { size, indent: indent + CODE_INDENT, bar, label: first });
        layout.gap(after);
        break;
    }
  });
}

/** The letter's body as the printed letter shows it, its footnotes numbered after a short rule. */
export function layLetterOut(layout: Layout, { blocks, notes }: LetterContent) {
  layBlocks(layout, blocks, { size: TEXT_SIZE, indent: 0, bar: false, after: 8 });
  if (!notes.length) return;
  layout.rule({ width: 96, space: 6 });
  notes.forEach((note, index) => layBlocks(layout, note, { size: NOTE_SIZE, indent: LIST_INDENT, bar: false, after: 3 }, `${index + 1}.`));
}
