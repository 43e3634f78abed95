// When the widget may use the main thread for work the visitor has not asked for yet.

const INTERACTIONS = ['pointerdown', 'focusin', 'keydown', 'touchstart'];

/**
 * Resolves when the browser is first idle after the page has loaded, or at the visitor's first
 * interaction with `host`, whichever comes first. Loading the widget's code and its core, and
 * adopting pre-rendered markup, wait for it: never while the page itself is still loading.
 */
export function idleOrInteraction(host) {
  return new Promise((resolve) => {
    const win = host.ownerDocument.defaultView;
    const go = () => {
      for (const type of INTERACTIONS) host.removeEventListener(type, go, true);
      resolve();
    };
    for (const type of INTERACTIONS) host.addEventListener(type, go, { capture: true, passive: true });
    const idle = () => (win.requestIdleCallback ? win.requestIdleCallback(go, { timeout: 2000 }) : win.setTimeout(go, 1));
    if (host.ownerDocument.readyState === 'complete') idle();
    else win.addEventListener('load', idle, { once: true });
  });
}

/** Resolves in a task of its own, so that no two steps of a start share one long task. */
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
