import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDashboardFile } from '../../server/services/accounts/dashboard-files';

// The file name comes from the request path; its extension picks the content type.
describe('dashboard files by extension', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-dashboard-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the known types only: an extension named after an Object.prototype member is not one', async () => {
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    expect(await loadDashboardFile('app.js', dir)).toMatchObject({ contentType: 'text/javascript; charset=utf-8' });
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      writeFileSync(join(dir, `app.${name}`), 'x');
      expect(await loadDashboardFile(`app.${name}`, dir), name).toBeNull();
    }
  });
});
