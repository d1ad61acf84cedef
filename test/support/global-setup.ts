// Once per `vitest run`: the migrated database every test file copies (test/support/database-template.ts).
import type { TestProject } from 'vitest/node';
import { prepareDatabaseTemplate } from './database-template';

export default async function setup(project: TestProject) {
  const { template, remove } = await prepareDatabaseTemplate(process.env.DATABASE_URL || undefined);
  project.provide('kizunaDatabaseTemplate', template);
  return remove;
}
