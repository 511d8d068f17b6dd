import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import { SitesService } from '../../sites/sites.service';
import { isExperiencedPeer } from '../peer-workers/experienced-peer';
import { managesSite, PeerWorkersService } from '../peer-workers/peer-workers.service';
import { CreateWorkshopRequest, TeamPreparationResponse } from './dto/training.dto';
import { TeamPreparationWorkshop } from './entities/team-preparation-workshop.entity';

/** Ward and community team preparation workshops, co-delivered by local peers (handbook 10). */
@Injectable()
export class TeamPreparationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sites: SitesService,
    private readonly peerWorkers: PeerWorkersService,
  ) {}

  async createWorkshop(actor: Actor, request: CreateWorkshopRequest): Promise<TeamPreparationWorkshop> {
    if (!!request.wardId === !!request.communityTeamId)
      throw new UnprocessableError('Name exactly one team: a ward or a community team', 'wardId');
    const team = request.wardId
      ? await this.sites.findWard(actor, request.wardId)
      : await this.sites.findCommunityTeam(actor, request.communityTeamId!);
    await this.assertManagesSite(actor, team.siteId);
    const peer = await this.peerWorkers.findVisible(actor, request.coDeliveredByPeerWorkerId).catch(() => null);
    if (!peer || peer.siteId !== team.siteId || !isExperiencedPeer(peer)) {
      throw new UnprocessableError(
        'A team preparation workshop is co-delivered by an experienced peer worker of the same site (appointed, or prior peer work verified)',
        'coDeliveredByPeerWorkerId',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const workshop = await manager.save(
        manager.create(TeamPreparationWorkshop, {
          siteId: team.siteId,
          wardId: request.wardId ?? null,
          communityTeamId: request.communityTeamId ?? null,
          heldOn: request.heldOn,
          coDeliveredByPeerWorkerId: peer.id,
          managersAttended: request.managersAttended,
          assetsNamed: request.assetsNamed ?? [],
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'team_preparation_workshop.create',
          resourceType: 'team_preparation_workshop',
          resourceId: workshop.id,
        },
        manager,
      );
      return workshop;
    });
  }

  /** Every ward and community team of a site, and whether it has been prepared for peer workers. */
  async teamPreparation(actor: Actor, siteId: string): Promise<TeamPreparationResponse[]> {
    const wards = await this.sites.wards(actor, siteId);
    const teams = await this.sites.communityTeams(actor, siteId);
    const workshops = await this.dataSource
      .getRepository(TeamPreparationWorkshop)
      .find({ where: { siteId }, order: { heldOn: 'ASC' } });
    const summarise = (teamType: 'ward' | 'community_team', teamId: string, name: string): TeamPreparationResponse => {
      const held = workshops.filter((w) => (teamType === 'ward' ? w.wardId : w.communityTeamId) === teamId);
      // Prepared: a workshop co-delivered by a local peer with the team's managers there (handbook 10).
      return {
        teamType,
        teamId,
        name,
        prepared: held.some((w) => w.managersAttended),
        workshops: held.length,
        lastHeldOn: held.at(-1)?.heldOn ?? null,
      };
    };
    return [
      ...wards.map((w) => summarise('ward', w.id, w.name)),
      ...teams.map((t) => summarise('community_team', t.id, t.name)),
    ];
  }

  private async assertManagesSite(actor: Actor, siteId: string): Promise<void> {
    await this.sites.get(actor, siteId);
    if (!managesSite(actor, siteId)) throw new RecordNotFoundError('Site', siteId);
  }
}
