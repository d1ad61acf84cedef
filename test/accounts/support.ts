// Signing in to the API under test the way the dashboard does: cookie + CSRF token + X-Kizuna-Project.
import { memberships } from '../../db/schema';
import { createUser } from '../../server/services/accounts/users';
import { TEST_PASSWORD_ITERATIONS, type TestApi } from '../support/api';

export type Browserish = {
  cookie: string;
  csrfToken: string;
  projects: { id: string; name: string; role: string }[];
  call: <T = any>(method: string, path: string, options?: { project?: string; body?: unknown; csrf?: boolean }) => Promise<{ status: number; body: T }>;
};

export async function addUser(api: TestApi, input: { email: string; password: string; isOwner?: boolean; projects?: [string, 'admin' | 'member'][] }) {
  const user = await createUser(api.db.db, { passwordIterations: TEST_PASSWORD_ITERATIONS, ...input });
  for (const [projectId, role] of input.projects ?? []) {
    await api.db.db.insert(memberships).values({ projectId, userId: user!.id, role });
  }
  return user!;
}

let client = 0;

/** Each sign-in comes from its own client address, so the tests do not trip the per-client login limit. */
export async function signIn(api: TestApi, email: string, password: string): Promise<Browserish> {
  client += 1;
  const res = await api.request('POST', '/v1/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': `10.0.${client >> 8}.${client & 255}` },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return {
    cookie,
    csrfToken: res.body.csrfToken,
    projects: res.body.projects,
    call: async (method, path, options = {}) => {
      const headers: Record<string, string> = { cookie };
      if (options.project) headers['x-kizuna-project'] = options.project;
      if (options.csrf !== false) headers['x-kizuna-csrf'] = res.body.csrfToken;
      const r = await api.request(method, path, { body: options.body, headers });
      return { status: r.status, body: r.body };
    },
  };
}
