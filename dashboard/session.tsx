import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Project = { id: string; name: string; timeZone: string; role: 'admin' | 'member' };
export type SessionState = {
  user: { id: string; email: string; name: string | null; isOwner: boolean; locale: string | null };
  projects: Project[];
  project: Project | null;
  /** Whether this server sends email (SMTP is configured). */
  instance: { email: boolean };
  switchProject: (id: string) => void;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
};

export const SessionContext = createContext<SessionState>(null as unknown as SessionState);
export const useSession = () => useContext(SessionContext);

/** The current project; pages are only rendered when there is one. */
export function useProject(): Project {
  return useContext(SessionContext).project!;
}

const PROJECT_KEY = 'kizuna.project';
export function rememberedProject(): string | null {
  try {
    return localStorage.getItem(PROJECT_KEY);
  } catch {
    return null;
  }
}
export function rememberProject(id: string) {
  try {
    localStorage.setItem(PROJECT_KEY, id);
  } catch {
    // storage blocked
  }
}
