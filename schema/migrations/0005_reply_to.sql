ALTER TABLE `campaigns` ADD `reply_to` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `reply_to` text;