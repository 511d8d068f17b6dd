import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { ApiProblem, ApiProblemResponses } from '../common/http/api-problem-responses';
import { NotificationPage, NotificationQuery, NotificationResponse } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('Notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @ApiOperation({
    summary: 'My notifications',
    description: 'Reminders and escalations addressed to the caller (never anyone else’s), in creation order.',
  })
  @ApiOkResponse({ type: NotificationPage })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Query() query: NotificationQuery): Promise<NotificationPage> {
    const page = await this.notifications.listOwn(actor, query);
    return { items: page.items.map(NotificationResponse.of), nextCursor: page.nextCursor };
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @ApiOperation({
    summary: 'Acknowledge a notification',
    description:
      'Marks one of the caller’s notifications acknowledged (and read). An acknowledged lone-working escalation is not passed on to the deputy. Another user’s notification is 404.',
  })
  @ApiOkResponse({ type: NotificationResponse })
  @ApiProblem(404, 'No such notification addressed to the caller')
  @ApiProblemResponses()
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<NotificationResponse> {
    return NotificationResponse.of(await this.notifications.acknowledge(actor, id));
  }
}
