import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { UsersModule } from '../users/users.module';
import { ServiceUserScopes } from './service-user-scope.service';
import { ServiceUsersController } from './service-users.controller';
import { ServiceUsersService } from './service-users.service';

@Module({
  imports: [SitesModule, UsersModule],
  controllers: [ServiceUsersController],
  providers: [ServiceUsersService, ServiceUserScopes],
  exports: [ServiceUsersService, ServiceUserScopes],
})
export class ServiceUsersModule {}
