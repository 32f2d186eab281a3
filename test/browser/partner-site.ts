import { createServer, type Server } from "node:http";

/**
 * Styles a careless partner page might carry: rules on every element, with !important, that
 * would wreck a widget rendered in the page's own DOM.
 */
export const HOSTILE_CSS = `
html { font-size: 9px !important; }
* { font-family: "Comic Sans MS", cursive !important; font-size: 31px !important; color: #ff00ff !important;
    line-height: 0.6 !important; letter-spacing: 4px !important; text-transform: uppercase !important;
    text-align: right !important; white-space: pre !important; box-sizing: content-box !important; }
div, span, ul, li, p, form, label, input, select, textarea, section, h2, details, summary { display: none !important; }
button { background: red !important; color: yellow !important; border: 12px dotted lime !important; padding: 40px !important; }
input, select, textarea { width: 10px !important; height: 5px !important; }
[hidden] { display: block !important; }
ul, li { list-style: square !important; }
`;

export interface PartnerSite {
  /** The partner's origin: `localhost`, while the widget comes from `127.0.0.1`, a different origin. */
  url: string;
  close(): Promise<void>;
}

/**
 * A partner's site on an origin of its own that embeds the widget as the README says. Pages:
 * `/?campaign=<slug>` (the campaign embedded: each test seeds its own), `&lang=es` (the page's
 * language), `&hostile` (HOSTILE_CSS), `&twice` (the script included twice, once under a second URL,
 * so that the elements' module really runs twice), `&letter=open`, and `&parts` (the count, list
 * and form as separate elements instead of the whole campaign), and `&csp` (a
 * Content-Security-Policy that lets the widget read the campaign and its list but not open the
 * live socket, as a partner's policy may), and `&partner=<name>` (the embed's `partner` attribute).
 */
export async function startPartnerSite(widgetOrigin: string): Promise<PartnerSite> {
  const server: Server = createServer((request, response) => {
    const query = new URL(request.url ?? "/", "http://partner").searchParams;
    const campaign = query.get("campaign");
    if (!campaign) {
      response.writeHead(400).end("Which campaign? /?campaign=<slug>");
      return;
    }
    const lang = query.get("lang") ?? "en";
    const script = `<script type="module" src="${widgetOrigin}/widget.js"></script>`;
    const letter = query.get("letter");
    const partnerName = query.get("partner");
    const campaignApi = `${widgetOrigin}/api/campaigns/${campaign}`;
    const policy = query.has("csp") ? { "Content-Security-Policy": `connect-src ${campaignApi} ${campaignApi}/signatures` } : {};
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...policy });
    response.end(`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>Partner coalition</title>
${query.has("hostile") ? `<style>${HOSTILE_CSS}</style>` : ""}
${script}
${query.has("twice") ? `${script}\n<script type="module" src="${widgetOrigin}/widget.js?again"></script>` : ""}
</head>
<body>
<main>
<h1>Partner coalition</h1>
${
  query.has("parts")
    ? `<aside><undersigned-count campaign="${campaign}"></undersigned-count></aside>
<undersigned-form campaign="${campaign}"></undersigned-form>
<undersigned-list campaign="${campaign}"></undersigned-list>`
    : `<undersigned-campaign campaign="${campaign}"${letter ? ` letter="${letter}"` : ""}${partnerName ? ` partner="${partnerName}"` : ""}></undersigned-campaign>`
}
</main>
</body>
</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
