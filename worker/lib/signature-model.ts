import type { SignatureStatus } from "../../contract";
import type { SignOnDetails } from "../../schema/tables";
import { lookAlikeKey, organizationKey, searchText, sortKey } from "./names";
import { withScheme } from "./urls";

/** The public fields a signature is typed with, however it came: sign-on, import or correction. */
export type PublicFields = Pick<SignOnDetails, "name" | "affiliation" | "city" | "region" | "country" | "website" | "members">;

/**
 * A signature's public fields as stored, with the keys derived from them: the collation key that
 * orders the list, the organization key that finds duplicates, the look-alike key that finds
 * imitations, the folded text that search reads.
 * One function for every path, so that an imported or corrected entry sorts and matches as a
 * signed one does.
 */
export function storedFields(fields: PublicFields) {
  return {
    ...fields,
    // A blank is no website; a bare host gets https://.
    website: fields.website ? withScheme(fields.website) : null,
    sortKey: sortKey(fields.name),
    organizationKey: organizationKey(fields.name),
    lookAlikeKey: lookAlikeKey(fields.name),
    searchText: searchText([fields.name, fields.affiliation, fields.city, fields.region, ...fields.members]),
  };
}

/**
 * A signature's columns as one sign-on's details set them: the public fields with their keys, the
 * contact, language, source and partner. What a new entry is written with, and what its link publishes.
 */
export function fieldsOfSignOn(details: SignOnDetails) {
  // The coalition consent is kept apart from the signature (schema/coalition.ts), once confirmed.
  const { kind, contactName, contactTitle, locale, source, partner, coalitionConsent: _consent, unnamed, ...publicFields } = details;
  // Links mailed before partners were recorded carry none: direct.
  return { kind, ...storedFields(publicFields), contactName, contactTitle, locale, source, partner: partner ?? null, unnamed: unnamed ?? false };
}

/** The part of the address after `@`: what authenticity signals and duplicate checks compare. */
export const emailDomainOf = (email: string | null | undefined) => email?.split("@")[1] ?? null;

/**
 * Every move a signature can make and the statuses it may start from: pending → verified →
 * published or held; rejected and withdrawn are ends, left only by signing again. Routes and
 * services check here and guard their UPDATE with the same list, so that two people acting at
 * once move a signature once.
 */
export const TRANSITIONS = {
  /** The signer opened the link and pressed confirm. */
  confirm: { from: ["pending"], to: ["published", "held"] },
  /** A new sign-on takes over an entry nobody confirmed or that was withdrawn. */
  signAgain: { from: ["pending", "withdrawn"], to: ["pending"] },
  approve: { from: ["held", "verified"], to: ["published"] },
  reject: { from: ["pending", "verified", "held", "published"], to: ["rejected"] },
  merge: { from: ["pending", "verified", "held", "published"], to: ["rejected"] },
  bulkReject: { from: ["pending", "verified", "held", "published"], to: ["rejected"] },
  withdraw: { from: ["verified", "held", "published"], to: ["withdrawn"] },
} as const satisfies Record<string, { from: readonly SignatureStatus[]; to: readonly SignatureStatus[] }>;

export type Transition = keyof typeof TRANSITIONS;

/** The statuses `transition` may start from, as a list for an SQL guard. */
export const startsOf = (transition: Transition): SignatureStatus[] => [...TRANSITIONS[transition].from];

export const canMove = (transition: Transition, status: SignatureStatus) => (TRANSITIONS[transition].from as readonly SignatureStatus[]).includes(status);
