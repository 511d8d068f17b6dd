import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/** Global, like audit: every area that causes later work writes outbox rows in its own transactions. */
@Global()
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
