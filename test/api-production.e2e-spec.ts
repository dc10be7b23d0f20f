import { describeApiScenarios } from './support/api-scenarios';
import { startTestApp } from './support/test-app';
import type { ProductionStores } from './reliability/support/production-shape';
import { openProductionStores, PRODUCTION_DATABASE_URL } from './reliability/support/production-shape';

if (PRODUCTION_DATABASE_URL === undefined) {
  console.warn('Production-shape suite skipped: DATABASE_URL is not set');
}

/**
 * The HTTP contract on the shape production runs: EventStoreDB for the log (the protocol stand-in, real gRPC served to
 * the real client) and the PostgreSQL read model a projector follows it into. Each app has a stand-in and a schema of
 * its own, dropped after it.
 */
(PRODUCTION_DATABASE_URL === undefined ? describe.skip : describe)(
  'the API on EventStoreDB with the PostgreSQL read model',
  () => {
    describeApiScenarios(async () => {
      const stores: ProductionStores = await openProductionStores();
      const app = await startTestApp(stores.env, { dataDir: stores.dataDir });
      return {
        ...app,
        close: async () => {
          try {
            await app.close();
          } finally {
            await stores.close();
          }
        },
      };
    });
  },
);

if (PRODUCTION_DATABASE_URL === undefined) {
  describe('Production-shape end-to-end suite', () => {
    it.skip('SKIPPED: set DATABASE_URL to run the API on EventStoreDB with the PostgreSQL read model', () => undefined);
  });
}
