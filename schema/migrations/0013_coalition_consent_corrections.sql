CREATE TABLE `coalition_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` integer NOT NULL,
	`organization` text NOT NULL,
	`organization_key` text NOT NULL,
	`email_domain` text NOT NULL,
	`contact_name` text,
	`email` text NOT NULL,
	`locale` text NOT NULL,
	`consented_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coalition_contacts_unique` ON `coalition_contacts` (`campaign_id`,`organization_key`,`email`);--> statement-breakpoint
CREATE INDEX `coalition_contacts_email_idx` ON `coalition_contacts` (`email`);--> statement-breakpoint
CREATE TABLE `coalition_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`contact_id` text,
	`hash` text NOT NULL,
	`locale` text NOT NULL,
	`outbox_id` text,
	`invited_by` integer,
	`created_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `coalition_contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`invited_by`) REFERENCES `organizers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coalition_invitations_hash_unique` ON `coalition_invitations` (`hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `coalition_invitations_contact_unique` ON `coalition_invitations` (`campaign_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `coalition_invitations_contact_idx` ON `coalition_invitations` (`contact_id`);--> statement-breakpoint
ALTER TABLE `signatures` ADD `pending_correction` text;