import { Global, Module } from '@nestjs/common';
import { NextPlannedContacts } from '../pairing/next-planned-contact';
import { CaseloadNextContact } from './caseload-next-contact';
import { DeliveryRepository } from './delivery.repository';

/**
 * What pairing reads of delivery without importing it: the caseload's next planned contact. Global: pairing comes
 * first. DeliveryRepository is exported for the delivery module's own services.
 */
@Global()
@Module({
  providers: [DeliveryRepository, { provide: NextPlannedContacts, useClass: CaseloadNextContact }],
  exports: [NextPlannedContacts, DeliveryRepository],
})
export class DeliveryReadsModule {}
