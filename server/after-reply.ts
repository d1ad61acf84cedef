// Work a request starts but does not wait for: it runs after (or while) the reply goes out. On Node a started
// promise simply runs on; a Worker stops an invocation once its reply is sent unless the promise is handed to
// ctx.waitUntil, which the Worker entry does through AppDeps.afterReply. Errors are logged, never thrown at a
// reply that has already left.
import type { AppDeps } from './env';
import { loggableError } from './log-redaction';

export function runAfterReply(deps: Pick<AppDeps, 'logger' | 'afterReply'>, what: string, work: () => Promise<unknown>): void {
  // Started on a later turn, so nothing of it runs before the handler has returned its reply.
  const running: Promise<void> = Promise.resolve()
    .then(async () => void (await work()))
    .catch((err: unknown) => deps.logger({ level: 'error', msg: `${what} failed`, error: loggableError(err) }));
  deps.afterReply?.(running);
}
