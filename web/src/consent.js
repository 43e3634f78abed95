// Consent records: the exact text shown, its version, the locale and the time travel with
// the lead, so the receiver can prove consent (DESIGN, "Privacy by construction").

/** The record for one consent box as the visitor sees it now. */
export function consentRecord(entry, locale, at = new Date()) {
  return {
    id: entry.consent.id,
    granted: entry.input.checked,
    text: entry.label.textContent,
    version: entry.consent.version,
    locale,
    at: at.toISOString(),
  };
}

/** Whether every required consent is granted (what unlocks storage and sending). */
export function requiredGranted(consents) {
  for (const entry of consents.values()) {
    if (entry.consent.required && !entry.input.checked) return false;
  }
  return true;
}
