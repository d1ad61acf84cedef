import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, read } from '../api/client';
import { useI18n, type Locale, type MessageKey } from '../i18n';
import { Link, useLocation } from '../router';
import { useSession } from '../session';

/** The navigation's pages, in order. */
type NavItem = { href: string; title: MessageKey };

export function Layout(props: { children: ComponentChildren; nav: NavItem[] }) {
  const { t, locale, setLocale } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const newProject = async () => {
    const name = prompt(t('nav.newProjectPrompt'));
    if (!name?.trim()) return;
    const created = await read(api.v1.auth.projects.$post({ json: { name: name.trim() } }));
    await session.refresh();
    session.switchProject(created.id);
  };
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/overview" class="brand" aria-label="Kizuna">
          <span class="brand-mark" aria-hidden="true">絆</span>
          <span class="brand-name">Kizuna</span>
        </Link>
        <div class="topbar-controls">
          {session.projects.length > 0 && (
            <label class="project-switcher">
              <span class="sr-only">{t('nav.project')}</span>
              <select
                value={session.project?.id}
                onChange={(e) => {
                  const value = (e.target as HTMLSelectElement).value;
                  if (value === '__new') void newProject();
                  else session.switchProject(value);
                }}
              >
                {session.projects.map((p) => (
                  <option value={p.id} key={p.id}>
                    {p.name}
                  </option>
                ))}
                {session.user.isOwner && <option value="__new">{t('nav.newProject')}</option>}
              </select>
            </label>
          )}
          <div class="lang-switch" role="group" aria-label={t('nav.language')}>
            {(['en', 'ja'] as Locale[]).map((l) => (
              <button type="button" key={l} aria-pressed={locale === l} onClick={() => setLocale(l)} lang={l}>
                {l === 'en' ? 'EN' : '日本語'}
              </button>
            ))}
          </div>
          <button type="button" class="btn btn-quiet signout" onClick={() => void session.signOut()}>
            {t('nav.signOut')}
          </button>
          <button
            type="button"
            class="btn btn-quiet menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            {t('nav.menu')}
          </button>
        </div>
      </header>
      <nav id="main-nav" class={`sidenav ${menuOpen ? 'open' : ''}`} aria-label={t('nav.menu')}>
        <ul>
          {props.nav.map(({ href, title }) => (
            <li key={href}>
              <Link
                href={href}
                aria-current={path.startsWith(href) || (href === '/responses' && path.startsWith('/people')) ? 'page' : undefined}
                onClick={() => setMenuOpen(false)}
              >
                {t(title)}
              </Link>
            </li>
          ))}
        </ul>
        <div>
          <p class="nav-user">{session.user.email}</p>
          <button type="button" class="btn btn-quiet nav-signout" onClick={() => void session.signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </nav>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}

export function PageHeader(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <h1>{props.title}</h1>
      {props.children && <div class="page-actions">{props.children}</div>}
    </div>
  );
}

