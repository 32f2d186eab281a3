import type { LetterBlock, LetterContent, LetterInline } from "../contract/letter";

/**
 * The elements a letter is made of, by node type: nothing else is ever created (a type this
 * version does not know becomes an inert unknown element), and every text is set as text.
 */
const TAGS: Record<string, string> = {
  paragraph: "p",
  orderedList: "ol",
  bulletList: "ul",
  quote: "blockquote",
  rule: "hr",
  codeBlock: "pre",
  strong: "strong",
  emphasis: "em",
  link: "a",
  code: "code",
  break: "br",
  noteRef: "sup",
};

const element = (tag: string, children: Array<Node | string>) => {
  const created = document.createElement(tag);
  created.replaceChildren(...children);
  return created;
};

const renderAll = (nodes: Array<LetterBlock | LetterInline>) => nodes.map(render);

function render(node: LetterBlock | LetterInline): Node | string {
  if (typeof node == "string") return node;
  const created = element(
    // h2 is the letter's title: the body's level 1 is h3.
    node.type == "heading" ? `h${Math.min(node.level + 2, 6)}` : TAGS[node.type],
    "children" in node ? renderAll(node.children) : "items" in node ? node.items.map((item) => element("li", renderAll(item))) : "text" in node ? [node.text] : "number" in node ? [`${node.number}`] : [],
  );
  if ("href" in node) created.setAttribute("href", node.href);
  if ("start" in node) created.setAttribute("start", `${node.start}`);
  return created;
}

/** A letter's parsed body as DOM nodes: its blocks, then its footnotes as a numbered list. */
export function letterNodes({ blocks, notes }: LetterContent): Array<Node | string> {
  const nodes = renderAll(blocks);
  if (notes.length) nodes.push(Object.assign(element("ol", notes.map((note) => element("li", renderAll(note)))), { className: "notes" }));
  return nodes;
}
