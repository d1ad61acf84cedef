// Bump whenever lexicons or rules change, so stored scores can be found and re-scored
// (`npm run rescore`) after an upgrade. Format: year.month-serial.
export const SENTIMENT_VERSION = '2026.12-3';
