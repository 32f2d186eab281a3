import type { LetterInline } from "../../contract/letter";

/** What inlines say without their formatting: footnote numbers left out, line breaks as spaces. */
export function plainText(inlines: LetterInline[]): string {
  return inlines
    .map((inline) => {
      if (typeof inline === "string") return inline;
      switch (inline.type) {
        case "code":
          return inline.text;
        case "break":
          return " ";
        case "noteRef":
          return "";
        default:
          return plainText(inline.children);
      }
    })
    .join("");
}

/** Whether a link's text already is its address, as readers of a printed or plain-text letter would type it. */
export const showsAddress = (text: string, href: string) => {
  const bare = (address: string) => address.replace(/^mailto:/, "").replace(/\/$/, "");
  return bare(text.trim()) === bare(href);
};
