import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DigitalCompetency } from '../../common/vocabulary/digital-competencies';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import { TrainingAttendance } from './entities/training-attendance.entity';
import { TrainingSession } from './entities/training-session.entity';

/** Queries on training attendance that join sessions (the rest of training's reads are still in TrainingService). */
@Injectable()
export class TrainingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the peer worker attended a session of the module (an assessment needs attendance first). */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.UUID2] })
  attendedModule(
    peerWorkerId: string,
    moduleId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return manager
      .getRepository(TrainingAttendance)
      .createQueryBuilder('a')
      .innerJoin(TrainingSession, 's', 's.id = a.sessionId')
      .where('a.peerWorkerId = :pw AND a.attended AND s.moduleId = :module', { pw: peerWorkerId, module: moduleId })
      .getExists();
  }

  /** The modules of every session the peer worker attended (a module appears once per session). */
  @GenerateSql({ params: [DummyValue.UUID] })
  attendedModuleIds(
    peerWorkerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ moduleId: string }[]> {
    return manager
      .getRepository(TrainingAttendance)
      .createQueryBuilder('a')
      .innerJoin(TrainingSession, 's', 's.id = a.sessionId')
      .select('s.moduleId', 'moduleId')
      .where('a.peerWorkerId = :pw AND a.attended', { pw: peerWorkerId })
      .getRawMany();
  }

  /** The digital competencies of every session the peer worker attended (one row per session). */
  @GenerateSql({ params: [DummyValue.UUID] })
  attendedSessionCompetencies(
    peerWorkerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ competencies: DigitalCompetency[] }[]> {
    return manager
      .getRepository(TrainingAttendance)
      .createQueryBuilder('a')
      .innerJoin(TrainingSession, 's', 's.id = a.sessionId')
      .select('s.competencies', 'competencies')
      .where('a.peerWorkerId = :pw AND a.attended AND cardinality(s.competencies) > 0', { pw: peerWorkerId })
      .getRawMany();
  }
}
