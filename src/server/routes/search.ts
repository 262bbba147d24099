// Search routes (GET /search, GET /stories/:id, GET /quotes): a fastify plugin, filled in with
// the search module (issue 6). Registered by the server app.
export async function searchRoutes(_app: unknown): Promise<void> {}
