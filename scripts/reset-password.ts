// `npm run reset-password -- <email>`: for the instance owner, on the server, when a person cannot sign in and the
// instance sends no email. Sets a new random password on the account, ends all its sessions and prints the
// password once on stdout; the person signs in with it and changes it in Settings. Works on the database
// `npm start` uses (DATABASE_URL, or the embedded one in KIZUNA_DATA_DIR, default ./data; stop the server first
// when it is the embedded one, which one process at a time can open). Asks nothing. Exit code 1, with the reason
// on stderr, for an unknown email or a wrong invocation.
import '../server/quiet-dotenv';
import { migrate } from '../db/migrate';
import { createDb } from '../db/node';
import { setTemporaryPassword } from '../server/services/accounts/temporary-password';

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
    const reset = await setTemporaryPassword(handle.db, email);
    if (!reset) throw new UsageError(`no account has the email ${JSON.stringify(email.trim())}`);
    process.stdout.write(
      `New password for ${reset.email}: ${reset.password}\n` +
        'Every session of this account has ended. Pass the password on privately; it works until it is changed in Settings.\n',
    );
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`Password reset failed: ${err instanceof UsageError ? err.message : String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
