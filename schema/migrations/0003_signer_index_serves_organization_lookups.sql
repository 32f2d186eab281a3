DROP INDEX `signatures_organization_key_idx`;--> statement-breakpoint
DROP INDEX `signatures_signer_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_signer_unique` ON `signatures` (`campaign_id`,`organization_key`,`email`);