import { Global, Module } from '@nestjs/common';
import { PairedRecords } from '../service-users/paired-records';
import { PairingHistoryReads } from './paired-records.reader';
import { PairingRepository } from './pairing.repository';

/**
 * What earlier areas read of pairing without importing it: the pairing history behind record-level access
 * (PairedRecords, injected by ServiceUserScopes). Global because service-users comes before pairing.
 */
@Global()
@Module({
  providers: [PairingRepository, { provide: PairedRecords, useClass: PairingHistoryReads }],
  exports: [PairedRecords],
})
export class PairingReadsModule {}
