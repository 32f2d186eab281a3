import { UsAuditLog } from "./audit-log";
import { UsBlocklistPanel } from "./blocklist-panel";
import { UsCampaignEditor } from "./campaign-editor";
import { UsCampaignView } from "./campaign-view";
import { UsCoalitionPanel } from "./coalition-panel";
import { UndersignedConsole } from "./console-app";
import { define } from "./define";
import { UsExportPanel } from "./export-panel";
import { UsImportPanel } from "./import-panel";
import { UsLetterLife } from "./letter-life-panel";
import { UsLetterPreview } from "./letter-preview";
import { UsPartnersPanel } from "./partners-panel";
import { UsSharePanel } from "./share-panel";
import { UsSignatureReview } from "./signature-review";
import { UsTeamPanel } from "./team-panel";
import { UsWebhooksPanel } from "./webhooks-panel";

// The console's elements, registered here rather than beside their classes, so that loading
// the bundle twice is harmless.
define("undersigned-console", UndersignedConsole);
define("us-campaign-view", UsCampaignView);
define("us-campaign-editor", UsCampaignEditor);
define("us-signature-review", UsSignatureReview);
define("us-import-panel", UsImportPanel);
define("us-export-panel", UsExportPanel);
define("us-share-panel", UsSharePanel);
define("us-blocklist-panel", UsBlocklistPanel);
define("us-audit-log", UsAuditLog);
define("us-team-panel", UsTeamPanel);
define("us-webhooks-panel", UsWebhooksPanel);
define("us-letter-preview", UsLetterPreview);
define("us-letter-life", UsLetterLife);
define("us-partners-panel", UsPartnersPanel);
define("us-coalition-panel", UsCoalitionPanel);
