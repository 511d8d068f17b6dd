import { ApiProperty } from '@nestjs/swagger';

export class WardAssignmentsResponse {
  @ApiProperty({ format: 'uuid', example: '9b2f3c1a-6d3e-4f7a-8c2b-1d0e9f8a7b6c' }) userId: string;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    example: ['5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6'],
    description: 'Wards the user works on',
  })
  wardIds: string[];
}
