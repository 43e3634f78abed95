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

/** Whether every consent the core names as required (`required`: ids) is ticked: what unlocks
 *  storage and the tag manager's events. */
export function requiredGranted(consents, required) {
  return required.every((id) => consents.get(id)?.input.checked);
}
