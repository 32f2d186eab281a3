CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`addressees` text DEFAULT '[]' NOT NULL,
	`cc` text DEFAULT '[]' NOT NULL,
	`salutation` text,
	`letter_date` text,
	`language` text DEFAULT 'en' NOT NULL,
	`translations` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`closes_at` integer,
	`moderation` text DEFAULT 'publish' NOT NULL,
	`signer_kinds` text DEFAULT '["organization"]' NOT NULL,
	`allowed_origins` text DEFAULT '[]' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`signature_count` integer DEFAULT 0 NOT NULL,
	`list_version` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_slug_unique` ON `campaigns` (`slug`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`recipient` text NOT NULL,
	`template` text NOT NULL,
	`locale` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text NOT NULL,
	`signature_id` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`provider_id` text,
	`next_attempt_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	`created_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`signature_id`) REFERENCES `signatures`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `outbox_status_next_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_created_idx` ON `outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` integer NOT NULL,
	`kind` text DEFAULT 'organization' NOT NULL,
	`name` text NOT NULL,
	`affiliation` text,
	`city` text,
	`region` text,
	`country` text,
	`website` text,
	`members` text DEFAULT '[]' NOT NULL,
	`sort_key` text NOT NULL,
	`organization_key` text NOT NULL,
	`search_text` text NOT NULL,
	`contact_name` text,
	`contact_title` text,
	`email` text,
	`email_domain` text,
	`locale` text DEFAULT 'en' NOT NULL,
	`source` text NOT NULL,
	`letter_version` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`held_reason` text,
	`created_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	`verified_at` integer,
	`published_at` integer,
	`updated_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `signatures_public_list_idx` ON `signatures` (`campaign_id`,`status`,`sort_key`,`id`);--> statement-breakpoint
CREATE INDEX `signatures_country_list_idx` ON `signatures` (`campaign_id`,`status`,`country`,`sort_key`,`id`);--> statement-breakpoint
CREATE INDEX `signatures_organization_key_idx` ON `signatures` (`campaign_id`,`organization_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_signer_unique` ON `signatures` (`campaign_id`,`email`,`organization_key`);--> statement-breakpoint
CREATE INDEX `signatures_status_created_idx` ON `signatures` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hash` text NOT NULL,
	`purpose` text NOT NULL,
	`signature_id` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	FOREIGN KEY (`signature_id`) REFERENCES `signatures`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_hash_unique` ON `tokens` (`hash`);--> statement-breakpoint
CREATE INDEX `tokens_signature_idx` ON `tokens` (`signature_id`);