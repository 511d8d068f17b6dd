import { Global, Module } from '@nestjs/common';
import { HandoverGate } from '../delivery/handover-gate';
import { CoverRepository } from './cover.repository';
import { CoverHandoverGate } from './handover-gate.reader';

/** What delivery reads of cover without importing it: the handover gate of the meeting rules. Global: delivery comes first. */
@Global()
@Module({
  providers: [CoverRepository, { provide: HandoverGate, useClass: CoverHandoverGate }],
  exports: [HandoverGate],
})
export class CoverReadsModule {}
