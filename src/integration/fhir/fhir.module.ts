import { Module } from '@nestjs/common';
import { StepDownModule } from '../../delivery/step-down/step-down.module';
import { ServiceUsersModule } from '../../service-users/service-users.module';
import { FhirController } from './fhir.controller';
import { FhirInteractionsController } from './fhir-interactions.controller';
import { FhirService } from './fhir.service';
import { CarePlanResource } from './resources/care-plan.resource';
import { CareTeamResource } from './resources/care-team.resource';
import { EpisodeOfCareResource, SupportEpisodeQueries } from './resources/episode-of-care.resource';
import { AppointmentResource, EncounterResource, MeetingQueries } from './resources/meeting.resources';
import { PatientResource } from './resources/patient.resource';
import { PeerWorkerQueries, PractitionerResource, PractitionerRoleResource } from './resources/practitioner.resource';

/**
 * FHIR R4 read interface. A read model across areas (service users, episodes, meetings, peer workers, sites):
 * it reads their tables directly, read-only, and takes record-level scope from ServiceUserScopes. Community
 * plans (CarePlan) are read through the delivery area's CommunityPlansRepository.
 */
@Module({
  imports: [ServiceUsersModule, StepDownModule],
  controllers: [FhirController, FhirInteractionsController],
  providers: [
    FhirService,
    SupportEpisodeQueries,
    PeerWorkerQueries,
    PatientResource,
    EpisodeOfCareResource,
    CareTeamResource,
    PractitionerResource,
    PractitionerRoleResource,
    MeetingQueries,
    EncounterResource,
    AppointmentResource,
    CarePlanResource,
  ],
})
export class FhirModule {}
