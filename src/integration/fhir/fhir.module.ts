import { Module } from '@nestjs/common';
import { DeliveryModule } from '../../delivery/delivery.module';
import { StepDownModule } from '../../delivery/step-down/step-down.module';
import { EpisodesModule } from '../../episodes/episodes.module';
import { ServiceUsersModule } from '../../service-users/service-users.module';
import { SitesModule } from '../../sites/sites.module';
import { UsersModule } from '../../users/users.module';
import { PeerWorkersModule } from '../../workforce/peer-workers/peer-workers.module';
import { FhirController } from './fhir.controller';
import { FhirInteractionsController } from './fhir-interactions.controller';
import { FhirService } from './fhir.service';
import { CarePlanResource } from './resources/care-plan.resource';
import { CareTeamResource } from './resources/care-team.resource';
import { EpisodeOfCareResource } from './resources/episode-of-care.resource';
import { AppointmentResource, EncounterResource } from './resources/meeting.resources';
import { PatientResource } from './resources/patient.resource';
import { PeerWorkerQueries, PractitionerResource, PractitionerRoleResource } from './resources/practitioner.resource';

/**
 * FHIR R4 read interface, a read-only view across areas. Each area's records are read through what that area
 * exports for it (ServiceUsersRepository, EpisodeReadsRepository, MeetingReadsRepository, PeerWorkerReadsRepository,
 * CommunityPlansRepository; wards and names through SitesService and UsersService), never its entities or tables;
 * record-level scope comes from ServiceUserScopes.
 */
@Module({
  imports: [
    ServiceUsersModule,
    EpisodesModule,
    DeliveryModule,
    StepDownModule,
    PeerWorkersModule,
    SitesModule,
    UsersModule,
  ],
  controllers: [FhirController, FhirInteractionsController],
  providers: [
    FhirService,
    PeerWorkerQueries,
    PatientResource,
    EpisodeOfCareResource,
    CareTeamResource,
    PractitionerResource,
    PractitionerRoleResource,
    EncounterResource,
    AppointmentResource,
    CarePlanResource,
  ],
})
export class FhirModule {}
