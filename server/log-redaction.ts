// What may go into a log line. Logs are read by more people, kept longer and shipped further than the
// database, so nothing a request or query carries goes in verbatim: no query parameters (new webhook secrets,
// password and key hashes, comments, emails), no database error details (they quote the offending values),
// and no capability tokens in paths (an email link's signature answers for its recipient).

const MAX_STATEMENT_CHARS = 60;
const MAX_MESSAGE_CHARS = 300;

/** Capability paths: the last segment is the capability, the rest says which page was asked for. */
const CAPABILITY_PATHS = [
  /^(\/s\/[^/]+\/[^/]+\/)[^/]+/, // email survey links: /s/<send>/<score>/<expiry.signature>
  /^(\/invite\/)[^/]+/, // dashboard invitation pages: /invite/<token>
  /^(\/v1\/auth\/invites\/)(?!accept$)[^/]+/, // the accept page's look-up: GET /v1/auth/invites/<token>
  /^(\/delighted\/v1\/people\/email(?::|%3A))[^/]+/i, // not a capability but an email: …/people/email:<email>
];

/** The request path for the request log, with link signatures and invitation tokens cut. */
export function loggablePath(path: string): string {
  for (const pattern of CAPABILITY_PATHS) {
    const match = pattern.exec(path);
    if (match) return `${match[1]}[redacted]`;
  }
  return path;
}

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; stack?: unknown; cause?: unknown; query?: unknown };

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const isSqlState = (value: unknown): value is string => typeof value === 'string' && /^[0-9A-Z]{5}$/.test(value);

/** Drops anything from a "params:" line on, the way drizzle appends a query's parameters to its message. */
const withoutParams = (message: string) => message.split(/\n?params:/)[0]!.slice(0, MAX_MESSAGE_CHARS);

/**
 * Postgres quotes the values it refuses ('invalid input syntax for type uuid: "whsec_…"'), and a value may
 * itself hold quotes, so pairing them up is not safe: the message ends at its first quote. The names it
 * would have quoted (constraint, table, column) are logged from the error's own fields.
 */
function beforeFirstQuote(message: string): string {
  const cut = withoutParams(message).split(/["']/)[0]!;
  return cut.length < message.length ? `${cut}…` : cut;
}

/** Only the frames: the stack's first lines repeat the message, which for drizzle includes every parameter. */
const framesOf = (stack: unknown) =>
  typeof stack === 'string' ? stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n') || undefined : undefined;

/** Which statement failed, without its values: "insert into "webhook_endpoints" ("id", …". */
function statementOf(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_STATEMENT_CHARS ? `${flat.slice(0, MAX_STATEMENT_CHARS)}…` : flat;
}

/**
 * Any thrown value as a log record: its kind, a message without the values it carried, and for database
 * errors (from drizzle, postgres.js or PGlite, looked for through `cause`) the SQLSTATE, the start of the
 * statement and the constraint, table and column names. Never parameters, error `detail`, or `where`.
 */
export function loggableError(err: unknown): Record<string, unknown> {
  if (!err || typeof err !== 'object') return { message: withoutParams(String(err)) };
  const top = err as ErrorLike;
  // drizzle's DrizzleQueryError leaves `name` as "Error": its class says more.
  const className = (err as object).constructor?.name;
  const name = text(top.name) === 'Error' && className && className !== 'Object' ? className : (text(top.name) ?? 'Error');
  const record: Record<string, unknown> = { name };
  let statement: string | undefined;
  let database: (ErrorLike & Record<string, unknown>) | undefined;
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as ErrorLike).cause, depth++) {
    const candidate = e as ErrorLike & Record<string, unknown>;
    statement ??= text(candidate.query);
    if (!database && isSqlState(candidate.code)) database = candidate;
  }
  if (database) {
    record.sqlState = database.code;
    record.message = beforeFirstQuote(text(database.message) ?? '');
    if (statement) record.statement = statementOf(statement);
    const constraint = text(database.constraint_name) ?? text(database.constraint);
    const table = text(database.table_name) ?? text(database.table);
    const column = text(database.column_name) ?? text(database.column);
    if (constraint) record.constraint = constraint;
    if (table) record.table = table;
    if (column) record.column = column;
  } else {
    // A query that failed without reaching Postgres (a lost connection): drizzle's own message is the whole
    // statement and its parameters, so the cause says what happened.
    const source = statement && top.cause && typeof top.cause === 'object' ? (top.cause as ErrorLike) : top;
    if (statement) record.statement = statementOf(statement);
    record.message = withoutParams(text(source.message) ?? String(err));
    if (typeof source.code === 'string') record.code = source.code;
  }
  const stack = framesOf(top.stack);
  if (stack) record.stack = stack;
  return record;
}
