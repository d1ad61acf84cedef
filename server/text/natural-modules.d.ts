// natural's package root pulls in dotenv, database drivers and WordNet; importing the few
// CommonJS submodules we use keeps the Worker bundle small and stdout silent. They ship no
// per-file types, hence these declarations.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer.js' {
  class WordTokenizer {
    tokenize(text: string): string[];
  }
  export default WordTokenizer;
}
declare module 'natural/lib/natural/sentiment/SentimentAnalyzer.js' {
  class SentimentAnalyzer {
    constructor(language: string, stemmer: { stem(token: string): string } | null, type: string);
    getSentiment(words: string[]): number;
  }
  export default SentimentAnalyzer;
}
