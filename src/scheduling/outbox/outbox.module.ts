import { Global, Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** Global, like audit: every area that causes later work writes outbox rows in its own transactions. */
@Global()
@Module({ providers: [OutboxService, OutboxRepository], exports: [OutboxService, OutboxRepository] })
export class OutboxModule {}
