CREATE TABLE `refused_origins` (
	`campaign_id` integer NOT NULL,
	`origin` text NOT NULL,
	`first_seen_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	`last_seen_at` integer DEFAULT (unixepoch('now', 'subsec') * 1000) NOT NULL,
	PRIMARY KEY(`campaign_id`, `origin`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
