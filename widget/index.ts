import { UndersignedCampaign } from "./campaign";
import { UndersignedCount } from "./count";
import { define } from "./define";
import { UndersignedForm } from "./form";
import { UndersignedList } from "./list";

define("undersigned-campaign", UndersignedCampaign);
define("undersigned-count", UndersignedCount);
define("undersigned-list", UndersignedList);
define("undersigned-form", UndersignedForm);

export { UndersignedCampaign, UndersignedCount, UndersignedForm, UndersignedList };

declare global {
  interface HTMLElementTagNameMap {
    "undersigned-campaign": UndersignedCampaign;
    "undersigned-count": UndersignedCount;
    "undersigned-list": UndersignedList;
    "undersigned-form": UndersignedForm;
  }
}
