/**
 * Alerts out to chat within its limits: the delivery worker over the outbox, group views, pacing (update budget,
 * token buckets, channel slow-down).
 * May import: ports, jobs, alerts (the post job key), src/falco.
 */
export { createDeliveryWorker } from './delivery-worker.js';
