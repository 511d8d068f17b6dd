/** The words of a meeting or contact (handbook 13–14), shared by the entity, the DTOs and the rules. */
export const MEETING_MODES = [
  'face_to_face',
  'telephone',
  'video',
  'text_or_social_message',
  'accompanying_to_activity_or_appointment',
] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];

export const MEETING_SETTINGS = ['ward', 'service_user_home', 'community_venue', 'public_place', 'online'] as const;
export type MeetingSetting = (typeof MEETING_SETTINGS)[number];

/** Settings where a lone-working visit may be started: out of the ward, in person (a home, a community venue, a public place). */
export const LONE_WORKING_SETTINGS: readonly MeetingSetting[] = [
  'service_user_home',
  'community_venue',
  'public_place',
];

export const MEETING_STATUSES = ['planned', 'held', 'missed', 'cancelled', 'rescheduled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** Who missed or cancelled a meeting. */
export const MEETING_PARTIES = ['service_user', 'peer_worker'] as const;
export type MeetingParty = (typeof MEETING_PARTIES)[number];

export const MEETING_TOPICS = [
  'relationship_building',
  'discharge_plan',
  'crisis_plan',
  'recovery_plan',
  'community_connections',
  'other',
] as const;
export type MeetingTopic = (typeof MEETING_TOPICS)[number];

export const COMMUNITY_CONNECTION_KINDS = ['signposted', 'accompanied'] as const;
export type CommunityConnectionKind = (typeof COMMUNITY_CONNECTION_KINDS)[number];

export const ATTENDEE_ROLES = [
  'service_user',
  'peer_worker',
  'ward_staff',
  'community_team',
  'carer_or_family',
  'coordinator',
  'other',
] as const;
export type AttendeeRole = (typeof ATTENDEE_ROLES)[number];

export interface Attendee {
  role: AttendeeRole;
  /** Optional: a name or job title as the recorder wrote it. */
  name?: string | null;
}

/** The short structured record of a held meeting. */
export interface MeetingRecord {
  topics: MeetingTopic[];
  /** With the community_connections topic: whether the peer worker signposted or accompanied. */
  communityConnections: CommunityConnectionKind | null;
  /** With the `other` topic: what, in a few words. */
  otherTopic: string | null;
  /** Preparation for ending discussed; defaults on for the episode's early meetings (see defaultEndingPreparation). */
  endingPreparationDiscussed: boolean;
}
