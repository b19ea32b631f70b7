/**
 * Finding an installed program a reader calls (LibreOffice, Tesseract): the command named by an
 * environment variable, or `off` to refuse without trying, else the first of the usual places
 * that answers its probe. Looked up once per setting.
 */
const found = new Map<string, Promise<unknown>>();

export function findTool<T>(envVar: string, candidates: readonly string[], probe: (cmd: string) => Promise<T | null>): Promise<T | null> {
  const setting = process.env[envVar] ?? '';
  const key = `${envVar}=${setting}`;
  let lookup = found.get(key) as Promise<T | null> | undefined;
  if (!lookup) {
    lookup = (async () => {
      if (setting === 'off') return null;
      for (const cmd of setting ? [setting] : candidates) {
        const answer = await probe(cmd);
        if (answer !== null) return answer;
      }
      return null;
    })();
    found.set(key, lookup);
  }
  return lookup;
}
