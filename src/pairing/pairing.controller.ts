import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import { SupportEpisodeResponse } from '../episodes/dto/support-episode.dto';
import {
  CaseloadResponse,
  PairingResponse,
  PairingSuggestionsResponse,
  PairRequest,
  PairResponse,
} from './dto/pairing.dto';
import { CaseloadService } from './caseload.service';
import { PairingSuggestionsService } from './pairing-suggestions.service';
import { PairingService } from './pairing.service';

const NOT_IN_SCOPE = 'No such support episode within your scope (existence is not revealed)';

@ApiTags('Pairing')
@Controller()
export class PairingController {
  constructor(
    private readonly pairing: PairingService,
    private readonly pairingSuggestions: PairingSuggestionsService,
    private readonly caseloads: CaseloadService,
  ) {}

  @Get('support-episodes/:id/pairing-suggestions')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Peer workers to pair with the episode, best first, each score explained',
    description:
      'Considers the peer workers of the episode’s site who are ready, available across the expected start and under the caseload cap. ' +
      'The service user’s "must" preferences filter; each "nice to have" met scores 10; ties go to more free caseload places, then to a peer worker based on the service user’s ward. ' +
      'Peer workers left out are listed with the rule that left them out.',
  })
  @ApiOkResponse({ type: PairingSuggestionsResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async suggestions(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<PairingSuggestionsResponse> {
    const result = await this.pairingSuggestions.suggestionsFor(actor, id);
    return {
      episodeId: result.episodeId,
      kind: result.kind,
      caseloadCap: result.caseloadCap,
      availabilityWindow: result.availabilityWindow,
      suggestions: result.suggestions,
      excluded: result.excluded,
    };
  }

  @Post('support-episodes/:id/pair')
  @HttpCode(200)
  @Access(Role.Coordinator)
  @ApiOperation({
    summary: 'Pair the episode with a peer worker (coordinator of the site), or re-pair it with a reason',
    description:
      'Awaiting pairing moves to paired. An episode that already has a peer worker keeps its state and the pairing history keeps who supported it when. ' +
      'Refused (naming the rule) for a peer worker who is not ready, on another site or at the caseload cap, without consent to peer support, or in a state that cannot be paired. ' +
      'A peer worker who does not meet a "must" preference, or is absent across the expected start, is refused (422, `rule` must_preference_unmet or peer_worker_absent, with `breaches`) unless the coordinator gives an `overrideReason`, which the pairing history shows. ' +
      'Safe under concurrency: pairings of the same peer worker queue on their record, so the cap is never exceeded.',
  })
  @ApiOkResponse({ type: PairResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({
    description:
      '`rule`: caseload_cap, already_paired_with_this_peer_worker, peer_support_consent, transition_not_in_table',
  })
  @ApiUnprocessableEntityResponse({
    description:
      '`rule`: peer_worker_ready (with `unmet`), peer_worker_on_episode_site, must_preference_unmet or peer_worker_absent (with `breaches`; pass `overrideReason`); or `reason` missing when re-pairing',
  })
  @ApiProblemResponses()
  async pair(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PairRequest,
  ): Promise<PairResponse> {
    const result = await this.pairing.pair(actor, id, body.peerWorkerId, body.reason, body.overrideReason);
    return {
      episode: SupportEpisodeResponse.from(result.episode),
      pairing: PairingResponse.from(result.pairing),
      previousPeerWorkerId: result.previousPeerWorkerId,
    };
  }

  @Get('support-episodes/:id/pairings')
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.PeerWorker, Role.Integration)
  @ApiOperation({ summary: 'Who supported the episode, when: every pairing, primary and cover, oldest first' })
  @ApiOkResponse({ type: [PairingResponse] })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async history(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<PairingResponse[]> {
    return (await this.pairing.history(actor, id)).map(PairingResponse.from);
  }

  @Get('peer-workers/:id/caseload')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'A peer worker’s current caseload',
    description:
      'Open episodes they hold now (primary or cover) with state, service user, next planned contact and days since discharge. For the peer worker themself, their coordinator and admins.',
  })
  @ApiOkResponse({ type: CaseloadResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  async caseload(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CaseloadResponse> {
    const { caseloadCap, entries } = await this.caseloads.caseload(actor, id);
    return { peerWorkerId: id, caseloadCap, episodes: entries };
  }
}
