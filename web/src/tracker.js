// Interaction tracking that feeds the engine: the page view, clicks on host elements marked
// data-magnete-event="…" (optional data-magnete-value), plays of marked <video>/<audio>,
// time on page (visible time, events at 30 s, 1, 2 and 5 min) and scroll depth (25, 50, 75,
// 100 %). Events go to the Engine, in memory; this file never writes to storage.

const TIME_MARKS = [30, 60, 120, 300];
const SCROLL_MARKS = [25, 50, 75, 100];

/**
 * Starts tracking; onEvent({type, value, at}) is called for each interaction.
 * Returns stop(), which removes every listener and timer.
 */
export function startTracking(doc, onEvent) {
  const win = doc.defaultView;
  // Values are capped at 500 characters: a lead must stay small enough to send at pagehide.
  const emit = (type, value) => onEvent({ type, value: String(value ?? '').slice(0, 500), at: new Date().toISOString() });
  emit('page_view', doc.location ? doc.location.pathname : '');

  const onClick = (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-magnete-event]') : null;
    if (!target || target instanceof HTMLMediaElement) return;
    emit(target.getAttribute('data-magnete-event'),
      target.getAttribute('data-magnete-value') || target.getAttribute('href') || '');
  };
  const onPlay = (event) => {
    const media = event.target;
    if (!(media instanceof HTMLMediaElement) || !media.hasAttribute('data-magnete-event')) return;
    emit(media.getAttribute('data-magnete-event'),
      media.getAttribute('data-magnete-value') || media.currentSrc || '');
  };

  // Visible time only: a tab in the background is not reading.
  let visibleMs = 0;
  let since = doc.visibilityState === 'visible' ? performance.now() : null;
  let nextTime = 0;
  const tick = () => {
    const now = performance.now();
    const total = visibleMs + (since === null ? 0 : now - since);
    while (nextTime < TIME_MARKS.length && total >= TIME_MARKS[nextTime] * 1000) {
      emit('time_on_page', TIME_MARKS[nextTime++]);
    }
  };
  const onVisibility = () => {
    if (doc.visibilityState === 'visible') {
      since = performance.now();
    } else if (since !== null) {
      visibleMs += performance.now() - since;
      since = null;
    }
  };
  const timer = win.setInterval(tick, 5000);

  let nextScroll = 0;
  let scheduled = false;
  const measure = () => {
    scheduled = false;
    const root = doc.documentElement;
    const seen = ((win.scrollY + win.innerHeight) / Math.max(root.scrollHeight, 1)) * 100;
    while (nextScroll < SCROLL_MARKS.length && seen + 0.5 >= SCROLL_MARKS[nextScroll]) {
      emit('scroll_depth', SCROLL_MARKS[nextScroll++]);
    }
  };
  const onScroll = () => {
    if (!scheduled) {
      scheduled = true;
      win.requestAnimationFrame(measure);
    }
  };

  doc.addEventListener('click', onClick, true);
  doc.addEventListener('play', onPlay, true); // media events do not bubble: capture them
  doc.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('scroll', onScroll, { passive: true });
  return () => {
    doc.removeEventListener('click', onClick, true);
    doc.removeEventListener('play', onPlay, true);
    doc.removeEventListener('visibilitychange', onVisibility);
    win.removeEventListener('scroll', onScroll);
    win.clearInterval(timer);
  };
}

/** Where the visitor came from: page, referrer, UTM parameters. */
export function currentTouch(doc) {
  const url = new URL(doc.location.href);
  const utm = {};
  for (const key of ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content']) {
    const value = url.searchParams.get(key);
    if (value) utm[key.slice(4)] = value.slice(0, 200);
  }
  return { page_url: url.href.slice(0, 2000), referrer: (doc.referrer || '').slice(0, 2000), utm };
}
