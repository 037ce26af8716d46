/**
 * Who is calling: personal/installation tokens (`Authorization: token|Bearer …`) and GitHub App JWTs (RS256,
 * checked like GitHub does: signature against the registered public key, `iss` = app id, `exp` in the future and at
 * most 10 minutes ahead, `iat` not in the future). The 401 messages for clock problems are GitHub's own, because
 * @octokit/auth-app recognises them to correct clock skew.
 */
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';

export type Caller =
  | {
      readonly kind: 'token';
      readonly login: string;
      /** Set for installation tokens. */
      readonly installationId: number | undefined;
      /** Full names (lower-case) the token may reach; undefined = every repository (of `account`, if set). */
      readonly repos: ReadonlySet<string> | undefined;
      /** Installation tokens reach only the installation account's repositories. */
      readonly account: string | undefined;
      readonly readOnly: boolean;
    }
  | { readonly kind: 'app'; readonly appId: number };

export type AuthOutcome =
  { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly message: string };

export interface InstallationSpec {
  readonly id: number;
  /** The account (user or organisation login) the App is installed on. */
  readonly account: string;
  /** Repository full names the installation can reach; undefined = all of the account's repositories. */
  readonly repos?: readonly string[];
}

export interface AppSpec {
  readonly appId: number;
  readonly publicKey: KeyObject | string;
  readonly slug?: string;
  readonly name?: string;
  readonly owner?: string;
  readonly installations: readonly InstallationSpec[];
}

export interface AppRecord {
  readonly appId: number;
  readonly slug: string;
  readonly name: string;
  readonly owner: string;
  readonly publicKey: KeyObject;
  readonly installations: readonly InstallationSpec[];
}

interface TokenRecord {
  readonly login: string;
  readonly account: string | undefined;
  readonly installationId: number | undefined;
  readonly repos: ReadonlySet<string> | undefined;
  readonly readOnly: boolean;
  readonly expiresAt: number | undefined;
}

const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;
const MAX_JWT_LIFETIME_S = 600;
const CLOCK_SKEW_S = 60;

export class AuthRegistry {
  private readonly tokens = new Map<string, TokenRecord>();
  readonly apps = new Map<number, AppRecord>();

  addToken(
    token: string,
    options: {
      login: string;
      repos?: readonly string[];
      readOnly?: boolean;
      installationId?: number;
      account?: string;
      expiresAt?: number;
    },
  ): void {
    this.tokens.set(token, {
      login: options.login,
      account: options.account,
      installationId: options.installationId,
      repos: options.repos === undefined ? undefined : new Set(options.repos.map((r) => r.toLowerCase())),
      readOnly: options.readOnly ?? false,
      expiresAt: options.expiresAt,
    });
  }

  revokeToken(token: string): void {
    this.tokens.delete(token);
  }

  registerApp(spec: AppSpec): AppRecord {
    const slug = spec.slug ?? `app-${spec.appId}`;
    const record: AppRecord = {
      appId: spec.appId,
      slug,
      name: spec.name ?? slug,
      owner: spec.owner ?? 'fake-app-owner',
      publicKey: typeof spec.publicKey === 'string' ? createPublicKey(spec.publicKey) : spec.publicKey,
      installations: spec.installations,
    };
    this.apps.set(spec.appId, record);
    return record;
  }

  installation(installationId: number): { app: AppRecord; installation: InstallationSpec } | undefined {
    for (const app of this.apps.values()) {
      const installation = app.installations.find((i) => i.id === installationId);
      if (installation !== undefined) return { app, installation };
    }
    return undefined;
  }

  /** Mints a one-hour installation token (`ghs_…`) as `POST /app/installations/{id}/access_tokens` does. */
  issueInstallationToken(
    appId: number,
    installationId: number,
    nowMs: number,
    narrowTo?: readonly string[],
  ): { token: string; expiresAt: string } {
    const found = this.installation(installationId);
    if (found === undefined || found.app.appId !== appId)
      throw new Error(`no installation ${installationId}`);
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    const expiresAt = nowMs + 3600_000;
    const repos = narrowTo ?? found.installation.repos;
    this.addToken(token, {
      login: `${found.app.slug}[bot]`,
      installationId,
      account: found.installation.account,
      expiresAt,
      ...(repos === undefined ? {} : { repos }),
    });
    return { token, expiresAt: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }

  /** Reads the Authorization header. A missing header is not an error here; the route decides. */
  authenticate(header: string | undefined, nowMs: number): AuthOutcome | undefined {
    if (header === undefined || header.trim() === '') return undefined;
    const match = /^(token|bearer)\s+(\S+)$/i.exec(header.trim());
    if (match === null) return { ok: false, message: 'Bad credentials' };
    const credential = match[2] ?? '';
    if (JWT_SHAPE.test(credential)) return this.verifyJwt(credential, nowMs);
    const record = this.tokens.get(credential);
    if (record === undefined || (record.expiresAt !== undefined && record.expiresAt <= nowMs)) {
      return { ok: false, message: 'Bad credentials' };
    }
    return { ok: true, caller: { kind: 'token', ...record } };
  }

  private verifyJwt(jwt: string, nowMs: number): AuthOutcome {
    const [headerPart = '', payloadPart = '', signaturePart = ''] = jwt.split('.');
    let header: { alg?: unknown };
    let claims: { iss?: unknown; exp?: unknown; iat?: unknown };
    try {
      header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return { ok: false, message: 'A JSON web token could not be decoded' };
    }
    if (header.alg !== 'RS256') return { ok: false, message: 'A JSON web token could not be decoded' };
    const appId = Number(claims.iss);
    const app = Number.isInteger(appId) ? this.apps.get(appId) : undefined;
    if (app === undefined) return { ok: false, message: `'Issuer' claim ('iss') must be an Integer` };
    const signed = Buffer.from(`${headerPart}.${payloadPart}`);
    if (!verify('RSA-SHA256', signed, app.publicKey, Buffer.from(signaturePart, 'base64url'))) {
      return { ok: false, message: 'A JSON web token could not be decoded' };
    }
    const now = Math.floor(nowMs / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= now) {
      return {
        ok: false,
        message:
          "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      };
    }
    if (claims.exp > now + MAX_JWT_LIFETIME_S + CLOCK_SKEW_S) {
      return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
    }
    if (typeof claims.iat !== 'number' || !Number.isInteger(claims.iat) || claims.iat > now + CLOCK_SKEW_S) {
      return {
        ok: false,
        message:
          "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
      };
    }
    return { ok: true, caller: { kind: 'app', appId } };
  }
}
