/**
 * Page state kept in the URL query (county, year, filters), so a link or a reload shows the
 * same view. Writing replaces the history entry rather than pushing one per click.
 */
import { computed } from 'vue';
import type { WritableComputedRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { LocationQuery } from 'vue-router';

/**
 * The query the last write asked for, until the router has made it the route's. Two writes in
 * one handler (a filter, then the page offset back to 0) must both land: each starts from what
 * the one before it asked for, not from the route, which changes only after navigation.
 */
let pending: LocationQuery | null = null;

function first(v: unknown): string | null {
  if (Array.isArray(v)) return first(v[0]);
  return typeof v === 'string' && v !== '' ? v : null;
}

export function useQueryString(name: string): WritableComputedRef<string | null> {
  const route = useRoute();
  const router = useRouter();
  return computed({
    get: () => first(route.query[name]),
    set: (value) => {
      const query: LocationQuery = { ...(pending ?? route.query) };
      if (value === null || value === '') delete query[name];
      else query[name] = value;
      pending = query;
      void router.replace({ query }).finally(() => { if (pending === query) pending = null; });
    },
  });
}

export function useQueryNumber(name: string): WritableComputedRef<number | null> {
  const s = useQueryString(name);
  return computed({
    get: () => {
      const n = s.value === null ? NaN : Number(s.value);
      return Number.isFinite(n) ? n : null;
    },
    set: (value) => { s.value = value === null ? null : String(value); },
  });
}

/** Several numbers in one parameter: years=2022,2023,2024. */
export function useQueryNumbers(name: string): WritableComputedRef<number[]> {
  const s = useQueryString(name);
  return computed({
    get: () => (s.value ?? '').split(',').map(Number).filter((n) => Number.isFinite(n) && n > 0),
    set: (value) => { s.value = value.length ? value.join(',') : null; },
  });
}
