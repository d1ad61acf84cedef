// franc answers in ISO 639-3; Kizuna stores ISO 639-1. Languages franc-min knows that have no
// 639-1 code (Cebuano, Madurese, Ilocano…) become "und" rather than an invented code.
// A Map: franc's answer is looked up by value, and no code may reach Object.prototype.
export const ISO_639_3_TO_1: ReadonlyMap<string, string> = new Map([
  ['amh', 'am'], ['arb', 'ar'], ['azj', 'az'], ['bel', 'be'], ['ben', 'bn'], ['bos', 'bs'], ['bul', 'bg'],
  ['ces', 'cs'], ['ckb', 'ku'], ['cmn', 'zh'], ['deu', 'de'], ['ell', 'el'], ['eng', 'en'], ['fra', 'fr'],
  ['fuv', 'ff'], ['guj', 'gu'], ['hau', 'ha'], ['heb', 'he'], ['hin', 'hi'], ['hrv', 'hr'], ['hun', 'hu'],
  ['ibo', 'ig'], ['ind', 'id'], ['ita', 'it'], ['jav', 'jv'], ['jpn', 'ja'], ['kan', 'kn'], ['kaz', 'kk'],
  ['khm', 'km'], ['kin', 'rw'], ['kor', 'ko'], ['lin', 'ln'], ['mal', 'ml'], ['mar', 'mr'], ['mya', 'my'],
  ['nld', 'nl'], ['npi', 'ne'], ['nya', 'ny'], ['ori', 'or'], ['pan', 'pa'], ['pbu', 'ps'], ['pes', 'fa'],
  ['plt', 'mg'], ['pol', 'pl'], ['por', 'pt'], ['qug', 'qu'], ['ron', 'ro'], ['run', 'rn'], ['rus', 'ru'],
  ['sin', 'si'], ['som', 'so'], ['spa', 'es'], ['srp', 'sr'], ['sun', 'su'], ['swe', 'sv'], ['swh', 'sw'],
  ['tam', 'ta'], ['tel', 'te'], ['tgl', 'tl'], ['tha', 'th'], ['tur', 'tr'], ['ukr', 'uk'], ['urd', 'ur'],
  ['uzn', 'uz'], ['vie', 'vi'], ['yor', 'yo'], ['zlm', 'ms'], ['zul', 'zu'], ['zyb', 'za'],
]);
