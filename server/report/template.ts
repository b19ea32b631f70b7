/**
 * The template moved to `shared/template.ts` (shared with the web and db/). This re-export keeps
 * the parser's and readers' imports working until they import it from there.
 */
export * from '../../shared/template.ts';
