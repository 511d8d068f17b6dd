import { Global, Module } from '@nestjs/common';
import { NextPlannedContacts } from '../pairing/next-planned-contact';
import { CaseloadNextContact } from './caseload-next-contact';

/** What pairing reads of delivery without importing it: the caseload's next planned contact. Global: pairing comes first. */
@Global()
@Module({
  providers: [{ provide: NextPlannedContacts, useClass: CaseloadNextContact }],
  exports: [NextPlannedContacts],
})
export class DeliveryReadsModule {}
