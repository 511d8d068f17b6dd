import { likePatternOf, namesPublishedTypes, publishedTypes } from '../../common/events/published-event-types';
import type { ServiceUserPlan } from '../../delivery/plans/entities/service-user-plan.entity';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { supportEpisodeMachine } from '../../episodes/support-episode.state-machine';
import { ENDED_BY_PEER_SUPPORT_WITHDRAWAL } from '../../episodes/withdrawn-consent';
import { episodeMovedEvent, episodeMoveType, planVersionedEvent } from './published-events';

describe('Published domain events', () => {
  it('names every move of the support episode’s transition table, allocation and discharge included', () => {
    const moves = supportEpisodeMachine.transitions.flatMap((t) => t.from.map((from) => [from, t.to] as const));
    const named = moves.map(([from, to]) => `${from} → ${to}: ${episodeMoveType(from, to)}`);
    expect(named.filter((line) => line.endsWith('null'))).toEqual([]);
    expect(episodeMoveType('referred', 'allocated_usual_care')).toBe('episode.allocated');
    expect(episodeMoveType('readmitted', 'step_down')).toBe('episode.discharged');
    expect(episodeMoveType('step_down', 'ended')).toBe('episode.ended');
    expect(episodeMoveType('step_down', 'community_support')).toBe('episode.community_support_restarted');
  });

  it('publishes the ending by withdrawn consent as episode.ended with its reason, from every state it ends', () => {
    const episode = { id: 'e', serviceUserId: 'u', siteId: 's', endingReason: 'consent_withdrawn' } as SupportEpisode;
    for (const from of ENDED_BY_PEER_SUPPORT_WITHDRAWAL) {
      expect(
        episodeMovedEvent({ episode, from, to: 'ended', reason: 'Consent to peer support withdrawn on 2026-12-01' }),
      ).toEqual({
        type: 'episode.ended',
        subject: 'support-episodes/e',
        siteId: 's',
        data: { episodeId: 'e', serviceUserId: 'u', siteId: 's', from, to: 'ended', endingReason: 'consent_withdrawn' },
      });
    }
  });

  it('publishes a plan version only when the care team may read it, or when sharing was withdrawn', () => {
    const plan = (shared: boolean) =>
      ({
        id: 'p',
        episodeId: 'e',
        siteId: 's',
        kind: 'crisis_plan',
        version: 2,
        sharedWithCareTeam: shared,
      }) as ServiceUserPlan;
    expect(planVersionedEvent({ plan: plan(false), changedFields: ['text'], wasShared: false })).toBeNull();
    expect(planVersionedEvent({ plan: plan(true), changedFields: ['text'], wasShared: true })?.type).toBe(
      'plan.versioned',
    );
    expect(
      planVersionedEvent({ plan: plan(false), changedFields: ['sharedWithCareTeam'], wasShared: true })?.data,
    ).toMatchObject({ sharedWithCareTeam: false, version: 2 });
  });

  it('checks filters against the catalogue, and makes LIKE patterns that treat _ literally', () => {
    expect(publishedTypes()).toContain('uk.nhs.enrich.episode.discharged');
    expect(namesPublishedTypes('uk.nhs.enrich.episode.discharged')).toBe(true);
    expect(namesPublishedTypes('uk.nhs.enrich.meeting.*')).toBe(true);
    expect(namesPublishedTypes('uk.*')).toBe(true);
    expect(namesPublishedTypes('uk.nhs.enrich.episode.exploded')).toBe(false);
    expect(namesPublishedTypes('uk.nhs.enrich.nothing.*')).toBe(false);
    expect(namesPublishedTypes('notification.*')).toBe(true);
    expect(likePatternOf('uk.nhs.enrich.episode.ward_support_started')).toBe(
      'uk.nhs.enrich.episode.ward\\_support\\_started',
    );
    expect(likePatternOf('uk.nhs.enrich.meeting.*')).toBe('uk.nhs.enrich.meeting.%');
    expect(likePatternOf('*')).toBe('%');
  });
});
