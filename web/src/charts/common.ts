/** Defaults every builder shares: Chinese font stack, compact grid, readable tooltips. */
export const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';

export const BASE = {
  textStyle: { fontFamily: FONT },
  // Printing and screenshots need the final frame, not an animation midway.
  animation: false,
  tooltip: { confine: true },
} as const;

/** Long organ names are cut on axes; the tooltip shows them whole. */
export function shortName(name: string, max = 8): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}
