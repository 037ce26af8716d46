/**
 * Everything the fake knows, across repositories: users, repositories, App registrations and tokens, the id
 * sequence and the clock. One instance per fake server.
 */
import { AuthRegistry } from './auth.js';
import type { GitPerson } from './git-objects.js';
import type { RepoState, UserRecord } from './repo-state.js';

export interface Urls {
  /** The fake's own base URL (what the bot gets as GITHUB_API_URL); set once the server listens. */
  api: string;
  /** Where html_url links point (GitHub's web UI). */
  readonly web: string;
}

/** Something GitHub would send a webhook for; the fake can deliver these to the bot (see webhook-delivery.ts). */
export type StateEvent =
  | {
      readonly kind: 'pull_request';
      readonly action: 'opened' | 'closed' | 'reopened' | 'synchronize';
      readonly repo: string;
      readonly number: number;
      readonly sender: string;
      /** For `synchronize`: the head SHA before the push. */
      readonly before?: string;
    }
  | {
      readonly kind: 'push';
      readonly repo: string;
      readonly branch: string;
      /** Undefined when the push created the branch. */
      readonly before: string | undefined;
      /** Undefined when the push deleted it. */
      readonly after: string | undefined;
      readonly sender: string;
    }
  | {
      readonly kind: 'workflow_run';
      readonly action: 'requested' | 'in_progress' | 'completed';
      readonly repo: string;
      readonly runId: number;
      readonly sender: string;
    };

export class FakeState {
  readonly repos = new Map<string, RepoState>();
  readonly users = new Map<string, UserRecord>();
  readonly auth = new AuthRegistry();
  private readonly teams = new Map<string, number>();
  private readonly listeners: ((event: StateEvent) => void)[] = [];
  private lastId = 1000;

  constructor(
    readonly urls: Urls,
    private readonly clock: () => number,
  ) {}

  onEvent(listener: (event: StateEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(event: StateEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  nowMs(): number {
    return this.clock();
  }

  /** GitHub timestamps: ISO 8601 in UTC with second precision. */
  nowIso(): string {
    return isoSeconds(this.clock());
  }

  /** The user with this login, created on first mention (bots end in `[bot]`). */
  user(login: string, type?: UserRecord['type']): UserRecord {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (user === undefined) {
      user = { id: this.nextId(), login, type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User') };
      this.users.set(key, user);
    }
    return user;
  }

  /** A stable id for an organisation's team slug. */
  teamId(org: string, slug: string): number {
    const key = `${org}/${slug}`.toLowerCase();
    let id = this.teams.get(key);
    if (id === undefined) {
      id = this.nextId();
      this.teams.set(key, id);
    }
    return id;
  }

  repo(fullName: string): RepoState | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  /** Requires the repository to exist (for test helpers, where a typo should fail loudly). */
  requireRepo(fullName: string): RepoState {
    const repo = this.repo(fullName);
    if (repo === undefined) throw new Error(`fake GitHub has no repository ${fullName}`);
    return repo;
  }

  /** The commit identity GitHub uses for a login (its noreply address). */
  person(login: string): GitPerson {
    const user = this.user(login);
    return { name: login, email: `${user.id}+${login}@users.noreply.github.com`, date: this.nowIso() };
  }
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
