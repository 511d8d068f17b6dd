import { ApiProperty } from '@nestjs/swagger';

const UUID = { format: 'uuid', example: '6a1f8c2e-0d7b-4f3a-9b2c-5e4d3c2b1a09' } as const;

export class CaseloadRow {
  @ApiProperty(UUID) peerWorkerId: string;
  @ApiProperty({ example: 'Sam Okafor' }) displayName: string;
  @ApiProperty({ example: 'active' }) status: string;
  @ApiProperty({ example: 4, description: 'Episodes paired with them at the end of the period' })
  activeServiceUsers: number;
  @ApiProperty({ example: 6 }) caseloadCap: number;
  @ApiProperty({ example: false }) overCap: boolean;
}

export class EpisodeStateRow {
  @ApiProperty({ example: 'community_support' }) state: string;
  @ApiProperty({ example: 'peer_support', description: 'peer_support, usual_care or unallocated' }) arm: string;
  @ApiProperty({ example: 3 }) episodes: number;
}

export class FirstCommunityMeetingReport {
  @ApiProperty({ example: 7, description: 'The site’s window, in days after discharge' }) windowDays: number;
  @ApiProperty({ example: 5, description: 'Episodes discharged in the period (the denominator)' }) discharged: number;
  @ApiProperty({ example: 4, description: 'Of those, how many have had a community meeting held since' }) met: number;
  @ApiProperty({ example: 3 }) withinWindow: number;
  @ApiProperty({ example: 0.6, nullable: true, type: Number, description: 'withinWindow / discharged' })
  shareWithinWindow: number | null;
  @ApiProperty({ example: 4, nullable: true, type: Number }) medianDays: number | null;
  @ApiProperty({ example: 8.5, nullable: true, type: Number, description: '90th percentile, linear interpolation' })
  p90Days: number | null;
}

export class MeetingOutcomeRow {
  @ApiProperty({ example: 'face_to_face' }) mode: string;
  @ApiProperty({ example: 'community_venue' }) setting: string;
  @ApiProperty({ example: 10, description: 'Meetings planned to start in the period' }) planned: number;
  @ApiProperty({ example: 7 }) held: number;
  @ApiProperty({ example: 1 }) missed: number;
  @ApiProperty({ example: 1 }) cancelled: number;
  @ApiProperty({ example: 0 }) rescheduled: number;
  @ApiProperty({ example: 1, description: 'Still planned' }) outstanding: number;
}

export class PlannedContactRow {
  @ApiProperty({ example: 'step_down' }) phase: string;
  @ApiProperty({ example: 8 }) due: number;
  @ApiProperty({ example: 5 }) held: number;
  @ApiProperty({ example: 1 }) missed: number;
  @ApiProperty({ example: 1 }) suspended: number;
  @ApiProperty({ example: 0 }) cancelled: number;
  @ApiProperty({ example: 1 }) outstanding: number;
}

export class StepDownAdherenceRow {
  @ApiProperty({ example: 'step_down' }) phase: string;
  @ApiProperty({ example: 6, description: 'Contacts whose window closed in the period (not suspended or cancelled)' })
  windowsClosed: number;
  @ApiProperty({ example: 5 }) heldWithinWindow: number;
  @ApiProperty({ example: 0.833, nullable: true, type: Number }) share: number | null;
}

export class EndingRow {
  @ApiProperty({ example: 'planned_ending' }) reason: string;
  @ApiProperty({ example: 2 }) episodes: number;
}

export class SupervisionRow {
  @ApiProperty(UUID) peerWorkerId: string;
  @ApiProperty({ example: 'Sam Okafor' }) displayName: string;
  @ApiProperty({ example: 2 }) individualHeld: number;
  @ApiProperty({ example: 3, description: 'Whole individual-supervision cycles the period spans' })
  individualDue: number;
  @ApiProperty({ example: 5 }) groupAttended: number;
  @ApiProperty({ example: 6 }) groupDue: number;
}

export class CoverRow {
  @ApiProperty(UUID) episodeId: string;
  @ApiProperty({ example: 'cover', description: 'cover, pause or repair' }) arrangement: string;
  @ApiProperty({ type: String, ...UUID, nullable: true }) coveringPeerWorkerId: string | null;
  @ApiProperty({ example: 'active' }) state: string;
}

export class AbsenceRow {
  @ApiProperty(UUID) absenceId: string;
  @ApiProperty({ type: String, ...UUID, nullable: true }) peerWorkerId: string | null;
  @ApiProperty({ example: 'sickness' }) kind: string;
  @ApiProperty({ example: 'ongoing' }) state: string;
  @ApiProperty({ format: 'date', example: '2026-05-04' }) startsOn: string;
  @ApiProperty({ format: 'date', example: '2026-05-15', nullable: true, type: String }) endsOn: string | null;
  @ApiProperty({ type: [CoverRow], description: 'How each affected episode was looked after' })
  arrangements: CoverRow[];
}

export class UnattendedEpisodeRow {
  @ApiProperty(UUID) episodeId: string;
  @ApiProperty({ example: 3, description: 'Days in the period, once paired, with no open pairing' }) days: number;
}

export class LoneWorkingReport {
  @ApiProperty({ example: 12 }) visits: number;
  @ApiProperty({ example: 10 }) checkedOutInTime: number;
  @ApiProperty({ example: 1 }) checkedOutLate: number;
  @ApiProperty({ example: 1 }) notCheckedOut: number;
  @ApiProperty({ example: 2 }) escalationsSent: number;
  @ApiProperty({ example: 2 }) escalationsAcknowledged: number;
}

export class NotificationRow {
  @ApiProperty({ example: 'meeting.reminder' }) kind: string;
  @ApiProperty({ example: 20 }) due: number;
  @ApiProperty({ example: 20 }) sent: number;
  @ApiProperty({ example: 15 }) read: number;
  @ApiProperty({ example: 0 }) acknowledged: number;
}

export class WebhookRow {
  @ApiProperty({ example: 'support_episode.discharged' }) eventType: string;
  @ApiProperty({ example: 4 }) events: number;
  @ApiProperty({ example: 5 }) attempts: number;
  @ApiProperty({ example: 4 }) succeeded: number;
  @ApiProperty({ example: 1 }) failed: number;
}

/** The operational report of one site over a period: every figure computed from recorded practice. */
export class OperationalReportResponse {
  @ApiProperty(UUID) siteId: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-06-30' }) to: string;
  @ApiProperty({ type: [CaseloadRow] }) caseloads: CaseloadRow[];
  @ApiProperty({ type: [EpisodeStateRow] }) episodesByStateAndArm: EpisodeStateRow[];
  @ApiProperty({ type: FirstCommunityMeetingReport }) firstCommunityMeeting: FirstCommunityMeetingReport;
  @ApiProperty({ type: [MeetingOutcomeRow] }) meetings: MeetingOutcomeRow[];
  @ApiProperty({ type: [PlannedContactRow] }) plannedContacts: PlannedContactRow[];
  @ApiProperty({ type: [StepDownAdherenceRow] }) stepDownAdherence: StepDownAdherenceRow[];
  @ApiProperty({ type: [EndingRow] }) endings: EndingRow[];
  @ApiProperty({ type: [SupervisionRow] }) supervision: SupervisionRow[];
  @ApiProperty({ type: [AbsenceRow] }) absences: AbsenceRow[];
  @ApiProperty({ type: [UnattendedEpisodeRow] }) episodesWithoutResponsiblePerson: UnattendedEpisodeRow[];
  @ApiProperty({ example: 3, description: 'Sum of those days' }) daysWithoutResponsiblePerson: number;
  @ApiProperty({ type: LoneWorkingReport }) loneWorking: LoneWorkingReport;
  @ApiProperty({ type: [NotificationRow] }) reminders: NotificationRow[];
  @ApiProperty({ type: [WebhookRow] }) webhooks: WebhookRow[];
}

export class ReadmissionWindowResponse {
  @ApiProperty({ example: 30, description: 'Readmitted within this many days of the index discharge' }) days: number;
  @ApiProperty({ example: 40, description: 'Index discharges in the period' }) indexDischarges: number;
  @ApiProperty({ example: 32, description: 'Of those, how many have had the whole window pass (the denominator)' })
  followedUp: number;
  @ApiProperty({ example: 5 }) readmitted: number;
  @ApiProperty({ example: 0.156, nullable: true, type: Number, description: 'readmitted / followedUp' }) rate:
    number | null;
}

export class ReadmissionArmResponse {
  @ApiProperty({ example: 'peer_support', description: 'peer_support, usual_care or unallocated' }) arm: string;
  @ApiProperty({ type: [ReadmissionWindowResponse] }) windows: ReadmissionWindowResponse[];
}

/** Readmission within 30, 90 and 365 days of the index discharge, by arm, for index discharges in the period. */
export class ReadmissionOutcomesResponse {
  @ApiProperty(UUID) siteId: string;
  @ApiProperty({ format: 'date', example: '2026-01-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-03-31' }) to: string;
  @ApiProperty({ type: [ReadmissionArmResponse] }) arms: ReadmissionArmResponse[];
}
