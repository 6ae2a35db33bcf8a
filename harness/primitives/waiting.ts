/**
 * A task that has not finished and the await it is at: its task path, the JSON pointer of the
 * await op and the op's name (`drain` while main waits at the end of the program). The interpreter
 * keeps them live; hosts and runners send them with a `stalled` answer (PROTOCOL.md, "Revision 2").
 */
export interface Waiting { task: string; step: string; op: string }
