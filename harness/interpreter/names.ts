/**
 * The scenario's namespaces (one per slot kind), mapping names to the adapter's opaque handles.
 * Variables also map back from handle to name by ===, which is how keys() and token.var are named.
 */
import { HarnessFault } from './errors.ts';

/** A task of the scenario: made by create_task (awaited through the adapter) or a gather child (awaited through its outcome). */
export interface TaskEntry { wait: () => Promise<void>; awaited: boolean }

export class Names {
  private readonly vars = new Map<string, unknown>();
  private readonly varHandles: { handle: unknown; name: string }[] = [];
  readonly tokens = new Map<string, unknown>();
  readonly contexts = new Map<string, unknown>();
  readonly tasks = new Map<string, TaskEntry>();
  /** Every task in creation order, for the end-of-main drain. */
  readonly spawned: TaskEntry[] = [];
  readonly groups = new Map<string, unknown>();
  readonly events = new Map<string, unknown>();
  readonly generators = new Map<string, Generator<void, void, void>>();

  addTask(name: string, t: TaskEntry): void {
    this.tasks.set(name, t);
    this.spawned.push(t);
  }

  addVar(name: string, handle: unknown): void {
    this.vars.set(name, handle);
    this.varHandles.push({ handle, name });
  }

  variable(name: string): unknown {
    if (!this.vars.has(name)) throw new HarnessFault(`variable "${name}" is used before it is created`);
    return this.vars.get(name);
  }

  /** The scenario name of a variable handle, or undefined when the adapter returned a handle it never gave out. */
  nameOf(handle: unknown): string | undefined {
    return this.varHandles.find((h) => h.handle === handle)?.name;
  }

  lookup<T>(map: Map<string, T>, kind: string, name: string): T {
    if (!map.has(name)) throw new HarnessFault(`${kind} "${name}" is used before it is created`);
    return map.get(name)!;
  }
}
