/**
 * The built-in JS adapters and where their modules are. Module URLs follow this file's own
 * extension, so they resolve both in the TypeScript tree (run through tsx) and in a compiled one.
 */
export const JS_ADAPTERS = ['node-als', 'asynccontext', 'otel-als', 'otel-async-hooks', 'otel3-als', 'zonejs', 'cls-hooked', 'node-resource'] as const;
export type JsAdapterName = (typeof JS_ADAPTERS)[number];

/** ".ts" when this file runs as TypeScript, ".js" once compiled. */
export const OWN_EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export const isJsAdapter = (spec: string): spec is JsAdapterName => (JS_ADAPTERS as readonly string[]).includes(spec);

export function adapterModule(name: JsAdapterName): URL {
  return new URL(`./${name}${OWN_EXTENSION}`, import.meta.url);
}

/** The npm packages each built-in JS adapter imports: optional peer dependencies of the package (a
 * consumer testing an own adapter installs none of them); a row whose packages are missing is left
 * out of `--all` and, when named, refused with the install command (optional-packages.ts). */
export const ADAPTER_PACKAGES: Readonly<Record<JsAdapterName, readonly string[]>> = {
  'node-als': [],
  asynccontext: ['@webfill/async-context'],
  'otel-als': ['@opentelemetry/api', '@opentelemetry/context-async-hooks'],
  'otel-async-hooks': ['@opentelemetry/api', '@opentelemetry/context-async-hooks'],
  'otel3-als': ['@opentelemetry/api', 'otel-context-async-hooks-3'],
  zonejs: ['zone.js'],
  'cls-hooked': ['cls-hooked'],
  'node-resource': [],
};
