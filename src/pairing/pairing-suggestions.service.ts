import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { type Actor, canActOnSite } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import type { SupportEpisode } from '../episodes/entities/support-episode.entity';
import { SupportEpisodesService } from '../episodes/support-episodes.service';
import { ServiceUsersRepository } from '../service-users/service-users.repository';
import { ServiceUsersService } from '../service-users/service-users.service';
import { SitesService } from '../sites/sites.service';
import type { PeerWorker } from '../workforce/peer-workers/entities/peer-worker.entity';
import { PeerWorkerStatus } from '../workforce/peer-workers/peer-worker-status';
import { PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { ReadinessCondition } from '../workforce/peer-workers/readiness';
import { ReadinessService } from '../workforce/readiness/readiness.service';
import type { PairingKind } from './entities/pairing.entity';
import { candidateOf, expectedStartWindow } from './pairing-candidates';
import { CONSIDERED_STATUSES, holdersLeftOut, todayInLondon } from './pairing-rules';
import { PairingRepository } from './pairing.repository';
import {
  PEER_WORKER_AVAILABILITY,
  type AvailabilityWindow,
  type PeerWorkerAvailability,
} from './peer-worker-availability';
import {
  hardRuleBreaches,
  type HardRuleBreach,
  type PeerWorkerCandidate,
  type Ranking,
  rankPeerWorkers,
} from './rank-peer-workers';

export interface SuggestOptions {
  /** Peer workers never to suggest (absence cover passes the absent worker). */
  excludePeerWorkerIds?: readonly string[];
  /** `primary` (default) leaves out the current primary; `cover` leaves out everyone holding the episode now. */
  kind?: PairingKind;
  /** Days the peer worker must be free (default: from today, the site's pairingAvailabilityWindowDays). */
  window?: AvailabilityWindow;
  /**
   * Long-term absence cover: a reserve whose only unmet condition is the appointment counts as ready,
   * because activating them as cover is what appoints them (handbook 15.3).
   */
  reservesActivatable?: boolean;
}

export interface Suggestions extends Ranking {
  episodeId: string;
  kind: PairingKind;
  caseloadCap: number;
  availabilityWindow: AvailabilityWindow;
}

/**
 * Pairing suggestions (handbook 12.2): the site's peer workers ranked against the service user's preferences
 * (rankPeerWorkers), and the hard rules a pairing is checked against (the "must" preferences, absence across
 * the expected start) that only a coordinator's recorded override may break.
 */
@Injectable()
export class PairingSuggestionsService {
  constructor(
    private readonly episodes: SupportEpisodesService,
    private readonly serviceUsers: ServiceUsersService,
    private readonly serviceUserRecords: ServiceUsersRepository,
    private readonly peerWorkers: PeerWorkersService,
    private readonly readiness: ReadinessService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    @Inject(PEER_WORKER_AVAILABILITY) private readonly availability: PeerWorkerAvailability,
    private readonly pairings: PairingRepository,
  ) {}

  /** GET …/pairing-suggestions: the coordinator of the episode's site, or an admin. */
  async suggestionsFor(actor: Actor, episodeId: string): Promise<Suggestions> {
    const episode = await this.episodes.findVisible(actor, episodeId, 'pairing.suggest');
    if (!canActOnSite(actor, episode.siteId)) throw new RecordNotFoundError('Support episode', episode.id);
    const result = await this.suggest(episodeId);
    await this.audit.record({
      actor,
      action: 'pairing.suggest',
      resourceType: 'support_episode',
      resourceId: episodeId,
      serviceUserId: episode.serviceUserId,
      details: { suggested: result.suggestions.map((s) => s.peerWorkerId), excluded: result.excluded.length },
    });
    return result;
  }

  /**
   * Rank the peer workers of the episode's site for it. No access check and no audit: for other areas'
   * rules (absence cover passes `{ kind: 'cover', excludePeerWorkerIds: [absentWorkerId] }`).
   */
  async suggest(episodeId: string, options: SuggestOptions = {}): Promise<Suggestions> {
    const kind = options.kind ?? 'primary';
    const episode = await this.episodes.findById(episodeId);
    const serviceUser = await this.serviceUserRecords.findById(episode.serviceUserId);
    if (!serviceUser) throw new RecordNotFoundError('Service user', episode.serviceUserId);
    const settings = await this.sites.settingsOf(episode.siteId);
    const preferences = await this.serviceUsers.preferencesOf(episode.serviceUserId);
    const alreadyHolding = holdersLeftOut(await this.pairings.openPairingsOf(episodeId), kind);

    const workers = await this.peerWorkers.onSite(episode.siteId, CONSIDERED_STATUSES);
    const ids = workers.map((w) => w.id);
    const start = todayInLondon();
    const availabilityWindow = options.window ?? expectedStartWindow(settings.pairingAvailabilityWindowDays, start);
    const [caseloads, availability] = await Promise.all([
      this.pairings.caseloadCounts(ids),
      this.availability.availabilityOf(ids, availabilityWindow),
    ]);
    const candidates: PeerWorkerCandidate[] = [];
    for (const w of workers) {
      const readiness = await this.readiness.readinessOf(w);
      const activatable =
        options.reservesActivatable === true &&
        w.status === PeerWorkerStatus.Reserve &&
        readiness.unmet.every((u) => u === ReadinessCondition.Appointed);
      candidates.push(
        candidateOf(
          w,
          activatable ? { ready: true, unmet: [] } : readiness,
          availability.get(w.id) ?? { available: true },
          caseloads.get(w.id) ?? 0,
        ),
      );
    }
    const ranking = rankPeerWorkers(candidates, {
      siteId: episode.siteId,
      caseloadCap: settings.caseloadCap,
      // Proximity by ward only: service users carry no community team, so that half of proximity is skipped.
      serviceUserWardId: serviceUser.wardId,
      preferences: preferences.map((p) => ({ kind: p.kind, value: p.value, weight: p.weight })),
      asOf: start.toISODate()!,
      excludePeerWorkerIds: [...(options.excludePeerWorkerIds ?? []), ...alreadyHolding],
    });
    return { episodeId, kind, caseloadCap: settings.caseloadCap, availabilityWindow, ...ranking };
  }

  /**
   * The hard rules POST …/pair applies, for another area's permanent re-pairing (absence cover's `repair`): the
   * service user's "must" preferences and the peer worker's absence across `window` (default: the expected start
   * of a new pairing; cover passes the window its suggestions were ranked for, so the two never disagree). No
   * override there.
   */
  async hardRuleBreachesFor(
    episodeId: string,
    peerWorkerId: string,
    window?: AvailabilityWindow,
  ): Promise<HardRuleBreach[]> {
    const episode = await this.episodes.findById(episodeId);
    const worker = await this.peerWorkers.findById(peerWorkerId);
    const { pairingAvailabilityWindowDays } = await this.sites.settingsOf(episode.siteId);
    return this.hardRuleBreachesOf(
      episode,
      worker,
      window ?? expectedStartWindow(pairingAvailabilityWindowDays, todayInLondon()),
    );
  }

  /** The service user's "must" preferences and the peer worker's absences across `window` (the expected start). */
  async hardRuleBreachesOf(
    episode: Pick<SupportEpisode, 'serviceUserId'>,
    worker: PeerWorker,
    window: AvailabilityWindow,
  ): Promise<HardRuleBreach[]> {
    const start = todayInLondon();
    const preferences = await this.serviceUsers.preferencesOf(episode.serviceUserId);
    const available = (await this.availability.availabilityOf([worker.id], window)).get(worker.id) ?? {
      available: true,
    };
    const candidate = candidateOf(worker, { ready: true, unmet: [] }, available, 0);
    return hardRuleBreaches(
      candidate,
      preferences.map((p) => ({ kind: p.kind, value: p.value, weight: p.weight })),
      start.toISODate()!,
    );
  }
}
