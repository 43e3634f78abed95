// The core's WebAssembly API, declared once: the calls wasm/abi.mjs makes of a module's C
// functions (wasm/bindings.cpp, node_bindings.cpp) and the JSON answers they return
// (magnete::Session). web/src/engine.js and wasm/abi.mjs are type-checked against it
// (tests/types), and tests/wasm/api.test.mjs checks every module, abi.mjs's lists and the
// tests' lists against the calls named here.

/** One problem, pointing at where it is; `code` is stable for hosts to act on. */
export interface CoreError {
  path: string;
  message: string;
  /** "consent_required", "lead_too_large", "variant_unknown", ... */
  code?: string;
  /** The input's line (history files). */
  line?: number;
}

/** Any call that could not do its work. */
export interface Failure {
  ok: false;
  /** The first error's code: "needs_full_core" (the lean module defers to the full one),
   *  "consent_required", ... */
  code?: string;
  errors: CoreError[];
}

/** A campaign text in the default locale, or per locale. */
export type Texts = Record<string, string>;

/** What the core resolved for the widget: status(). */
export interface Status {
  ok: true;
  campaign: { id: string; version: string; model_hash: string };
  /** The variant the campaign was opened as ("" for its own texts). */
  variant: string;
  /** Every variant and its weight, for the widget's random draw. */
  variants: { id: string; weight: number }[];
  locales: string[];
  default_locale: string;
  /** The variant's texts, per locale. */
  texts: { title: Texts; submit_label: Texts; success_text: Texts };
  /** The form's pages: field names, at least one page. */
  steps: string[][];
  quiz: { gate: 'before_result' | 'none' } | null;
  /** The consents a lead cannot be sent or stored without. */
  required_consents: string[];
  /** The stage from which a lead is "qualified", or null without stages. */
  qualifying_stage: string | null;
  delivery: { url: string; format: 'magnete-v1' | 'webhook' | 'hubspot' | 'salesforce';
    headers: Record<string, string>; timeout_ms: number } | null;
}

export interface FieldAnswer {
  ok: boolean;
  /** The value the core took (normalised), when ok. */
  value?: unknown;
  code?: string;
  message?: string;
  suggestion: string;
  disposable: boolean;
}

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

export interface AssessAnswer {
  ok: true;
  assessment: Assessment;
  /** Ids of the triggers whose every condition holds. */
  triggers: string[];
  deliver: boolean;
  qualified: boolean;
}

/** The lead ready to send: request is null when there is nothing to send. */
export interface BuiltPayload {
  ok: true;
  deliver: boolean;
  qualified: boolean;
  /** The magnete-v1 payload. */
  payload: Record<string, unknown>;
  request: { url: string; content_type: string; body: string; headers: Record<string, string>;
    timeout_ms: number } | null;
}

/** The calls of a module the browser loads (magnete-core.wasm, magnete-core-full.wasm): each
 *  takes and returns JSON text; a handle is an open campaign. */
export interface CoreCalls {
  open(campaign: string, variant?: string): number;
  close(handle: number): void;
  /** Status | Failure */
  status(handle: number): string;
  /** FieldAnswer | Failure; value: JSON text */
  setField(handle: number, name: string, value: string, locale: string): string;
  /** {ok: true} | Failure; record: {id, granted, text, version, locale, at} */
  setConsent(handle: number, record: string): string;
  /** {ok: true} | Failure; event: {type, at, value} */
  addEvent(handle: number, event: string): string;
  /** {ok: true} | {ok: false, code: "answer_required", message} | Failure; answers: ["id"] */
  answer(handle: number, question: string, answers: string, locale: string): string;
  /** AssessAnswer | Failure; now: RFC 3339 */
  assess(handle: number, now: string): string;
  /** BuiltPayload | Failure; meta: {id, locale, attribution, meta} */
  buildPayload(handle: number, meta: string, submittedAt: string): string;
}

/** The node module (build/wasm/node) adds the whole-lead calls of the tests and tools. */
export interface NodeCoreCalls extends CoreCalls {
  /** {ok: true, campaign} | Failure */
  validateCampaign(campaign: string): string;
  /** {ok: true, assessment} | Failure */
  assessLead(campaign: string, lead: string, now: string): string;
}

/** What a module imports (wasm/abi.mjs `imports`). */
export declare const imports: WebAssembly.Imports;

/** The node module's calls without a handle, for coreCalls (wasm/abi.mjs). */
export declare const NODE_CALLS: string[];

/** The calls of an instantiated module (wasm/abi.mjs); the node module's with `free` = NODE_CALLS. */
export declare function coreCalls(instance: WebAssembly.Instance, free?: string[]): CoreCalls | NodeCoreCalls;
