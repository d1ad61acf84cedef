/**
 * The SQLSTATE of a database error from either driver, looking through drizzle's wrapper (DrizzleQueryError
 * keeps the driver's error as its cause); undefined for anything else.
 */
export function sqlStateOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** SQLSTATE class 22, data exception: a value the database refuses (out of range, not representable). */
export const isDataException = (err: unknown) => sqlStateOf(err)?.startsWith('22') ?? false;
