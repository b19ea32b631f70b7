/**
 * A reason asked for in the page's own dialog (ReasonDialog, mounted once in the layout) instead
 * of the browser's `prompt()`: it can be styled, read by a screen reader and used from the keyboard.
 */
import { ref } from 'vue';

export interface ReasonRequest {
  title: string;
  hint: string;
  placeholder: string;
  resolve: (reason: string | null) => void;
}

export const reasonPrompt = ref<ReasonRequest | null>(null);

/** The reason the clerk typed, trimmed; null when they cancel. */
export function askReason(title: string, hint = '', placeholder = ''): Promise<string | null> {
  reasonPrompt.value?.resolve(null);
  return new Promise((resolve) => {
    reasonPrompt.value = {
      title, hint, placeholder,
      resolve: (reason) => {
        reasonPrompt.value = null;
        resolve(reason === null ? null : reason.trim());
      },
    };
  });
}
