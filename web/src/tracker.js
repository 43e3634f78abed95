// Interaction tracking that feeds the engine: page views, clicks on host elements marked
// data-magnete-event="…", plays of marked <video> elements. Events stay in memory (in the
// Engine) until the visitor consents; nothing here writes to storage.

/**
 * Starts tracking; onEvent({type, value, at}) is called for each interaction.
 * Returns stop(), which removes every listener.
 */
export function startTracking(doc, onEvent) {
  const now = () => new Date().toISOString();
  const emit = (type, value) => onEvent({ type, value: value ?? '', at: now() });
  emit('page_view', doc.location ? doc.location.pathname : '');

  const onClick = (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-magnete-event]') : null;
    if (!target || target.tagName === 'VIDEO') return;
    emit(target.getAttribute('data-magnete-event'),
      target.getAttribute('data-magnete-value') || target.getAttribute('href') || '');
  };
  const onPlay = (event) => {
    const video = event.target;
    if (!(video instanceof HTMLMediaElement) || !video.hasAttribute('data-magnete-event')) return;
    emit(video.getAttribute('data-magnete-event'),
      video.getAttribute('data-magnete-value') || video.currentSrc || '');
  };
  doc.addEventListener('click', onClick, true);
  doc.addEventListener('play', onPlay, true); // media events do not bubble: capture them
  return () => {
    doc.removeEventListener('click', onClick, true);
    doc.removeEventListener('play', onPlay, true);
  };
}
