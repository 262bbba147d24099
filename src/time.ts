/** Resolves after `ms`; resolves to 'timeout', so it can race other promises. Never keeps the process alive. */
export const sleep = (ms: number): Promise<'timeout'> => new Promise((r) => setTimeout(() => r('timeout'), ms).unref());
