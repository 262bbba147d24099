import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // CLI tests start real processes; a loaded 2-core machine can make those slow.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // Fault scenarios on the real services (workers killed, Elasticsearch cut or frozen
          // behind a proxy, a private Redis killed): minutes long, so not part of `npm test`;
          // `npm run test:faults` runs them.
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          // The scale-out test starts its own clusters: `npm run test:cluster`.
          exclude: ['test/faults/cluster.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          teardownTimeout: 60_000,
          fileParallelism: false,
          // One scenario's outage must never overlap another's.
          sequence: { concurrent: false },
        },
      },
      {
        test: {
          // Scale-out on loopback: a 3-node Elasticsearch cluster and a 6-node Redis Cluster that
          // the test starts itself (scripts/services up --cluster), nodes killed mid-run.
          name: 'cluster',
          include: ['test/faults/cluster.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 420_000,
          teardownTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
