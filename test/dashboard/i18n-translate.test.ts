import { describe, expect, it } from 'vitest';
import { en } from '../../dashboard/i18n/en';
import { translate } from '../../dashboard/i18n/index';
import { ja } from '../../dashboard/i18n/ja';

// Some message keys are built from what the server sends (`followups.status.${status}`); none may reach
// Object.prototype's members or leave an empty label.
describe('dashboard translate()', () => {
  it('reads its own entries, in the chosen language, then English', () => {
    expect(translate(ja, 'nav.overview')).toBe(ja['nav.overview']);
    expect(translate({}, 'nav.overview')).toBe(en['nav.overview']);
  });

  it('shows an unknown key as itself, even one named after an Object.prototype member', () => {
    for (const name of [...Object.getOwnPropertyNames(Object.prototype), 'followups.status.constructor']) {
      expect(translate(ja, name), name).toBe(name);
      expect(translate(en, name, { n: 1 }), name).toBe(name);
    }
  });

  it('fills placeholders, whatever their names', () => {
    expect(translate({ greeting: 'Hi {name}, {constructor} {name}' }, 'greeting', { name: 'Ann', constructor: 2 })).toBe('Hi Ann, 2 Ann');
  });
});
