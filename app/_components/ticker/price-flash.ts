/** How long a price stays highlighted after it moves. */
export const FLASH_MS = 400;
/** Highlights are cleared in batches: one style change for many cells, instead of one per cell. */
const SWEEP_MS = 100;

const lit = new Map<HTMLElement, number>();
let sweepTimer: ReturnType<typeof setTimeout> | undefined;

function sweep(): void {
  sweepTimer = undefined;
  const now = performance.now();
  for (const [element, until] of lit) {
    if (until > now) continue;
    delete element.dataset.flash;
    lit.delete(element);
  }
  if (lit.size > 0) sweepTimer = setTimeout(sweep, SWEEP_MS);
}

/**
 * Highlights a price cell green or red for FLASH_MS. A static highlight that a shared timer clears costs
 * two style changes per move; a CSS animation re-styles every flashing cell on every frame, and at
 * 100 symbols and 10 ticks a second nearly every cell is always flashing. The attribute is not React's:
 * React renders the price, this module only marks and unmarks it.
 */
export function flashPrice(element: HTMLElement, direction: 'up' | 'down'): void {
  element.dataset.flash = direction;
  lit.set(element, performance.now() + FLASH_MS);
  sweepTimer ??= setTimeout(sweep, SWEEP_MS);
}
