/** 经办人: who is sending files or entering reports on this PC, remembered here, for the upload log. */
import { ref, watch } from 'vue';
import type { Ref } from 'vue';

const KEY = 'nianbao.author';
let shared: Ref<string> | null = null;

export function useAuthor(): Ref<string> {
  if (shared) return shared;
  let stored = '';
  try {
    stored = localStorage.getItem(KEY) ?? '';
  } catch { /* storage off: not remembered */ }
  const author = ref(stored);
  watch(author, (v) => {
    try {
      localStorage.setItem(KEY, v.trim());
    } catch { /* storage off */ }
  });
  return (shared = author);
}
