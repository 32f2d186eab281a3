ALTER TABLE `campaigns` ADD `country_targets` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `signatures` ADD `partner` text;--> statement-breakpoint
ALTER TABLE `signatures` ADD `reminded_at` integer;--> statement-breakpoint
CREATE INDEX `signatures_reminder_idx` ON `signatures` (`status`,`reminded_at`,`created_at`);