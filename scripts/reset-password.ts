// `npm run reset-password -- <email>`: for the instance owner, on the server, when a person cannot sign in and the
// instance sends no email. Prints a single-use link (valid 24 hours) where the person chooses a new password, and
// ends every session of the account. The link starts with KIZUNA_PUBLIC_URL when it is set; otherwise it is a path
// to open on the dashboard's address. Works on the database `npm start` uses (DATABASE_URL, or the embedded one in
// KIZUNA_DATA_DIR, default ./data; stop the server first when it is the embedded one, which one process at a time
// can open). Asks nothing. Exit code 1, with the reason on stderr, for an unknown email or a wrong invocation.
import '../server/quiet-dotenv';
import { migrate } from '../db/migrate';
import { createDb } from '../db/node';
import { ownerResetLink } from '../server/services/accounts/owner-reset-link';

class UsageError extends Error {}

function parseArgs(args: string[]) {
  if (args.length !== 1 || args[0]!.startsWith('-') || !args[0]!.includes('@')) {
    throw new UsageError('usage: npm run reset-password -- <email>');
  }
  return { email: args[0]! };
}

async function main() {
  const { email } = parseArgs(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.KIZUNA_DATA_DIR ?? './data';
  const handle = await createDb({ databaseUrl, dataDir, poolSize: 1 });
  try {
    await migrate(handle);
    const publicUrl = process.env.KIZUNA_PUBLIC_URL?.replace(/\/+$/, '') || null;
    const reset = await ownerResetLink(handle.db, email, { now: new Date(), publicUrl });
    if (!reset) throw new UsageError(`no account has the email ${JSON.stringify(email.trim())}`);
    process.stdout.write(
      `Password reset link for ${reset.email}:\n${reset.url}\n` +
        (publicUrl ? '' : 'Open it on the dashboard\'s address (KIZUNA_PUBLIC_URL is not set, so the link is a path).\n') +
        `It works once, until ${reset.expiresAt.toISOString()}. Every session of this account has ended. Pass it on privately.\n`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`Password reset failed: ${err instanceof UsageError ? err.message : String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
