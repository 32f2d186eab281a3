-- Published signatories that asked not to be named, kept like signature_count (0001): in the same
-- transaction as the change, so that the public note ("and 3 organizations that asked not to be
-- named") never counts rows and no path (sign-on, confirmation, edit, import, purge) forgets it.
-- The list version needs nothing here: 0001's triggers bump it on every change to a published row.
CREATE TRIGGER signatures_unnamed_insert AFTER INSERT ON signatures
WHEN NEW.status = 'published' AND NEW.unnamed
BEGIN
  UPDATE campaigns SET unnamed_count = unnamed_count + 1 WHERE id = NEW.campaign_id;
END;
--> statement-breakpoint
CREATE TRIGGER signatures_unnamed_delete AFTER DELETE ON signatures
WHEN OLD.status = 'published' AND OLD.unnamed
BEGIN
  UPDATE campaigns SET unnamed_count = unnamed_count - 1 WHERE id = OLD.campaign_id;
END;
--> statement-breakpoint
CREATE TRIGGER signatures_unnamed_update AFTER UPDATE OF status, unnamed, campaign_id ON signatures
WHEN (OLD.status = 'published' AND OLD.unnamed) OR (NEW.status = 'published' AND NEW.unnamed)
BEGIN
  UPDATE campaigns
  SET unnamed_count = unnamed_count
        + (NEW.status = 'published' AND NEW.unnamed AND NEW.campaign_id = campaigns.id)
        - (OLD.status = 'published' AND OLD.unnamed AND OLD.campaign_id = campaigns.id)
  WHERE id IN (OLD.campaign_id, NEW.campaign_id);
END;
