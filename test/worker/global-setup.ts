// Builds the Worker and snapshots its assets once for the whole run; each test file then starts its
// own workerd on them (test/worker/test-api.ts).
import type { TestProject } from 'vitest/node';
import { prepareWorkerRun } from './build';

export default async function setup(project: TestProject) {
  project.provide('kizunaWorkerRun', await prepareWorkerRun());
}
