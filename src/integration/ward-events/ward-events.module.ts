import { Module } from '@nestjs/common';
import { EpisodesModule } from '../../episodes/episodes.module';
import { ServiceUsersModule } from '../../service-users/service-users.module';
import { WardEventReviewController, WardEventsController } from './ward-events.controller';
import { WardEventsService } from './ward-events.service';

/** Inbound admission, discharge and readmission events from Trust ward systems. */
@Module({
  imports: [ServiceUsersModule, EpisodesModule],
  controllers: [WardEventsController, WardEventReviewController],
  providers: [WardEventsService],
})
export class WardEventsModule {}
