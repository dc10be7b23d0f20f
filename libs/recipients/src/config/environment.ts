import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from '../class-validator-modules';
import { ADDRESS_HASH_KEY_PATTERN } from './address-hash-key';

/** A DNS name, an IPv4 address or a bracketed IPv6 address; unambiguous pieces, so matching stays linear. */
const HOST_NAME = String.raw`(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])`;
const ALLOWED_HOSTS_PATTERN = new RegExp(String.raw`^${HOST_NAME}(?:\s*,\s*${HOST_NAME})*$`);

/** The service's environment, validated once at start (DESIGN section 6). */
export class Environment {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Loopback by default; every route but /health and the webhooks takes a token, so another HOST is safe. */
  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  /**
   * Host names requests may name in `Host` (any port), against DNS rebinding. Unset: `localhost,127.0.0.1,[::1]` and
   * HOST while HOST is loopback, no check otherwise (a proxy in front names the host).
   */
  @IsOptional()
  @Matches(ALLOWED_HOSTS_PATTERN, {
    message: 'ALLOWED_HOSTS must be a comma-separated list of host names or IP addresses, without ports',
  })
  ALLOWED_HOSTS?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @IsIn(['sqlite', 'eventstoredb'])
  EVENT_STORE: 'sqlite' | 'eventstoredb' = 'sqlite';

  @ValidateIf((env: Environment) => env.EVENT_STORE === 'eventstoredb')
  @IsString({ message: 'EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb' })
  @MinLength(1)
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsIn(['sqlite', 'postgres'])
  READ_MODEL: 'sqlite' | 'postgres' = 'sqlite';

  @ValidateIf((env: Environment) => env.READ_MODEL === 'postgres')
  @IsString({ message: 'DATABASE_URL is required when READ_MODEL=postgres' })
  @MinLength(1)
  DATABASE_URL?: string;

  /** PostgreSQL schema of the read model. */
  @IsString()
  @MinLength(1)
  DATABASE_SCHEMA = 'public';

  @IsOptional()
  @IsString()
  POLICY_FILE?: string;

  /** Secret for the keyed hash in stream names; the embedded default generates one in DATA_DIR. */
  @ValidateIf((env: Environment) => env.EVENT_STORE === 'eventstoredb' || env.ADDRESS_HASH_KEY !== undefined)
  @IsString({ message: 'ADDRESS_HASH_KEY is required when EVENT_STORE=eventstoredb (every replica must share it)' })
  @Matches(ADDRESS_HASH_KEY_PATTERN, {
    message: 'ADDRESS_HASH_KEY must be at least 64 hex characters (32 bytes; e.g. `openssl rand -hex 32`)',
  })
  ADDRESS_HASH_KEY?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 2 * 1024 * 1024;

  @IsInt()
  @Min(0)
  MAX_CLOCK_SKEW_SECONDS = 300;

  /** Recipient states kept in memory for hot recipients. */
  @IsInt()
  @Min(0)
  STATE_CACHE_SIZE = 50_000;

  /** How long shutdown waits for the projector's last batch; what it leaves uncommitted is replayed at the next start. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  PROJECTOR_CLOSE_TIMEOUT_MS = 10_000;

  /** Readiness turns unready while the oldest event the read model has not applied is older than this. */
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  PROJECTION_LAG_READY_BOUND_MS = 5_000;

  /** Readiness turns unready while a policy adoption this process has not put in force is older than this. */
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  POLICY_FOLLOWER_LAG_READY_BOUND_MS = 5_000;

  /** `own`: the projector runs on a worker thread of its own (when compiled); `api`: on the API's event loop. */
  @IsIn(['own', 'api'])
  PROJECTOR_THREAD: 'own' | 'api' = 'own';

  // Provider webhooks (README "Provider webhooks"). A provider whose setting is absent answers 404 naming it.

  /** Comma-separated SNS topic ARNs whose SES notifications are accepted; enables POST /v1/webhooks/ses. */
  @IsOptional()
  @Matches(/^arn:[^,\s]+(,arn:[^,\s]+)*$/, { message: 'SES_WEBHOOK_TOPIC_ARNS must be comma-separated topic ARNs' })
  SES_WEBHOOK_TOPIC_ARNS?: string;

  /** GET the SubscribeURL of a verified SubscriptionConfirmation; otherwise it is logged for an operator. */
  @IsIn(['true', 'false'])
  SES_WEBHOOK_AUTO_CONFIRM: 'true' | 'false' = 'false';

  /** Comma-separated origins trusted for SNS certificates besides SNS hosts (a local emulator, the specs). */
  @IsOptional()
  @Matches(/^https?:\/\/[^,\s/]+(,https?:\/\/[^,\s/]+)*$/, {
    message: 'SES_WEBHOOK_TRUSTED_ORIGINS must be comma-separated origins such as http://127.0.0.1:4566',
  })
  SES_WEBHOOK_TRUSTED_ORIGINS?: string;

  /** SNS messages published longer ago than this are refused as expired (SNS retries for about an hour at most). */
  @IsInt()
  @Min(60)
  SES_WEBHOOK_MAX_AGE_SECONDS = 3600;

  /** SendGrid's verification key (base64 DER of a P-256 public key); enables POST /v1/webhooks/sendgrid. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{40,}={0,2}$/, {
    message: 'SENDGRID_WEBHOOK_PUBLIC_KEY must be the base64 key SendGrid shows',
  })
  SENDGRID_WEBHOOK_PUBLIC_KEY?: string;

  /** Mailgun's HTTP webhook signing key; enables POST /v1/webhooks/mailgun. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'MAILGUN_WEBHOOK_SIGNING_KEY must be at least 16 characters' })
  MAILGUN_WEBHOOK_SIGNING_KEY?: string;

  /** Basic credentials set on the Postmark webhook; with or instead of the secret header. */
  @ValidateIf(
    (env: Environment) => env.POSTMARK_WEBHOOK_USERNAME !== undefined || env.POSTMARK_WEBHOOK_PASSWORD !== undefined,
  )
  @IsString({ message: 'POSTMARK_WEBHOOK_USERNAME and POSTMARK_WEBHOOK_PASSWORD are set together' })
  @Matches(/^[^:]+$/, { message: 'POSTMARK_WEBHOOK_USERNAME must not contain a colon' })
  POSTMARK_WEBHOOK_USERNAME?: string;

  @ValidateIf(
    (env: Environment) => env.POSTMARK_WEBHOOK_USERNAME !== undefined || env.POSTMARK_WEBHOOK_PASSWORD !== undefined,
  )
  @IsString({ message: 'POSTMARK_WEBHOOK_USERNAME and POSTMARK_WEBHOOK_PASSWORD are set together' })
  @MinLength(12, { message: 'POSTMARK_WEBHOOK_PASSWORD must be at least 12 characters' })
  POSTMARK_WEBHOOK_PASSWORD?: string;

  /** A header Postmark sends on every webhook (set in its HttpHeaders), and its secret value. */
  @ValidateIf(
    (env: Environment) => env.POSTMARK_WEBHOOK_SECRET_HEADER !== undefined || env.POSTMARK_WEBHOOK_SECRET !== undefined,
  )
  @IsString({ message: 'POSTMARK_WEBHOOK_SECRET_HEADER and POSTMARK_WEBHOOK_SECRET are set together' })
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'POSTMARK_WEBHOOK_SECRET_HEADER must be a header name' })
  POSTMARK_WEBHOOK_SECRET_HEADER?: string;

  @ValidateIf(
    (env: Environment) => env.POSTMARK_WEBHOOK_SECRET_HEADER !== undefined || env.POSTMARK_WEBHOOK_SECRET !== undefined,
  )
  @IsString({ message: 'POSTMARK_WEBHOOK_SECRET_HEADER and POSTMARK_WEBHOOK_SECRET are set together' })
  @MinLength(16, { message: 'POSTMARK_WEBHOOK_SECRET must be at least 16 characters' })
  POSTMARK_WEBHOOK_SECRET?: string;

  /** How far a SendGrid or Mailgun signature's timestamp may lie from now, either way. */
  @IsInt()
  @Min(30)
  WEBHOOK_TOLERANCE_SECONDS = 300;

  /** The first start's token (every scope) instead of a generated one printed once; see README "Access tokens". */
  @IsOptional()
  @Matches(/^rs_[A-Za-z0-9_-]{32,}$/, {
    message: 'BOOTSTRAP_TOKEN must be rs_ followed by at least 32 base64url characters',
  })
  BOOTSTRAP_TOKEN?: string;

  /** Requests per minute per token and scope, as scope=count pairs over the defaults; 0 lifts a scope's limit. */
  @IsOptional()
  @Matches(/^(check|ingest|support|policy|admin|metrics)=\d+(,(check|ingest|support|policy|admin|metrics)=\d+)*$/, {
    message: 'RATE_LIMITS_PER_MINUTE must be scope=count pairs separated by commas, such as ingest=6000,check=0',
  })
  RATE_LIMITS_PER_MINUTE?: string;

  /** POST /v1/inbound/mail refuses larger messages: parsing costs about 2.5 s per MB of text. */
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  INBOUND_MAIL_LIMIT_BYTES = 2 * 1024 * 1024;

  /** Policy simulations run at once, each on worker threads; one more is answered 429 with Retry-After. */
  @IsInt()
  @Min(1)
  @Max(64)
  SIMULATION_CONCURRENCY = 2;
}

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

const NUMERIC = [
  'PORT',
  'BODY_LIMIT_BYTES',
  'MAX_CLOCK_SKEW_SECONDS',
  'STATE_CACHE_SIZE',
  'PROJECTOR_CLOSE_TIMEOUT_MS',
  'PROJECTION_LAG_READY_BOUND_MS',
  'POLICY_FOLLOWER_LAG_READY_BOUND_MS',
  'SES_WEBHOOK_MAX_AGE_SECONDS',
  'WEBHOOK_TOLERANCE_SECONDS',
  'INBOUND_MAIL_LIMIT_BYTES',
  'SIMULATION_CONCURRENCY',
] as const;
/** Settings whose values never appear in an error message. */
const SECRET_SETTING = /KEY|URL|SECRET|PASSWORD|TOKEN/;

/** Parses the environment; throws one error naming every bad variable. */
export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== '') {
      raw[key] = (NUMERIC as readonly string[]).includes(key) && /^-?\d+$/.test(value) ? Number(value) : value;
    }
  }
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const value = SECRET_SETTING.test(error.property) ? '(hidden)' : String(error.value);
      return `  ${error.property}=${value}: ${Object.values(error.constraints ?? {}).join('; ')}`;
    });
    throw new EnvironmentError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return env;
}
