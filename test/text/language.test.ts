import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../server/text/index';

describe('detectLanguage', () => {
  it('tells Japanese by its script, even in one word', () => {
    expect(detectLanguage('使いやすいです')).toBe('ja');
    expect(detectLanguage('最高')).toBe('ja');
    expect(detectLanguage('ｻｰﾋﾞｽ')).toBe('ja');
  });

  it('tells English from function words, even in short comments', () => {
    expect(detectLanguage('great!')).toBe('en');
    expect(detectLanguage('love it')).toBe('en');
    expect(detectLanguage('The checkout page keeps timing out and support has not replied.')).toBe('en');
  });

  it('takes a short comment with an English opinion word as English (trigrams cannot tell on three words)', () => {
    expect(detectLanguage('Way too expensive')).toBe('en');
    expect(detectLanguage('Checkout keeps crashing.')).toBe('en');
    expect(detectLanguage('Login broken')).toBe('en');
    // …but not short comments in other languages, whatever franc then makes of them
    for (const text of ['Muy caro', 'Sehr gut, danke', 'Molto lento', 'Çok yavaş', 'Hizmet çok kötü', 'Geen antwoord gekregen']) {
      expect(detectLanguage(text), text).not.toBe('en');
    }
  });

  it('places short comments by their words, not by trigrams (franc called "test backfill" Turkish)', () => {
    for (const text of ['test backfill', 'hello', 'Billing portal', 'export csv', 'SSO']) expect(detectLanguage(text), text).toBe('en');
    const others: Array<[string, string]> = [
      ['Muy bueno', 'es'], ['Sehr gut', 'de'], ['Bom dia', 'pt'], ['Molto lento', 'it'], ['Geen antwoord gekregen', 'nl'], ['Très bien', 'fr'],
    ];
    for (const [text, language] of others) expect(detectLanguage(text), text).toBe(language);
    // Letters outside ASCII are evidence of their own: such a comment still goes to franc, never defaults to English.
    for (const text of ['çok iyi', 'Çok yavaş']) expect(detectLanguage(text), text).not.toBe('en');
  });

  it('gives other languages their ISO 639-1 code', () => {
    expect(detectLanguage('Das Produkt ist wirklich sehr gut und die Lieferung war schnell, vielen Dank an das ganze Team.')).toBe('de');
    expect(detectLanguage('El servicio al cliente fue excelente y la entrega llegó muy rápido, gracias a todo el equipo.')).toBe('es');
    expect(detectLanguage('这个产品很好，我很喜欢')).toBe('zh');
    expect(detectLanguage('정말 좋은 서비스입니다')).toBe('ko');
  });

  it('answers "und" for text without letters', () => {
    expect(detectLanguage('')).toBe('und');
    expect(detectLanguage('   ')).toBe('und');
    expect(detectLanguage('👍👍🎉')).toBe('und');
    expect(detectLanguage('10/10 !!!')).toBe('und');
  });

  it('goes with the language carrying most of a mixed comment', () => {
    expect(detectLanguage('UIは使いやすいけど、料金がちょっと高いです。Thanks')).toBe('ja');
    expect(detectLanguage('The app is great and the team is very helpful, ありがとう')).toBe('en');
  });

  it('never throws on hostile input', () => {
    expect(() => detectLanguage('<script>alert(1)</script>'.repeat(500))).not.toThrow();
    expect(() => detectLanguage(undefined as unknown as string)).not.toThrow();
    expect(detectLanguage('x'.repeat(10_000))).toMatch(/^[a-z]{2}$|^und$/);
  });
});
