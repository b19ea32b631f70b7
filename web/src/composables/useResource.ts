/**
 * Data loaded from the API for the current key (route query, filters): reloads when the key
 * changes, ignores answers that arrive after a newer request, and exposes loading and error
 * as states the page shows.
 */
import { ref, shallowRef, toValue, watch } from 'vue';
import type { MaybeRefOrGetter, Ref, ShallowRef } from 'vue';

export interface Resource<T> {
  data: ShallowRef<T | null>;
  loading: Ref<boolean>;
  error: Ref<string | null>;
  reload: () => Promise<void>;
}

export function useResource<K, T>(keySource: MaybeRefOrGetter<K | null>, fetcher: (key: K) => Promise<T>): Resource<T> {
  const key = () => toValue(keySource);
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;

  async function run(k: K | null): Promise<void> {
    const mine = ++generation;
    if (k === null) {
      data.value = null;
      loading.value = false;
      return;
    }
    loading.value = true;
    error.value = null;
    try {
      const value = await fetcher(k);
      if (mine === generation) data.value = value;
    } catch (e) {
      if (mine === generation) error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  // Keys are compared by value so a recomputed but equal filter object does not refetch.
  watch(() => JSON.stringify(key()), () => void run(key()), { immediate: true });

  return { data, loading, error, reload: () => run(key()) };
}
