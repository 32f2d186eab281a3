import { z } from "@hono/zod-openapi";
import { EmailSchema, SlugSchema, Timestamp } from "./common";
import { ORGANIZER_ROLES } from "./constants";

/** A campaign's team: its members, their roles, and the invitations waiting for an answer. */

export const OrganizerRoleSchema = z.enum(ORGANIZER_ROLES).openapi("OrganizerRole", {
  description:
    "From the least to the most: `viewer` (dashboard, exports without contact data), `reviewer` (review queue, corrections, blocklist), `editor` (letter, settings, imports, delivery, updates), `owner` (everything, the team and webhooks included). Each role may do what the ones before it may.",
});

const slugParam = SlugSchema.openapi({ param: { name: "slug", in: "path" } });

export const MemberParams = z.object({
  slug: slugParam,
  organizerId: z.coerce.number().int().positive().openapi({ param: { name: "organizerId", in: "path" } }),
});

export const InvitationParams = z.object({
  slug: slugParam,
  id: z.coerce.number().int().positive().openapi({ param: { name: "id", in: "path" } }),
});

export const InvitationCreate = z.strictObject({ email: EmailSchema, role: OrganizerRoleSchema }).openapi("InvitationCreate");
export type InvitationCreateRequest = z.input<typeof InvitationCreate>;

export const MemberPatch = z.strictObject({ role: OrganizerRoleSchema }).openapi("MemberPatch");
export type MemberPatchRequest = z.input<typeof MemberPatch>;

export const MemberSchema = z
  .object({
    organizerId: z.number().int(),
    email: z.string(),
    name: z.string().nullable(),
    role: OrganizerRoleSchema,
    joinedAt: Timestamp,
  })
  .openapi("Member");
export type Member = z.infer<typeof MemberSchema>;
export const MemberListSchema = z.object({ items: z.array(MemberSchema) }).openapi("MemberList");
export type MemberList = z.infer<typeof MemberListSchema>;

export const InvitationSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    role: OrganizerRoleSchema,
    invitedBy: z.string().nullable().openapi({ description: "The inviting organizer's address." }),
    createdAt: Timestamp,
    expiresAt: Timestamp,
  })
  .openapi("Invitation");
export type Invitation = z.infer<typeof InvitationSchema>;
export const InvitationListSchema = z
  .object({ items: z.array(InvitationSchema).openapi({ description: "Invitations neither accepted nor expired." }) })
  .openapi("InvitationList");
export type InvitationList = z.infer<typeof InvitationListSchema>;
