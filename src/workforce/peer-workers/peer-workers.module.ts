import { Module } from '@nestjs/common';
import { SitesModule } from '../../sites/sites.module';
import { UsersModule } from '../../users/users.module';
import { PeerWorkersController } from './peer-workers.controller';
import { PeerWorkersService } from './peer-workers.service';
import { PeerWorkersRepository } from './peer-workers.repository';

/** Peer worker and coordinator records, status history and induction. Readiness is in WorkforceModule (it needs training). */
@Module({
  imports: [SitesModule, UsersModule],
  controllers: [PeerWorkersController],
  providers: [PeerWorkersRepository, PeerWorkersService],
  exports: [PeerWorkersService],
})
export class PeerWorkersModule {}
