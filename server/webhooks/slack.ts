// A Slack incoming-webhook message for an event: mrkdwn text plus one section block, readable in a channel.
import type { WebhookPayload } from './payload';

type Person = { name?: string | null; email?: string | null; externalId?: string | null } | null | undefined;
type Answer = { score?: number; category?: string; comment?: string | null; surveyId?: string } | null | undefined;

export type SlackMessage = { text: string; blocks: { type: 'section'; text: { type: 'mrkdwn'; text: string } }[] };

/** Slack's mrkdwn treats &, < and > as control characters. */
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function who(person: Person): string {
  if (!person) return 'an anonymous customer';
  return escape(person.name || person.email || person.externalId || 'a customer');
}

function answerLine(answer: Answer): string {
  if (!answer || typeof answer.score !== 'number') return '';
  const comment = answer.comment ? `\n>${escape(answer.comment.slice(0, 500)).replace(/\n/g, '\n>')}` : '';
  return `Score *${answer.score}/10* (${answer.category})${comment}`;
}

const headline: Record<WebhookPayload['type'], string> = {
  'response.created': 'New answer',
  'response.updated': 'Answer changed',
  'followup.opened': 'Follow-up opened',
  'followup.updated': 'Follow-up updated',
  'followup.resolved': 'Follow-up resolved',
  'webhook.ping': 'Test message from Kizuna',
};

export function slackMessage(payload: WebhookPayload): SlackMessage {
  const data = payload.data as Record<string, unknown> & { person?: Person; response?: Answer; status?: string; dueAt?: string | null };
  const isFollowUp = payload.type.startsWith('followup.');
  const answer = (isFollowUp ? data.response : data) as Answer;
  const lines = [`*${headline[payload.type]}* from ${who(data.person)}`];
  if (isFollowUp) {
    const due = data.dueAt ? `, due ${new Date(data.dueAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
    lines.push(`Status: ${escape(String(data.status ?? ''))}${due}`);
  }
  const line = answerLine(answer);
  if (line) lines.push(line);
  const text = lines.join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
