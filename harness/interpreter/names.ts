/**
 * The scenario's namespaces (one per slot kind), mapping names to the adapter's opaque handles.
 * Variables also map back from handle to name by ===, which is how keys() and token.var are named.
 */
import { HarnessFault } from './errors.ts';

/** A task of the scenario: made by create_task (awaited through the adapter) or a gather child (awaited through its outcome). */
interface TaskEntry { wait: () => Promise<void>; awaited: boolean; handle?: unknown }

export class Names {
  private readonly vars = new Map<string, unknown>();
  /** Handle to name; the first name wins when an adapter hands out one handle twice. */
  private readonly varNames = new Map<unknown, string>();
  readonly tokens = new Map<string, unknown>();
  readonly contexts = new Map<string, unknown>();
  readonly tasks = new Map<string, TaskEntry>();
  /** Every task in creation order, for the end-of-main drain. */
  readonly spawned: TaskEntry[] = [];
  readonly groups = new Map<string, unknown>();
  readonly events = new Map<string, unknown>();
  readonly generators = new Map<string, Generator<void, void, void>>();
  readonly futures = new Map<string, unknown>();
  /** An async generator's adapter handle, and the frame of whoever steps or closes it now (its observations are theirs). */
  readonly agens = new Map<string, { handle: unknown; frame: { path: () => string } }>();
  /** A function's adapter handle, and the frame of whoever calls it now (its observations are the caller's). */
  readonly functions = new Map<string, { handle: unknown; caller: { path: () => string } | undefined }>();

  addTask(name: string, t: TaskEntry): void {
    this.tasks.set(name, t);
    this.spawned.push(t);
  }

  addVar(name: string, handle: unknown): void {
    this.vars.set(name, handle);
    if (!this.varNames.has(handle)) this.varNames.set(handle, name);
  }

  variable(name: string): unknown {
    return this.lookup(this.vars, 'variable', name);
  }

  /** The scenario name of a variable handle, or undefined when the adapter returned a handle it never gave out. */
  nameOf(handle: unknown): string | undefined {
    return this.varNames.get(handle);
  }

  /** One map lookup on the hot path; has() only when the handle itself is undefined. */
  lookup<T>(map: Map<string, T>, kind: string, name: string): T {
    const found = map.get(name);
    if (found === undefined && !map.has(name)) throw new HarnessFault(`${kind} "${name}" is used before it is created`);
    return found as T;
  }
}
