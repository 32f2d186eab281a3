import { z } from "@hono/zod-openapi";

/**
 * A letter's body as every surface renders it: the organizers' Markdown (CommonMark with footnotes)
 * parsed once on the server into blocks and inlines, so that partners render it without a parser.
 * Raw HTML was literal text and unsafe links plain text before it got here; a renderer maps each
 * `type` to its own fixed element and sets text as text.
 */

/** Plain text is a bare string; the rest say what they are. */
export type LetterInline =
  | string
  | { type: "strong" | "emphasis"; children: LetterInline[] }
  | { type: "link"; href: string; children: LetterInline[] }
  | { type: "code"; text: string }
  | { type: "break" }
  | { type: "noteRef"; number: number };

export type LetterBlock =
  | { type: "heading"; level: 1 | 2 | 3 | 4 | 5 | 6; children: LetterInline[] }
  | { type: "paragraph"; children: LetterInline[] }
  | { type: "orderedList"; start: number; items: LetterBlock[][] }
  | { type: "bulletList"; items: LetterBlock[][] }
  | { type: "quote"; children: LetterBlock[] }
  | { type: "rule" }
  | { type: "codeBlock"; text: string };

export interface LetterContent {
  blocks: LetterBlock[];
  /** Footnote `n` is `notes[n - 1]`, numbered in the order the letter first refers to them. */
  notes: LetterBlock[][];
}

/** The only addresses a letter links to; anything else stays text. */
export const LINK_PROTOCOLS: readonly string[] = ["https:", "http:", "mailto:"];

const isLinkable = (href: string) => URL.canParse(href) && LINK_PROTOCOLS.includes(new URL(href).protocol);

const text = z.string();

export const LetterInlineSchema: z.ZodType<LetterInline> = z
  .lazy(() =>
    z.union([
      text,
      z.object({ type: z.enum(["strong", "emphasis"]), children: z.array(LetterInlineSchema) }),
      z.object({ type: z.literal("link"), href: z.string().refine(isLinkable, "an http(s) or mailto address"), children: z.array(LetterInlineSchema) }),
      z.object({ type: z.literal("code"), text }),
      z.object({ type: z.literal("break") }),
      z.object({ type: z.literal("noteRef"), number: z.number().int().min(1) }),
    ]),
  )
  .openapi("LetterInline", { description: "Text (a string), strong or emphasized text, a link, inline code, a line break, or a footnote's number." });

export const LetterBlockSchema: z.ZodType<LetterBlock> = z
  .lazy(() => {
    const inlines = z.array(LetterInlineSchema);
    const blocks = z.array(LetterBlockSchema);
    return z.union([
      z.object({ type: z.literal("heading"), level: z.literal([1, 2, 3, 4, 5, 6]), children: inlines }),
      z.object({ type: z.literal("paragraph"), children: inlines }),
      z.object({ type: z.literal("orderedList"), start: z.number().int().min(0), items: z.array(blocks) }),
      z.object({ type: z.literal("bulletList"), items: z.array(blocks) }),
      z.object({ type: z.literal("quote"), children: blocks }),
      z.object({ type: z.literal("rule") }),
      z.object({ type: z.literal("codeBlock"), text }),
    ]);
  })
  .openapi("LetterBlock", {
    description: "A heading (level 1 is the body's top level, under the letter's title), a paragraph, a numbered list from `start`, a bulleted list, a block quote, a thematic break, or preformatted text.",
  });

export const LetterContentSchema = z
  .object({
    blocks: z.array(LetterBlockSchema).openapi({ description: "The body, parsed: render these instead of parsing `body`." }),
    notes: z.array(z.array(LetterBlockSchema)).openapi({ description: "Footnotes: `notes[n - 1]` is the one `noteRef` number `n` points to." }),
  })
  .openapi("LetterContent");

/** The console's preview of a body being written: answered with its `LetterContent`. */
export const LetterPreviewRequest = z.strictObject({ body: z.string().max(100_000).openapi({ description: "Markdown." }) }).openapi("LetterPreview");
