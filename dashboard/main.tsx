import './styles.css';
import { render } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, read, setApiContext, whenSignedOut } from './api/client';
import { I18nProvider, useI18n, type MessageKey } from './i18n';
import { AtRiskPage } from './pages/at-risk';
import { FollowUpsPage } from './pages/followups';
import { InvitePage } from './pages/invite';
import { LoginPage } from './pages/login';
import { resetTokenInAddress } from './pages/password-reset';
import { OverviewPage } from './pages/overview';
import { PersonPage } from './pages/person';
import { ResponsesPage } from './pages/responses';
import { SettingsPage } from './pages/settings';
import { ThemesPage } from './pages/themes';
import { SurveyEditorPage, SurveysPage } from './pages/surveys';
import { WebhooksPage } from './pages/webhooks';
import { PROJECT_PAGES, type ProjectPage } from '../server/routes/dashboard-pages';
import { matchPath, navigate, useLocation } from './router';
import { rememberedProject, rememberProject, SessionContext, type Project, type SessionState } from './session';
import { Layout } from './ui/layout';
import { NotFound } from './ui/not-found';
import { Empty, Loading } from './ui/states';

type PageView = { nav?: true; title: MessageKey; render: (params: Record<string, string>) => preact.JSX.Element };

/** What each of a project's pages shows; the list and its order are the server's (server/routes/dashboard-pages.ts). */
const VIEWS: Record<ProjectPage, PageView> = {
  '/overview': { nav: true, title: 'nav.overview', render: () => <OverviewPage /> },
  '/responses': { nav: true, title: 'nav.responses', render: () => <ResponsesPage /> },
  '/people/:id': { title: 'person.title', render: (p) => <PersonPage id={p.id!} /> },
  '/at-risk': { nav: true, title: 'nav.atRisk', render: () => <AtRiskPage /> },
  '/followups': { nav: true, title: 'nav.followups', render: () => <FollowUpsPage /> },
  '/themes': { nav: true, title: 'nav.themes', render: () => <ThemesPage /> },
  '/surveys': { nav: true, title: 'nav.surveys', render: () => <SurveysPage /> },
  '/surveys/:id': { title: 'title.survey', render: (p) => <SurveyEditorPage id={p.id!} /> },
  '/webhooks': { nav: true, title: 'nav.webhooks', render: () => <WebhooksPage /> },
  '/settings': { nav: true, title: 'nav.settings', render: () => <SettingsPage /> },
};
const PAGES = PROJECT_PAGES.map((path) => ({ path, ...VIEWS[path] }));

/** The tab's title names the page ("Overview · Kizuna"), in the dashboard's language. */
function titleKey(path: string, signedIn: boolean): MessageKey | null {
  if (matchPath('/invite/:token', path)) return 'invite.title';
  if (!signedIn) return 'login.submit';
  if (path === '/' || path === '/login') return null;
  return PAGES.find((page) => matchPath(page.path, path))?.title ?? 'notFound.title';
}

/** Where to go after signing in: only an invite page may be asked for (?next=), so the link cannot send users off-site. */
const afterSignIn = (query: URLSearchParams) => {
  const next = query.get('next');
  return next && /^\/invite\/[A-Za-z0-9]+$/.test(next) ? next : null;
};

type Loaded = Omit<SessionState, 'project' | 'switchProject' | 'refresh' | 'signOut'> & { csrfToken: string };

function App() {
  const { path, query } = useLocation();
  const { t, adoptLocale } = useI18n();
  const [session, setSession] = useState<Loaded | null | undefined>(undefined);
  const [projectId, setProjectId] = useState<string | null>(null);
  // A reset link (/login#reset=…) opens the form for a new password even in a browser that is signed in (maybe
  // as someone else, or as the same person on a device that still remembers them): until that form is done with.
  const [resetting, setResetting] = useState(() => (location.pathname === '/login' || location.pathname === '/') && resetTokenInAddress() !== null);
  const title = session === undefined ? null : resetting ? 'reset.newTitle' : titleKey(path, session !== null);
  useEffect(() => {
    document.title = title ? `${t(title)} · Kizuna` : 'Kizuna';
  }, [title, t]);

  const load = useCallback(async () => {
    try {
      const s = await read(api.v1.auth.session.$get());
      setApiContext({ csrfToken: s.csrfToken });
      adoptLocale(s.user.locale);
      setSession(s as Loaded);
      const wanted = query.get('project') ?? projectId ?? rememberedProject();
      const chosen = s.projects.find((p) => p.id === wanted) ?? s.projects[0] ?? null;
      setApiContext({ projectId: chosen?.id ?? null });
      setProjectId(chosen?.id ?? null);
    } catch {
      setApiContext({ csrfToken: null, projectId: null });
      setSession(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    whenSignedOut(() => setSession(null));
    void load();
  }, [load]);

  const state = useMemo<SessionState | null>(() => {
    if (!session) return null;
    return {
      user: session.user,
      instance: session.instance ?? { email: false },
      projects: session.projects as Project[],
      project: (session.projects as Project[]).find((p) => p.id === projectId) ?? null,
      switchProject: (id) => {
        rememberProject(id);
        setApiContext({ projectId: id });
        setProjectId(id);
        if (query.get('project')) navigate(location.pathname, { replace: true });
      },
      refresh: load,
      signOut: async () => {
        await read(api.v1.auth.logout.$post()).catch(() => undefined);
        setApiContext({ csrfToken: null, projectId: null });
        setSession(null);
        navigate('/login');
      },
    };
  }, [session, projectId, load, query]);

  if (session === undefined) return <Loading />;
  const invite = matchPath('/invite/:token', path);
  if (invite) {
    const signOut = async () => {
      await read(api.v1.auth.logout.$post()).catch(() => undefined);
      setApiContext({ csrfToken: null, projectId: null });
    };
    return <InvitePage token={invite.token!} signedInAs={session?.user.email ?? null} onSignOut={signOut} />;
  }
  if (!state || resetting) {
    return (
      <LoginPage
        onSignedIn={() => {
          const target = afterSignIn(query) ?? (path === '/login' || path === '/' ? '/overview' : path + location.search);
          setResetting(false);
          void load().then(() => navigate(target, { replace: true }));
        }}
        onResetDone={
          resetting
            ? async () => {
                // A new password ends every session of its account: if that was this browser's, the sign-in form
                // stays (with its "password changed"); if the browser is signed in as someone else, back to work.
                await load();
                setResetting(false);
              }
            : undefined
        }
      />
    );
  }
  if (path === '/' || path === '/login') {
    queueMicrotask(() => navigate(afterSignIn(query) ?? '/overview', { replace: true }));
    return <Loading />;
  }
  const nav = PAGES.filter((p) => p.nav).map((p) => ({ href: p.path, title: p.title }));
  let content = <Empty>{t('state.noProjects')}</Empty>;
  if (state.project) {
    content = <NotFound />;
    for (const page of PAGES) {
      const params = matchPath(page.path, path);
      if (params) {
        content = page.render(params);
        break;
      }
    }
  }
  return (
    <SessionContext.Provider value={state}>
      <Layout nav={nav}>
        <div key={state.project?.id}>{content}</div>
      </Layout>
    </SessionContext.Provider>
  );
}

function saveLocale(locale: string) {
  // Remembered on this browser always, and on the account when signed in (so it follows the user).
  void read(api.v1.auth.me.$patch({ json: { locale: locale as 'en' | 'ja' } })).catch(() => undefined);
}

render(
  <I18nProvider onChange={saveLocale}>
    <App />
  </I18nProvider>,
  document.getElementById('app')!,
);
