import { Module } from '@nestjs/common';
import { AttentionController } from './attention.controller';
import { AttentionService } from './attention.service';

/** The coordinator's attention queue: episodes nobody else is responsible for right now. */
@Module({ controllers: [AttentionController], providers: [AttentionService], exports: [AttentionService] })
export class AttentionModule {}
