// The demo page: a language switch for the widget (its `lang`, as the snippet shows; the page's own
// text stays English, and so does its `<html lang>`) and the embed snippet with this deployment's
// address, ready to copy.
const snippet = document.getElementById("snippet");
const buttons = document.querySelectorAll("nav button");

function showSnippet(lang) {
  const langAttribute = lang === "en" ? "" : ` lang="${lang}"`;
  snippet.textContent = `<script type="module" src="${location.origin}/widget.js"></script>\n<undersigned-campaign campaign="nals-2021"${langAttribute}></undersigned-campaign>`;
}

function setLanguage(lang) {
  document.querySelector("undersigned-campaign").setAttribute("lang", lang);
  for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  showSnippet(lang);
  history.replaceState(null, "", lang === "en" ? location.pathname : `?lang=${lang}`);
}

for (const button of buttons) button.addEventListener("click", () => setLanguage(button.dataset.lang));

document.getElementById("copy").addEventListener("click", async () => {
  await navigator.clipboard.writeText(snippet.textContent);
  document.getElementById("copied").textContent = "Copied.";
});

const requested = new URLSearchParams(location.search).get("lang");
setLanguage(["es", "fr"].includes(requested) ? requested : "en");
