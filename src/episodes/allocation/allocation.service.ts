import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DiagnosticStratum } from '../../common/vocabulary/diagnosis';
import type { Actor } from '../../common/auth/actor';
import { Allocation } from '../entities/allocation.entity';
import { RandomisationStratum } from '../entities/randomisation-stratum.entity';
import type { SupportEpisode } from '../entities/support-episode.entity';
import { allocationSequence, drawAllocation } from './block-randomisation';
import { AllocationRepository } from './allocation.repository';

/** Randomised allocation: draws the next place in the episode's (site, stratum) sequence and records it. */
@Injectable()
export class AllocationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly strata: AllocationRepository,
  ) {}

  /**
   * For trial audit: regenerate each stratum's sequence from its stored seed and compare it with the
   * allocations recorded. Reports counts and a verdict only, never the seed or a future place.
   */
  async verify(siteId: string): Promise<
    {
      stratum: DiagnosticStratum;
      allocationsMade: number;
      peerSupport: number;
      usualCare: number;
      reproducedFromSeed: boolean;
    }[]
  > {
    const strata = await this.strata.strataWithSeeds(siteId);
    return Promise.all(
      strata.map(async (s) => {
        const recorded = await this.dataSource
          .getRepository(Allocation)
          .find({ where: { siteId, stratum: s.stratum }, order: { sequenceNumber: 'ASC' } });
        const regenerated = allocationSequence(s.seed, s.stratum, recorded.length);
        const reproducedFromSeed =
          recorded.length === s.allocationsMade &&
          recorded.every(
            (a, i) =>
              a.sequenceNumber === i && a.arm === regenerated[i].arm && a.blockIndex === regenerated[i].blockIndex,
          );
        const peerSupport = recorded.filter((a) => a.arm === 'peer_support').length;
        return {
          stratum: s.stratum,
          allocationsMade: recorded.length,
          peerSupport,
          usualCare: recorded.length - peerSupport,
          reproducedFromSeed,
        };
      }),
    );
  }

  /** Inside the caller's transaction, so a refused transition un-draws the allocation too. */
  async randomise(manager: EntityManager, actor: Actor, episode: SupportEpisode): Promise<Allocation> {
    // The first allocation of a stratum makes its secret seed; racing first allocations agree on one row.
    await this.strata.createStratumIfMissing(
      episode.siteId,
      episode.diagnosticStratum,
      randomBytes(32).toString('hex'),
      manager,
    );
    // The row lock serialises allocations in a stratum, so no two referrals take the same place.
    const stratum = await this.strata.lockStratum(episode.siteId, episode.diagnosticStratum, manager);
    const draw = drawAllocation(stratum.seed, stratum.stratum, {
      blockIndex: stratum.nextBlockIndex,
      offset: stratum.nextOffset,
    });
    const allocation = manager.create(Allocation, {
      episodeId: episode.id,
      siteId: episode.siteId,
      stratum: stratum.stratum,
      sequenceNumber: stratum.allocationsMade,
      blockIndex: draw.blockIndex,
      blockSize: draw.blockSize,
      arm: draw.arm,
      allocatedById: actor.id,
    });
    await manager.insert(Allocation, allocation);
    await manager.update(
      RandomisationStratum,
      { id: stratum.id },
      {
        nextBlockIndex: draw.next.blockIndex,
        nextOffset: draw.next.offset,
        allocationsMade: stratum.allocationsMade + 1,
      },
    );
    return allocation;
  }
}
