/** Whether `dist/bundle/` is at least as new as every file in `src/`. */
export function builtIsCurrent(): boolean;
