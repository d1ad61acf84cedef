// Kizuna's rows in the shapes Delighted's API and webhooks used, so code written for Delighted reads them
// unchanged: Unix-second times, snake_case names, `person` as an id or (expanded) an object. Pure functions.

/** The person fields these shapes read (a stored row, or the person inside a webhook event). */
export type DelightedPersonSource = {
  id: string;
  email: string | null;
  name: string | null;
  traits: Record<string, unknown>;
  createdAt: Date;
};

/** The response fields these shapes read (a stored row, or the response inside a webhook event). */
export type DelightedResponseSource = {
  id: string;
  personId: string | null;
  surveyId: string;
  score: number;
  comment: string | null;
  properties: Record<string, unknown>;
  themes: string[];
  createdAt: Date;
  updatedAt: Date;
};

export type DelightedNote = { id: string; text: string; user_email: string | null; created_at: number };

/** Unix seconds, as every Delighted timestamp. */
export const unixSeconds = (at: Date | string) => Math.floor(new Date(at).getTime() / 1000);

export function delightedPerson(person: DelightedPersonSource) {
  return {
    id: person.id,
    email: person.email,
    name: person.name,
    phone_number: null, // Kizuna surveys by email and on the web; it keeps no phone numbers
    created_at: unixSeconds(person.createdAt),
    properties: person.traits,
  };
}
export type DelightedPerson = ReturnType<typeof delightedPerson>;

/**
 * Where the answer is seen in the dashboard: the person's page (their answers, newest first) when the answer
 * has a person, otherwise the responses page on the answer's day and survey. `base` is the instance's
 * public address ('' gives a path).
 */
export function permalinkOf(base: string, response: Pick<DelightedResponseSource, 'id' | 'personId' | 'surveyId' | 'createdAt'>): string {
  if (response.personId) return `${base}/people/${encodeURIComponent(response.personId)}#${encodeURIComponent(response.id)}`;
  const day = new Date(response.createdAt).toISOString().slice(0, 10);
  return `${base}/responses?survey=${encodeURIComponent(response.surveyId)}&from=${day}&to=${day}`;
}

export function delightedResponse(
  response: DelightedResponseSource,
  options: { base: string; person?: DelightedPerson | null; notes?: DelightedNote[] },
) {
  return {
    id: response.id,
    // Expanded: the person object (null when the answer is anonymous); otherwise the person's id.
    person: options.person !== undefined ? options.person : response.personId,
    survey_type: 'nps' as const,
    score: response.score,
    comment: response.comment,
    permalink: permalinkOf(options.base, response),
    created_at: unixSeconds(response.createdAt),
    updated_at: unixSeconds(response.updatedAt),
    // Delighted kept the person's properties as they were when they answered: Kizuna's answer properties.
    person_properties: response.properties,
    notes: options.notes ?? [],
    // Kizuna tags answers with themes, found in the comment (and managed in the dashboard).
    tags: response.themes,
    additional_answers: [] as unknown[],
    // Kizuna's own, for callers who want it: which survey the answer belongs to.
    survey_id: response.surveyId,
  };
}
