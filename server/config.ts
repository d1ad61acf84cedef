/** Settings that shape behaviour; read from the environment by each entry point (server/node.ts, server/worker.ts). */
export type AppConfig = {
  /** SHA-256 of KIZUNA_ADMIN_KEY when set in the environment; otherwise the stored hash is used. */
  adminKeyHash: string | null;
  /** Public base URL of this instance, used in links it hands out (email survey links). */
  publicUrl: string | null;
  /** Requests per minute per publishable key, and per client address, on the ingest routes. */
  ingestRateLimitPerKey: number;
  ingestRateLimitPerClient: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** KIZUNA_ALLOW_PRIVATE_WEBHOOKS=true: webhooks may target loopback/private addresses (development and tests only). */
  allowPrivateWebhooks: boolean;
  /** KIZUNA_MAIL_FROM: sender of follow-up replies to customers. */
  mailFrom: string | null;
  /** KIZUNA_WEBHOOK_RETENTION_DAYS: days finished webhook deliveries stay in the delivery log; null keeps them forever (0). */
  webhookRetentionDays: number | null;
};

export const defaultConfig: AppConfig = {
  adminKeyHash: null,
  publicUrl: null,
  ingestRateLimitPerKey: 6000,
  ingestRateLimitPerClient: 120,
  maxBodyBytes: 64 * 1024,
  allowPrivateWebhooks: false,
  mailFrom: null,
  webhookRetentionDays: 30, // a month of delivery log to look into and replay from; the log grows with every event
};

type EnvSource = Record<string, string | undefined>;

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** The settings every entry point reads the same way. Entry-specific ones (PORT, DATABASE_URL) stay in the entry. */
export function configFromEnv(env: EnvSource, adminKeyHash: string | null): AppConfig {
  return {
    adminKeyHash,
    publicUrl: env.KIZUNA_PUBLIC_URL?.replace(/\/+$/, '') || null,
    ingestRateLimitPerKey: positiveInt(env.KIZUNA_RATE_LIMIT_PER_KEY, defaultConfig.ingestRateLimitPerKey, 'KIZUNA_RATE_LIMIT_PER_KEY'),
    ingestRateLimitPerClient: positiveInt(
      env.KIZUNA_RATE_LIMIT_PER_CLIENT,
      defaultConfig.ingestRateLimitPerClient,
      'KIZUNA_RATE_LIMIT_PER_CLIENT',
    ),
    maxBodyBytes: defaultConfig.maxBodyBytes,
    allowPrivateWebhooks: env.KIZUNA_ALLOW_PRIVATE_WEBHOOKS === 'true',
    mailFrom: env.KIZUNA_MAIL_FROM || null,
    webhookRetentionDays:
      env.KIZUNA_WEBHOOK_RETENTION_DAYS === '0'
        ? null
        : positiveInt(env.KIZUNA_WEBHOOK_RETENTION_DAYS, defaultConfig.webhookRetentionDays!, 'KIZUNA_WEBHOOK_RETENTION_DAYS'),
  };
}
