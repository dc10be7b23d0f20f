import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, RecordedEvent, Subscription } from '@app/event-store';
import { StreamNotFoundError, WrongExpectedRevisionError } from '@app/event-store';
import type { AccessTokenEvent } from './access-token-events';
import { ACCESS_TOKEN_EVENT_TYPES, ACCESS_TOKEN_STREAM, isAccessTokenEventType } from './access-token-events';
import type { AccessToken, Authentication } from './access-token-registry';
import { AccessTokenRegistry } from './access-token-registry';
import type { IssueTokenRequest } from './access-token-request';
import { checkTokenRequest } from './access-token-request';
import { SCOPES } from './scopes';
import { generateTokenSecret, hashTokenSecret, TOKEN_SECRET_PATTERN } from './token-secret';

/** Another writer's token change landing in between is read and decided again this many times at most. */
const MAX_ATTEMPTS = 5;
/** An unknown secret re-reads the stream at most this often: another replica may have issued it a moment ago. */
const REREAD_ON_MISS_MS = 1_000;

export interface IssuedToken {
  token: AccessToken;
  /** Shown once, to whoever issued it; only its hash is kept. */
  secret: string;
}

export interface AccessTokensOptions {
  store: EventStore;
  now: () => number;
}

/**
 * The application service over the token stream: issues and revokes tokens through the event store (appending at the
 * revision it decided on), authenticates secrets against the fold, and follows the stream so changes made by the CLI
 * or another replica are seen.
 */
export class AccessTokens {
  private registry = new AccessTokenRegistry();
  private subscription: Subscription | undefined;
  private lastRead = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AccessTokensOptions) {}

  /** Reads the stream; `follow` also keeps up with changes made elsewhere from then on. */
  async load(): Promise<void> {
    this.registry = (await this.read()).registry;
  }

  async follow(): Promise<void> {
    const end = await this.options.store.lastPosition?.();
    const { registry, lastPosition } = await this.read();
    this.registry = registry;
    this.subscription = this.options.store.subscribeAll(
      {
        after: end ?? lastPosition,
        filter: { streamPrefixes: [ACCESS_TOKEN_STREAM], eventTypes: [...ACCESS_TOKEN_EVENT_TYPES] },
      },
      {
        onEvent: (recorded) => {
          const event = toAccessTokenEvent(recorded);
          if (event !== undefined) {
            this.registry.apply(event);
          }
        },
      },
    );
  }

  async close(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  list(): AccessToken[] {
    return this.registry.list();
  }

  get(id: string): AccessToken | undefined {
    return this.registry.get(id);
  }

  async issue(request: IssueTokenRequest): Promise<IssuedToken> {
    const checked = checkTokenRequest(request, this.options.now());
    const secret = generateTokenSecret();
    const issued = issuedEvent(checked, hashTokenSecret(secret), request.by, this.options.now());
    await this.decideAndAppend(() => [issued]);
    return { token: this.registry.get(issued.data.tokenId) as AccessToken, secret };
  }

  /**
   * The first start's token, holding every scope: with `secret` (BOOTSTRAP_TOKEN) unless a token with that secret
   * was ever issued; without, a new secret unless any token exists. Answers the secret only when it was generated,
   * so it is printed once.
   */
  async bootstrap(secret: string | undefined): Promise<{ generated?: string; token?: AccessToken }> {
    if (secret !== undefined && !TOKEN_SECRET_PATTERN.test(secret)) {
      throw new Error('BOOTSTRAP_TOKEN must be rs_ followed by at least 32 base64url characters');
    }
    const chosen = secret ?? generateTokenSecret();
    const hash = hashTokenSecret(chosen);
    const checked = { name: 'bootstrap', owner: 'bootstrap', scopes: [...SCOPES], expiresAt: null };
    const issued = issuedEvent(checked, hash, 'bootstrap', this.options.now());
    const appended = await this.decideAndAppend((registry) => {
      const alreadyDone = secret === undefined ? registry.size > 0 : registry.hasHash(hash);
      return alreadyDone ? [] : [issued];
    });
    if (!appended) {
      return {};
    }
    const token = this.registry.get(issued.data.tokenId);
    return secret === undefined ? { generated: chosen, token } : { token };
  }

  /** Undefined when no such token was ever issued; a revoked token is answered as it is, without a new event. */
  async revoke(id: string, by: string): Promise<AccessToken | undefined> {
    await this.decideAndAppend((registry) => {
      const token = registry.get(id);
      if (token === undefined || token.revokedAt !== null) {
        return [];
      }
      const revokedAt = new Date(this.options.now()).toISOString();
      return [{ type: 'AccessTokenRevoked', data: { tokenId: id, revokedAt, by } }];
    });
    return this.registry.get(id);
  }

  async authenticate(secret: string): Promise<Authentication> {
    if (!TOKEN_SECRET_PATTERN.test(secret)) {
      return { ok: false, reason: 'unknown' };
    }
    const hash = hashTokenSecret(secret);
    const now = this.options.now();
    const known = this.registry.authenticate(hash, now);
    if (known.ok || known.reason !== 'unknown' || Date.now() - this.lastRead < REREAD_ON_MISS_MS) {
      return known;
    }
    await this.load();
    return this.registry.authenticate(hash, now);
  }

  private async decideAndAppend(decide: (registry: AccessTokenRegistry) => AccessTokenEvent[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const { registry, revision } = await this.read();
      this.registry = registry;
      const events = decide(registry);
      if (events.length === 0) {
        return false;
      }
      try {
        await this.options.store.append(
          ACCESS_TOKEN_STREAM,
          events.map(toStored),
          revision < 0 ? 'no_stream' : revision,
        );
        events.forEach((event) => this.registry.apply(event));
        return true;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  private async read(): Promise<{ registry: AccessTokenRegistry; revision: number; lastPosition?: bigint }> {
    let recorded: RecordedEvent[];
    try {
      recorded = await this.options.store.readStream(ACCESS_TOKEN_STREAM);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) {
        throw error;
      }
      recorded = [];
    }
    this.lastRead = Date.now();
    const registry = new AccessTokenRegistry();
    for (const event of recorded) {
      const read = toAccessTokenEvent(event);
      if (read !== undefined) {
        registry.apply(read);
      }
    }
    const last = recorded[recorded.length - 1];
    return { registry, revision: last?.revision ?? -1, lastPosition: last?.position };
  }
}

function issuedEvent(
  checked: ReturnType<typeof checkTokenRequest>,
  secretHash: string,
  by: string,
  now: number,
): Extract<AccessTokenEvent, { type: 'AccessTokenIssued' }> {
  const issuedAt = new Date(now).toISOString();
  return { type: 'AccessTokenIssued', data: { tokenId: randomUUID(), ...checked, secretHash, issuedAt, by } };
}

function toStored(event: AccessTokenEvent): EventToAppend {
  return { eventId: randomUUID(), type: event.type, data: { ...event.data }, metadata: { schemaVersion: 1 } };
}

function toAccessTokenEvent(recorded: RecordedEvent): AccessTokenEvent | undefined {
  return isAccessTokenEventType(recorded.type)
    ? ({ type: recorded.type, data: recorded.data } as AccessTokenEvent)
    : undefined;
}
