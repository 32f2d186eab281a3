/** The wire format of the worker's API, shared by the worker, the widget and the console. */
export * from "./common";
export * from "./public";
export * from "./admin";
export { COUNTRY_CODES, isCountryCode } from "./countries";
export * from "./letter-life";
export { ORGANIZER_ROLES, roleAllows, WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT, type OrganizerRole, type WebhookEventType } from "./constants";
export * from "./team";
export * from "./webhooks";
export * from "./coalition";
export * from "./partners";
