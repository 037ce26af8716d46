/**
 * The composition root: reads the configuration once and wires the adapters to the workflow.
 * May import anything; nothing imports it but src/main.ts.
 */
export { ROUTES_DOCS, startBot, StartupError, type RunningBot } from './compose.js';
export { DATABASE_WAIT_DOCS } from './wait-for-database.js';
