/** JSON.parse that answers `undefined` for text that is not JSON, so a schema check reports it like any wrong shape. */
export function parseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return undefined;
  }
}
