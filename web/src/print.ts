/** Puts the print footer (print-footer.ts) in one <style> element, refreshed when the page changes. */
import { footerCss } from './print-footer.ts';

export function updatePrintFooter(title: string): void {
  let el = document.getElementById('print-footer') as HTMLStyleElement | null;
  if (!el) {
    el = document.createElement('style');
    el.id = 'print-footer';
    document.head.appendChild(el);
  }
  el.textContent = footerCss(title, new Date());
}
