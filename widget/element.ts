import { Task } from "@lit/task";
import { LitElement, type PropertyDeclarations } from "lit";
import { apiOrigin, loadCampaign } from "./api";
import { LocaleController } from "./i18n";

/** What every Undersigned element shares: which campaign, from which API, in which language. */
export class CampaignElement extends LitElement {
  static properties: PropertyDeclarations = {
    campaign: { reflect: true },
    api: {},
    lang: {},
  };

  declare campaign: string;
  declare api: string | undefined;

  protected readonly i18n = new LocaleController(this);

  /** The campaign, its letter in the element's language; shared with the page's other elements. */
  protected readonly loaded = new Task(this, {
    task: ([api, slug, locale]) => loadCampaign(api, slug, locale),
    args: () => [this.origin, this.campaign, this.i18n.locale] as const,
  });

  protected get origin() {
    return apiOrigin(this.api);
  }

  protected emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
