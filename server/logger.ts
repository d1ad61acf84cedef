/** One structured line per event. The Node entry writes JSON to stdout; tests pass a logger that keeps lines. */
export type Logger = (line: Record<string, unknown>) => void;

export const jsonLogger: Logger = (line) => console.log(JSON.stringify(line));
export const silentLogger: Logger = () => {};
