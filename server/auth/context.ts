/** Who is calling. Project-scoped callers carry the project id, so every service query is tenant-filtered. */
export type AuthContext =
  | { kind: 'admin' }
  | { kind: 'secret' | 'publishable'; projectId: string; keyId: string; allowedOrigins: string[] };
