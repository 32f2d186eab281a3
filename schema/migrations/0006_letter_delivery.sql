CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`delivered_at` integer NOT NULL,
	`recipients` text NOT NULL,
	`method` text NOT NULL,
	`note` text,
	`letter_version` integer NOT NULL,
	`signature_count` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`organizer_id` integer,
	`created_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organizer_id`) REFERENCES `organizers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_campaign_unique` ON `deliveries` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`respondent` text NOT NULL,
	`responded_on` text NOT NULL,
	`summary` text NOT NULL,
	`url` text,
	`created_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `responses_campaign_idx` ON `responses` (`campaign_id`,`responded_on`);--> statement-breakpoint
CREATE TABLE `updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'sending' NOT NULL,
	`recipients` integer NOT NULL,
	`queued` integer DEFAULT 0 NOT NULL,
	`cursor` text,
	`organizer_id` integer,
	`created_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	`queued_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organizer_id`) REFERENCES `organizers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `updates_status_idx` ON `updates` (`status`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `time_zone` text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `list_unsubscribe` text;--> statement-breakpoint
ALTER TABLE `signatures` ADD `updates_unsubscribed_at` integer;