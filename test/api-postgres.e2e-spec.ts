import { randomBytes } from 'node:crypto';
import { dropPostgresSchemas } from '@app/read-model';
import { describeApiScenarios } from './support/api-scenarios';
import { startTestApp } from './support/test-app';

const databaseUrl = process.env.DATABASE_URL;

if (databaseUrl === undefined) {
  console.warn('PostgreSQL suites skipped: DATABASE_URL is not set');
}

(databaseUrl === undefined ? describe.skip : describe)(
  'the API on SQLite events with the PostgreSQL read model',
  () => {
    const schemas: string[] = [];

    afterAll(async () => {
      if (databaseUrl !== undefined) {
        await dropPostgresSchemas(databaseUrl, schemas);
      }
    });

    describeApiScenarios(() => {
      const schema = `e2e_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return startTestApp({ READ_MODEL: 'postgres', DATABASE_URL: databaseUrl ?? '', DATABASE_SCHEMA: schema });
    });
  },
);

if (databaseUrl === undefined) {
  describe('PostgreSQL end-to-end suite', () => {
    it.skip('SKIPPED: set DATABASE_URL to run the API against the PostgreSQL read model', () => undefined);
  });
}
