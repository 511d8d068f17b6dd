import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorators';
import { Role } from '../common/auth/role';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import { AuditService } from './audit.service';
import { AuditEventPage, AuditEventQuery, AuditEventResponse } from './dto/audit-event.dto';

@ApiTags('Audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Access(Role.Admin)
  @ApiOperation({ summary: 'Read the audit trail, newest first, filtered by actor, service user and time' })
  @ApiOkResponse({ type: AuditEventPage })
  @ApiProblemResponses()
  async list(@Query() query: AuditEventQuery): Promise<AuditEventPage> {
    const page = await this.audit.find(query);
    return { items: page.items.map(AuditEventResponse.from), nextCursor: page.nextCursor };
  }
}
