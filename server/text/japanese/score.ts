export function scoreJapanese(_text: string): number {
  return 0;
}
