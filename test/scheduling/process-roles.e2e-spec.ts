import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { AppModule } from '../../src/app.module';
import { HousekeepingProcessor } from '../../src/scheduling/housekeeping.processor';
import { QUEUES } from '../../src/scheduling/queues';
import { TestApp } from '../support/test-app';

describe('Process roles: one codebase, api and worker apart', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start(); // the database and Redis prefix the role-specific contexts below share
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs no BullMQ processor in the api role, but can still enqueue', async () => {
    const api = await Test.createTestingModule({ imports: [AppModule.forRole('api')] }).compile();
    await api.init();
    try {
      expect(() => api.get(HousekeepingProcessor, { strict: false })).toThrow();
      const queue = api.get<Queue>(getQueueToken(QUEUES.housekeeping));
      expect(await queue.getWorkersCount()).toBe(1); // only the worker inside TestApp (role all)
    } finally {
      await api.close();
    }
  });

  it('runs the processors in the worker role, as a worker Redis can see', async () => {
    const worker = await Test.createTestingModule({ imports: [AppModule.forRole('worker')] }).compile();
    await worker.init();
    try {
      expect(worker.get(HousekeepingProcessor, { strict: false })).toBeInstanceOf(HousekeepingProcessor);
      const queue = worker.get<Queue>(getQueueToken(QUEUES.housekeeping));
      let count = 0;
      for (let i = 0; i < 50 && count < 2; i += 1) {
        count = await queue.getWorkersCount();
        if (count < 2) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(count).toBe(2); // TestApp's worker and this one
    } finally {
      await worker.close();
    }
  });
});
