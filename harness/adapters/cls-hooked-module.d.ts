/** cls-hooked ships no types; the adapter states the shape it uses (cls-hooked.ts, `Cls`). */
declare module 'cls-hooked' {
  const cls: unknown;
  export default cls;
}
