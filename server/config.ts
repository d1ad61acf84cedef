import { noTrustedProxies, parseTrustedProxies, type TrustedProxies } from './auth/client-address';
import { PASSWORD_ITERATIONS } from './auth/password';
import { parseEncryptionKey } from './crypto/secret-box';

/** Settings that shape behaviour; read from the environment by each entry point (server/node.ts, server/worker.ts). */
export type AppConfig = {
  /** SHA-256 of KIZUNA_ADMIN_KEY when set in the environment; otherwise the stored hash is used. */
  adminKeyHash: string | null;
  /** Public base URL of this instance, used in links it hands out (email survey links). */
  publicUrl: string | null;
  /** NODE_ENV=production: settings that have a convenient development default (publicUrl) must be set. */
  production: boolean;
  /** Base of handed-out links outside production when KIZUNA_PUBLIC_URL is unset: http://localhost:$PORT. */
  devPublicUrl: string;
  /** KIZUNA_LINK_EXPIRY_DAYS: how long email survey links work when their creator does not say (default 90). */
  linkExpiryDays: number;
  /** KIZUNA_ENCRYPTION_KEY: seals stored secrets (webhook and link-signing secrets); null stores them plain. */
  encryptionKey: string | null;
  /** KIZUNA_ENCRYPTION_KEY_PREVIOUS: comma-separated keys that still open values sealed before a rotation. */
  previousEncryptionKeys: string[];
  /** Requests per minute per publishable key, and per client address, on the ingest routes. */
  ingestRateLimitPerKey: number;
  ingestRateLimitPerClient: number;
  /** KIZUNA_DELIGHTED_RATE_LIMIT: requests per minute per secret key on /delighted/v1 (answered 429 with Retry-After). */
  delightedRateLimitPerKey: number;
  /** KIZUNA_TRUSTED_PROXIES: whose X-Forwarded-For to believe (a hop count or CIDRs); nobody's by default. */
  trustedProxies: TrustedProxies;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** KIZUNA_ALLOW_PRIVATE_WEBHOOKS=true: webhooks may target loopback/private addresses (development and tests only). */
  allowPrivateWebhooks: boolean;
  /** KIZUNA_MAIL_FROM: sender of follow-up replies to customers. */
  mailFrom: string | null;
  /** KIZUNA_WEBHOOK_RETENTION_DAYS: days finished webhook deliveries stay in the delivery log; null keeps them forever (0). */
  webhookRetentionDays: number | null;
  /**
   * PBKDF2 iterations for new password hashes and the rehash at sign-in (600,000, today's guidance). Not read
   * from the environment: only the test suite lowers it, for its hundreds of throw-away accounts.
   */
  passwordIterations: number;
};

export const defaultConfig: AppConfig = {
  adminKeyHash: null,
  publicUrl: null,
  production: false,
  devPublicUrl: 'http://localhost:8787',
  linkExpiryDays: 90,
  encryptionKey: null,
  previousEncryptionKeys: [],
  ingestRateLimitPerKey: 6000,
  ingestRateLimitPerClient: 120,
  delightedRateLimitPerKey: 1200,
  trustedProxies: noTrustedProxies,
  maxBodyBytes: 64 * 1024,
  allowPrivateWebhooks: false,
  mailFrom: null,
  webhookRetentionDays: 30, // a month of delivery log to look into and replay from; the log grows with every event
  passwordIterations: PASSWORD_ITERATIONS,
};

type EnvSource = Record<string, string | undefined>;

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** Checked at start-up, so a mistyped key stops the server instead of failing at the first secret it seals. */
function encryptionKey(value: string | undefined, name: string): string | null {
  if (value === undefined || value.trim() === '') return null;
  parseEncryptionKey(value, name);
  return value.trim();
}

/** The settings every entry point reads the same way. Entry-specific ones (PORT, DATABASE_URL) stay in the entry. */
export function configFromEnv(env: EnvSource, adminKeyHash: string | null): AppConfig {
  return {
    adminKeyHash,
    publicUrl: env.KIZUNA_PUBLIC_URL?.replace(/\/+$/, '') || null,
    production: env.NODE_ENV === 'production',
    devPublicUrl: `http://localhost:${env.PORT || 8787}`,
    linkExpiryDays: positiveInt(env.KIZUNA_LINK_EXPIRY_DAYS, defaultConfig.linkExpiryDays, 'KIZUNA_LINK_EXPIRY_DAYS'),
    encryptionKey: encryptionKey(env.KIZUNA_ENCRYPTION_KEY, 'KIZUNA_ENCRYPTION_KEY'),
    previousEncryptionKeys: (env.KIZUNA_ENCRYPTION_KEY_PREVIOUS ?? '')
      .split(',')
      .map((key) => encryptionKey(key, 'KIZUNA_ENCRYPTION_KEY_PREVIOUS'))
      .filter((key): key is string => key !== null),
    ingestRateLimitPerKey: positiveInt(env.KIZUNA_RATE_LIMIT_PER_KEY, defaultConfig.ingestRateLimitPerKey, 'KIZUNA_RATE_LIMIT_PER_KEY'),
    ingestRateLimitPerClient: positiveInt(
      env.KIZUNA_RATE_LIMIT_PER_CLIENT,
      defaultConfig.ingestRateLimitPerClient,
      'KIZUNA_RATE_LIMIT_PER_CLIENT',
    ),
    delightedRateLimitPerKey: positiveInt(
      env.KIZUNA_DELIGHTED_RATE_LIMIT,
      defaultConfig.delightedRateLimitPerKey,
      'KIZUNA_DELIGHTED_RATE_LIMIT',
    ),
    trustedProxies: parseTrustedProxies(env.KIZUNA_TRUSTED_PROXIES),
    maxBodyBytes: defaultConfig.maxBodyBytes,
    passwordIterations: defaultConfig.passwordIterations,
    allowPrivateWebhooks: env.KIZUNA_ALLOW_PRIVATE_WEBHOOKS === 'true',
    mailFrom: env.KIZUNA_MAIL_FROM || null,
    webhookRetentionDays:
      env.KIZUNA_WEBHOOK_RETENTION_DAYS === '0'
        ? null
        : positiveInt(env.KIZUNA_WEBHOOK_RETENTION_DAYS, defaultConfig.webhookRetentionDays!, 'KIZUNA_WEBHOOK_RETENTION_DAYS'),
  };
}
