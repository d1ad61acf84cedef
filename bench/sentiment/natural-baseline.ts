import SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import WordTokenizer from 'natural/lib/natural/tokenizers/aggressive_tokenizer.js';

// Plain natural, as its README shows it: WordTokenizer + SentimentAnalyzer('English',
// PorterStemmer, 'afinn'). Its score is a per-word average; NaN on empty input becomes 0 here.
const analyzer = new SentimentAnalyzer('English', PorterStemmer, 'afinn');
const tokenizer = new WordTokenizer();

export function naturalAfinnScore(text: string): number {
  const score = analyzer.getSentiment(tokenizer.tokenize(text));
  return Number.isFinite(score) ? Math.max(-1, Math.min(1, score)) : 0;
}
