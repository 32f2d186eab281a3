import { UsAuditLog } from "./audit-log";
import { UsBlocklistPanel } from "./blocklist-panel";
import { UsCampaignEditor } from "./campaign-editor";
import { UsCampaignView } from "./campaign-view";
import { UndersignedConsole } from "./console-app";
import { define } from "./define";
import { UsImportPanel } from "./import-panel";
import { UsSignatureReview } from "./signature-review";

// The console's elements, registered here rather than beside their classes, so that loading
// the bundle twice is harmless.
define("undersigned-console", UndersignedConsole);
define("us-campaign-view", UsCampaignView);
define("us-campaign-editor", UsCampaignEditor);
define("us-signature-review", UsSignatureReview);
define("us-import-panel", UsImportPanel);
define("us-blocklist-panel", UsBlocklistPanel);
define("us-audit-log", UsAuditLog);
