/**
 * Slack's rate limits as token buckets. `chat.postMessage` is limited per channel ("about one message per second
 * per channel, short bursts allowed"); other methods are limited per workspace by tier (Tier 2 = 20+/min,
 * Tier 3 = 50+/min, Tier 4 = 100+/min; docs.slack.dev/apis/web-api/rate-limits and java-slack-sdk
 * MethodsRateLimits.java). A refused call does not spend a token, as on Slack.
 */
export interface RateLimit {
  /** Sustained rate, tokens per second. */
  readonly perSecond: number;
  /** Bucket size: how many calls may arrive at once after a quiet period. */
  readonly burst: number;
}

export interface RateLimitPolicy {
  /** `chat.postMessage` per channel; `false` switches it off. Default `{ perSecond: 1, burst: 3 }`. */
  readonly postMessagePerChannel?: RateLimit | false;
  /** Per-method limits over the whole workspace (e.g. {@link SLACK_TIER_LIMITS}). Default: none. */
  readonly methods?: Readonly<Record<string, RateLimit>>;
}

export const DEFAULT_POST_MESSAGE_LIMIT: RateLimit = { perSecond: 1, burst: 3 };

const perMinute = (n: number): RateLimit => ({ perSecond: n / 60, burst: n });

/**
 * Opt-in per-method limits at the floor of each method's documented tier. Off by default because real workspaces
 * usually allow more than the floor ("20+", "50+"), so tests that want them ask for them.
 */
export const SLACK_TIER_LIMITS: Readonly<Record<string, RateLimit>> = {
  'usergroups.users.list': perMinute(20),
  'chat.update': perMinute(50),
  'chat.delete': perMinute(50),
  'chat.getPermalink': perMinute(100),
  'chat.postEphemeral': perMinute(100),
  'conversations.info': perMinute(50),
  'conversations.replies': perMinute(50),
  'reactions.add': perMinute(50),
  'users.info': perMinute(100),
  'views.open': perMinute(100),
  'views.update': perMinute(100),
  'views.push': perMinute(100),
};

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private policy: RateLimitPolicy) {}

  /** Replaces the policy and forgets spent tokens (tests switch limits mid-run). */
  setPolicy(policy: RateLimitPolicy): void {
    this.policy = policy;
    this.buckets.clear();
  }

  /** Decides one call of `method` (for `chat.postMessage`, on `channel`) at `nowMs`, spending a token if allowed. */
  take(method: string, channel: string | undefined, nowMs: number): RateDecision {
    const methodLimit = this.policy.methods?.[method];
    if (methodLimit !== undefined) {
      const decision = this.takeFrom(`method:${method}`, methodLimit, nowMs);
      if (!decision.ok) return decision;
    }
    const postLimit = this.policy.postMessagePerChannel ?? DEFAULT_POST_MESSAGE_LIMIT;
    if (method === 'chat.postMessage' && postLimit !== false && channel !== undefined) {
      return this.takeFrom(`channel:${channel}`, postLimit, nowMs);
    }
    return { ok: true };
  }

  private takeFrom(key: string, limit: RateLimit, nowMs: number): RateDecision {
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, updatedMs: nowMs };
    const elapsed = Math.max(0, nowMs - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.perSecond);
    bucket.updatedMs = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    // Slack's Retry-After is whole seconds, at least 1.
    const waitSeconds = (1 - bucket.tokens) / limit.perSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }
}
