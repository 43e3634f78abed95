// The widget's public surface, typed: the <magnete-widget> element, mount/forget/define, the
// options, the events and their `detail`, and the campaign file (its JSON Schema, published
// beside this file in the package as magnete/campaign.schema.json, is the reference; the core
// checks every campaign against it). web/build.mjs copies this file to web/dist/magnete.d.ts,
// the package's "types"; tests/web/package.test.mjs compiles a host page's TypeScript against
// the installed package.

// --- the campaign file (src/core/schema/campaign.schema.json) --------------------------------

/** A text in the campaign's default locale, or per locale: {"it": "...", "en": "..."}. */
export type Text = string | Record<string, string>;

export interface Field {
  name: string;
  type: 'text' | 'email' | 'tel' | 'number' | 'select' | 'radio' | 'checkbox' | 'textarea' | 'hidden';
  required?: boolean;
  label?: Text;
  help?: Text;
  placeholder?: Text;
  options?: (string | { value: string; label?: Text })[];
  min?: number;
  max?: number;
  min_length?: number;
  max_length?: number;
  autocomplete?: string;
}

export interface Consent {
  id: string;
  required?: boolean;
  version: string;
  text: Text;
}

export interface Quiz {
  outcome_by?: 'weight' | 'points';
  gate?: 'before_result' | 'none';
  outcomes?: { id: string; title: Text; body?: Text; min_points?: number }[];
  questions: {
    id: string;
    type?: 'single' | 'multiple';
    required?: boolean;
    text: Text;
    answers: { id: string; text: Text; points?: number; outcomes?: Record<string, number> }[];
  }[];
}

export type FitOp = 'eq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'per_unit_over' | 'contains_any' | 'present';

export interface FitRule {
  id: string;
  field: string;
  op: FitOp;
  value?: string | number | boolean;
  values?: (string | number | boolean)[];
  min?: number;
  max?: number;
  below?: number;
  unit?: number;
  points: number;
  max_points?: number;
}

export interface EngagementRule {
  id: string;
  event: string;
  points: number;
  max_count?: number;
  max_points?: number;
  at_least?: number;
  at_most?: number;
  filter?: { equals?: string; prefix?: string; contains?: string };
}

export interface Stage {
  id: string;
  min_score?: number;
  min_fit?: number;
  min_engagement?: number;
  min_grade?: string;
  /** "email", "phone", "quiz", "consent:<id>", "field:<name>", "event:<type>" */
  require?: string[];
}

export interface Scoring {
  fit?: FitRule[];
  engagement?: EngagementRule[];
  decay?: { half_life_days: number };
  grades?: Record<string, number>;
  bands?: { warm?: number; hot?: number };
  stages?: Stage[];
  segments?: { id: string; fields?: Omit<FitRule, 'points' | 'max_points' | 'unit'>[]; min_score?: number;
    band?: 'cold' | 'warm' | 'hot'; require?: string[] }[];
}

export interface Trigger {
  id: string;
  when: { score_at_least?: number; band?: 'cold' | 'warm' | 'hot'; stage?: string; event?: string };
  show?: string;
  offer?: { title: Text; body?: Text; cta?: Text; url?: string };
}

/** A weighted A/B variant: it overrides texts only. */
export interface Variant {
  id: string;
  weight?: number;
  overrides?: { title?: Text; submit_label?: Text; success_text?: Text };
}

export interface Delivery {
  endpoint: string;
  format?: 'magnete-v1' | 'hubspot' | 'salesforce' | 'webhook';
  /** "all", "qualified" (the stage mql, else the ladder's second) or a stage id */
  when?: string;
  headers?: Record<string, string>;
  timeout_ms?: number;
  hubspot?: { portal_id: string; form_id: string; fields?: Record<string, string | false>;
    subscriptions?: Record<string, number | false> };
  salesforce?: { oid: string; fields?: Record<string, string | false> };
  allowed_origins?: string[];
}

/** A destination the collector forwards verified leads to, from its outbox, with its own
 * assessment; the browser never reads it. */
export interface ForwardDestination {
  id: string;
  format: 'hubspot' | 'salesforce' | 'webhook';
  /** "all", "qualified" (the stage mql, else the ladder's second) or a stage id */
  when?: string;
  /** HubSpot's or Salesforce's documented URL by default; required for a webhook */
  endpoint?: string;
  headers?: Record<string, string>;
  timeout_ms?: number;
  hubspot?: Delivery['hubspot'];
  salesforce?: Delivery['salesforce'];
  /** webhook only: the name of a secret in the collector's configuration */
  secret?: string;
}

/** The campaign file: what the widget asks, how a lead is scored and qualified, where it goes. */
export interface Campaign {
  $schema?: string;
  id: string;
  version: string | number;
  description?: string;
  default_locale?: string;
  locales?: string[];
  default_country?: string;
  title?: Text;
  submit_label?: Text;
  success_text?: Text;
  fields: Field[];
  steps?: string[][];
  consents?: Consent[];
  quiz?: Quiz;
  scoring?: Scoring;
  triggers?: Trigger[];
  variants?: Variant[];
  delivery?: Delivery;
  forward?: ForwardDestination[];
  content?: { url: string; label?: Text };
}

// --- what the widget reports ----------------------------------------------------------------

/** The core's assessment of the visitor, as the lead carries it. */
export interface Assessment {
  score: number;
  fit: number;
  engagement: number;
  grade: string | null;
  band: 'cold' | 'warm' | 'hot';
  stage: string;
  segments: string[];
  completeness: number;
  outcome: string | null;
  breakdown: { rule: string; kind: string; count: number; points: number; capped: boolean }[];
  stages: { stage: string; reached: boolean; reasons: string[] }[];
  model_hash: string;
  at: string;
}

export interface WidgetError {
  path: string;
  message: string;
  code?: string;
}

/** Every event's detail carries the variant shown (null without variants). */
interface WithVariant {
  variant: string | null;
}
export interface ReadyDetail extends WithVariant {
  campaign: { id: string; version: string; model_hash: string };
  locale: string;
}
export interface ScoreDetail extends WithVariant {
  assessment: Assessment;
}
/** The lead became qualified: it reached the campaign's qualifying stage (mql, else its
 *  ladder's second stage), the one meaning the core gives "qualified". */
export interface QualifiedDetail extends WithVariant {
  stage: string;
  previous: string;
}
export interface OfferDetail extends WithVariant {
  trigger: string;
}
export interface SubmitDetail extends WithVariant {
  id: string;
  /** The magnete-v1 payload. */
  payload: Record<string, unknown>;
  /** The endpoint's answer (JSON), null when nothing was sent. */
  response: unknown;
  delivered: boolean;
}
export interface ErrorDetail extends WithVariant {
  errors: WidgetError[];
  status?: number;
  id?: string;
}

export interface MagneteEventMap {
  'magnete:ready': CustomEvent<ReadyDetail>;
  'magnete:score': CustomEvent<ScoreDetail>;
  'magnete:qualified': CustomEvent<QualifiedDetail>;
  'magnete:offer': CustomEvent<OfferDetail>;
  'magnete:submit': CustomEvent<SubmitDetail>;
  'magnete:error': CustomEvent<ErrorDetail>;
}

// --- the element and the module -------------------------------------------------------------

/** Options of mount() and configure(). */
export interface MountOptions {
  /** Preferred locale ("it", "en"), among the campaign's. */
  locale?: string;
  /** Built-in strings overridden, e.g. {"next": "Continua"} (keys in web/src/i18n.js). */
  strings?: Record<string, string>;
  /** Values for the campaign's hidden fields. */
  values?: Record<string, string | number | boolean | null>;
}

/** <magnete-widget campaign="URL | #inline-json-id">. */
export declare class MagneteWidget extends HTMLElement {
  /** Registers the element (once) under `tag`. */
  static define(tag?: string, registry?: CustomElementRegistry): typeof MagneteWidget;
  static readonly observedAttributes: string[];
  /** URL of the campaign file, or "#id" of an inline JSON block (reflects the attribute). */
  campaign: string;
  /** Preferred locale (reflects the attribute). */
  locale: string;
  /** The latest assessment from the core, or null before the first one. */
  readonly assessment: Assessment | null;
  /** The A/B variant shown to this visitor, "" when the campaign has none. */
  readonly variant: string;
  /** Sets a hidden field's value; false when the campaign has no hidden field of that name. */
  setValue(name: string, value: string | number | boolean | null): boolean;
  /** Mounts a campaign object or URL with options. */
  configure(campaign: Campaign | string, options?: MountOptions): void;
  /** Renders the campaign again from the start. */
  restart(): void;
  addEventListener<K extends keyof MagneteEventMap>(type: K,
    listener: (this: MagneteWidget, event: MagneteEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof MagneteEventMap>(type: K,
    listener: (this: MagneteWidget, event: MagneteEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions): void;
}

/** Puts a widget inside `element` (an element or a selector) and returns it. */
export declare function mount(element: Element | string, campaign: Campaign | string,
  options?: MountOptions): MagneteWidget;
/** Erases everything the widget stored in this browser, pending leads included, and starts
 *  every widget on the page again. */
export declare function forget(): void;
/** Registers <magnete-widget> (or `tag`). */
export declare function define(tag?: string): typeof MagneteWidget;

declare const Magnete: {
  mount: typeof mount;
  define: typeof define;
  forget: typeof forget;
  MagneteWidget: typeof MagneteWidget;
};
export default Magnete;

declare global {
  interface HTMLElementTagNameMap {
    'magnete-widget': MagneteWidget;
  }
  interface Window {
    /** The script tag's (magnete.js) global. */
    Magnete?: typeof Magnete & { version: string };
    /** Tag managers' queue: {event: "magnete_<name>", magnete: detail}, after consent. */
    dataLayer?: unknown[];
  }
  interface DocumentEventMap {
    /** A lead from an earlier visit, delivered (or refused for good) on this one. */
    'magnete:submit': CustomEvent<{ id: string; status: number; response: unknown }>;
    'magnete:error': CustomEvent<{ id: string; status: number; errors: WidgetError[] }>;
    'magnete:forget': Event;
  }
}
