// Loaded only for a delivered letter: pages of letters still collecting signatures download none
// of it. It imports nothing at run time (a module shared with widget.js would become a chunk that
// every page waits for), so it builds its elements as letter.ts does, and keeps its one heading
// here rather than in every language's chunk, which every page downloads.
import type { Campaign } from "./api";
import type { Locale } from "./i18n";

const HEADING: Record<Locale, string> = { en: "Responses", es: "Respuestas", fr: "Réponses" };
/** Before an answer's summary: French sets a space before its colon, one that never breaks the line. */
const COLON: Record<Locale, string> = { en: ": ", es: ": ", fr: "\u00a0: " };

const element = (tag: string, children: Array<Node | string>) => {
  const created = document.createElement(tag);
  created.replaceChildren(...children);
  return created;
};

/**
 * How the letter was delivered and what its addressees answered, each summary in its own
 * language, each respondent a link to the answer where the organizers gave its address.
 */
export function deliveryNodes({ delivery, responses }: Campaign, locale: Locale): Node {
  const children: Node[] = [element("p", [element("strong", [delivery!.text])])];
  if (responses.length) {
    const heading = element("h2", [HEADING[locale]]);
    heading.style.marginTop = "1em";
    children.push(heading);
  }
  for (const response of responses) {
    let respondent = element("strong", [response.respondent]);
    if (response.url) {
      respondent = element("a", [respondent]);
      respondent.setAttribute("href", response.url);
    }
    const summary = element("span", [response.summary]);
    summary.lang = response.lang;
    const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${response.respondedOn}T00:00:00Z`));
    children.push(element("p", [respondent, `, ${date}${COLON[locale]}`, summary]));
  }
  return element("section", children);
}
