-- The published count and the list version live on the campaign row and are kept here, in the
-- same transaction as the change, so no read ever counts a campaign's rows and no code path
-- (sign-on, verification, organizer edit, import, purge) can forget to update them.
CREATE TRIGGER signatures_count_insert AFTER INSERT ON signatures
WHEN NEW.status = 'published'
BEGIN
  UPDATE campaigns SET signature_count = signature_count + 1, list_version = list_version + 1
  WHERE id = NEW.campaign_id;
END;
--> statement-breakpoint
CREATE TRIGGER signatures_count_delete AFTER DELETE ON signatures
WHEN OLD.status = 'published'
BEGIN
  UPDATE campaigns SET signature_count = signature_count - 1, list_version = list_version + 1
  WHERE id = OLD.campaign_id;
END;
--> statement-breakpoint
CREATE TRIGGER signatures_count_update AFTER UPDATE ON signatures
WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
  UPDATE campaigns
  SET signature_count = signature_count
        + (NEW.status = 'published' AND NEW.campaign_id = campaigns.id)
        - (OLD.status = 'published' AND OLD.campaign_id = campaigns.id),
      list_version = list_version + 1
  WHERE id IN (OLD.campaign_id, NEW.campaign_id);
END;
