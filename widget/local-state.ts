import { readJson, writeJson } from './storage';
import type { WidgetSurvey } from './types';

// What this browser remembers about each survey. The server knows the same
// for identified people across devices; this covers anonymous visitors and
// the seconds before the server has heard of an answer.

interface SurveyMemory {
  answeredAt?: number;
  dismissedAt?: number;
  dismissals?: number;
}

type Memory = Record<string, SurveyMemory>;

const DAY_MS = 86_400_000;

export function createLocalState(storageKey: string) {
  const load = (): Memory => readJson<Memory>(storageKey, {});
  let memory = load();

  const update = (surveyId: string, change: (m: SurveyMemory) => void) => {
    memory = load();
    const entry = (memory[surveyId] ||= {});
    change(entry);
    writeJson(storageKey, memory);
  };

  return {
    allows(survey: WidgetSurvey, now: number): boolean {
      const m = memory[survey.id];
      if (!m) return true;
      const last = Math.max(m.answeredAt || 0, m.dismissedAt || 0);
      if (last && now - last < survey.targeting.recontactDays * DAY_MS) return false;
      const max = survey.targeting.maxDismissals;
      return !(max > 0 && (m.dismissals || 0) >= max);
    },
    answered(surveyId: string, now: number) {
      update(surveyId, (m) => (m.answeredAt = now));
    },
    dismissed(surveyId: string, now: number) {
      update(surveyId, (m) => {
        m.dismissedAt = now;
        m.dismissals = (m.dismissals || 0) + 1;
      });
    },
    clear() {
      memory = {};
      writeJson(storageKey, memory);
    },
  };
}

export type LocalState = ReturnType<typeof createLocalState>;
