// Moved to test/support/builders.ts; this re-export only keeps branches written before the move compiling. Import builders.
export {
  londonDate as londonDay,
  type RecruitedPeerWorker as PeerWorkerFixture,
  recruitPeerWorker,
  type SiteTeam,
  siteWithCoordinatorAndDeputy,
} from '../support/builders';

/** No longer needed: builders keep one workforce per app and site. */
export function resetFixtureCampaigns(): void {}
