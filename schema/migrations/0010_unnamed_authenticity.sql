ALTER TABLE `campaigns` ADD `unnamed_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `show_authenticity` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `signatures` ADD `unnamed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `signatures` ADD `authenticated` text;