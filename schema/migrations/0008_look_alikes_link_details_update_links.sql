ALTER TABLE `signatures` ADD `look_alike_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `signatures_campaign_look_alike_idx` ON `signatures` (`campaign_id`,`look_alike_key`);--> statement-breakpoint
ALTER TABLE `tokens` ADD `details` text;--> statement-breakpoint
ALTER TABLE `updates` ADD `base_url` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_recipient_created_idx` ON `outbox` (`recipient`,`created_at`);--> statement-breakpoint
-- Links mailed before links carried their details confirm what their pending signature holds, as they did until now.
UPDATE `tokens` SET `details` = (
	SELECT json_object('kind', `kind`, 'name', `name`, 'affiliation', `affiliation`, 'city', `city`, 'region', `region`, 'country', `country`, 'website', `website`, 'members', json(`members`), 'contactName', `contact_name`, 'contactTitle', `contact_title`, 'locale', `locale`, 'source', `source`)
	FROM `signatures` WHERE `signatures`.`id` = `tokens`.`signature_id`
) WHERE `purpose` = 'verify' AND `used_at` IS NULL;
