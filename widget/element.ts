import { LitElement, type PropertyDeclarations } from "lit";
import { apiOrigin, loadCampaign, type ApiError } from "./api";
import { LocaleController, type MessageKey } from "./i18n";
import { Load } from "./load";

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
  protected readonly loaded = new Load(
    this,
    ([api, slug, locale]) => loadCampaign(api, slug, locale),
    () => [this.origin, this.campaign, this.i18n.locale] as const,
  );

  /** Why the campaign did not load, as the reader is told: the API refuses (403) only pages on sites the campaign does not allow. */
  protected get failure(): MessageKey {
    return (this.loaded.error as ApiError | undefined)?.status == 403 ? "notAllowed" : "loadFailed";
  }

  protected get origin() {
    return apiOrigin(this.api);
  }

  protected emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
