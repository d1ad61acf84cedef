import { call, fetchConfig, type Api } from './api';
import { newId } from './ids';
import { pickLocale } from './i18n';
import { createLocalState } from './local-state';
import { createOutbox } from './outbox';
import { readJson, removeKey, writeJson } from './storage';
import type { Person, WidgetConfig, WidgetEvent, WidgetSurvey } from './types';
import { mountSurvey, type Mounted } from './ui/mount';

type Listener = (detail: Record<string, unknown>) => void;

/**
 * The widget's behaviour behind window.Kizuna: who the person is, which
 * survey is due and when, and what happens to an answer. Every public
 * method swallows its own errors — a survey must never break the host page.
 */
export function createKizuna(api: Api, startedAt: number) {
  const prefix = `kizuna:${api.key.slice(-12)}:`;
  const outbox = createOutbox(api, `${prefix}outbox`);
  const local = createLocalState(`${prefix}surveys`);
  const listeners: Partial<Record<WidgetEvent, Listener[]>> = {};
  let person: Person | undefined = readJson<Person | undefined>(`${prefix}person`, undefined);
  let config: Promise<WidgetConfig> | undefined;
  let configFor: string | undefined;
  let current: Mounted | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let autoShown = false;
  // Bumped by identify/reset so a decision made for the previous person is dropped.
  let generation = 0;
  /** The generation whose automatic decision was made (and announced with 'ready'). */
  let decided = -1;

  const anonymousId = () => {
    let id = readJson<string>('kizuna:anon', '');
    if (!id) writeJson('kizuna:anon', (id = newId()));
    return id;
  };

  const emit = (event: WidgetEvent, detail: Record<string, unknown>) => {
    for (const cb of listeners[event] || []) {
      try {
        cb(detail);
      } catch {
        // The host's callback failing is the host's business, not a reason to stop.
      }
    }
  };

  const loadConfig = (): Promise<WidgetConfig> => {
    const who = person?.id || '';
    if (!config || configFor !== who) {
      configFor = who;
      config = fetchConfig(api, { personId: person?.id || undefined, anonymousId: anonymousId(), url: location.href }).catch(
        () => ({ surveys: [] }),
      );
    }
    return config;
  };

  function display(survey: WidgetSurvey) {
    if (current) return;
    const locale = pickLocale(person?.locale, survey, navigator.languages || [navigator.language]);
    const idempotencyKey = newId();
    const draftRef = { current: '' };
    let score: number | undefined;
    const body = () => ({
      surveyId: survey.id,
      score: score!,
      idempotencyKey,
      channel: 'web' as const,
      locale,
      person: person && { id: person.id, email: person.email, name: person.name, traits: person.traits, signature: person.signature },
      properties: { url: location.href },
    });
    // A comment typed but not sent when the tab closes is still an answer.
    const onPageHide = () => {
      const text = draftRef.current.trim();
      if (score !== undefined && text) void outbox.send({ ...body(), comment: text });
    };
    addEventListener('pagehide', onPageHide);
    current = mountSurvey(survey, locale, {
      draftRef,
      onScore(s) {
        score = s;
        local.answered(survey.id, Date.now());
        void outbox.send(body());
        emit('answered', { surveyId: survey.id, score: s, locale });
      },
      onComment(comment) {
        void outbox.send({ ...body(), comment });
      },
      onClose(answered) {
        removeEventListener('pagehide', onPageHide);
        current?.unmount();
        current = undefined;
        if (answered) return;
        local.dismissed(survey.id, Date.now());
        call(api, '/v1/widget/dismiss', { surveyId: survey.id, personId: person?.id, anonymousId: anonymousId() }).catch(
          () => {},
        );
        emit('dismissed', { surveyId: survey.id });
      },
    });
    emit('shown', { surveyId: survey.id, locale });
  }

  /** Honour the survey's delay counted from page load, not from when the config arrived. */
  function schedule(survey: WidgetSurvey) {
    clearTimeout(timer);
    const wait = Math.max(0, survey.targeting.delaySeconds * 1000 - (performance.now() - startedAt));
    timer = setTimeout(() => display(survey), wait);
  }

  const eligible = (s: WidgetSurvey) => s.show && local.allows(s, Date.now());

  async function autoShow() {
    if (autoShown || current) return;
    const mine = generation;
    const { surveys } = await loadConfig();
    const due = surveys.find(eligible);
    // identify() or reset() started a newer decision, or a call of this generation made this one already.
    if (mine !== generation || decided === mine || autoShown || current) return;
    decided = mine;
    if (due) {
      autoShown = true;
      schedule(due);
    }
    // The decision for this page, made once: the survey that will show (after its delay), or none. Hosts can
    // log it; tests wait for it instead of waiting "long enough" to see nothing happen.
    emit('ready', { surveyId: due ? due.id : null });
  }

  const guard =
    <A extends unknown[]>(fn: (...args: A) => unknown) =>
    (...args: A): void => {
      try {
        const result = fn(...args);
        if (result instanceof Promise) result.catch(() => {});
      } catch {
        // never into the host page
      }
    };

  return {
    identify: guard((p: Person) => {
      if (!p || typeof p !== 'object') return;
      const changed = p.id !== person?.id;
      person = { ...p, id: p.id == null ? undefined : String(p.id) };
      // Remembered for pages that load the widget without calling identify; reset() forgets it.
      writeJson(`${prefix}person`, person);
      // Who the person is changes what the server decides (recontact across devices).
      if (changed && !current) {
        generation++;
        clearTimeout(timer);
        autoShown = false;
        void autoShow();
      }
    }),
    show: guard(async (surveyId?: string, options?: { force?: boolean }) => {
      const { surveys } = await loadConfig();
      const survey = surveys.find((s) => (surveyId ? s.id === surveyId : options?.force || eligible(s)));
      if (!survey || current) return;
      autoShown = true;
      if (options?.force) {
        clearTimeout(timer);
        display(survey);
      } else if (eligible(survey)) schedule(survey);
    }),
    on: guard((event: WidgetEvent, cb: Listener) => {
      if (typeof cb === 'function') (listeners[event] ||= []).push(cb);
    }),
    reset: guard(() => {
      clearTimeout(timer);
      current?.unmount();
      current = undefined;
      person = undefined;
      config = undefined;
      generation++;
      removeKey(`${prefix}person`);
      removeKey('kizuna:anon');
      local.clear();
      autoShown = false;
    }),
    /** Starts the page view: pending answers go out, the due survey is scheduled. */
    start: guard(() => {
      // (Back online, the outbox flushes itself.)
      void outbox.flush();
      void autoShow();
    }),
  };
}

export type Kizuna = ReturnType<typeof createKizuna>;
