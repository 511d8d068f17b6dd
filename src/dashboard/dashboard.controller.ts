import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, BrowserSession, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { BROWSER_PATH, CSRF_COOKIE, newCsrfToken, setBrowserCookie } from '../common/auth/browser-session';
import { Role } from '../common/auth/role';
import { htmlHeaders } from '../common/http/html';
import { HtmlErrorFilter } from '../common/http/html-error.filter';
import type { Environment } from '../config/environment';
import { episodePage } from './dashboard-episode-page';
import { siteDashboardPage, sitesPage } from './dashboard-page';
import { DashboardService } from './dashboard.service';
import { DashboardQuery } from './dto/dashboard-query.dto';

/**
 * The coordinator dashboard: one server-rendered page per site (HTML and server-drawn SVG, no script),
 * for the coordinators of that site and admins. Signed in by the form at /dashboard/sign-in (the session
 * cookie) or a bearer token; not part of the API, so left out of openapi.json.
 */
@ApiExcludeController()
@UseFilters(HtmlErrorFilter)
@Controller(BROWSER_PATH.slice(1))
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  @Get()
  @Access(Role.Admin, Role.Coordinator)
  @BrowserSession()
  async sites(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const sites = await this.dashboard.sitesOf(actor);
    return sitesPage(sites, this.csrf(request, reply));
  }

  @Get('sites/:siteId')
  @Access(Role.Admin, Role.Coordinator)
  @BrowserSession()
  async site(
    @CurrentActor() actor: Actor,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Query() query: DashboardQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const figures = await this.dashboard.site(actor, siteId, query);
    return siteDashboardPage(figures, this.csrf(request, reply));
  }

  /** One episode, opened from the site page's fidelity misses (the API's episode needs a bearer token a browser has not got). */
  @Get('support-episodes/:episodeId')
  @Access(Role.Admin, Role.Coordinator)
  @BrowserSession()
  async episode(
    @CurrentActor() actor: Actor,
    @Param('episodeId', ParseUUIDPipe) episodeId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const figures = await this.dashboard.episode(actor, episodeId);
    return episodePage(figures, this.config.get('PUBLIC_BASE_URL', { infer: true }), this.csrf(request, reply));
  }

  /** The page's sign-out form needs a CSRF token, set in its cookie as the sign-in form does. */
  private csrf(request: FastifyRequest, reply: FastifyReply): string {
    const token = newCsrfToken(this.config.get('JWT_SECRET', { infer: true }));
    setBrowserCookie(reply, request, CSRF_COOKIE, token, 3600);
    htmlHeaders(reply);
    return token;
  }
}
