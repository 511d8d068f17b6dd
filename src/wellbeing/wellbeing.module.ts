import { Module } from '@nestjs/common';
import { PeerWorkersModule } from '../workforce/peer-workers/peer-workers.module';
import { SitesModule } from '../sites/sites.module';
import { WellbeingController } from './wellbeing.controller';
import { WellbeingService } from './wellbeing.service';

/** Peer worker wellbeing plans and peer support for peers. */
@Module({
  imports: [PeerWorkersModule, SitesModule],
  controllers: [WellbeingController],
  providers: [WellbeingService],
  exports: [WellbeingService],
})
export class WellbeingModule {}
