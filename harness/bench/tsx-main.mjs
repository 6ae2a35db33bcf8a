// `--import` for the bench's own measuring scripts (TypeScript): tsx in the main thread only. A
// worker thread runs its process's --import preloads too, and a fuzz campaign's workers (dist/
// .js) would each pay tsx's start-up, which `pep567 fuzz --workers N` from the build never does.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) await import('tsx');
