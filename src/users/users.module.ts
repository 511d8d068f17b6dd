import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { WardAssignmentsController } from './ward-assignments.controller';
import { WardAssignmentsService } from './ward-assignments.service';

@Module({
  imports: [SitesModule],
  controllers: [UsersController, WardAssignmentsController],
  providers: [UsersService, WardAssignmentsService, UsersRepository],
  exports: [UsersService, WardAssignmentsService],
})
export class UsersModule {}
