import type { BlockContent, Definition, DefinitionContent, FootnoteDefinition, Nodes, PhrasingContent, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFootnoteFromMarkdown } from "mdast-util-gfm-footnote";
import { gfmFootnote } from "micromark-extension-gfm-footnote";
import { LINK_PROTOCOLS, type LetterBlock, type LetterContent, type LetterInline } from "../../contract/letter";

/** Raw HTML off: `<script>` in a letter is text like any other, and Markdown around it still counts. */
const withoutHtml = { disable: { null: ["htmlFlow", "htmlText"] } };

/** The address as a link's `href`, normalized, when it is one a letter may link to. */
function linkTarget(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return LINK_PROTOCOLS.includes(parsed.protocol) ? parsed.href : undefined;
}

/** Every node under `node`, depth first: definitions may sit inside quotes and lists. */
function* descendants(node: Nodes): Generator<Nodes> {
  yield node;
  if ("children" in node) for (const child of node.children) yield* descendants(child);
}

/** A letter's Markdown (CommonMark and footnotes) as the structure every surface renders. */
export function parseLetter(markdown: string): LetterContent {
  const tree = fromMarkdown(markdown, { extensions: [gfmFootnote(), withoutHtml], mdastExtensions: [gfmFootnoteFromMarkdown()] });
  const definitions = new Map<string, Definition>();
  const footnotes = new Map<string, FootnoteDefinition>();
  for (const node of descendants(tree)) {
    // CommonMark: the first definition of a label wins.
    if (node.type === "definition" && !definitions.has(node.identifier)) definitions.set(node.identifier, node);
    if (node.type === "footnoteDefinition" && !footnotes.has(node.identifier)) footnotes.set(node.identifier, node);
  }
  const referenced: string[] = [];

  const noteNumber = (identifier: string) => {
    if (!referenced.includes(identifier)) referenced.push(identifier);
    return referenced.indexOf(identifier) + 1;
  };

  const inlines = (nodes: PhrasingContent[], inLink = false): LetterInline[] => {
    const out: LetterInline[] = [];
    const add = (...items: LetterInline[]) => {
      for (const item of items) {
        if (typeof item === "string" && typeof out.at(-1) === "string") out[out.length - 1] += item;
        else if (item !== "") out.push(item);
      }
    };
    const link = (url: string, children: LetterInline[]) => {
      const href = inLink ? undefined : linkTarget(url);
      if (href) add({ type: "link", href, children: children.length ? children : [href] });
      else add(...children);
    };
    for (const node of nodes) {
      switch (node.type) {
        case "text":
          // A line break in the source is a space in the letter.
          add(node.value.replace(/ *\n */g, " "));
          break;
        case "strong":
        case "emphasis": {
          const children = inlines(node.children, inLink);
          if (children.length) add({ type: node.type, children });
          break;
        }
        case "inlineCode":
          add({ type: "code", text: node.value });
          break;
        case "break":
          add({ type: "break" });
          break;
        case "link":
          link(node.url, inlines(node.children, true));
          break;
        case "linkReference":
          link(definitions.get(node.identifier)?.url ?? "", inlines(node.children, true));
          break;
        // Letters print and embed no pictures: an image is its description, linked to the picture.
        case "image":
          link(node.url, node.alt ? [node.alt] : []);
          break;
        case "imageReference":
          link(definitions.get(node.identifier)?.url ?? "", node.alt ? [node.alt] : []);
          break;
        case "footnoteReference":
          add({ type: "noteRef", number: noteNumber(node.identifier) });
          break;
        default:
          if ("value" in node) add(node.value);
      }
    }
    return out;
  };

  const blocks = (nodes: Array<RootContent | BlockContent | DefinitionContent>): LetterBlock[] =>
    nodes.flatMap((node): LetterBlock[] => {
      switch (node.type) {
        case "heading":
          return [{ type: "heading", level: node.depth, children: inlines(node.children) }];
        case "paragraph": {
          const children = inlines(node.children);
          return children.length ? [{ type: "paragraph", children }] : [];
        }
        case "list": {
          const items = node.children.map((item) => blocks(item.children));
          return [node.ordered ? { type: "orderedList", start: node.start ?? 1, items } : { type: "bulletList", items }];
        }
        case "blockquote":
          return [{ type: "quote", children: blocks(node.children) }];
        case "thematicBreak":
          return [{ type: "rule" }];
        case "code":
          return [{ type: "codeBlock", text: node.value }];
        default:
          return [];
      }
    });

  const content: LetterContent = { blocks: blocks(tree.children), notes: [] };
  // Notes may refer to notes the body never did: those are numbered after, in turn.
  for (let index = 0; index < referenced.length; index++) content.notes.push(blocks(footnotes.get(referenced[index])!.children));
  return content;
}

/** Bodies parsed in this isolate: campaign reads are hot and a body changes rarely. */
const PARSED_BODIES = 50;
const parsed = new Map<string, LetterContent>();

/** `parseLetter`, once per body text per isolate. The structure is shared: never change it. */
export function letterContent(markdown: string): LetterContent {
  let content = parsed.get(markdown);
  if (!content) {
    content = parseLetter(markdown);
    parsed.set(markdown, content);
    if (parsed.size > PARSED_BODIES) parsed.delete(parsed.keys().next().value!);
  }
  return content;
}
