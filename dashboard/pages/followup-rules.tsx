import { useEffect, useRef, useState } from 'preact/hooks';
import { api, read } from '../api/client';
import { useAction } from '../api/use-action';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { useProject } from '../session';
import { useSurveys } from '../ui/filters';
import { Card, Empty, QueryView } from '../ui/states';

const CATEGORIES = ['detractor', 'passive', 'promoter'] as const;
type Category = (typeof CATEGORIES)[number];
type Assign = { mode: 'none' } | { mode: 'round_robin' } | { mode: 'user'; userId: string };
type Conditions = { categories?: Category[]; scoreMin?: number; scoreMax?: number; themes?: string[] } & Record<string, unknown>;
type Rule = {
  id: string;
  name: string;
  surveyId: string | null;
  enabled: boolean;
  conditions: Conditions;
  action: { dueInHours: number; assign: Assign };
  invalid: string | null;
};
type Member = { userId: string; email: string; name: string | null };

/** The conditions the form edits; any other (sentiment, channels, languages, traits: set through the API) are kept. */
const FORM_CONDITIONS = new Set(['categories', 'scoreMin', 'scoreMax', 'themes']);

function ruleJson(form: FormData, kept: Record<string, unknown> = {}) {
  const number = (name: string) => (String(form.get(name) ?? '').trim() === '' ? undefined : Number(form.get(name)));
  const categories = form.getAll('category').map(String) as Category[];
  const themes = form.getAll('theme').map(String);
  const assign = String(form.get('assign'));
  const others = Object.fromEntries(Object.entries(kept).filter(([name]) => !FORM_CONDITIONS.has(name)));
  const scoreMin = number('scoreMin');
  const scoreMax = number('scoreMax');
  return {
    name: String(form.get('name')),
    surveyId: String(form.get('surveyId')) || null,
    enabled: form.get('enabled') === 'on',
    conditions: {
      ...others,
      ...(categories.length ? { categories } : {}),
      ...(themes.length ? { themes } : {}),
      ...(scoreMin !== undefined ? { scoreMin } : {}),
      ...(scoreMax !== undefined ? { scoreMax } : {}),
    },
    action: {
      dueInHours: number('dueInHours') ?? 48,
      assign: (assign === 'none' || assign === 'round_robin' ? { mode: assign } : { mode: 'user', userId: assign }) as Assign,
    },
  };
}

/**
 * Follow-up rules: each new answer matching a rule opens a case, due and assigned as the rule says. Everyone sees
 * them; admins create, edit and delete them.
 */
export function FollowUpRules(props: { disabled: boolean }) {
  const { t } = useI18n();
  const project = useProject();
  const rules = useQuery(async () => (await read(api.v1['followup-rules'].$get())).data as unknown as Rule[], [project.id]);
  const surveys = useSurveys();
  const themes = useQuery(async () => (await read(api.v1.themes.$get())).data.map((theme) => theme.name), [project.id]);
  const members = useQuery(async () => (await read(api.v1.members.$get())).data as Member[], [project.id]);
  const [editing, setEditing] = useState<Rule | null>(null);
  const { error, run, pending } = useAction(() => {
    setEditing(null);
    rules.reload();
  });
  const save = (event: Event) => {
    event.preventDefault();
    const el = event.target as HTMLFormElement;
    const id = editing?.id;
    const json = ruleJson(new FormData(el), editing?.conditions);
    void run(() => read(id ? api.v1['followup-rules'][':id'].$patch({ param: { id }, json }) : api.v1['followup-rules'].$post({ json })), el);
  };
  const surveyName = new Map((surveys.data ?? []).map((s) => [s.id, s.name]));
  const memberName = new Map((members.data ?? []).map((m) => [m.userId, m.name || m.email]));

  const describe = (rule: Rule) => {
    const c = rule.conditions;
    const when = [
      rule.surveyId ? (surveyName.get(rule.surveyId) ?? rule.surveyId) : null,
      c.categories?.map((k) => t(`category.${k}`)).join(', '),
      c.scoreMin !== undefined || c.scoreMax !== undefined ? t('rules.score', { min: c.scoreMin ?? 0, max: c.scoreMax ?? 10 }) : null,
      c.themes?.join(', '),
    ].filter(Boolean);
    const others = Object.keys(c).filter((name) => !FORM_CONDITIONS.has(name)).length;
    if (others > 0) when.push(t('rules.otherConditions', { n: others }));
    const a = rule.action.assign;
    const who = a.mode === 'user' ? (memberName.get(a.userId) ?? a.userId) : t(`rules.assign.${a.mode}`);
    return { when: when.length ? when.join(' · ') : t('rules.any'), then: `${t('rules.due', { hours: rule.action.dueInHours })} · ${who}` };
  };

  return (
    <Card title={t('rules.title')} class="wide followup-rules">
      <p class="muted small">{t('rules.help')}</p>
      <QueryView query={rules}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('rules.none')}</Empty>
          ) : (
            <ol class="rule-list">
              {list.map((rule) => {
                const text = describe(rule);
                return (
                  <li key={rule.id} data-rule-id={rule.id} class={editing?.id === rule.id ? 'editing' : undefined}>
                    <div class="rule-text">
                      <p class="rule-name">
                        <strong>{rule.name}</strong>{' '}
                        <span class={`chip ${rule.enabled ? 'status-active' : 'status-paused'}`}>{rule.enabled ? t('rules.enabled') : t('rules.paused')}</span>
                      </p>
                      <p class="small">
                        <span class="muted">{t('rules.when')}:</span> <span data-testid="rule-when">{text.when}</span>
                      </p>
                      <p class="small">
                        <span class="muted">{t('rules.then')}:</span> <span data-testid="rule-then">{text.then}</span>
                      </p>
                      {rule.invalid && <p class="form-error small">{t('rules.invalid', { reason: rule.invalid })}</p>}
                    </div>
                    {!props.disabled && (
                      <div class="row-actions">
                        <button type="button" class="btn btn-small" disabled={pending} aria-label={t('rules.editNamed', { name: rule.name })} onClick={() => setEditing(rule)}>
                          {t('rules.edit')}
                        </button>
                        <button
                          type="button"
                          class="btn btn-small btn-danger"
                          disabled={pending}
                          aria-label={t('rules.deleteNamed', { name: rule.name })}
                          onClick={() =>
                            confirm(t('rules.confirmDelete', { name: rule.name })) &&
                            void run(() => read(api.v1['followup-rules'][':id'].$delete({ param: { id: rule.id } })))
                          }
                        >
                          {t('rules.delete')}
                        </button>
                      </div>
                    )}
                  </li>
                );
              })}
            </ol>
          )
        }
      </QueryView>
      {!props.disabled && (
        <RuleForm
          key={editing?.id ?? 'new'}
          rule={editing}
          surveys={surveys.data ?? []}
          themes={themes.data ?? []}
          members={members.data ?? []}
          error={error}
          pending={pending}
          onSubmit={save}
          onCancel={() => setEditing(null)}
        />
      )}
    </Card>
  );
}

function RuleForm(props: {
  rule: Rule | null;
  surveys: { id: string; name: string }[];
  themes: string[];
  members: Member[];
  error: string | null;
  pending: boolean;
  onSubmit: (e: Event) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const rule = props.rule;
  const c = rule?.conditions ?? {};
  const assign = rule?.action.assign ?? { mode: 'none' };
  const assignValue = assign.mode === 'user' ? assign.userId : assign.mode;
  const name = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (rule) name.current?.focus();
  }, [rule]);
  // A theme the rule names but the project has since deleted stays on the form, so saving does not drop it unseen.
  const themes = [...new Set([...props.themes, ...(c.themes ?? [])])];
  return (
    <form class="stack rule-form" onSubmit={props.onSubmit} aria-labelledby="rule-form-title">
      <h3 id="rule-form-title">{rule ? t('rules.editTitle', { name: rule.name }) : t('rules.new')}</h3>
      <div class="row">
        <label>
          {t('rules.name')}
          <input ref={name} name="name" required maxLength={200} defaultValue={rule?.name ?? ''} />
        </label>
        <label>
          {t('filters.survey')}
          <select name="surveyId">
            <option value="" selected={!rule?.surveyId}>
              {t('filters.allSurveys')}
            </option>
            {props.surveys.map((s) => (
              <option key={s.id} value={s.id} selected={s.id === rule?.surveyId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset class="checks">
        <legend>{t('rules.categories')}</legend>
        {CATEGORIES.map((k) => (
          <label key={k} class="check">
            <input type="checkbox" name="category" value={k} defaultChecked={rule ? (c.categories ?? []).includes(k) : k === 'detractor'} />
            {t(`category.${k}`)}
          </label>
        ))}
      </fieldset>
      <div class="row">
        <label>
          {t('rules.scoreMin')}
          <input name="scoreMin" type="number" min={0} max={10} step={1} defaultValue={c.scoreMin === undefined ? '' : String(c.scoreMin)} />
        </label>
        <label>
          {t('rules.scoreMax')}
          <input name="scoreMax" type="number" min={0} max={10} step={1} defaultValue={c.scoreMax === undefined ? '' : String(c.scoreMax)} />
        </label>
      </div>
      {themes.length > 0 && (
        <fieldset class="checks">
          <legend>{t('rules.themes')}</legend>
          {themes.map((name) => (
            <label key={name} class="check">
              <input type="checkbox" name="theme" value={name} defaultChecked={(c.themes ?? []).includes(name)} />
              {name}
            </label>
          ))}
        </fieldset>
      )}
      <div class="row">
        <label>
          {t('rules.dueInHours')}
          <input name="dueInHours" type="number" min={1} max={24 * 365} step={1} required defaultValue={String(rule?.action.dueInHours ?? 48)} />
        </label>
        <label>
          {t('rules.assign')}
          <select name="assign">
            <option value="none" selected={assignValue === 'none'}>
              {t('rules.assign.none')}
            </option>
            <option value="round_robin" selected={assignValue === 'round_robin'}>
              {t('rules.assign.round_robin')}
            </option>
            {props.members.map((m) => (
              <option key={m.userId} value={m.userId} selected={assignValue === m.userId}>
                {m.name || m.email}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label class="check">
        <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} />
        {t('rules.enabled')}
      </label>
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <div class="form-actions">
        {rule && (
          <button type="button" class="btn" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" class="btn btn-primary" disabled={props.pending}>
          {rule ? t('rules.save') : t('rules.create')}
        </button>
      </div>
    </form>
  );
}
