import fc from 'fast-check';
import {
  brokenMeetingRule,
  defaultEndingPreparation,
  inCommunityOn,
  MeetingRuleFacts,
  onWardOn,
} from './meeting-rules';
import { MEETING_SETTINGS } from '../../common/vocabulary/meeting-vocabulary';

const onWard: MeetingRuleFacts = {
  episodeState: 'paired',
  dischargedOn: null,
  readmittedOn: null,
  setting: 'ward',
  at: new Date('2026-11-10T10:00:00Z'),
  peerWorkerPairedAtTime: true,
  handoverAcknowledged: true,
  codeOfEthicsAcknowledgedOn: '2026-03-10',
};
const discharged: MeetingRuleFacts = {
  ...onWard,
  episodeState: 'community_support',
  dischargedOn: '2026-11-20',
  setting: 'service_user_home',
  at: new Date('2026-11-24T10:00:00Z'),
};

describe('delivery rules for a meeting', () => {
  it('accepts a ward meeting before discharge and a home visit after it', () => {
    expect(brokenMeetingRule(onWard)).toBeNull();
    expect(brokenMeetingRule(discharged)).toBeNull();
  });

  it('refuses any meeting for a peer worker who has not acknowledged the code of ethics', () => {
    expect(brokenMeetingRule({ ...onWard, codeOfEthicsAcknowledgedOn: null })?.rule).toBe(
      'code_of_ethics_acknowledged',
    );
  });

  it('refuses any meeting once the episode has ended', () => {
    expect(brokenMeetingRule({ ...discharged, episodeState: 'ended' })?.rule).toBe('no_meeting_after_episode_ended');
  });

  it('refuses a meeting for a peer worker who was not paired at that time', () => {
    expect(brokenMeetingRule({ ...onWard, peerWorkerPairedAtTime: false })?.rule).toBe('peer_worker_paired_at_time');
  });

  it('refuses a covering peer worker’s meeting until they have acknowledged the handover', () => {
    expect(brokenMeetingRule({ ...discharged, handoverAcknowledged: false })?.rule).toBe('handover_acknowledged');
    // Who supports the episode comes first: someone not covering is refused for that, not for the handover.
    expect(brokenMeetingRule({ ...discharged, handoverAcknowledged: false, peerWorkerPairedAtTime: false })?.rule).toBe(
      'peer_worker_paired_at_time',
    );
  });

  it.each(MEETING_SETTINGS.filter((s) => s !== 'ward'))('refuses a %s meeting before discharge', (setting) => {
    expect(brokenMeetingRule({ ...onWard, setting })?.rule).toBe('no_community_meeting_before_discharge');
    expect(brokenMeetingRule({ ...discharged, setting, at: new Date('2026-11-19T10:00:00Z') })?.rule).toBe(
      'no_community_meeting_before_discharge',
    );
  });

  it('allows a community meeting on the discharge day, judged on the London calendar', () => {
    // In November London is on UTC: 23:30 UTC on the 19th is still the 19th in London.
    expect(brokenMeetingRule({ ...discharged, at: new Date('2026-11-20T00:30:00Z') })).toBeNull();
    expect(brokenMeetingRule({ ...discharged, at: new Date('2026-11-19T23:30:00Z') })?.rule).toBe(
      'no_community_meeting_before_discharge',
    );
    // In summer time 23:30 UTC is already the next day in London.
    expect(
      brokenMeetingRule({ ...discharged, dischargedOn: '2026-07-20', at: new Date('2026-07-19T23:30:00Z') }),
    ).toBeNull();
  });

  it('refuses a community meeting during a readmission and allows a ward meeting then', () => {
    const readmitted: MeetingRuleFacts = {
      ...discharged,
      episodeState: 'readmitted',
      readmittedOn: '2026-12-01',
      at: new Date('2026-12-03T10:00:00Z'),
    };
    expect(brokenMeetingRule(readmitted)?.rule).toBe('no_community_meeting_before_discharge');
    expect(brokenMeetingRule({ ...readmitted, setting: 'ward' })).toBeNull();
  });

  it('counts a readmission dated the discharge day: back on the ward from that day (issue 13)', () => {
    const sameDay = {
      ...discharged,
      episodeState: 'readmitted' as const,
      dischargedOn: '2026-12-01',
      readmittedOn: '2026-12-01',
      at: new Date('2026-12-03T10:00:00Z'),
    };
    expect(brokenMeetingRule(sameDay)?.rule).toBe('no_community_meeting_before_discharge');
    expect(brokenMeetingRule({ ...sameDay, setting: 'ward' })).toBeNull();
    // Discharged again the same day: back in the community.
    expect(brokenMeetingRule({ ...sameDay, episodeState: 'community_support' })).toBeNull();
  });

  it('refuses a ward meeting after discharge', () => {
    expect(brokenMeetingRule({ ...discharged, setting: 'ward' })?.rule).toBe('ward_meeting_during_inpatient_stay');
  });

  it('puts every date on exactly one side: on the ward, in the community, or the discharge day (both)', () => {
    const day = fc
      .integer({ min: 0, max: 400 })
      .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        day,
        fc.option(day, { nil: null }),
        fc.constantFrom('community_support' as const, 'readmitted' as const),
        (date, dischargedOn, readmittedOn, episodeState) => {
          const facts = { dischargedOn, readmittedOn, episodeState };
          const backOnWard =
            readmittedOn !== null &&
            date >= readmittedOn &&
            (readmittedOn > dischargedOn || (readmittedOn === dischargedOn && episodeState === 'readmitted'));
          expect(onWardOn(date, facts) || inCommunityOn(date, facts)).toBe(true);
          expect(onWardOn(date, facts) && inCommunityOn(date, facts)).toBe(date === dischargedOn && !backOnWard);
        },
      ),
    );
  });
});

describe('ending preparation is on the agenda from the first meeting', () => {
  it('defaults on for the first meetings and off after them', () => {
    expect([0, 1, 2, 3, 4].map((held) => defaultEndingPreparation(held, 3))).toEqual([true, true, true, false, false]);
  });
});
