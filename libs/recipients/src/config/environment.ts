import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

/** The service's environment, validated once at start (DESIGN section 6). */
export class Environment {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Loopback by default: until access control exists, other hosts must not reach the service by accident. */
  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

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
  @MinLength(16, { message: 'ADDRESS_HASH_KEY must be at least 16 characters' })
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
}

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

const NUMERIC = ['PORT', 'BODY_LIMIT_BYTES', 'MAX_CLOCK_SKEW_SECONDS', 'STATE_CACHE_SIZE'] as const;

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
      const value = error.property.includes('KEY') || error.property.includes('URL') ? '(hidden)' : String(error.value);
      return `  ${error.property}=${value}: ${Object.values(error.constraints ?? {}).join('; ')}`;
    });
    throw new EnvironmentError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return env;
}
