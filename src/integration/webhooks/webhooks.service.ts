import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, isAdmin } from '../../common/auth/actor';
import { RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import type { Environment } from '../../config/environment';
import type { CreateWebhookSubscriptionRequest } from './dto/webhook.dto';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookSubscription } from './entities/webhook-subscription.entity';
import { namesPublishedTypes } from '../../common/events/published-event-types';
import { WebhookEvent, WebhookJobs } from './webhook-jobs';
import { WebhooksRepository } from './webhooks.repository';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';

/** A failed attempt that should be retried (the queue's backoff decides when). */
export class WebhookAttemptFailed extends Error {}
/** The subscription has failed too often in a row and is now disabled: do not retry. */
export class WebhookSubscriptionDisabled extends Error {}

export type DeliveryOutcome = 'delivered' | 'skipped';

@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: WebhookJobs,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Environment, true>,
    private readonly repository: WebhooksRepository,
  ) {}

  /** Subscribe an integration client to an event type. The secret is in this answer and never again. */
  async subscribe(
    actor: Actor,
    request: CreateWebhookSubscriptionRequest,
  ): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const clientId = actor.kind === 'client' ? actor.id : request.integrationClientId;
    if (!clientId)
      throw new UnprocessableError('An admin must name the integration client to subscribe', 'integrationClientId');
    const eventTypes = [...new Set(request.eventTypes ?? (request.eventType ? [request.eventType] : []))];
    if (eventTypes.length === 0) throw new UnprocessableError('Name at least one event type', 'eventTypes');
    const unknown = eventTypes.filter((type) => !namesPublishedTypes(type));
    if (unknown.length > 0)
      throw new UnprocessableError(
        `No published event type matches ${unknown.join(', ')} (see docs/reference/events-out.md)`,
        'eventTypes',
      );
    if (request.allSites && !isAdmin(actor))
      throw new UnprocessableError('Only an admin may subscribe a client to every site', 'allSites');
    const clientSites = await this.repository.activeClientSites(clientId);
    if (!clientSites) throw new UnprocessableError('No active integration client has this id', 'integrationClientId');
    const siteIds = request.siteIds ? [...new Set(request.siteIds)] : null;
    const outside = (siteIds ?? []).filter((site) => !clientSites.includes(site));
    if (outside.length > 0)
      throw new UnprocessableError(`Not a site of this integration client: ${outside.join(', ')}`, 'siteIds');
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    return this.dataSource.transaction(async (manager) => {
      const subscription = await manager.save(
        manager.create(WebhookSubscription, {
          integrationClientId: clientId,
          eventTypes,
          siteIds: request.allSites ? null : siteIds,
          allSites: request.allSites === true,
          targetUrl: request.targetUrl,
          secret,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'webhook_subscription.create',
          resourceType: 'webhook_subscription',
          resourceId: subscription.id,
          details: { eventTypes, clientId, siteIds, allSites: request.allSites === true },
        },
        manager,
      );
      return { subscription, secret };
    });
  }

  async list(actor: Actor): Promise<WebhookSubscription[]> {
    const repository = this.dataSource.getRepository(WebhookSubscription);
    return repository.find({
      where: isAdmin(actor) ? {} : { integrationClientId: actor.id },
      order: { createdAt: 'ASC' },
    });
  }

  /** Visible to admins and to the client it belongs to; anyone else gets 404. */
  async get(actor: Actor, id: string): Promise<WebhookSubscription> {
    const subscription = await this.dataSource.getRepository(WebhookSubscription).findOneBy({ id });
    if (!subscription || (!isAdmin(actor) && subscription.integrationClientId !== actor.id))
      throw new RecordNotFoundError('Webhook subscription', id);
    return subscription;
  }

  async deliveries(actor: Actor, id: string): Promise<WebhookDelivery[]> {
    await this.get(actor, id);
    return this.dataSource
      .getRepository(WebhookDelivery)
      .find({ where: { subscriptionId: id }, order: { createdAt: 'DESC' }, take: 200 });
  }

  /** Turn a subscription off (DELETE) or back on after the receiver is fixed (the failure count restarts). */
  async setActive(actor: Actor, id: string, active: boolean): Promise<WebhookSubscription> {
    const subscription = await this.get(actor, id);
    Object.assign(
      subscription,
      active
        ? { active, consecutiveFailures: 0, disabledAt: null, disabledReason: null }
        : { active, disabledAt: new Date(), disabledReason: 'Turned off by request' },
    );
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(subscription);
      await this.audit.record(
        {
          actor,
          action: active ? 'webhook_subscription.enable' : 'webhook_subscription.disable',
          resourceType: 'webhook_subscription',
          resourceId: id,
        },
        manager,
      );
      return saved;
    });
  }

  /**
   * Queue `event` for every active subscription to its type (or a `prefix.*` of it) that covers the site: the
   * subscription's own sites (else the client's), or every site for an admin-made `allSites` subscription.
   * Queued with a job id per (subscription, event), so publishing twice delivers once.
   */
  async publish(
    event: WebhookEvent,
    siteId: string | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const patterns = [
      event.type,
      '*',
      ...event.type
        .split('.')
        .slice(0, -1)
        .map((_, i, parts) => `${parts.slice(0, i + 1).join('.')}.*`),
    ];
    const subscriptionIds = await this.repository.matchingSubscriptions(patterns, siteId, manager);
    for (const id of subscriptionIds) await this.jobs.enqueueDelivery(id, event);
    return subscriptionIds.length;
  }

  /** One delivery attempt, logged. Throws to be retried; disables the subscription after too many failures in a row. */
  async attemptDelivery(subscriptionId: string, event: WebhookEvent, attempt: number): Promise<DeliveryOutcome> {
    const subscription = await this.repository.withSecret(subscriptionId);
    if (!subscription || !subscription.active) return 'skipped';
    // A domain event goes as a structured-mode CloudEvent (the same body on every attempt, so the same id).
    const body = JSON.stringify(event.cloudEvent ?? event);
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(subscription.targetUrl, {
        method: 'POST',
        headers: {
          'content-type': event.cloudEvent ? 'application/cloudevents+json; charset=utf-8' : 'application/json',
          'user-agent': 'ENRICH-Webhooks/1',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(subscription.secret, timestamp, body),
          [EVENT_ID_HEADER]: event.id,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.get('WEBHOOK_TIMEOUT_MS', { infer: true })),
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (statusCode < 200 || statusCode >= 300) error = `Receiver answered ${statusCode}`;
    } catch (caught) {
      error = (caught as Error).message;
    }
    const succeeded = error === null;
    const limit = this.config.get('WEBHOOK_DISABLE_AFTER_FAILURES', { infer: true });
    // The attempt's log row and the subscription's failure count change together: a reader never sees the
    // attempt logged with the count (or the disabling) it caused not yet applied.
    const stillActive = await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(WebhookDelivery).insert({
        subscriptionId,
        eventId: event.id,
        eventType: event.type,
        attempt,
        statusCode,
        durationMs: Math.round(performance.now() - started),
        succeeded,
        error,
      });
      if (succeeded) {
        await this.repository.resetFailures(subscriptionId, manager);
        return true;
      }
      return this.repository.recordFailure(subscriptionId, limit, manager);
    });
    if (succeeded) return 'delivered';
    if (!stillActive) {
      this.logger.warn({ subscriptionId }, 'Webhook subscription disabled after repeated failures');
      throw new WebhookSubscriptionDisabled(`Subscription ${subscriptionId} disabled: ${error}`);
    }
    throw new WebhookAttemptFailed(error ?? 'failed');
  }
}
