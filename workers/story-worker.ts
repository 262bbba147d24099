// Process entry for a story worker: the same as `wiredesk worker`, for process managers that
// start a file (`node --import tsx workers/story-worker.ts`). Flags pass through.
import { main } from '../src/cli/main.ts';

process.exitCode = await main([process.argv[0]!, 'wiredesk', 'worker', ...process.argv.slice(2)]);
