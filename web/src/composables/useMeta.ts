/**
 * What every page needs to offer choices: counties, years, rules. Loaded once per visit and
 * refreshed after an upload (new years or counties may appear).
 */
import { shallowRef } from 'vue';
import { api } from '../api/client.ts';
import type { County, Meta, RuleInfo } from '../api/types.ts';

export interface AppMeta {
  meta: Meta;
  counties: County[];
  rules: RuleInfo[];
}

const state = shallowRef<AppMeta | null>(null);
let pending: Promise<AppMeta> | null = null;

export function loadMeta(force = false): Promise<AppMeta> {
  if (!pending || force) {
    pending = Promise.all([api.meta(), api.counties(), api.rules()])
      .then(([meta, counties, rules]) => {
        const value = { meta, counties: counties.rows, rules: rules.rows };
        state.value = value;
        return value;
      })
      .catch((e: unknown) => { pending = null; throw e; });
  }
  return pending;
}

export function useMeta() {
  return state;
}

export function ruleTitle(meta: AppMeta | null, id: string): string {
  return meta?.rules.find((r) => r.id === id)?.title ?? id;
}
