/** Who is calling. Project-scoped callers carry the project id, so every service query is tenant-filtered. */
export type AuthContext =
  | { kind: 'admin' }
  | {
      kind: 'secret' | 'publishable';
      projectId: string;
      keyId: string;
      allowedOrigins: string[];
      /** Set when a dashboard session (not a key) is calling: it acts as a secret key of the chosen project. */
      session?: { userId: string; role: 'admin' | 'member'; isOwner: boolean };
    };
