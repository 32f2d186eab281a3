import { html } from "hono/html";
import { COUNTRY_CODES, type FieldError } from "../../contract";
import type { Locale, Signature, SignerKind } from "../../schema/tables";
import { t, type MessageKey } from "../i18n";
import { fieldMessage } from "../lib/problem";
import { page } from "./layout";

/** What the manage form shows in its fields: the entry, the correction that waits, or what was just sent. */
export interface ManageValues {
  name: string;
  city: string;
  region: string;
  country: string;
  website: string;
  members: string;
}

const LABELS: Record<keyof ManageValues, MessageKey> = {
  name: "detailOrganization",
  city: "detailCity",
  region: "detailRegion",
  country: "detailCountry",
  website: "detailWebsite",
  members: "detailMembers",
};

/** The values a signature (or the correction that waits for it) puts in the form. */
export function valuesOf(signature: Signature): ManageValues {
  const shown = signature.pendingCorrection?.fields ?? signature;
  return {
    name: shown.name,
    city: shown.city ?? "",
    region: shown.region ?? "",
    country: shown.country ?? "",
    website: shown.website ?? "",
    members: shown.members.join("\n"),
  };
}

function countryOptions(locale: Locale, selected: string) {
  const names = new Intl.DisplayNames([locale], { type: "region" });
  const collator = new Intl.Collator(locale);
  const options = COUNTRY_CODES.map((code) => [code, names.of(code) ?? code] as const).sort(([, a], [, b]) => collator.compare(a, b));
  return html`<option value=""></option>${options.map(([code, label]) => html`<option value="${code}"${code === selected ? " selected" : ""}>${label}</option>`)}`;
}

/**
 * The page of a signer's manage link: a form with the public fields (GET shows it, only its POST
 * saves), the correction that waits if any, and the way to withdraw. Errors from a POST are
 * listed in the signer's language above the form, which keeps what they typed.
 */
export function managePage(
  locale: Locale,
  token: string,
  vars: { organization: string; title: string; kind: SignerKind },
  values: ManageValues,
  options: { pendingSince?: Date; errors?: FieldError[] } = {},
) {
  const label = (field: keyof ManageValues) => t(locale, field === "name" && vars.kind === "individual" ? "detailName" : LABELS[field]);
  const input = (field: Exclude<keyof ManageValues, "members" | "country">, required = false) =>
    html`<p><label>${label(field)}<br><input name="${field}" value="${values[field]}" maxlength="${field === "name" ? 200 : field === "website" ? 300 : 100}"${required ? " required" : ""}></label></p>`;
  // "members.2" is a line of the members' field.
  const fieldLabel = (field: string) => {
    const base = field.split(".")[0];
    return Object.hasOwn(LABELS, base) ? label(base as keyof ManageValues) : field;
  };
  const date = options.pendingSince ? new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(options.pendingSince) : "";
  return page(
    { lang: locale, title: t(locale, "manageTitle") },
    html`<div class="card"><h1>${t(locale, "manageTitle")}</h1>
<p>${t(locale, "manageLead", vars)}</p>
${options.pendingSince ? html`<p role="status">${t(locale, "managePendingNote", { date })}</p>` : ""}
${
  options.errors?.length
    ? html`<div role="alert"><p>${t(locale, "manageInvalid")}</p><ul>${options.errors.map(
        (error) => html`<li>${t(locale, "problemFieldDetail", { field: fieldLabel(error.field), message: fieldMessage(locale, error.code) })}</li>`,
      )}</ul></div>`
    : ""
}
<form method="post">
${input("name", true)}${input("city")}${input("region")}
<p><label>${label("country")}<br><select name="country">${countryOptions(locale, values.country)}</select></label></p>
${input("website")}
<p><label>${label("members")} <span class="muted">${t(locale, "manageMembersHint")}</span><br><textarea name="members" rows="5" cols="40">${values.members}</textarea></label></p>
<button type="submit">${t(locale, "manageSave")}</button>
</form>
<p class="muted">${t(locale, "manageNote")}</p>
<form method="post" action="/manage/${token}/withdraw"><p>${t(locale, "manageWithdrawLead", { organization: vars.organization })}</p><button type="submit">${t(locale, "withdrawButton")}</button></form>
</div>`,
  );
}
