// Built-in strings (Italian and English) and locale choice. Every string can be overridden
// by the host: <magnete-widget strings='{"submit":"Invia"}'> or Magnete.mount(el, c, {strings}).

export const STRINGS = {
  en: {
    submit: 'Send',
    sending: 'Sending…',
    next: 'Next',
    back: 'Back',
    step: 'Step {n} of {total}',
    optional: '(optional)',
    choose: 'Choose…',
    did_you_mean: 'Did you mean {value}?',
    use_suggestion: 'Use {value}',
    consent_required: 'Please accept to continue.',
    fix_errors: 'Please check the highlighted fields.',
    success: 'Thank you! We have received your details.',
    saved_offline: 'Saved. We will send your details as soon as you are back online.',
    send_failed: 'We could not send your details. Please try again.',
    question: 'Question {n} of {total}',
    your_result: 'Your result',
    download: 'Download',
    result_ready: 'Your result is ready: tell us where to send it.',
    not_you: 'Not you? Start again',
  },
  it: {
    submit: 'Invia',
    sending: 'Invio in corso…',
    next: 'Avanti',
    back: 'Indietro',
    step: 'Passo {n} di {total}',
    optional: '(facoltativo)',
    choose: 'Scegli…',
    did_you_mean: 'Forse intendevi {value}?',
    use_suggestion: 'Usa {value}',
    consent_required: 'Per continuare devi accettare.',
    fix_errors: 'Controlla i campi evidenziati.',
    success: 'Grazie! Abbiamo ricevuto i tuoi dati.',
    saved_offline: 'Salvato. Invieremo i tuoi dati appena tornerai online.',
    send_failed: 'Non siamo riusciti a inviare i tuoi dati. Riprova.',
    question: 'Domanda {n} di {total}',
    your_result: 'Il tuo risultato',
    download: 'Scarica',
    result_ready: 'Il tuo risultato è pronto: dicci dove inviarlo.',
    not_you: 'Non sei tu? Ricomincia',
  },
};

/**
 * The locale to show among those the core resolved (`resolved.locales`, never empty): the
 * requested one, else the page's <html lang>, else the browser's languages, by tag then by
 * language; else the campaign's default (`resolved.default_locale`).
 */
export function chooseLocale(resolved, requested, doc = document, nav = navigator) {
  const offered = resolved.locales;
  const wanted = [requested, doc.documentElement.lang, ...(nav.languages || [nav.language])];
  for (const tag of wanted) {
    if (!tag) continue;
    const lang = String(tag).toLowerCase().split('-')[0];
    const hit = offered.find((l) => l.toLowerCase() === String(tag).toLowerCase())
      || offered.find((l) => l.toLowerCase().split('-')[0] === lang);
    if (hit) return hit;
  }
  return resolved.default_locale;
}

/** A campaign text ("..." or {"it": "...", "en": "..."}) in the locale, its language, the
 *  campaign's default locale (`fallback`), else any: as the core picks (Campaign::text_in). */
export function pick(text, locale, fallback) {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  const lang = locale.split('-')[0];
  return text[locale] ?? text[lang] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}

/** A built-in string, overridden by the host's strings, with {name} placeholders filled. */
export function translator(locale, overrides = {}) {
  const table = { ...STRINGS.en, ...(STRINGS[locale.split('-')[0]] || {}), ...overrides };
  return (key, params = {}) =>
    String(table[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}
