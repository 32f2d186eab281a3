// Loaded only once a sign-on was accepted: what follows it (check your email, then ask others to
// sign) is nothing a reader needs before, so no first load carries it. It imports nothing at run
// time (a module shared with widget.js would become a chunk that every page waits for): the form
// hands it Lit's `html`. Its texts are here, in each language, rather than in the language chunks
// every page downloads.
import type { TemplateResult, html as litHtml } from "lit";
import type { Locale } from "./i18n";

const TEXTS = {
  en: {
    pendingTitle: "Check your email",
    pendingText: "We sent a link to {email}. Open it and confirm on that page.",
    resendHint: "Nothing after a few minutes? Look in your spam folder, or send the link again.",
    resend: "Send the link again",
    now: "A new link is on its way. Every link you received still works.",
    earlier: "The last link left at {time}, under a minute ago, so no new one was sent. Every link you received still works.",
    edit: "Change the details",
    inviteTitle: "Ask others to sign",
    inviteText: "The more organizations sign, the more weight the letter carries. Share it with your partners.",
    link: "The letter’s link",
    copy: "Copy the link",
    copied: "Link copied.",
    write: "Write to an organization",
    share: "Share…",
    subject: "Sign the letter: {title}",
    body: "Hello,\n\nWe signed the letter “{title}” and we would like your organization to join us. You can read it and sign it here:\n{link}\n\nThank you.",
  },
  es: {
    pendingTitle: "Revise su correo",
    pendingText: "Enviamos un enlace a {email}. Ábralo y confirme en esa página.",
    resendHint: "¿No llegó nada en unos minutos? Revise la carpeta de correo no deseado o vuelva a enviar el enlace.",
    resend: "Reenviar el enlace",
    now: "Va en camino un nuevo enlace. Todos los enlaces que recibió siguen sirviendo.",
    earlier: "El último enlace salió a las {time}, hace menos de un minuto, así que no se envió otro. Todos los enlaces que recibió siguen sirviendo.",
    edit: "Corregir los datos",
    inviteTitle: "Invite a otras organizaciones a firmar",
    inviteText: "Cuantas más organizaciones firmen, más peso tiene la carta. Compártala con sus aliadas.",
    link: "Enlace de la carta",
    copy: "Copiar el enlace",
    copied: "Enlace copiado.",
    write: "Escribir a una organización",
    share: "Compartir…",
    subject: "Firme la carta: {title}",
    body: "Hola:\n\nFirmamos la carta «{title}» y nos gustaría que su organización se sume. Puede leerla y firmarla aquí:\n{link}\n\nGracias.",
  },
  fr: {
    pendingTitle: "Consultez vos courriels",
    pendingText: "Nous avons envoyé un lien à {email}. Ouvrez-le et confirmez sur cette page.",
    resendHint: "Rien reçu après quelques minutes\u00a0? Regardez dans les courriels indésirables, ou renvoyez le lien.",
    resend: "Renvoyer le lien",
    now: "Un nouveau lien est en route. Tous les liens reçus restent valides.",
    earlier: "Le dernier lien est parti à {time}, il y a moins d’une minute\u00a0: aucun autre n’a été envoyé. Tous les liens reçus restent valides.",
    edit: "Modifier les informations",
    inviteTitle: "Invitez d’autres organisations à signer",
    inviteText: "Plus il y a d’organisations signataires, plus la lettre a de poids. Faites-la connaître à vos partenaires.",
    link: "Lien de la lettre",
    copy: "Copier le lien",
    copied: "Lien copié.",
    write: "Écrire à une organisation",
    share: "Partager…",
    subject: "Signez la lettre\u00a0: {title}",
    body: "Bonjour,\n\nNous avons signé la lettre «\u00a0{title}\u00a0» et nous aimerions que votre organisation se joigne à nous. Vous pouvez la lire et la signer ici\u00a0:\n{link}\n\nMerci.",
  },
} satisfies Record<Locale, Record<string, string>>;

/** After "send the link again": whether an email left now or the last one is still recent (the API says). */
export type Notice = "now" | "earlier" | "copied";

export interface Signed {
  locale: Locale;
  /** Where the confirmation link went. */
  email: string;
  /** When the link to look for left (ISO 8601). */
  sentAt: string;
  /** The letter's title, for the invitation. */
  title: string;
  /** The letter's hosted page, with the partner that brought the signer. */
  link: string;
  sending: boolean;
  notice: Notice | undefined;
  resend(): void;
  edit(): void;
  say(notice: Notice): void;
}

/** What the form shows once a sign-on was accepted: check your email, then invite others. */
export function signedPanel(html: typeof litHtml, signed: Signed): TemplateResult {
  const texts = TEXTS[signed.locale];
  const time = new Date(signed.sentAt).toLocaleTimeString(signed.locale, { timeStyle: "short" });
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: "email" | "title" | "link" | "time") => (name === "time" ? time : signed[name]));
  const mail = `mailto:?subject=${encodeURIComponent(fill(texts.subject))}&body=${encodeURIComponent(fill(texts.body))}`;
  const share = () => navigator.share({ title: signed.title, url: signed.link }).catch(() => {});
  const copy = () => navigator.clipboard.writeText(signed.link).then(() => signed.say("copied"));
  return html`<section part="pending">
      <h2 tabindex="-1">${texts.pendingTitle}</h2>
      <p>${fill(texts.pendingText)}</p>
      <p class="muted">${texts.resendHint}</p>
      <div class="row">
        <button ?disabled=${signed.sending} @click=${signed.resend}>${texts.resend}</button>
        <button class="quiet" @click=${signed.edit}>${texts.edit}</button>
      </div>
    </section>
    <section part="invite" aria-labelledby="invite">
      <h2 id="invite">${texts.inviteTitle}</h2>
      <p>${texts.inviteText}</p>
      <label for="link">${texts.link}</label>
      <input id="link" readonly .value=${signed.link} @focus=${(event: Event) => (event.target as HTMLInputElement).select()} />
      <div class="row">
        <button @click=${copy}>${texts.copy}</button>
        <a href=${mail}>${texts.write}</a>
        ${"share" in navigator ? html`<button class="quiet" @click=${share}>${texts.share}</button>` : ""}
      </div>
    </section>
    <p role="status">${signed.notice ? fill(texts[signed.notice]) : ""}</p>`;
}
