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
