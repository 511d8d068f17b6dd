import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { UsersModule } from '../users/users.module';
import { ServiceUserScopes } from './service-user-scope.service';
import { ServiceUsersController } from './service-users.controller';
import { ServiceUsersService } from './service-users.service';
import { ServiceUsersRepository } from './service-users.repository';

@Module({
  imports: [SitesModule, UsersModule],
  controllers: [ServiceUsersController],
  providers: [ServiceUsersRepository, ServiceUsersService, ServiceUserScopes],
  exports: [ServiceUsersService, ServiceUserScopes, ServiceUsersRepository],
})
export class ServiceUsersModule {}
