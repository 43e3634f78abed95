// Where a widget's campaign comes from: an object, a URL, or an inline
// <script type="application/json" id> block. The text goes to the core, which reads it; the
// parsed JSON gives the renderer what the campaign shows as written (labels, options, questions).

// Campaign files fetched on this page, by URL: a restart (after Magnete.forget(), or a new
// attribute) reuses the text, so it works offline and costs no request.
const fetched = new Map();

/** Reads a campaign: {text, json} (json null when the text is not JSON: the core says where). */
export async function readCampaign(source, doc = document) {
  if (source && typeof source === 'object') return { text: JSON.stringify(source), json: source };
  const ref = String(source || '');
  if (!ref) throw new Error('no campaign: set the campaign attribute');
  let text;
  if (ref.startsWith('#')) {
    const block = doc.getElementById(ref.slice(1));
    if (!block) throw new Error(`no element ${ref} holds the campaign`);
    text = block.textContent;
  } else {
    const url = String(new URL(ref, doc.baseURI));
    text = fetched.get(url);
    if (text === undefined) {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`campaign ${ref} answered ${response.status}`);
      text = await response.text();
      fetched.set(url, text);
    }
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { text, json };
}
