import { Module } from '@nestjs/common';
import { AbsenceModule } from '../absence/absence.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { PairingModule } from '../pairing/pairing.module';
import { ServiceUsersModule } from '../service-users/service-users.module';
import { SitesModule } from '../sites/sites.module';
import { PeerWorkersModule } from '../workforce/peer-workers/peer-workers.module';
import { StepDownModule } from './step-down/step-down.module';
import { DeliveryReadsModule } from './delivery-reads.module';
import { DeliveryAccess } from './delivery-access.service';
import { DeliveryReminderReaders, DeliveryReminders } from './reminders/delivery-reminders';
import { FirstCommunityMeetingReminders } from './reminders/first-community-meeting.reminders';
import { DischargeMeetingsController } from './discharge-meetings/discharge-meetings.controller';
import { DischargeMeetingsService } from './discharge-meetings/discharge-meetings.service';
import { LoneWorkingController } from './lone-working/lone-working.controller';
import { LoneWorkingService } from './lone-working/lone-working.service';
import { LoneWorkingRequirement } from './lone-working/lone-working-requirement';
import { LoneWorkingRepository } from './lone-working/lone-working.repository';
import { MeetingMoves } from './meetings/meeting-moves';
import { MeetingPlannedContacts } from './meetings/meeting-planned-contacts';
import { MeetingReads } from './meetings/meeting-reads.service';
import { MeetingRecordingRules } from './meetings/meeting-recording-rules';
import { MeetingsController } from './meetings/meetings.controller';
import { MeetingsRepository } from './meetings/meetings.repository';
import { MeetingsService } from './meetings/meetings.service';
import { MeetingsOfEndedEpisodes } from './meetings/meetings-of-ended-episodes';
import { MeetingReadsRepository } from './meetings/meeting-reads.repository';
import { DeliveryRemindersRepository } from './reminders/delivery-reminders.repository';
import { PlansController } from './plans/plans.controller';
import { PlansService } from './plans/plans.service';

/**
 * Delivery on the ward and in the community (handbook 13–14): meetings and contacts, discharge meetings,
 * service-user-owned plans and lone working. (The step-down plan lives in delivery/step-down.)
 */
@Module({
  imports: [
    DeliveryReadsModule,
    SitesModule,
    ServiceUsersModule,
    EpisodesModule,
    PairingModule,
    PeerWorkersModule,
    StepDownModule,
    AbsenceModule,
  ],
  controllers: [MeetingsController, DischargeMeetingsController, PlansController, LoneWorkingController],
  providers: [
    DeliveryAccess,
    MeetingsService,
    MeetingsOfEndedEpisodes,
    MeetingReads,
    MeetingMoves,
    MeetingRecordingRules,
    MeetingPlannedContacts,
    MeetingsRepository,
    MeetingReadsRepository,
    DischargeMeetingsService,
    PlansService,
    LoneWorkingService,
    LoneWorkingRequirement,
    LoneWorkingRepository,
    DeliveryRemindersRepository,
    DeliveryReminderReaders,
    DeliveryReminders,
    FirstCommunityMeetingReminders,
  ],
  // MeetingReadsRepository: the read-only view other areas (the FHIR Encounter and Appointment) take of meetings.
  exports: [DeliveryAccess, MeetingsService, LoneWorkingService, MeetingReadsRepository],
})
export class DeliveryModule {}
