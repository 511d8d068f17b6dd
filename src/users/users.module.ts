import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ imports: [SitesModule], controllers: [UsersController], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
