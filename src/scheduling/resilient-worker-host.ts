import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';

/**
 * A BullMQ worker that survives Redis losing its data: an `error` event with no listener is thrown by
 * Node's EventEmitter and would take the process down (e.g. "Missing lock for job" after a flush while a
 * job runs). Logged instead; the job's own retry and the schedule keeper put things right.
 */
export abstract class ResilientWorkerHost extends WorkerHost {
  private readonly workerLogger = new Logger(this.constructor.name);

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.workerLogger.warn({ error: error?.message }, 'Worker error (will retry)');
  }
}
