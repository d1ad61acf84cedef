// Reference servers for bench/ingest: what an HTTP API with no framework, no validation, no auth, no
// sentiment and no ORM reaches on the same machine — a ceiling for the real API, measured in the same run.
//   MODE=insert       parse the JSON body, one autocommit insert (the bare insert, behind HTTP)
//   MODE=transaction  the statements of Kizuna's transaction path (before migration 0015, every answer) for an
//                     answer no rule acts on: begin; the survey, theme definitions (under their lock), rules and
//                     endpoints, pipelined; the insert; commit
//   MODE=single       the same answer as one autocommit statement, the shape of Kizuna's one-statement ingest
//                     (kizuna_store_answer) without its settings check, person and outbox parts: the survey
//                     check, the insert, and for a detractor the follow-up case and its history row
// Started by bench/ingest/run.ts with DATABASE_URL, PORT, MODE and PROJECT_ID set.
import { createServer } from 'node:http';
import postgres from 'postgres';
import { categorize } from '../../server/analytics/nps';
import { newId } from '../../server/ids';

type Answer = { surveyId: string; score: number; comment?: string | null; idempotencyKey: string; channel: string; locale: string };

const projectId = process.env.PROJECT_ID!;
const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });

const insert = (q: postgres.Sql | postgres.TransactionSql, a: Answer) =>
  q`insert into responses (id, project_id, survey_id, score, category, comment, channel, locale, idempotency_key)
    values (${newId('rsp')}, ${projectId}, ${a.surveyId}, ${a.score}, ${categorize(a.score)}, ${a.comment ?? null}, ${a.channel}, ${a.locale}, ${a.idempotencyKey})
    on conflict (project_id, idempotency_key) do nothing returning *`;

const reads = (q: postgres.TransactionSql, a: Answer) => [
  q`select id from surveys where id = ${a.surveyId} and project_id = ${projectId} and deleted_at is null`,
  q`select * from kizuna_theme_definitions_locked(${projectId})`,
  q`select * from follow_up_rules where project_id = ${projectId} and enabled and (survey_id is null or survey_id = ${a.surveyId}) order by position, created_at, id`,
  q`select * from webhook_endpoints where project_id = ${projectId} and enabled`,
];

// Writes what the default rule writes for a detractor: a case due in 48 hours and the first line of its history.
const single = (a: Answer) => {
  const category = categorize(a.score);
  const caseId = category === 'detractor' ? newId('fup') : null;
  return sql`
    with survey as (select id from surveys where id = ${a.surveyId} and project_id = ${projectId} and deleted_at is null),
    answer as (
      insert into responses (id, project_id, survey_id, score, category, comment, channel, locale, idempotency_key)
      select ${newId('rsp')}, ${projectId}, survey.id, ${a.score}, ${category}, ${a.comment ?? null}, ${a.channel}, ${a.locale}, ${a.idempotencyKey}
      from survey
      on conflict (project_id, idempotency_key) do nothing returning *),
    opened as (
      insert into follow_ups (id, project_id, response_id, survey_id, status, due_at)
      select ${caseId}, project_id, id, survey_id, 'open', now() + interval '48 hours' from answer where ${caseId}::text is not null
      returning id, project_id),
    history as (
      insert into follow_up_events (id, project_id, follow_up_id, kind, actor)
      select ${newId('fev')}, project_id, id, 'opened', 'rule:default' from opened)
    select * from answer`;
};

const store =
  process.env.MODE === 'single'
    ? single
    : process.env.MODE === 'transaction'
    ? (a: Answer) =>
        sql.begin(async (tx) => {
          await Promise.all(reads(tx, a));
          return insert(tx, a);
        })
    : (a: Answer) => insert(sql, a);

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'GET') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    store(JSON.parse(Buffer.concat(chunks).toString()) as Answer).then(
      (rows) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(rows[0])),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
